"""--staged: the index, not the working file; line numbers of the staged version."""

from __future__ import annotations

from aisec_cli.core.config import Settings
from aisec_cli.secrets.history_scan import scan_staged
from tests.history.conftest import Repo, run_cli, scan_json
from tests.keyfactory import KeyFactory


def located(repo: Repo) -> list[tuple[str, int]]:
    report = scan_staged(repo.path, Settings(root=repo.path))
    assert all(f.commit is None for f in report.findings)
    return sorted((f.location.path, f.location.line) for f in report.findings)


def test_staged_content_not_the_working_file(repo: Repo, keys: KeyFactory) -> None:
    body = "".join(f"value_{n} = {n}\n" for n in range(1, 11))
    repo.commit("base", ("app.py", body))
    lines = body.splitlines(keepends=True)
    lines.insert(6, f"OPENAI_API_KEY = \"{keys.openai_project()}\"\n")
    repo.write("app.py", "".join(lines))
    repo.git("add", "app.py")
    repo.write("app.py", body)  # fixed on disk, but the index still holds the key
    repo.write("unstaged.py", f"GROQ_API_KEY = \"{keys.groq()}\"\n")  # not staged: not checked
    assert located(repo) == [("app.py", 7)]


def test_only_what_the_commit_adds(repo: Repo, keys: KeyFactory) -> None:
    old = keys.groq()
    repo.commit("base", ("cfg.py", f"GROQ_API_KEY = \"{old}\"\nA = 1\n"))
    repo.write("cfg.py", f"GROQ_API_KEY = \"{old}\"\nA = 2\n")
    repo.git("add", "cfg.py")
    assert located(repo) == []  # the old key is not added by this commit
    repo.write("cfg.py", f"GROQ_API_KEY = \"{old}\"\nA = 2\nHF_TOKEN = \"{keys.huggingface()}\"\n")
    repo.git("add", "cfg.py")
    assert located(repo) == [("cfg.py", 3)]


def test_unborn_head_and_renames(repo: Repo, keys: KeyFactory) -> None:
    repo.write("first.py", f"x = 1\nANTHROPIC_API_KEY = \"{keys.anthropic()}\"\n")
    repo.git("add", "first.py")
    assert located(repo) == [("first.py", 2)]  # no commit yet: everything staged is new
    repo.commit("first")
    repo.mv("first.py", "pkg/second.py")
    assert located(repo) == []  # a pure rename adds nothing
    repo.write("pkg/second.py", f"x = 1\nANTHROPIC_API_KEY = None\nHF_TOKEN = \"{keys.huggingface()}\"\n")
    repo.git("add", "-A")
    assert located(repo) == [("pkg/second.py", 3)]


def test_staged_cli_exit_codes_and_suppression(repo: Repo, keys: KeyFactory) -> None:
    repo.commit("base", ("a.py", "x = 1\n"))
    assert scan_json(repo, "--staged", code=0)["findings"] == []
    repo.write("t.py", f"# aisec: ignore-next-line[KEY] revoked fixture\nK = \"{keys.groq()}\"\n")
    repo.git("add", "t.py")
    quiet = scan_json(repo, "--staged", code=0)
    assert quiet["findings"] == [] and len(quiet["suppressed"]) == 1
    key = keys.groq()
    repo.write("u.py", f"GROQ_API_KEY = \"{key}\"\n")
    repo.git("add", "u.py")
    data = scan_json(repo, "--staged", code=1)
    assert [(f["location"]["path"], f["location"]["line"], f.get("commit")) for f in data["findings"]] == [("u.py", 1, None)]
    assert key not in str(data)
    sub = run_cli("scan", "--staged", "--no-progress", str(repo.path / "nowhere"), cwd=repo.path)
    assert sub.returncode == 2 and "no such file" in sub.stderr
