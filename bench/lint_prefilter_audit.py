"""Is the lint prefilter safe on real code? Findings with and without it, per tree, side by side.

    python bench/lint_prefilter_audit.py TREE [TREE ...] [--profile audit] [--jobs 0]

Each TREE is linted twice in this process's checkout, as `aisec lint` does (cross-file
analysis on, the tree is the project): once as shipped, once with the prefilter off (every
file parsed and analysed). The two sets of findings (rule, file, line, message) must be
equal; a difference is printed and the exit status is 1. Also printed: files analysed with
and without the prefilter and the wall time of each run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aisec_cli.core.config import load_settings  # noqa: E402
from aisec_cli.lint import prefilter  # noqa: E402
from aisec_cli.lint.engine import language_of  # noqa: E402
from aisec_cli.lint.run import lint_settings_from, lint_tree  # noqa: E402
from aisec_cli.secrets import plugin  # noqa: E402

plugin.install()  # evidence masking finds keys as the command line does


def _findings(tree: Path, profile: str, jobs: int, on: bool) -> tuple[set[tuple[str, str, int, str]], float]:
    settings = load_settings(tree, isolated=True).evolve(jobs=jobs)
    lint = lint_settings_from(settings, profile=profile, prefilter=on)
    started = time.perf_counter()
    report = lint_tree([tree], settings, lint)
    elapsed = time.perf_counter() - started
    return {(f.rule_id, f.location.path, f.location.line, f.message) for f in report.findings}, elapsed


def _local_share(tree: Path) -> tuple[int, int]:
    """(files the prefilter lets through on their own text, Python/JS files)."""
    passed = total = 0
    for path in tree.rglob("*"):
        language = language_of(path.name)
        if language not in ("python", "javascript", "typescript") or not path.is_file():
            continue
        total += 1
        text = path.read_text(encoding="utf-8", errors="replace")
        gate = prefilter.TextGate("python" if language == "python" else "javascript")
        passed += bool(gate.search(text))
    return passed, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--profile", default="audit")
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args(argv)
    status = 0
    print(f"{'tree':28} {'files':>6} {'own trigger':>11} {'findings':>9} {'on s':>7} {'off s':>7}  same")
    for tree in args.trees:
        tree = tree.resolve()
        with_filter, t_on = _findings(tree, args.profile, args.jobs, True)
        without, t_off = _findings(tree, args.profile, args.jobs, False)
        passed, total = _local_share(tree)
        same = with_filter == without
        print(f"{tree.name[:28]:28} {total:6d} {passed:11d} {len(without):9d} {t_on:7.1f} {t_off:7.1f}  {'yes' if same else 'NO'}")
        if not same:
            status = 1
            for item in sorted(without - with_filter):
                print(f"  lost: {item}")
            for item in sorted(with_filter - without):
                print(f"  new:  {item}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
