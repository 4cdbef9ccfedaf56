"""False-positive filters for secret candidates: pure functions over the matched value."""

from __future__ import annotations

import math
import re
from collections import Counter

_PLACEHOLDER = re.compile(
    r"(?i)(x{4,}|\*{3,}|\.{3,}|…|redacted|example|sample|dummy|placeholder|your[_-]?(api[_-]?)?key|"
    r"insert|changeme|replace[_-]?me|fake|<|>|\$\{|\{\{|%\(|secret[_-]?here|key[_-]?here|"
    r"0{8,}|1{8,}|test[_-]?key|notreal|not[_-]?a[_-]?real|invalid)"
)
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_RUNS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "9876543210")


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    counts = Counter(value)
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def is_placeholder(value: str) -> bool:
    return bool(_PLACEHOLDER.search(value))


def is_sequential(value: str, run: int = 6) -> bool:
    """Long runs of consecutive characters (``abcdef``, ``123456``) or one repeated char."""
    for i in range(len(value) - run + 1):
        chunk = value[i : i + run]
        if len(set(chunk)) == 1:
            return True
        if any(chunk in seq for seq in _RUNS):
            return True
    return False


def is_uuid(value: str) -> bool:
    return bool(_UUID.match(value))


def body(value: str) -> str:
    """The part of a key after a short alphabetic prefix such as ``sk-proj-``/``hf_``."""
    match = re.match(r"^[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})?[-_]", value)
    return value[match.end() :] if match and len(value) - match.end() >= 16 else value


def digits(value: str) -> int:
    return sum(ch.isdigit() for ch in value)
