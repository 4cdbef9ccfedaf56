"""A partial clone (``git clone --filter=blob:none``) lacks the blobs of older commits; git fetches
a missing one from the promisor remote as soon as a command reads it. aisec makes no network
request (only ``--verify`` does), so its git processes must not fetch: the history scan reports
the commits it could not read (incomplete, exit 2), never clean, and the repository gains no
objects. aisec asked git not to fetch with ``GIT_NO_LAZY_FETCH=1`` — but only when the
environment did not set it already: ``GIT_NO_LAZY_FETCH=0`` left in the user's environment made
the scan fetch every missing blob from the remote. Now aisec's values win, and no transport is
allowed at all (``GIT_ALLOW_PROTOCOL``) whatever git's version."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git
from tests.keyfactory import KeyFactory


@pytest.fixture
def partial(tmp_path: Path, keys: KeyFactory) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    git(source, "init", "-q", "-b", "main")
    git(source, "config", "uploadpack.allowFilter", "true")
    ident = ("-c", "user.name=T", "-c", "user.email=t@example.com")
    (source / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    git(source, "add", "-A")
    git(source, *ident, "commit", "-q", "-m", "key")
    git(source, "rm", "-q", "k.env")
    git(source, *ident, "commit", "-q", "-m", "removed")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--filter=blob:none", "--no-checkout", f"file://{source}", str(clone))
    return clone


def _objects(repo: Path) -> list[str]:
    return sorted(p.name for p in (repo / ".git" / "objects").rglob("*") if p.is_file())


@pytest.mark.parametrize("user_env", [{}, {"GIT_NO_LAZY_FETCH": "0"}, {"GIT_NO_LAZY_FETCH": "false", "GIT_ALLOW_PROTOCOL": "file"}])
def test_history_scan_of_a_partial_clone_fetches_nothing_and_is_incomplete(partial: Path, user_env: dict[str, str]) -> None:
    before = _objects(partial)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}, **user_env}
    done = subprocess.run([sys.executable, "-m", "aisec_cli", "scan", "--history", "."], cwd=partial, env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert _objects(partial) == before, f"objects were fetched from the remote: {done.stderr}"
    assert done.returncode == 2 and "INCOMPLETE" in done.stdout, (done.returncode, done.stdout, done.stderr)
