"""Derived data of aisec's own files kept on disk between runs (parsed rules), keyed by content.

A hook or a short scan spends much of its time turning bundled YAML into data before it looks
at a single file. That work depends only on aisec's version and the bytes it reads, so its
result is stored as JSON in the user's cache folder and read back by later runs:

- where: ``$AISEC_CACHE_DIR``, else ``$XDG_CACHE_HOME/aisec``, else ``~/.cache/aisec``; a
  folder of the version (``<version>/``) so upgrades never read an older layout;
- key: SHA-256 of the version, the purpose and every input's bytes; the file holds the key
  again and the data, and a file whose key differs is rebuilt (stale or foreign content);
- safe against other users: the folder must belong to this user and not be writable by group
  or others, else nothing is read or written there; files are written atomically (0600), so
  concurrent runs never read half a file;
- JSON only (no pickle: reading a cache file can never run code), and only values that survive
  a JSON round trip unchanged are stored;
- any problem (no home, read-only disk, bad JSON) means "build it again": a cache never fails a
  run. ``AISEC_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from aisec_cli import __version__
from aisec_cli.core.atomic import write_atomic

MAX_BYTES = 16 * 1024 * 1024  # a cache file larger than this is not read


def cache_root() -> Path | None:
    """This version's cache folder, or None when caching is off or no folder can be named."""
    if os.environ.get("AISEC_NO_CACHE", "") not in ("", "0"):
        return None
    base = os.environ.get("AISEC_CACHE_DIR")
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME")
        if xdg and os.path.isabs(xdg):
            base = os.path.join(xdg, "aisec")
        else:
            home = os.path.expanduser("~")
            if not home or home == "~":
                return None
            base = os.path.join(home, ".cache", "aisec")
    return Path(base) / __version__


def _private_folder(folder: Path) -> bool:
    """Create ``folder`` (0700) if needed; True when it is this user's and nobody else can write it."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def content_key(purpose: str, inputs: Iterable[bytes | str]) -> str:
    """The SHA-256 naming one derived result: version, purpose and every input's bytes."""
    digest = hashlib.sha256()
    for part in (__version__, purpose, *inputs):
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _read(path: Path, key: str) -> Any:
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return None
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(stored, dict) and stored.get("key") == key and "data" in stored:
        return stored
    return None


def _round_trips(data: Any) -> str | None:
    """The JSON text of ``data`` when reading it back gives equal data, else None."""
    try:
        text = json.dumps({"data": data}, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        return None
    return text if json.loads(text)["data"] == data else None


def cached(purpose: str, inputs: Iterable[bytes | str], build: Callable[[], Any]) -> Any:
    """``build()``'s result for these inputs, from the cache when a run already stored it."""
    parts = list(inputs)
    root = cache_root()
    if root is None:
        return build()
    key = content_key(purpose, parts)
    path = root / f"{purpose}-{key[:32]}.json"
    stored = _read(path, key)
    if stored is not None:
        return stored["data"]
    data = build()
    text = _round_trips(data)
    if text is not None and _private_folder(root):
        try:
            payload = '{"key":"' + key + '",' + text[1:]
            write_atomic(path, payload, mode=0o600, keep_existing_mode=False, regular_only=True)
        except OSError:
            pass
    return data
