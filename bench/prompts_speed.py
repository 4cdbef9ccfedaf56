"""How fast `aisec prompts` scores texts: in one process, and as the whole command.

Scores every text of a labelled JSONL corpus (default: the 4,297-text development set) in
one process, after one warm-up text, and reports wall and CPU time, texts per second and the
time split between the rules and the classifier. The issue's target: the `aisec prompts`
command on the development set in under 5 seconds wall on two cores (``--cli``).

    python bench/prompts_speed.py
    python bench/prompts_speed.py CORPUS.jsonl --repeat 3 --json speed.json
    python bench/prompts_speed.py --cli          # also time the `aisec prompts` command on the file
    python bench/prompts_speed.py --cli-only --repeat 3 --compare-with /path/to/other/checkout

``--stages`` splits one in-process run by stage (CPU time of each, measured around the stage's
function): folding, the RE2 candidate passes, the confirmation of candidates on non-ASCII texts,
phrase spans with ``re`` and their weighing, each detector, the classifier's features,
probability and evidence span, and the rest.

``--cli`` times the whole command (``aisec prompts CORPUS --format json``, every core, start-up
and report included): wall time, and CPU time of the command and its worker processes, the
best and the median of ``--repeat`` runs (other work on the machine slows single runs; the
best is the least disturbed). ``--compare-with`` times the same command from another checkout
of aisec in the same run, alternating with this one (a before/after pair), and says whether
the two JSON reports are identical (the run time in ``stats`` aside). The load average is
printed before the runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
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
    parser.add_argument("--cli-only", action="store_true", help="time only the command (implies --cli)")
    parser.add_argument("--compare-with", type=Path, help="another aisec checkout whose command is timed too (implies --cli)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--stages", action="store_true", help="split one in-process run by stage (CPU time)")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():  # a checkout outside /work has no default: say so, never time an error run
        parser.error(f"{args.corpus}: no such corpus file (give the corpus path)")
    if args.compare_with is not None or args.cli_only:
        args.cli = True
    if args.cli_only:
        figures: dict[str, object] = {"corpus": str(args.corpus)}
        _time_cli(args, figures)
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
        return 0

    from aisec_cli.prompts.api import Scorer

    texts = [json.loads(line)["text"] for line in args.corpus.read_text(encoding="utf-8").split("\n") if line.strip()]
    if args.stages:
        _stages(texts)
        return 0
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
        _time_cli(args, figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


def _stages(texts: list[str]) -> None:
    """CPU time of each stage of scoring ``texts`` in one process (after the run's set-up)."""
    from aisec_cli.core import regex
    from aisec_cli.prompts import bank, classifier, embedded, matcher, pivot
    from aisec_cli.prompts.api import Scorer

    spent: dict[str, float] = {}

    def timed(owner: object, name: str, label: str) -> None:
        function = getattr(owner, name)

        def wrapper(*args: object, **kwargs: object) -> object:
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - started

        setattr(owner, name, wrapper)

    for owner, name, label in (
        (matcher, "fold", "fold (Unicode, leetspeak)"),
        (matcher, "find_carriers", "hidden carriers"),
        (matcher, "find_payloads", "decoders"),
        (matcher, "adversarial_suffix", "adversarial suffix"),
        (embedded, "find", "embedded instruction"),
        (pivot, "find", "task pivot"),
        (regex.PatternFilter, "present", "RE2 candidates"),
        (regex.PatternSet, "present", "RE2 candidates"),
        (bank.PatternBank, "_confirmed", "confirm candidates (non-ASCII)"),
        (matcher.Matcher, "_patterns", "_patterns"),
        (classifier, "_flat_buckets", "classifier n-gram buckets"),
        (classifier.Classifier, "probability", "classifier probability"),
        (classifier.Classifier, "strongest_span", "classifier evidence span"),
    ):
        timed(owner, name, label)
    scorer = Scorer()
    scorer.prepare()
    scorer.score("warm up")
    spent.clear()
    started = time.process_time()
    for text in texts:
        scorer.score(text)
    total = time.process_time() - started
    # _patterns holds the candidate passes: what is left is re's spans and the weighing of each match
    spent["phrase spans (re) and weighing"] = spent.pop("_patterns", 0.0) - spent.get("RE2 candidates", 0.0) - spent.get(
        "confirm candidates (non-ASCII)", 0.0
    )
    spent["rest (scoring, hits, nested scans' glue)"] = total - sum(spent.values())
    print(f"{len(texts)} texts, one process, CPU by stage (total {total:.2f} s):")
    for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {label:42} {seconds:6.2f} s  {100 * seconds / total:5.1f} %")


_RUN_TIME = re.compile(rb'\n *"seconds": [0-9.]+,?')


def _run_cli(checkout: Path, corpus: Path, out: Path) -> tuple[float, float]:
    """(wall, CPU of the command and its workers) of ``aisec prompts CORPUS --format json``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with out.open("wb") as sink:
        subprocess.run(
            [sys.executable, "-m", "aisec_cli", "prompts", str(corpus), "--format", "json"],
            cwd=out.parent, env={**os.environ, "PYTHONPATH": str(checkout)}, stdout=sink, check=False,
        )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _time_cli(args: argparse.Namespace, figures: dict[str, object]) -> None:
    """Time the command from this checkout (and ``--compare-with``), alternating, best and median."""
    import tempfile

    checkouts = {"this": ROOT}
    if args.compare_with is not None:
        checkouts["other"] = args.compare_with.resolve()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"`aisec prompts {args.corpus.name} --format json`, {os.cpu_count()} cores, load average before: {load}")
    figures["load_average"] = load
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in checkouts}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(max(1, args.repeat)):
            for name, checkout in checkouts.items():
                runs[name].append(_run_cli(checkout, args.corpus, Path(tmp) / f"{name}.json"))
        reports = {name: _RUN_TIME.sub(b"", (Path(tmp) / f"{name}.json").read_bytes()) for name in checkouts}
    for name, checkout in checkouts.items():
        walls = [w for w, _ in runs[name]]
        cpus = [c for _, c in runs[name]]
        row = {
            "checkout": str(checkout),
            "wall_best": round(min(walls), 3),
            "wall_median": round(statistics.median(walls), 3),
            "cpu_best": round(min(cpus), 3),
            "cpu_median": round(statistics.median(cpus), 3),
        }
        figures[f"cli_{name}"] = row
        print(
            f"  {str(checkout):40} wall best {row['wall_best']:6.2f} s  median {row['wall_median']:6.2f} s   "
            f"CPU best {row['cpu_best']:6.2f} s  median {row['cpu_median']:6.2f} s   ({len(walls)} runs)"
        )
    if "other" in reports:
        same = reports["this"] == reports["other"]
        figures["reports_identical"] = same
        print(f"  JSON reports identical (run time aside): {'yes' if same else 'NO'}")
    print(f"  load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    raise SystemExit(main())
