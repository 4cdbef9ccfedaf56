"""Standard input read like a file: bounded by max-file-size, binary input skipped, one decoder."""

from __future__ import annotations

from typing import BinaryIO

from aisec_cli.core.config import size_text
from aisec_cli.core.document import Document
from aisec_cli.core.findings import ScanError
from aisec_cli.core.readcap import TooLarge, read_stream_bounded
from aisec_cli.sources.decoding import BINARY_PROBE, decode, is_binary

STDIN_NAME = "<stdin>"


def read_stdin(stream: BinaryIO, max_size: int, name: str = STDIN_NAME) -> Document | ScanError:
    """The stream's text, or a ``skipped`` entry when it is binary or over ``max_size`` bytes.

    At most ``max_size + 1`` bytes are read (the rest is never consumed), so a huge or endless
    stream costs no more than a file at the cap.
    """
    head = stream.read(min(BINARY_PROBE, max_size + 1))
    if is_binary(head):  # known from its first bytes: the rest is never read
        return ScanError(name, "binary input (NUL bytes): not scanned", "skipped")
    try:
        if len(head) > max_size:
            raise TooLarge(name, max_size)
        data = head + read_stream_bounded(stream, max_size - len(head), name)
    except TooLarge:
        return ScanError(
            name,
            f"larger than the size cap (more than {size_text(max_size)}; raise max-file-size to scan it)",
            "skipped",
        )
    if is_binary(data):
        return ScanError(name, "binary input (NUL bytes): not scanned", "skipped")
    text, _ = decode(data)
    return Document(name, text, origin="stdin")
