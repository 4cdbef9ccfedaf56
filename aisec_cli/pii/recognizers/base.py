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
