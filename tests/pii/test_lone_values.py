"""A text that is nothing but one identifier-shaped value (a form field, a cell handed over on
its own, one value piped to ``aisec redact``) is read as that value: the weak bare shapes are
reported at the default threshold there, while the same shapes inside any other text stay
quiet. Values are made here; check digits completed with the house validators."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.pii import PiiConfig, detect
from aisec_cli.pii.engine import Redactor
from aisec_cli.pii.stream import chunks
from aisec_cli.pii.validators import de_idnr_labelled_ok, de_idnr_ok


def complete(body: str, valid: Callable[[str], bool]) -> str:
    for digit in "0123456789":
        if valid(body + digit):
            return body + digit
    raise AssertionError(f"no check digit completes {body}")


# Ten distinct digits counting down, then the check digit: the label rule accepts it, the
# official digit rule (one digit twice or three times) does not.
IDNR_DISTINCT = complete("8642097531", de_idnr_labelled_ok)
IDNR_COUNTING = complete("2345678901", de_idnr_labelled_ok)  # a counting run

LONE = [
    ("KLP482913", "PASSPORT"),  # three letters, six digits
    ("klp482913", "PASSPORT"),  # … typed in lower case
    ("KlP482913", "PASSPORT"),
    ("GK4829173", "PASSPORT"),  # two letters, seven digits
    ("gk4829173", "PASSPORT"),
    ("M482A7193", "PASSPORT"),  # Korean layout
    ("m482B7193", "PASSPORT"),
    ("M482a7193", "PASSPORT"),
    ("s48291736", "PASSPORT"),  # a letter and eight digits
    ("A48291736", "PASSPORT"),
    ("B4829173", "PASSPORT"),  # a letter and seven digits (India)
    ("948291736", "PASSPORT"),  # nine digits outside the SSN's issued ranges
    ("287401953", "US_SSN"),  # nine digits in the SSA's issued ranges
    (IDNR_DISTINCT, "NATIONAL_ID"),
    (IDNR_COUNTING, "NATIONAL_ID"),
]


def found(text: str, minimum: float = 0.5) -> list[tuple[str, str]]:
    return [(d.entity, text[d.start : d.end]) for d in detect(text, PiiConfig(min_confidence=minimum))]


def test_the_values_are_what_they_claim() -> None:
    assert de_idnr_labelled_ok(IDNR_DISTINCT) and not de_idnr_ok(IDNR_DISTINCT)
    assert de_idnr_labelled_ok(IDNR_COUNTING) and not de_idnr_ok(IDNR_COUNTING)


@pytest.mark.parametrize(("value", "entity"), LONE)
def test_a_lone_value_is_reported_at_the_default_threshold(value: str, entity: str) -> None:
    for text in (value, f"  {value}\n", f"{value}\r\n"):
        assert found(text) == [(entity, value)], repr(text)


@pytest.mark.parametrize(("value", "entity"), LONE)
def test_the_same_value_in_other_text_stays_quiet(value: str, entity: str) -> None:
    for text in (
        f"Please check {value} before Friday.",
        f"{value} and 12",
        f"{value}\n{value[:-1]}0\n",  # a list of codes, one a line
        f"ref: {value}",
    ):
        assert [f for f in found(text) if f[0] == entity] == [], text


@pytest.mark.parametrize(
    "text",
    [
        "d482a7193",  # a short commit hash
        "123456789",  # a counting run and a published sample SSN
        "111111111",
        "268435456",  # a power of two
        "chainlit",
        "v482917365",
        "AB-4829173",
        "482917365.5",
        "F12345678",  # one letter and counting digits: how examples are written
        "M1234567",
        "912345678",
        "abc123456",  # the letters count too
        "ABC123456",
        "GK1111111",  # one digit over and over
    ],
)
def test_a_lone_value_that_is_no_identifier_stays_quiet(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize("value", ["GK1234567", "gk1234567", "KLP123456", "kLp123456"])
def test_a_lone_passport_layout_of_letters_and_counting_digits_is_reported(value: str) -> None:
    # Two or three letters before the digits are a country's passport layout: handed over on
    # its own, the value is what was asked about, even if its digits happen to count up.
    assert found(value) == [("PASSPORT", value)]


@pytest.mark.parametrize(
    "text",
    [
        "GK1234567 and KL2345678",  # a line of counting runs lists examples
        "Use GK1234567 as the sample value.",
    ],
)
def test_counting_digits_in_any_other_text_stay_examples(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M482A7193 and S295B8041", [("PASSPORT", "M482A7193"), ("PASSPORT", "S295B8041")]),
        ("KLP482913, GK4829173", [("PASSPORT", "KLP482913"), ("PASSPORT", "GK4829173")]),
        (" 287401953 / 948291736 ", [("US_SSN", "287401953"), ("PASSPORT", "948291736")]),
        # an SSN whose dashes are misplaced (3-6, 5-4): only a text of such values says so
        ("287-401953", [("US_SSN", "287-401953")]),
        ("287-401953 28740-1953", [("US_SSN", "287-401953"), ("US_SSN", "28740-1953")]),
    ],
)
def test_a_line_of_nothing_but_values_reads_each_as_a_value(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "M482A7193 and S295B8041 today",
        "M482A7193\nS295B8041",  # one a line: a listing, not a field
        "M482A7193 and 12",
        "call 287-401953 today",
        "287-401953 ext 12",
        "000-401953",  # no SSN has area 000
        "078-051120",  # the published sample number
        "2874-01953",
        f"{IDNR_COUNTING} and {IDNR_DISTINCT}",  # a counting run among values: an example
    ],
)
def test_values_with_anything_else_stay_quiet(text: str) -> None:
    assert [f for f in found(text) if f[0] in ("PASSPORT", "US_SSN") or f[1] == IDNR_COUNTING] == []


def test_a_streamed_file_whose_last_piece_is_one_value_is_not_a_lone_value(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    filler = "".join(f"line {i} of the shipping notes, nothing personal here\n" for i in range(200))[:4089] + "\n"
    # The first 4096 characters are cut at the filler's last line end: the value, with no
    # line end after it, is the second piece on its own.
    path.write_text(filler + "KLP482913", encoding="utf-8")
    pieces = list(chunks([filler + "KLP482913"[:6], "KLP482913"[6:]], "text", 4096))
    assert pieces == [filler, "KLP482913"]
    redactor = Redactor(PiiConfig(), chunk_chars=4096)
    result, _ = redactor.redact_file(path, "notes.txt", None)
    assert [d.detection.entity for d in result.detections] == []
    alone = tmp_path / "field.txt"
    alone.write_text("KLP482913\n", encoding="utf-8")
    result, _ = Redactor(PiiConfig(), chunk_chars=4096).redact_file(alone, "field.txt", None)
    assert [d.detection.entity for d in result.detections] == ["PASSPORT"]


def test_redact_replaces_a_lone_value_on_stdin(aisec) -> None:  # type: ignore[no-untyped-def]
    out = aisec("redact", "-", stdin="KLP482913\n")
    assert out.code == 0, out.stderr
    assert "KLP482913" not in out.stdout and "PASSPORT" in out.stdout
    kept = aisec("redact", "-", stdin="Order KLP482913 ships Friday.\n")
    assert kept.code == 0, kept.stderr
    assert "KLP482913" in kept.stdout
