"""Run the bad-input matrix (tests/matrix/cases.py) against a checkout and count what went wrong.

    python bench/bad_input_matrix.py                       # this checkout, the CI cases
    python bench/bad_input_matrix.py --big                 # plus the big cases
    python bench/bad_input_matrix.py --source OLD_CHECKOUT # another version (e.g. a git worktree of an older commit)

Prints one row per (case, command) with a problem, then the totals: runs, tracebacks, hangs,
wrong exit codes, raw keys in output, exit 2 without a clear error, and planted keys in hostile
shapes (UTF-32, stray NULs, zero-width splits, escapes, binary blobs, long lines …) that a
run's report does not hold (fail-open: the ordinary planted problems still make it exit 1). The cases and the judging
are the test suite's own (tests/matrix), so the figures and the tests cannot drift apart.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))

from tests.matrix.cases import CASES, Outcome, build_case, run_command  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=HERE, help="checkout whose aisec_cli is run (default: this one)")
    parser.add_argument("--big", action="store_true", help="include the big cases")
    parser.add_argument("--timeout", type=float, default=90.0, help="seconds per run before it counts as a hang")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="substring of case names to run")
    args = parser.parse_args()
    env = {"PYTHONPATH": str(args.source.resolve())}
    cases = [c for c in CASES if (args.big or not c.big) and args.only in c.name]
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        jobs = []
        for case in cases:
            root, planted = build_case(case, work / "cases")
            for command in case.commands:
                out = work / "out" / case.name / command
                out.mkdir(parents=True)
                jobs.append((case, command, root, planted, out))
        with ThreadPoolExecutor(args.workers) as pool:
            outcomes = list(pool.map(lambda j: run_command(*j, args.timeout, env=env), jobs))
    for o in outcomes:
        if o.problems:
            print(f"{o.case:28} {o.command:9} exit={o.code} {o.seconds:5.1f}s  " + " | ".join(p[:160].replace("\n", " ") for p in o.problems))
    totals = {
        "runs": len(outcomes),
        "tracebacks": sum(bool(o.tracebacks) for o in outcomes),
        "hangs": sum(bool(o.hangs) for o in outcomes),
        "wrong exit codes": sum(bool(o.wrong_exit) for o in outcomes),
        "raw keys in output": sum(bool(o.raw_keys) for o in outcomes),
        "unclear errors": sum(bool(o.bad_errors) for o in outcomes),
        "missed planted keys": sum(bool(o.missed) for o in outcomes),
        "runs with any problem": sum(bool(o.problems) for o in outcomes),
    }
    median = sorted(o.seconds for o in outcomes)[len(outcomes) // 2] if outcomes else 0.0
    print(f"\nsource: {args.source}  cases: {len(cases)}  wall per run: median {median:.2f}s")
    for name, value in totals.items():
        print(f"  {name:24} {value}")
    return 0 if totals["runs with any problem"] == 0 else 1


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    sys.exit(main())
