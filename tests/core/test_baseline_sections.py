"""One baseline file, one section per engine; old flat baselines still read and rewritten."""

from __future__ import annotations

import json
from pathlib import Path

from aisec_cli.core.findings import fingerprint
from tests.conftest import git
from tests.keyfactory import KeyFactory
from tests.terminal import read_until_closed


def _repo(git_repo: Path, keys: KeyFactory, write) -> str:  # type: ignore[no-untyped-def]
    secret = keys.openai_project()
    write(git_repo / "app" / "main.py", f'KEY = "{secret}"\n')
    write(git_repo / "app" / "bot.py", "from openai import OpenAI\nc = OpenAI()\nc.chat.completions.create(model='m', messages=[{'role': 'user', 'content': input()}])\n")
    git(git_repo, "add", ".")
    return secret


def test_write_baseline_replaces_only_its_section(aisec, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    _repo(git_repo, keys, write)
    base = git_repo / ".aisec-baseline.json"
    assert aisec("scan", ".", "--write-baseline", str(base), cwd=git_repo).code == 0
    assert aisec("lint", ".", "--write-baseline", str(base), cwd=git_repo).code == 0
    data = json.loads(base.read_text())
    assert data["version"] == 2 and set(data["sections"]) == {"scan", "lint"}
    scan_before = data["sections"]["scan"]
    assert [e["rule"] for e in scan_before] == ["KEY001"] and scan_before[0]["path"] == "app/main.py"
    (git_repo / "app" / "bot.py").unlink()
    assert aisec("lint", "app", "--write-baseline", str(base), cwd=git_repo).code == 0
    after = json.loads(base.read_text())["sections"]
    assert after["scan"] == scan_before
    assert {e["rule"] for e in after["lint"]} == {"AIS101"}


def test_version_one_baseline_written_from_a_subfolder_still_matches(aisec, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    secret = _repo(git_repo, keys, write)
    fresh = json.loads(aisec("scan", "app", "-f", "json", cwd=git_repo).stdout)["findings"][0]
    # what aisec 0.1 wrote for `aisec scan app --write-baseline old.json`: paths relative to app/
    entry = {"rule": "KEY001", "path": "main.py", "fingerprint": fingerprint("KEY001", "main.py", secret)}
    write(git_repo / "old.json", json.dumps({"version": 1, "tool": "aisec", "entries": [entry]}))
    assert aisec("scan", "app", "--baseline", "old.json", cwd=git_repo).code == 0
    assert aisec("baseline", "prune", "--baseline", "old.json", "app", cwd=git_repo).code == 0
    rewritten = json.loads((git_repo / "old.json").read_text())
    assert rewritten["version"] == 2
    assert rewritten["sections"]["scan"] == [
        {"rule": "KEY001", "path": "app/main.py", "fingerprint": fresh["fingerprint"], "key": fresh["properties"]["key_fingerprint"]}
    ]
    assert aisec("scan", "app", "--baseline", "old.json", cwd=git_repo).code == 0


def test_version_one_entry_for_another_key_in_the_same_file_does_not_hide_this_one(aisec, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    _repo(git_repo, keys, write)
    accepted_then = keys.openai_project()  # the key that file held when the baseline was written
    entry = {"rule": "KEY001", "path": "main.py", "fingerprint": fingerprint("KEY001", "main.py", accepted_then)}
    write(git_repo / "old.json", json.dumps({"version": 1, "tool": "aisec", "entries": [entry]}))
    assert aisec("scan", "app", "--baseline", "old.json", cwd=git_repo).code == 1


def test_prune_drops_entries_that_match_nothing(aisec, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    _repo(git_repo, keys, write)
    write(git_repo / "gone.py", f'KEY = "{keys.anthropic()}"\n')
    base = git_repo / ".aisec-baseline.json"
    assert aisec("scan", ".", "--write-baseline", str(base), cwd=git_repo).code == 0
    assert len(json.loads(base.read_text())["sections"]["scan"]) == 2
    (git_repo / "gone.py").unlink()
    result = aisec("baseline", "prune", "--baseline", str(base), cwd=git_repo)
    assert result.code == 0 and "dropped 1" in result.stderr
    entries = json.loads(base.read_text())["sections"]["scan"]
    assert [e["path"] for e in entries] == ["app/main.py"]


def test_audit_walks_the_entries_on_a_terminal(git_repo: Path, keys: KeyFactory, write, aisec) -> None:  # type: ignore[no-untyped-def]
    import os
    import pty
    import subprocess
    import sys

    _repo(git_repo, keys, write)
    secret = keys.anthropic()
    write(git_repo / "two.py", f'KEY = "{secret}"\n')
    base = git_repo / ".aisec-baseline.json"
    assert aisec("scan", ".", "--write-baseline", str(base), cwd=git_repo).code == 0
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "aisec_cli", "baseline", "audit"],
        cwd=git_repo, stdin=follower, stdout=follower, stderr=subprocess.PIPE, env=env,
    )
    os.close(follower)
    seen = b""
    for answer in (b"f\n", b"t\n"):
        while seen.count(b"[t/f/s/q]") < (2 if answer == b"t\n" else 1):
            seen += os.read(leader, 4096)
        os.write(leader, answer)
    assert proc.wait(timeout=120) == 0
    seen += read_until_closed(leader)
    os.close(leader)
    text = seen.decode()
    assert "[1/2] scan KEY001 app/main.py:1" in text and "[2/2] scan KEY0" in text and " two.py:1" in text
    assert "sk-ant-api03-…" + secret[-4:] in text and secret not in text  # masked evidence only
    entries = json.loads(base.read_text())["sections"]["scan"]
    assert [(e["path"], e["verdict"]) for e in entries] == [("app/main.py", "false-positive"), ("two.py", "true-positive")]
