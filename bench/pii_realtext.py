#!/usr/bin/env python3
"""List what ``aisec redact`` would take out of real prose and code (a false-alarm probe).

Walks the given files and folders (text files: docs, READMEs, change logs, source), runs the
detector on each and prints one tab-separated line per detection (entity, file, line, value)
followed by a count per entity. Run it before and after a detector change and diff the two
outputs; every new line is a new redaction to judge by hand.

    python bench/pii_realtext.py docs/ /path/to/other/repo/docs > after.tsv
    diff <(cut -f1,2,4 before.tsv) <(cut -f1,2,4 after.tsv)

Values are printed as found: point it only at public text (documentation, public repositories).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aisec_cli.pii.api import redact_text

SUFFIXES = frozenset([".md", ".rst", ".txt", ".adoc", ".html", ".py", ".js", ".ts", ".go", ".c", ".h", ".yaml", ".yml", ".toml", ".json", ".csv", ".cfg", ".ini"])
MAX_BYTES = 2_000_000


def files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_file():
            out.append(path)
            continue
        for item in sorted(path.rglob("*")):
            if item.is_file() and (item.suffix.lower() in SUFFIXES or not item.suffix) and ".git" not in item.parts:
                out.append(item)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--entities", default="", help="comma-separated entities to list (default: all)")
    parser.add_argument("--min-confidence", type=float, help="report detections down to this confidence (default: 0.5)")
    args = parser.parse_args(argv)
    wanted = {e.strip() for e in args.entities.split(",") if e.strip()}
    counts: Counter[str] = Counter()
    size = 0
    for path in files(args.paths):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if len(data) > MAX_BYTES or b"\0" in data[:4096]:
            continue
        text = data.decode("utf-8", errors="replace")
        size += len(data)
        for d in redact_text(text, min_confidence=args.min_confidence).detections:
            if wanted and d.entity not in wanted:
                continue
            counts[d.entity] += 1
            line = text.count("\n", 0, d.start) + 1
            value = text[d.start : d.end].replace("\t", " ").replace("\n", "\\n")
            print(f"{d.entity}\t{path}\t{line}\t{value}")
    print(f"# {size / 1e6:.1f} MB; " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
