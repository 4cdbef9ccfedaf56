"""FIFOs in the git folder where git reads without looking: the branch HEAD names and the
commit-graph (every run), any loose ref (``refs/tags/x``, ``refs/stash``), the stash's reflog
(read for the older stash entries) and a loose object (a history scan). ``git log --all`` and the
staged diff opened them and waited for ever. Such a repository is now refused with one error
line naming the file; a commit hook still lists no folder of the git folder to find out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git
from tests.keyfactory import KeyFactory
from tests.matrix.cases import run_group

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    try:  # a process group of its own, killed whole on a hang (git would outlive aisec)
        done = run_group([sys.executable, "-m", "aisec_cli", *args], cwd, env, 30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"aisec {' '.join(args)} was still waiting after 30 s")
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


@pytest.fixture
def repo(git_repo: Path, keys: KeyFactory) -> Path:
    (git_repo / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "key")
    (git_repo / "s.env").write_text(f'OPENAI_API_KEY="{keys.openai_project()}"\n', encoding="utf-8")
    git(git_repo, "add", "s.env")
    return git_repo


HISTORY = (("scan", "--history", "."),)
EVERY = (("scan", "--history", "."), ("scan", "--staged", "."), ("hooks", "run"))
PLACES = (  # (file, the runs that read it)
    ("refs/heads/main", EVERY), ("objects/info/commit-graph", EVERY),
    ("objects/info/commit-graphs/commit-graph-chain", EVERY), ("refs/heads/evil", HISTORY),
    ("refs/tags/evil", HISTORY), ("refs/stash", HISTORY), ("logs/refs/stash", HISTORY),
)


@pytest.mark.parametrize(("place", "runs"), PLACES, ids=[p for p, _ in PLACES])
def test_a_fifo_git_reads_in_its_folder_stops_the_run_at_once(repo: Path, place: str,
                                                              runs: tuple[tuple[str, ...], ...]) -> None:
    if place == "logs/refs/stash":  # a stash whose reflog is a FIFO
        git(repo, "stash", "-q")
    if place == "refs/heads/main":  # the branch as a loose ref, as git writes it before packing
        git(repo, "pack-refs", "--all")
        (repo / ".git" / "packed-refs").write_text("", encoding="utf-8")
    fifo = repo / ".git" / place
    fifo.parent.mkdir(parents=True, exist_ok=True)
    if fifo.exists():
        fifo.unlink()
    os.mkfifo(fifo)
    for args in runs:
        done = _run(repo, *args)
        assert done.returncode == 2 and done.stderr.startswith("aisec: error:"), (args, done.returncode, done.stderr)
        assert place.rsplit("/", 1)[-1] in done.stderr and "not a regular file" in done.stderr, (args, done.stderr)


def test_a_loose_object_that_is_a_fifo_stops_the_history_scan(repo: Path) -> None:
    sha = git(repo, "rev-parse", "HEAD:k.env").strip()
    loose = repo / ".git" / "objects" / sha[:2] / sha[2:]
    loose.unlink()
    os.mkfifo(loose)
    done = _run(repo, "scan", "--history", ".")
    assert done.returncode == 2 and done.stderr.startswith("aisec: error:"), (done.returncode, done.stderr)
    assert sha[2:] in done.stderr and "not a regular file" in done.stderr, done.stderr
