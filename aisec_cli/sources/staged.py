"""What a commit would add: the added lines of the staged diff (the index against HEAD).

The index is read, not the working files: a key that is staged and then removed from
the working file is still caught, and an unstaged key is not. Line numbers are those of
the staged version of each file. In a repository without a commit yet (unborn HEAD) the
whole index counts as added.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from aisec_cli.sources.history import Event, staged_arguments, stream_log


def stream_staged(repo: Any, pathspec: Sequence[str] = (), max_file_size: int = 25 << 20) -> Iterator[Event]:
    """Events (:class:`~aisec_cli.sources.history.FileChange` with ``origin="staged"``)."""
    yield from stream_log(
        repo,
        (),
        max_file_size=max_file_size,
        origin="staged",
        args=staged_arguments(pathspec),
    )


def index_blob_spec(raw_path: bytes) -> bytes:
    """The ``git cat-file`` name of a path's staged blob (stage 0)."""
    return b":0:" + raw_path
