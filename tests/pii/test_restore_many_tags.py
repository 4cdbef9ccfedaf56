"""``aisec restore`` of a large redacted file: tens of thousands of tags, restored in linear time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from aisec_cli.pii.api import redact_text
from aisec_cli.pii.restore import RestoreReport, restore_text


def _aisec(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aisec_cli", *args],
        capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )


def test_a_file_with_tens_of_thousands_of_tags_restores_byte_for_byte_without_stalling(tmp_path: Path) -> None:
    # Every tag of the mapping went into one regex alternation, tried at every position:
    # restoring 2 MB with 46,000 tags took 16 s of CPU, and the time grew with the square of the
    # size. The timeout guards a stall only.
    lines = [f"row {i}: contact mail.box{i}@posteo.net, ref {i * 7}" for i in range(80_000)]
    source = tmp_path / "export.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    redacted, mapping = tmp_path / "export.red", tmp_path / "export.map"
    run = _aisec("redact", str(source), "--entities", "EMAIL", "--map", str(mapping), "-o", str(redacted), timeout=120)
    assert run.returncode == 0, run.stderr
    assert redacted.read_text(encoding="utf-8").count("[EMAIL_") == len(lines)
    back = _aisec("restore", "--map", str(mapping), str(redacted), timeout=30)
    assert back.returncode == 0, back.stderr
    assert back.stdout == source.read_text(encoding="utf-8")


def test_quoted_tags_case_changes_and_foreign_tags_restore_as_before() -> None:
    text = 'Write to ana@posteo.net or "ana@posteo.net"; Bo at bo@mailbox.org.'
    result = redact_text(text, entities="EMAIL")
    mapping = result.mapping
    answer = '[email_1] and "[EMAIL_1]" then [[EMAIL_2]] plus [EMAIL_9] and [EMAIL#00ff00ff] and "[EMAIL_2]'
    report = RestoreReport()
    out = restore_text(answer, mapping, report)
    assert out == 'ana@posteo.net and "ana@posteo.net" then [bo@mailbox.org] plus [EMAIL_9] and [EMAIL#00ff00ff] and "bo@mailbox.org'
    assert report.restored == 4
    assert report.unknown == ["[EMAIL_9]", "[EMAIL#00ff00ff]"]
    assert restore_text('[EMAIL_1]"[EMAIL_2]"', mapping) == 'ana@posteo.net"bo@mailbox.org"'


def test_a_json_token_written_with_its_quotes_comes_back_without_them() -> None:
    document = json.dumps({"phone": 4155550123, "note": "call +1 415 555 0199"})
    result = redact_text(document, fmt="json", entities="PHONE")
    assert '"[PHONE_1]"' in result.text  # a bare number became a quoted tag
    assert restore_text(result.text, result.mapping) == document


def test_a_text_full_of_tags_another_mapping_made_is_refused_promptly(tmp_path: Path) -> None:
    # Restoring with the wrong mapping: every tag of the text is unknown. Each was checked
    # against the list of those already noted, so the time grew with their number squared
    # (2 MB with 37,000 unknown tags: 4 s of CPU). The timeout guards a stall only.
    small = tmp_path / "small.txt"
    small.write_text("Write to ana@posteo.net today.\n", encoding="utf-8")
    mapping = tmp_path / "small.map"
    assert _aisec("redact", str(small), "--map", str(mapping), "-o", str(tmp_path / "small.red"), timeout=60).returncode == 0
    other = tmp_path / "other.red"
    other.write_text("".join(f"[EMAIL_{i}] [PHONE_{i}]\n" for i in range(2, 90_000)), encoding="utf-8")
    refused = _aisec("restore", "--map", str(mapping), str(other), timeout=30)
    assert refused.returncode == 2
    assert "placeholders not in the mapping: [EMAIL_2], [PHONE_2], [EMAIL_3]" in refused.stderr
    allowed = _aisec("restore", "--map", str(mapping), "--allow-unknown", str(other), timeout=30)
    assert allowed.returncode == 0 and allowed.stdout == other.read_text(encoding="utf-8")
