"""A bundled regular expression compiled with ``re`` the first time it is used (start-up cost)."""

from __future__ import annotations

import re
from collections.abc import Iterable
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
    them again. Returns how many were compiled here."""
    count = 0
    for holder in holders:
        if isinstance(holder, ModuleType):
            count += _compile_in(vars(holder).values(), depth)
        else:
            count += _compile_in((holder,), depth)
    return count


def _compile_in(values: Iterable[Any], depth: int) -> int:
    count = 0
    for value in values:
        if isinstance(value, LazyRegex):
            if value._compiled is None:
                value.compiled()
                count += 1
        elif depth > 0 and isinstance(value, dict):
            count += _compile_in(value.values(), depth - 1)
        elif depth > 0 and isinstance(value, _CONTAINERS):
            count += _compile_in(value, depth - 1)
    return count
