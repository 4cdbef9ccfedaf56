"""What replaces a detected value: ``replace`` (a tag), ``mask``, ``hash`` (keyed HMAC), ``redact``."""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass, field

from aisec_cli.pii.entities import ENTITIES, normalise
from aisec_cli.pii.placeholders import Allocator

OPERATORS = ("replace", "mask", "hash", "redact")
REVERSIBLE = ("replace", "hash")


@dataclass(frozen=True, slots=True)
class Operator:
    """How to rewrite values. ``hash_key`` keys the HMAC (random per run when not given)."""

    name: str = "replace"
    hash_key: bytes = field(default_factory=lambda: os.urandom(32), repr=False)
    mask_char: str = "*"
    hash_length: int = 12

    def __post_init__(self) -> None:
        if self.name not in OPERATORS:
            raise ValueError(f"unknown operator {self.name!r} (choose from {', '.join(OPERATORS)})")

    @property
    def reversible(self) -> bool:
        return self.name in REVERSIBLE

    def apply(self, entity: str, value: str, allocator: Allocator) -> str:
        if self.name == "replace":
            return allocator.tag(entity, value)
        if self.name == "redact":
            return ""
        if self.name == "mask":
            return mask_value(entity, value, self.mask_char)
        digest = hmac.new(
            self.hash_key, f"{entity}\0{normalise(entity, value)}".encode("utf-8", "surrogatepass"), hashlib.sha256
        ).hexdigest()[: self.hash_length]
        tag = f"[{entity}#{digest}]"
        if not allocator.compact:
            allocator.originals.setdefault(tag, value)
            allocator.entity_of.setdefault(tag, entity)
        return tag


def mask_value(entity: str, value: str, char: str = "*") -> str:
    """Letters and digits become ``char``; separators stay; numbers keep their last digits.

    ``4111 1111 1111 1234`` -> ``**** **** **** 1234``; credentials and names are masked whole.
    """
    info = ENTITIES.get(entity)
    keep = info.keep_tail if info is not None and not info.secret else 0
    significant = sum(1 for c in value if c.isalnum())
    if significant < 8:
        keep = 0
    out: list[str] = []
    remaining = significant
    for c in value:
        if c.isalnum():
            out.append(c if remaining <= keep else char)
            remaining -= 1
        elif c in "\n\r\t":
            out.append(c)
        else:
            out.append(c if not (info and info.secret) else char)
    return "".join(out)
