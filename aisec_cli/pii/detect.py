"""Detection entry point: run the recognisers, keep what the structure allows, resolve overlaps."""

from __future__ import annotations

from operator import itemgetter

from aisec_cli.pii.gcpause import gc_paused
from aisec_cli.pii.model import Candidate, Detection, PiiConfig, make_detection
from aisec_cli.pii.recognizers import PRIORITY, RECOGNIZER_PRIORITY, REGISTRY
from aisec_cli.pii.structure import TextStructure
from aisec_cli.core.lazyre import LazyRegex

# Placeholders of our own syntax and of common redaction tools: never (part of) a detection.
PLACEHOLDER = LazyRegex(
    r"\[[A-Z][A-Z_]*_\d+\]|\[[A-Z][A-Z_]*#[0-9a-f]{8,16}\]|<[A-Z][A-Z_]{2,30}>|\{\{[A-Z_]{2,30}\}\}|\[REDACTED\]"
)


def priority(detection: Candidate) -> int:
    return RECOGNIZER_PRIORITY.get(detection.recognizer, PRIORITY.get(detection.entity, 0))


# Above this many characters the garbage collector is paused while a text is examined.
_GC_PAUSE_CHARS = 1 << 16


def detect(text: str, config: PiiConfig | None = None) -> list[Detection]:
    """All personal data in ``text``: non-overlapping detections sorted by position."""
    config = config or PiiConfig()
    if not text:
        return []
    with gc_paused(len(text) >= _GC_PAUSE_CHARS):
        return [make_detection(*found) for found in _detect(text, config)]


def detect_spans(text: str, config: PiiConfig | None = None) -> list[Candidate]:
    """:func:`detect` as tuples of the same fields (what redaction and worker processes use:
    no object per detection)."""
    config = config or PiiConfig()
    if not text:
        return []
    with gc_paused(len(text) >= _GC_PAUSE_CHARS):
        return _detect(text, config)


def _detect(text: str, config: PiiConfig) -> list[Candidate]:
    scan = TextStructure(text, config)
    candidates: list[Candidate] = []
    wanted = config.entities
    for entities, recognizer in REGISTRY:
        if entities & wanted:
            found = recognizer(scan)
            if not isinstance(found, list):  # read twice below
                found = list(found)
            if wanted.issuperset(map(_ENTITY, found)):  # the usual case: all kept, checked in C
                candidates.extend(found)
            else:
                candidates.extend(d for d in found if d.entity in wanted)
    return resolve(scan, candidates)


_ENTITY = itemgetter(2)  # a candidate's entity


def resolve(scan: TextStructure, candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping detections by position: where candidates overlap, the higher priority,
    then the more confident, then the longer one wins.

    Only candidates that overlap compete, so the text is cut into clusters of overlapping
    candidates and the contest is held inside each (most clusters hold one candidate, which
    is checked inline: dense text has tens of thousands per megabyte).
    """
    minimum = scan.config.min_confidence
    # fields by index (start 0, end 1, confidence 4): a tuple's item, not a named attribute
    ordered = [d for d in candidates if d[1] > d[0] and d[4] >= minimum]
    ordered.sort(key=_START)
    kept: list[Candidate] = []
    text = scan.text
    plain = not scan.config.allow and not scan.is_tabular and scan.fmt not in ("json", "jsonl")
    placeholder = PLACEHOLDER.search
    count = len(ordered)
    index = 0
    while index < count:
        first = ordered[index]
        reach = first[1]
        stop = index + 1
        while stop < count and ordered[stop][0] < reach:
            end = ordered[stop][1]
            if end > reach:  # noqa: PLR1730 - a call per candidate costs more
                reach = end
            stop += 1
        if stop == index + 1:
            if plain:
                value = text[first[0] : reach]
                if not (("[" in value or "<" in value or "{" in value) and placeholder(value)):
                    kept.append(first)
            elif _admissible(scan, first):
                kept.append(first)
        else:
            _settle(scan, ordered[index:stop], kept)
        index = stop
    return kept


_START = itemgetter(0)  # a candidate's start


def _settle(scan: TextStructure, cluster: list[Candidate], kept: list[Candidate]) -> None:
    """Add to ``kept`` (in position order) the winners among overlapping ``cluster``."""
    if len(cluster) == 1:
        if _admissible(scan, cluster[0]):
            kept.append(cluster[0])
        return
    if len(cluster) == 2:  # the usual contest (two recognisers found one name): no sort
        first, second = cluster
        if _rank(second) < _rank(first):  # a tie keeps the order, as the stable sort does
            first, second = second, first
        if _admissible(scan, first):
            kept.append(first)  # the two overlap: the other loses
        elif _admissible(scan, second):
            kept.append(second)
        return
    winners: list[Candidate] = []
    for detection in sorted(cluster, key=_rank):
        start, end = detection.start, detection.end
        if any(w.start < end and start < w.end for w in winners):
            continue
        if _admissible(scan, detection):
            winners.append(detection)
    kept.extend(sorted(winners, key=lambda d: d.start))


def _rank(d: Candidate) -> tuple[int, float, int, int]:
    """Who wins a contest (lowest first): priority, then confidence, then length, then position."""
    return (-priority(d), -d.confidence, -(d.end - d.start), d.start)


def _admissible(scan: TextStructure, detection: Candidate) -> bool:
    """Not an allowed value, not a placeholder, and within one cell or JSON token."""
    start, end = detection.start, detection.end
    value = scan.text[start:end]
    allow = scan.config.allow
    if allow and value in allow:
        return False
    if ("[" in value or "<" in value or "{" in value) and PLACEHOLDER.search(value):
        return False
    if scan.is_tabular and not _within_cell(scan, start, end):
        return False
    return not (scan.fmt in ("json", "jsonl") and not _within_json_token(scan, start, end))


def _within_cell(scan: TextStructure, start: int, end: int) -> bool:
    bounds = scan.cell_bounds(start)
    return bounds is not None and bounds[0] <= start and end <= bounds[1]


def _within_json_token(scan: TextStructure, start: int, end: int) -> bool:
    """The span lies inside one JSON string literal or is a whole bare token (a number)."""
    text = scan.text
    literal = scan.json_string_at(start)
    if literal is not None:
        inner_start, inner_end = literal[0] + 1, literal[1] - 1
        if start < inner_start or end > inner_end:
            return False
        trailing = 0
        probe = end - 1
        while probe >= start and text[probe] == "\\":
            trailing += 1
            probe -= 1
        return trailing % 2 == 0
    if scan.json_string_at(end - 1) is not None:
        return False
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before in " \t:[,\n" and after in " \t,]}\r\n" and '"' not in text[start:end]
