"""Atomic file writes: a temp file in the same folder, fsync, then rename over the target."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: str | bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never half.

    ``mode``: permissions for a new file; an existing file keeps its own.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            # A device or pipe (``-o /dev/null``, ``/dev/stdout``): write through, never replace it.
            with open(path, "wb") as handle:
                handle.write(payload)
            return
        keep = info.st_mode & 0o7777
    except FileNotFoundError:
        keep = mode if mode is not None else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, keep)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
