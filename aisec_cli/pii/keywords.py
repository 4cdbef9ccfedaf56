"""One pass over a text for every context word the rules name.

Recognisers ask "is there a passport keyword shortly before this value?" or "which values
sit under a key containing 'dob'?". Answering each with its own case-insensitive regex
over the whole text is slow in Python's ``re`` (a few MB/s); instead every word of every
category is compiled into one pattern, run once per text, and the hits are indexed by
category. The pattern runs in RE2 over the text's UTF-8 bytes (``core.regex``).

Words match whole, where an identifier's parts count as words (the ``name`` of
``first_name`` and of ``customerName``); a ``*`` lets that side run on (``reisepass*``
also matches "Reisepassnummer", ``*name`` also "fullname"). Case-sensitive categories
(street words: "St", "Path", "Via") keep their spelling and their punctuation.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from aisec_cli.core.regex import Alternation, Utf8Text
from aisec_cli.core.lazyre import LazyRegex

_SEPARATORS = LazyRegex(r"[\s_\-.'’/#]+")
_LETTER = "0-9a-zß-öø-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĳĵķĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżž"
_ASCII_WORD = LazyRegex(r"[A-Za-z0-9]")


def canonical(word: str) -> str:
    return _SEPARATORS.sub("", word.lower())


@dataclass(frozen=True, slots=True)
class Keyword:
    category: str
    left: bool  # must start at a word boundary
    right: bool  # must end at a word boundary


def _fragment(word: str) -> str:
    """Regex for a case-insensitive keyword: separators match any run of separators (or none)."""
    out: list[str] = []
    for char in word.lower():
        if char in " _-":
            if not out or out[-1] != r"[\s_\-]*":
                out.append(r"[\s_\-]*")
        elif char in ".'’/#":
            out.append("[.'’/#]?")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _literal(word: str) -> str:
    return re.escape(word)


class _Group:
    """The keywords of one case mode compiled into one RE2 matcher."""

    def __init__(
        self, words: dict[str, tuple[str, bool, bool]], ignore_case: bool, factor: bool = False, alone: bool = False
    ) -> None:
        # words: lookup key -> (fragment, left bounded, right bounded)
        self.ignore_case = ignore_case
        ordered = sorted(words.items(), key=lambda item: len(item[0]), reverse=True)
        # RE2 has no look-behind: a left boundary is \b or an underscore (consumed, and
        # dropped again by the caller). \b is ASCII-only in RE2, so it is only used
        # where the word starts or ends with an ASCII letter or digit.
        # ``factor``: words that share their boundaries are written "head(?:a|b|…)tail" (the
        # boundary once, not once per word: RE2 runs thousands of words so many times faster;
        # words of different buckets then no longer yield to the longer one at one position).
        alternatives = []
        buckets: dict[tuple[str, str], list[str]] = {}
        for _key, (fragment, left, right) in ordered:
            head = r"(?:\b|_)" if left and _ASCII_WORD.match(fragment[:1]) else ""
            tail = r"\b" if right and fragment and _ASCII_WORD.fullmatch(fragment[-1]) else ""
            if factor:
                buckets.setdefault((head, tail), []).append(fragment)
            else:
                alternatives.append(head + fragment + tail)
        # ``alone``: letters-only words not followed by a blank and a capital (the first word of
        # a run of capitalised words is not reported: the text after it is matched, then cut off)
        follow = r"(?:[^\w \x{a0}]|[ \x{a0}][^A-Z\x{c0}-\x{de}]|\z)" if alone else ""
        for (head, tail), fragments in buckets.items():
            alternatives.append(head + "(?:" + "|".join(fragments) + ")" + tail + follow)
        self.alone = alone
        self.re2 = Alternation(["|".join(alternatives)], "keywords", ignore_case=ignore_case, max_mem=32 << 20)

    def spans(self, text: str, encoded: Utf8Text | None) -> list[tuple[int, int]]:
        out = []
        for _, start, end in self.re2.finditer(encoded or Utf8Text(text)):
            if text[start] == "_":
                start += 1
            if self.alone:
                end = start
                while end < len(text) and text[end].isalpha():
                    end += 1
            out.append((start, end))
        return out


class KeywordTable:
    """Every keyword of every category, compiled into (at most) three matchers.

    ``own_pass``: case-sensitive categories of many plain words (thousands of given names)
    matched by a matcher of their own: mixed into the street words' alternation, whose words
    carry different boundaries, they would make RE2's automaton many times slower. They are
    looked for alone: not where a blank and a capital letter follow ("Gregory" of "Gregory
    Hale" is not reported; runs of capitalised words are judged whole by their recognisers).
    """

    def __init__(
        self,
        categories: Mapping[str, Iterable[str]],
        case_sensitive: Iterable[str] = (),
        not_in_text: Iterable[str] = (),
        own_pass: Iterable[str] = (),
    ) -> None:
        exact = set(case_sensitive)
        own = set(own_pass)
        own_literal: dict[str, tuple[str, bool, bool]] = {}
        skip_in_text = set(not_in_text)
        self.entries: dict[str, list[Keyword]] = {}  # case-insensitive: canonical form -> keywords
        self.exact: dict[str, list[Keyword]] = {}  # case-sensitive: the word as written -> keywords
        folded: dict[str, tuple[str, bool, bool]] = {}
        folded_all: dict[str, tuple[str, bool, bool]] = {}
        literal: dict[str, tuple[str, bool, bool]] = {}
        for category, words in categories.items():
            if category in own and category in exact:
                # thousands of plain words, bounded both sides: one Keyword shared by all
                shared = Keyword(category, True, True)
                for raw in words:
                    word = raw.strip()
                    if word:
                        bucket = self.exact.setdefault(word, [])
                        if shared not in bucket:
                            bucket.append(shared)
                        own_literal.setdefault(word, (re.escape(word), True, True))
                continue
            for raw in words:
                word = raw.strip()
                if not word:
                    continue
                left = not word.startswith("*")
                right = not word.endswith("*")
                word = word.strip("*")
                keyword = Keyword(category, left, right)
                if category in exact:
                    bucket = self.exact.setdefault(word, [])
                    if keyword not in bucket:
                        bucket.append(keyword)
                    (own_literal if category in own else literal).setdefault(word, (_literal(word), left, right))
                    continue
                key = canonical(word)
                if not key:
                    continue
                bucket = self.entries.setdefault(key, [])
                if keyword not in bucket:
                    bucket.append(keyword)
                spec = (_fragment(word), left, right)
                folded_all.setdefault(key, spec)
                if category not in skip_in_text:
                    folded.setdefault(key, spec)
                elif key in folded_all and key not in folded:
                    pass
        # A word that contains an unbounded keyword also carries its categories.
        loose = [(k, kw) for k, kws in self.entries.items() for kw in kws if not kw.left]
        for key, keywords in self.entries.items():
            for other, keyword in loose:
                if other != key and other in key and keyword not in keywords:
                    keywords.append(keyword)
        self._skip = skip_in_text
        # Loosen the engine's boundaries where any keyword of a word is unbounded.
        for table in (folded, folded_all):
            for key, (fragment, _, _) in list(table.items()):
                keywords = self.entries[key]
                table[key] = (fragment, all(k.left for k in keywords), all(k.right for k in keywords))
        own_literal = {word: spec for word, spec in own_literal.items() if word not in literal}  # found once
        self._text_groups = [
            g
            for g in (
                _Group(folded, True) if folded else None,
                _Group(literal, False) if literal else None,
                _Group(own_literal, False, factor=True, alone=True) if own_literal else None,
            )
            if g
        ]
        self._key_group = _Group(folded_all, True) if folded_all else None

    def _collect(
        self, text: str, spans: list[tuple[int, int]], lookup: dict[str, list[Keyword]], fold: bool,
        found: dict[str, list[tuple[int, int]]], skip: set[str],
    ) -> None:
        n = len(text)
        # each spelling looked up once per text (dense text repeats a few keys on every line)
        plans: dict[str, tuple[Keyword, ...]] = {}
        for start, end in spans:
            word = text[start:end]
            keywords = plans.get(word)
            if keywords is None:
                listed = lookup.get(word.lower() if fold else word)
                if listed is None and fold:
                    listed = lookup.get(canonical(word))
                keywords = plans[word] = tuple(k for k in listed or () if k.category not in skip)
            if not keywords:
                continue
            left_ok = start == 0 or not text[start - 1].isalnum() or (text[start].isupper() and text[start - 1].islower())
            right_ok = end >= n or not text[end].isalnum() or (text[end].isupper() and text[end - 1].islower())
            for keyword in keywords:
                if (left_ok or not keyword.left) and (right_ok or not keyword.right):
                    found.setdefault(keyword.category, []).append((start, end))

    def scan(self, text: str, encoded: Utf8Text | None = None) -> dict[str, list[tuple[int, int]]]:
        """Hits by category, each list sorted by position."""
        found: dict[str, list[tuple[int, int]]] = {}
        for group in self._text_groups:
            lookup = self.entries if group.ignore_case else self.exact
            self._collect(text, group.spans(text, encoded), lookup, group.ignore_case, found, self._skip)
        if len(self._text_groups) > 1:
            for hits in found.values():
                hits.sort()
        return found

    @lru_cache(maxsize=4096)  # noqa: B019 - tables live for the process
    def categories_in(self, name: str) -> frozenset[str]:
        """Categories with a hit in a short string (a key or a column header)."""
        return frozenset(category for category, _, _ in self.hits_in(name))

    @lru_cache(maxsize=4096)  # noqa: B019 - tables live for the process
    def hits_in(self, snippet: str) -> tuple[tuple[str, int, int], ...]:
        """(category, start, end) of every hit in a short string, key-only categories
        included (what a recogniser asks of the few characters around one candidate)."""
        if self._key_group is None:
            return ()
        found: dict[str, list[tuple[int, int]]] = {}
        self._collect(snippet, self._key_group.spans(snippet, None), self.entries, True, found, set())
        return tuple(sorted((category, s, e) for category, spans in found.items() for s, e in spans))


class Hits:
    """The keyword hits of one text, queryable by category and position."""

    __slots__ = ("_by", "_starts")

    def __init__(self, by_category: dict[str, list[tuple[int, int]]]) -> None:
        self._by = by_category
        self._starts: dict[str, list[int]] = {}

    def get(self, category: str) -> list[tuple[int, int]]:
        return self._by.get(category, [])

    def _starts_of(self, category: str) -> list[int]:
        starts = self._starts.get(category)
        if starts is None:
            starts = [s for s, _ in self._by.get(category, [])]
            self._starts[category] = starts
        return starts

    def last_before(self, category: str, pos: int, window: int) -> tuple[int, int] | None:
        """The last hit that ends at or before ``pos`` and starts within ``window`` of it."""
        hits = self._by.get(category)
        if not hits:
            return None
        index = bisect_right(self._starts_of(category), pos) - 1
        while index >= 0:
            start, end = hits[index]
            if start < pos - window:
                return None
            if end <= pos:
                return start, end
            index -= 1
        return None

    def between(self, category: str, lo: int, hi: int) -> list[tuple[int, int]]:
        hits = self._by.get(category)
        if not hits:
            return []
        starts = self._starts_of(category)
        return hits[bisect_left(starts, lo) : bisect_left(starts, hi)]
