"""Names and addresses as generated text writes them: names with no cue word, addresses in many locales' forms.

Shapes seen where sentences are filled from templates with fake values (the words here are
our own): a single given name as the subject of a sentence, a middle initial, a list of
names, a chat speaker, a street line "house street number" of any locale followed by unit,
town and "Country postcode" lines, military and PO boxes. Each negative is a capitalised
word or a numbered line that is no such thing.
"""

from __future__ import annotations

import pytest

from aisec_cli.pii import PiiConfig, detect


def found(text: str, entity: str) -> list[str]:
    return [text[d.start : d.end] for d in detect(text, PiiConfig()) if d.entity == entity]


def covers(text: str, entity: str, part: str) -> bool:
    start = text.index(part)
    return any(d.entity == entity and d.start <= start and start + len(part) <= d.end for d in detect(text, PiiConfig()))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Why is Gregory always late?", "Gregory"),  # a known given name, no cue word
        ("Natalie is a careful reviewer.", "Natalie"),
        ("I think Harold was right about it.", "Harold"),
        ("We still have Cynthia's laptop.", "Cynthia"),  # a possessive
        ("Please put Marvin on the phone.", "Marvin"),
        ("Ask Loretta to sign the form.", "Loretta"),
    ],
)
def test_a_single_known_given_name_in_prose(text: str, name: str) -> None:
    assert found(text, "PERSON") == [name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The order was placed by Oskarine T. Vrbanek last week.", "Oskarine T. Vrbanek"),
        ("Gregory P Marcussen will chair the panel.", "Gregory P Marcussen"),  # a known given name, no full stop
    ],
)
def test_a_name_with_a_middle_initial(text: str, name: str) -> None:
    assert found(text, "PERSON") == [name]


def test_a_list_of_given_names() -> None:
    text = "The team was Gregory, Natalie, Harold and Loretta."
    assert found(text, "PERSON") == ["Gregory", "Natalie", "Harold", "Loretta"]


def test_single_name_chat_speakers() -> None:
    text = "Gregory: Are you coming tonight?\nNatalie: Only if it stops raining.\n"
    assert found(text, "PERSON") == ["Gregory", "Natalie"]


@pytest.mark.parametrize(
    "text",
    [
        "Ruby is a dynamic language.",  # a given name that is also a word
        "Julia, Python and Rust are supported.",  # languages in a list
        "Use Section B. Overview for the details.",  # an initial between two headings' words
        "Plan A Review meeting at noon.",
        "Jinja templates render the page.",
        "Virginia is a state on the east coast.",
        "Jasmine is a testing framework for JavaScript.",
        'if platform.system() == "Darwin" and arch is not None:',  # an OS name that is a given name
        "Ask Claude to summarise the page.",  # the model, in software built on it
        "Translate it to German, please.",
    ],
)
def test_capitalised_words_that_are_no_person(text: str) -> None:
    assert found(text, "PERSON") == []


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # house number, a street of another locale, its number, then unit, town, "Country postcode"
        ("Send it to\n4417 Vindelgatan 23\n Apt. 118\n Kristinehamn\n Sweden 61140\nThanks", ["4417 Vindelgatan 23", "Apt. 118", "Sweden 61140"]),
        ("Ship to 5120 Hauptlinde 9 Suite 402\nKleinbach, BW 70213 please.", ["5120 Hauptlinde 9", "Suite 402", "70213"]),
        ("She lives at 318 Kalvebod 77, Odense", ["Kalvebod 77"]),
        ("Our office is at 902 ul. Sosnowa 14\n Apt. 31\n Lublin\n Poland 20144", ["ul. Sosnowa 14", "Poland 20144"]),
        ("Mail it to PSC 2281, Box 7731\nAPO AE 09321 by Friday.", ["PSC 2281, Box 7731", "APO AE 09321"]),
        ("Our postal address is P.O. Box 418, Tromsø", ["P.O. Box 418"]),
        # a lead of two words ("shipping address"), then a block of town, state and postcode lines
        ("Please update the shipping address with 3140 Kvarnbacken 12\nLUND\n, nan\n 22100 today.", ["3140 Kvarnbacken 12", "22100"]),
        ("My addresses, here they are: 612 Holmvik 8\nNorrtälje\n, AB\n 76140, thanks", ["612 Holmvik 8", "76140"]),
        # a street word that is also a plain word ("Points"), proven by the unit line after it
        ("Parcel for 88 Harbour Drive Kell Points\n Apt. 12\n Otley\n United Kingdom 40211", ["Kell Points", "40211"]),
    ],
)
def test_street_lines_of_many_locales_with_their_tail(text: str, parts: list[str]) -> None:
    for part in parts:
        assert covers(text, "STREET_ADDRESS", part), part


@pytest.mark.parametrize(
    "text",
    [
        "Upgrade from Windows 10 to Windows 11 before May.",
        "See Chapter 12 and Appendix 3 for the proof.",
        "Python 3.12 is at version 3 now.",
        "Our office is at capacity with 40 people on 3 floors.",
        "The build is at 2024 Release 7 now.",
        "Ticket 4417 Login 23 failed twice.",
    ],
)
def test_numbered_words_that_are_no_address(text: str) -> None:
    assert found(text, "STREET_ADDRESS") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Oskarine Vrbanek lives at the end of the lane.", "Oskarine Vrbanek"),  # no English word, a verb after
        ("The mural was painted by Tsvetelin Dobrevski.", "Tsvetelin Dobrevski"),  # "by" before
        ('"The rain stopped at last," says Vrbanek.', "Vrbanek"),  # the speaker after a quotation
    ],
)
def test_unknown_names_with_a_cue(text: str, name: str) -> None:
    assert found(text, "PERSON") == [name]


def test_a_list_of_family_names() -> None:
    text = "The shop was opened by three friends: Harrington, Delgado and Whitfield."
    assert found(text, "PERSON") == ["Harrington", "Delgado", "Whitfield"]


def test_a_firm_named_after_families_on_its_own_line_is_no_list_of_people() -> None:
    text = "Oskarine Vrbanek\nHarrington, Delgado and Whitfield\n4417 Vindelgatan 23\n Apt. 118\n Sweden 61140\n"
    assert found(text, "PERSON") == ["Oskarine Vrbanek"]  # the name heading the address block


@pytest.mark.parametrize(
    "text",
    [
        "Built with Pydantic, Starlette and Uvicorn.",  # products in a list
        "Released by Anthropic Bedrock.",
        "Supported: Redis, Postgres and Kafka.",
    ],
)
def test_products_with_the_same_cues_are_no_person(text: str) -> None:
    assert found(text, "PERSON") == []


def test_a_keyword_category_of_its_own_pass_is_found_once_beside_the_other_words() -> None:
    from aisec_cli.pii.keywords import KeywordTable

    table = KeywordTable(
        {"street.suffix": ["Lane", "Street"], "given": ["Gregory", "Lane", "Natalie"], "lead": ["lives at"]},
        case_sensitive=("street.suffix", "given"),
        own_pass=("given",),
    )
    text = "Gregory lives at 4 Lane Street; natalie and Natalie_x and xNatalie are no hits."
    hits = table.scan(text)
    assert hits["given"] == [(0, 7), (19, 23)]  # "Lane" once, with both its categories
    assert hits["street.suffix"] == [(19, 23), (24, 30)]
    assert hits["lead"] == [(8, 16)]
    # looked for alone: the first word of a run of capitalised words is not reported
    alone = table.scan("Natalie Hale, Gregory: and Natalie\nGregory")["given"]
    assert alone == [(14, 21), (27, 34), (35, 42)]


def test_single_word_speakers_of_a_dialogue_are_names_when_one_is_a_known_given_name() -> None:
    text = 'Oskarine: "Where were you?"\nGregory: I was out.\nOskarine: Fine.\n'
    assert found(text, "PERSON") == ["Oskarine", "Gregory", "Oskarine"]


def test_capitalised_keys_of_a_config_are_no_speakers() -> None:
    assert found("Redis: enabled\nKafka: disabled\nTravis: off\n", "PERSON") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I would like to add my son Tsvetelin to the account.", "Tsvetelin"),
        ("Her maiden name is Vrbanek", "Vrbanek"),
        ("Sometimes people call me Oskarine", "Oskarine"),
    ],
)
def test_an_unknown_single_name_after_a_family_cue(text: str, name: str) -> None:
    assert found(text, "PERSON") == [name]


def test_a_family_cue_before_a_word_is_no_name() -> None:
    assert found("My son Loves the new release.", "PERSON") == []  # an English word


def test_a_given_name_that_is_also_a_word_with_a_census_family_name() -> None:
    assert found("Please forward the minutes to Julia Whitmore today.", "PERSON") == ["Julia Whitmore"]
    assert found("Julia Whitmore, Omar Sorensen and the team will present.", "PERSON")[:1] == ["Julia Whitmore"]
    assert found("Julia Workbench shows the plots.", "PERSON") == []  # no family name: a product


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Tsvetelin K Dobrevski lives at the end of the lane.", "Tsvetelin K Dobrevski"),  # no full stop, a cue after
        ("The prize went to tennis player Oskarine Vrbanek this year.", "Oskarine Vrbanek"),  # a role before
        ("Harold had given Loretta the keys.", "Harold"),
    ],
)
def test_more_cues_around_unknown_names(text: str, name: str) -> None:
    assert name in found(text, "PERSON")


def test_a_known_given_name_after_given() -> None:
    assert found("Harold had given Loretta the keys.", "PERSON") == ["Harold", "Loretta"]


@pytest.mark.parametrize(
    "text",
    ["Russell Investments said profits rose.", "Davis Orchestra will play on Friday.", "Morgan Associates replied at once."],
)
def test_firms_named_after_a_person_are_no_person(text: str) -> None:
    assert found(text, "PERSON") == []
