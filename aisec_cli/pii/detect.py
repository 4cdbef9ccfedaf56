"""Detection entry point: run the recognisers, keep what the structure allows, resolve overlaps."""

from __future__ import annotations

import re
from bisect import bisect_left, insort

from aisec_cli.pii.model import Detection, PiiConfig
from aisec_cli.pii.recognizers import PRIORITY, RECOGNIZER_PRIORITY, REGISTRY
from aisec_cli.pii.scan import Scan

# Placeholders of our own syntax and of common redaction tools: never (part of) a detection.
PLACEHOLDER = re.compile(
    r"\[[A-Z][A-Z_]*_\d+\]|\[[A-Z][A-Z_]*#[0-9a-f]{8,16}\]|<[A-Z][A-Z_]{2,30}>|\{\{[A-Z_]{2,30}\}\}|\[REDACTED\]"
)


def priority(detection: Detection) -> int:
    return RECOGNIZER_PRIORITY.get(detection.recognizer, PRIORITY.get(detection.entity, 0))


def detect(text: str, config: PiiConfig | None = None) -> list[Detection]:
    """All personal data in ``text``: non-overlapping detections sorted by position."""
    config = config or PiiConfig()
    if not text:
        return []
    scan = Scan(text, config)
    candidates: list[Detection] = []
    for entities, recognizer in REGISTRY:
        if entities & config.entities:
            candidates.extend(d for d in recognizer(scan) if d.entity in config.entities)
    return resolve(scan, candidates)


def resolve(scan: Scan, candidates: list[Detection]) -> list[Detection]:
    text = scan.text
    config = scan.config
    ordered = sorted(
        (d for d in candidates if d.end > d.start and d.confidence >= config.min_confidence),
        key=lambda d: (-priority(d), -d.confidence, -(d.end - d.start), d.start),
    )
    starts: list[int] = []
    ends: dict[int, int] = {}
    kept: list[Detection] = []
    json_like = scan.fmt in ("json", "jsonl")
    for detection in ordered:
        start, end = detection.start, detection.end
        index = bisect_left(starts, start)
        if index > 0 and ends[starts[index - 1]] > start:
            continue
        if index < len(starts) and starts[index] < end:
            continue
        value = text[start:end]
        if config.allow and value in config.allow:
            continue
        if PLACEHOLDER.search(value):
            continue
        if scan.is_tabular and not _within_cell(scan, start, end):
            continue
        if json_like and not _within_json_token(scan, start, end):
            continue
        insort(starts, start)
        ends[start] = end
        kept.append(detection)
    kept.sort(key=lambda d: d.start)
    return kept


def _within_cell(scan: Scan, start: int, end: int) -> bool:
    bounds = scan.cell_bounds(start)
    return bounds is not None and bounds[0] <= start and end <= bounds[1]


def _within_json_token(scan: Scan, start: int, end: int) -> bool:
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
