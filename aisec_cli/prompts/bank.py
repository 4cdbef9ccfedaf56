"""Which patterns match a text, fast.

The patterns go into RE2 sets (:class:`~aisec_cli.core.regex.PatternSet`), and in a run of many
texts into RE2's filtered matcher (:class:`~aisec_cli.core.regex.PatternFilter`: the words the
patterns need first, then only the patterns they call up). Either says, in one pass over an ASCII
proxy of the folded text (:func:`proxy`), which patterns may match anywhere, and only those run
again to find their spans. RE2's ``\\w`` and ``\\b`` are ASCII-only, so the matchers run a
loosened superset of each pattern (:func:`_loosen`) over the proxy, and exact spans come from
Python's ``re`` (Unicode classes; on the few patterns a text calls up it costs less than a second
RE2 compile and DFA per pattern and process). A pattern RE2 cannot take runs with ``re`` on
every text. ``use_re2=False`` runs every pattern with ``re`` (the reference the tests
compare the sets against).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from aisec_cli.core.diskcache import cached
from aisec_cli.core.errors import ConfigError
from aisec_cli.core.regex import PatternFilter, PatternSet, compile_pattern
from aisec_cli.prompts.ruleset import Pattern
from aisec_cli.core.lazyre import LazyRegex

# Two matchers give the same answer. RE2 sets of at most SET_SIZE patterns compile fast (a
# commit hook scores a text or two), but each process builds their DFA states anew as texts
# come; the filtered matcher compiles in about twice the time and then does about half the work
# per text, so a run switches to it after FILTER_AFTER texts, or up front for a large run.
SET_SIZE = 20
FILTER_AFTER = 200
_WIDE_GAP = LazyRegex(r"\[(?:\\s\\S|\^[^\]]{0,12})\][*+]|\.[*+]")
_LOOSEN = (
    (LazyRegex(r"\{1,(?:[2-9]\d|\d{3})\}"), "+"),
    (LazyRegex(r"\{0,(?:[2-9]\d|\d{3})\}"), "*"),
)


def _loosen(pattern: str) -> str:
    """A superset of ``pattern`` for the RE2 set, run over the ASCII proxy of the text (see
    :func:`proxy`): long bounded repeats made unbounded (fewer DFA states), word boundaries
    dropped, and every non-ASCII literal widened to the proxy characters it may become."""
    for rx, repl in _LOOSEN:
        pattern = rx.sub(repl, pattern)
    pattern = (
        pattern.replace(r"\s{1,3}", r"\s+")
        .replace(r"[\s,]{1,3}", r"[\s,]+")
        .replace(r"\s{0,3}", r"\s*")
        .replace(r"\s{0,2}", r"\s*")
    )
    out: list[str] = []
    in_class = False
    negated = False
    class_start = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            pair = pattern[i : i + 2]
            if not (pair == r"\b" and not in_class):  # a boundary only narrows: drop it
                out.append(pair)
            i += 2
            continue
        if not ch.isascii():
            if not in_class or not negated:
                out.append(re.escape(proxy_char(ch)))
        elif ch == "[" and not in_class:
            in_class = True
            negated = False
            out.append(ch)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                negated = True
                i += 1
            class_start = len(out)
            if pattern[i + 1 : i + 2] == "]":
                out.append("]")
                i += 1
        elif ch == "]" and in_class:
            in_class = False
            if len(out) == class_start:  # every member was non-ASCII and dropped
                out.append("\\x00" if negated else "\\x03")
            out.append(ch)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


_NON_ASCII = LazyRegex(r"[^\x00-\x7f]")


def proxy_char(ch: str) -> str:
    """The ASCII stand-in of a non-ASCII character: ``_`` for letters (a word character that
    prose rarely has), ``0`` for digits, a space for spaces, ``\\x03`` for the rest."""
    if ch.isdigit():
        return "0"
    if ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M"):
        return "_"
    if ch.isspace():
        return " "
    return "\x03"


def _proxy_sub(match: re.Match[str]) -> str:
    return proxy_char(match.group(0))


# ASCII controls that ``re`` reads as spaces (``\\s``) and RE2 does not: spaces in the proxy, or
# "ignore<VT>all previous instructions" would slip past the sets.
_RE_ONLY_SPACE = LazyRegex(r"[\x0b\x1c-\x1f]")
_SPACES = str.maketrans({c: " " for c in "\x0b\x1c\x1d\x1e\x1f"})


def proxy(text: str) -> str:
    """``text`` with every non-ASCII character replaced by an ASCII one of the same kind
    (see :func:`proxy_char`) and the controls ``re`` counts as spaces by spaces: same length, so
    the RE2 set can scan it and say which patterns may match."""
    if _RE_ONLY_SPACE.search(text):
        text = text.translate(_SPACES)
    if text.isascii():
        return text
    return _NON_ASCII.sub(_proxy_sub, text)


class PatternBank:
    """The compiled patterns and the fastest way to find which of them match."""

    def __init__(self, patterns: Sequence[Pattern], use_re2: bool = True) -> None:
        self.patterns = tuple(patterns)
        self._sets: list[tuple[bool, PatternSet | PatternFilter, list[int]]] | None = None
        self._outside_set: list[int] = []
        self._filtered = False
        self._texts = 0
        if use_re2 and self.patterns:
            self._build(PatternSet)

    def use_filter(self) -> None:
        """Switch to the filtered matcher now (a large run, before its workers fork)."""
        if self._sets is not None and not self._filtered:
            self._filtered = True
            self._build(PatternFilter)

    def _build(self, kind: type[PatternSet] | type[PatternFilter]) -> None:
        # Case-sensitive patterns scan the unlowered text. In sets, patterns with long "anything"
        # gaps multiply DFA states with every other member, so they are grouped together; the
        # filtered matcher takes each view's patterns at once. A pattern RE2 will not take runs
        # with Python's re on every text.
        sources = [pattern.regex.pattern for pattern in self.patterns]
        loose = cached("prompt-sets", sources, lambda: [_loosen(s) for s in sources])
        groups: dict[tuple[bool, bool], list[int]] = {}
        for i, pattern in enumerate(self.patterns):
            key = (pattern.case_sensitive, kind is PatternSet and bool(_WIDE_GAP.search(loose[i])))
            groups.setdefault(key, []).append(i)
        size = SET_SIZE if kind is PatternSet else len(self.patterns)
        sets: list[tuple[bool, PatternSet | PatternFilter, list[int]]] = []
        outside: list[int] = []
        for (case_sensitive, _gaps), indices in groups.items():
            for start in range(0, len(indices), size):
                chunk = indices[start : start + size]
                try:
                    sets.append((case_sensitive, kind([loose[i] for i in chunk], "injection rules"), chunk))
                    continue
                except ConfigError:  # one member RE2 will not take: find it, the rest stay together
                    pass
                kept = []
                for i in chunk:
                    try:
                        compile_pattern(loose[i], self.patterns[i].pid, check_subset=False)
                        kept.append(i)
                    except ConfigError:  # Python's re on every text
                        outside.append(i)
                try:
                    if kept:
                        sets.append((case_sensitive, kind([loose[i] for i in kept], "injection rules"), kept))
                except ConfigError:  # the matcher will not build: every pattern with re
                    self._sets = None
                    return
        self._sets = sets
        self._outside_set = sorted(outside)

    def matches(self, lower: str, text: str) -> Iterator[tuple[Pattern, Any]]:
        """(pattern, match) for every match of every pattern (``lower`` is the view for
        case-insensitive patterns, ``text`` for case-sensitive ones)."""
        for pattern, found in self.match_groups(lower, text):
            for match in found:
                yield pattern, match

    def match_groups(self, lower: str, text: str) -> Iterator[tuple[Pattern, Iterator[Any]]]:
        """(pattern, its matches left to right) for every pattern that may match, in the order of
        :meth:`matches`; a caller that has seen enough of a pattern's matches may stop reading
        them (the rest of the text is then not searched for it)."""
        if self._sets is None:
            yield from self._everywhere(range(len(self.patterns)), lower, text)
            return
        self._texts += 1
        if self._texts == FILTER_AFTER:
            self.use_filter()
        encoded: dict[bool, bytes] = {}
        for case_sensitive, pattern_set, members in self._sets:
            view = text if case_sensitive else lower
            data = encoded.get(case_sensitive)
            if data is None:
                data = encoded[case_sensitive] = proxy(view).encode("ascii")
            for member in pattern_set.present(data):
                pattern = self.patterns[members[member]]
                yield pattern, pattern.regex.finditer(view)
        if self._outside_set:
            yield from self._everywhere(self._outside_set, lower, text)

    def _everywhere(self, indices: Iterable[int], lower: str, text: str) -> Iterator[tuple[Pattern, Iterator[Any]]]:
        for i in indices:
            pattern = self.patterns[i]
            yield pattern, pattern.regex.finditer(text if pattern.case_sensitive else lower)
