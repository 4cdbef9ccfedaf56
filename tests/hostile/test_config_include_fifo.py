"""A scanned repository's ``.git/config`` that includes a FIFO (``[include] path = /some/fifo``:
an archive handed over for audit) blocks whoever reads the config: GitPython's reader in
``open_repo`` waits for ever (a history scan was still waiting after 400 s), and every git
process waits until its timeout (the tree scan took about a minute). Now the config's include
paths are looked at (never opened unless regular files) before git or GitPython read them, and
such a repository is refused with one error line."""

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


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    try:
        return subprocess.run([sys.executable, "-m", "aisec_cli", *args], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"aisec {' '.join(args)} was still waiting after 30 s")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_a_fifo_included_through_another_include_stops_the_tree_scan_at_once(
    git_repo: Path, tmp_path: Path, keys: KeyFactory
) -> None:
    (git_repo / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    os.mkfifo(tmp_path / "deeper.fifo")
    (tmp_path / "team.gitconfig").write_text(f"[include]\n\tpath = {tmp_path / 'deeper.fifo'}\n")
    git(git_repo, "config", "include.path", str(tmp_path / "team.gitconfig"))
    for args in (("scan", "."), ("scan", "--staged", "."), ("lint", ".")):
        done = _run(git_repo, *args)
        assert done.returncode == 2 and "deeper.fifo" in done.stderr and "not a regular file" in done.stderr, (args, done.stderr)


def test_an_ordinary_include_is_read_as_git_reads_it(git_repo: Path, tmp_path: Path, keys: KeyFactory) -> None:
    key = keys.anthropic()
    (git_repo / "k.env").write_text(f'ANTHROPIC_API_KEY="{key}"\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "c")
    (tmp_path / "team.gitconfig").write_text("[core]\n\tautocrlf = false\n")
    git(git_repo, "config", "include.path", str(tmp_path / "team.gitconfig"))
    git(git_repo, "config", "includeIf.gitdir:/nowhere/.path", str(tmp_path / "missing.gitconfig"))
    for args in (("scan", "."), ("scan", "--history", ".")):
        done = _run(git_repo, *args)
        assert done.returncode == 1 and key not in done.stdout, (args, done.stderr)
