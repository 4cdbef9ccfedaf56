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

The proxy reads every letter of a non-Latin script as ``_``, so on such a text the matchers call
up most patterns of that script's languages and ``re`` finds nothing for most of them. There a
candidate is first confirmed by RE2 over the text itself (UTF-8), with a superset of the pattern
whose classes take every non-ASCII character (:func:`_loosen_unicode`); only the confirmed ones run
with ``re``, which still gives every span.
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


def _unbounded(pattern: str) -> str:
    """``pattern`` with long bounded repeats made unbounded and word boundaries dropped (fewer
    DFA states for the RE2 set; a superset of what it matched)."""
    for rx, repl in _LOOSEN:
        pattern = rx.sub(repl, pattern)
    return (
        pattern.replace(r"\s{1,3}", r"\s+")
        .replace(r"[\s,]{1,3}", r"[\s,]+")
        .replace(r"\s{0,3}", r"\s*")
        .replace(r"\s{0,2}", r"\s*")
    )


def _loosen(pattern: str) -> str:
    """A superset of ``pattern`` for the RE2 set, run over the ASCII proxy of the text (see
    :func:`proxy`): long bounded repeats made unbounded (fewer DFA states), word boundaries
    dropped, and every non-ASCII literal widened to the proxy characters it may become."""
    pattern = _unbounded(pattern)
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


# What ``re`` reads as ``\s`` in a ``str`` beyond RE2's ``[\t\n\f\r ]``: every character whose
# ``str.isspace()`` is true (a test checks the list against Python's).
UNICODE_SPACES = (
    "\x0b\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)
_SPACE_MEMBERS = "\\s" + "".join(f"\\x{{{ord(c):x}}}" for c in UNICODE_SPACES)
_WIDE = "\\x{80}-\\x{10ffff}"  # every non-ASCII character
_UNICODE_CLASS = {"w": "\\w" + _WIDE, "d": "\\d" + _WIDE, "s": _SPACE_MEMBERS}
# Syntax that RE2 reads otherwise than ``re`` (``{,3}`` is a literal to RE2, ``[:alpha:]`` a class)
# or that has no superset written here: such a pattern is not confirmed, it runs with ``re``.
_UNICODE_UNSAFE = LazyRegex(r"\{,|\[:|\\[pPNuUg0-9]|\(\?[aiLmsux-]")


def _loosen_unicode(pattern: str) -> str | None:
    """A superset of ``pattern`` (``re`` syntax and semantics) for RE2 over the UTF-8 text
    itself, or None where none is written here.

    ``\\w``, ``\\d`` and ``\\s`` (alone or in a class) take every non-ASCII character (``\\s``:
    every Unicode space), the negated ones and negated classes are RE2's (which leave every
    non-ASCII character in), word boundaries go, ``$`` and ``^`` match at every line (``re``'s
    ``$`` also matches before a final newline), ``\\Z`` is RE2's ``\\z``, and long bounded
    repeats become unbounded as in :func:`_loosen`. Literals stay what they are.
    """
    if _UNICODE_UNSAFE.search(pattern):
        return None
    pattern = _unbounded(pattern)
    out: list[str] = ["(?m)"]
    in_class = False
    negated = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            letter = pattern[i + 1]
            if in_class:
                if negated and letter in "WSD":
                    return None  # [^\\W] is RE2's ASCII word characters: narrower than re's
                out.append("\\" + letter if negated or letter not in _UNICODE_CLASS else _UNICODE_CLASS[letter])
            elif letter in "bB":
                pass  # a boundary only narrows: dropped
            elif letter in _UNICODE_CLASS:
                out.append("[" + _UNICODE_CLASS[letter] + "]")
            elif letter == "Z":
                out.append("\\z")
            else:
                out.append("\\" + letter)
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            negated = pattern[i + 1 : i + 2] == "^"
            out.append("[^" if negated else "[")
            i += 2 if negated else 1
            if pattern[i : i + 1] == "]":  # a leading ] is a member
                out.append("\\]")
                i += 1
            continue
        if ch == "]" and in_class:
            in_class = False
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

    def __init__(self, patterns: Sequence[Pattern], use_re2: bool = True, filtered: bool = False) -> None:
        """``filtered``: the filtered matcher from the start (a large run: the sets would go unused)."""
        self.patterns = tuple(patterns)
        self._sets: list[tuple[bool, PatternSet | PatternFilter, list[int]]] | None = None
        self._outside_set: list[int] = []
        self._filtered = filtered
        self._texts = 0
        self._confirm: dict[int, Any] = {}  # pattern index -> RE2 superset over UTF-8 (None: none), on first use
        if use_re2 and self.patterns:
            self._build(PatternFilter if filtered else PatternSet)

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
        utf8: dict[bool, bytes | None] = {}
        for case_sensitive, pattern_set, members in self._sets:
            view = text if case_sensitive else lower
            data = encoded.get(case_sensitive)
            if data is None:
                data = encoded[case_sensitive] = proxy(view).encode("ascii")
                utf8[case_sensitive] = None if view.isascii() else _utf8(view)
            own = utf8[case_sensitive]
            for member in pattern_set.present(data):
                index = members[member]
                if own is not None and not self._confirmed(index, own):
                    continue  # no match in the text itself: re would find none
                pattern = self.patterns[index]
                yield pattern, pattern.regex.finditer(view)
        if self._outside_set:
            yield from self._everywhere(self._outside_set, lower, text)

    def _confirmed(self, index: int, data: bytes) -> bool:
        """Whether pattern ``index`` may match the UTF-8 text ``data`` (True when it has no
        superset for RE2: :func:`_loosen_unicode`)."""
        confirm = self._confirm.get(index, _UNBUILT)
        if confirm is _UNBUILT:
            loose = _loosen_unicode(self.patterns[index].regex.pattern)
            confirm = None
            if loose is not None:
                try:
                    confirm = compile_pattern(loose, self.patterns[index].pid, check_subset=False)
                except ConfigError:
                    confirm = None
            self._confirm[index] = confirm
        return confirm is None or confirm.search(data) is not None

    def _everywhere(self, indices: Iterable[int], lower: str, text: str) -> Iterator[tuple[Pattern, Iterator[Any]]]:
        for i in indices:
            pattern = self.patterns[i]
            yield pattern, pattern.regex.finditer(text if pattern.case_sensitive else lower)


_UNBUILT = object()


def _utf8(view: str) -> bytes | None:
    """``view`` as UTF-8, or None when it holds a lone surrogate (then nothing is confirmed)."""
    try:
        return view.encode("utf-8")
    except UnicodeEncodeError:
        return None
