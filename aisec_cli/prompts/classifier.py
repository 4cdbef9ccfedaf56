"""The optional statistical second signal: logistic regression over hashed character n-grams.

Features: character 2- to 5-grams of the lower-cased text (first :data:`MAX_CHARS`
characters), hashed into ``2**bits`` buckets with a polynomial rolling hash, counted and
scaled by ``1/sqrt(number of n-grams)``. Weights ship as ``model.npz`` next to this module
(trained by ``bench/train_prompt_model.py``; data, licences and scores in ``MODEL.md``).
Inference is a handful of NumPy vector operations per text; without NumPy or without the
weights file the classifier is simply absent and the rules work alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aisec_cli.core.rules import Rule

if TYPE_CHECKING:  # pragma: no cover
    from aisec_cli.prompts.matcher import Hit

MAX_CHARS = 6000
NMIN, NMAX = 2, 5
MULT = 1000003
MIX = 2654435761
MASK = (1 << 48) - 1
WEIGHTS_FILE = "model.npz"


def features(text: str, bits: int, np: Any) -> tuple[Any, Any, Any]:
    """(bucket indices, values, start positions) of ``text``'s n-grams, before de-duplication."""
    lower = " " + text[:MAX_CHARS].lower() + " "
    codes = np.frombuffer(lower.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    size = np.uint64(1 << bits)
    mult = np.uint64(MULT)
    mix = np.uint64(MIX)
    mask = np.uint64(MASK)
    shift = np.uint64(13)
    rolling = np.zeros(len(codes), dtype=np.uint64)
    buckets = []
    starts = []
    for n in range(1, NMAX + 1):
        if len(codes) < n:
            break
        rolling = (rolling[: len(codes) - n + 1] * mult + codes[n - 1 :]) & mask
        if n >= NMIN:
            buckets.append(((rolling * mix + np.uint64(n)) >> shift) % size)
            starts.append(np.arange(len(rolling), dtype=np.int64))
    if not buckets:
        empty = np.zeros(0, dtype=np.int64)
        return empty, np.zeros(0, dtype=np.float32), empty
    return np.concatenate(buckets).astype(np.int64), None, np.concatenate(starts)


def vectorize(text: str, bits: int, np: Any, norm: str = "l2log") -> tuple[Any, Any]:
    """Sparse feature vector: unique bucket indices and their weights.

    ``l2log``: ``log(1 + count)``, L2-normalised. ``sqrt``: ``count / sqrt(total)``, which
    lets inference skip de-duplication (the dot product is the sum of the weights of every
    n-gram occurrence divided by sqrt(total)).
    """
    idx, _, _ = features(text, bits, np)
    if len(idx) == 0:
        return idx, np.zeros(0, dtype=np.float32)
    unique, counts = np.unique(idx, return_counts=True)
    if norm == "sqrt":
        return unique, counts.astype(np.float32) / np.float32(math.sqrt(len(idx)))
    values = np.log1p(counts.astype(np.float32))
    values /= float(np.linalg.norm(values)) or 1.0
    return unique, values


@dataclass(frozen=True, slots=True)
class Classifier:
    weights: Any  # float32 array of 2**bits
    bias: float
    bits: int
    np: Any
    norm: str = "l2log"

    def probability(self, text: str, grams: tuple[Any, Any, Any] | None = None) -> float:
        """P(injection); ``grams`` reuses :func:`features` already computed for ``text``."""
        np = self.np
        idx, _, _ = grams if grams is not None else features(text, self.bits, np)
        if len(idx) == 0:
            return 0.0
        if self.norm == "sqrt":
            z = float(self.weights[idx].sum()) / math.sqrt(len(idx)) + self.bias
        else:
            unique, counts = np.unique(idx, return_counts=True)
            values = np.log1p(counts.astype(np.float32))
            values /= float(np.linalg.norm(values)) or 1.0
            z = float(values @ self.weights[unique]) + self.bias
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def strongest_span(
        self, text: str, width: int = 80, grams: tuple[Any, Any, Any] | None = None
    ) -> tuple[int, int]:
        """The ``width``-character window whose n-grams push hardest towards "injection"."""
        np = self.np
        idx, _, starts = grams if grams is not None else features(text, self.bits, np)
        if len(idx) == 0:
            return 0, min(len(text), width)
        length = min(len(text), MAX_CHARS) + 2
        per_pos = np.bincount(
            np.minimum(starts, length - 1), weights=np.maximum(self.weights[idx], 0.0), minlength=length
        )
        if length <= width:
            return 0, min(len(text), width)
        sums = np.concatenate(([0.0], np.cumsum(per_pos)))
        window = sums[width:] - sums[:-width]
        best = int(np.argmax(window))
        start = max(0, best - 1)  # features were computed on " " + text
        return start, min(len(text), start + width)

    def hit(self, text: str, rule: Rule, rule_hits: list[Hit]) -> Hit | None:
        """The classifier's hit for ``text`` under ``rule``'s threshold and weight."""
        from aisec_cli.prompts.matcher import Hit, _evidence

        grams = features(text, self.bits, self.np)
        p = self.probability(text, grams)
        threshold = float(rule.data.get("threshold", 0.9))
        weight = float(rule.data.get("weight", 0.6))
        support = float(rule.data.get("support", 0.5))
        notes: tuple[str, ...] = (f"probability:{p:.3f}",)
        if p >= threshold:
            score = p
            notes += ("alone",)
        elif p >= support:
            score = weight * p
        else:
            return None
        del rule_hits
        start, end = self.strongest_span(text, grams=grams)
        return Hit(
            rule,
            "char-ngram-logreg",
            str(rule.data.get("category", "classifier")),
            round(score, 4),
            start,
            end,
            _evidence(text, start, end),
            notes,
        )


@cache
def load_classifier(path: str | None = None) -> Classifier | None:
    """The bundled model (or the one at ``path``), or None (no NumPy, no weights file)."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy is optional
        return None
    try:
        if path is not None:
            return _read(Path(path), np)
        ref = resources.files("aisec_cli.prompts").joinpath(WEIGHTS_FILE)
        if not ref.is_file():
            return None
        with resources.as_file(ref) as bundled:
            return _read(bundled, np)
    except (OSError, KeyError, ValueError):
        return None


def _read(path: Path, np: Any) -> Classifier:
    with np.load(path) as data:
        bits = int(data["bits"])
        scale = float(data["scale"])
        weights = data["weights"].astype(np.float32) * np.float32(scale)
        bias = float(data["bias"])
        norm = str(data["norm"]) if "norm" in data else "l2log"
    return Classifier(weights, bias, bits, np, norm)
