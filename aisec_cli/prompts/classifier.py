"""The optional statistical second signal: logistic regression over hashed character n-grams.

Features: character 2- to 5-grams of the lower-cased text (first :data:`MAX_CHARS`
characters), hashed into ``2**bits`` buckets with a polynomial rolling hash, counted,
weighted ``log(1 + count)`` and L2-normalised. Weights ship as ``model.bin`` next to this
module (trained by ``bench/train_prompt_model.py``; data, licences and scores in
``MODEL.md``). Inference is a sparse dot product in pure Python (no NumPy): the n-gram
hashes of all positions are computed at once in the 64-bit lanes of one big integer, the
buckets of every n laid end to end in one array and counted by one
:class:`collections.Counter`, and the unique buckets' weights summed (``log1p`` of a count
read from a table). Without the weights file the classifier is absent and the rules work
alone.

``model.bin`` layout (little-endian): the magic ``AISECNG1``, ``bits`` (u8), the norm
name (u8 length + ASCII), ``scale`` and ``bias`` (f64 each), then the zlib-compressed
int8 weights (``2**bits`` bytes). A weight's value is ``float32(int8 * float32(scale))``,
as the NumPy reader computed it.
"""

from __future__ import annotations

import math
import re
import struct
import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from functools import partial, reduce
from itertools import accumulate, chain, repeat
from operator import add, itemgetter, mul, sub
from pathlib import Path
from typing import TYPE_CHECKING

from aisec_cli.core.rules import Rule

if TYPE_CHECKING:  # pragma: no cover
    from aisec_cli.prompts.matcher import Hit

MAX_CHARS = 6000
NMIN, NMAX = 2, 5
MULT = 1000003
MIX = 2654435761
MASK = (1 << 48) - 1
WORD = (1 << 64) - 1  # the old NumPy featurizer worked in uint64: products wrap at 2**64
SHIFT = 13
WEIGHTS_FILE = "model.bin"
MAGIC = b"AISECNG1"
DIRECT_TEXTS = 8  # texts scored by direct lookups before the per-bucket weight lists are built
LOW31 = (1 << 31) - 1
_ORDER = sys.byteorder

Features = tuple["array[int]", list[int], int]  # what _flat_buckets returns


@cache
def _log_table_sized(size: int) -> tuple[list[float], list[float]]:
    logs = [math.log1p(c) for c in range(size)]
    return logs, [v * v for v in logs]


def _log_tables(needed: int) -> tuple[list[float], list[float]]:
    """``log1p(c)`` and its square for every count ``c`` up to ``needed`` (tables grow by powers of two)."""
    return _log_table_sized(1 << max(10, needed.bit_length()))


def _flat_buckets(text: str, bits: int) -> tuple[array[int], list[int], int]:
    """(the buckets of every n-gram, n = 2 to 5 one after the other; each n's count; the padded length).

    The text is ``" " + lower(text[:MAX_CHARS]) + " "``. The hash is evaluated for every
    position at once: each position is a 64-bit lane of one big integer, and multiplying,
    adding and masking the integer does it lane by lane. Only the low 31 bits of the
    rolling hash reach a bucket (bits 13 to 30 of ``rolling * MIX + n``), so the lanes
    work modulo 2**31 and never carry into each other (``2**31 * MIX < 2**63``).
    """
    lower = " " + text[:MAX_CHARS].lower() + " "
    length = len(lower)
    # Code points (< 2**21: three bytes) spread into 64-bit lanes, NMAX zero lanes after them.
    utf32 = lower.encode("utf-32-le", "surrogatepass")
    lanes_raw = bytearray(8 * (length + NMAX))
    lanes_raw[0 : 8 * length : 8] = utf32[0::4]
    lanes_raw[1 : 8 * length : 8] = utf32[1::4]
    lanes_raw[2 : 8 * length : 8] = utf32[2::4]
    if _ORDER != "little":  # pragma: no cover - big-endian hosts
        lanes_raw = bytearray(array("Q", map(ord, lower)).tobytes() + bytes(8 * NMAX))
    raw = bytes(lanes_raw)
    nbytes = 8 * length
    ones = _repeated(1, length)
    low31 = ones * LOW31  # a value below 2**64 times the ones is that value in every lane
    # Bits SHIFT to SHIFT + bits of each lane are the bucket; masked in place they stay inside
    # their lane when the whole integer shifts right (bits above 31 are zero: no carries).
    window = ones * (((1 << bits) - 1) << SHIFT & LOW31)
    rolling = int.from_bytes(raw[:nbytes], _ORDER)
    parts: list[bytes] = []
    sizes: list[int] = []
    for n in range(NMIN, NMAX + 1):
        if length < n:
            break
        rolling = (rolling * MULT + int.from_bytes(raw[8 * (n - 1) : 8 * (n - 1) + nbytes], _ORDER)) & low31
        mixed = (((rolling * MIX + n * ones) & window) >> SHIFT).to_bytes(nbytes, _ORDER)
        count = length - n + 1
        parts.append(mixed[: 8 * count])
        sizes.append(count)
    flat = array("Q")
    flat.frombytes(b"".join(parts))
    return flat, sizes, length


def _gather(table: Sequence[float], indexes: Collection[int]) -> Sequence[float]:
    """``table[i]`` for each ``i`` of ``indexes``, in order (one C loop: :func:`operator.itemgetter`)."""
    if len(indexes) > 1:
        return itemgetter(*indexes)(table)  # type: ignore[no-any-return]
    return tuple(table[i] for i in indexes)  # one or none: itemgetter would return a bare value


def _repeated(value: int, times: int) -> int:
    """``value`` in each of ``times`` 64-bit lanes."""
    return int.from_bytes(value.to_bytes(8, _ORDER) * times, _ORDER)


def ngram_buckets(text: str, bits: int) -> list[array[int]]:
    """For n = 2 to 5, the bucket of the n-gram starting at each position of the padded text."""
    flat, sizes, _ = _flat_buckets(text, bits)
    columns: list[array[int]] = []
    at = 0
    for count in sizes:
        columns.append(flat[at : at + count])
        at += count
    return columns


def bucket_counts(text: str, bits: int) -> Counter[int]:
    """How many of ``text``'s n-grams fall into each bucket (training reads these)."""
    return Counter(_flat_buckets(text, bits)[0])


def read_weights(path: Path) -> tuple[int, str, float, float, bytes]:
    """(bits, norm, scale, bias, int8 weights as bytes) from a ``model.bin`` file."""
    data = path.read_bytes()
    if not data.startswith(MAGIC):
        raise ValueError(f"{path}: not an aisec n-gram model")
    at = len(MAGIC)
    bits, name_len = data[at], data[at + 1]
    at += 2
    norm = data[at : at + name_len].decode("ascii")
    at += name_len
    scale, bias = struct.unpack_from("<dd", data, at)
    weights = zlib.decompress(data[at + 16 :])
    if len(weights) != 1 << bits:
        raise ValueError(f"{path}: {len(weights)} weights, expected {1 << bits}")
    return bits, norm, scale, bias, weights


def write_weights(bits: int, norm: str, scale: float, bias: float, weights: Sequence[int]) -> bytes:
    """The ``model.bin`` bytes for int8 ``weights``."""
    packed = array("b", weights).tobytes()
    if len(packed) != 1 << bits:
        raise ValueError(f"{len(packed)} weights, expected {1 << bits}")
    name = norm.encode("ascii")
    return MAGIC + bytes([bits, len(name)]) + name + struct.pack("<dd", scale, bias) + zlib.compress(packed, 9)


@dataclass(eq=False, slots=True)
class Classifier:
    weights: bytes  # int8 per bucket (as unsigned bytes)
    scale: float
    bias: float
    bits: int
    norm: str = "l2log"
    table: list[float] = field(init=False)  # unsigned byte -> float32(int8 * float32(scale))
    positive_table: list[float] = field(init=False)  # unsigned byte -> max(0, its weight)
    # bucket -> its weight (one lookup per n-gram) and bucket -> max(0, weight) (the evidence
    # span): built once the model has scored a few texts; until then two lookups per bucket
    # give the same floats (a commit hook scores a text or two, and the full lists of 2**bits
    # entries would cost more than the scoring)
    by_bucket: list[float] | None = field(init=False, default=None)
    positive: list[float] | None = field(init=False, default=None)
    texts: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        scale32 = array("f", [self.scale])[0]
        self.table = list(array("f", [(b - 256 if b > 127 else b) * scale32 for b in range(256)]))
        self.positive_table = [max(0.0, w) for w in self.table]

    def build_tables(self) -> None:
        """The per-bucket weight lists now (a large run, before its workers fork)."""
        if self.by_bucket is None:
            self.by_bucket = list(map(self.table.__getitem__, self.weights))
        if self.positive is None:
            self.positive = list(map(self.positive_table.__getitem__, self.weights))

    def _weights(self, buckets: Collection[int], positive: bool = False) -> Sequence[float]:
        """The weight (``positive``: max(0, weight)) of each of ``buckets``, in order."""
        weigh = self._weigh(positive)
        full = self.positive if positive else self.by_bucket
        if full is not None:
            return _gather(full, buckets)
        return list(map(weigh, buckets))

    def _weigh(self, positive: bool = False) -> Callable[[int], float]:
        """bucket -> weight (``positive``: max(0, weight)), by the full list once it pays."""
        full = self.positive if positive else self.by_bucket
        if full is not None:
            return full.__getitem__
        table, weights = (self.positive_table if positive else self.table), self.weights
        if not positive:
            self.texts += 1
        if self.texts <= DIRECT_TEXTS:
            return lambda bucket: table[weights[bucket]]
        full = list(map(table.__getitem__, weights))
        if positive:
            self.positive = full
        else:
            self.by_bucket = full
        return full.__getitem__

    def probability(self, text: str, features: Features | None = None) -> float:
        """P(injection); ``features`` reuses :func:`_flat_buckets` already computed for ``text``."""
        flat = (features if features is not None else _flat_buckets(text, self.bits))[0]
        if not flat:
            return 0.0
        counts = Counter(flat)
        weights = self._weights(counts)
        if self.norm == "sqrt":
            z = sum(map(mul, counts.values(), weights)) / math.sqrt(len(flat)) + self.bias
        else:
            logs, squares = _log_tables(len(flat))
            norm = math.sqrt(sum(_gather(squares, counts.values()))) or 1.0
            z = sum(map(mul, _gather(logs, counts.values()), weights)) / norm + self.bias
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def strongest_span(self, text: str, width: int = 80, features: Features | None = None) -> tuple[int, int]:
        """The ``width``-character window whose n-grams push hardest towards "injection".

        Sums are formed in the order the NumPy version used (per position n = 2, 3, 4, 5,
        then a running total), so the same window wins, ties included.
        """
        length = min(len(text), MAX_CHARS) + 2
        if length <= width:
            return 0, min(len(text), width)
        flat, sizes, _ = features if features is not None else _flat_buckets(text, self.bits)
        columns: list[Sequence[float]] = []  # each n's positive weights, position by position
        at = 0
        for count in sizes:
            columns.append(self._weights(flat[at : at + count], positive=True))
            at += count
        if all(len(column) < length for column in columns):
            padded = [chain(column, repeat(0.0, length - len(column))) for column in columns]
            per_pos: Iterable[float] = reduce(partial(map, add), padded[1:], padded[0])
        else:  # lower-casing lengthened the text: later starts count at the last position
            last = length - 1
            totals = [0.0] * length
            for column in columns:
                for i, w in enumerate(column):
                    totals[i if i < last else last] += w
            per_pos = totals
        sums = list(accumulate(per_pos, initial=0.0))
        window = list(map(sub, sums[width:], sums))
        best_at = window.index(max(window))  # the first of equal maxima
        start = max(0, best_at - 1)  # features were computed on " " + text
        return start, min(len(text), start + width)

    def hit(self, text: str, rule: Rule, rule_hits: list[Hit]) -> Hit | None:
        """The classifier's hit for ``text`` under ``rule``'s threshold and weight."""
        from aisec_cli.prompts.matcher import Hit, _evidence

        features = _flat_buckets(text, self.bits)
        p = self.probability(text, features)
        threshold = float(rule.data.get("threshold", 0.9))
        weight = float(rule.data.get("weight", 0.6))
        support = float(rule.data.get("support", 0.5))
        notes: tuple[str, ...] = (f"probability:{p:.3f}",)
        if p >= threshold and not _speaks_to_a_person(str(rule.data.get("unless_alone", "")), text):
            score = p
            notes += ("alone",)
        elif p >= support and not _all_weighed_down(rule_hits):
            # support only: never more than the weight of a probability at the threshold, so
            # the model alone stays under the line and a phrase hit is needed beside it
            score = weight * min(p, threshold)
        else:
            return None
        start, end = self.strongest_span(text, features=features)
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


# "documentation" too: a hit quoted, introduced or named as an entry in a text about attacks. A
# planted instruction in such a text (a security researcher's CV with a verdict dictated to the
# screening model) is not quoted or named, so its hit is not weighed down and the model supports it.
_WEIGHED_DOWN = frozenset(("negated", "reported", "documentation"))


def _all_weighed_down(rule_hits: list[Hit]) -> bool:
    """Every phrase hit was lowered by its context (negated, or the object of someone else's
    request or of what an attack "causes the model to" do): the text talks about the phrase, so
    there is no phrase match for the model to support."""
    return bool(rule_hits) and all(_WEIGHED_DOWN.intersection(h.notes) for h in rule_hits)


@cache
def _person_request(pattern: str) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


def _speaks_to_a_person(pattern: str, text: str) -> bool:
    """The rule's ``unless_alone`` context matches: the text asks its human reader for something
    only a person has (their order or ticket number), so the model may support, not decide."""
    compiled = _person_request(pattern)
    return compiled is not None and compiled.search(text.lower()) is not None


@cache
def load_classifier(path: str | None = None) -> Classifier | None:
    """The bundled model (or the one at ``path``), or None (no weights file)."""
    try:
        if path is not None:
            return _read(Path(path))
        ref = resources.files("aisec_cli.prompts").joinpath(WEIGHTS_FILE)
        if not ref.is_file():
            return None
        with resources.as_file(ref) as bundled:
            return _read(bundled)
    except (OSError, KeyError, ValueError, zlib.error, struct.error, IndexError):
        return None


def _read(path: Path) -> Classifier:
    bits, norm, scale, bias, weights = read_weights(path)
    return Classifier(weights, scale, bias, bits, norm)
