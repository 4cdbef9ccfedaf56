"""Train the statistical second signal of `aisec prompts` (NumPy here; inference needs none).

Logistic regression over hashed character 2- to 5-grams (the featurizer of
``aisec_cli/prompts/classifier.py``), class-balanced, L2-regularised, full-batch Adam.
Training data: a labelled JSONL corpus (``id``, ``text``, ``label``); the shipped model is
trained on the development corpus, whose sources are permissively licensed (see
``aisec_cli/prompts/MODEL.md``).

    python bench/train_prompt_model.py                       # all of dev.jsonl -> aisec_cli/prompts/model.bin
    python bench/train_prompt_model.py --half even -o /tmp/even.bin   # train on one half only
    python bench/train_prompt_model.py --package-docs 1500   # plus benign paragraphs of installed packages' docs
    python bench/train_prompt_model.py --docs /tmp/docs_dev.jsonl --docs-weight 0.1 --docs-within-benign
        # plus benign chunks of developer documentation (bench/prompts_docs_set.py; permissive
        # licences only, never the held-out group heldout3), weighing 0.1 of the benign half

``--half`` uses the same split as ``bench/prompts_eval.py`` (SHA-256 of the id, even/odd),
so a model trained on one half can be measured on the other: ``prompts_eval.py --model``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aisec_cli.prompts.classifier import bucket_counts, write_weights

DEFAULT_CORPUS = next(
    (c for c in (r / "shared" / "corpora" / "injection" / "dev.jsonl" for r in ROOT.parents) if c.exists()),
    ROOT.parent / "shared" / "corpora" / "injection" / "dev.jsonl",
)
DEFAULT_OUT = ROOT / "aisec_cli" / "prompts" / "model.bin"


def vectorize(text: str, bits: int, norm: str) -> tuple[np.ndarray, np.ndarray]:
    """The classifier's features of ``text`` (its own bucket counts) as a sparse NumPy row."""
    counts = bucket_counts(text, bits)
    idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    c = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
    if norm == "sqrt":
        return idx, c / np.sqrt(c.sum())
    values = np.log1p(c)
    return idx, values / (np.linalg.norm(values) or 1.0)


PERMISSIVE = re.compile(r"\\bMIT\\b|\\bBSD\\b|Apache|\\bPSF\\b|Python Software Foundation|\\bISC\\b")
SKIP_PACKAGES = {"aisec"}  # never train on our own documentation


def _licence(meta) -> str:  # type: ignore[no-untyped-def]
    classifiers = [c.split("::")[-1].strip() for c in (meta.get_all("Classifier") or []) if c.startswith("License")]
    return " / ".join(x for x in (meta.get("License-Expression"), *classifiers) if x) or (meta.get("License") or "")[:60]


def package_docs(limit: int) -> tuple[list[dict], list[str]]:
    """Benign paragraphs (200-1,500 characters) of the long descriptions of the installed
    distributions under a permissive licence, in name order; and one manifest line per package."""
    import importlib.metadata as md

    rows: list[dict] = []
    manifest: list[str] = []
    dists = sorted(md.distributions(), key=lambda d: (d.metadata["Name"] or "").lower())
    for dist in dists:
        meta = dist.metadata
        name = meta["Name"] or ""
        licence = _licence(meta)
        if name.lower() in SKIP_PACKAGES or not PERMISSIVE.search(licence):
            continue
        body = meta.get_payload() or meta.get("Description") or ""  # type: ignore[attr-defined]
        chunks = [c.strip() for c in re.split(r"\n\s*\n", body) if 200 <= len(c.strip()) <= 1500]
        if not chunks:
            continue
        manifest.append(f"{name} {meta['Version']} ({licence}): {len(chunks)} paragraphs")
        for i, chunk in enumerate(chunks):
            rows.append({"id": f"pkgdoc:{name}:{i}", "text": chunk, "label": "benign"})
    step = max(1, len(rows) // limit) if limit else 1
    return rows[::step][:limit], manifest


# Documentation chunks (bench/prompts_docs_set.py) that may become weights: a permissive licence,
# never a held-out group, and nothing marked for evaluation only.
HELD_OUT_GROUPS = {"heldout3"}
TRAINABLE_LICENCE = re.compile(r"\bMIT\b|\bBSD\b|Apache|public domain|CC0")
EVAL_ONLY = re.compile(r"evaluation data only|\bGPL|\bAGPL|\bNC\b|BY-NC", re.IGNORECASE)


def docs_rows(paths: list[Path], limit: int) -> tuple[list[dict], list[str]]:
    """Benign chunks of developer documentation from docs-set files, permissively licensed only,
    every ``k``-th one in file order up to ``limit``; and one manifest line per source used."""
    rows: list[dict] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").split("\n"):
            if not line.strip():
                continue
            row = json.loads(line)
            group, licence = str(row.get("group", "")), str(row.get("licence", ""))
            if group in HELD_OUT_GROUPS:
                raise SystemExit(f"{path}: group {group} is held out; it is never trained on")
            if row.get("label") != "benign" or EVAL_ONLY.search(licence) or not TRAINABLE_LICENCE.search(licence):
                continue
            rows.append({"id": f"docs:{row['id']}", "text": row["text"], "label": "benign", "source": row.get("source", ""),
                         "licence": licence})
    step = max(1, len(rows) // limit) if limit else 1
    chosen = rows[::step][:limit] if limit else rows
    counts: dict[tuple[str, str], int] = {}
    for row in chosen:
        key = (row["source"], row["licence"])
        counts[key] = counts.get(key, 0) + 1
    manifest = [f"{source} ({licence}): {n} chunks" for (source, licence), n in sorted(counts.items())]
    return chosen, manifest


def half(record_id: str) -> str:
    return "even" if hashlib.sha256(record_id.encode()).digest()[-1] % 2 == 0 else "odd"


class Sparse:
    """Rows of (indices, values) packed CSR-style, with the two products training needs."""

    def __init__(self, rows: list[tuple[np.ndarray, np.ndarray]], dim: int) -> None:
        self.dim = dim
        self.indices = np.concatenate([r[0] for r in rows]).astype(np.int64)
        self.values = np.concatenate([r[1] for r in rows]).astype(np.float64)
        lengths = np.array([len(r[0]) for r in rows], dtype=np.int64)
        self.indptr = np.concatenate([[0], np.cumsum(lengths)])
        self.lengths = lengths

    def dot(self, w: np.ndarray) -> np.ndarray:
        prod = self.values * w[self.indices]
        cums = np.concatenate([[0.0], np.cumsum(prod)])
        return cums[self.indptr[1:]] - cums[self.indptr[:-1]]

    def tdot(self, g: np.ndarray) -> np.ndarray:
        return np.bincount(self.indices, weights=self.values * np.repeat(g, self.lengths), minlength=self.dim)


def train(
    x: Sparse, y: np.ndarray, l2: float, iterations: int, rate: float, extra: np.ndarray | None = None,
    extra_weight: float = 0.0, within_benign: bool = False,
) -> tuple[np.ndarray, float]:
    """Class-balanced logistic regression; rows marked in ``extra`` (added benign documentation)
    share ``extra_weight`` between them instead of diluting the corpus' own benign rows."""
    extra = np.zeros(len(y), dtype=bool) if extra is None else extra
    core = ~extra
    pos = y[core].mean()
    sample_w = np.where(y == 1, 0.5 / pos, 0.5 / (1 - pos)) / core.sum()
    if extra.any() and extra_weight > 0:
        sample_w[extra] = extra_weight / extra.sum()
        if within_benign:  # the benign half keeps its weight: the corpus' benign rows give up W
            sample_w[core & (y == 0)] *= (0.5 - extra_weight) / 0.5
    sample_w /= sample_w.sum()
    w = np.zeros(x.dim)
    b = 0.0
    m = np.zeros(x.dim)
    v = np.zeros(x.dim)
    mb = vb = 0.0
    for t in range(1, iterations + 1):
        z = x.dot(w) + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g = (p - y) * sample_w
        gw = x.tdot(g) + l2 * w
        gb = g.sum()
        m = 0.9 * m + 0.1 * gw
        v = 0.999 * v + 0.001 * gw * gw
        w -= rate * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        mb = 0.9 * mb + 0.1 * gb
        vb = 0.999 * vb + 0.001 * gb * gb
        b -= rate * (mb / (1 - 0.9**t)) / (np.sqrt(vb / (1 - 0.999**t)) + 1e-8)
    return w, b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--half", choices=("even", "odd"), help="train on this half of the split only")
    parser.add_argument("--bits", type=int, default=18, help="hash buckets = 2**bits")
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--rate", type=float, default=0.05)
    parser.add_argument("--norm", choices=("l2log", "sqrt"), default="l2log")
    parser.add_argument("--package-docs", type=int, default=0, metavar="N",
                        help="add up to N benign paragraphs from installed packages' descriptions (permissive licences)")
    parser.add_argument("--docs", type=Path, action="append", default=[], metavar="JSONL",
                        help="benign documentation chunks (bench/prompts_docs_set.py output; permissive licences only, "
                        "never a held-out group); may be given more than once")
    parser.add_argument("--docs-limit", type=int, default=0, metavar="N", help="use at most N of the --docs chunks (evenly spaced)")
    parser.add_argument("--docs-weight", type=float, default=0.0, metavar="W",
                        help="total weight of the --docs chunks (the injections weigh 0.5, the corpus' benign 0.5); "
                        "0: they count as ordinary benign rows")
    parser.add_argument("--docs-within-benign", action="store_true",
                        help="take the --docs-weight out of the benign half instead of adding it (the class prior stays)")
    parser.add_argument("--manifest", type=Path, help="write the packages/sources used by --package-docs/--docs here")
    args = parser.parse_args(argv)

    rows = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").split("\n") if line.strip()]
    if args.package_docs:
        extra, manifest = package_docs(args.package_docs)
        rows += extra
        if args.manifest:
            args.manifest.write_text("\n".join(manifest) + "\n", encoding="utf-8")
    if args.docs:
        extra, manifest = docs_rows(args.docs, args.docs_limit)
        rows += extra
        print(f"{len(extra)} documentation chunks added as benign:\n  " + "\n  ".join(manifest), file=sys.stderr)
        if args.manifest:
            args.manifest.write_text("\n".join(manifest) + "\n", encoding="utf-8")
    if args.half:
        rows = [r for r in rows if half(r["id"]) == args.half]
    started = time.perf_counter()
    x = Sparse([vectorize(r["text"], args.bits, args.norm) for r in rows], 1 << args.bits)
    y = np.array([1.0 if r["label"] == "injection" else 0.0 for r in rows])
    extra = np.array([str(r["id"]).startswith("docs:") for r in rows])
    w, b = train(x, y, args.l2, args.iterations, args.rate, extra, args.docs_weight, args.docs_within_benign)
    scale = float(np.abs(w).max() / 127.0) or 1.0
    quantised = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(write_weights(args.bits, args.norm, scale, float(b), quantised.tolist()))
    p = 1.0 / (1.0 + np.exp(-(x.dot(quantised.astype(np.float64) * scale) + b)))
    acc = ((p >= 0.5) == (y == 1)).mean()
    print(
        f"trained on {len(rows)} texts ({int(y.sum())} injections) in {time.perf_counter() - started:.1f} s; "
        f"training accuracy {acc:.3f}; wrote {args.output} ({args.output.stat().st_size // 1024} KB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
