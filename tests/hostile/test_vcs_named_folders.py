"""Folders named ``.hg`` or ``.svn`` that git tracks (a converted repository, an svn checkout
committed whole) are content like any other: aisec skipped them always, as version-control
metadata, in the tree, staged and history scans, so ``git add .svn/k.env`` passed the
pre-commit scan (exit 0) and the key went out. A walk without git still skips them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory

NAMES = [".hg/k.env", ".svn/pristine/k.env", "vendor/.svn/k.env"]


def _tree(root: Path, keys: KeyFactory) -> None:
    for name in NAMES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")


@pytest.mark.parametrize("mode", ["", "--staged", "--history"])
def test_folders_git_tracks_are_scanned(git_repo: Path, keys: KeyFactory, aisec: Callable[..., CliResult], mode: str) -> None:
    _tree(git_repo, keys)
    git(git_repo, "add", "-A")
    if mode == "--history":
        git(git_repo, "commit", "-q", "-m", "c")
    result = aisec("scan", *([mode] if mode else []), "-f", "json", ".", cwd=git_repo)
    assert result.code == 1, (result.code, result.stderr)
    assert sorted({f["location"]["path"] for f in json.loads(result.stdout)["findings"]}) == sorted(NAMES)


def test_a_file_named_on_the_command_line_is_scanned(tmp_path: Path, keys: KeyFactory, aisec: Callable[..., CliResult]) -> None:
    _tree(tmp_path, keys)
    result = aisec("scan", "-f", "json", ".svn/pristine/k.env", cwd=tmp_path)
    assert result.code == 1, (result.code, result.stderr)


def test_a_walk_without_git_still_skips_the_metadata(tmp_path: Path, keys: KeyFactory, aisec: Callable[..., CliResult]) -> None:
    _tree(tmp_path, keys)
    (tmp_path / "ok.txt").write_text("hello\n", encoding="utf-8")
    result = aisec("scan", "-f", "json", ".", cwd=tmp_path)
    assert result.code == 0, (result.code, result.stderr)
    assert json.loads(result.stdout)["stats"]["files_scanned"] == 1
