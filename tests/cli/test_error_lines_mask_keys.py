"""Every line aisec writes to standard error goes through the masking net: an error or warning
that names a path or value holding a key shows the key masked (a file named after a key, a
mistyped argument pasted from a .env line), as the reports do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.keyfactory import KeyFactory


@pytest.mark.parametrize("shape", ["configs/{key}.env", "config_{key}.env"])
@pytest.mark.parametrize("command", [["scan"], ["lint"], ["prompts"], ["checklist"]])
def test_a_missing_path_named_after_a_key_is_named_masked(
    tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory, command: list[str], shape: str
) -> None:
    key = keys.anthropic()
    result = aisec(*command, shape.format(key=key), cwd=tmp_path)
    assert result.code == 2
    assert result.stderr.startswith("aisec: error:"), result.stderr
    assert key not in result.stderr + result.stdout
    assert key[-4:] in result.stderr  # still named, masked the way findings are


def test_a_warning_naming_a_key_is_masked(tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    key = keys.groq()
    (tmp_path / "a.txt").write_text("hello\n")
    result = aisec("scan", "a.txt", "--exclude", key, cwd=tmp_path)
    assert key not in result.stderr + result.stdout
