"""THE pattern matcher: RE2 (linear time) for every pattern, and many patterns in one pass.

Every engine matches through this module; none compiles its own multi-pattern matcher or
touches a private API of ``re`` or of the RE2 binding (google-re2 is a required dependency).
One helper here does, :func:`_spans`: it reads match spans from the binding's compiled
matcher without a match object each (the public ``finditer`` when that matcher is absent).

- :func:`check_re2_subset`, :func:`compile_pattern`, :func:`compile_rule_pattern`: one pattern,
  checked for the RE2 subset with a readable reason, compiled with RE2 (user patterns can
  never backtrack catastrophically).
- :class:`PatternSet`: *which* of many patterns occur in a text, in one linear pass (RE2 ``Set``;
  no match objects, overlapping occurrences all seen).
- :class:`Keywords`: the literal keyword prefilter built on it (which words occur, optionally
  as whole words): run an expensive pattern only where one of its keywords is present.
- :class:`Alternation`: many patterns as one alternation, scanned left to right once; every
  match says which pattern matched and where its named group (``secret``, …) lies.
- :class:`Utf8Text`: a text with its UTF-8 bytes. RE2's binding is fast on ``bytes`` but
  converts offsets per match on ``str``, so a text scanned many times is encoded once;
  :class:`Alternation` and :class:`PatternSet` take one and report *character* offsets.
- :class:`Finder`: ``re`` semantics (look-around) at RE2 speed: an RE2 prefilter says where a
  match may start, an ``re`` pattern confirms there. :class:`SharedScan` runs the prefilters
  of many rare finders as one alternation, in one pass.
- :func:`re2_safe`: a text RE2 can take (lone surrogates from ``surrogateescape`` replaced,
  offsets unchanged).
- :func:`re_syntax`: a pattern written for RE2 (``\\x{a0}``) translated for ``re``.

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
_UNION_MAX_MEM = 256 << 20  # the shared pass's union (SharedScan)
_SURROGATE = LazyRegex("[\ud800-\udfff]")
_GROUP_NAME = LazyRegex(r"\(\?P<(\w+)>")


def _options(ignore_case: bool = False, max_mem: int = _MAX_MEM) -> Any:
    """RE2 options shared by every compiled pattern and set (memory cap, quiet errors).

    ``max_mem`` bounds the DFA cache RE2 keeps per pattern: a pattern whose DFA outgrows it
    falls back to a much slower matcher, so big unions get more than single patterns.
    """
    options = _re2.Options()
    options.max_mem = max_mem
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


# one escape (RE2's \x{hh}, a Unicode class, or any other), through re's cache: compiled on first use
_ESCAPE = r"(?s)\\(?:x\{([0-9A-Fa-f]{1,6})\}|[pP](?:\{\^?\w+\}|[A-Za-z])|.)"


def re_syntax(pattern: str) -> str:
    """``pattern`` written for RE2, readable by ``re``: ``\\x{hhhh}`` becomes ``\\uhhhh``
    (or ``\\Uhhhhhhhh``). Unicode classes (``\\p{Lu}``) have no ``re`` form and stay."""
    if "\\x{" not in pattern:
        return pattern

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code is None:
            return match.group(0)
        value = int(code, 16)
        return f"\\u{value:04x}" if value <= 0xFFFF else f"\\U{value:08x}"

    return re.sub(_ESCAPE, one, pattern)


def _syntax_probe(pattern: str) -> str:
    """``pattern`` with RE2-only escapes replaced by ``re`` ones of the same shape, to let
    ``re`` check the syntax and say what is wrong (the pattern itself is compiled by RE2)."""

    def one(match: re.Match[str]) -> str:
        whole = match.group(0)
        if match.group(1) is not None:
            return re_syntax(whole)
        return r"\w" if whole[1] in "pP" and len(whole) > 2 else whole

    return re.sub(_ESCAPE, one, pattern) if "\\" in pattern else pattern


_FORBIDDEN = (
    (LazyRegex(r"\(\?<?[=!]"), "look-around"),
    (LazyRegex(r"\\[1-9]"), "backreference"),
    (LazyRegex(r"\(\?P=\w+\)"), "backreference"),
    (LazyRegex(r"\(\?>"), "atomic group"),
    (LazyRegex(r"[*+?}]\+"), "possessive quantifier"),
)


def check_re2_subset(pattern: str, origin: str) -> None:
    """Refuse constructs outside the RE2 subset, with a message naming the rule.

    RE2's own escapes (``\\x{a0}``, ``\\p{Lu}``) are accepted: they are checked in an ``re``
    form of the same shape.
    """
    shape = _syntax_probe(pattern)
    for probe, what in _FORBIDDEN:
        if probe.search(shape):
            raise ConfigError(f"{origin}: pattern uses {what}, which is not allowed (RE2 subset)")
    try:
        re.compile(shape)
    except re.error as exc:
        raise ConfigError(f"{origin}: invalid regular expression: {exc}") from None
    for match in _REPEAT.finditer(shape):
        if max(int(n) for n in match.groups() if n) > 1000:
            raise ConfigError(f"{origin}: repetition count over 1000 (RE2 limit)")
    if _nested_quantifier(shape):
        raise ConfigError(
            f"{origin}: pattern nests unbounded quantifiers (catastrophic backtracking)"
        )


_REPEAT = LazyRegex(r"(?<!\\)\{(\d+)(?:,(\d*))?\}")
_NESTED = LazyRegex(r"\((?:[^()\\]|\\.)*[*+](?:[^()\\]|\\.)*\)[*+{]")


def _nested_quantifier(pattern: str) -> bool:
    """True for shapes like ``(a+)+`` or ``(\\w*x)*`` that backtrack exponentially in ``re``."""
    return bool(_NESTED.search(pattern))


def compile_pattern(
    pattern: str | bytes,
    origin: str = "pattern",
    *,
    ignore_case: bool = False,
    check_subset: bool = True,
    max_mem: int = _MAX_MEM,
) -> Any:
    """Compile with RE2 (linear time), never with a backtracking engine.

    A pattern RE2 cannot compile is refused with a :class:`ConfigError` naming ``origin``
    and RE2's reason: rules from users' files can never fall back to ``re`` (ReDoS).
    ``check_subset=False`` skips the readable pre-check (bundled patterns, already reviewed).
    """
    if check_subset:
        check_re2_subset(pattern if isinstance(pattern, str) else pattern.decode("utf-8", "replace"), origin)
    try:
        return _re2.compile(pattern, options=_options(ignore_case, max_mem))
    except Exception as exc:  # noqa: BLE001 - re2.error, or TypeError for odd input
        raise ConfigError(f"{origin}: RE2 cannot compile the pattern ({_reason(exc)})") from None


def compile_rule_pattern(pattern: str, origin: str, user_supplied: bool, *, ignore_case: bool = False) -> Any:
    """A pattern of a rule: RE2 when it comes from a user's rule file, else ``re``.

    Bundled patterns keep ``re`` semantics (Unicode classes) where an engine wants them;
    they are reviewed, tested and in the RE2 subset (RE2's ``\\x{hh}`` escapes are
    translated for ``re``: :func:`re_syntax`).
    """
    if user_supplied:
        return compile_pattern(pattern, origin, ignore_case=ignore_case)
    # bundled: in the RE2 subset, checked by tests/core/test_bundled_rules_valid.py, not at every start
    return LazyRegex(re_syntax(pattern), re.IGNORECASE if ignore_case else 0)


class PatternSet:
    """Which of many patterns occur anywhere in a text, in one linear pass (RE2's ``Set``).

    No match objects are built, so a word that occurs thousands of times costs nothing more
    than one that occurs once; overlapping occurrences are all seen. ``text`` may be ``str``
    (without lone surrogates: see :func:`re2_safe`), UTF-8 ``bytes`` or a :class:`Utf8Text`.
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

    def present(self, text: str | bytes | Utf8Text) -> list[int]:
        """Indexes of the patterns that match somewhere in ``text``, ascending."""
        if not self.patterns:
            return []
        return sorted(self._set.Match(text.data if isinstance(text, Utf8Text) else text) or ())


class PatternFilter:
    """Which of many patterns match a text, by their required words first (RE2's ``FilteredRE2``).

    Each pattern's literal atoms (words it cannot match without) are found in one pass of a
    literal set; only the patterns whose atoms are there are run, each with its own small
    DFA. Same answer as :class:`PatternSet`, but a text pays for the few patterns its words
    call up instead of for the states of one big DFA, which every process builds anew (on
    the injection rules: about half the CPU of the set passes in a fresh worker). Patterns
    without atoms (``\\w+\\s+you``) are run on every text.
    """

    def __init__(self, patterns: Iterable[str], origin: str, *, ignore_case: bool = False) -> None:
        self.patterns: tuple[str, ...] = tuple(patterns)
        self._filter = _re2.Filter() if self.patterns else None
        options = _options(ignore_case)
        for pattern in self.patterns:
            try:
                self._filter.Add(pattern, options)  # type: ignore[union-attr]
            except Exception as exc:  # noqa: BLE001 - RE2 refuses a pattern: say which
                raise ConfigError(f"{origin}: pattern {pattern!r} is not supported: {_reason(exc)}") from None
        if self._filter is not None:
            try:
                self._filter.Compile()
            except Exception as exc:  # noqa: BLE001
                raise ConfigError(f"{origin}: the patterns cannot be compiled together: {_reason(exc)}") from None

    def __len__(self) -> int:
        return len(self.patterns)

    def present(self, text: bytes) -> list[int]:
        """Indexes of the patterns that match somewhere in ``text`` (UTF-8 bytes), ascending."""
        if self._filter is None:
            return []
        return self._filter.Match(text, False) or []


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

    def occurrences(self, text: str | bytes | Utf8Text) -> Iterator[tuple[int, str]]:
        """(offset, word) for every position where a word starts, left to right: the longest
        word starting there (``openai`` at 0 and ``ai`` at 4 of ``openai``, both seen).

        Offsets count characters of a ``str`` (or :class:`Utf8Text`) and bytes of UTF-8
        ``bytes``. One RE2 pass over the bytes, restarted one position after each start. Not
        for ``whole_words`` sets.
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
        chars: Utf8Text | None = None
        if isinstance(text, bytes):
            data = text
        else:
            chars = text if isinstance(text, Utf8Text) else Utf8Text(text)
            data = chars.data
        search = finder.search
        pos, size = 0, len(data)
        while pos < size:
            match = search(data, pos)
            if match is None:
                return
            start = match.start()
            found = bytes(match.group(0))
            word = exact.get(found) or folded[found.decode("utf-8", "replace").casefold()]
            yield (start if chars is None else chars.char_offset(start)), word
            pos = start + 1


def _spans(regex: Any, data: bytes) -> Iterator[tuple[int, int]]:
    """(start, end) of every match of the compiled RE2 ``regex`` in ``data``, what its
    ``finditer`` gives, without a match object per match (dense text has tens of thousands).

    The binding's matcher is called directly where it has one (the one place that reaches past
    its public API: the wrapper builds a match object and decodes every group's span per
    match); the same loop as its ``finditer`` over bytes, so the same matches.
    """
    raw = getattr(regex, "_regexp", None)
    matcher = getattr(raw, "Match", None)
    if matcher is None or _UNANCHORED is None or not isinstance(data, bytes):
        for match in regex.finditer(data):
            yield match.span()
        return
    pos, end = 0, len(data)
    while True:
        span = matcher(_UNANCHORED, data, pos, end)[0]
        if span[0] == -1:
            return
        yield span
        if pos == end:
            return
        pos = pos + 1 if pos == span[1] else span[1]


_UNANCHORED = getattr(getattr(getattr(getattr(_re2, "_re2", None), "RE2", None), "Anchor", None), "UNANCHORED", None)


class Utf8Text:
    """A text with its UTF-8 bytes, for RE2, and a byte-to-character offset map.

    Lone surrogates (``surrogateescape``) are encoded as they are ("surrogatepass"): RE2
    reads each as one character, as ``re`` does, so every offset stays one of ``text``.
    """

    __slots__ = ("_cache_byte", "_cache_char", "_marks", "ascii", "data", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.ascii = text.isascii()
        self.data = text.encode("utf-8", "surrogatepass")
        self._marks = b"" if self.ascii else self.data.translate(_CONTINUATION)
        self._cache_byte = 0
        self._cache_char = 0

    def char_offset(self, byte_offset: int) -> int:
        """The character offset of ``byte_offset`` (fast for offsets asked in ascending order)."""
        if self.ascii:
            return byte_offset
        if byte_offset < self._cache_byte:
            self._cache_byte = self._cache_char = 0
        marks = self._marks.count(1, self._cache_byte, byte_offset)
        char = self._cache_char + (byte_offset - self._cache_byte) - marks
        self._cache_byte, self._cache_char = byte_offset, char
        return char


# From this many characters on, a ``str`` is scanned as UTF-8 bytes: the RE2 binding's own
# handling of a ``str`` costs two to three times the scan on a text of a megabyte.
_ENCODE_FROM = 4096


def _encoded(text: str | Utf8Text) -> str | Utf8Text:
    """``text`` as a :class:`Utf8Text` when it is a long ``str`` (offsets stay characters)."""
    if isinstance(text, str) and len(text) >= _ENCODE_FROM:
        return Utf8Text(text)
    return text


# 1 for a UTF-8 continuation byte (it starts no character), else 0
_CONTINUATION = bytes(1 if 0x80 <= i < 0xC0 else 0 for i in range(256))


class Alternation:
    """Many patterns joined into one alternation and scanned once, left to right.

    Each pattern keeps its own named groups: :meth:`spans` re-runs the one pattern that
    matched on the matched slice (cheap: a slice, not the whole text) to read a named group.
    Patterns are bundled and reviewed (RE2 subset, RE2 syntax); ``check_subset=True`` checks
    them too. One pattern alone is compiled as it is (no group added around it).

    The text is a ``str`` or, for a text scanned many times, a :class:`Utf8Text` (RE2 runs
    over its bytes); offsets are character offsets either way.
    """

    def __init__(
        self,
        patterns: Sequence[str],
        origin: str,
        *,
        ignore_case: bool = False,
        check_subset: bool = False,
        max_mem: int = _MAX_MEM,
    ) -> None:
        self.patterns: tuple[str, ...] = tuple(patterns)
        self._origin = origin
        self._ignore_case = ignore_case
        self._max_mem = max_mem
        self._single: dict[int, Any] = {}  # compiled on first use: few patterns ever match
        self._alone = len(self.patterns) == 1
        parts: list[str] = []
        for index, pattern in enumerate(self.patterns):
            if check_subset:
                check_re2_subset(pattern, f"{origin} #{index}")
            # Each alternative and its named groups get names unique to it, so one compile
            # says where every alternative's groups are (no compile of each pattern alone).
            body = _GROUP_NAME.sub(rf"(?P<_a{index}_\1>", pattern) if "(?P<" in pattern else pattern
            parts.append(f"(?P<_a{index}>{body})")
        joined = self.patterns[0] if self._alone else "|".join(parts)
        self._regex = (
            compile_pattern(joined, origin, ignore_case=ignore_case, check_subset=False, max_mem=max_mem)
            if parts
            else None
        )
        if self._alone:
            self._single[0] = self._regex
        where = dict(self._regex.groupindex) if self._regex is not None else {}
        # the group that opens each alternative, and each pattern's named groups as numbered
        # in that pattern alone
        self._starts: list[int] = [0] if self._alone else [where[f"_a{index}"] for index in range(len(self.patterns))]
        self._owner: dict[int, int] = {number: index for index, number in enumerate(self._starts)}
        self._names: list[dict[str, int]] = [dict(where)] if self._alone else [{} for _ in self.patterns]
        self._naming: tuple[Any, Any, frozenset[int]] | None | bool = None  # built by the first starts()
        if self._alone:
            return
        for name, number in where.items():
            head, _, rest = name.partition("_")[2].partition("_")
            if rest:
                index = int(head[1:])
                self._names[index][rest] = number - self._starts[index]

    def __len__(self) -> int:
        return len(self.patterns)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without what :meth:`starts` built (an RE2 set does not pickle): rebuilt on use."""
        state = dict(self.__dict__)
        state["_naming"] = None
        return state

    def finditer(self, text: str | Utf8Text) -> Iterator[tuple[int, int, int]]:
        """(pattern index, start, end) of every match, left to right, non-overlapping."""
        if self._regex is None:
            return
        text = _encoded(text)
        if not isinstance(text, Utf8Text):
            for match in self._regex.finditer(text):
                yield self._which(match), match.start(), match.end()
            return
        convert = text.char_offset
        if self._alone:
            if text.ascii:
                for start, end in _spans(self._regex, text.data):
                    yield 0, start, end
                return
            for start, end in _spans(self._regex, text.data):
                yield 0, convert(start), convert(end)
            return
        for match in self._regex.finditer(text.data):
            start, end = match.span()
            yield self._which(match), convert(start), convert(end)

    def starts(self, text: Utf8Text) -> Iterator[tuple[int, int]]:
        """(pattern index, start) of every match: what a prefilter needs, at the least cost."""
        if self._regex is None:
            return
        convert = text.char_offset
        if self._alone:
            if text.ascii:
                for start, _ in _spans(self._regex, text.data):
                    yield 0, start
                return
            for start, _ in _spans(self._regex, text.data):
                yield 0, convert(start)
            return
        naming = self._namer()
        data = text.data
        if naming is None:
            owner = self._owner
            for match in self._regex.finditer(data):
                index = owner.get(match.lastindex)
                yield (self._which(match) if index is None else index), convert(match.start())
            return
        plain, choices, anchored = naming
        which = choices.Match
        for start, end in _spans(plain, data):
            found = which(data[start:end])
            if found is not None and len(found) == 1:
                yield found[0], convert(start)
            else:
                yield self._name(found, anchored, data, start), convert(start)

    def _namer(self) -> tuple[Any, Any, frozenset[int]] | None:
        """What :meth:`starts` needs to scan without submatches (RE2 reports every group of
        every match, so a union of many patterns costs several times a plain scan per match)
        and name the alternative afterwards: the union without groups, an RE2 set that
        full-matches each pattern with its anchors (``^ $ \\b \\B \\A \\z``) dropped, and the
        patterns that had anchors. ``None`` when RE2 refuses either (the grouped scan is used)."""
        if self._naming is None:
            self._naming = False
            if any("\\Q" in p for p in self.patterns):
                return None  # quoted literals are not read by _without_anchors
            try:
                bodies = [_GROUP_NAME.sub("(?:", p) if "(?P<" in p else p for p in self.patterns]
                plain = compile_pattern(
                    "|".join(f"(?:{b})" for b in bodies),
                    self._origin,
                    ignore_case=self._ignore_case,
                    check_subset=False,
                    max_mem=self._max_mem,
                )
                choices = _re2.Set.FullMatchSet(_options(self._ignore_case, self._max_mem))
                anchored: set[int] = set()
                for index, body in enumerate(bodies):
                    loose, had = _without_anchors(body)
                    if had:
                        anchored.add(index)
                    choices.Add(loose)
                choices.Compile()
            except Exception:  # noqa: BLE001 - ConfigError or re2.error: keep the grouped scan
                return None
            self._naming = (plain, choices, frozenset(anchored))
        return self._naming or None

    def _name(self, found: list[int] | None, anchored: frozenset[int], data: bytes, start: int) -> int:
        """The alternative a leftmost-first union picks at ``start``: the lowest-numbered one
        matching there. The set (anchors dropped, so a superset of the patterns matching the
        span in context) holds it; below it, only a pattern with anchors can be in the set
        without matching in context, so such a one is tried in context (any end will do)."""
        for index in sorted(found or ()):
            if index not in anchored or self._pattern(index).match(data, start) is not None:
                return index
        return self._which(self._regex.match(data, start))  # not reached: the set holds the pattern

    def spans(self, text: str | Utf8Text, group: str) -> Iterator[tuple[int, int, int]]:
        """(pattern index, start, end) of the named ``group`` of every match (the whole match
        for a pattern without that group)."""
        if self._regex is None:
            return
        text = _encoded(text)
        encoded = text if isinstance(text, Utf8Text) else None
        subject = encoded.data if encoded is not None else text
        for match in self._regex.finditer(subject):
            index = self._which(match)
            start, end = match.span()
            number = self._names[index].get(group)
            if number is not None:
                if self._alone:
                    single, offset = match, 0
                else:
                    single, offset = self._pattern(index).search(subject[start:end]), start
                if single is None or single.start(number) < 0:
                    continue
                start, end = offset + single.start(number), offset + single.end(number)
            if encoded is not None:
                start, end = encoded.char_offset(start), encoded.char_offset(end)
            yield index, start, end

    def _pattern(self, index: int) -> Any:
        """The ``index``-th pattern compiled alone (built the first time it matched)."""
        single = self._single.get(index)
        if single is None:
            where = f"{self._origin} #{index}"
            single = self._single[index] = compile_pattern(
                self.patterns[index], where, ignore_case=self._ignore_case, check_subset=False, max_mem=self._max_mem
            )
        return single

    def _which(self, match: Any) -> int:
        """Index of the alternative that matched (the first group of it that participated)."""
        if self._alone:
            return 0
        lastindex = match.lastindex
        # the group closing last is, among those ending last, the outermost: usually the
        # alternative's own group
        owner = self._owner.get(lastindex)
        if owner is not None:
            return owner
        starts = self._starts
        if lastindex is not None:
            # lastindex is the last *closed* group; find the alternative that owns it.
            lo, hi = 0, len(starts) - 1
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if starts[mid] <= lastindex:
                    lo = mid
                else:
                    hi = mid - 1
            if match.start(starts[lo]) >= 0:
                return lo
        for index, number in enumerate(starts):
            if match.start(number) >= 0:
                return index
        raise LookupError("no alternative matched")


def _without_anchors(pattern: str) -> tuple[str, bool]:
    """``pattern`` with its anchors (``^ $ \\b \\B \\A \\z`` outside classes) removed, so it
    matches a superset of what it matched, whatever surrounds the text; and whether it had any."""
    out: list[str] = []
    had = False
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "\\" and i + 1 < n:
            if pattern[i + 1] in "bBAz":
                had = True
            else:
                out.append(pattern[i : i + 2])
            i += 2
        elif char in "^$":
            had = True
            i += 1
        elif char == "[":
            close = i + 1
            if close < n and pattern[close] == "^":
                close += 1
            if close < n and pattern[close] == "]":
                close += 1
            while close < n and pattern[close] != "]":
                if pattern[close] == "\\":
                    close += 1
                elif pattern.startswith("[:", close):
                    end = pattern.find(":]", close + 2)
                    close = end + 1 if end != -1 else close
                close += 1
            out.append(pattern[i : close + 1])
            i = close + 1
        else:
            out.append(char)
            i += 1
    return "".join(out), had


class Finder:
    """``re`` semantics at RE2 speed: RE2 finds where a match may start, ``re`` confirms there.

    ``prefilter`` is an RE2 pattern (RE2 syntax, no look-around) whose matches start where
    ``confirm`` (an ``re`` pattern, look-arounds allowed) would start; ``confirm.match`` at that
    position gives the real match. Without a prefilter, ``confirm.finditer`` runs alone.
    Matches are non-overlapping, left to right.

    ``shared``: the pattern finds few candidates; it then runs in one combined RE2 pass with
    the other finders of a :class:`SharedScan` (``True``: the default one, :data:`SHARED`)
    instead of a pass of its own. ``family``: finders of one family may confirm at the same
    candidate; ``exclusive``: once confirmed, no other finder of its family is tried there.
    """

    def __init__(
        self,
        confirm: str | re.Pattern[str] | LazyRegex,
        prefilter: str | None,
        *,
        flags: int = 0,
        shared: bool | SharedScan = False,
        family: str = "",
        exclusive: bool = False,
    ) -> None:
        # compiled on first use: most texts give most finders no candidate (hook start-up)
        self._confirm: re.Pattern[str] | None = confirm if isinstance(confirm, re.Pattern) else None
        self._confirm_source = confirm if isinstance(confirm, str) else confirm.pattern
        self._flags = flags | getattr(confirm, "flags_wanted", 0)  # a LazyRegex keeps its own flags
        self._prefilter: Alternation | None = None  # compiled by the first finditer (never, for a shared finder)
        self.prefilter_source = prefilter
        self._prefilter_ignore_case = bool(flags & re.IGNORECASE)
        self.shared = False
        self.family = family
        self.exclusive = exclusive
        if prefilter is not None and shared is not False and not self._prefilter_ignore_case:
            self.shared = True
            (SHARED if shared is True else shared).add(self)

    @property
    def prefilter(self) -> Alternation | None:
        """The prefilter compiled alone (RE2), the first time this finder runs by itself.

        A shared finder's prefilter runs inside its :class:`SharedScan`, so a run usually never
        compiles it on its own (hook start-up).
        """
        if self._prefilter is None and self.prefilter_source is not None:
            self._prefilter = Alternation(
                [self.prefilter_source], "prefilter", ignore_case=self._prefilter_ignore_case, max_mem=8 << 20
            )
        return self._prefilter

    @property
    def confirm(self) -> re.Pattern[str]:
        """The ``re`` pattern that confirms a candidate (compiled the first time it is needed)."""
        if self._confirm is None:
            self._confirm = re.compile(self._confirm_source, self._flags)
        return self._confirm

    def finditer(self, text: Utf8Text) -> Iterator[re.Match[str]]:
        """The confirmed matches in ``text``, left to right, non-overlapping."""
        subject = text.text
        prefilter = self.prefilter
        if prefilter is None:
            yield from self.confirm.finditer(subject)
            return
        match_at = self.confirm.match
        last_end = 0
        for _, start in prefilter.starts(text):
            if start < last_end:
                continue
            match = match_at(subject, start)
            if match is not None and match.end() > start:
                last_end = match.end()
                yield match


class SharedScan:
    """One RE2 pass for many shared :class:`Finder` s: an :class:`Alternation` of their
    prefilters, so the text is scanned once for all the rare shapes (cards, IBANs, keys …).

    A candidate is confirmed by the finder whose prefilter matched and offered to the other
    finders of its family (two shapes may start at one position: a MAC address is also
    IPv6-shaped), unless an exclusive finder confirmed it. Prefilters are short, so a
    candidate's span rarely hides the start of another.
    """

    def __init__(self, origin: str) -> None:
        self._origin = origin
        self._finders: list[Finder] = []
        self._built: tuple[Alternation, list[list[int]], list[Finder]] | None = None

    def __len__(self) -> int:
        return len(self._finders)

    @property
    def finders(self) -> tuple[Finder, ...]:
        """The finders taking part, in the order they joined."""
        return tuple(self._finders)

    def add(self, finder: Finder) -> None:
        """Let ``finder`` (which has a prefilter) take part in the pass."""
        if finder.prefilter_source is None:
            raise ValueError("a shared finder needs a prefilter")
        self._finders.append(finder)
        self._built = None

    def _alternation(self) -> tuple[Alternation, list[list[int]], list[Finder]]:
        """The union of the prefilters, the finders (by position) to try at each one's
        candidates, and the finders (each once)."""
        if self._built is None:
            finders = list(self._finders)
            # a union of many shapes (digits, Unicode letters at line starts …) outgrows the
            # default DFA budget on mixed text, and RE2 then rebuilds its states chunk after
            # chunk (3.5x slower); the budget is a cap, memory is taken only as states are made
            union = Alternation([f.prefilter_source or "" for f in finders], self._origin, max_mem=_UNION_MAX_MEM)
            distinct = list({id(f): f for f in finders}.values())
            position = {id(f): i for i, f in enumerate(distinct)}
            families = [
                [position[id(f)]]
                + [position[id(g)] for g in finders if g is not f and g.family and g.family == f.family]
                for f in finders
            ]
            self._built = (union, families, distinct)
        return self._built

    def run(self, text: Utf8Text) -> dict[int, list[re.Match[str]]]:
        """Confirmed matches by ``id(finder)``, each list in text order, non-overlapping."""
        union, families, finders = self._alternation()
        found: list[list[re.Match[str]]] = [[] for _ in finders]
        last_end = [0] * len(finders)
        matchers: list[Any] = [None] * len(finders)  # confirm patterns compiled on first use
        subject = text.text
        for index, start in union.starts(text):
            for member in families[index]:
                if start < last_end[member]:
                    continue
                match_at = matchers[member]
                if match_at is None:
                    match_at = matchers[member] = finders[member].confirm.match
                confirmed = match_at(subject, start)
                if confirmed is not None:
                    end = confirmed.end()
                    if end > start:
                        found[member].append(confirmed)
                        last_end[member] = end
                        if finders[member].exclusive:
                            break
        return {id(f): found[i] for i, f in enumerate(finders)}


SHARED = SharedScan("shared prefilters")
