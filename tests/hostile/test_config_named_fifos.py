"""A scanned repository's config that names a FIFO as a file git reads while listing or diffing:
``core.excludesFile`` (every listing of untracked files), ``core.attributesFile`` (every diff),
``diff.orderFile`` (every diff), ``mailmap.file`` (every log). git opens it without looking and
waits: the staged scan (the pre-commit hook), the history scan, ``hooks run`` and the checklist
waited for ever (the tree scan too for an excludes file). Such a repository is now refused with
one error line naming the file, like a config that includes a FIFO."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import git
from tests.keyfactory import KeyFactory
from tests.hostile.fifo_runs import keyed_repo, run_grouped

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
SETTINGS = ("core.excludesFile", "core.attributesFile", "diff.orderFile", "mailmap.file")


@pytest.fixture
def repo(git_repo: Path, keys: KeyFactory) -> Path:
    return keyed_repo(git_repo, keys)


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("where", ["relative", "absolute"])
def test_a_fifo_named_by_the_repository_config_stops_every_run_at_once(repo: Path, setting: str, where: str) -> None:
    fifo = repo / ".git" / "special"
    os.mkfifo(fifo)
    git(repo, "config", setting, ".git/special" if where == "relative" else str(fifo))
    for args in (("scan", "."), ("scan", "--staged", "."), ("scan", "--history", "."), ("hooks", "run")):
        done = run_grouped(repo, *args)
        assert done.returncode == 2 and done.stderr.startswith("aisec: error:"), (args, done.returncode, done.stderr)
        assert "special" in done.stderr and "not a regular file" in done.stderr, (args, done.stderr)


@pytest.mark.parametrize("setting", SETTINGS)
def test_regular_files_named_by_the_config_are_read(repo: Path, setting: str) -> None:
    (repo / ".git" / "named").write_text("# nothing\n", encoding="utf-8")
    git(repo, "config", setting, ".git/named")
    for args in (("scan", "."), ("scan", "--staged", "."), ("scan", "--history", ".")):
        done = run_grouped(repo, *args)
        assert done.returncode == 1, (args, done.stderr)
