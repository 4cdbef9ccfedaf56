"""Checklist verdicts on real trees: what changed between two runs, and how many match hand labels.

    python bench/checklist_verdicts.py run  --code DIR --out OUT TREE...   # one JSON per tree
    python bench/checklist_verdicts.py diff BEFORE AFTER                     # every verdict that moved
    python bench/checklist_verdicts.py score --labels LABELS.json RUN...     # right / labelled, per run

``run`` executes ``aisec checklist --no-history . -f json --allow-incomplete`` in each tree (a
directory of source; history is not read) with ``PYTHONPATH=DIR`` (a source tree of aisec, e.g.
an older commit unpacked with ``git archive``) and writes ``OUT/<tree name>.json``; trees
already done are skipped. ``diff`` lists ``tree item before -> after`` and both reasons.
``score`` reads labels kept outside the repository (hand verdicts of public repositories):

    {"sets": {"dev": ["owner+repo", ...], "held": [...]},
     "labels": {"owner+repo": {"CHK09": "WARN", "CHK15": ["WARN", "central step"], ...}}}

An item's label is the right status (``"MANUAL|FAIL"``: either is right, an honest MANUAL
where a decided verdict is also right), or [status, a phrase the right reason holds]; items not
labelled are not counted. Printed per set: right / labelled, and each wrong verdict.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def _items(path: Path) -> dict[str, tuple[str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {i["id"]: (i["status"], i["reason"]) for i in data.get("extra", {}).get("items", [])}


def run(code: Path, out: Path, trees: list[Path]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(code.resolve())}
    for tree in trees:
        target = out / f"{tree.name}.json"
        if target.exists() and target.stat().st_size:
            continue
        with target.open("w", encoding="utf-8") as sink:
            done = subprocess.run(
                [sys.executable, "-m", "aisec_cli", "checklist", "--no-history", ".", "-f", "json", "--allow-incomplete", "--no-progress"],
                cwd=tree, env=env, stdout=sink, stderr=subprocess.PIPE, text=True, check=False,
            )
        if done.returncode not in (0, 1):
            print(f"{tree.name}: exit {done.returncode}: {done.stderr.strip()[-300:]}", file=sys.stderr)


def diff(before: Path, after: Path) -> None:
    moved = 0
    names = sorted({p.stem for p in before.glob("*.json")} & {p.stem for p in after.glob("*.json")})
    for name in names:
        old, new = _items(before / f"{name}.json"), _items(after / f"{name}.json")
        if not old or not new:
            print(f"{name}: no verdicts on one side (not run, or still running)")
            continue
        for item in sorted(set(old) | set(new)):
            was, now = old.get(item, ("-", "")), new.get(item, ("-", ""))
            if was[0] != now[0] or was[1] != now[1]:
                moved += was[0] != now[0]
                print(f"{name} {item} {was[0]} -> {now[0]}\n    before: {was[1][:200]}\n    after:  {now[1][:200]}")
    print(f"{len(names)} trees, {moved} statuses changed")


def _right(label: Any, got: tuple[str, str]) -> bool:
    """``"WARN"``, ``"MANUAL|FAIL"`` (either is right) or ``["WARN", "a phrase of the reason"]``."""
    if isinstance(label, list):
        status, phrase = label[0], label[1]
        return got[0] in status.split("|") and phrase.lower() in got[1].lower()
    return got[0] in str(label).split("|")


def score(labels_path: Path, runs: list[Path]) -> None:
    data = json.loads(labels_path.read_text(encoding="utf-8"))
    for folder in runs:
        print(f"== {folder}")
        for set_name, repos in data["sets"].items():
            right = total = 0
            wrong = []
            for repo in repos:
                got = _items(folder / f"{repo}.json")
                for item, label in sorted(data["labels"].get(repo, {}).items()):
                    total += 1
                    verdict = got.get(item, ("missing", ""))
                    if _right(label, verdict):
                        right += 1
                    else:
                        wrong.append(f"  {repo} {item}: {verdict[0]} ({verdict[1][:90]}), labelled {label}")
            print(f"{set_name}: {right}/{total} right")
            for line in wrong:
                print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run")
    p_run.add_argument("--code", type=Path, required=True)
    p_run.add_argument("--out", type=Path, required=True)
    p_run.add_argument("trees", type=Path, nargs="+")
    p_diff = sub.add_parser("diff")
    p_diff.add_argument("before", type=Path)
    p_diff.add_argument("after", type=Path)
    p_score = sub.add_parser("score")
    p_score.add_argument("--labels", type=Path, required=True)
    p_score.add_argument("runs", type=Path, nargs="+")
    args = parser.parse_args()
    if args.command == "run":
        run(args.code, args.out, args.trees)
    elif args.command == "diff":
        diff(args.before, args.after)
    else:
        score(args.labels, args.runs)


if __name__ == "__main__":
    main()
