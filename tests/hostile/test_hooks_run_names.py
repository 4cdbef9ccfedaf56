"""``aisec hooks run`` refuses files edited since they were staged and names them: a file named
after a key was named whole (and a name with an escape sequence drove the terminal)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def test_edited_staged_files_are_named_masked(git_repo: Path, keys: KeyFactory, aisec: Callable[..., CliResult]) -> None:
    key = keys.anthropic()
    (git_repo / f"{key}.txt").write_text("hello\n", encoding="utf-8")
    git(git_repo, "add", "-A")
    (git_repo / f"{key}.txt").write_text("hello again\n", encoding="utf-8")
    result = aisec("hooks", "run", cwd=git_repo)
    assert result.code == 2, result.stderr
    assert "changed since it was staged" in result.stderr
    assert not any(key[i:i + 16] in result.stderr for i in range(0, len(key) - 15, 4)), result.stderr
    assert key[:12] in result.stderr and key[-4:] in result.stderr  # still named, masked
