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
