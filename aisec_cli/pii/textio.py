"""Reading and writing user files for redaction without changing a byte we did not mean to.

Text is decoded as UTF-8 with ``surrogateescape``: bytes that are not UTF-8 survive as
lone surrogates and are written back unchanged. Files with a UTF-16/32 byte-order mark are
decoded with that encoding and written back with the same mark; UTF-16/32 without one (as
:mod:`aisec_cli.sources.decoding` recognises it) is written back without one. Newlines are never
translated. Binary files (a NUL byte in the first 8 KiB, git's heuristic) are refused.
Writes go through :class:`aisec_cli.core.atomic.AtomicFile`: an error or an interruption
leaves the original intact.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from aisec_cli.sources.decoding import BINARY_PROBE, bom_encoding, is_binary, single_byte_tail, without_bom


class InputError(Exception):
    """A file that cannot be redacted (binary, unreadable); the message says why.

    ``kind`` is the :class:`~aisec_cli.core.findings.ScanError` kind it becomes: ``error`` for
    a file that should have been read, ``skipped`` for one deliberately not read (binary) or no
    longer there (removed after it was listed, as the shared runner treats it)."""

    def __init__(self, message: str, kind: str = "error") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Encoding:
    name: str  # codec for the text after the BOM
    bom: bytes  # written back first ("" when there was none)

    @property
    def errors(self) -> str:
        # UTF-8: undecodable bytes survive as lone surrogates. UTF-16/32: a lone surrogate in
        # the file is read and written back as it was.
        return "surrogateescape" if self.name == "utf-8" else "surrogatepass"

    def encode(self, text: str) -> bytes:
        return text.encode(self.name, self.errors)


UTF8 = Encoding("utf-8", b"")


def sniff(head: bytes, size: int | None = None) -> Encoding:
    """The encoding of a file from its first bytes (``size``: the file's length); raises
    :class:`InputError` for binary data. Decided by :mod:`aisec_cli.sources.decoding`: a
    BOM counts only when the text after it is plausible."""
    found = bom_encoding(head, size)
    if found is not None:
        name, skip = found
        if name == "utf-8":
            return UTF8  # the BOM decodes to U+FEFF and is written back as it was
        return _whole(Encoding(name, head[:skip]), head, size)
    bare = without_bom(head, size)
    if bare is not None:
        return _whole(Encoding(bare, b""), head, size)  # written back as it was: UTF-16/32, no BOM added
    if is_binary(head, size):
        raise InputError("binary file (NUL bytes); not redacted", "skipped")
    return UTF8


def _whole(encoding: Encoding, head: bytes, size: int | None) -> Encoding:
    """``encoding``, unless the file is UTF-16/32 text with a single-byte tail appended or a
    length that does not fit the code unit: it cannot be decoded and written back whole."""
    unit = 4 if "32" in encoding.name else 2
    total = len(head) if size is None else size
    tail = single_byte_tail(head, len(encoding.bom), unit) if len(head) >= total else None
    if (total - len(encoding.bom)) % unit or tail is not None:
        raise InputError(
            f"{encoding.name} text with bytes of another encoding appended (a line added by a tool "
            "that writes single bytes?); not redacted: save it in one encoding"
        )
    return encoding


def open_text(path: Path) -> tuple[TextIO, Encoding]:
    """A text reader for ``path`` (no newline translation) and the file's encoding."""
    try:
        # O_NONBLOCK: a file swapped for a FIFO after discovery does not block the open.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except FileNotFoundError:
        raise InputError("file vanished before it could be read", "skipped") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise InputError("is a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    raw = os.fdopen(fd, "rb")
    head = raw.read(BINARY_PROBE)
    try:
        encoding = sniff(head, info.st_size)
    except InputError:
        raw.close()
        raise
    raw.seek(len(encoding.bom))
    return io.TextIOWrapper(raw, encoding=encoding.name, errors=encoding.errors, newline=""), encoding


def decode_bytes(data: bytes) -> tuple[str, Encoding]:
    encoding = sniff(data[:BINARY_PROBE], len(data))
    try:
        return data[len(encoding.bom) :].decode(encoding.name, encoding.errors), encoding
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode as {encoding.name}: {exc.reason}") from None


def read_chunks(reader: TextIO, size: int) -> Iterator[str]:
    while True:
        block = reader.read(size)
        if not block:
            return
        yield block
