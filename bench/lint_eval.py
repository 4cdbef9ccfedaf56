"""Precision / recall of `aisec lint` on the labelled fixtures (tests/lint/fixtures).

Every fixture marks the expected findings on their anchor line with a comment
`expect: AIS301` (several ids separated by commas). A file without markers is a trap that
must stay clean. Key-shaped values are written as `{{KEY:provider}}` and generated here.

    python bench/lint_eval.py            # summary
    python bench/lint_eval.py -v         # also list every mismatch
    python bench/lint_eval.py --rule AIS301
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aisec_cli.core.document import Document  # noqa: E402
from aisec_cli.lint import LintSettings, lint_document  # noqa: E402
from aisec_cli.lint.engine import language_of  # noqa: E402
from bench._setup import install_plugins  # noqa: E402

install_plugins()

EXPECT = re.compile(r"expect:\s*(AIS\d{3}(?:\s*,\s*AIS\d{3})*)")


def _keygen():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("keygen", ROOT / "tests" / "lint" / "keygen.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def expectations(text: str) -> set[tuple[str, int]]:
    out: set[tuple[str, int]] = set()
    for n, line in enumerate(text.splitlines(), 1):
        m = EXPECT.search(line)
        if m:
            for rid in re.split(r"\s*,\s*", m.group(1)):
                out.add((rid, n))
    return out


def fixture_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and language_of(p.name) not in (None, "minified"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=str(ROOT / "tests" / "lint" / "fixtures"))
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--rule", default="")
    args = parser.parse_args(argv)
    keygen = _keygen()
    root = Path(args.root)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    clean_files = flagged_clean = 0
    files = 0
    mismatches: list[str] = []
    started = time.perf_counter()
    for path in fixture_files(root):
        rel = path.relative_to(root).as_posix()
        text = keygen.expand(path.read_text(encoding="utf-8"))
        expected = expectations(text)
        findings, errors = lint_document(Document(rel, text), LintSettings())
        got = {(f.rule_id, f.location.line) for f in findings}
        if args.rule:
            expected = {e for e in expected if e[0] == args.rule}
            got = {g for g in got if g[0] == args.rule}
        files += 1
        if not expected:
            clean_files += 1
            if got:
                flagged_clean += 1
        for rid, _line in got & expected:
            tp[rid] += 1
        for rid, line in got - expected:
            fp[rid] += 1
            msg = next((f.message for f in findings if (f.rule_id, f.location.line) == (rid, line)), "")
            mismatches.append(f"FP {rel}:{line} {rid} {msg}")
        for rid, line in expected - got:
            fn[rid] += 1
            mismatches.append(f"FN {rel}:{line} {rid}")
        for err in errors:
            mismatches.append(f"ERR {rel}: {err.message}")
    elapsed = time.perf_counter() - started
    total_tp, total_fp, total_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    precision = total_tp / (total_tp + total_fp) if total_tp + total_fp else 1.0
    recall = total_tp / (total_tp + total_fn) if total_tp + total_fn else 1.0
    print(f"files {files} (traps {clean_files}), labels {total_tp + total_fn}, {elapsed:.2f}s")
    print(f"precision {precision:.3f}  recall {recall:.3f}  TP {total_tp} FP {total_fp} FN {total_fn}")
    print(f"clean files flagged: {flagged_clean} / {clean_files}")
    rules = sorted(set(tp) | set(fp) | set(fn))
    print("rule     TP  FP  FN")
    for rid in rules:
        print(f"{rid}  {tp[rid]:3d} {fp[rid]:3d} {fn[rid]:3d}")
    if args.verbose:
        for line in mismatches:
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
