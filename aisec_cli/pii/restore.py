"""Put the originals back: ``aisec restore`` and :func:`restore_text`.

Only tags the mapping knows are replaced. A tag the redacted input already contained is
left as it is; any other tag-shaped string (one a model invented, or one from another
run: a mapping made for another file) is reported as unknown, and the CLI refuses to
restore such a text unless told to (``--allow-unknown``). A model
may change a tag's letter case (``[email_1]``); that is tolerated. Restoring exactly the
text ``redact`` produced gives back the input byte for byte, also where one tag stood for
several spellings of a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aisec_cli.pii.mapping import Mapping, digest_text
from aisec_cli.pii.placeholders import HASH_TAG, TAG
from aisec_cli.core.lazyre import LazyRegex


@dataclass
class RestoreReport:
    restored: int = 0
    unknown: list[str] = field(default_factory=list)  # tag-shaped strings the mapping does not know
    missing: list[str] = field(default_factory=list)  # mapping tags absent from the text


# Every tag is bracketed ([EMAIL_1], [EMAIL#1a2b3c4d]); a token is a tag or a quoted one
# ("[PHONE_1]", a bare JSON number's). Bracketed strings are found in one pass and looked up.
_BRACKETED = LazyRegex(r'"\[[^\[\]\s]{1,120}\]"|\[[^\[\]\s]{1,120}\]')


def _pattern(mapping: Mapping) -> re.Pattern[str] | None:
    """What finds the mapping's tokens: every bracketed string, looked up afterwards (linear
    in the text), or, when a token is shaped otherwise (a hand-made mapping), an alternation
    of them all (longest first)."""
    tokens = set(mapping.entries) | set(mapping.tokens)
    if not tokens:
        return None
    if all(_BRACKETED.fullmatch(t) for t in tokens):
        return _BRACKETED.compiled()
    ordered = sorted(tokens, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in ordered), re.IGNORECASE)


def restore_text(text: str, mapping: Mapping, report: RestoreReport | None = None) -> str:
    """``text`` with every known tag replaced by its original."""
    pattern = _pattern(mapping)
    if pattern is None:
        return text
    tags_by_upper = {tag.upper(): tag for tag in mapping.entries}
    for token, tag in mapping.tokens.items():
        tags_by_upper[token.upper()] = tag
    document = mapping.documents.get(digest_text(text)) if mapping.documents else None
    variants: dict[str, list[str]] = dict(document["variants"]) if document else {}
    positions: dict[str, int] = {}
    seen: set[str] = set()
    count = 0

    def replace(match: re.Match[str]) -> str:
        token = match.group()
        tag = tags_by_upper.get(token.upper())
        if tag is None:  # a quoted tag the mapping knows bare: the quotes stay
            if token[0] != '"' or (tag := tags_by_upper.get(token[1:-1].upper())) is None:
                return token
            return f'"{_original(tag)}"'
        return _original(tag)

    def _original(tag: str) -> str:
        nonlocal count
        seen.add(tag)
        count += 1
        spellings = variants.get(tag)
        if spellings:
            index = positions.get(tag, 0)
            positions[tag] = index + 1
            if index < len(spellings):
                return spellings[index]
        return mapping.entries[tag][1]

    result = pattern.sub(replace, text)
    if report is not None:
        report.restored += count
        known = {t.upper() for t in mapping.entries} | mapping.reserved
        foreign = [m.group() for regex in (TAG, HASH_TAG) for m in regex.finditer(result) if m.group().upper() not in known]
        report.unknown = list(dict.fromkeys([*report.unknown, *foreign]))  # each once, in order
        listed = set(report.missing)
        report.missing.extend(sorted(t for t in mapping.entries if t not in seen and t not in listed))
    return result
