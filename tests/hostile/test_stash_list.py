"""``scan --history`` reads every entry of the stash list, not only the newest: ``refs/stash``
names ``stash@{0}`` alone, the older entries live in its reflog, and ``git stash pop`` brings any
of them back. A key stashed before another stash was not read (exit 0)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def _paths(result: CliResult) -> set[str]:
    return {f["location"]["path"] for f in json.loads(result.stdout)["findings"]}


def test_older_stash_entries_are_read(git_repo: Path, keys: KeyFactory, aisec: Callable[..., CliResult]) -> None:
    (git_repo / "readme.txt").write_text("hello\n", encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "init")
    (git_repo / "staged.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "add", "staged.env")
    git(git_repo, "stash", "-q")  # the index and the work tree of a stash
    (git_repo / "untracked.env").write_text(f'OPENAI_API_KEY="{keys.openai_project()}"\n', encoding="utf-8")
    git(git_repo, "stash", "-q", "-u")  # an untracked file: the stash's third parent
    (git_repo / "readme.txt").write_text("hello again\n", encoding="utf-8")
    git(git_repo, "stash", "-q")  # the newest entry holds no key
    assert len(git(git_repo, "stash", "list").splitlines()) == 3
    result = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert result.code == 1, result.stderr
    assert {"staged.env", "untracked.env"} <= _paths(result), result.stdout[:2000]


def test_a_repository_without_a_stash_is_scanned_as_before(git_repo: Path, keys: KeyFactory,
                                                           aisec: Callable[..., CliResult]) -> None:
    (git_repo / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "key")
    result = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert result.code == 1 and _paths(result) == {"k.env"}, result.stderr
