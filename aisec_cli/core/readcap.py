"""Bounded reads: the files aisec reads for itself (config, baselines, rule files, policy, maps) and inputs held in memory.

A device, FIFO or socket named as ``--config`` (``/dev/zero``) or a gigabyte file would
otherwise be read whole into memory; here it is refused with one clear line instead.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from aisec_cli.core.errors import ConfigError

# Far above any real config, rule file, policy or baseline; well below a memory problem.
MAX_OWN_FILE = 64 * 1024 * 1024


def read_own_bytes(path: Path | str, what: str, limit: int = MAX_OWN_FILE) -> bytes:
    """The bytes of ``path`` (a regular file of at most ``limit`` bytes), else :class:`ConfigError`.

    ``what`` names the file's role in the message (``"config file"``, ``"baseline file"``).
    The file is opened without blocking (a FIFO cannot stall the run) and checked on the
    open descriptor, so a file swapped for something else after a ``stat`` is still caught.
    """
    name = os.fsdecode(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ConfigError(f"{what} {name} does not exist") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {what} {name}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ConfigError(f"cannot read {what} {name}: it is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(f"cannot read {what} {name}: not a regular file (device, FIFO or socket)")
        if info.st_size > limit:
            raise ConfigError(f"{what} {name} is too large ({info.st_size} bytes; the limit is {limit})")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while being read
                raise ConfigError(f"{what} {name} is too large (over {limit} bytes)")
        return b"".join(chunks)
    except OSError as exc:
        raise ConfigError(f"cannot read {what} {name}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def read_own_if_there(path: Path | str, what: str, limit: int = MAX_OWN_FILE) -> bytes | None:
    """:func:`read_own_bytes`, or ``None`` when nothing is at ``path`` (also when it vanished
    between the look and the read); anything else that cannot be read is a :class:`ConfigError`."""
    if not os.path.lexists(path):
        return None
    try:
        return read_own_bytes(path, what, limit)
    except ConfigError:
        if not os.path.lexists(path):
            return None
        raise


def read_own_text(path: Path | str, what: str, limit: int = MAX_OWN_FILE) -> str:
    """:func:`read_own_bytes` decoded as UTF-8 (a leading BOM is dropped); bad bytes are an error."""
    data = read_own_bytes(path, what, limit)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"cannot read {what} {os.fsdecode(path)}: not UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})"
        ) from None
    return text.removeprefix("\ufeff")


MAX_PROJECT_FACT_FILE = 4 * 1024 * 1024


def read_project_text(path: Path | str, limit: int = MAX_PROJECT_FACT_FILE) -> str | None:
    """A small repository file read for a project fact (``.gitignore``, a hook config, a manifest):
    its text (undecodable bytes replaced), or ``None`` when it is missing, not a regular file,
    over ``limit`` or unreadable. Never blocks on a FIFO; never reads a device."""
    try:
        return read_own_bytes(path, "file", limit).decode("utf-8", "replace").removeprefix("\ufeff")
    except ConfigError:
        return None
class TooLarge(ValueError):
    """An input holds more than the cap allows (``/dev/zero`` as standard input, a runaway file)."""

    def __init__(self, path: Path | str, limit: int) -> None:
        super().__init__(f"{os.fsdecode(path)}: larger than {limit // 1_048_576 or 1} MiB; refused")
        self.path = os.fsdecode(path)
        self.limit = limit


def read_bounded(path: Path | str, limit: int) -> bytes:
    """The bytes of a user input that must be held in memory (``restore``'s text), or
    :class:`TooLarge` past ``limit``. Unlike :func:`read_own_bytes`, FIFOs are fine
    (``<(command)``); at most ``limit + 1`` bytes are ever read. :class:`OSError` passes through."""
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
