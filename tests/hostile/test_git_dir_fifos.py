"""FIFOs in the git folder where git reads without looking: the branch HEAD names and the
commit-graph (every run), any loose ref (``refs/tags/x``, ``refs/stash``), the stash's reflog
(read for the older stash entries) and a loose object (a history scan). ``git log --all`` and the
staged diff opened them and waited for ever. Such a repository is now refused with one error
line naming the file; a commit hook still lists no folder of the git folder to find out."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import git
from tests.keyfactory import KeyFactory
from tests.hostile.fifo_runs import keyed_repo, run_grouped

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")


@pytest.fixture
def repo(git_repo: Path, keys: KeyFactory) -> Path:
    return keyed_repo(git_repo, keys)


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
        done = run_grouped(repo, *args)
        assert done.returncode == 2 and done.stderr.startswith("aisec: error:"), (args, done.returncode, done.stderr)
        assert place.rsplit("/", 1)[-1] in done.stderr and "not a regular file" in done.stderr, (args, done.stderr)


def test_a_loose_object_that_is_a_fifo_stops_the_history_scan(repo: Path) -> None:
    sha = git(repo, "rev-parse", "HEAD:k.env").strip()
    loose = repo / ".git" / "objects" / sha[:2] / sha[2:]
    loose.unlink()
    os.mkfifo(loose)
    done = run_grouped(repo, "scan", "--history", ".")
    assert done.returncode == 2 and done.stderr.startswith("aisec: error:"), (done.returncode, done.stderr)
    assert sha[2:] in done.stderr and "not a regular file" in done.stderr, done.stderr
