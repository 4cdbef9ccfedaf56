"""Blobs git calls binary, read back for the history and staged scans: text, or why not.

git's diff has no lines for a file it calls binary (a NUL byte, as in UTF-16/32 text without a
BOM, or a ``.gitattributes`` ``binary``/``-diff`` entry). Its blob is read back and decoded by
the one decoder (:mod:`aisec_cli.sources.decoding`); a blob that is not read is a
:class:`~aisec_cli.core.findings.ScanError` naming the file and the commit, as the tree scan
lists the binary files it skips: ``skipped`` for binary data and blobs over the size cap,
``error`` for a blob git could not give. A Git LFS pointer's object is read from the local
LFS store instead (``skipped`` when it was never fetched: aisec makes no network request).
"""

from __future__ import annotations

from aisec_cli.core.findings import ScanError
from aisec_cli.sources.decoding import decode, is_binary
from aisec_cli.sources.files import BINARY, too_large_message
from aisec_cli.sources.gitrepo import BlobReader
from aisec_cli.sources.history import BinaryChange

LFS_VERSION = b"version https://git-lfs.github.com/spec/v1\n"


def is_lfs_pointer(blob: bytes, oid: str) -> bool:
    """True when ``blob`` is a Git LFS pointer to ``oid`` (the parser saw pointer lines added;
    a text file that merely holds such a line is scanned as text)."""
    return len(blob) < 1024 and blob.startswith(LFS_VERSION) and f"\noid sha256:{oid}\n".encode() in blob


def where(change: BinaryChange) -> str:
    """The name a report gives the blob: ``path@commit`` (12 hex digits), the path alone for the index."""
    return f"{change.path}@{change.commit.sha[:12]}" if change.commit is not None else change.path


def blob_text(blobs: BlobReader, spec: bytes, change: BinaryChange) -> str | ScanError:
    """The decoded text of the blob ``spec`` names (``change`` is what git showed), or the entry
    saying why it was not read."""
    # read whatever its name: a key file named logo.png that .gitattributes calls binary, or
    # saved as UTF-16, is text (the tree scan judges by content too)
    data = blobs.fetch(spec)
    if change.lfs_oid is not None and isinstance(data, bytes) and is_lfs_pointer(data, change.lfs_oid):
        data = blobs.lfs_object(change.lfs_oid)
    if not isinstance(data, bytes):
        if data.size is not None:
            return ScanError(where(change), too_large_message(data.size, blobs.max_size), data.kind)
        return ScanError(where(change), data.message, data.kind)
    if is_binary(data, len(data)):
        return ScanError(where(change), BINARY, "skipped")
    return decode(data)[0]
