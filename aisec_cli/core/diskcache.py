"""Derived data of aisec's own files kept on disk between runs (parsed rules), keyed by content.

A hook or a short scan spends much of its time turning bundled YAML into data before it looks
at a single file. That work depends only on aisec's version and the bytes it reads, so its
result is stored as JSON in the user's cache folder and read back by later runs:

- where: ``$AISEC_CACHE_DIR``, else ``$XDG_CACHE_HOME/aisec``, else ``~/.cache/aisec``; a
  folder of the version (``<version>/``) so upgrades never read an older layout. A leading
  ``~`` is the home folder; a relative ``$AISEC_CACHE_DIR`` turns the cache off (it would name a
  different folder in every repository a hook runs in, and litter the tree being scanned), as
  a relative ``$XDG_CACHE_HOME`` is ignored;
- key: SHA-256 of the version, the purpose and every input's bytes; the file holds the key
  again and the data, and a file whose key differs is rebuilt (stale or foreign content);
- safe against other users: the folder must belong to this user and not be writable by group
  or others, else nothing is read or written there; files are written atomically (0600), so
  concurrent runs never read half a file;
- JSON only (no pickle: reading a cache file can never run code), and only values that survive
  a JSON round trip unchanged are stored;
- any problem (no home, read-only disk, bad JSON) means "build it again": a cache never fails a
  run. ``AISEC_NO_CACHE=1`` turns it off;
- pruned when a run writes an entry (:func:`prune`): files of other versions and of this one
  unused for ``MAX_AGE_DAYS`` go (a hit marks its file as used, at most once a day), and at most
  ``MAX_ENTRIES`` files stay in this version's folder. Only regular files named as aisec names
  them, directly in a version folder of a base folder that is this user's alone, are removed
  (other versions' folders only in aisec's own base folder, never in one ``$AISEC_CACHE_DIR``
  names, which other programs may share); a version folder is removed only once empty. Each
  removal is one ``unlink`` after a fresh look at the file, so a concurrent run at worst
  rebuilds an entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from aisec_cli import __version__
from aisec_cli.core.atomic import write_atomic
from aisec_cli.core.lazyre import LazyRegex

MAX_BYTES = 16 * 1024 * 1024  # a cache file larger than this is not read
MAX_ENTRIES = 64  # files kept in this version's folder (the bundled data needs about ten)
MAX_AGE_DAYS = 30  # a file unused this long goes, in any version's folder
_DAY = 24 * 3600
TEMP_AGE = 3600  # a temporary file of a write this old was left by a run that stopped
_ENTRY = LazyRegex(r"[a-z][a-z0-9-]{0,63}-[0-9a-f]{32}\.json")  # what :func:`cached` names a file
_TEMP = LazyRegex(r"\.[a-z][a-z0-9-]{0,63}-[0-9a-f]{32}\.json\.[A-Za-z0-9_]{1,32}\.aisec-tmp")  # its atomic write's
_VERSION = LazyRegex(r"[0-9]+(?:\.[0-9]+)*(?:[.+-]?[A-Za-z0-9][A-Za-z0-9.+-]{0,40})?")


def cache_root() -> Path | None:
    """This version's cache folder, or None when caching is off or no folder can be named."""
    if os.environ.get("AISEC_NO_CACHE", "") not in ("", "0"):
        return None
    base = os.environ.get("AISEC_CACHE_DIR")
    if base:
        base = os.path.expanduser(base)
        if not os.path.isabs(base):
            return None
    else:
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
        if not folder.parent.exists():  # the base folder too is made private (mkdir's parents are not)
            folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
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
        if time.time() - info.st_mtime > _DAY:  # in use: the pruning keeps it
            try:
                os.utime(path, follow_symlinks=False)
            except (OSError, NotImplementedError):
                pass
        return stored
    return None


def _ours(info: os.stat_result) -> bool:
    return stat.S_ISREG(info.st_mode) and (not hasattr(os, "getuid") or info.st_uid == os.getuid())


def _remove_if(path: Path, still: Callable[[os.stat_result], bool]) -> bool:
    """Unlink ``path`` when a fresh look says it is an aisec file that ``still`` should go."""
    try:
        info = path.lstat()
        if _ours(info) and still(info):
            path.unlink()
            return True
    except OSError:
        pass
    return False


def _entries(folder: Path) -> list[tuple[float, Path]]:
    """(last use, path) of the aisec files directly in ``folder`` (regular files named by aisec)."""
    out: list[tuple[float, Path]] = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                if _ENTRY.fullmatch(entry.name) or _TEMP.fullmatch(entry.name):
                    try:
                        info = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if _ours(info):
                        out.append((info.st_mtime, Path(entry.path)))
    except OSError:
        pass
    return out


def prune(root: Path, dedicated: bool | None = None) -> None:
    """Remove what no run needs any more from the cache (see the module's docstring); never raises.

    ``dedicated``: the base folder is aisec's own (``…/aisec``), so every version folder in it
    is aisec's; a base the user named (``$AISEC_CACHE_DIR``) may be shared with other programs,
    so only this version's folder is pruned there. Default: from the environment."""
    if dedicated is None:
        dedicated = not os.environ.get("AISEC_CACHE_DIR")
    now = time.time()
    oldest = now - MAX_AGE_DAYS * _DAY

    def stale(info: os.stat_result) -> bool:
        return info.st_mtime < oldest

    def temp_stale(info: os.stat_result) -> bool:
        return info.st_mtime < now - TEMP_AGE

    base = root.parent  # ``root`` is checked by the caller; its siblings only when the base is private too
    kept: list[tuple[float, Path]] = []
    for when, path in _entries(root):
        if _TEMP.fullmatch(path.name):
            _remove_if(path, temp_stale)
        elif not _remove_if(path, stale):
            kept.append((when, path))
    kept.sort(key=lambda item: (item[0], item[1].name), reverse=True)
    for when, path in kept[MAX_ENTRIES:]:  # the least recently used, unless used since the listing
        _remove_if(path, lambda info, seen=when: info.st_mtime <= seen)
    if not dedicated or not _private_folder(base):
        return
    try:
        with os.scandir(base) as listing:
            folders = [Path(e.path) for e in listing if e.name != root.name and _VERSION.fullmatch(e.name) and e.is_dir(follow_symlinks=False)]
    except OSError:
        return
    for folder in folders:
        try:
            info = folder.lstat()
        except OSError:
            continue
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            continue
        for _, path in _entries(folder):
            _remove_if(path, temp_stale if _TEMP.fullmatch(path.name) else stale)
        try:
            folder.rmdir()  # only when empty: anything else in it stays, and the folder with it
        except OSError:
            pass


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
            return data
        prune(root)
    return data
