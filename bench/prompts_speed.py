"""How fast `aisec prompts` scores texts, on one core.

Scores every text of a labelled JSONL corpus (default: the 4,297-text development set) in
one process, after one warm-up text, and reports wall and CPU time, texts per second and the
time split between the rules and the classifier. The issue's target: the development set in
under 5 seconds on one core.

    python bench/prompts_speed.py
    python bench/prompts_speed.py CORPUS.jsonl --repeat 3 --json speed.json
    python bench/prompts_speed.py --cli          # also time the `aisec prompts` command on the file
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_CORPUS = next(
    (c for c in (r / "shared" / "corpora" / "injection" / "dev.jsonl" for r in ROOT.parents) if c.exists()),
    ROOT.parent / "shared" / "corpora" / "injection" / "dev.jsonl",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=1, help="runs (each with a fresh scorer); the median is reported")
    parser.add_argument("--cli", action="store_true", help="also time `aisec prompts CORPUS` (the whole command, all cores)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)

    from aisec_cli.prompts.api import Scorer

    texts = [json.loads(line)["text"] for line in args.corpus.read_text(encoding="utf-8").split("\n") if line.strip()]
    characters = sum(len(t) for t in texts)
    runs: list[dict[str, float]] = []
    for _ in range(max(1, args.repeat)):
        scorer = Scorer()
        scorer.score("warm up")
        started, cpu = time.perf_counter(), time.process_time()
        for text in texts:
            scorer.score(text)
        total_wall, total_cpu = time.perf_counter() - started, time.process_time() - cpu
        rules_cpu = time.process_time()
        for text in texts:
            scorer.matcher.scan(text)
        rules_cpu = time.process_time() - rules_cpu
        model_cpu = 0.0
        if scorer.classifier is not None:
            model_cpu = time.process_time()
            for text in texts:
                scorer.classifier.probability(text)
            model_cpu = time.process_time() - model_cpu
        runs.append({"wall": total_wall, "cpu": total_cpu, "rules_cpu": rules_cpu, "model_cpu": model_cpu})

    def median(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    figures = {
        "texts": len(texts),
        "characters": characters,
        "runs": len(runs),
        "wall_seconds": round(median("wall"), 3),
        "cpu_seconds": round(median("cpu"), 3),
        "texts_per_second": round(len(texts) / median("cpu"), 1),
        "rules_cpu_seconds": round(median("rules_cpu"), 3),
        "model_cpu_seconds": round(median("model_cpu"), 3),
    }
    print(
        f"{figures['texts']} texts ({characters / 1e6:.1f} M characters), one process, "
        f"RE2 set prefilter, median of {len(runs)} run(s):\n"
        f"  total  {figures['wall_seconds']:.2f} s wall, {figures['cpu_seconds']:.2f} s CPU "
        f"({figures['texts_per_second']:.0f} texts/s)\n"
        f"  rules  {figures['rules_cpu_seconds']:.2f} s CPU   classifier {figures['model_cpu_seconds']:.2f} s CPU"
    )
    if args.cli:
        walls = []
        for _ in range(max(1, args.repeat)):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "aisec_cli", "prompts", str(args.corpus), "--format", "json"],
                cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL, check=False,
            )
            walls.append(time.perf_counter() - started)
        figures["cli_wall_seconds"] = round(statistics.median(walls), 3)
        print(f"  `aisec prompts {args.corpus.name}`: {figures['cli_wall_seconds']:.2f} s wall (all cores, start-up included)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
