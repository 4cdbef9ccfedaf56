"""Placeholder allocation: one tag per distinct value and entity, numbered in order of appearance.

The same value (normalised: case for e-mails, digits for phones and cards) gets the same
``[EMAIL_1]`` everywhere in one run, across files. Tags that already appear in the input
(in any letter case) are reserved and never issued, so restoring can never confuse text
that merely looks like a placeholder with one of ours.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from itertools import compress

from aisec_cli.pii.entities import normaliser
from aisec_cli.core.lazyre import LazyRegex

TAG = LazyRegex(r"\[([A-Za-z][A-Za-z_]*?)_(\d+)\]")
HASH_TAG = LazyRegex(r"\[([A-Za-z][A-Za-z_]*)#([0-9a-fA-F]{6,64})\]")


def format_tag(entity: str, number: int) -> str:
    return f"[{entity}_{number}]"


class Allocator:
    """Issues tags; remembers which value each tag stands for.

    ``compact``: remember a 64-bit hash per value instead of the value (and no originals) -
    for runs that write no mapping. Past ``spill_after`` distinct values the hashes and tag
    numbers move into a :class:`_HashTable` of flat arrays, so memory grows by ~40 bytes per
    distinct value (a dict of tags takes ~150: dense text has ~20 000 distinct values per
    megabyte). (Two values would share a tag only on a 64-bit hash collision.)
    """

    spill_after = 1 << 16  # distinct values held in a dict (fastest) before the flat table

    def __init__(self, reserved: Iterable[str] = (), *, compact: bool = False) -> None:
        self._reserved: set[str] = {r.upper() for r in reserved}
        self._by_value: dict[object, str] = {}
        self._next: dict[str, int] = {}
        self.compact = compact
        self.originals: dict[str, str] = {}  # tag -> first spelling seen (not kept when compact)
        self.entity_of: dict[str, str] = {}
        self._normalisers: dict[str, Callable[[str], str]] = {}
        self._table: _HashTable | None = None  # compact, past spill_after: hash -> tag number

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
        try:
            fold = self._normalisers[entity]
        except KeyError:
            fold = self._normalisers[entity] = normaliser(entity)
        key: object = hash((entity, fold(value))) if self.compact else (entity, fold(value))
        tag = self._by_value.get(key)
        if tag is not None:
            return tag
        number = self._next.get(entity, 0) + 1
        tag = f"[{entity}_{number}]"  # format_tag, inline: dense text issues ~20 000 tags a megabyte
        reserved = self._reserved
        if reserved:
            while tag.upper() in reserved:
                number += 1
                tag = f"[{entity}_{number}]"
        table = self._table
        if table is not None:
            known = table.setdefault(key, number)  # type: ignore[arg-type]  # one probe, found or stored
            if known != number:
                return f"[{entity}_{known}]"
            self._next[entity] = number
            return tag
        self._next[entity] = number
        self._by_value[key] = tag
        if not self.compact:
            self.originals[tag] = value
            self.entity_of[tag] = entity
        elif len(self._by_value) >= self.spill_after:
            self._spill()
        return tag

    def known(self, entity: str, value: str) -> str | None:
        key = self._key(entity, value)
        tag = self._by_value.get(key)
        if tag is None and self._table is not None:
            number = self._table.get(key)  # type: ignore[arg-type]
            return format_tag(entity, number) if number else None
        return tag

    def _spill(self) -> None:
        """Move the compact dict (hash -> tag) into the flat table (hash -> tag number)."""
        table = _HashTable(len(self._by_value) * 4)
        for key, tag in self._by_value.items():
            table.put(key, int(tag[tag.rindex("_") + 1 : -1]))  # type: ignore[arg-type]
        self._table = table
        self._by_value = {}


class _HashTable:
    """64-bit hash -> positive number in two flat arrays, open addressing: 16 bytes a slot,
    at most half full. Slot key 0 means empty (a hash of 0 is stored as 1)."""

    __slots__ = ("_keys", "_mask", "_numbers", "_used")

    def __init__(self, capacity: int = 1 << 10) -> None:
        self._used = 0
        self._allocate(capacity)

    def _allocate(self, capacity: int) -> None:
        size = 1 << max(10, (capacity - 1).bit_length())
        self._keys = array("q", bytes(8 * size))
        self._numbers = array("q", bytes(8 * size))
        self._mask = size - 1

    def _slot(self, key: int) -> int:
        """The slot holding ``key`` (never 0), or the empty slot where it belongs."""
        keys, mask = self._keys, self._mask
        slot = key & mask
        while True:
            found = keys[slot]
            if found == key or not found:
                return slot
            slot = (slot + 1) & mask

    def get(self, key: int) -> int:
        """The number stored for ``key``, 0 when there is none."""
        slot = self._slot(key or 1)
        return self._numbers[slot] if self._keys[slot] else 0

    def setdefault(self, key: int, number: int) -> int:
        """The number stored for ``key``; when there is none, ``number``, stored. The table
        grows past half full."""
        key = key or 1
        slot = self._slot(key)
        if self._keys[slot]:
            return self._numbers[slot]
        self._insert(slot, key, number)
        return number

    def put(self, key: int, number: int) -> None:
        """``key`` -> ``number``, replacing what was stored."""
        key = key or 1
        slot = self._slot(key)
        if self._keys[slot]:
            self._numbers[slot] = number
        else:
            self._insert(slot, key, number)

    def _insert(self, slot: int, key: int, number: int) -> None:
        self._keys[slot] = key
        self._numbers[slot] = number
        self._used += 1
        if self._used * 2 > len(self._keys):
            self._grow()

    def _grow(self) -> None:
        old_keys, old_numbers = self._keys, self._numbers
        self._allocate(len(old_keys) * 2)
        keys, numbers, mask = self._keys, self._numbers, self._mask
        for key, number in compress(zip(old_keys, old_numbers), old_keys):  # the used slots (C skips the rest)
            slot = key & mask
            while keys[slot]:
                slot = (slot + 1) & mask
            keys[slot] = key
            numbers[slot] = number
