"""Formats and contexts from a peer PII tool's published recognizer tests (facts used as data).

The values below are the peer's published test strings (Microsoft Presidio, MIT) or were made
for these tests; none is a real person's number.
"""

from __future__ import annotations

import pytest

from aisec_cli.pii import PiiConfig, detect
from aisec_cli.pii.validators import (
    de_idnr_labelled_ok,
    de_passport_ok,
    dni_ok,
    icao_check_digit,
)


def values(text: str, entity: str) -> list[str]:
    return [text[d.start : d.end] for d in detect(text, PiiConfig()) if d.entity == entity]


# ---- a document's name a few words before the number ------------------------------------------------
@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("my passport number is hi bye hello 912803456", "PASSPORT", "912803456"),
        ("Her passport, the new one, is K48203917.", "PASSPORT", "K48203917"),
        ("my driver license is hi bye hello H12234567", "US_DRIVER_LICENSE", "H12234567"),
        ("my social security number is hi bye 512443187", "US_SSN", "512443187"),
    ],
)
def test_other_words_between_the_name_and_the_number(text: str, entity: str, value: str) -> None:
    assert values(text, entity) == [value]


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("Bring your passport and ticket K48203917", "PASSPORT"),  # the number is the ticket's
        ("passport expires on 20301231", "PASSPORT"),  # a date
        ("my passport photo was taken at booth 912803456", "PASSPORT"),  # too many words between
        ("The passport office is closed, order A12345678 shipped", "PASSPORT"),
        ("she lost her passport and her boarding pass AB1234567", "PASSPORT"),
        ("Passport renewals. Queue 912803456", "PASSPORT"),  # another sentence
        ("passport photos: booth 912803456", "PASSPORT"),  # the words after the name are no label
        ("the dl link is broken, try 20240115 again", "US_DRIVER_LICENSE"),  # "dl" alone stays strict
        ("MIT license, see the file 12345678", "US_DRIVER_LICENSE"),
        ("social security office: call 512443187", "US_SSN"),
    ],
)
def test_words_between_that_name_something_else(text: str, entity: str) -> None:
    assert values(text, entity) == []


# ---- label words written without spaces ---------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("mypassportnumberis912803456", "PASSPORT", "912803456"),
        ("My finnish id code is030594W903B.", "NATIONAL_ID", "030594W903B"),
        ("My swedish id code is199003052397.", "NATIONAL_ID", "199003052397"),
    ],
)
def test_label_words_run_together(text: str, entity: str, value: str) -> None:
    assert values(text, entity) == [value]


def test_a_run_on_word_that_is_not_a_label_stays_unreported() -> None:
    assert values("passportphotobooth912803456", "PASSPORT") == []
    assert values("My swedish id code is199003052398.", "NATIONAL_ID") == []  # bad check digit


# ---- German passports: the ninth character is an ICAO check digit ------------------------------------
@pytest.mark.parametrize("value", ["C01X00T41", "C01234565", "F12345671", "L01X00T44", "CZ6311T03", "G00000002"])
def test_german_passport_with_a_valid_check_digit_counts_alone(value: str) -> None:
    assert values(value, "PASSPORT") == [value]
    assert values(f"Die Nummer {value} steht auf der Kopie.", "PASSPORT") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "C01X00T47",  # wrong check digit
        "C01234567",
        "SKU: CZ6311T03",  # under a key that names something else
        "order CZ6311T03 shipped",
        "Ticket G00000002 closed",
        "c01234567",  # lower case, wrong check digit
        "901234567",
    ],
)
def test_german_passport_shape_without_the_claim(text: str) -> None:
    assert values(text, "PASSPORT") == []


def test_german_passport_shapes_in_a_column_of_codes() -> None:
    text = "sku,colour\nCZ6311T03,blue\nG00000002,red\n"
    assert [d for d in detect(text, PiiConfig(fmt="csv")) if d.entity == "PASSPORT"] == []
    text = "passport,colour\nCZ6311T03,blue\n"
    assert [text[d.start : d.end] for d in detect(text, PiiConfig(fmt="csv")) if d.entity == "PASSPORT"] == ["CZ6311T03"]


def test_lower_case_german_passport_behind_a_passport_word_or_alone() -> None:
    assert values("Reisepass: c01234565", "PASSPORT") == ["c01234565"]
    assert values("c01234565", "PASSPORT") == ["c01234565"]  # the check digit, as in capitals (a step weaker)


# ---- Spanish DNI / NIE, British NINO written in lower case -------------------------------------------
@pytest.mark.parametrize("value", ["55555555K", "55555555-K", "1111111G", "1111111-G", "01111111G", "12345678z", "55555555k"])
def test_dni_with_its_check_letter_counts_alone(value: str) -> None:
    assert values(value, "NATIONAL_ID") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "12345678a",  # wrong letter
        "55555555J",
        "commit 35567889e (pack-objects: pass --objects)",  # a short hash: a hex letter in lower case
        "ref 55555555K",  # named as something else
        "invoice: 01111111G",
    ],
)
def test_dni_shape_without_the_claim(text: str) -> None:
    assert values(text, "NATIONAL_ID") == []


def test_lower_case_nie_and_nino_count_alone() -> None:
    assert values("x9613851n", "NATIONAL_ID") == ["x9613851n"]
    assert values("z8078221m", "NATIONAL_ID") == ["z8078221m"]
    assert values("hh 01 02 03 d", "NATIONAL_ID") == ["hh 01 02 03 d"]
    assert values("x9613851q", "NATIONAL_ID") == []  # wrong letter
    assert values("tw987654a", "NATIONAL_ID") == ["tw987654a"]  # ungrouped: the prefix rules, at 0.5
    assert values("bg 12 36 12 a", "NATIONAL_ID") == []  # a prefix never issued
    assert values("bg123612a", "NATIONAL_ID") == values("tq987654a", "NATIONAL_ID") == []  # BG; Q never second
    assert values("tw987654e", "NATIONAL_ID") == []  # the suffix is A-D


def test_steuer_id_under_its_label() -> None:
    assert values("Meine Steuer-ID: 12345678903.", "NATIONAL_ID") == ["12345678903"]
    assert values("IdNr. 98765432106 liegt vor.", "NATIONAL_ID") == ["98765432106"]
    assert values("Steuer-ID: 12345678901", "NATIONAL_ID") == []  # check digit
    assert values("Steuer-ID: 11112345678", "NATIONAL_ID") == []  # a digit four times
    assert values("Bitte 12345678903 prüfen.", "NATIONAL_ID") == []  # eleven digits in a sentence say nothing


# ---- the validators --------------------------------------------------------------------------------
def test_icao_check_digit_and_german_passport() -> None:
    assert icao_check_digit("C01X00T4") == 1
    assert icao_check_digit("L898902C") == 3  # ICAO 9303's specimen document number
    assert de_passport_ok("C01X00T41") and de_passport_ok("c01x00t41")
    assert not de_passport_ok("A01X00T41")  # A is not used
    assert not de_passport_ok("CFGHJKLM5")  # no digit among the first eight


def test_dni_and_labelled_steuer_id() -> None:
    assert dni_ok("12345678Z") and dni_ok("1111111G") and dni_ok("01111111-g")
    assert not dni_ok("00000000T") and not dni_ok("123456Z") and not dni_ok("12345678I")
    assert de_idnr_labelled_ok("12345678903") and not de_idnr_labelled_ok("02345678901")
    assert not de_idnr_labelled_ok("11111111111")


# ---- a number that follows a label's value but belongs to something else ------------------------------
@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("For the record, SSN: 674-09-5560. Order 519971446 shipped.", "US_SSN", "674-09-5560"),
        ("NIE: X9613851N Ticket 196605090049 was closed.", "NATIONAL_ID", "X9613851N"),
        ("Her passport expires on 20390215. Her passport is at home.", "PASSPORT", None),
        ("Part no. C01X00T41 is listed.", "PASSPORT", None),
    ],
)
def test_the_next_number_is_not_the_labels(text: str, entity: str, value: str | None) -> None:
    assert values(text, entity) == ([value] if value else [])


def test_a_value_with_a_label_of_its_own_is_not_the_next_keywords() -> None:
    assert values("NIE: X6746380T Her passport expires soon.", "PASSPORT") == []
    assert values("[10:25] customer: 196405175479 är mitt personnummer.", "NATIONAL_ID") == ["196405175479"]


def test_a_version_word_in_the_sentence_before_does_not_hide_an_address() -> None:
    assert values("the build is green. peer 215.192.255.73.", "IP_ADDRESS") == ["215.192.255.73"]
    assert values("ver. 1.2.3.4", "IP_ADDRESS") == []
    assert values("build 1.2.3.4", "IP_ADDRESS") == []


def test_an_identifier_word_in_the_sentence_before_does_not_claim_the_value() -> None:
    text = "Victor will join the call. For the record, 196204078478 är mitt pnr."
    assert values(text, "NATIONAL_ID") == ["196204078478"]
    text = "Scan of Z34396134 (passport). For the record, M101B7006 es mi número de pasaporte."
    assert values(text, "PASSPORT") == ["Z34396134", "M101B7006"]
