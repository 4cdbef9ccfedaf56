"""Rewrite a text given its detections: the pure core of ``aisec redact``."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from typing import Any

from aisec_cli.pii.gcpause import gc_paused
from aisec_cli.pii.model import Detection
from aisec_cli.pii.operators import Operator
from aisec_cli.pii.placeholders import Allocator
from aisec_cli.core.lazyre import LazyRegex


@dataclass(frozen=True, slots=True)
class Replacement:
    """One rewritten span: what was there, what is there now (``token``), and the tag."""

    start: int
    end: int
    entity: str
    original: str
    token: str  # the text written in place of the original (a tag, maybe quoted)
    tag: str  # the bare tag ("" for mask/redact)


def redact(
    text: str,
    detections: Sequence[Detection],
    operator: Operator | None = None,
    allocator: Allocator | None = None,
    fmt: str = "text",
    *,
    record: bool = True,
) -> tuple[str, list[Replacement]]:
    """``text`` with every detection replaced, and the replacements in order.

    ``detections`` must not overlap (``detect`` guarantees it). In JSON a value that is a
    bare number becomes a quoted tag so the document still parses. ``record=False`` skips
    building the replacement list (nothing will be restored).
    """
    return redact_spans(text, [(d.start, d.end, d.entity) for d in detections], operator, allocator, fmt, record=record)


def redact_spans(
    text: str,
    spans: Sequence[tuple[Any, ...]],
    operator: Operator | None = None,
    allocator: Allocator | None = None,
    fmt: str = "text",
    *,
    record: bool = True,
    ordered: bool = False,
) -> tuple[str, list[Replacement]]:
    """:func:`redact` for detections given as tuples starting ``(start, end, entity, …)``
    (what worker processes send back: no object per detection is rebuilt to redact).
    ``ordered``: the spans already come by position (as ``detect`` gives them): not sorted again."""
    operator = operator or Operator()
    if allocator is None:
        allocator = Allocator()
        allocator.reserve(text)
    parts: list[str] = []
    replacements: list[Replacement] = []
    pos = 0
    json_like = fmt in ("json", "jsonl")
    if not ordered:
        spans = sorted(spans, key=_START)
    strings: list[tuple[int, int]] = (
        [m.span() for m in _JSON_STRING.finditer(text)] if json_like and spans else []
    )
    string_starts = [s for s, _ in strings]
    # the placeholder operator goes straight to the allocator (what Operator.apply does for it)
    direct = operator.name == "replace" and type(operator).apply is Operator.apply
    tag_of = allocator.tag if direct else partial(_apply, operator.apply, allocator)
    reversible = operator.reversible
    with gc_paused(len(spans) >= _GC_PAUSE_DETECTIONS):
        if not (json_like or record):  # the plain case, in a loop of its own (dense text)
            append = parts.append
            for span in spans:
                start = span[0]
                if start < pos:
                    continue
                append(text[pos:start])
                pos = span[1]
                append(tag_of(span[2], text[start:pos]))
            parts.append(text[pos:])
            return "".join(parts), replacements
        for span in spans:
            start, end, entity = span[0], span[1], span[2]
            if start < pos:
                continue
            original = text[start:end]
            tag = tag_of(entity, original)
            token = tag
            if json_like and tag and _bare_json_value(strings, string_starts, start):
                token = f'"{tag}"'
            parts.append(text[pos:start])
            parts.append(token)
            if record:
                replacements.append(Replacement(start, end, entity, original, token, tag if reversible else ""))
            pos = end
    parts.append(text[pos:])
    return "".join(parts), replacements


_START = itemgetter(0)


def _apply(apply: Callable[[str, str, Allocator], str], allocator: Allocator, entity: str, value: str) -> str:
    return apply(entity, value, allocator)


_GC_PAUSE_DETECTIONS = 4096


_JSON_STRING = LazyRegex(r'"(?:[^"\\\n]|\\.)*"')


def _bare_json_value(strings: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """``pos`` is outside every JSON string literal (so the value is a bare token)."""
    index = bisect_right(starts, pos) - 1
    return not (index >= 0 and pos < strings[index][1])
