"""Small helpers shared by the recognisers."""

from __future__ import annotations

import re

from aisec_cli.pii.entities import RULE_IDS
from aisec_cli.pii.model import Candidate

_TUPLE = tuple.__new__


def det(entity: str, start: int, end: int, confidence: float, recognizer: str) -> Candidate:
    return _TUPLE(Candidate, (start, end, entity, RULE_IDS[entity], confidence if confidence <= 1.0 else 1.0, recognizer))


def words_before(text: str, pos: int, span: int = 60) -> str:
    """Lower-cased text on the same line in the ``span`` characters before ``pos``."""
    start = max(0, pos - span)
    chunk = text[start:pos]
    newline = chunk.rfind("\n")
    if newline != -1:
        chunk = chunk[newline + 1 :]
    return chunk.lower()


def any_keyword(pattern: re.Pattern[str], text: str) -> bool:
    return pattern.search(text) is not None


def keyword_pattern(words: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word, case-insensitive alternation of ``words`` (spaces match any separator)."""
    parts = sorted({w.lower() for w in words}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"[\s_\-]*") for p in parts)
    return re.compile(r"(?<![0-9a-zà-ÿ])(?:" + body + r")(?![0-9a-zà-ÿ])", re.IGNORECASE)


# An SVG attribute whose value is numbers only (path data, point lists, transforms).
_DRAWING_ATTRIBUTES = ("d", "points", "viewBox", "transform", "path")


def in_drawing_numbers(text: str, pos: int) -> bool:
    """``pos`` lies inside the quoted value of an SVG ``d=``/``points=``/``transform=`` attribute
    (path data: numbers that look like phone numbers or IP addresses)."""
    quote = text.rfind('"', max(0, pos - 20000), pos)
    if quote < 2 or text[quote - 1] != "=":
        return False
    name_end = quote - 1
    name_start = name_end
    while name_start > 0 and text[name_start - 1].isalpha():
        name_start -= 1
    if text[name_start:name_end] not in _DRAWING_ATTRIBUTES or name_start == 0 or not text[name_start - 1].isspace():
        return False
    return '"' not in text[quote + 1 : pos]
