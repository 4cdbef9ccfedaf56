"""What the FIFO tests share: aisec run in a process group of its own, and a repository holding keys."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git
from tests.keyfactory import KeyFactory
from tests.matrix.cases import run_group


def run_grouped(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``aisec *args`` in ``cwd``; a hang fails the test and its whole process group is killed
    (git would outlive aisec)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    try:
        done = run_group([sys.executable, "-m", "aisec_cli", *args], cwd, env, 30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"aisec {' '.join(args)} was still waiting after 30 s")
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


def keyed_repo(git_repo: Path, keys: KeyFactory) -> Path:
    """``git_repo`` with a key committed (``k.env``) and another one staged (``s.env``)."""
    (git_repo / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "key")
    (git_repo / "s.env").write_text(f'OPENAI_API_KEY="{keys.openai_project()}"\n', encoding="utf-8")
    git(git_repo, "add", "s.env")
    return git_repo
