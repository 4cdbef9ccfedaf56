"""restore_inputs / load_mapping: what ``aisec restore`` calls (files, output, mapping key)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from aisec_cli.core.errors import UsageError
from aisec_cli.pii import mapping as mapping_file
from aisec_cli.pii.api import redact_text
from aisec_cli.pii.run import load_mapping, restore_inputs


def _redacted(tmp_path: Path, passphrase: str | None = None) -> tuple[Path, Path]:
    result = redact_text("mail ola@posteo.net or tom@posteo.net\n", root=tmp_path)
    assert "ola@posteo.net" not in result.text
    map_path = tmp_path / "m.map"
    mapping_file.save(result.mapping, map_path, passphrase=passphrase)
    answer = tmp_path / "answer.txt"
    answer.write_text(result.text, encoding="utf-8")
    return map_path, answer


def test_restores_files_to_the_stream_and_to_an_output_file(tmp_path: Path) -> None:
    map_path, answer = _redacted(tmp_path)
    mapping = load_mapping(map_path)
    stdout = io.BytesIO()
    totals = restore_inputs([str(answer), str(answer)], mapping, None, stdout)
    assert stdout.getvalue().decode() == "mail ola@posteo.net or tom@posteo.net\n" * 2
    assert (totals.restored, totals.unknown) == (4, [])
    target = tmp_path / "out.txt"
    restore_inputs([str(answer)], mapping, target, io.BytesIO())
    assert target.read_text(encoding="utf-8") == "mail ola@posteo.net or tom@posteo.net\n"
    with pytest.raises(UsageError, match="--output takes one input"):
        restore_inputs([str(answer), str(answer)], mapping, target, io.BytesIO())


def test_unknown_placeholders_are_collected_once(tmp_path: Path) -> None:
    map_path, answer = _redacted(tmp_path)
    answer.write_text("[EMAIL_9] and [EMAIL_9] and [EMAIL_1]\n", encoding="utf-8")
    totals = restore_inputs([str(answer), str(answer)], load_mapping(map_path), None, io.BytesIO(), allow_unknown=True)
    assert totals.unknown == ["[EMAIL_9]"]
    with pytest.raises(UsageError, match="not in the mapping"):
        restore_inputs([str(answer)], load_mapping(map_path), None, io.BytesIO(), allow_unknown=False)


def test_mapping_key_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    map_path, _ = _redacted(tmp_path, passphrase="a long passphrase for the map")
    monkeypatch.delenv("PII_MAP_KEY", raising=False)
    with pytest.raises(UsageError, match="PII_MAP_KEY is not set"):
        load_mapping(map_path, "PII_MAP_KEY")
    monkeypatch.setenv("PII_MAP_KEY", "a long passphrase for the map")
    assert len(load_mapping(map_path, "PII_MAP_KEY")) == 2
    monkeypatch.setenv("PII_MAP_KEY", "wrong")
    with pytest.raises(UsageError, match="wrong key"):
        load_mapping(map_path, "PII_MAP_KEY")
