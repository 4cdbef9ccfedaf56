"""`scan --pre-push` standard input: only git's four-field lines are accepted, anything else is a clean error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.history.conftest import Repo, scan_json
from tests.keyfactory import KeyFactory

ZERO = "0" * 40


def _pre_push(repo: Repo, stdin: bytes, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("AISEC_", "PRE_COMMIT"))}
    full.update(env or {})
    out = subprocess.run(
        [sys.executable, "-m", "aisec_cli", "scan", "--pre-push", "--no-progress", "."],
        cwd=repo.path, input=stdin, capture_output=True, env=full, timeout=60,
    )
    return subprocess.CompletedProcess(out.args, out.returncode, out.stdout.decode("utf-8", "replace"),
                                       out.stderr.decode("utf-8", "replace"))


@pytest.mark.parametrize(
    ("stdin", "needle"),
    [
        (b"refs/heads/main a\x00b refs/heads/main c\x00d\n", "NUL"),
        (bytes(range(256)) * 8, "NUL"),
        (b"refs/heads/main \xff\xfe refs/heads/main " + ZERO.encode() + b"\n", "not UTF-8"),
        (b"refs/heads/main --output=stolen.txt refs/heads/main " + ZERO.encode() + b"\n", "line 1"),
        (b"refs/heads/main HEAD refs/heads/main " + ZERO.encode() + b"\n", "line 1"),
        (b"\nrefs/heads/main " + b"a" * 40 + b" refs/heads/main\n", "line 2"),
        (b"hello world\n", "line 1"),
    ],
    ids=["nul-in-sha", "random-binary", "not-utf8", "option-as-sha", "ref-name-as-sha", "three-fields", "prose"],
)
def test_bad_standard_input_is_one_clean_error(repo: Repo, keys: KeyFactory, stdin: bytes, needle: str) -> None:
    repo.commit("one", ("a.py", f'KEY = "{keys.groq()}"\n'))
    out = _pre_push(repo, stdin)
    assert out.returncode == 2, (out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aisec: error: --pre-push:"), out.stderr
    assert needle in lines[0], lines[0]
    assert "\x00" not in out.stderr and "internal error" not in out.stderr
    assert not (repo.path / "stolen.txt").exists()  # nothing on standard input reaches git as an option


def test_bad_pre_commit_refs_are_rejected(repo: Repo, keys: KeyFactory) -> None:
    repo.commit("one", ("a.py", f'KEY = "{keys.groq()}"\n'))
    out = _pre_push(repo, b"", env={"PRE_COMMIT": "1", "PRE_COMMIT_TO_REF": "--output=stolen.txt"})
    assert out.returncode == 2 and "PRE_COMMIT_TO_REF" in out.stderr, out.stderr
    assert not (repo.path / "stolen.txt").exists()


def test_good_input_still_works(repo: Repo, keys: KeyFactory) -> None:
    sha = repo.commit("one", ("a.py", f'KEY = "{keys.groq()}"\n'))
    data = scan_json(repo, "--pre-push", stdin=f"\nrefs/heads/main {sha.upper()} refs/heads/main {ZERO}\r\n\n", code=1)
    assert [f["commit"]["sha"] for f in data["findings"]] == [sha]
