"""Cutting large texts into chunks at places where no entity can straddle the cut.

A chunk ends at a paragraph break when there is one near its end, else at a line end;
never inside a quoted CSV cell or inside a PEM block. Every chunk is then examined on its
own (in a worker process when several cores are used), so memory stays flat however large
the file is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

DEFAULT_CHUNK = 1 << 20  # characters
_MAX_CARRY = 16  # chunks: a "line" longer than this is cut at whitespace anyway


def _cut_point(buffer: str, fmt: str) -> int:
    """Where to cut ``buffer`` (an index after a newline), or 0 when there is no safe place."""
    n = len(buffer)
    window_start = n - max(1, n // 4)
    cut = 0
    if fmt in ("text", "log", "code", "yaml"):
        paragraph = buffer.rfind("\n\n", window_start)
        if paragraph != -1:
            cut = paragraph + 2
    if not cut:
        newline = buffer.rfind("\n")
        if newline == -1:
            return 0
        cut = newline + 1
    if fmt in ("csv", "tsv") and '"' in buffer:
        total_after = buffer.count('"', cut)
        quotes_before = buffer.count('"') - total_after
        probe = cut
        while quotes_before % 2 and probe > 0:
            newline = buffer.rfind("\n", 0, probe - 1)
            if newline == -1:
                return 0
            quotes_before -= buffer.count('"', newline + 1, probe)
            probe = newline + 1
        cut = probe
    begin = buffer.rfind("-----BEGIN", 0, cut)
    if begin != -1 and buffer.find("-----END", begin, cut) == -1:
        line_start = buffer.rfind("\n", 0, begin) + 1
        cut = line_start
    return cut


def chunks(blocks: Iterable[str], fmt: str = "text", size: int = DEFAULT_CHUNK) -> Iterator[str]:
    """Re-cut a stream of text blocks (any sizes) into safe chunks of roughly ``size``."""
    carry = ""
    for block in blocks:
        if not block:
            continue
        carry += block
        while len(carry) >= size:
            cut = _cut_point(carry, fmt)
            if cut <= 0:
                if len(carry) < size * _MAX_CARRY:
                    break
                space = max(carry.rfind(" "), carry.rfind("\t"))
                cut = space + 1 if space > 0 else len(carry)
            yield carry[:cut]
            carry = carry[cut:]
    if carry:
        yield carry
