"""Word lists for names and streets, loaded once per process from the package data."""

from __future__ import annotations

from functools import cache
from importlib import resources


def _sections(name: str) -> dict[str, list[str]]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
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
def first_names() -> frozenset[str]:
    """Case-folded given names of every supported locale."""
    return _casefolded([w for words in _sections("first_names.txt").values() for w in words])


@cache
def surnames() -> frozenset[str]:
    return _casefolded([w for words in _sections("surnames.txt").values() for w in words])


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
