"""``aisec redact`` / ``aisec restore`` end to end (real subprocess)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from tests.pii.factory import PiiFactory

F = PiiFactory(seed=23)


def test_stdin_to_stdout_and_restore_byte_for_byte(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = F.card("4", 16)
    text = f"Hi Maria,\nmy card is {card} and my mail Lukas.Berger@posteo.net (or lukas.berger@posteo.net).\n"
    map_path = tmp_path / "chat.map"
    redacted = aisec("redact", "-", "--map", str(map_path), stdin=text)
    assert redacted.code == 0, redacted.stderr
    assert card not in redacted.stdout and "posteo" not in redacted.stdout
    assert redacted.stdout.count("[EMAIL_1]") == 2
    assert stat.S_IMODE(map_path.stat().st_mode) == 0o600
    restored = aisec("restore", "--map", str(map_path), stdin=redacted.stdout)
    assert restored.code == 0 and restored.stdout == text
    answer = aisec("restore", "--map", str(map_path), "-", stdin="Dear [PERSON_1], card [CREDIT_CARD_1] is blocked.")
    assert answer.stdout == f"Dear Maria, card {card} is blocked."


def test_existing_map_needs_force(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    map_path = tmp_path / "m.map"
    map_path.write_text("keep me", encoding="utf-8")
    refused = aisec("redact", "-", "--map", str(map_path), stdin="mail ola@posteo.net\n")
    assert refused.code == 2 and "--force" in refused.stderr
    assert map_path.read_text(encoding="utf-8") == "keep me"
    forced = aisec("redact", "-", "--map", str(map_path), "--force", stdin="mail ola@posteo.net\n")
    assert forced.code == 0 and "ola@posteo.net" in map_path.read_text(encoding="utf-8")


def test_encrypted_map_with_key_from_environment(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    map_path = tmp_path / "m.map"
    env = {"PII_MAP_KEY": "a long passphrase for the map"}
    out = aisec("redact", "-", "--map", str(map_path), "--map-key-env", "PII_MAP_KEY", stdin="mail ola@posteo.net\n", env=env)
    assert out.code == 0
    assert b"ola@posteo.net" not in map_path.read_bytes()
    back = aisec("restore", "--map", str(map_path), "--map-key-env", "PII_MAP_KEY", stdin=out.stdout, env=env)
    assert back.stdout == "mail ola@posteo.net\n"
    wrong = aisec("restore", "--map", str(map_path), "--map-key-env", "PII_MAP_KEY", stdin=out.stdout, env={"PII_MAP_KEY": "nope"})
    assert wrong.code == 2 and "wrong key" in wrong.stderr


def test_check_exit_codes_and_json_without_values(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = F.card("4", 16)
    dirty = tmp_path / "data" / "users.csv"
    dirty.parent.mkdir()
    dirty.write_text(f"name,email,card\nMaria Rossi,maria@posteo.net,{card}\n", encoding="utf-8")
    clean = tmp_path / "data" / "notes.txt"
    clean.write_text("release 10.2.14.7 is out\n", encoding="utf-8")
    assert aisec("redact", "--check", str(clean)).code == 0
    result = aisec("redact", "--check", "--format", "json", str(tmp_path / "data"), cwd=tmp_path)
    assert result.code == 1
    assert card not in result.stdout and "maria@posteo.net" not in result.stdout and "Maria" not in result.stdout
    report = json.loads(result.stdout)
    records = report["extra"]["detections"]
    assert {r["entity"] for r in records} == {"PERSON", "EMAIL", "CREDIT_CARD"}
    first = records[0]
    assert set(first) >= {"path", "line", "column", "start", "end", "entity", "rule_id", "confidence"}
    text = dirty.read_text(encoding="utf-8")
    assert all(text[r["start"] : r["end"]] for r in records)
    email = next(r for r in records if r["entity"] == "EMAIL")
    assert text[email["start"] : email["end"]] == "maria@posteo.net" and email["rule_id"] == "PII101"
    assert dirty.read_text(encoding="utf-8") == text  # --check changes nothing


def test_in_place_and_entities(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "fixture.txt"
    path.write_text("Call +44 20 7946 0018 or mail ola@posteo.net\n", encoding="utf-8")
    os.chmod(path, 0o604)
    out = aisec("redact", "--in-place", "--entities", "EMAIL", str(path))
    assert out.code == 0
    assert path.read_text(encoding="utf-8") == "Call +44 20 7946 0018 or mail [EMAIL_1]\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o604
    bad = aisec("redact", "--entities", "NOPE", str(path))
    assert bad.code == 2 and "NOPE" in bad.stderr


def test_binary_input_is_refused(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blob = tmp_path / "x.bin"
    blob.write_bytes(b"\x00\x01ola@posteo.net\x00")
    out = aisec("redact", "--in-place", str(blob))
    assert blob.read_bytes() == b"\x00\x01ola@posteo.net\x00"
    assert "binary" in out.stderr


def test_operators_from_the_command_line(aisec) -> None:  # type: ignore[no-untyped-def]
    card = F.card("4", 16)
    masked = aisec("redact", "-", "--operator", "mask", stdin=f"card {card}\n")
    assert masked.stdout == f"card {'*' * 12}{card[-4:]}\n"
    env = {"PII_HASH_KEY": "k"}
    first = aisec("redact", "-", "--operator", "hash", "--hash-key-env", "PII_HASH_KEY", stdin="ola@posteo.net\n", env=env)
    second = aisec("redact", "-", "--operator", "hash", "--hash-key-env", "PII_HASH_KEY", stdin="OLA@posteo.net\n", env=env)
    assert first.stdout == second.stdout and first.stdout.startswith("[EMAIL#")
    removed = aisec("redact", "-", "--operator", "redact", stdin="mail ola@posteo.net!\n")
    assert removed.stdout == "mail !\n"


def test_format_json_alone_lists_detections_instead_of_text(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "note.txt"
    path.write_text("Hi Anna,\nmail anna.berg@posteo.net\n", encoding="utf-8")
    out = aisec("redact", "--format", "json", str(path), cwd=tmp_path)
    assert out.code == 0
    records = json.loads(out.stdout)["extra"]["detections"]
    assert [(r["entity"], r["line"], r["column"]) for r in records] == [("PERSON", 1, 4), ("EMAIL", 2, 6)]
    assert "anna.berg" not in out.stdout


def test_restore_strict_reports_unknown_tags(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    map_path = tmp_path / "m.map"
    assert aisec("redact", "-", "--map", str(map_path), stdin="mail anna.berg@posteo.net\n").code == 0
    lenient = aisec("restore", "--map", str(map_path), "--allow-unknown", stdin="to [EMAIL_1] and [EMAIL_7]")
    assert lenient.code == 0 and lenient.stdout == "to anna.berg@posteo.net and [EMAIL_7]"
    assert "[EMAIL_7]" in lenient.stderr
    strict = aisec("restore", "--map", str(map_path), "--allow-unknown", "--strict", stdin="to [EMAIL_7]")
    assert strict.code == 1
    refused = aisec("restore", "--map", str(map_path), stdin="to [EMAIL_7]")
    assert refused.code == 2 and refused.stdout == "" and "[EMAIL_7]" in refused.stderr
