"""Compiled dataclass methods kept between runs: the largest start-up cost of a commit hook.

``@dataclass`` writes the source of every method it adds (``__init__``, ``__repr__``,
``__eq__``, a frozen class's ``__setattr__`` …) and compiles it when the class is defined. A
commit hook defines about ninety dataclasses, and compiling their methods takes a fifth of its
time. The source depends only on the class definition, so the command line keeps its compiled
form in the cache folder (:mod:`aisec_cli.core.diskcache`) and reuses it while the text is equal.

The file holds code, so it is read with the trust Python gives its own ``__pycache__``, and
no more:

- only from this version's cache folder, which must belong to this user and not be writable by
  group or others, and only a regular file of this user's (written atomically with mode 0600,
  so a concurrent run never reads half of it);
- named for this interpreter (``sys.implementation.cache_tag``), it starts with its bytecode
  magic number and the SHA-256 of the rest: a file of another Python, a truncated or altered
  file is ignored and written again;
- a code object is used only for the exact source text it was compiled from (the text is the
  key), compiled as ``exec`` would compile it;
- nothing is written when Python is told not to write bytecode (``PYTHONDONTWRITEBYTECODE``);
  ``AISEC_NO_CACHE=1`` turns it off;
- installed by the command line only (:func:`aisec_cli.cli.main`), never when aisec is imported
  as a library.
"""

from __future__ import annotations

import atexit
import builtins
import hashlib
import marshal
import os
import stat
import sys
from pathlib import Path
from types import CodeType
from typing import Any

from aisec_cli.core.atomic import write_atomic
from aisec_cli.core.diskcache import cache_root, private_folder

MAX_BYTES = 8 * 1024 * 1024  # a larger file is not read; a run that would write more keeps its own modules only
_DIGEST = 32


class Counts:
    """What this process did: methods taken from the file, methods compiled."""

    reused = 0
    compiled = 0
    installed = False


def _magic() -> bytes:
    from importlib.util import MAGIC_NUMBER

    return MAGIC_NUMBER


def cache_file(root: Path) -> Path:
    """The file of this interpreter in the cache folder ``root``."""
    return root / f"dataclass-code-{sys.implementation.cache_tag}.bin"


def _read_private(path: Path) -> bytes | None:
    """The bytes of ``path`` when it is this user's regular file, nobody else can write it and
    it is not too large; else None."""
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags)  # a link is refused, a FIFO does not block (and is refused below)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return None
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            return handle.read(MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def load(path: Path) -> dict[str, bytes]:
    """The stored code, one marshalled ``{source text: code}`` table per module, or an empty
    table when the file is missing or not trusted."""
    data = _read_private(path)
    magic = _magic()
    if data is None or len(data) > MAX_BYTES or not data.startswith(magic):
        return {}
    digest, payload = data[len(magic) : len(magic) + _DIGEST], data[len(magic) + _DIGEST :]
    if hashlib.sha256(payload).digest() != digest:
        return {}
    try:
        blobs = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(blobs, dict) or not all(type(k) is str and type(v) is bytes for k, v in blobs.items()):
        return {}
    return blobs


def _decode(blob: bytes | None) -> dict[str, CodeType]:
    """One module's table (only the modules a run defines classes in are unmarshalled)."""
    if not blob:
        return {}
    try:
        codes = marshal.loads(blob)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(codes, dict) or not all(type(k) is str and type(v) is CodeType for k, v in codes.items()):
        return {}
    return codes


def store(path: Path, blobs: dict[str, bytes]) -> bool:
    """Write the tables to ``path`` (atomically, 0600); False when they are too large. A failure
    to write only means "compile next time"."""
    payload = marshal.dumps(blobs)
    if len(_magic()) + _DIGEST + len(payload) > MAX_BYTES:
        return False
    try:
        write_atomic(
            path, _magic() + hashlib.sha256(payload).digest() + payload, mode=0o600, keep_existing_mode=False, regular_only=True
        )
    except OSError:
        pass
    return True


def _compile(source: str) -> CodeType:
    # as exec() compiles a string for dataclasses, whose module uses no __future__ feature
    return compile(source, "<string>", "exec", dont_inherit=True)


def install() -> None:
    """Let ``dataclasses`` take the compiled methods from the cache; store the new ones at exit."""
    if Counts.installed:
        return
    root = cache_root()
    if root is None:
        return
    import __future__

    import dataclasses

    namespace = vars(dataclasses)
    if "exec" in namespace or any(namespace.get(name) is getattr(__future__, name) for name in __future__.all_feature_names):
        return  # already replaced by someone, or compiled with a feature a plain compile() would not give
    path = cache_file(root)
    blobs = load(path) if private_folder(root) else {}
    tables: dict[str, dict[str, CodeType]] = {}  # module -> source text -> code, as unmarshalled
    fresh: dict[str, dict[str, CodeType]] = {}  # module -> what this run compiled
    run_exec = builtins.exec

    def exec_cached(source: Any, globals: Any = None, locals: Any = None, /, **options: Any) -> None:
        if type(source) is str:
            module = str(globals.get("__name__", "")) if isinstance(globals, dict) else ""
            table = tables.get(module)
            if table is None:
                table = tables[module] = _decode(blobs.get(module))
            code = table.get(source)
            if code is None:
                code = table[source] = fresh.setdefault(module, {})[source] = _compile(source)
                Counts.compiled += 1
            else:
                Counts.reused += 1
            source = code
        if globals is None:  # exec() in the calling frame, as the built-in does
            frame = sys._getframe(1)
            globals = frame.f_globals
            locals = frame.f_locals if locals is None else locals
        run_exec(source, globals, globals if locals is None else locals, **options)

    owner = os.getpid()

    def save() -> None:
        if not fresh or os.getpid() != owner or sys.dont_write_bytecode:
            return
        merged = dict(blobs)
        for module in fresh:
            merged[module] = marshal.dumps(tables[module])
        if not store(path, merged):  # grown too large (stale classes): keep what this run used
            store(path, {module: marshal.dumps(table) for module, table in tables.items()})

    namespace["exec"] = exec_cached
    atexit.register(save)
    Counts.installed = True
