"""Two files whose escaped names read the same: ``k\\xff.env`` spelled with a backslash, and
``k<byte ff>.env``. The discovery skipped the second as already seen (it compared the escaped
names), so a key in it was never read and the scan reported the tree clean."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def _tree(folder: Path, keys: KeyFactory) -> None:
    (folder / "k\\xff.env").write_text("nothing=1\n", encoding="utf-8")  # a literal backslash
    fd = os.open(os.fsencode(folder) + b"/k\xff.env", os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n'.encode())
    os.close(fd)


@pytest.mark.parametrize("in_git", [False, True])
def test_both_files_are_read(tmp_path: Path, keys: KeyFactory, aisec: Callable[..., CliResult], in_git: bool) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    if in_git:
        git(tree, "init", "-q")
    _tree(tree, keys)
    result = aisec("scan", "-f", "json", ".", cwd=tree)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.code == 1, (result.stdout[-400:], result.stderr)
    report = json.loads(result.stdout)
    assert [f["location"]["path"] for f in report["findings"]] == ["k\\xff.env"]
    assert report["stats"]["files_scanned"] == 2


def test_a_folder_and_a_file_in_it_named_twice_are_read_once(tmp_path: Path, keys: KeyFactory, aisec: Callable[..., CliResult]) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    result = aisec("scan", "-f", "json", ".", "sub", "./sub/a.env", cwd=tmp_path)
    assert result.code == 1, result.stderr
    report = json.loads(result.stdout)
    assert len(report["findings"]) == 1 and report["stats"]["files_scanned"] == 1
