"""A FIFO named ``.gitignore`` in a folder git does not track yet: listing the untracked files
(``git ls-files --others --exclude-standard``) opens it without looking and waits. The tree scan
(and lint, prompts, checklist, which list files the same way) waited for git's 300 s timeout,
then walked the tree without git. Now such a folder is looked at (never opened) first and the
run refused with one error line naming the file, as for a tracked folder."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import git
from tests.keyfactory import KeyFactory
from tests.matrix.cases import run_group

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")


def _run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    try:  # in a process group of its own, killed whole on a hang (git would outlive aisec)
        done = run_group([sys.executable, "-m", "aisec_cli", *args], repo, env, 30)
        return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())
    except subprocess.TimeoutExpired:
        pytest.fail(f"aisec {' '.join(args)} was still waiting after 30 s (a FIFO .gitignore in an untracked folder)")


@pytest.fixture
def repo(git_repo: Path, keys: KeyFactory) -> Path:
    (git_repo / "src").mkdir()
    (git_repo / "src" / "app.py").write_text("print(1)\n", encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "init")
    return git_repo


@pytest.mark.parametrize("folder", ["new", "src/new", "new/deeper/still"])
@pytest.mark.parametrize("command", [("scan",), ("lint",), ("prompts",)])
def test_a_fifo_ignore_file_in_an_untracked_folder_is_refused_at_once(repo: Path, keys: KeyFactory, folder: str,
                                                                      command: tuple[str, ...]) -> None:
    (repo / folder).mkdir(parents=True)
    (repo / folder / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    os.mkfifo(repo / folder / ".gitignore")
    done = _run(repo, *command, ".")
    assert done.returncode == 2 and done.stderr.startswith("aisec: error:"), (done.returncode, done.stderr)
    assert ".gitignore" in done.stderr and "not a regular file" in done.stderr, done.stderr


def test_an_ignored_untracked_folder_is_not_looked_into(repo: Path, keys: KeyFactory) -> None:
    """git never descends into an ignored folder: a FIFO there holds nothing, and the scan runs."""
    (repo / ".gitignore").write_text("build/\n", encoding="utf-8")
    (repo / "build").mkdir()
    os.mkfifo(repo / "build" / ".gitignore")
    (repo / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    started = time.monotonic()
    done = _run(repo, "scan", ".")
    assert done.returncode == 1, done.stderr
    assert time.monotonic() - started < 30


def test_ordinary_untracked_ignore_files_are_honoured(repo: Path, keys: KeyFactory) -> None:
    (repo / "new").mkdir()
    (repo / "new" / ".gitignore").write_text("*.env\n", encoding="utf-8")
    (repo / "new" / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    (repo / "new" / "k.txt").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    done = _run(repo, "scan", "-f", "json", ".")
    assert done.returncode == 1, done.stderr
    assert '"new/k.txt"' in done.stdout and '"new/k.env"' not in done.stdout
