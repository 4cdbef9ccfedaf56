"""Reading and writing user files for redaction without changing a byte we did not mean to.

Text is decoded as UTF-8 with ``surrogateescape``: bytes that are not UTF-8 survive as
lone surrogates and are written back unchanged. Files with a UTF-16/32 byte-order mark are
decoded with that encoding and written back with the same mark. Newlines are never
translated. Binary files (a NUL byte in the first 8 KiB, git's heuristic) are refused.
Writes go through :class:`aisec_cli.core.atomic.AtomicFile`: an error or an interruption
leaves the original intact.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

BINARY_PROBE = 8192
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class InputError(Exception):
    """A file that cannot be redacted (binary, unreadable); the message says why."""


@dataclass(frozen=True, slots=True)
class Encoding:
    name: str  # codec for the text after the BOM
    bom: bytes  # written back first ("" when there was none)

    @property
    def errors(self) -> str:
        return "surrogateescape" if self.name == "utf-8" else "strict"

    def encode(self, text: str) -> bytes:
        return text.encode(self.name, self.errors)


UTF8 = Encoding("utf-8", b"")


def sniff(head: bytes) -> Encoding:
    """The encoding of a file from its first bytes; raises :class:`InputError` for binary data."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            if name == "utf-8":
                return UTF8  # the BOM decodes to U+FEFF and is written back as it was
            return Encoding(name, bom)
    if b"\0" in head[:BINARY_PROBE]:
        raise InputError("binary file (NUL bytes); not redacted")
    return UTF8


def open_text(path: Path) -> tuple[TextIO, Encoding]:
    """A text reader for ``path`` (no newline translation) and the file's encoding."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file")
    try:
        raw = open(path, "rb")  # noqa: SIM115 - handed to the caller inside a TextIOWrapper
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    head = raw.read(BINARY_PROBE)
    try:
        encoding = sniff(head)
    except InputError:
        raw.close()
        raise
    raw.seek(len(encoding.bom))
    return io.TextIOWrapper(raw, encoding=encoding.name, errors=encoding.errors, newline=""), encoding


def decode_bytes(data: bytes) -> tuple[str, Encoding]:
    encoding = sniff(data[:BINARY_PROBE])
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
