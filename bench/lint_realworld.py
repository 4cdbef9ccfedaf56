"""`aisec lint` on real AI applications nobody here wrote: counts, density and a review sample.

    python bench/lint_realworld.py CHECKOUT [CHECKOUT ...] [--sample 10] [--seed 1]

Each CHECKOUT is a local work tree (for example exported with
`git --git-dir=<mirror> archive HEAD | tar -x -C /tmp/<name>`; never inside this repository).
Prints per repository: files, lines, findings, findings per 1,000 lines, findings per rule,
and a seeded random sample of findings (rule, place, evidence, message) to review by hand.
A checkout whose name contains "vanna" is also checked for the CVE-2024-5565 flow
(model output reaching `exec` of plotly code).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aisec_cli.core.config import Settings  # noqa: E402
from aisec_cli.lint.run import lint_tree  # noqa: E402
from aisec_cli.lint.settings import LintSettings  # noqa: E402
from bench._setup import install_plugins  # noqa: E402

install_plugins()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", nargs="+", type=Path)
    parser.add_argument("--sample", type=int, default=10, help="findings per repository to list for review")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", default="default")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    totals = Counter()
    rows = []
    for checkout in args.checkouts:
        root = checkout.resolve()
        report = lint_tree([root], Settings(root=root), LintSettings(profile=args.profile))
        lines = int(report.stats.get("lines_scanned", 0))
        files = int(report.stats.get("files_scanned", 0))
        per_rule = Counter(f.rule_id for f in report.findings)
        density = 1000 * len(report.findings) / lines if lines else 0.0
        rows.append((root.name, files, lines, len(report.findings), density, per_rule, len(report.errors)))
        totals.update({"files": files, "lines": lines, "findings": len(report.findings)})
        print(f"\n## {root.name}")
        print(f"files {files}, lines {lines}, findings {len(report.findings)} ({density:.2f} per 1,000 lines), errors {len(report.errors)}")
        print("per rule: " + ", ".join(f"{rid} {n}" for rid, n in sorted(per_rule.items())))
        if "vanna" in root.name.lower():
            cve = [
                f for f in report.findings
                if f.rule_id == "AIS301" and f.location.path.endswith("base/base.py") and "exec" in f.snippet
            ]
            print(f"CVE-2024-5565 flow (model output → exec of plotly code): {'FOUND' if cve else 'MISSING'}")
            for f in cve:
                print(f"  {f.location.path}:{f.location.line} {f.message}")
        sample = rng.sample(list(report.findings), min(args.sample, len(report.findings)))
        for f in sorted(sample, key=lambda f: (f.location.path, f.location.line)):
            print(f"- [ ] {f.rule_id} {f.location.path}:{f.location.line}  `{f.snippet[:100]}`")
            print(f"      {f.message[:200]}")
    print("\n| repository | files | lines | findings | per 1,000 lines | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, files, lines, count, density, _per_rule, errors in rows:
        print(f"| {name} | {files} | {lines} | {count} | {density:.2f} | {errors} |")
    if totals["lines"]:
        print(f"| **all** | {totals['files']} | {totals['lines']} | {totals['findings']} | {1000 * totals['findings'] / totals['lines']:.2f} | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
