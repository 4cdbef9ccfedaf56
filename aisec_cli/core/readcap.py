"""Bounded reads of the files aisec reads for itself (maps, configs): never more than a cap."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO


class TooLarge(ValueError):
    """The file holds more than the cap allows (``/dev/zero``, a runaway file)."""

    def __init__(self, path: Path | str, limit: int) -> None:
        super().__init__(f"{path}: larger than {limit // 1_048_576 or 1} MiB; refused")
        self.path = str(path)
        self.limit = limit


def read_bounded(path: Path | str, limit: int) -> bytes:
    """The bytes of ``path``, or :class:`TooLarge` when it holds more than ``limit`` bytes.

    Works for regular files, FIFOs and devices alike (``<(cat map)``, ``/dev/zero``): at most
    ``limit + 1`` bytes are ever read. :class:`OSError` passes through for the caller to word.
    """
    with open(path, "rb", buffering=0) as handle:
        return read_stream_bounded(handle, limit, path)


def read_stream_bounded(stream: BinaryIO, limit: int, name: Path | str = "-") -> bytes:
    """At most ``limit`` bytes of an open binary stream; :class:`TooLarge` when it holds more."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        block = stream.read(min(1 << 20, limit + 1 - total))
        if not block:
            break
        chunks.append(block)
        total += len(block)
    if total > limit:
        raise TooLarge(name, limit)
    return b"".join(chunks)
