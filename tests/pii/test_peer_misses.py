"""Shapes a peer tool's recogniser tests expect and aisec missed, written here with values of
our own: an Italian fiscal code whose check letter is mistyped (its other fifteen characters
are still the person's name letters, birth date and birthplace)."""

from __future__ import annotations

import pytest
from stdnum.it import codicefiscale

from aisec_cli.pii import PiiConfig, detect


def fiscal(body: str) -> str:
    return body + codicefiscale.calc_check_digit(body)


GOOD = fiscal("BNCLRA72H52F205")  # born 12 June 1972 (a woman: day + 40), in Milan
WRONG = GOOD[:-1] + ("A" if GOOD[-1] != "A" else "B")
IMPOSSIBLE = "BNCLRA72H75F205" + WRONG[-1]  # day 75: neither a man's (1-31) nor a woman's (41-71)


def found(text: str, entity: str = "NATIONAL_ID") -> list[str]:
    return [text[d.start : d.end] for d in detect(text, PiiConfig()) if d.entity == entity]


def test_the_values_are_what_they_claim() -> None:
    assert codicefiscale.is_valid(GOOD) and not codicefiscale.is_valid(WRONG)
    assert not codicefiscale.is_valid(IMPOSSIBLE[:-1] + codicefiscale.calc_check_digit(IMPOSSIBLE[:-1]))


@pytest.mark.parametrize("text", [WRONG, f"Il mio codice fiscale è {WRONG}.", f"{GOOD} and {WRONG}", f"cf;{WRONG}\n"])
def test_a_fiscal_code_with_a_mistyped_check_letter_is_redacted(text: str) -> None:
    assert WRONG in found(text)


def test_the_checked_one_keeps_the_higher_confidence() -> None:
    by_value = {GOOD if d.start == 0 else WRONG: d.confidence for d in detect(f"{GOOD} and {WRONG}", PiiConfig())}
    assert by_value[GOOD] > by_value[WRONG] >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        IMPOSSIBLE,  # no birth date: not a fiscal code, whatever its last letter
        f"token {IMPOSSIBLE}",
        f"{WRONG[:6]} - {WRONG[6:]}",
        "A55" + WRONG[3:],
        WRONG.lower() + " in a sentence",
    ],
)
def test_shapes_that_are_no_fiscal_code_stay_quiet(text: str) -> None:
    assert found(text) == []


# ---- a card number under a card word, whatever its issuer range ---------------------------------
def luhn_complete(body: str) -> str:
    from tests.pii.factory import PiiFactory

    return body + PiiFactory.luhn_digit(body)


OLD_JCB = luhn_complete("21319954021876")  # 15 digits, JCB's old 2131 range
LOOSE_35 = luhn_complete("359412873306514")  # 16 digits, 35xx outside the JCB range
SHORT_58 = luhn_complete("58719384562")  # 12 digits, a 58 prefix (older Maestro cards)


@pytest.mark.parametrize(
    "text",
    [
        f"Can I withdraw cash using my card {OLD_JCB} at an ATM?",
        f"card number {LOOSE_35} is lost, please block it",
        f"What's your credit card? {SHORT_58}",
        f"Please block card no {OLD_JCB}",
        f"Mi tarjeta {LOOSE_35} fue robada",
        f"Kreditkarte: {LOOSE_35}",
        f"cc {SHORT_58} on my e-mail",
    ],
)
def test_a_luhn_valid_number_under_a_card_word_is_a_card(text: str) -> None:
    assert [v for v in found(text, "CREDIT_CARD")] in ([OLD_JCB], [LOOSE_35], [SHORT_58])


@pytest.mark.parametrize(
    "text",
    [
        f"order {LOOSE_35} shipped",  # no card word: the issuer range decides, and it fails
        f"discard {LOOSE_35}",
        f"card number {LOOSE_35[:-1]}{(int(LOOSE_35[-1]) + 1) % 10}",  # the Luhn check fails
        "card 1111111111111111",
        f"card\n{LOOSE_35}",  # the word is on another line
        f"card ending 4417, reference {LOOSE_35}",  # another number stands between
    ],
)
def test_no_card_without_its_word_and_check(text: str) -> None:
    assert found(text, "CREDIT_CARD") == []


# ---- a local phone number under a phone word, in a plan no configured region knows -------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Phone: 462 8817", "462 8817"),  # seven digits, 3-4 (a local number)
        ("Mobile: 724 19 388", "724 19 388"),
        ("Can you call me on 8351 2764? Thanks", "8351 2764"),
        ("Phone (office): (44) 719-582", "(44) 719-582"),
        ("Mobil: 71-48-29-53", "71-48-29-53"),
    ],
)
def test_a_grouped_number_under_a_phone_word_is_a_phone_number(text: str, value: str) -> None:
    assert found(text, "PHONE") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Order 462 8817 shipped",  # no phone word
        "Phone: 2023-11-05",  # a date
        "phone: 10.4.18.7",  # an IP address
        "Phone: 462 88",  # too few digits
        "Phone extension 4417, ticket 462 8817",  # another number's word stands between
        "call 462 8817 1234 5678 9012",  # a longer run of groups
        '{"phone_num": "123-456-7890"}',  # a counting placeholder
        "Phone: 123-456-789",
        "Phone: 182-555-0147",  # written the North American way, and that plan says no (area 1xx)
    ],
)
def test_no_local_phone_number_without_its_word_and_shape(text: str) -> None:
    assert found(text, "PHONE") == []


# ---- a middle initial written without its full stop --------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Name: Marta K Oliveira", "Marta K Oliveira"),
        ("Name:    Joe B Carter\nAddress:     12 Elm Street", "Joe B Carter"),
    ],
)
def test_a_keyed_name_with_a_bare_middle_initial(text: str, value: str) -> None:
    assert found(text, "PERSON") == [value]


def test_a_name_column_with_a_bare_middle_initial() -> None:
    text = "name,city\nGreta L Lindqvist,Malmo\n"
    detections = detect(text, PiiConfig(fmt="csv"))
    assert [(d.entity, text[d.start : d.end]) for d in detections] == [("PERSON", "Greta L Lindqvist")]


@pytest.mark.parametrize("text", ["Name: Plan B", "name: Block A", "Name: A B C"])
def test_a_letter_is_no_name(text: str) -> None:
    assert found(text, "PERSON") == []


# ---- the answer to a question about one's name ----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("What's your name? Ingvar Lodmundsson", "Ingvar Lodmundsson"),
        ("Agent: what is your full name?\nCaller: Hrefna Tomasdottir", None),  # another line: not read
        ("What's your last name? Thorvaldsen", "Thorvaldsen"),
        ("My name is: Dagny Brekkestad", "Dagny Brekkestad"),
    ],
)
def test_the_answer_to_a_name_question_is_a_name(text: str, value: str | None) -> None:
    assert found(text, "PERSON") == ([value] if value else [])


@pytest.mark.parametrize(
    "text",
    [
        "What's your name? Please tell me.",
        'name = input("What is your name? ")',
        "What's your name? The Bot will ask next.",
    ],
)
def test_a_name_question_followed_by_words_is_no_name(text: str) -> None:
    assert found(text, "PERSON") == []
