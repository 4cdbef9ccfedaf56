"""Word lists for names and streets, loaded once per process from the package data."""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources


@cache
def _sections(name: str) -> dict[str, list[str]]:
    raw = resources.files(__package__).joinpath(name).read_bytes()
    text = (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8")
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
            continue
        sections.setdefault(current, []).extend(line.split())
    return sections


def _casefolded(words: list[str]) -> frozenset[str]:
    return frozenset(w.casefold() for w in words if len(w) > 2 and not w.islower())


@cache
def _census(section: str) -> frozenset[str]:
    """A section of the Census lexicon, case-folded (its builder keeps only capitalised
    alphabetic names of three letters or more, so one C-level fold of the whole text does)."""
    return frozenset(" ".join(_sections(CENSUS).get(section, [])).casefold().split())


# US Census 1990 given and family names (public domain), built by scripts/build_name_lexicon.py.
CENSUS = "census_names.txt.gz"


@cache
def first_names() -> frozenset[str]:
    """Case-folded given names of every supported locale, and the US Census given names that
    are no English word (a Census name that is one, "Dan", "Savannah", counts only when the
    hand list has it)."""
    listed = _casefolded([w for words in _sections("first_names.txt").values() for w in words])
    words = frozenset(w.casefold() for w in _sections("common_words.txt").get("words", []))
    return listed | (_census("given") - words)


@cache
def surnames() -> frozenset[str]:
    """Case-folded family names of every supported locale (the hand list)."""
    return _casefolded([w for words in _sections("surnames.txt").values() for w in words])


@cache
def census_surnames() -> frozenset[str]:
    """The 40,000 most frequent US Census family names that are no English word, with the hand
    list: evidence only beside another cue (a middle initial, a list of names), since
    companies are named after families too ("Goldman Sachs")."""
    return surnames() | _census("family")


@cache
def common_words() -> frozenset[str]:
    return frozenset(w.casefold() for words in _sections("common_words.txt").values() for w in words)


@cache
def surname_like_given() -> frozenset[str]:
    """Given names that are also family names (``[surname-like]`` of ``common_words.txt``)."""
    return frozenset(w.casefold() for w in _sections("common_words.txt").get("surname-like", []))


@cache
def street_sections() -> dict[str, tuple[str, ...]]:
    """Street words by section of ``street_types.txt`` (``en-suffix``, ``fr-prefix`` …)."""
    return {name: tuple(dict.fromkeys(words)) for name, words in _sections("street_types.txt").items()}


@cache
def street_types() -> dict[str, tuple[str, ...]]:
    """Street words by kind: ``suffix`` (Elm Street), ``prefix`` (rue X), ``compound`` (…straße)."""
    kinds: dict[str, list[str]] = {"suffix": [], "prefix": [], "compound": []}
    for section, words in street_sections().items():
        kind = section.split("-", 1)[1] if "-" in section else "suffix"
        kinds.setdefault(kind, []).extend(words)
    return {kind: tuple(dict.fromkeys(words)) for kind, words in kinds.items()}


@cache
def english_words() -> frozenset[str]:
    """Lower-case English words (SCOWL, see ``english_words.COPYRIGHT``): a capitalised word
    that is one is a heading's or a product's word more likely than a name or a foreign street."""
    return frozenset(_sections("english_words.txt.gz").get("words", []))
