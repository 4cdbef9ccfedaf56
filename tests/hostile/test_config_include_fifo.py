"""A scanned repository's ``.git/config`` that includes a FIFO (``[include] path = /some/fifo``:
an archive handed over for audit) blocks whoever reads the config: GitPython's reader in
``open_repo`` waits for ever (a history scan was still waiting after 400 s), and every git
process waits until its timeout (the tree scan took about a minute). Left for now: the fix
is a bounded look at the config's include paths before git or GitPython read them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git
from tests.keyfactory import KeyFactory


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
@pytest.mark.xfail(strict=True, reason="open_repo (GitPython) and git block on a FIFO the repository config includes")
def test_history_scan_of_a_repository_whose_config_includes_a_fifo_ends(
    git_repo: Path, tmp_path: Path, keys: KeyFactory
) -> None:
    (git_repo / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "c")
    os.mkfifo(tmp_path / "include.fifo")
    git(git_repo, "config", "include.path", str(tmp_path / "include.fifo"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    try:
        done = subprocess.run([sys.executable, "-m", "aisec_cli", "scan", "--history", "."], cwd=git_repo, env=env,
                              capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail("aisec scan --history was still waiting after 30 s")
    assert done.returncode == 2 and done.stderr.startswith("aisec: error:"), done.stderr
