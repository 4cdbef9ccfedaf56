"""git opens some files of a work tree and of its git folder without looking at what they are:
``.gitignore`` (listing untracked files, ``git grep --untracked``), ``.gitattributes`` (every
diff: ``git diff --cached``, ``git log -p``), ``.mailmap`` (every ``git log``), the index,
``info/exclude`` and ``info/attributes``. A FIFO in such a place (an archive handed over for
audit can carry one) made git wait for ever: the tree scan waited for git's listing until its
300 s timeout, the staged scan (the pre-commit hook) and the history scan until killed. Now
those places are looked at (never opened) before git runs, and such a repository is refused
with one error line naming the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git
from tests.keyfactory import KeyFactory

PLACES = (".gitignore", ".gitattributes", ".mailmap", "src/.gitattributes", "src/deep/.gitignore",
          ".git/info/exclude", ".git/info/attributes")


@pytest.fixture
def repo(git_repo: Path, keys: KeyFactory) -> Path:
    (git_repo / "src" / "deep").mkdir(parents=True)
    (git_repo / "src" / "deep" / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "key")
    (git_repo / "src" / "deep" / "k.env").write_text(f'OPENAI_API_KEY="{keys.openai_project()}"\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    return git_repo


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
@pytest.mark.parametrize("place", PLACES)
def test_a_fifo_git_would_open_stops_every_scan_at_once(repo: Path, place: str) -> None:
    fifo = repo / place
    fifo.parent.mkdir(parents=True, exist_ok=True)
    if fifo.exists():
        fifo.unlink()
    os.mkfifo(fifo)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    for mode in ((), ("--staged",), ("--history",)):
        try:
            done = subprocess.run([sys.executable, "-m", "aisec_cli", "scan", *mode, "."], cwd=repo, env=env,
                                  capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            pytest.fail(f"aisec scan {' '.join(mode)} was still waiting after 20 s ({place} is a FIFO)")
        assert done.returncode == 2 and done.stderr.startswith("aisec: error:"), (mode, done.returncode, done.stderr)
        assert place.rsplit("/", 1)[-1] in done.stderr and "not a regular file" in done.stderr, (mode, done.stderr)


def test_ordinary_ignore_and_attribute_files_are_read(repo: Path) -> None:
    (repo / ".gitattributes").write_text("*.bin binary\n", encoding="utf-8")
    (repo / "src" / ".gitignore").write_text("*.log\n", encoding="utf-8")
    (repo / ".mailmap").write_text("T <t@example.com>\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    for mode in ((), ("--staged",), ("--history",)):
        done = subprocess.run([sys.executable, "-m", "aisec_cli", "scan", *mode, "."], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        assert done.returncode == 1, (mode, done.stderr)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_hooks_run_stops_at_a_fifo_attribute_file_of_a_staged_folder(repo: Path) -> None:
    """``aisec hooks run`` asks ``git diff`` whether the staged files were edited since: git
    reads their folders' attribute files."""
    os.mkfifo(repo / "src" / "deep" / ".gitattributes")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    try:
        done = subprocess.run([sys.executable, "-m", "aisec_cli", "hooks", "run"], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail("aisec hooks run was still waiting after 20 s")
    assert done.returncode == 2 and ".gitattributes" in done.stderr and "not a regular file" in done.stderr, done.stderr
