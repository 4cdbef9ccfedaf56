"""A path on the command line longer than the file system allows (``File name too long``): every
command stopped with "internal error … This is a bug" instead of one error line naming the path
and what the system said."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult

LONG = "L" * 5000
COMMANDS = [
    ("scan", LONG), ("scan", "--history", LONG), ("scan", "--staged", LONG), ("scan", "--commit-msg", LONG),
    ("scan", f"{LONG}/x"), ("lint", LONG), ("lint", "--fix", LONG), ("prompts", LONG), ("redact", LONG),
    ("redact", "-o", LONG, "r.txt"), ("redact", "--map", LONG, "r.txt"), ("checklist", LONG), ("init", LONG),
    ("hooks", "run", LONG),
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a).replace(LONG, "LONG") for a in COMMANDS])
def test_a_path_too_long_is_one_error_line(git_repo: Path, args: tuple[str, ...], aisec: Callable[..., CliResult]) -> None:
    (git_repo / "r.txt").write_text("Ada Lovelace, ada.lovelace@corp-mail.net\n", encoding="utf-8")
    result = aisec(*args, cwd=git_repo)
    assert result.code == 2, (result.code, result.stderr[:300])
    errors = [line for line in result.stderr.splitlines() if line.startswith("aisec: error:")]
    assert len(errors) == 1 and "internal error" not in result.stderr, result.stderr[:500]
    assert "too long" in errors[0] and len(errors[0]) < 400, errors[0][:500]
