"""redact on a folder holding files named after keys: the notes about skipped files and the
``==> name <==`` headers between files on standard output printed the name, so the key, whole
(``--check`` and the reports masked it; the text modes did not)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.keyfactory import KeyFactory


def _leaks(text: str, key: str) -> bool:
    return any(key[i:i + 16] in text for i in range(0, len(key) - 15, 4))


@pytest.mark.parametrize("mode", [[], ["-o", "out"], ["--in-place"], ["--map", "m.json", "-o", "out"]])
def test_key_named_files_are_masked_in_notes_and_headers(
    tmp_path: Path, keys: KeyFactory, aisec: Callable[..., CliResult], mode: list[str]
) -> None:
    key = keys.anthropic()
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / f"{key}.bin").write_bytes(bytes(range(256)) * 4)  # skipped: binary, listed by name
    (folder / f"{key}.txt").write_text("mail ada.lovelace@corp-mail.net\n", encoding="utf-8")
    (folder / "a.txt").write_text("mail bob.smith@corp-mail.net\n", encoding="utf-8")
    result = aisec("redact", "d", *mode, cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.code == 0, result.stderr
    assert "binary" in result.stderr, result.stderr
    assert not _leaks(result.stdout + result.stderr, key), (result.stdout + result.stderr)[:2000]
    if not mode:
        assert "==> d/a.txt <==" in result.stdout and result.stdout.count("==> ") == 2
