"""``core.hooksPath`` naming a folder the system cannot look at (a name longer than the file
system allows): ``aisec hooks install`` / ``uninstall`` stopped with "internal error … This is a
bug" instead of one line saying which setting to fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git


@pytest.mark.parametrize("command", ["install", "uninstall"])
def test_a_hooks_path_too_long_to_look_at_is_one_error_line(git_repo: Path, command: str,
                                                            aisec: Callable[..., CliResult]) -> None:
    git(git_repo, "config", "core.hooksPath", "h" * 5000)
    result = aisec("hooks", command, cwd=git_repo)
    assert result.code == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("aisec: error:"), result.stderr[:500]
    assert "core.hooksPath" in lines[0] and "internal error" not in result.stderr
