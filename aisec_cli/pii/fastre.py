"""Run RE2 over UTF-8 bytes and report character offsets; ``re`` confirms where RE2 cannot.

Python's ``re`` tries a pattern at every position, which caps a pattern that starts with a
character class or an alternation at a few MB/s. RE2 scans with a DFA. Its binding is
fast on ``bytes`` but slow on ``str`` (it converts offsets per match), so texts are encoded
once and byte offsets mapped back to character offsets here. Patterns given to RE2 stay in
its subset (no look-around, no back-references); a :class:`Finder` confirms each RE2
candidate with an ``re`` pattern where look-around is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import re2 as _re2  # google-re2, a required dependency; only its public API is used

_CONTINUATION = bytes(1 if 0x80 <= i < 0xC0 else 0 for i in range(256))


class Encoded:
    """A text with its UTF-8 bytes, for RE2, and a byte-to-character offset map."""

    __slots__ = ("_cache_byte", "_cache_char", "_marks", "ascii", "data", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.ascii = text.isascii()
        self.data = text.encode("utf-8", "surrogatepass")
        self._marks = b"" if self.ascii else self.data.translate(_CONTINUATION)
        self._cache_byte = 0
        self._cache_char = 0

    def char_offset(self, byte_offset: int) -> int:
        if self.ascii:
            return byte_offset
        if byte_offset < self._cache_byte:
            self._cache_byte = self._cache_char = 0
        marks = self._marks.count(1, self._cache_byte, byte_offset)
        char = self._cache_char + (byte_offset - self._cache_byte) - marks
        self._cache_byte, self._cache_char = byte_offset, char
        return char


class Pattern:
    """A pattern compiled by RE2 for UTF-8 bytes."""

    def __init__(self, pattern: str, *, ignore_case: bool = False, max_mem: int = 8 << 20) -> None:
        self.source = pattern
        options = _re2.Options()
        options.case_sensitive = not ignore_case
        # Bounds the DFA cache RE2 keeps per pattern; a pattern whose DFA outgrows it falls
        # back to a much slower matcher, so the big unions get more.
        options.max_mem = max_mem
        self.compiled = _re2.compile(pattern, options)

    def spans(self, encoded: Encoded) -> Iterator[tuple[int, int]]:
        """(start, end) character offsets of every match, left to right."""
        convert = encoded.char_offset
        for match in self.compiled.finditer(encoded.data):
            start, end = match.span()
            yield convert(start), convert(end)


_SHARED: list[Finder] = []


class Finder:
    """``re`` semantics at RE2 speed: RE2 finds where a match may start, ``re`` confirms there.

    ``prefilter`` is an RE2 pattern (no look-around) whose matches start where ``confirm``
    (an ``re`` pattern, look-arounds allowed) would start; ``confirm.match`` at that position
    gives the real match. Without a prefilter, ``confirm.finditer`` runs alone. Matches are non-overlapping, left to right.

    ``shared``: the pattern finds few candidates; it then runs in one combined RE2 pass with
    every other shared pattern (see :class:`SharedScan`) instead of a pass of its own.
    """

    def __init__(
        self,
        confirm: str | re.Pattern[str],
        prefilter: str | None,
        *,
        flags: int = 0,
        shared: bool = False,
        family: str = "",
        exclusive: bool = False,
    ) -> None:
        # compiled on first use: most texts give most finders no candidate (hook start-up)
        self._confirm: re.Pattern[str] | None = confirm if isinstance(confirm, re.Pattern) else None
        self._confirm_source = confirm if isinstance(confirm, str) else confirm.pattern
        self._flags = flags | getattr(confirm, "flags_wanted", 0)  # a LazyRegex keeps its own flags
        self.prefilter: Pattern | None = None
        self.prefilter_source = prefilter
        self.shared = False
        self.family = family  # shared finders of one family may start at the same character
        self.exclusive = exclusive  # once confirmed, no other shape is tried at that position
        if prefilter is not None:
            self.prefilter = Pattern(prefilter, ignore_case=bool(flags & re.IGNORECASE))
            if shared and not flags & re.IGNORECASE:
                self.shared = True
                _SHARED.append(self)

    @property
    def confirm(self) -> re.Pattern[str]:
        """The ``re`` pattern that confirms a candidate (compiled the first time it is needed)."""
        if self._confirm is None:
            self._confirm = re.compile(self._confirm_source, self._flags)
        return self._confirm

    def finditer(self, encoded: Encoded) -> Iterator[re.Match[str]]:
        text = encoded.text
        if self.prefilter is None:
            yield from self.confirm.finditer(text)
            return
        match_at = self.confirm.match
        last_end = 0
        for start, _ in self.prefilter.spans(encoded):
            if start < last_end:
                continue
            match = match_at(text, start)
            if match is not None and match.end() > start:
                last_end = match.end()
                yield match


class SharedScan:
    """One RE2 pass for every shared :class:`Finder`: a union of their prefilters, each in a
    named group, so the text is scanned once for all the rare shapes (cards, IBANs, keys …).

    A candidate is confirmed by the finder whose group matched and offered to the other
    finders of its family (two shapes may start at one position: a MAC address is also
    IPv6-shaped), unless an exclusive finder confirmed it. Prefilters are short, so a candidate's
    span rarely hides the start of another.
    """

    _compiled: tuple[Pattern, list[Finder]] | None = None
    _families: dict[int, list[Finder]] = {}
    _by_index: dict[int, Finder] = {}

    @classmethod
    def _pattern(cls) -> tuple[Pattern, list[Finder]]:
        if cls._compiled is None or len(cls._compiled[1]) != len(_SHARED):
            finders = list(_SHARED)
            union = "|".join(f"(?P<f{i}>{f.prefilter_source})" for i, f in enumerate(finders))
            cls._compiled = (Pattern(union, max_mem=64 << 20), finders)
            raw = cls._compiled[0].compiled
            cls._by_index = {index: finders[int(name[1:])] for name, index in raw.groupindex.items()}
            cls._families = {
                id(f): [f] + [g for g in finders if g is not f and g.family and g.family == f.family]
                for f in finders
            }
        return cls._compiled

    @classmethod
    def run(cls, encoded: Encoded) -> dict[int, list[re.Match[str]]]:
        """Confirmed matches by ``id(finder)``, each list in text order, non-overlapping."""
        pattern, finders = cls._pattern()
        results: dict[int, list[re.Match[str]]] = {id(f): [] for f in finders}
        last_end: dict[int, int] = {}
        text = encoded.text
        convert = encoded.char_offset
        by_index = cls._by_index
        for match in pattern.compiled.finditer(encoded.data):
            # The one alternative that matched is the outermost group closing last.
            first = by_index.get(match.lastindex)
            if first is None:
                continue
            start = convert(match.start())
            for finder in cls._families[id(first)]:
                key = id(finder)
                if start < last_end.get(key, 0):
                    continue
                confirmed = finder.confirm.match(text, start)
                if confirmed is not None and confirmed.end() > start:
                    results[key].append(confirmed)
                    last_end[key] = confirmed.end()
                    if finder.exclusive:
                        break
        return results
