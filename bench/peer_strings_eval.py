"""Recall and false alarms of aisec (and gitleaks) on the test strings other scanners publish.

Usage::

    python bench/peer_strings_extract.py /work/peerstrings        # build the set (see there)
    PYTHONPATH=$PWD python bench/peer_strings_eval.py /work/peerstrings \
        [--gitleaks /path/to/gitleaks] [--aisec-path /other/checkout] [--show-misses]

Every string of ``<dir>/<peer>.jsonl`` is written, as the peer's own test feeds it to its
scanner (the whole test input, or the bare example), into a file of its own; both tools scan
the same tree once. A true case counts as found when the tool reports anything in its file;
a false case counts as a false alarm when it does. Strings that the filters treat as
placeholders (``fake``, ``example``, ``xxxx``, runs like ``abcdef``) stay in the count as
misses and are counted separately. A false case of one rule that holds a key another rule of
the same peer accepts (a regular OpenAI key as a non-example of the admin-key rule) is left out
of the false-alarm rate for both tools: reporting that key is right.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from aisec_cli.secrets.filters import is_placeholder, is_sequential


def load(directory: Path) -> list[dict[str, Any]]:
    cases = []
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                cases.append(json.loads(line))
    return cases


def write_tree(cases: list[dict[str, Any]], root: Path) -> list[str]:
    names = []
    for index, case in enumerate(cases):
        name = f"{case['peer']}/{index:05d}.txt"
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case["string"] + "\n", encoding="utf-8")
        names.append(name)
    return names


def aisec_hits(root: Path, aisec_path: Path | None) -> set[str]:
    env = dict(os.environ)
    if aisec_path is not None:
        env["PYTHONPATH"] = str(aisec_path)
    with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as out:
        report = Path(out.name)
    subprocess.run(
        [sys.executable, "-m", "aisec_cli", "scan", str(root), "-f", f"jsonl={report}", "--exit-zero"],
        env=env, cwd=str(aisec_path or Path.cwd()), capture_output=True, text=True, check=False,
    )
    hits = set()
    for line in report.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        location = record.get("location") or {}
        path = location.get("path") or record.get("path") or ""
        if path:
            hits.add(_relative(path, root))
    report.unlink()
    return hits


def gitleaks_hits(root: Path, binary: str) -> set[str]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        report = Path(out.name)
    subprocess.run(
        [binary, "dir", str(root), "--no-banner", "--report-format", "json", "--report-path", str(report),
         "--exit-code", "0", "--log-level", "error"],
        capture_output=True, text=True, check=False,
    )
    data = json.loads(report.read_text(encoding="utf-8") or "[]")
    report.unlink()
    return {_relative(item["File"], root) for item in data}


def _relative(path: str, root: Path) -> str:
    p = Path(path)
    if not p.is_absolute():
        p = (root / p) if not str(p).startswith(str(root)) else p
    try:
        return p.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path


def placeholder_like(text: str) -> bool:
    """A true case whose key the filters treat as a placeholder (reported separately)."""
    return any(is_placeholder(tok) or is_sequential(tok) for tok in text.replace('"', " ").replace("'", " ").split() if len(tok) >= 16)


def holds_other_key(case: dict[str, Any], cases: list[dict[str, Any]]) -> bool:
    """A false case of one rule that holds a key another rule of the same peer treats as valid
    (a regular OpenAI key given as a non-example of the admin-key rule): reporting it is right."""
    if case["expected"]:
        return False
    text = case["string"].strip()
    for other in cases:
        if other["peer"] != case["peer"] or not other["expected"]:
            continue
        if any(k and k in text for k in other.get("keys", ())):
            return True
        if other["rule"] != case["rule"] and len(text) >= 20 and text in other["string"]:
            return True
    return False


def score(cases: list[dict[str, Any]], names: list[str], hits: set[str]) -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = defaultdict(lambda: {"tp": 0, "pos": 0, "fp": 0, "neg": 0, "misses": [], "alarms": []})
    for case, name in zip(cases, names):
        if case.get("other_key"):
            continue
        for key in (case["peer"], "pooled"):
            row = table[key]
            if case["expected"]:
                row["pos"] += 1
                if name in hits:
                    row["tp"] += 1
                elif key != "pooled":
                    row["misses"].append(case)
            else:
                row["neg"] += 1
                if name in hits:
                    row["fp"] += 1
                    if key != "pooled":
                        row["alarms"].append(case)
    for row in table.values():
        row["recall"] = row["tp"] / row["pos"] if row["pos"] else 1.0
        row["false_alarm"] = row["fp"] / row["neg"] if row["neg"] else 0.0
    return dict(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--gitleaks", help="path of a gitleaks binary to compare with")
    parser.add_argument("--aisec-path", type=Path, help="another aisec checkout to measure (e.g. main)")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    cases = load(args.directory)
    if not cases:
        parser.error(f"no *.jsonl cases in {args.directory}")
    for case in cases:
        case["other_key"] = holds_other_key(case, cases)
    excluded = sum(1 for c in cases if c["other_key"])
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="peerstrings-") as tmp:
        root = Path(tmp)
        names = write_tree(cases, root)
        results["aisec"] = score(cases, names, aisec_hits(root, args.aisec_path))
        if args.gitleaks:
            results["gitleaks"] = score(cases, names, gitleaks_hits(root, args.gitleaks))
    placeholders = [c for c in cases if c["expected"] and placeholder_like(c["string"])]
    if args.json:
        print(json.dumps({tool: {k: {m: v for m, v in row.items() if m not in ("misses", "alarms")}
                                 for k, row in table.items()} for tool, table in results.items()}, indent=2))
        return 0
    print(f"{len(cases)} cases; true cases holding a placeholder-like key: {len(placeholders)}; "
          f"false cases left out because they hold another rule's valid key: {excluded}")
    print(f"{'tool':9} {'peer':12} {'recall':>14} {'false alarms':>16}")
    for tool, table in results.items():
        for peer in sorted(table, key=lambda k: (k == "pooled", k)):
            row = table[peer]
            print(f"{tool:9} {peer:12} {row['recall']:6.3f} ({row['tp']:4}/{row['pos']:4})"
                  f" {row['false_alarm']:6.3f} ({row['fp']:3}/{row['neg']:3})")
    if args.show_misses:
        for tool, table in results.items():
            for peer, row in table.items():
                for case in row["misses"]:
                    print(f"MISS  {tool} {peer} {case['rule']}: {case['string'][:160]!r}")
                for case in row["alarms"]:
                    print(f"ALARM {tool} {peer} {case['rule']}: {case['string'][:160]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
