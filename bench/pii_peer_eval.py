#!/usr/bin/env python3
"""Score ``aisec redact`` on a peer PII tool's published recognizer test cases.

The cases are facts (text, entity, expected spans; positives and negatives) in a JSONL file
outside this repository. Rebuild it from Microsoft Presidio's repository (MIT licence):

    # a checkout or bare git directory of github.com/microsoft/presidio
    python bench/pii_peer_extract.py /path/to/presidio > /work/peerpii/presidio.jsonl

``bench/pii_peer_extract.py`` reads ``presidio-analyzer/tests/test_*_recognizer.py`` with
:mod:`ast` (parametrize tables whose first argument is ``text``; the ``entities`` fixture
names the entity; peer entity names are mapped to aisec's, e.g. US_PASSPORT/UK_PASSPORT/...
-> PASSPORT, EMAIL_ADDRESS -> EMAIL, UK_NINO/ES_NIF/... -> NATIONAL_ID; see ENTITY_MAP there).

Scoring, per aisec entity, with the detections ``aisec_cli.pii.api.redact_text`` returns
(every entity enabled, so a value taken by another entity counts as missed):
- recall: expected spans covered by a detection of that entity, by OVERLAP (``exact`` beside
  it counts start and end equal); a case with a count but no positions counts its
  detections of the entity, up to the count;
- ``weak``: spans the peer expects at a "very weak" score (≤ 0.3, a bare shape with no
  context); shown separately, and recall without them is given too;
- false alarms: negative cases (expected count 0) in which a detection of the entity is
  reported; ``extra`` counts detections of the entity on positive cases that overlap no
  expected span.

    python bench/pii_peer_eval.py [/work/peerpii/presidio.jsonl] [--errors ENTITY] [--labelled]
                                  [--min-confidence 0.3]

``--min-confidence`` scores a run that asks for lower-confidence detections (the bare shapes
below the default 0.5, see ``aisec_cli/pii/recognizers/bare.py``), as ``aisec redact
--min-confidence`` would.

``--labelled`` scores a second view: every positive case of an entity that aisec reports
only with context (passports, driver licences, SSNs, national identifiers) and whose text
names no document yet gets a label in front ("passport no. AB1234567"), spans shifted; the
peer's bare-shape cases then say whether the value's format is known, apart from whether a
bare shape is enough. Negative cases keep their text (a peer's "not a Korean passport" is
often a fine passport of another country, so a labelled negative proves nothing).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aisec_cli.core.config import Settings, load_settings  # noqa: E402
from aisec_cli.pii.api import redact_text  # noqa: E402

DEFAULT = Path("/work/peerpii/presidio.jsonl")
LABELS = {
    "PASSPORT": "passport no. ",
    "US_DRIVER_LICENSE": "driver's license # ",
    "US_SSN": "SSN ",
    "NATIONAL_ID": "national ID: ",
}


_NAMED = re.compile(r"passport|pasaport|passeport|reisepass|pass-nr|여권|licen[cs]e|\bdl\b|ssn|social security|\bid\b", re.I)


def labelled(case: dict) -> dict:
    label = LABELS.get(case["entity"])
    if label is None or case["count"] == 0 or _NAMED.search(case["text"]):
        return case
    shift = len(label)
    spans = None if case["spans"] is None else [[s + shift, e + shift] for s, e in case["spans"]]
    return {**case, "text": label + case["text"], "spans": spans}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def settings_with(min_confidence: float | None) -> Settings | None:
    """The working folder's settings with ``min-confidence`` set (None: as they are)."""
    if min_confidence is None:
        return None
    settings = load_settings(Path("."))
    redact = {**settings.section("redact"), "min-confidence": min_confidence}
    return settings.evolve(sections={**settings.sections, "redact": redact})


def evaluate(cases: list[dict], errors: str | None = None, min_confidence: float | None = None) -> dict[str, Counter[str]]:
    stats: dict[str, Counter[str]] = {}
    settings = settings_with(min_confidence)
    for case in cases:
        entity = case["entity"]
        row = stats.setdefault(entity, Counter())
        detections = redact_text(case["text"], settings=settings).detections
        found = [(d.start, d.end) for d in detections if d.entity == entity]
        others = [(d.entity, case["text"][d.start : d.end]) for d in detections if d.entity != entity]
        if case["count"] == 0:
            row["neg"] += 1
            if found:
                row["false_alarm"] += 1
                if errors in (entity, "ALL"):
                    print(f"FA  {entity}: {case['text']!r} -> {[case['text'][s:e] for s, e in found]}")
            continue
        weak = "weak" if case.get("weak") else "strong"
        row["spans"] += case["count"]
        row[f"spans_{weak}"] += case["count"]
        if case["spans"] is None:
            hit = min(len(found), case["count"])
            row["found"] += hit
            row[f"found_{weak}"] += hit
            row["exact"] += hit  # no positions to compare
            missed = case["count"] - hit
            if missed and errors in (entity, "ALL"):
                print(f"FN  {entity}: {case['text']!r} found {len(found)}/{case['count']} others={others}")
            continue
        used: set[int] = set()
        for start, end in case["spans"]:
            match = next((i for i, f in enumerate(found) if i not in used and _overlap(f, (start, end))), None)
            if match is None:
                if errors in (entity, "ALL"):
                    print(f"FN  {entity}{' (weak)' if weak == 'weak' else ''}: {case['text']!r} [{case['text'][start:end]!r}] others={others}")
                continue
            used.add(match)
            row["found"] += 1
            row[f"found_{weak}"] += 1
            row["exact"] += found[match] == (start, end)
        row["extra"] += len(found) - len(used)
    return stats


def render(stats: dict[str, Counter[str]]) -> str:
    lines = [
        f"{'entity':<18}{'spans':>6}{'found':>7}{'recall':>8}{'exact':>7}"
        f"{'strong':>10}{'weak':>9}{'neg':>6}{'FA':>4}{'extra':>6}"
    ]
    total: Counter[str] = Counter()
    for entity in sorted(stats):
        row = stats[entity]
        total.update(row)
        lines.append(_line(entity, row))
    lines.append(_line("ALL", total))
    return "\n".join(lines)


def _line(name: str, row: Counter[str]) -> str:
    def ratio(a: int, b: int) -> str:
        return f"{a}/{b}" if b else "-"

    recall = row["found"] / row["spans"] if row["spans"] else 0.0
    return (
        f"{name:<18}{row['spans']:>6}{row['found']:>7}{recall:>8.3f}{row['exact']:>7}"
        f"{ratio(row['found_strong'], row['spans_strong']):>10}{ratio(row['found_weak'], row['spans_weak']):>9}"
        f"{row['neg']:>6}{row['false_alarm']:>4}{row['extra']:>6}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--errors", help="print misses and false alarms of ENTITY (or ALL)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--labelled", action="store_true", help="put a label before the cases of context-only entities")
    parser.add_argument("--min-confidence", type=float, help="report detections down to this confidence (default: the configuration's, 0.5)")
    args = parser.parse_args(argv)
    cases = [json.loads(line) for line in args.cases.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.labelled:
        cases = [labelled(c) for c in cases]
    stats = evaluate(cases, args.errors, args.min_confidence)
    if args.json:
        print(json.dumps({k: dict(v) for k, v in stats.items()}, indent=1, sort_keys=True))
    else:
        view = (", labelled" if args.labelled else "") + (
            f", min-confidence {args.min_confidence}" if args.min_confidence is not None else ""
        )
        print(f"{len(cases)} cases from {args.cases}{view} (recall by overlap; strong/weak = peer's score range)")
        print(render(stats))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
