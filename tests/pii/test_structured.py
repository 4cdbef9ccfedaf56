"""Structure is kept: CSV per cell, JSON/JSONL per string value, logs line by line."""

from __future__ import annotations

import csv
import io
import json

from aisec_cli.pii.api import redact_text, restore_text
from tests.pii.factory import PiiFactory

F = PiiFactory(seed=11)


def test_csv_cells_stay_cells() -> None:
    card = F.card("4", 16)
    rows = [
        ["id", "full_name", "email", "address", "note"],
        ["1", "Ola Nordmann", "ola@posteo.net", "12 Elm Street, Springfield, IL 62704", f'paid with "{card}", thanks'],
        ["2", "Kari Hansen", "kari@posteo.net", "Lindenstraße 12\n10969 Berlin", "multi\nline"],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    text = buffer.getvalue()
    result = redact_text(text, fmt="csv")
    parsed = list(csv.reader(io.StringIO(result.text)))
    assert len(parsed) == 3 and all(len(r) == 5 for r in parsed)
    assert parsed[1][1] == "[PERSON_1]" and parsed[1][2] == "[EMAIL_1]"
    assert parsed[1][3] == "[STREET_ADDRESS_1]" and parsed[2][3] == "[STREET_ADDRESS_2]"
    assert parsed[1][4] == 'paid with "[CREDIT_CARD_1]", thanks'
    assert parsed[0] == rows[0] and parsed[1][0] == "1"
    assert restore_text(result.text, result.mapping) == text


def test_json_document_still_parses() -> None:
    document = {
        "customer": {"name": "Ola Nordmann", "email": "ola@posteo.net", "phone": "+47 412 34 567"},
        "tags": ["vip", "ola@posteo.net"],
        "card": int(F.card("4", 16)),
        "note": 'He said "call +44 20 7946 0018"',
        "count": 3,
    }
    text = json.dumps(document, indent=2, ensure_ascii=False)
    result = redact_text(text, fmt="json")
    parsed = json.loads(result.text)
    assert parsed["customer"] == {"name": "[PERSON_1]", "email": "[EMAIL_1]", "phone": "[PHONE_1]"}
    assert parsed["tags"] == ["vip", "[EMAIL_1]"]
    assert parsed["card"] == "[CREDIT_CARD_1]" and parsed["count"] == 3
    assert parsed["note"] == 'He said "call [PHONE_2]"'
    assert restore_text(result.text, result.mapping) == text


def test_jsonl_every_line_parses() -> None:
    lines = [json.dumps({"user": f"user{i}@posteo.net", "ip": F.ipv4(), "n": i}) for i in range(20)]
    text = "\n".join(lines) + "\n"
    result = redact_text(text, fmt="jsonl")
    out = [json.loads(line) for line in result.text.splitlines()]
    assert len(out) == 20
    assert all(row["user"].startswith("[EMAIL_") and row["ip"].startswith("[IP_ADDRESS_") for row in out)
    assert [row["n"] for row in out] == list(range(20))


def test_log_lines_keep_their_shape() -> None:
    ip = F.ipv4()
    text = (
        f"2024-05-01T10:00:00Z INFO [auth] login ok user=ola@posteo.net from={ip}\n"
        "2024-05-01T10:00:01Z INFO [auth] version=10.2.14.7 latency_ms=12\n"
    )
    result = redact_text(text, fmt="log")
    first, second = result.text.splitlines()
    assert first == "2024-05-01T10:00:00Z INFO [auth] login ok user=[EMAIL_1] from=[IP_ADDRESS_1]"
    assert second == text.splitlines()[1]
