"""``aisec hooks install`` where the hooks folder or a hook is not what it should be."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git


def _one_error(result: CliResult, *needles: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.code == 2, (result.code, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("aisec: error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_core_hookspath_pointing_to_a_file(git_repo: Path, aisec: Callable[..., CliResult]) -> None:
    (git_repo / "hooks-file").write_text("not a folder\n", encoding="utf-8")
    git(git_repo, "config", "core.hooksPath", "hooks-file")
    result = aisec("hooks", "install", cwd=git_repo)
    _one_error(result, "hooks-file", "not a folder")
    assert (git_repo / "hooks-file").read_text(encoding="utf-8") == "not a folder\n"
    _one_error(aisec("hooks", "uninstall", cwd=git_repo), "hooks-file", "not a folder")


def test_git_hooks_is_a_file(git_repo: Path, aisec: Callable[..., CliResult]) -> None:
    hooks = git_repo / ".git" / "hooks"
    if hooks.exists():
        for child in hooks.iterdir():
            child.unlink()
        hooks.rmdir()
    hooks.write_text("x\n", encoding="utf-8")
    _one_error(aisec("hooks", "install", "--pre-push", cwd=git_repo), "hooks", "not a folder")


def test_hook_that_is_a_fifo_or_a_folder(git_repo: Path, aisec: Callable[..., CliResult]) -> None:
    hooks = git_repo / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    os.mkfifo(hooks / "pre-commit")
    _one_error(aisec("hooks", "install", cwd=git_repo), "pre-commit", "not a regular file")
    (hooks / "pre-commit").unlink()
    (hooks / "pre-commit").mkdir()
    _one_error(aisec("hooks", "install", cwd=git_repo), "pre-commit", "folder")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only modes")
def test_read_only_hooks_folder(git_repo: Path, aisec: Callable[..., CliResult]) -> None:
    hooks = git_repo / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    hooks.chmod(0o500)
    try:
        _one_error(aisec("hooks", "install", cwd=git_repo), "Permission denied")
    finally:
        hooks.chmod(0o700)
