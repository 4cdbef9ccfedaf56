"""Atomic file writes: a temp file in the same folder, fsync, then rename over the target."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO


class NotRegularFile(OSError):
    """The target exists and is not a regular file (a device, FIFO, socket or folder)."""


class AtomicFile:
    """Stream bytes to ``path`` so readers see the old file or the complete new one, never half.

    Used as ``with AtomicFile(path) as handle: handle.write(...)``. The data goes to a
    temporary sibling that is flushed, fsynced and renamed over the target on success; an
    exception (or :meth:`discard`) removes it and leaves the target exactly as it was.

    - A target that exists and is not a regular file (``-o /dev/null``, ``/dev/stdout``, a
      FIFO) is never replaced: the bytes are written through to it, or, with
      ``regular_only``, :class:`NotRegularFile` is raised before anything is written.
    - ``mode``: permissions of a new file; an existing target keeps its own unless
      ``keep_existing_mode`` is false; ``keep_mode_of`` copies another file's (the original
      for ``--in-place``).
    - ``exclusive``: never replace an existing target (:class:`FileExistsError`), also when
      one appears while writing (hard link, else ``O_EXCL``).
    """

    def __init__(
        self,
        path: Path | str,
        *,
        mode: int | None = None,
        keep_existing_mode: bool = True,
        keep_mode_of: Path | None = None,
        exclusive: bool = False,
        regular_only: bool = False,
    ) -> None:
        self.path = Path(path)
        self.mode = mode
        self.keep_existing_mode = keep_existing_mode
        self.keep_mode_of = keep_mode_of
        self.exclusive = exclusive
        self.regular_only = regular_only
        self._handle: BinaryIO | None = None
        self._tmp = ""
        self._through = False
        self._discard = False
        self._final_mode = 0o600

    def discard(self) -> None:
        """Drop what was written: the target is left exactly as it was."""
        self._discard = True

    def __enter__(self) -> BinaryIO:
        info = _stat(self.path)
        if info is not None and not stat.S_ISREG(info.st_mode):
            if self.regular_only or stat.S_ISDIR(info.st_mode):
                kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
                raise NotRegularFile(errno.EINVAL, f"{kind}", str(self.path))
            self._through = True
            self._handle = open(self.path, "wb")  # noqa: SIM115 - closed in __exit__
            return self._handle
        if info is not None and self.exclusive:
            raise FileExistsError(errno.EEXIST, "exists", str(self.path))
        self._final_mode = self._mode_for(info)
        folder = self.path.parent if str(self.path.parent) else Path(".")
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".aisec-tmp", dir=folder)
        try:
            os.fchmod(fd, 0o600)  # private while it is being written
        except OSError:
            pass
        self._handle = os.fdopen(fd, "wb")
        return self._handle

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        handle = self._handle
        assert handle is not None
        if self._through:
            handle.close()
            return
        if exc_type is not None or self._discard:
            self._abandon(handle)
            return
        try:
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            os.chmod(self._tmp, self._final_mode)
            if self.exclusive:
                self._link_exclusive()
            else:
                os.replace(self._tmp, self.path)
        except BaseException:
            self._abandon(handle)
            raise

    def _abandon(self, handle: BinaryIO) -> None:
        with contextlib.suppress(OSError):
            handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self._tmp)

    def _link_exclusive(self) -> None:
        try:
            os.link(self._tmp, self.path)  # fails if the target appeared meanwhile: never clobbers
        except FileExistsError:
            raise
        except OSError:
            # File systems without hard links: O_EXCL create, then copy the finished bytes.
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, self._final_mode)
            with os.fdopen(fd, "wb") as out, open(self._tmp, "rb") as src:
                while block := src.read(1 << 20):
                    out.write(block)
                out.flush()
                os.fsync(out.fileno())
        os.unlink(self._tmp)

    def _mode_for(self, info: os.stat_result | None) -> int:
        if self.keep_mode_of is not None:
            other = _stat(self.keep_mode_of)
            if other is not None:
                return other.st_mode & 0o7777
        if info is not None and self.keep_existing_mode:
            return info.st_mode & 0o7777
        return self.mode if self.mode is not None else 0o666 & ~_umask()


def write_atomic(
    path: Path,
    data: str | bytes,
    mode: int | None = None,
    *,
    keep_existing_mode: bool = True,
    exclusive: bool = False,
    regular_only: bool = False,
) -> None:
    """Write ``data`` to ``path`` through :class:`AtomicFile` (see there for the options)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    writer = AtomicFile(
        path, mode=mode, keep_existing_mode=keep_existing_mode, exclusive=exclusive, regular_only=regular_only
    )
    with writer as handle:
        handle.write(payload)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
