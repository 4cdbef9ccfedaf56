"""THE pattern matcher: RE2 (linear time) for every pattern, and many patterns in one pass.

Every engine matches through this module; none compiles its own multi-pattern matcher or
touches a private API of ``re`` or of the RE2 binding (google-re2 is a required dependency).

- :func:`check_re2_subset`, :func:`compile_pattern`, :func:`compile_rule_pattern`: one pattern,
  checked for the RE2 subset with a readable reason, compiled with RE2 (user patterns can
  never backtrack catastrophically).
- :class:`PatternSet`: *which* of many patterns occur in a text, in one linear pass (RE2 ``Set``;
  no match objects, overlapping occurrences all seen).
- :class:`Keywords`: the literal keyword prefilter built on it (which words occur, optionally
  as whole words): run an expensive pattern only where one of its keywords is present.
- :class:`Alternation`: many patterns as one alternation, scanned left to right once; every
  match says which pattern matched and where its named group (``secret``, …) lies.
- :func:`re2_safe`: a text RE2 can take (lone surrogates from ``surrogateescape`` replaced,
  offsets unchanged).

The API is stable: secrets, PII, prompts and the checklist build their matchers from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import re2 as _re2

from aisec_cli.core.errors import ConfigError
from aisec_cli.core.lazyre import LazyRegex

_MAX_MEM = 64 << 20
_SURROGATE = LazyRegex("[\ud800-\udfff]")
_GROUP_NAME = LazyRegex(r"\(\?P<(\w+)>")


def _options(ignore_case: bool = False) -> Any:
    """RE2 options shared by every compiled pattern and set (memory cap, quiet errors)."""
    options = _re2.Options()
    options.max_mem = _MAX_MEM
    options.case_sensitive = not ignore_case
    options.log_errors = False  # the reason goes into the one error line, not to stderr
    return options


def _reason(exc: BaseException) -> str:
    detail = exc.args[0] if exc.args else exc
    if isinstance(detail, bytes):
        detail = detail.decode("utf-8", "replace")
    return " ".join(str(detail).split()) or type(exc).__name__


def re2_safe(text: str) -> str:
    """Lone surrogates (bytes kept by ``surrogateescape``) cannot go through RE2; one
    replacement character each keeps every offset where it was."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


_FORBIDDEN = (
    (LazyRegex(r"\(\?<?[=!]"), "look-around"),
    (LazyRegex(r"\\[1-9]"), "backreference"),
    (LazyRegex(r"\(\?P=\w+\)"), "backreference"),
    (LazyRegex(r"\(\?>"), "atomic group"),
    (LazyRegex(r"[*+?}]\+"), "possessive quantifier"),
)


def check_re2_subset(pattern: str, origin: str) -> None:
    """Refuse constructs outside the RE2 subset, with a message naming the rule."""
    for probe, what in _FORBIDDEN:
        if probe.search(pattern):
            raise ConfigError(f"{origin}: pattern uses {what}, which is not allowed (RE2 subset)")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"{origin}: invalid regular expression: {exc}") from None
    for match in _REPEAT.finditer(pattern):
        if max(int(n) for n in match.groups() if n) > 1000:
            raise ConfigError(f"{origin}: repetition count over 1000 (RE2 limit)")
    if _nested_quantifier(pattern):
        raise ConfigError(
            f"{origin}: pattern nests unbounded quantifiers (catastrophic backtracking)"
        )


_REPEAT = LazyRegex(r"(?<!\\)\{(\d+)(?:,(\d*))?\}")
_NESTED = LazyRegex(r"\((?:[^()\\]|\\.)*[*+](?:[^()\\]|\\.)*\)[*+{]")


def _nested_quantifier(pattern: str) -> bool:
    """True for shapes like ``(a+)+`` or ``(\\w*x)*`` that backtrack exponentially in ``re``."""
    return bool(_NESTED.search(pattern))


def compile_pattern(
    pattern: str | bytes, origin: str = "pattern", *, ignore_case: bool = False, check_subset: bool = True
) -> Any:
    """Compile with RE2 (linear time), never with a backtracking engine.

    A pattern RE2 cannot compile is refused with a :class:`ConfigError` naming ``origin``
    and RE2's reason: rules from users' files can never fall back to ``re`` (ReDoS).
    ``check_subset=False`` skips the readable pre-check (bundled patterns, already reviewed).
    """
    if check_subset:
        check_re2_subset(pattern if isinstance(pattern, str) else pattern.decode("utf-8", "replace"), origin)
    try:
        return _re2.compile(pattern, options=_options(ignore_case))
    except Exception as exc:  # noqa: BLE001 - re2.error, or TypeError for odd input
        raise ConfigError(f"{origin}: RE2 cannot compile the pattern ({_reason(exc)})") from None


def compile_rule_pattern(pattern: str, origin: str, user_supplied: bool, *, ignore_case: bool = False) -> Any:
    """A pattern of a rule: RE2 when it comes from a user's rule file, else ``re``.

    Bundled patterns keep ``re`` semantics (Unicode classes) where an engine wants them;
    they are reviewed, tested and in the RE2 subset.
    """
    if user_supplied:
        return compile_pattern(pattern, origin, ignore_case=ignore_case)
    # bundled: in the RE2 subset, checked by tests/core/test_bundled_rules_valid.py, not at every start
    return LazyRegex(pattern, re.IGNORECASE if ignore_case else 0)


class PatternSet:
    """Which of many patterns occur anywhere in a text, in one linear pass (RE2's ``Set``).

    No match objects are built, so a word that occurs thousands of times costs nothing more
    than one that occurs once; overlapping occurrences are all seen. ``text`` may be ``str``
    (without lone surrogates: see :func:`re2_safe`) or UTF-8 ``bytes``.
    """

    def __init__(self, patterns: Iterable[str], origin: str, *, ignore_case: bool = False) -> None:
        self.patterns: tuple[str, ...] = tuple(patterns)
        self._set = _re2.Set.SearchSet(_options(ignore_case))
        for pattern in self.patterns:
            try:
                self._set.Add(pattern)
            except Exception as exc:  # noqa: BLE001 - RE2 refuses a pattern: say which
                raise ConfigError(f"{origin}: pattern {pattern!r} is not supported: {_reason(exc)}") from None
        if self.patterns:
            self._set.Compile()

    def __len__(self) -> int:
        return len(self.patterns)

    def present(self, text: str | bytes) -> list[int]:
        """Indexes of the patterns that match somewhere in ``text``, ascending."""
        if not self.patterns:
            return []
        return sorted(self._set.Match(text) or ())


class Keywords:
    """The keyword prefilter: which of many literal words occur in a text, in one pass.

    ``whole_words`` counts a word only between non-alphanumeric characters (or the text's
    ends); ``ignore_case`` folds case in RE2 (callers that already hold a lower-cased text
    pass it and keep the default).
    """

    def __init__(
        self, words: Iterable[str], origin: str = "keywords", *, whole_words: bool = False, ignore_case: bool = False
    ) -> None:
        # longest first, so reports list the most specific word first; order is otherwise free
        self.words: tuple[str, ...] = tuple(sorted(set(words), key=lambda w: (-len(w), w)))
        if whole_words:
            patterns = [rf"(?:^|[^A-Za-z0-9]){re.escape(w)}(?:[^A-Za-z0-9]|$)" for w in self.words]
        else:
            patterns = [re.escape(w) for w in self.words]
        self._set = PatternSet(patterns, origin, ignore_case=ignore_case)
        self._origin, self._ignore_case, self._whole_words = origin, ignore_case, whole_words
        self._finder: Any = None  # the words as one alternation, built by the first occurrences()

    def __len__(self) -> int:
        return len(self.words)

    def present(self, text: str | bytes) -> set[str]:
        """The words that occur in ``text`` (overlapping ones included: ``openai`` in ``azure_openai``)."""
        return {self.words[i] for i in self._set.present(text)}

    def any_in(self, text: str | bytes) -> bool:
        """True when at least one word occurs in ``text``."""
        return bool(self._set.present(text))

    def occurrences(self, text: str | bytes) -> Iterator[tuple[int, str]]:
        """(offset, word) for every position where a word starts, left to right: the longest
        word starting there (``openai`` at 0 and ``ai`` at 4 of ``openai``, both seen).

        Offsets count characters of a ``str`` and bytes of UTF-8 ``bytes``. One RE2 pass over
        the bytes, restarted one position after each start. Not for ``whole_words`` sets.
        """
        if self._whole_words:
            raise ValueError(f"{self._origin}: occurrences() of whole words is not supported")
        if not self.words:
            return
        if self._finder is None:
            pattern = "|".join(re.escape(w) for w in self.words).encode("utf-8")  # longest first
            self._finder = (
                compile_pattern(pattern, self._origin, ignore_case=self._ignore_case, check_subset=False),
                {w.encode("utf-8"): w for w in self.words},
                {w.casefold(): w for w in reversed(self.words)} if self._ignore_case else {},
            )
        finder, exact, folded = self._finder
        if isinstance(text, bytes):
            data, chars = text, None
        elif text.isascii():
            data, chars = text.encode("ascii"), None
        else:
            data = re2_safe(text).encode("utf-8")
            chars = _CharOffsets(data)
        search = finder.search
        pos, size = 0, len(data)
        while pos < size:
            match = search(data, pos)
            if match is None:
                return
            start = match.start()
            found = bytes(match.group(0))
            word = exact.get(found) or folded[found.decode("utf-8", "replace").casefold()]
            yield (start if chars is None else chars.at(start)), word
            pos = start + 1


class _CharOffsets:
    """Character offsets of increasing byte offsets (at character starts) in UTF-8 ``data``."""

    __slots__ = ("_byte", "_char", "_data")

    def __init__(self, data: bytes) -> None:
        self._data, self._byte, self._char = data, 0, 0

    def at(self, offset: int) -> int:
        self._char += len(self._data[self._byte : offset].decode("utf-8", "replace"))
        self._byte = offset
        return self._char


class Alternation:
    """Many patterns joined into one alternation and scanned once, left to right.

    Each pattern keeps its own named groups: :meth:`spans` re-runs the one pattern that
    matched on the matched slice (cheap: a slice, not the whole text) to read a named group.
    Patterns are bundled and reviewed (RE2 subset); ``check_subset=True`` checks them too.
    """

    def __init__(
        self, patterns: Sequence[str], origin: str, *, ignore_case: bool = False, check_subset: bool = False
    ) -> None:
        self.patterns: tuple[str, ...] = tuple(patterns)
        self._origin = origin
        self._ignore_case = ignore_case
        self._single: dict[int, Any] = {}  # compiled on first use: few patterns ever match
        parts: list[str] = []
        for index, pattern in enumerate(self.patterns):
            if check_subset:
                check_re2_subset(pattern, f"{origin} #{index}")
            # Each alternative and its named groups get names unique to it, so one compile
            # says where every alternative's groups are (no compile of each pattern alone).
            body = _GROUP_NAME.sub(rf"(?P<_a{index}_\1>", pattern)
            parts.append(f"(?P<_a{index}>{body})")
        joined = "|".join(parts)
        self._regex = compile_pattern(joined, origin, ignore_case=ignore_case, check_subset=False) if parts else None
        where = dict(self._regex.groupindex) if self._regex is not None else {}
        # the group that opens each alternative, and each pattern's named groups as numbered
        # in that pattern alone
        self._starts: list[int] = [where[f"_a{index}"] for index in range(len(self.patterns))]
        self._names: list[dict[str, int]] = [{} for _ in self.patterns]
        for name, number in where.items():
            head, _, rest = name.partition("_")[2].partition("_")
            if rest:
                index = int(head[1:])
                self._names[index][rest] = number - self._starts[index]

    def __len__(self) -> int:
        return len(self.patterns)

    def finditer(self, text: str) -> Iterator[tuple[int, int, int]]:
        """(pattern index, start, end) of every match, left to right, non-overlapping."""
        if self._regex is None:
            return
        for match in self._regex.finditer(text):
            yield self._which(match), match.start(), match.end()

    def spans(self, text: str, group: str) -> Iterator[tuple[int, int, int]]:
        """(pattern index, start, end) of the named ``group`` of every match (the whole match
        for a pattern without that group)."""
        for index, start, end in self.finditer(text):
            number = self._names[index].get(group)
            if number is None:
                yield index, start, end
                continue
            single = self._pattern(index).search(text[start:end])
            if single is None or single.start(number) < 0:
                continue
            yield index, start + single.start(number), start + single.end(number)

    def _pattern(self, index: int) -> Any:
        """The ``index``-th pattern compiled alone (built the first time it matched)."""
        single = self._single.get(index)
        if single is None:
            where = f"{self._origin} #{index}"
            single = self._single[index] = compile_pattern(
                self.patterns[index], where, ignore_case=self._ignore_case, check_subset=False
            )
        return single

    def _which(self, match: Any) -> int:
        """Index of the alternative that matched (the first group of it that participated)."""
        starts = self._starts
        lastindex = getattr(match, "lastindex", None)
        if lastindex is not None:
            # lastindex is the last *closed* group; find the alternative that owns it.
            lo, hi = 0, len(starts) - 1
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if starts[mid] <= lastindex:
                    lo = mid
                else:
                    hi = mid - 1
            if match.group(starts[lo]) is not None:
                return lo
        for index, number in enumerate(starts):
            if match.group(number) is not None:
                return index
        raise LookupError("no alternative matched")
