#!/usr/bin/env python3
"""Turn a peer PII tool's published recognizer test cases into a JSONL of facts.

Reads Microsoft Presidio's ``presidio-analyzer/tests/test_*_recognizer.py`` files as data
(with :mod:`ast`, nothing is imported or run) and writes one JSON object per case:

    {"source": "presidio/<file>", "peer_entity": "US_SSN", "entity": "US_SSN",
     "text": "...", "spans": [[s, e], ...] | null, "count": n, "weak": bool}

Extraction rules:
- only ``@pytest.mark.parametrize`` tables whose first argument is ``text`` and that carry
  ``expected_len``; the entity is the module's ``entities`` fixture (``entity_num`` picks
  one of several); entities aisec has no counterpart for (DATE_TIME, URL, ...) are dropped;
- ``expected_positions`` / ``expected_res`` give the spans; a case with a count but no
  positions keeps ``spans: null`` and is scored by count;
- tables of a single ``text`` argument under a test named ``*invalid*`` are negatives;
- ``weak`` marks positives whose expected score range ends at or below 0.3 (the peer itself
  calls them "very weak": a bare shape with no context).

``--context`` adds the peer's context sentences (``tests/data/context_sentences_tests.txt``:
an entity line, then a sentence with a context word, e.g. "my passport number is hi bye
hello 912803456"), one positive each, scored by count (``spans: null``, ``count: 1``).

Usage (the peer's repository as a git directory or work tree):

    python bench/pii_peer_extract.py /path/to/presidio > /work/peerpii/presidio.jsonl
    python bench/pii_peer_extract.py --context /path/to/presidio > /work/peerpii/presidio_context.jsonl
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

# Peer entity -> aisec entity.
ENTITY_MAP: dict[str, str] = {
    "PERSON": "PERSON",
    "US_SSN": "US_SSN",
    "US_DRIVER_LICENSE": "US_DRIVER_LICENSE",
    "US_PASSPORT": "PASSPORT",
    "UK_PASSPORT": "PASSPORT",
    "ES_PASSPORT": "PASSPORT",
    "IT_PASSPORT": "PASSPORT",
    "IN_PASSPORT": "PASSPORT",
    "KR_PASSPORT": "PASSPORT",
    "DE_PASSPORT": "PASSPORT",
    "IP_ADDRESS": "IP_ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "EMAIL_ADDRESS": "EMAIL",
    "IBAN_CODE": "IBAN",
    "CRYPTO": "CRYPTO_WALLET",
    "MAC_ADDRESS": "MAC_ADDRESS",
    "UK_NINO": "NATIONAL_ID",
    "UK_NHS": "NATIONAL_ID",
    "ES_NIE": "NATIONAL_ID",
    "ES_NIF": "NATIONAL_ID",
    "IT_FISCAL_CODE": "NATIONAL_ID",
    "FI_PERSONAL_IDENTITY_CODE": "NATIONAL_ID",
    "PL_PESEL": "NATIONAL_ID",
    "SE_PERSONNUMMER": "NATIONAL_ID",
    "DE_TAX_ID": "NATIONAL_ID",
}
TESTS = "presidio-analyzer/tests"
CONTEXT_SENTENCES = TESTS + "/data/context_sentences_tests.txt"
# The context file's entity names that differ from the recognizer tests' ones.
CONTEXT_ENTITIES = {"PHONE_NUMBER": "", "US_ITIN": "", "US_BANK_NUMBER": "", "ABA_ROUTING_NUMBER": ""}


def _files(repo: Path) -> dict[str, str]:
    """Test file name -> source, from a work tree or a bare git directory."""
    tree = repo / TESTS
    if tree.is_dir():
        return {p.name: p.read_text(encoding="utf-8") for p in sorted(tree.glob("test_*_recognizer.py"))}
    names = subprocess.run(
        ["git", "--git-dir", str(repo), "ls-tree", "--name-only", "HEAD", TESTS + "/"],
        check=True, capture_output=True, text=True,
    ).stdout.split()
    out = {}
    for name in names:
        base = name.rsplit("/", 1)[-1]
        if base.startswith("test_") and base.endswith("_recognizer.py"):
            out[base] = subprocess.run(
                ["git", "--git-dir", str(repo), "show", f"HEAD:{name}"], check=True, capture_output=True, text=True
            ).stdout
    return out


def _read(repo: Path, name: str) -> str:
    path = repo / name
    if path.is_file():
        return path.read_text(encoding="utf-8")
    return subprocess.run(
        ["git", "--git-dir", str(repo), "show", f"HEAD:{name}"], check=True, capture_output=True, text=True
    ).stdout


def context_cases(repo: Path) -> list[dict]:
    """The peer's context sentences: pairs of lines (entity, sentence), comments skipped."""
    lines = [line.strip() for line in _read(repo, CONTEXT_SENTENCES).splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    cases = []
    for peer, text in zip(lines[0::2], lines[1::2], strict=False):
        entity = ENTITY_MAP.get(peer, CONTEXT_ENTITIES.get(peer, ""))
        if entity:
            cases.append({
                "source": "presidio/context_sentences_tests.txt", "peer_entity": peer, "entity": entity,
                "text": text, "spans": None, "count": 1, "weak": False,
            })
    return cases


def _fixture_entities(tree: ast.Module) -> list[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "entities":
            for sub in ast.walk(node):
                if isinstance(sub, ast.Return) and sub.value is not None:
                    try:
                        value = ast.literal_eval(sub.value)
                    except ValueError:
                        return []
                    return [v for v in value if isinstance(v, str)]
    return []


def _tables(tree: ast.Module) -> list[tuple[str, list[str], list]]:
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        for deco in node.decorator_list:
            if not (isinstance(deco, ast.Call) and ast.unparse(deco.func).endswith("parametrize") and len(deco.args) >= 2):
                continue
            try:
                names = ast.literal_eval(deco.args[0])
                rows = ast.literal_eval(deco.args[1])
            except ValueError:
                continue
            if isinstance(names, str):
                names = [n.strip() for n in names.split(",")]
            out.append((node.name, list(names), list(rows)))
    return out


def _weak(ranges: object) -> bool:
    try:
        return bool(ranges) and all(float(hi) <= 0.3 for _, hi in ranges)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return False


def extract(repo: Path) -> list[dict]:
    cases: list[dict] = []
    for name, source in _files(repo).items():
        tree = ast.parse(source)
        fixture = _fixture_entities(tree)
        for func, argnames, rows in _tables(tree):
            if not argnames or argnames[0] != "text":
                continue
            for row in rows:
                values = dict(zip(argnames, row if isinstance(row, tuple) else (row,), strict=False))
                text = values["text"]
                if not isinstance(text, str):
                    continue
                if "entity_num" in values:
                    peer = fixture[values["entity_num"]] if values["entity_num"] < len(fixture) else ""
                elif len(fixture) == 1:
                    peer = fixture[0]
                else:
                    continue
                if peer not in ENTITY_MAP:
                    continue
                if "expected_len" in values:
                    count = int(values["expected_len"])
                    positions = values.get("expected_positions", values.get("expected_res"))
                    spans = [list(p) for p in positions] if positions else None
                    if count and spans is not None and len(spans) != count:
                        spans = None
                    weak = _weak(values.get("expected_score_ranges"))
                elif len(argnames) == 1 and "invalid" in func:
                    count, spans, weak = 0, [], False
                else:
                    continue
                cases.append({
                    "source": f"presidio/{name}", "peer_entity": peer, "entity": ENTITY_MAP[peer],
                    "text": text, "spans": spans if count else [], "count": count, "weak": weak,
                })
    return cases


def main(argv: list[str] | None = None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    context = "--context" in args
    args = [a for a in args if a != "--context"]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    cases = extract(Path(args[0]))
    if context:
        cases += context_cases(Path(args[0]))
    for case in cases:
        print(json.dumps(case, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
