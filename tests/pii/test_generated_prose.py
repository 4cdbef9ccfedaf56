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
    ("text", "parts"),
    [
        # house number, a street of another locale, its number, then unit, town, "Country postcode"
        ("Send it to\n4417 Vindelgatan 23\n Apt. 118\n Kristinehamn\n Sweden 61140\nThanks", ["4417 Vindelgatan 23", "Apt. 118", "Sweden 61140"]),
        ("Ship to 5120 Hauptlinde 9 Suite 402\nKleinbach, BW 70213 please.", ["5120 Hauptlinde 9", "Suite 402", "70213"]),
        ("She lives at 318 Kalvebod 77, Odense", ["Kalvebod 77"]),
        ("Our office is at 902 ul. Sosnowa 14\n Apt. 31\n Lublin\n Poland 20144", ["ul. Sosnowa 14", "Poland 20144"]),
        ("Mail it to PSC 2281, Box 7731\nAPO AE 09321 by Friday.", ["PSC 2281, Box 7731", "APO AE 09321"]),
        ("Our postal address is P.O. Box 418, Tromsø", ["P.O. Box 418"]),
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

