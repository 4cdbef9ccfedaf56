"""``aisec hooks run`` without file names checks what git has staged, wherever it is started: run
from a subfolder it asked git for the staged names below that folder only (``--relative``), so a
key staged elsewhere in the repository passed with exit 0. git runs its hooks from the top of
the work tree; run by hand from a subfolder, the check now covers the same commit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def test_a_key_staged_outside_the_current_folder_is_checked(git_repo: Path, keys: KeyFactory,
                                                            aisec: Callable[..., CliResult]) -> None:
    (git_repo / "docs" / "guide").mkdir(parents=True)
    (git_repo / "docs" / "guide" / "index.md").write_text("# Guide\n", encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "init")
    (git_repo / "settings.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "add", "settings.env")
    from_top = aisec("hooks", "run", cwd=git_repo)
    from_below = aisec("hooks", "run", cwd=git_repo / "docs" / "guide")
    assert from_top.code == 1 and "settings.env" in from_top.stdout, from_top.stderr
    assert from_below.code == from_top.code, (from_below.code, from_below.stdout, from_below.stderr)
    assert "settings.env" in from_below.stdout


def test_files_named_from_a_subfolder_are_still_read_from_there(git_repo: Path, keys: KeyFactory,
                                                               aisec: Callable[..., CliResult]) -> None:
    (git_repo / "sub").mkdir()
    (git_repo / "sub" / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    result = aisec("hooks", "run", "k.env", cwd=git_repo / "sub")
    assert result.code == 1 and "k.env" in result.stdout, result.stderr
