"""A bundled regular expression compiled with ``re`` the first time it is used (start-up cost)."""

from __future__ import annotations

import re
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
