"""A bundled regular expression compiled with ``re`` the first time it is used (start-up cost)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import Any


class LazyRegex:
    """A bundled pattern compiled with ``re`` on its first use.

    A short run (a commit hook on one file) needs a handful of the hundreds of bundled
    patterns: the RE2 sets say which may match, and only those are compiled. ``pattern``
    is the source; every other attribute is the compiled pattern's.
    """

    __slots__ = ("__dict__", "_compiled", "flags_wanted", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags_wanted = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags_wanted)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy/pickle probes: not the compiled pattern's
            raise AttributeError(name)
        value = getattr(self.compiled(), name)
        self.__dict__[name] = value  # later uses (``X.search``) are a plain attribute lookup
        return value

    def __repr__(self) -> str:
        return f"LazyRegex({self.pattern!r}, {self.flags_wanted!r})"


_CONTAINERS = (tuple, list, frozenset, set)


def compile_now(holders: Iterable[Any], depth: int = 3) -> int:
    """Compile every :class:`LazyRegex` among ``holders`` now: the holders themselves, the
    globals of the modules among them, and the members of tuples, lists, sets and dict values
    ``depth`` levels in (a module found inside is not entered). A run about to fork worker
    processes calls it, so every worker inherits the compiled patterns instead of compiling
    them again. The patterns' compiled form comes from the disk cache when an earlier run
    stored it (:func:`compile_many`). Returns how many were compiled here."""
    found: dict[int, LazyRegex] = {}
    for holder in holders:
        _collect(vars(holder).values() if isinstance(holder, ModuleType) else (holder,), depth, found)
    pending = sum(1 for rx in found.values() if rx._compiled is None)
    if pending:
        compile_many(list(found.values()))
    return pending


def _collect(values: Iterable[Any], depth: int, found: dict[int, LazyRegex]) -> None:
    for value in values:
        if isinstance(value, LazyRegex):
            found.setdefault(id(value), value)
        elif depth > 0 and isinstance(value, dict):
            _collect(value.values(), depth - 1, found)
        elif depth > 0 and isinstance(value, _CONTAINERS):
            _collect(value, depth - 1, found)


def compile_many(patterns: Sequence[LazyRegex]) -> None:
    """Compile those of ``patterns`` not compiled yet, the costly part from the disk cache.

    ``re`` spends nearly all of a compile parsing the pattern and writing its program in
    Python; turning the program into a pattern object (``_sre.compile``) costs almost nothing.
    The programs of these patterns are stored in the cache (:mod:`aisec_cli.core.diskcache`,
    keyed by the Python build and every pattern and flag of ``patterns``, compiled or not, so
    the entry is the same whatever an earlier part of the run compiled), so a later run only
    reads them. The result is the pattern ``re.compile`` gives (equal to it); anything
    unexpected (another Python's internals, a damaged entry) compiles that pattern with ``re``.
    """
    todo = list({id(rx): rx for rx in patterns}.values())
    if all(rx._compiled is not None for rx in todo):
        return
    programs: Any = None
    try:
        import _sre

        from aisec_cli.core.diskcache import cached

        inputs = [sys.version, str(_sre.MAGIC), *(f"{int(rx.flags_wanted)}:{rx.pattern}" for rx in todo)]
        programs = cached("re-programs", inputs, lambda: [_program(rx) for rx in todo])
    except Exception:  # noqa: BLE001 - no cache, another Python: compile each with re
        programs = None
    if not isinstance(programs, list) or len(programs) != len(todo):
        programs = [None] * len(todo)
    for rx, program in zip(todo, programs):
        if rx._compiled is None:
            rx._compiled = _from_program(rx, program)


def _program(rx: LazyRegex) -> list[Any] | None:
    """[flags, program, groups, group index] of ``rx`` as ``re`` writes them (None: not here)."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(rx.pattern, rx.flags_wanted)
        flags = int(rx.flags_wanted) | int(parsed.state.flags)
        code = _compiler._code(parsed, flags)
        return [flags, [int(c) for c in code], parsed.state.groups - 1, dict(parsed.state.groupdict)]
    except Exception:  # noqa: BLE001 - another Python's internals: re.compile decides
        return None


def _from_program(rx: LazyRegex, program: Any) -> re.Pattern[str]:
    """The pattern object of a stored program, or ``re.compile``'s when it does not fit."""
    try:
        import _sre

        flags, code, groups, groupindex = program
        if not (isinstance(flags, int) and isinstance(code, list) and isinstance(groups, int)
                and isinstance(groupindex, dict) and all(type(c) is int for c in code)):
            raise TypeError("not a stored program")
        indexgroup: list[str | None] = [None] * (groups + 1)
        for name, index in groupindex.items():
            indexgroup[index] = name
        compiled: re.Pattern[str] = _sre.compile(rx.pattern, flags, code, groups, groupindex, tuple(indexgroup))
        return compiled
    except Exception:  # noqa: BLE001 - invalid program (_sre checks it), None, other internals
        return rx.compiled()
