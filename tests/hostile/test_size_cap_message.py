"""A file skipped for the size cap is named with its size and the cap in units that tell them
apart: under a cap below 1 MiB (``max-file-size = "10B"`` in a committed config) every note read
"0 MiB > 0 MiB", which said neither why the files were left out nor what to raise."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory

_SIZES = re.compile(r"\(([0-9.]+ [KMG]?i?B) > ([0-9.]+ [KMG]?i?B)")


def _sizes(stderr: str, name: str) -> tuple[str, str]:
    line = next(line for line in stderr.splitlines() if name in line and "size cap" in line)
    found = _SIZES.search(line)
    assert found is not None, line
    return found.group(1), found.group(2)


@pytest.mark.parametrize(("cap", "size"), [("10B", 57), ("2KB", 5000), ("1MB", 1_500_000)])
def test_the_note_tells_the_size_from_the_cap(tmp_path: Path, keys: KeyFactory, cap: str, size: int,
                                             aisec: Callable[..., CliResult]) -> None:
    line = f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n'
    (tmp_path / "big.env").write_text((line * (size // len(line) + 1))[:size], encoding="utf-8")
    result = aisec("scan", "--max-file-size", cap, ".", cwd=tmp_path)
    shown_size, shown_cap = _sizes(result.stderr, "big.env")
    assert shown_size != shown_cap, result.stderr
    assert not shown_size.startswith("0 ") and not shown_cap.startswith("0 "), result.stderr


def test_the_history_note_names_the_cap(git_repo: Path, keys: KeyFactory, aisec: Callable[..., CliResult]) -> None:
    line = f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n'
    (git_repo / "big.env").write_text(line * 40, encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "big")
    result = aisec("scan", "--history", "--max-file-size", "1KB", ".", cwd=git_repo)
    note = next(line for line in result.stderr.splitlines() if "big.env" in line and "size cap" in line)
    assert "0 MiB" not in note and re.search(r"\b1(\.0)? KiB|\b1000 B|\b1 KB", note), note
