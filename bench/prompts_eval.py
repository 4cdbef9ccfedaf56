"""Measure `aisec prompts` detection on a labelled JSONL corpus.

Each line: ``{"id", "text", "label": "injection"|"benign", "category", ...}``. Prints TPR
per attack category, FPR on ``benign`` and ``benign_hard``, balanced accuracy (the PINT
score: mean of TPR and TNR) and the time taken, overall and on the two halves of a fixed
split (ids whose SHA-256 is even / odd), so tuning on one half can be checked on the other.

    python bench/prompts_eval.py                      # ../shared/corpora/injection/dev.jsonl
    python bench/prompts_eval.py CORPUS.jsonl --no-model --errors 20
    python bench/prompts_eval.py --json results.json
    python bench/prompts_eval.py bench/data/prompts_heldout.jsonl   # the held-out documents (see its README)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aisec_cli.prompts.api import Scorer

DEFAULT_CORPUS = next(
    (c for c in (r / "shared" / "corpora" / "injection" / "dev.jsonl" for r in ROOT.parents) if c.exists()),
    ROOT.parent / "shared" / "corpora" / "injection" / "dev.jsonl",
)
BENIGN = ("benign", "benign_hard")


def half(record_id: str) -> str:
    return "even" if hashlib.sha256(record_id.encode()).digest()[-1] % 2 == 0 else "odd"


def _rates(rows: list[dict], predicted: list[bool], key: str) -> dict:
    """TPR (injections) and FPR (benign) for every value of ``key`` (source, lang)."""
    groups: dict[str, dict[str, list[bool]]] = defaultdict(lambda: {"pos": [], "neg": []})
    for row, pred in zip(rows, predicted, strict=True):
        groups[str(row.get(key, "?"))]["pos" if row["label"] == "injection" else "neg"].append(pred)
    out = {}
    for value, g in sorted(groups.items()):
        entry: dict[str, float | int] = {"n": len(g["pos"]) + len(g["neg"])}
        if g["pos"]:
            entry["tpr"] = round(sum(g["pos"]) / len(g["pos"]), 4)
            entry["n_injection"] = len(g["pos"])
        if g["neg"]:
            entry["fpr"] = round(sum(g["neg"]) / len(g["neg"]), 4)
            entry["n_benign"] = len(g["neg"])
        out[value] = entry
    return out


def summarise(rows: list[dict], predicted: list[bool]) -> dict:
    by_cat: dict[str, list[bool]] = defaultdict(list)
    for row, pred in zip(rows, predicted, strict=True):
        by_cat[row["category"]].append(pred)
    pos = [p for r, p in zip(rows, predicted, strict=True) if r["label"] == "injection"]
    neg = [p for r, p in zip(rows, predicted, strict=True) if r["label"] != "injection"]
    tpr = sum(pos) / len(pos) if pos else 0.0
    fpr = sum(neg) / len(neg) if neg else 0.0
    return {
        "n": len(rows),
        "tpr": round(tpr, 4),
        "fpr": round(fpr, 4),
        "balanced_accuracy": round((tpr + 1 - fpr) / 2, 4),
        "categories": {
            c: {"n": len(v), ("fpr" if c in BENIGN else "tpr"): round(sum(v) / len(v), 4)}
            for c, v in sorted(by_cat.items())
        },
        "sources": _rates(rows, predicted, "source"),
        "languages": _rates(rows, predicted, "lang"),
    }


def show(title: str, s: dict) -> None:
    print(f"== {title}: n={s['n']}  TPR {s['tpr']:.3f}  FPR {s['fpr']:.3f}  balanced accuracy {s['balanced_accuracy']:.3f}")
    for cat, v in s["categories"].items():
        key = "fpr" if cat in BENIGN else "tpr"
        print(f"   {cat:<20} n={v['n']:<5} {key.upper()} {v[key]:.3f}")
    for title_, table in (("source", s["sources"]), ("language", s["languages"])):
        print(f"   by {title_}:")
        for name, v in table.items():
            parts = []
            if "tpr" in v:
                parts.append(f"TPR {v['tpr']:.3f} (n={v['n_injection']})")
            if "fpr" in v:
                parts.append(f"FPR {v['fpr']:.3f} (n={v['n_benign']})")
            print(f"     {name:<26} " + "  ".join(parts))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--threshold", type=float, default=None, help="score threshold (default: the engine's)")
    parser.add_argument("--no-model", action="store_true", help="rules only, without the statistical model")
    parser.add_argument("--model", type=Path, help="use this model file instead of the bundled one")
    parser.add_argument(
        "--crossfit",
        type=Path,
        metavar="DIR",
        help="DIR/even.bin and DIR/odd.bin (bench/train_prompt_model.py --half): score each half "
        "with the model trained on the other half, so no text is scored by a model that saw it",
    )
    parser.add_argument("--errors", type=int, default=0, help="print this many misses and false alarms per category")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)

    rows = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").split("\n") if line.strip()]
    if args.crossfit:
        scorers = {
            "even": Scorer(model_path=args.crossfit / "odd.bin"),
            "odd": Scorer(model_path=args.crossfit / "even.bin"),
        }
    else:
        single = Scorer(use_model=not args.no_model, model_path=args.model)
        scorers = {"even": single, "odd": single}
    scorer = scorers["even"]
    model_note = "crossfit" if args.crossfit else ("off" if args.no_model or scorer.classifier is None else "on")
    threshold = args.threshold if args.threshold is not None else scorer.threshold
    for s in scorers.values():
        s.score("warm up the rule cache")
    started = time.perf_counter()
    cpu_started = time.process_time()
    results = [scorers[half(row["id"])].score(row["text"]) for row in rows]
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    predicted = [r.score >= threshold for r in results]

    overall = summarise(rows, predicted)
    halves = {}
    for name in ("even", "odd"):
        idx = [i for i, row in enumerate(rows) if half(row["id"]) == name]
        halves[name] = summarise([rows[i] for i in idx], [predicted[i] for i in idx])
    show(f"all ({args.corpus.name}, model={model_note}, threshold {threshold})", overall)
    for name, s in halves.items():
        print(f"-- half {name}: n={s['n']} TPR {s['tpr']:.3f} FPR {s['fpr']:.3f} BA {s['balanced_accuracy']:.3f}  "
              + " ".join(f"{c}={v.get('tpr', v.get('fpr')):.2f}" for c, v in s["categories"].items()))
    print(
        f"time: {elapsed:.2f} s wall, {cpu:.2f} s CPU for {len(rows)} texts "
        f"({1000 * cpu / max(1, len(rows)):.2f} ms/text CPU, one process)"
    )

    if args.errors:
        by_cat: dict[str, list[tuple[dict, object]]] = defaultdict(list)
        for row, res, pred in zip(rows, results, predicted, strict=True):
            wrong = pred != (row["label"] == "injection")
            if wrong:
                by_cat[row["category"]].append((row, res))
        for cat, items in sorted(by_cat.items()):
            print(f"\n##### {cat}: {len(items)} wrong")
            for row, res in items[: args.errors]:
                text = " ".join(row["text"].split())[:300]
                print(f"- [{row['source']}/{row.get('subcategory', '')}] score={res.score:.2f} {text}")
                for f in res.findings[:4]:
                    print(f"     {f.rule_id} {f.score:.2f} {f.pattern} {f.evidence[:100]!r} {','.join(f.notes)}")
    if args.json:
        args.json.write_text(
            json.dumps({"overall": overall, "halves": halves, "seconds": round(elapsed, 3), "cpu_seconds": round(cpu, 3), "threshold": threshold}, indent=2),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
