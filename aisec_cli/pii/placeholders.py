"""Placeholder allocation: one tag per distinct value and entity, numbered in order of appearance.

The same value (normalised: case for e-mails, digits for phones and cards) gets the same
``[EMAIL_1]`` everywhere in one run, across files. Tags that already appear in the input
(in any letter case) are reserved and never issued, so restoring can never confuse text
that merely looks like a placeholder with one of ours.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from aisec_cli.pii.entities import normaliser
from aisec_cli.core.lazyre import LazyRegex

TAG = LazyRegex(r"\[([A-Za-z][A-Za-z_]*?)_(\d+)\]")
HASH_TAG = LazyRegex(r"\[([A-Za-z][A-Za-z_]*)#([0-9a-fA-F]{6,64})\]")


def format_tag(entity: str, number: int) -> str:
    return f"[{entity}_{number}]"


class Allocator:
    """Issues tags; remembers which value each tag stands for.

    ``compact``: remember a 64-bit hash per value instead of the value (and no originals) -
    for runs that write no mapping, so memory grows by ~100 bytes per distinct value however
    large the input. (Two values would share a tag only on a 64-bit hash collision.)
    """

    def __init__(self, reserved: Iterable[str] = (), *, compact: bool = False) -> None:
        self._reserved: set[str] = {r.upper() for r in reserved}
        self._by_value: dict[object, str] = {}
        self._next: dict[str, int] = {}
        self.compact = compact
        self.originals: dict[str, str] = {}  # tag -> first spelling seen (not kept when compact)
        self.entity_of: dict[str, str] = {}
        self._normalisers: dict[str, Callable[[str], str]] = {}

    def reserve(self, text: str) -> None:
        """Reserve every tag-shaped string in ``text`` (call before redacting it)."""
        if "[" not in text:
            return
        for match in TAG.finditer(text):
            self._reserved.add(match.group().upper())
        for match in HASH_TAG.finditer(text):
            self._reserved.add(match.group().upper())

    @property
    def reserved(self) -> frozenset[str]:
        """Every reserved tag, upper-cased."""
        return frozenset(self._reserved)

    def is_reserved(self, tag: str) -> bool:
        return tag.upper() in self._reserved

    def _key(self, entity: str, value: str) -> object:
        fold = self._normalisers.get(entity)
        if fold is None:
            fold = self._normalisers[entity] = normaliser(entity)
        if self.compact:
            return hash((entity, fold(value)))
        return (entity, fold(value))

    def tag(self, entity: str, value: str) -> str:
        fold = self._normalisers.get(entity)
        if fold is None:
            fold = self._normalisers[entity] = normaliser(entity)
        key: object = hash((entity, fold(value))) if self.compact else (entity, fold(value))
        tag = self._by_value.get(key)
        if tag is not None:
            return tag
        number = self._next.get(entity, 0)
        while True:
            number += 1
            tag = format_tag(entity, number)
            if tag.upper() not in self._reserved:
                break
        self._next[entity] = number
        self._by_value[key] = tag
        if not self.compact:
            self.originals[tag] = value
            self.entity_of[tag] = entity
        return tag

    def known(self, entity: str, value: str) -> str | None:
        return self._by_value.get(self._key(entity, value))
