#!/usr/bin/env python3
"""``aisec redact -`` against ``aisec redact - --check`` on the same generated standard input.

--check lists every detection (line, column, masked evidence, a table row); it should cost no
more than redacting. Generates ``--size-mb`` of mixed lines (an e-mail or a phone number in
half of them) and times both through standard input:

    python bench/redact_stdin_check.py --size-mb 10
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._timing import measure, table  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".work"
NAMES = ("Ola Nordmann", "Kari Hansen", "Lukas Berger", "Anna Berg")


def generate(path: Path, size_mb: float) -> None:
    lines: list[str] = []
    total, i = 0, 0
    while total < size_mb * 1_000_000:
        kind = i % 4
        if kind == 0:
            line = f"{i} user {NAMES[i % 4]} mail u{i}@posteo.net wrote a message about the weather\n"
        elif kind == 1:
            line = f"{i} call +44 20 7946 {i % 10000:04d} tomorrow please, thanks a lot\n"
        else:
            line = f"{i} nothing personal here just some log text with numbers {i * 7}\n"
        lines.append(line)
        total += len(line)
        i += 1
    path.write_text("".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    data = WORK / f"stdin-{args.size_mb:g}mb.txt"
    if not data.exists():
        generate(data, args.size_mb)
    base = f"{shlex.quote(sys.executable)} -m aisec_cli redact -"
    rows = []
    for name, extra in (("redact -", ""), ("redact - --check", " --check"), ("redact - --check -f json", " --check -f json")):
        argv = ["sh", "-c", f"{base}{extra} < {shlex.quote(str(data))}"]
        rows.append(measure(name, argv, runs=args.runs, cwd=str(ROOT), env={"PYTHONPATH": str(ROOT)}))
    print(f"{data.stat().st_size / 1e6:.1f} MB of standard input")
    print(table(rows, "redact -"))


if __name__ == "__main__":
    main()
