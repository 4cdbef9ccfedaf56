"""Whether two checkouts of aisec write the same `aisec prompts` reports on labelled corpora.

A speed change to the prompts engine must not change what it reports. This runs
``aisec prompts CORPUS --format json`` from this checkout and from another one (or reads the
reports saved from it earlier) and compares the two byte for byte, the run time in ``stats``
aside. Each corpus is run with every core (the split across worker processes) unless
``--jobs`` says otherwise.

    python bench/prompts_identical.py --save /tmp/base-reports --checkout /path/to/base   # once
    python bench/prompts_identical.py --against /tmp/base-reports                           # after each change
    python bench/prompts_identical.py --compare-with /path/to/base                          # both, now

Without corpus arguments it uses the development set and the evaluation sets named in
:data:`DEFAULT_CORPORA` that exist on this machine. Exit status 0 when every report is
identical, 1 otherwise (the first differing line of each is printed).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = next(
    (c for c in (r / "shared" / "corpora" / "injection" / "dev.jsonl" for r in ROOT.parents) if c.exists()),
    ROOT.parent / "shared" / "corpora" / "injection" / "dev.jsonl",
)
DEFAULT_CORPORA = (
    DEV,
    Path("/tmp/b2/bipia_test.jsonl"),
    Path("/tmp/s6/reg.jsonl"),
    Path("/tmp/multi_w/ml2.jsonl"),
    Path("/tmp/s6/docs_h3.jsonl"),
)
_RUN_TIME = re.compile(rb'\n *"seconds": [0-9.]+,?')
RULE_ID = b'"rule_id"'


def report(checkout: Path, corpus: Path, jobs: int) -> bytes:
    """The JSON report of ``aisec prompts CORPUS`` run from ``checkout``, run time removed."""
    args = [sys.executable, "-m", "aisec_cli", "prompts", str(corpus), "--format", "json"]
    if jobs:
        args += ["--jobs", str(jobs)]
    done = subprocess.run(
        args, cwd=corpus.parent, env={**os.environ, "PYTHONPATH": str(checkout)}, capture_output=True, check=False
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"{checkout}: aisec prompts {corpus} exited {done.returncode}: {done.stderr.decode()[-400:]}")
    return _RUN_TIME.sub(b"", done.stdout)


def _saved_name(corpus: Path) -> str:
    return f"{corpus.stem}-{hashlib.sha256(str(corpus.resolve()).encode()).hexdigest()[:8]}.json"


def _first_difference(a: bytes, b: bytes) -> str:
    for number, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), 1):
        if x != y:
            return f"line {number}: {x[:160]!r} != {y[:160]!r}"
    return f"lengths differ ({len(a)} and {len(b)} bytes)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="*", type=Path)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--save", type=Path, help="write the reports of --checkout (default: this one) to this folder")
    what.add_argument("--against", type=Path, help="compare this checkout's reports with those saved in this folder")
    what.add_argument("--compare-with", type=Path, help="compare this checkout's reports with another checkout's")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the checkout whose reports --save writes")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: every core)")
    args = parser.parse_args(argv)
    corpora = args.corpora or [c for c in DEFAULT_CORPORA if c.exists()]
    if args.save is not None:
        args.save.mkdir(parents=True, exist_ok=True)
        for corpus in corpora:
            data = report(args.checkout.resolve(), corpus, args.jobs)
            (args.save / _saved_name(corpus)).write_bytes(data)
            print(f"saved  {corpus}  ({len(data)} bytes)")
        return 0
    same = True
    for corpus in corpora:
        mine = report(ROOT, corpus, args.jobs)
        if args.against is not None:
            saved = args.against / _saved_name(corpus)
            if not saved.exists():
                print(f"MISSING  {corpus}: no saved report {saved}")
                same = False
                continue
            theirs = saved.read_bytes()
        else:
            theirs = report(args.compare_with.resolve(), corpus, args.jobs)
        if mine == theirs:
            print(f"identical  {corpus}  ({len(mine)} bytes, {mine.count(RULE_ID)} findings and suppressed)")
        else:
            same = False
            print(f"DIFFERENT  {corpus}: {_first_difference(theirs, mine)}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
