"""A scan that could not read all it was asked to never passes as clean (exit 2, ``incomplete``)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.history.conftest import Repo, run_cli
from tests.keyfactory import KeyFactory

APP = "import os\nfrom anthropic import Anthropic\n\nclient = Anthropic(api_key=os.environ['ANTHROPIC_API_KEY'])\n"
FORMATS = ("table", "json", "jsonl", "sarif", "junit", "markdown", "gitlab", "github", "hook")


def _drop_blob(repo: Repo, rev: str, name: str) -> None:
    """Delete one loose blob from the object store, as a clone with missing objects has."""
    sha = repo.git("rev-parse", f"{rev}:{name}").strip()
    (repo.path / ".git" / "objects" / sha[:2] / sha[2:]).unlink()


@pytest.fixture
def broken_history(repo: Repo, keys: KeyFactory) -> Repo:
    """Twelve commits; an old one holds a key; a newer one's blob is missing, so git log stops before it."""
    repo.commit("start", ("README.md", "hello\n"), ("app.py", APP))
    repo.commit("add config", ("settings.py", f'API_KEY = "{keys.anthropic()}"\n'))
    repo.commit("remove key", ("settings.py", "API_KEY = None\n"))
    for n in range(8):
        repo.commit(f"work {n}", (f"notes/{n}.txt", f"note {n}\n"))
    repo.commit("last", ("notes/last.txt", "done\n"))
    _drop_blob(repo, "HEAD~5", "notes/3.txt")
    return repo


def test_history_that_git_could_not_read_exits_2_and_says_incomplete(broken_history: Repo) -> None:
    out = run_cli("scan", "--history", "--no-progress", ".", cwd=broken_history.path)
    assert out.returncode == 2, out.stdout + out.stderr
    assert "Traceback" not in out.stderr
    assert "INCOMPLETE" in out.stdout
    unread = broken_history.shas["work 3"][:12]
    assert f"git could not read 1 of 12 commit(s)" in out.stdout and unread in out.stdout


@pytest.mark.parametrize("streamed", [False, True])
def test_commits_past_an_unreadable_one_are_still_scanned(broken_history: Repo, streamed: bool) -> None:
    fmt = "jsonl" if streamed else "json"  # JSON Lines on stdout streams oldest first
    out = run_cli("scan", "--history", "--no-progress", "-f", fmt, ".", cwd=broken_history.path)
    assert out.returncode == 2, out.stderr
    data = [json.loads(line) for line in out.stdout.splitlines()] if streamed else json.loads(out.stdout)
    findings = data if streamed else data["findings"]
    keys = [f for f in findings if "rule_id" in f]
    assert [(f["location"]["path"], f["commit"]["sha"]) for f in keys] == [("settings.py", broken_history.shas["add config"])]
    if streamed:
        assert data[-1]["incomplete"] is True
    else:
        assert data["stats"]["commits_scanned"] == 11


def test_several_unreadable_commits_and_the_newest_one(repo: Repo, keys: KeyFactory) -> None:
    repo.commit("key", ("settings.py", f'API_KEY = "{keys.anthropic()}"\n'))
    for n in range(6):
        repo.commit(f"w{n}", (f"w{n}.txt", f"{n}\n"))
    for rev, name in (("HEAD", "w5.txt"), ("HEAD~2", "w3.txt"), ("HEAD~4", "w1.txt")):
        _drop_blob(repo, rev, name)
    out = run_cli("scan", "--history", "--no-progress", "-f", "json", ".", cwd=repo.path)
    data = json.loads(out.stdout)
    assert out.returncode == 2, out.stderr
    [reason] = data["incomplete_reasons"]
    assert "git could not read 3 of 7 commit(s)" in reason["reason"]
    for message in ("w5", "w3", "w1"):
        assert repo.shas[message][:12] in reason["reason"]
    assert len(data["findings"]) == 1 and data["stats"]["commits_scanned"] == 4


def test_every_format_marks_the_run_incomplete(broken_history: Repo, tmp_path: Path) -> None:
    for fmt in FORMATS:
        target = tmp_path / f"report.{fmt}"
        out = run_cli("scan", "--history", "--no-progress", "-f", f"{fmt}={target}", ".", cwd=broken_history.path)
        assert out.returncode == 2, (fmt, out.stderr)
        text = target.read_text(encoding="utf-8")
        if fmt == "json":
            data = json.loads(text)
            assert data["incomplete"] is True
            assert data["incomplete_reasons"][0]["count"] == 1
            assert "git could not read 1 of 12 commit(s)" in data["incomplete_reasons"][0]["reason"]
        elif fmt == "jsonl":
            last = json.loads(text.splitlines()[-1])
            assert last["incomplete"] is True and "rule_id" not in last
        elif fmt == "sarif":
            run = json.loads(text)["runs"][0]
            assert run["invocations"][0]["executionSuccessful"] is False
            assert run["properties"]["incomplete"] is True
        elif fmt == "junit":
            props = {p.get("name"): p.get("value") for p in ET.fromstring(text).iter("property")}
            assert "INCOMPLETE" in props["incomplete"]
        elif fmt == "gitlab":
            assert json.loads(text)["scan"]["status"] == "failure"
        else:
            assert "INCOMPLETE" in text, fmt


def test_allow_incomplete_judges_by_findings_but_still_reports(broken_history: Repo, make_repo) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("scan", "--history", "--no-progress", "--allow-incomplete", "-f", "json", ".", cwd=broken_history.path)
    assert out.returncode == 1, out.stderr  # the key is found; incomplete alone does not fail the run
    assert json.loads(out.stdout)["incomplete"] is True
    clean = _without_keys(make_repo("clean"))
    out = run_cli("scan", "--history", "--no-progress", ".", cwd=clean.path)
    assert out.returncode == 2 and "INCOMPLETE" in out.stdout
    (clean.path / ".aisec.toml").write_text("allow-incomplete = true\n", encoding="utf-8")
    out = run_cli("scan", "--history", "--no-progress", ".", cwd=clean.path)
    assert out.returncode == 0, out.stderr
    assert "INCOMPLETE" in out.stdout


def _without_keys(repo: Repo) -> Repo:
    """An AI app with no key anywhere, one of whose commits git cannot read."""
    repo.commit("start", ("README.md", "hello\n"), ("app.py", APP))
    for n in range(4):
        repo.commit(f"work {n}", (f"notes/{n}.txt", f"note {n}\n"))
    _drop_blob(repo, "HEAD~1", "notes/2.txt")
    return repo


def test_complete_history_is_not_incomplete(repo: Repo, keys: KeyFactory) -> None:
    repo.commit("add config", ("settings.py", f'API_KEY = "{keys.anthropic()}"\n'))
    repo.commit("remove key", ("settings.py", "API_KEY = None\n"))
    out = run_cli("scan", "--history", "--no-progress", "-f", "json", ".", cwd=repo.path)
    data = json.loads(out.stdout)
    assert out.returncode == 1 and data["incomplete"] is False and data["incomplete_reasons"] == []
    assert [f["properties"]["provider"] for f in data["findings"]] == ["Anthropic"]


def test_checklist_never_passes_keys_on_a_history_it_could_not_read(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = _without_keys(make_repo("app"))
    out = run_cli("checklist", ".", "--as-of", "2026-01-01", "--jobs", "1", "-f", "json", cwd=repo.path)
    assert out.returncode == 2, out.stderr
    items = {i["id"]: i for i in json.loads(out.stdout)["extra"]["items"]}
    assert items["CHK01"]["status"] == "ERROR"
    assert "history incomplete" in items["CHK01"]["reason"]
    allowed = run_cli("checklist", ".", "--as-of", "2026-01-01", "--jobs", "1", "-f", "json", "--allow-incomplete", cwd=repo.path)
    items = {i["id"]: i for i in json.loads(allowed.stdout)["extra"]["items"]}
    assert items["CHK01"]["status"] != "ERROR"


def test_shallow_clone_stays_a_warning(repo: Repo, tmp_path: Path) -> None:
    for n in range(3):
        repo.commit(f"c{n}", (f"f{n}.txt", f"{n}\n"))
    clone = tmp_path / "shallow"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone))
    out = run_cli("scan", "--history", "--no-progress", "-f", "json", ".", cwd=clone)
    data = json.loads(out.stdout)
    assert out.returncode == 0, out.stderr
    assert data["incomplete"] is False
    assert any(e["kind"] == "warning" and "shallow" in e["message"] for e in data["errors"])


def test_a_bare_mirror_with_a_key_is_scanned_or_refused_never_clean(repo: Repo, keys: KeyFactory, tmp_path: Path) -> None:
    """A bare mirror whose ``config`` file is missing (copied object stores, some backup tools):
    git still reads it, GitPython took its parent folder for a work tree and every git call
    failed, which the scan reported as "no commits yet" and exit 0."""
    import shutil
    import subprocess

    repo.commit("start", ("README.md", "hello\n"))
    repo.commit("add config", ("settings.py", f'API_KEY = "{keys.anthropic()}"\n'))
    mirror = tmp_path / "backup" / "repo.git"
    subprocess.run(["git", "clone", "-q", "--mirror", str(repo.path), str(mirror)], check=True)
    (mirror / "config").unlink()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    out = run_cli("scan", "--history", "--no-progress", "-f", "json", str(mirror), cwd=outside)
    assert "Traceback" not in out.stderr
    if out.returncode == 2 and not out.stdout.strip():
        assert "aisec: error:" in out.stderr and "repo.git" in out.stderr  # refused, and says why
        return
    report = json.loads(out.stdout)
    assert report["summary"]["findings"] == 1, out.stderr  # or scanned: the key is found
    shutil.rmtree(mirror)
