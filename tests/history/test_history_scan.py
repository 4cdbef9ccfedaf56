"""History scans on real repositories: every finding's commit, path and line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from aisec_cli.core.config import Settings
from aisec_cli.core.errors import UsageError
from aisec_cli.core.findings import Finding, Report
from aisec_cli.secrets.history_scan import plan_history, scan_history
from tests.history.conftest import Repo, run_cli, scan_json, where
from tests.keyfactory import KeyFactory


def history(repo: Repo, settings: Settings | None = None, **kw: object) -> Report:
    plan = plan_history(repo.path, **kw)  # type: ignore[arg-type]
    return scan_history(plan, settings or Settings(root=repo.path))


def at(finding: Finding) -> tuple[str, str, int]:
    assert finding.commit is not None
    return (finding.commit.sha, finding.location.path, finding.location.line)


def by_snippet(report: Report, key: str) -> Finding:
    tail = key[-4:]
    hits = [f for f in report.findings if f.snippet.endswith(tail)]
    assert len(hits) == 1, [f.snippet for f in report.findings]
    return hits[0]


def test_added_modified_moved_deleted(repo: Repo, keys: KeyFactory) -> None:
    first, second, kept = keys.openai_project(), keys.anthropic(), keys.groq()
    c1 = repo.commit("init", ("README.md", "# demo\n"))
    c2 = repo.commit(
        "add settings",
        ("config/settings.py", f"import os\n\nOPENAI_API_KEY = \"{first}\"\nDEBUG = True\n"),
        ("config/groq.py", f"GROQ_API_KEY = \"{kept}\"\n"),
    )
    c3 = repo.commit("rotate", ("config/settings.py", f"import os\n\nOPENAI_API_KEY = \"{second}\"\nDEBUG = True\n"))
    repo.mv("config/settings.py", "app/settings.py")
    c4 = repo.commit("move")
    c5 = repo.commit("remove key", ("app/settings.py", "import os\n\nOPENAI_API_KEY = os.environ['OPENAI_API_KEY']\nDEBUG = True\n"))
    report = history(repo)
    assert report.stats["commits_scanned"] == 5
    assert len(report.findings) == 3
    f1, f2, f3 = by_snippet(report, first), by_snippet(report, second), by_snippet(report, kept)
    assert at(f1) == (c2, "config/settings.py", 3)
    assert at(f2) == (c3, "config/settings.py", 3)
    assert at(f3) == (c2, "config/groq.py", 1)
    assert f1.properties["in_working_tree"] is False
    assert f2.properties["in_working_tree"] is False  # moved, then deleted
    assert f3.properties["in_working_tree"] is True
    for f in (f1, f2, f3):
        assert f.properties["occurrences"] == 1
        assert f.commit is not None and f.commit.author == "Test Dev" and f.commit.email == "dev@example.com"
    assert f2.commit is not None and f2.commit.date == repo.iso(c3) and f2.commit.message == "rotate"
    assert first not in repr(report) and second not in repr(report)
    assert {c1, c4, c5}.isdisjoint({f.commit.sha for f in report.findings if f.commit})


def test_same_secret_in_many_commits_is_one_finding(repo: Repo, keys: KeyFactory) -> None:
    key = keys.huggingface()
    c1 = repo.commit("one", ("a.py", f"x = 1\nHF_TOKEN = \"{key}\"\n"))
    c2 = repo.commit("copy", ("b.py", f"HF_TOKEN = \"{key}\"\n"))
    c3 = repo.commit("comment", ("a.py", f"x = 1\nHF_TOKEN = \"{key}\"  # read from env soon\n"))
    report = history(repo)
    assert len(report.findings) == 1
    finding = report.findings[0]
    assert at(finding) == (c1, "a.py", 2)
    assert finding.properties["occurrences"] == 3
    others = {(o["sha"], o["path"], o["line"]) for o in finding.properties["other_locations"]}
    assert others == {(c2, "b.py", 1), (c3, "a.py", 2)}
    assert finding.properties["in_working_tree"] is True


def test_side_branches_and_merges(repo: Repo, keys: KeyFactory) -> None:
    merged, unmerged, evil = keys.openai_project(), keys.anthropic(), keys.google()
    repo.commit("base", ("app.py", "a = 1\nb = 2\nc = 3\n"))
    repo.git("checkout", "-q", "-b", "feature")
    c_feature = repo.commit("feature key", ("feature.py", f"OPENAI_API_KEY = \"{merged}\"\n"))
    repo.git("checkout", "-q", "-b", "abandoned", "main")
    c_abandoned = repo.commit("abandoned", ("spike.py", f"ANTHROPIC_API_KEY = \"{unmerged}\"\n"))
    repo.git("checkout", "-q", "main")
    repo.commit("main work", ("app.py", "a = 10\nb = 2\nc = 3\n"))

    def resolve() -> None:
        repo.write("app.py", f"a = 10\nb = 2\nGOOGLE_API_KEY = \"{evil}\"\nc = 3\n")

    c_merge = repo.merge("feature", "merge feature", resolve)
    report = history(repo)
    assert len(report.findings) == 3
    assert at(by_snippet(report, merged)) == (c_feature, "feature.py", 1)
    assert by_snippet(report, merged).properties["occurrences"] == 1  # the merge does not repeat it
    assert at(by_snippet(report, unmerged)) == (c_abandoned, "spike.py", 1)
    assert by_snippet(report, unmerged).properties["in_working_tree"] is False
    assert at(by_snippet(report, evil)) == (c_merge, "app.py", 3)


def test_fingerprint_matches_the_tree_scan_and_baselines_carry_over(repo: Repo, keys: KeyFactory, tmp_path: Path) -> None:
    key = keys.groq()
    repo.commit("add", ("src/llm.py", f"import groq\nclient = groq.Groq(api_key=\"{key}\")\n"))
    tree = scan_json(repo, ".", code=1)
    hist = scan_json(repo, "--history", code=1)
    assert [f["fingerprint"] for f in tree["findings"]] == [f["fingerprint"] for f in hist["findings"]]
    baseline = tmp_path / "baseline.json"
    made = run_cli("scan", ".", "--write-baseline", str(baseline), cwd=repo.path)
    assert made.returncode == 0, made.stderr
    quiet = scan_json(repo, "--history", "--baseline", str(baseline), code=0)
    assert quiet["findings"] == []
    assert [s["suppressed"] for s in quiet["suppressed"]] == ["baseline"]


def test_inline_suppressions_read_the_whole_file_at_that_commit(repo: Repo, keys: KeyFactory) -> None:
    fixture, same_line, real = keys.openai_project(), keys.anthropic(), keys.groq()
    repo.commit("prepare", ("tests/fx.py", "# aisec: ignore-next-line[KEY001] revoked fixture\nFIXTURE = None\nOTHER = None\n"))
    repo.commit(
        "fill",
        ("tests/fx.py", f"# aisec: ignore-next-line[KEY001] revoked fixture\nFIXTURE = \"{fixture}\"\nOTHER = \"{real}\"\n"),
        ("tests/b.py", f"ANTHROPIC_API_KEY = \"{same_line}\"  # aisec: ignore[KEY] demo value\n"),
    )
    report = history(repo)
    assert [f.snippet[-4:] for f in report.findings] == [real[-4:]]
    reasons = sorted(f.suppression or "" for f in report.suppressed)
    assert reasons == ["inline: demo value", "inline: revoked fixture"]
    audit = history(repo, Settings(root=repo.path, ignore_inline=True))
    assert len(audit.findings) == 3


def test_suppressing_a_secret_later_suppresses_its_history(repo: Repo, keys: KeyFactory) -> None:
    key = keys.groq()
    repo.commit("add", ("cfg.py", f"GROQ_API_KEY = \"{key}\"\n"))
    repo.commit("acknowledge", ("cfg.py", f"GROQ_API_KEY = \"{key}\"  # aisec: ignore[KEY] revoked, kept for tests\n"))
    report = history(repo)
    assert report.findings == ()
    assert len(report.suppressed) == 1 and report.suppressed[0].properties["occurrences"] == 2


def test_excludes_apply_to_history_paths(repo: Repo, keys: KeyFactory) -> None:
    repo.commit("add", ("vendor/sdk/sample.py", f"KEY = \"{keys.groq()}\"\n"), ("app.py", f"KEY = \"{keys.groq()}\"\n"))
    report = history(repo, Settings(root=repo.path, exclude=("vendor/",)))
    assert [f.location.path for f in report.findings] == ["app.py"]


def test_rename_with_edit_reports_the_new_path(repo: Repo, keys: KeyFactory) -> None:
    body = "".join(f"line_{n} = {n}\n" for n in range(1, 20))
    repo.commit("start", ("old/name.py", body))
    repo.mv("old/name.py", "new/name.py")
    lines = body.splitlines(keepends=True)
    lines.insert(4, f"TOKEN = \"{keys.huggingface()}\"  # hf\n")
    sha = repo.commit("rename and edit", ("new/name.py", "".join(lines)))
    assert "rename" in repo.git("show", "--stat", "-M", "--format=", sha) or "=>" in repo.git("show", "--stat", "-M", "--format=", sha)
    report = history(repo)
    assert [at(f) for f in report.findings] == [(sha, "new/name.py", 5)]


def test_non_utf8_and_quoted_paths_and_content(repo: Repo, keys: KeyFactory) -> None:
    k1, k2, k3 = keys.groq(), keys.huggingface(), keys.openai_project()
    repo.write(b"caf\xe9.py", f"GROQ_API_KEY = \"{k1}\"\n".encode())
    repo.write("tab\there \"q\".py", f"HF_TOKEN = \"{k2}\"\n")
    repo.write("latin.txt", "caf\xe9 = 1\n".encode("latin-1") + f"OPENAI_API_KEY = \"{k3}\"\n".encode())
    sha = repo.commit("odd names")
    report = history(repo)
    got = {f.location.path: (f.commit.sha if f.commit else "", f.location.line) for f in report.findings}
    # one escaped form for names in every report (docs/output-formats.md): a tab is shown as \t
    assert got == {"caf\\xe9.py": (sha, 1), "tab\\there \"q\".py": (sha, 1), "latin.txt": (sha, 2)}


def test_binary_diffs_are_skipped(repo: Repo, keys: KeyFactory) -> None:
    key = keys.groq()
    repo.commit("blob", ("model.bin", b"\x00\x01GROQ_API_KEY=" + key.encode() + b"\x00\n"), ("ok.py", "x = 1\n"))
    report = history(repo)
    assert report.findings == ()
    assert report.stats["commits_scanned"] == 1 and report.stats["files_scanned"] == 1


def test_submodules_are_not_content(make_repo, repo: Repo, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    inner = make_repo("inner")
    inner.commit("inner", ("k.py", f"GROQ_API_KEY = \"{keys.groq()}\"\n"))
    repo.commit("base", ("a.py", "x = 1\n"))
    repo.git("-c", "protocol.file.allow=always", "submodule", "-q", "add", str(inner.path), "libs/inner")
    repo.commit("add submodule")
    report = history(repo)
    assert report.findings == ()
    assert report.stats["commits_scanned"] == 2


def test_enormous_diff_is_capped_not_fatal(repo: Repo, keys: KeyFactory) -> None:
    early, late = keys.groq(), keys.huggingface()
    filler = "".join(f"row_{n:07d} = '{'x' * 60}'\n" for n in range(40_000))  # about 3 MB
    sha = repo.commit("data", ("data.py", f"GROQ_API_KEY = \"{early}\"\n" + filler + f"HF_TOKEN = \"{late}\"\n"))
    capped = history(repo, Settings(root=repo.path, max_file_size=1 << 20))
    assert [at(f) for f in capped.findings] == [(sha, "data.py", 1)]
    assert any(e.kind == "skipped" and "size cap" in e.message for e in capped.errors)
    full = history(repo)
    assert sorted(at(f) for f in full.findings) == [(sha, "data.py", 1), (sha, "data.py", 40_002)]


def test_detached_head_and_orphan_branches(repo: Repo, keys: KeyFactory) -> None:
    key, orphan_key = keys.groq(), keys.anthropic()
    base = repo.commit("base", ("a.py", "x = 1\n"))
    repo.git("checkout", "-q", "--detach", base)
    detached = repo.commit("detached work", ("d.py", f"GROQ_API_KEY = \"{key}\"\n"))
    repo.git("checkout", "-q", "--orphan", "fresh")
    repo.git("rm", "-rqf", ".")
    orphan = repo.commit("orphan", ("o.py", f"ANTHROPIC_API_KEY = \"{orphan_key}\"\n"))
    repo.git("checkout", "-q", "--orphan", "unborn")  # HEAD now has no commit
    report = history(repo)
    # the detached commit is reachable from nothing any more but the reflog: not scanned;
    assert [at(f) for f in report.findings] == [(orphan, "o.py", 1)]
    assert detached not in {f.commit.sha for f in report.findings if f.commit}
    with pytest.raises(UsageError, match="unborn"):
        plan_history(repo.path, since=base)


def test_detached_head_commits_are_scanned(repo: Repo, keys: KeyFactory) -> None:
    key = keys.groq()
    base = repo.commit("base", ("a.py", "x = 1\n"))
    repo.git("checkout", "-q", "--detach", base)
    detached = repo.commit("detached work", ("d.py", f"GROQ_API_KEY = \"{key}\"\n"))
    report = history(repo)
    assert [at(f) for f in report.findings] == [(detached, "d.py", 1)]


def test_shallow_clone_warns_once(repo: Repo, keys: KeyFactory, tmp_path: Path) -> None:
    old = repo.commit("old", ("old.py", f"GROQ_API_KEY = \"{keys.groq()}\"\n"))
    repo.commit("mid", ("mid.py", "x = 1\n"))
    repo.commit("new", ("new.py", f"HF_TOKEN = \"{keys.huggingface()}\"\n"))
    last = repo.commit("last", ("new.py", "HF_TOKEN = None\n"))
    full = scan_json(repo, "--history", code=1)
    assert sorted(where(f)[1:] for f in full["findings"]) == [("new.py", 1), ("old.py", 1)]
    assert old in {where(f)[0] for f in full["findings"]}
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True)
    data = scan_json(Repo(clone), "--history", code=1)
    warnings = [e for e in data["errors"] if e["kind"] == "warning"]
    assert len(warnings) == 1 and "shallow" in warnings[0]["message"]
    # only the boundary commit is there: it brings the whole tree, old key included
    assert [where(f) for f in data["findings"]] == [(last, "old.py", 1)]


def test_empty_repository_is_not_an_error(repo: Repo) -> None:
    data = scan_json(repo, "--history", code=0)
    assert data["findings"] == [] and data["stats"]["commits_scanned"] == 0
    assert any("no commits" in e["message"] for e in data["errors"])


def test_not_a_repository_and_missing_git(tmp_path: Path, repo: Repo) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    result = run_cli("scan", "--history", str(plain), cwd=tmp_path)
    assert result.returncode == 2 and "not inside a git repository" in result.stderr
    assert "Traceback" not in result.stderr
    repo.commit("x", ("a.py", "x = 1\n"))
    nogit = tmp_path / "bin"
    nogit.mkdir()
    result = run_cli("scan", "--history", ".", cwd=repo.path, env={"PATH": str(nogit)})
    assert result.returncode == 2 and "git is not installed" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _object_path(repo: Repo, sha: str) -> Path:
    return repo.path / ".git" / "objects" / sha[:2] / sha[2:]


def test_corrupted_object_keeps_what_was_read(repo: Repo, keys: KeyFactory) -> None:
    old_key, new_key = keys.groq(), keys.huggingface()
    first = repo.commit("good", ("a.py", f"GROQ_API_KEY = \"{old_key}\"\n"))
    repo.commit("bad", ("b.py", "y = 2\n"))
    blob = repo.git("rev-parse", "HEAD:b.py").strip()
    last = repo.commit("good again", ("c.py", f"HF_TOKEN = \"{new_key}\"\n"))
    _object_path(repo, blob).unlink()
    data = scan_json(repo, "--history", code=2)  # incomplete wins over findings
    assert data["incomplete"] is True
    # git stops at the unreadable commit; the commits on both sides of it are still scanned
    assert sorted(where(f) for f in data["findings"]) == sorted([(first, "a.py", 1), (last, "c.py", 1)])
    problems = [e for e in data["errors"] if e["kind"] == "error"]
    assert len(problems) == 1 and "could not read 1 of 3 commit(s)" in problems[0]["message"]
    assert data["stats"]["commits_scanned"] == 2


def test_corrupted_repository_with_nothing_readable_exits_2(repo: Repo) -> None:
    sha = repo.commit("only", ("a.py", "x = 1\n"))
    path = _object_path(repo, sha)
    path.chmod(0o644)
    path.write_bytes(b"garbage")
    result = run_cli("scan", "--history", "--no-progress", cwd=repo.path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "aisec: error:" in result.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_bare_repository(repo: Repo, keys: KeyFactory, tmp_path: Path) -> None:
    key = keys.groq()
    sha = repo.commit("add", ("a.py", f"GROQ_API_KEY = \"{key}\"\n"))
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo.path), str(bare)], check=True)
    report = scan_history(plan_history(bare), Settings(root=bare))
    assert [at(f) for f in report.findings] == [(sha, "a.py", 1)]
    assert report.findings[0].properties["in_working_tree"] is True  # HEAD's tree still has it


def test_repository_path_argument_from_elsewhere(repo: Repo, keys: KeyFactory, tmp_path: Path) -> None:
    sha = repo.commit("add", ("pkg/mod.py", f"x = 1\nGROQ_API_KEY = \"{keys.groq()}\"\n"))
    result = run_cli("scan", "--history", "--no-progress", "-f", "json", str(repo.path), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    import json

    data = json.loads(result.stdout)
    assert [where(f) for f in data["findings"]] == [(sha, "pkg/mod.py", 2)]
    assert data["root"] == str(repo.path)
    two = run_cli("scan", "--history", str(repo.path), str(tmp_path), cwd=tmp_path)
    assert two.returncode == 2 and "one repository path" in two.stderr
