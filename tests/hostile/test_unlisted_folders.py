"""A folder the scan cannot list (its path longer than the system allows, or no permission to read
it) was passed over without a word: ``os.walk`` and ``git ls-files`` both only skip it, so a key
inside was never read and the run said "0 finding(s)", exit 0. Such a folder is now an error
(the run is incomplete, exit 2), with the git listing and without."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory

SEGMENT = "d" * 200


def _deep(root: Path, keys: KeyFactory) -> None:
    """A key 40 folders down: the path is about 8,000 bytes (PATH_MAX is 4,096)."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(40):
            os.mkdir(SEGMENT, dir_fd=fd)
            inner = os.open(SEGMENT, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        key_fd = os.open("k.env", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(key_fd, f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n'.encode())
        os.close(key_fd)
    finally:
        os.close(fd)


@pytest.mark.parametrize("in_git", [False, True])
def test_a_folder_too_deep_to_list_is_an_error(
    tmp_path: Path, keys: KeyFactory, aisec: Callable[..., CliResult], in_git: bool
) -> None:
    root = tmp_path / "tree"
    root.mkdir()
    if in_git:
        git(root, "init", "-q")
    (root / "ok.txt").write_text("hello\n", encoding="utf-8")
    _deep(root, keys)
    result = aisec("scan", "-f", "json", ".", cwd=root)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.code == 2, (result.code, result.stderr)
    report = json.loads(result.stdout)
    assert report["incomplete"] is True
    errors = [e for e in report["errors"] if e["kind"] == "error"]
    assert errors and all(e["path"].startswith(SEGMENT) for e in errors), report["errors"]
    assert "INCOMPLETE" in result.stderr or "not listed" in result.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any folder")
@pytest.mark.parametrize("in_git", [False, True])
def test_a_folder_without_read_permission_is_an_error(
    tmp_path: Path, keys: KeyFactory, aisec: Callable[..., CliResult], in_git: bool
) -> None:
    root = tmp_path / "tree"
    (root / "locked").mkdir(parents=True)
    if in_git:
        git(root, "init", "-q")
    (root / "locked" / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    os.chmod(root / "locked", 0o300)
    try:
        result = aisec("scan", "-f", "json", ".", cwd=root)
    finally:
        os.chmod(root / "locked", 0o700)
    assert result.code == 2, (result.code, result.stderr)
    assert [e["path"] for e in json.loads(result.stdout)["errors"] if e["kind"] == "error"] == ["locked"]
