"""Detection quality of `aisec scan` on the run-time labelled set (tests/secrets/corpus.py).

Prints recall, precision, provider accuracy, and the misses per format and place.
Run: python bench/secrets_eval.py [--peers]   (--peers also runs gitleaks/detect-secrets when installed)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._setup import install_plugins  # noqa: E402
from tests.secrets.corpus import negatives, positives  # noqa: E402

install_plugins()


def evaluate(seed: int = 7) -> dict[str, object]:
    from aisec_cli.core.config import Settings
    from aisec_cli.secrets.run import scan_tree

    cases = [*positives(seed), *negatives(seed + 4)]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for case in cases:
            path = root / case.name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(case.content.encode("utf-8"))
        report = scan_tree([root], Settings(root=root, jobs=1))
    found: dict[str, list[tuple[int, str]]] = {}
    for f in report.findings:
        found.setdefault(f.location.path, []).append((f.location.line, str(f.properties.get("provider"))))
    tp = fp = fn = provider_ok = 0
    misses: Counter[str] = Counter()
    false_pos: list[str] = []
    for case in cases:
        got = found.get(case.name, [])
        expected_lines = {line for line, _ in case.expected}
        for line, provider in case.expected:
            hits = [p for l, p in got if l == line]
            if hits:
                tp += 1
                provider_ok += provider in hits
                if provider not in hits:
                    false_pos.append(f"wrong provider {case.name}: {hits} != {provider}")
            else:
                fn += 1
                misses[case.name] += 1
        for line, provider in got:
            if line not in expected_lines:
                fp += 1
                false_pos.append(f"{case.name}:{line} ({provider})")
    return {
        "cases": len(cases),
        "positives": tp + fn,
        "recall": tp / max(tp + fn, 1),
        "precision": tp / max(tp + fp, 1),
        "provider_accuracy": provider_ok / max(tp, 1),
        "misses": sorted(misses),
        "false_positives": false_pos,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    result = evaluate(args.seed)
    print(f"cases: {result['cases']}  positives: {result['positives']}")
    print(f"recall:    {result['recall']:.4f}")
    print(f"precision: {result['precision']:.4f}")
    print(f"provider named correctly: {result['provider_accuracy']:.4f}")
    for miss in result["misses"]:  # type: ignore[attr-defined]
        print("  missed:", miss)
    for fp in result["false_positives"]:  # type: ignore[attr-defined]
        print("  false positive:", fp)


if __name__ == "__main__":
    main()
