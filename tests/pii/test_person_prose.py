"""Names in prose: a known given or family name, a verb of saying, a name joined to another, a one-line sign-off."""

from __future__ import annotations

import pytest

from aisec_cli.pii import PiiConfig, detect


def names(text: str) -> list[str]:
    return [text[d.start : d.end] for d in detect(text, PiiConfig()) if d.entity == "PERSON"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please forward this to Bartholomew Quincy.", ["Bartholomew Quincy"]),  # given name from the world list
        ("Our new hire, Siobhan Kearney, starts Monday.", ["Siobhan Kearney"]),
        ("Barack Obama met Angela Merkel in Berlin.", ["Barack Obama", "Angela Merkel"]),
        ("Quincy Adeyemi said the build is green.", ["Quincy Adeyemi"]),  # a known family name and a verb of saying
        ("Wen Zhao and Priya Raman will present.", ["Wen Zhao", "Priya Raman"]),
        ("Tolu Okafor and Priya Raman will present.", ["Tolu Okafor", "Priya Raman"]),  # joined to a name found
        ("I spoke with Rafael yesterday.", ["Rafael"]),  # one given name after a strong cue
        ("See you soon.\nThanks, Mehmet", ["Mehmet"]),  # a one-line sign-off
        ("Please forward this to Grace Marsh.", ["Grace Marsh"]),  # word-like names after a cue
        ("Send it to John.", ["John"]),
    ],
)
def test_names_in_prose(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Priya Raman and Microsoft Teams",  # joined, but no part of it is a known name
        "Release Notes said so.",
        "Goldman Sachs said profits rose.",  # a verb of saying, no known name
        "Python Software Foundation said nothing.",
        "I spoke with Support yesterday.",
        "Thanks, Team",
        "Send it to Paris.",
        "Please forward this to Legal Team.",
        "Sri Lanka and India signed the treaty.",
        "The Bank of England raised rates.",
        "Elif Chain\n==========\nA long if/elif chain is hard to read.",  # a keyword, not a given name
    ],
)
def test_capitalised_words_that_are_no_name(text: str) -> None:
    assert [n for n in names(text) if n not in ("Priya Raman",)] == []


def test_a_given_name_that_is_also_a_word_after_a_cue_of_several_words() -> None:
    assert names("Escalated to Victor this morning.") == ["Victor"]
    assert names("He said May would be busy.") == []  # "said" alone is no such cue


# ---- text typed all in lower case: read as if it had capitals --------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hi, my name is oskarine and i need help", ["oskarine"]),  # after a self-introduction, any word
        ("my name is tsvetelin vrbanek but friends call me tsvetelin", ["tsvetelin vrbanek", "tsvetelin"]),
        ("please follow up with patricia odunsi next week.", ["patricia odunsi"]),  # a known given name
        ("we met gregory about the lease", ["gregory"]),
        ("ingrid haukeland's team shipped it", ["ingrid haukeland"]),  # the other part is no English word
        ("invited: natalie, gregory, priscilla and harold.", ["natalie", "gregory", "priscilla", "harold"]),
        ("signed by rosalind k. abernathy", ["rosalind k. abernathy"]),  # a lone initial between
    ],
)
def test_names_in_lower_case_text(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "please restart the nginx server and check the logs",
        "git commit -m \"fix the build for windows\"",
        "i am done with the migration, will merge tomorrow",
        "the kubectl rollout finished in the staging cluster",
        "may the force be with you",
    ],
)
def test_lower_case_text_without_names(text: str) -> None:
    assert names(text) == []



# ---- names no lexicon knows, by the words around them ----------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a role word opens the run: the words after it are the name
        ("Producer Tavrika Olumbeš explained the choice to the press.", ["Tavrika Olumbeš"]),
        ("Keynote: Director Brunvald Esmerhoj presented the plan.", ["Brunvald Esmerhoj"]),
        # a verb and a possessive pronoun after the run: its subject is a person
        ("Kvetoslav Dravnik listed his favourite albums of the year.", ["Kvetoslav Dravnik"]),
        # a self-introduction or "with" before two words that are no English words
        ("I'm Zorvina Teplauk, originally from the coast.", ["Zorvina Teplauk"]),
        ("Follow up with Zorvina Teplauk in a couple of months.", ["Zorvina Teplauk"]),
        # the family name alone after the full name
        ("The film was directed by Maciek Drobnowski and starring Drobnowski himself.", ["Maciek Drobnowski", "Drobnowski"]),
        # a single unknown word as the subject of a verb only people do
        ("Tovrik shouted at the driver.", ["Tovrik"]),
        ("Vaskarine lives on Elm Street.", ["Vaskarine"]),
        ("Ostrova grew up in Tallinn, by the sea.", ["Ostrova"]),
    ],
)
def test_unknown_names_by_their_cues(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Producer Notes explained the release.",  # a role word and English words
        "Follow up with Visual Studio in a couple of months.",
        "I'm Feeling Lucky, originally a button.",
        "Kubernetes listed its pods.",  # "its": a thing
        "Python shouted an error at the user.",  # an English word
        "Release Notes began writing to disk.",
        "Nginx lives in /etc/nginx on most systems.",  # not before a place
        "Grafana lives on. Prometheus too.",
        "The Tovrik Plateau lies east of the river.",
        "See the Changelog. Drobnowski Street is closed.",  # no full name found: nothing to repeat
    ],
)
def test_no_name_without_a_person_cue(text: str) -> None:
    assert names(text) == []


def test_a_name_above_an_address_with_a_second_number() -> None:
    text = ">Zorvina Teplauk\n>Northwind Data Works\n>4127 18 Clarke Avenue\n>Apt. 12"
    assert names(text) == ["Zorvina Teplauk"]


def test_a_title_and_name_before_a_unit_word() -> None:
    assert names("Mrs. Zorvina Teplauk Suite 541 6343 Harbour Road") == ["Zorvina Teplauk"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list of family names, some of them also words ("Brown", "Rogers")
        ("It was founded by three partners: Okafor, Rogers and Lindqvist.", ["Okafor", "Rogers", "Lindqvist"]),
        # credits: "directed by", "written by" …
        ("The documentary was directed by Tavrika Olumbeš in 2019.", ["Tavrika Olumbeš"]),
        ("Genre: Drama\nWritten By: Zorvina K. Teplauk", ["Zorvina K. Teplauk"]),
        # a work named after its author or a show after its performer
        ("Unlike the Teplauk novel, this one is short.", ["Teplauk"]),
        ("Have you been to a Zorvina Teplauk concert before?", ["Zorvina Teplauk"]),
        # the answer to a question about the name on an account
        ("Bot: What's the name on the account? User: Zorvina Teplauk", ["Zorvina Teplauk"]),
        # a name called at the start of a request
        ("Tovrik, can I please speak to your manager?", ["Tovrik"]),
    ],
)
def test_names_by_credits_works_and_requests(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Supported languages: Python, Ruby and Julia.",
        "We sell Brown, Black and Green models.",
        "Written by: the build system",
        "Unlike the Kubernetes book, this guide is short.",  # a book about a thing
        "See the Django tutorial for more.",
        "Python, can I please get a stack trace?",  # an English word
    ],
)
def test_no_name_in_credits_works_and_requests_without_one(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The Okafor, Rogers and Lindqvist Orchestra was founded in 1973.",
        "Carmakers of the region: White, Okafor and Lindqvist, Rogers and Hale.",
    ],
)
def test_a_list_of_family_names_that_is_a_firm(text: str) -> None:
    assert names(text) == []


# ---- places and streets named after people are not people ------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Please send it to the corner of Harbour Road and Gregory Lindqvist?",  # the corner of two streets
        "Deliver to the corner of Csabai utca 39. and Gregory Lindqvist",  # a house number with its full stop
        "She grew up in Natalie Heights, near the coast.",  # a place after "grew up in"
        "Zorvina Teplauk\nNorthwind\n5850 Jana Lindqvist 894\nPraha",  # a street line after its house number
        "The song is about Rua Gregório Teplauk in Recife.",  # a Portuguese street word opens it
        ">Natalie Okafor\n>Marshall, Hernandez and Simpson\n>4127 Clarke Avenue",  # a firm's line
    ],
)
def test_streets_and_places_named_after_people(text: str) -> None:
    found = names(text)
    assert not any(n in ("Gregory Lindqvist", "Natalie Heights", "Jana Lindqvist", "Gregório Teplauk", "Rua Gregório Teplauk", "Marshall") for n in found), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two family names as the subject of a sentence about people
        ("What a record. Teplauk and Okafor were precision engineers.", ["Teplauk", "Okafor"]),
        # a full name and the organisation it belongs to
        ("Other nominees included Zorvina Teplauk of Northwind Traders.", ["Zorvina Teplauk"]),
        # credits with a colon
        ("Genre: Drama\nDirected By: Sage K. Teplauk", ["Sage K. Teplauk"]),
    ],
)
def test_pairs_members_and_credits(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Python and Rust were both considered.",  # English words
        "Kubernetes and Terraform were installed.",  # no known family name
        "Both Bank of America and Wells Fargo of California were listed.",
        "The University of Teplauk was founded in 1901.",
    ],
)
def test_pairs_and_members_that_are_things(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a possessive before a relative or a person's contact detail
        ("It was a done thing between him and Tovrik's kid.", ["Tovrik"]),
        ("As promised, here's Vaskarine's phone number:", ["Vaskarine"]),
        # the one a person gives something of theirs to
        ("Gregory had given Tovrik his address last week.", ["Gregory", "Tovrik"]),
        ("She sent Ostrova her phone number.", ["Ostrova"]),
    ],
)
def test_names_by_possession_and_giving(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kubernetes's address space is large.",  # a thing's
        "The server's address is 10.0.0.1.",
        "It gave Python its name.",
        "We sent Support our logs.",
    ],
)
def test_possession_and_giving_of_things(text: str) -> None:
    assert [n for n in names(text) if n in ("Kubernetes", "Python", "Support")] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a role in apposition after the name
        ("Tavrika R Olumbeš, the cinematographer, said it was hard.", ["Tavrika R Olumbeš"]),
        # a known given name, an initial and a family name that is also a word, with a person's cue
        ("Daniela C Baker lives at 4127 Clarke Avenue.", ["Daniela C Baker"]),
    ],
)
def test_names_with_an_initial_by_their_cues(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize("text", ["Plan B Review lives at the top of the page.", "Section C Overview, the summary, comes first."])
def test_initials_in_headings_stay_unreported(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This song by ex-Zombie Teplauk is a perfect example.", ["Teplauk"]),  # a former member
        ("Producer Okafor explained the choice.", ["Okafor"]),  # a role, then one family name
    ],
)
def test_one_family_name_after_a_role(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize("text", ["The ex-Googler Network is a club.", "Producer Notes explained nothing."])
def test_one_word_after_a_role_that_is_no_name(text: str) -> None:
    assert names(text) == []


def test_a_single_name_found_by_a_prose_cue_is_found_again() -> None:
    text = "Vaskarine shouted at the driver. Later on, the tickets for Vaskarine arrived."
    assert names(text) == ["Vaskarine", "Vaskarine"]
