"""National identifiers whose value carries its own proof (a check digit, a birth date) are
reported at the default threshold with no context word, in the documents they turn up in (a
form, a CSV export, a chat message); the same shapes with a wrong check digit or an impossible
date, phone numbers, order numbers, timestamps and numbers in code stay quiet.

Values are made here: check digits are completed with python-stdnum (an implementation apart
from aisec's own validators, which the first tests compare against it)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from stdnum.de import idnr
from stdnum.gb import nhs
from stdnum import luhn
from stdnum.iso7064 import mod_11_10
from stdnum.pl import pesel
from stdnum.se import personnummer

from aisec_cli.pii import PiiConfig, detect
from aisec_cli.pii.validators import de_idnr_ok, icao_check_digit, nhs_ok, personnummer_ok, pesel_ok


def complete(body: str, valid: Callable[[str], bool], suffix: str = "") -> str:
    """``body`` with the one final digit that makes ``valid`` accept it."""
    for digit in "0123456789":
        if valid(body + digit + suffix):
            return body + digit + suffix
    raise AssertionError(f"no check digit completes {body}")


def wrong(value: str) -> str:
    """``value`` with its last digit changed."""
    return value[:-1] + str((int(value[-1]) + 3) % 10)


PESEL_1978 = complete("7811230475", pesel.is_valid)  # born 1978-11-23
PESEL_2004 = complete("0426190863", pesel.is_valid)  # born 2004-06-19 (month + 20)
PNR_12 = complete("19680314627", personnummer.is_valid)  # born 1968-03-14
PNR_DASH = PNR_12[2:8] + "-" + PNR_12[8:]
PNR_PLAIN = PNR_12[2:]
SAMORDNING = "19" + complete("750274418", luhn.is_valid)  # coordination number: day 14 + 60 (Luhn over ten digits)
IDNR = complete("5937201654", idnr.is_valid)  # the 5 twice in the first ten
NHS = complete("485777345", nhs.is_valid)
NHS_SPACED = f"{NHS[:3]} {NHS[3:6]} {NHS[6:]}"
NHS_ZERO_EXCHANGE = complete("413029518", nhs.is_valid)  # 413-029-…: no exchange starts with 0
DE_PASSPORT = "c7r4k2f9" + str(icao_check_digit("C7R4K2F9"))  # German serial, lower case


def found(text: str, entity: str = "NATIONAL_ID", minimum: float | None = None) -> list[str]:
    config = PiiConfig() if minimum is None else PiiConfig(min_confidence=minimum)
    return [text[d.start : d.end] for d in detect(text, config) if d.entity == entity]


def test_own_validators_agree_with_python_stdnum() -> None:
    rng = random.Random(16)
    for _ in range(3000):
        digits = "".join(rng.choice("0123456789") for _ in range(11))
        assert nhs_ok(digits[:10]) == nhs.is_valid(digits[:10]), digits[:10]
        assert de_idnr_ok(digits) == idnr.is_valid(digits), digits
        if pesel_ok(digits):
            assert pesel.is_valid(digits), digits
    for value in (PESEL_1978, PESEL_2004):
        assert pesel_ok(value)
    for value in (PNR_12, PNR_DASH, PNR_PLAIN):
        assert personnummer_ok(value) and personnummer.is_valid(value), value
    assert personnummer_ok(SAMORDNING) and not personnummer_ok(SAMORDNING[:6] + "94" + SAMORDNING[8:])
    assert de_idnr_ok(IDNR) and nhs_ok(NHS) and nhs_ok(NHS_ZERO_EXCHANGE)


def test_plausible_birth_dates_only() -> None:
    """A PESEL of a person born in the 1800s or after this year is no one's today."""
    eighteen_hundreds = complete("7891230475", pesel.is_valid)  # month 91: 1878-11
    future = complete("9862190863", pesel.is_valid)  # month 62: 2298 (the month offset 60)
    assert pesel.is_valid(eighteen_hundreds) and pesel.is_valid(future)
    assert not pesel_ok(eighteen_hundreds) and not pesel_ok(future)
    assert not pesel_ok(wrong(PESEL_1978))
    assert not personnummer_ok("19681314" + PNR_12[8:])  # month 13
    assert not personnummer_ok(wrong(PNR_12))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (f"Imię i nazwisko: Jan Nowak\nNumer: {PESEL_1978}\n", PESEL_1978),
        (f"id,name,notes\n7,Anna Kowalska,\"nowy numer {PESEL_2004}, od maja\"\n", PESEL_2004),
        (f"[10:42] kasia: mój numer to {PESEL_1978}, wpisz go proszę", PESEL_1978),
        (f"Sökande: Eva Lind, {PNR_12}, Göteborg", PNR_12),
        (f"eva.lind | {PNR_DASH} | aktiv", PNR_DASH),
        (f"Hej! Skickar {PNR_PLAIN} som du bad om.", PNR_PLAIN),
        (f"Samordningsnummer {SAMORDNING[:8]}-{SAMORDNING[8:]} registrerat.", f"{SAMORDNING[:8]}-{SAMORDNING[8:]}"),
        (f"Antragsteller: Max Weber\nIdentnummer {IDNR}\n", IDNR),
        (f"ward,notes\nB4,\"admitted, {NHS_SPACED} on the wristband\"\n", NHS_SPACED),
        (f"Patient {NHS} was transferred on Monday.", NHS),
        (f"NHS-style number {NHS_ZERO_EXCHANGE[:3]}-{NHS_ZERO_EXCHANGE[3:6]}-{NHS_ZERO_EXCHANGE[6:]} on file", None),
        (f"Please renew {NHS_ZERO_EXCHANGE[:3]}-{NHS_ZERO_EXCHANGE[3:6]}-{NHS_ZERO_EXCHANGE[6:]} before May.", None),
    ],
)
def test_checked_identifiers_count_without_a_label(text: str, value: str | None) -> None:
    if value is None:  # the dashed NHS number whose middle group no phone number has
        value = f"{NHS_ZERO_EXCHANGE[:3]}-{NHS_ZERO_EXCHANGE[3:6]}-{NHS_ZERO_EXCHANGE[6:]}"
    fmt = "csv" if text.startswith(("id,", "ward,")) else "auto"
    detections = [d for d in detect(text, PiiConfig(fmt=fmt)) if d.entity == "NATIONAL_ID"]
    assert [text[d.start : d.end] for d in detections] == [value], text
    assert all(d.confidence >= 0.5 for d in detections)


def test_german_passport_and_nino_in_lower_case_count_alone() -> None:
    assert found(f"Reisedokument {DE_PASSPORT} liegt vor", "PASSPORT") == [DE_PASSPORT]
    assert found(f"ich hab {DE_PASSPORT} eingetragen", "PASSPORT") == [DE_PASSPORT]
    counting = "f0123456" + str(icao_check_digit("F0123456"))  # digits counting up, the check digit right
    assert found(f"Pass {counting.upper()} / {counting}", "PASSPORT") == [counting.upper(), counting]
    assert found(f"ich hab {wrong(DE_PASSPORT)} eingetragen", "PASSPORT") == []
    assert found("my ni is jt482916c, thanks") == ["jt482916c"]
    assert found("Candidate JT482916C joined in March") == ["JT482916C"]


@pytest.mark.parametrize(
    "text",
    [
        f"Numer: {wrong(PESEL_1978)}",  # wrong check digit
        f"Numer: {PESEL_1978[:2]}13{PESEL_1978[4:]}",  # month 13
        f"Sökande: {wrong(PNR_12)}",
        f"Sökande: {PNR_12[:6]}32{PNR_12[8:]}",  # day 32
        f"Identnummer {wrong(IDNR)}",
        f"Identnummer {complete('3917204685', mod_11_10.is_valid)}",  # ten different digits: no tax id
        f"Patient reference {wrong(NHS)} was transferred",
        f"Order {PESEL_1978} shipped on Monday",  # named as something else
        f"invoice no. {IDNR}",
        f"Tracking number {NHS_SPACED}",
        f"call me on {NHS_SPACED}",  # a phone number
        f"Tel. {NHS_ZERO_EXCHANGE[:3]}-{NHS_ZERO_EXCHANGE[3:6]}-{NHS_ZERO_EXCHANGE[6:]}",
        f"MAX_ROWS = {PESEL_1978}",  # a constant in code
        f'{{"seed": {IDNR}, "size": 4}}',
        f"offsets {PESEL_1978} {IDNR} {NHS}",  # numbers in a row
        f"https://shop.test/p/{PESEL_1978}",
        f"ticket {PNR_PLAIN} closed",
        "12345678903 and 01234567890",  # counting runs
        "1111111111",  # one digit: a placeholder (and a valid NHS number)
        f"build v{DE_PASSPORT}",
        "SKU: jt482916c",
    ],
)
def test_same_shapes_that_are_not_identifiers(text: str) -> None:
    assert found(text) == [] and found(text, "PASSPORT") == [], text


def _unix_time_with_valid_nhs() -> str:
    for seconds in range(1_700_000_000, 1_700_000_100):
        if nhs.is_valid(str(seconds)):
            return str(seconds)
    raise AssertionError("no candidate")


def _stamp_with_valid_personnummer() -> str:
    for minute in range(60):
        stamp = f"20231201{14:02d}{minute:02d}"
        if personnummer.is_valid(stamp):
            return stamp
    raise AssertionError("no candidate")


def _short_stamp_with_valid_personnummer() -> str:
    for minute in range(60):
        stamp = f"231201{9:02d}{minute:02d}"  # YYMMDDhhmm: a build number
        if personnummer.is_valid(stamp):
            return stamp
    raise AssertionError("no candidate")


@pytest.mark.parametrize(
    "make",
    [
        lambda: f"created at {_unix_time_with_valid_nhs()} by the job",
        lambda: f"uploaded {_short_stamp_with_valid_personnummer()} from the runner",
        lambda: f"backup {_stamp_with_valid_personnummer()} finished",
        lambda: f"- {_unix_time_with_valid_nhs()}",
    ],
)
def test_timestamps_that_pass_a_check_digit_stay_below_the_default(make: Callable[[], str]) -> None:
    text = make()
    assert found(text) == [], text


def test_a_valid_phone_number_stays_a_phone_number() -> None:
    """A dashed 3-3-4 number that a phone plan knows is a phone number, NHS check or not."""
    import phonenumbers

    for body in ("212736503", "415867230", "646201938"):
        value = complete(body, nhs.is_valid)
        assert phonenumbers.is_valid_number(phonenumbers.parse(value, "US")), value
        dashed = f"{value[:3]}-{value[3:6]}-{value[6:]}"
        entities = {d.entity for d in detect(f"Reach the desk at {dashed} today", PiiConfig())}
        assert entities == {"PHONE"}, dashed


def test_cli_redacts_checked_identifiers_by_default(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "chat.txt"
    source.write_text(f"anna: mój numer {PESEL_1978}\neva: och mitt är {PNR_DASH}\n", encoding="utf-8")
    result = aisec("redact", str(source), cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert PESEL_1978 not in result.stdout and PNR_DASH not in result.stdout
    assert "[NATIONAL_ID_1]" in result.stdout and "[NATIONAL_ID_2]" in result.stdout
