"""Bare identifier shapes (no context word): the checked ones (a check digit, a birth date) at
the default threshold, the others quiet by default and reported at a low confidence when
``min_confidence`` asks for them, never when the text names the value as something else.
Values are made here (check digits completed with python-stdnum)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from stdnum.de import idnr
from stdnum.gb import nhs
from stdnum.pl import pesel
from stdnum.se import personnummer

from aisec_cli.pii import PiiConfig, detect
from aisec_cli.pii.recognizers.bare import HIGHEST_LEVEL, HIGHEST_WEAK_LEVEL
from aisec_cli.pii.validators import de_passport_ok, icao_check_digit

LOW = 0.3


def complete(body: str, valid: Callable[[str], bool], suffix: str = "") -> str:
    """``body`` with the one final digit that makes ``valid`` accept it."""
    for digit in "0123456789":
        if valid(body + digit + suffix):
            return body + digit + suffix
    raise AssertionError(f"no check digit completes {body}")


PESEL = complete("8607150382", pesel.is_valid)  # born 1986-07-15
PNR_12 = complete("19870512384", personnummer.is_valid)  # born 1987-05-12, 12 digits
PNR_10 = PNR_12[2:8] + "-" + PNR_12[8:]  # the same number, 6+4 with a dash
IDNR = complete("4830156923", idnr.is_valid)  # one digit (3) twice, the check digit last
NHS = complete("482917306", nhs.is_valid)
NHS_SPACED = f"{NHS[:3]} {NHS[3:6]} {NHS[6:]}"
DE_PASSPORT_LOWER = ("c4829173" + str(icao_check_digit("C4829173"))).lower()
SSN = "287401953"
OFFSET = complete("000051973", nhs.is_valid)
UNIX_NHS = complete("148291730", nhs.is_valid)  # ten digits that are also Unix seconds (2016)


def in_prose(value: str) -> str:
    """``value`` inside a sentence that says nothing about it (alone, a text that is one value
    is read as that value: tests/pii/test_lone_values.py)."""
    return f"Please check {value} before Friday, thanks."


def found(text: str, entity: str, minimum: float = 0.5) -> list[str]:
    return [text[d.start : d.end] for d in detect(text, PiiConfig(min_confidence=minimum)) if d.entity == entity]


# The value proves itself (check digit; birth date) or has a NINO's prefix rules: reported by default.
CHECKED = [
    (PESEL, "NATIONAL_ID"),
    (PNR_12, "NATIONAL_ID"),
    (PNR_10, "NATIONAL_ID"),
    (IDNR, "NATIONAL_ID"),
    (NHS, "NATIONAL_ID"),
    (NHS_SPACED, "NATIONAL_ID"),
    ("je482915b", "NATIONAL_ID"),  # UK NINO, lower case, ungrouped
    ("JE482915B", "NATIONAL_ID"),
    (DE_PASSPORT_LOWER, "PASSPORT"),  # German serial, check digit, lower case
]
WEAK = [
    (UNIX_NHS, "NATIONAL_ID"),  # a valid NHS number that also reads as a time
    ("M482A7193", "PASSPORT"),  # Korean layout
    ("S123B4567", "PASSPORT"),  # digit groups are judged apart: 123 and 4567 are no counting run
    ("KLP482913", "PASSPORT"),  # three letters, six digits (Spain)
    ("GK4829173", "PASSPORT"),  # two letters, seven digits (UK, Italy)
    ("m482B7193", "PASSPORT"),  # mixed case: letters lead, so no commit hash
    ("A48291736", "PASSPORT"),  # a letter and eight digits (US; also many driver licences)
    ("B4829173", "PASSPORT"),  # a letter and seven digits (India)
    (SSN, "US_SSN"),  # nine digits in the SSA's issued ranges
]
BARE = CHECKED + WEAK


def test_the_values_are_what_they_claim() -> None:
    assert nhs.is_valid(OFFSET) and found(OFFSET, "NATIONAL_ID", LOW) == [OFFSET]
    assert pesel.is_valid(PESEL) and personnummer.is_valid(PNR_12) and personnummer.is_valid(PNR_10)
    assert idnr.is_valid(IDNR) and nhs.is_valid(NHS) and de_passport_ok(DE_PASSPORT_LOWER.upper())


@pytest.mark.parametrize(("value", "entity"), WEAK)
def test_default_threshold_reports_no_weak_bare_shape(value: str, entity: str) -> None:
    for text in (in_prose(value), f"{value} is fine", f"Ref {value}"):
        assert detect(text, PiiConfig()) == [], text


@pytest.mark.parametrize(("value", "entity"), CHECKED)
def test_default_threshold_reports_the_checked_shapes(value: str, entity: str) -> None:
    for text in (value, f"Please check {value} before Friday, thanks."):
        assert found(text, entity) == [value], text


@pytest.mark.parametrize(("value", "entity"), BARE)
def test_low_threshold_reports_each_bare_shape(value: str, entity: str) -> None:
    assert found(value, entity, LOW) == [value]
    text = f"Please check {value} before Friday, thanks."
    assert found(text, entity, LOW) == [value]


@pytest.mark.parametrize(("value", "entity"), BARE)
def test_only_checked_confidences_reach_the_default_threshold(value: str, entity: str) -> None:
    detections = detect(in_prose(value), PiiConfig(min_confidence=0.0))
    assert [d.entity for d in detections] == [entity]
    assert 0.0 < detections[0].confidence < 1.0
    assert (detections[0].confidence >= 0.5) == ((value, entity) in CHECKED)
    assert round(detections[0].confidence, 2) == detections[0].confidence


def test_confidence_follows_the_strength_of_the_evidence() -> None:
    def level(value: str) -> float:
        (only,) = detect(in_prose(value), PiiConfig(min_confidence=0.0))
        return only.confidence

    checksum_and_date = level(PESEL)
    assert checksum_and_date == level(PNR_12) == HIGHEST_LEVEL
    assert level(IDNR) < checksum_and_date  # a checksum without a date
    assert level("M482A7193") < level(IDNR)  # a distinctive letter-digit layout, no checksum
    assert level("A48291736") < level("M482A7193")  # a letter and eight digits: product codes too
    assert level("GK4829173") > level("Gk4829173") > level("gk4829173")  # printed documents use capitals
    assert level("gk4829173") < LOW  # all lower case: how code identifiers are written
    assert level(SSN) <= level("A48291736")
    assert level(UNIX_NHS) < 0.5 <= level(NHS)  # the same check digit, but also a time
    assert level("948291736") < LOW  # nine digits as a passport: the weakest, below 0.3


def test_a_threshold_between_levels_keeps_only_the_stronger_ones() -> None:
    text = f"{PESEL} / {IDNR} / M482A7193 / A48291736 / {UNIX_NHS}"
    assert found(text, "NATIONAL_ID", 0.65) == [PESEL]
    assert found(text, "NATIONAL_ID", 0.6) == [PESEL, IDNR]
    assert found(text, "NATIONAL_ID", 0.45) == [PESEL, IDNR]
    assert found(text, "NATIONAL_ID", 0.4) == [PESEL, IDNR, UNIX_NHS]
    assert found(text, "PASSPORT", 0.4) == []
    assert found(text, "PASSPORT", 0.35) == ["M482A7193"]
    assert found(text, "PASSPORT", LOW) == ["M482A7193", "A48291736"]


@pytest.mark.parametrize(
    "text",
    [
        "order AB4829173 shipped",
        "Order number: GK4829173",
        "SKU: KLP482913",
        "sku KLP482913 is back in stock",
        "invoice 287401953 is overdue",
        f"ticket {PESEL} was closed",
        "tracking no. A48291736",
        "version A48291736",
        "release 287401953",
        "item M482A7193 added",
        "v1.2.3.4 and 10.482.917.365",
        "fixed in d482a7193 and c48291736",  # short commit hashes
        "commit 3f9a2c18d4 and 4829173ab",
        "2024-01-15, 15.01.2024, 20240115",
        "https://shop.test/items/287401953?ref=A48291736",
        "#287401953 and issue-287401953",
        '{"id": 287401953, "sku": "GK4829173"}',
        "id=287401953&code=A48291736",
        "we write A12345678, AB1234567, 123456789, XYZ123456 and M12345678 in examples",
        "phone: 287401953",
        "see msg284764 and abc482917 on the tracker",  # lower-case identifiers
        "SSLError: [Errno 287401953] handshake failed",
        "binary 111101101 and 100101100",
        "M 120 482 917 3068 L 482 917 3068 120 z",  # a drawing's coordinates
        f"{OFFSET} 00000 n\n{complete('000048291', nhs.is_valid)} 00000 n",  # an offset table (valid NHS numbers)
        "2222222222 and 777777777",
        "DIGITS = '0123456789'; twenty chars 234567890",  # counting runs (0123456789 passes mod 11)
        "limit 268435456, upload 104857600, 2147483648",  # byte sizes
        "return 0!==(134217727&e)?32:8",  # a bit mask
        "regexp.MustCompile(`GR1348941[\\w-]{20}`)",
        f"author-time {NHS}",
        f"(merge {NHS} js/larger-timestamps later to maint)",  # an all-digit short commit hash
        f"tagger Dev <dev@mail.test> {NHS} +0000",  # a timestamp and its zone
        f"tagger Dev <dev@mail.test> {NHS} +  30",
        '{"text": "{\\"distance\\": 287401953}"}',  # a key inside an escaped string
        f"call me on {NHS_SPACED}",
    ],
)
def test_negative_shapes_stay_quiet_at_the_low_threshold(text: str) -> None:
    reported = [(d.entity, text[d.start : d.end]) for d in detect(text, PiiConfig(min_confidence=LOW))]
    assert [r for r in reported if r[0] in ("PASSPORT", "NATIONAL_ID", "US_SSN", "US_DRIVER_LICENSE")] == []


def test_a_phone_number_stays_a_phone_number() -> None:
    text = f"Tel.: +1 {NHS[:3]} 555 0147 or {NHS_SPACED} (mobile)"
    for minimum in (0.5, LOW):
        entities = {d.entity for d in detect(text, PiiConfig(min_confidence=minimum))}
        assert "NATIONAL_ID" not in entities and "PHONE" in entities


def test_context_detections_keep_their_confidence_at_the_low_threshold() -> None:
    text = f"My pesel is {PESEL}. Passport no. GK4829173."
    default = detect(text, PiiConfig())
    assert detect(text, PiiConfig(min_confidence=LOW)) == default
    assert all(d.confidence >= 0.5 for d in default) and len(default) == 2


def test_nothing_is_generated_above_the_levels_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the weak levels the weak shapes are not even looked for, above every level no
    shape is (dense-text speed)."""
    from aisec_cli.pii.recognizers import bare

    calls: list[str] = []
    scan_shapes, read_tokens = bare._scan_shapes, bare._read_tokens
    monkeypatch.setattr(bare, "_scan_shapes", lambda scan: calls.append("scan") or scan_shapes(scan))
    monkeypatch.setattr(bare, "_read_tokens", lambda scan, tokens: calls.append("read") or read_tokens(scan, tokens))
    text = f"record {PESEL} and M482A7193"
    assert found(text, "NATIONAL_ID") == [PESEL] and found(text, "PASSPORT") == []
    assert calls == ["read", "read"]
    calls.clear()
    detect(text, PiiConfig(min_confidence=HIGHEST_WEAK_LEVEL + 0.01))
    detect(text, PiiConfig(min_confidence=HIGHEST_LEVEL + 0.01))
    assert calls == ["read"]
    calls.clear()
    detect(text, PiiConfig(min_confidence=HIGHEST_WEAK_LEVEL))
    assert calls == ["scan", "read"]


def test_cli_min_confidence_option_and_config(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = f"We got {UNIX_NHS} and M482A7193 yesterday, order AB4829173.\n"
    source = tmp_path / "note.txt"
    source.write_text(text, encoding="utf-8")
    default = aisec("redact", str(source), cwd=tmp_path)
    assert default.code == 0 and default.stdout == text
    low = aisec("redact", "--min-confidence", "0.3", str(source), cwd=tmp_path)
    assert low.code == 0, low.stderr
    assert low.stdout == "We got [NATIONAL_ID_1] and [PASSPORT_1] yesterday, order AB4829173.\n"
    check = aisec("redact", "--check", "--min-confidence", "0.3", "-f", "json", str(source), cwd=tmp_path)
    assert check.code == 1
    assert UNIX_NHS not in check.stdout and '"NATIONAL_ID"' in check.stdout
    (tmp_path / "pyproject.toml").write_text("[tool.aisec.redact]\nmin-confidence = 0.3\n", encoding="utf-8")
    configured = aisec("redact", str(source), cwd=tmp_path)
    assert configured.code == 0 and configured.stdout == low.stdout


def test_csv_free_text_cell_and_named_column() -> None:
    """In a CSV, a bare shape inside a sentence of a free-text cell counts at the low threshold;
    a whole cell under a column that names something else does not."""
    text = f"id,notes,order_ref\n1,\"She wrote {PESEL} on the form, then left\",{IDNR}\n"
    config = PiiConfig(min_confidence=LOW, fmt="csv")
    found_values = [(d.entity, text[d.start : d.end]) for d in detect(text, config)]
    assert ("NATIONAL_ID", PESEL) in found_values
    assert all(value != IDNR for _, value in found_values)
    default = [text[d.start : d.end] for d in detect(text, PiiConfig(fmt="csv")) if d.entity == "NATIONAL_ID"]
    assert default == [PESEL]  # checked: by default too; the column still names the other
    named = f"id,notes\n1,\"see order {PESEL} and invoice {PNR_12}\"\n"
    assert [d for d in detect(named, config) if d.entity == "NATIONAL_ID"] == []


def test_the_library_takes_the_threshold_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``aisec_cli.api.redact_text(..., min_confidence=0.3)`` as ``--min-confidence 0.3``."""
    from aisec_cli.pii.api import redact_text

    text = f"Anna Kowalska, {UNIX_NHS}\n"
    assert UNIX_NHS in redact_text(text, root=tmp_path).text
    low = redact_text(text, root=tmp_path, min_confidence=LOW)
    assert UNIX_NHS not in low.text and "NATIONAL_ID" in low.entities
    with pytest.raises(ValueError, match="between 0 and 1"):
        redact_text(text, root=tmp_path, min_confidence=3)
