"""Bytes to text: BOMs for UTF-8/16/32, strict UTF-8, else latin-1 (keeps every byte)."""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
BINARY_PROBE = 8192


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def is_binary(data: bytes) -> bool:
    """git's heuristic: a NUL byte in the first 8 KiB (text with a UTF-16/32 BOM is not)."""
    return bom_encoding(data) is None and b"\0" in data[:BINARY_PROBE]


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding). Never fails: undecodable input falls back to latin-1."""
    found = bom_encoding(data)
    if found is not None:
        name, skip = found
        return data[skip:].decode(name, errors="replace"), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"
