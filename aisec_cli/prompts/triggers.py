"""Cheap prefilter: the words a pattern cannot match without.

Running a hundred-odd regular expressions over every text is the slow part of matching, and
most patterns cannot match most texts. :func:`derive` reads a pattern's syntax tree and
returns a set of word beginnings, one of which every match must contain at the start of a
word (``ignore``/``disregard`` for ``\\b(?:ignore|disregard)\\s+…``). :class:`WordIndex`
answers "does some word of the text begin with this?" in constant time, so a pattern only
runs on the texts that contain one of its trigger words.

Scripts written without spaces (Chinese, Japanese, Thai …) have no word starts: triggers in
those scripts are checked as plain substrings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

try:  # Python 3.11+: the parser module is private but stable
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
    from re import _constants as _c  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

PREFIX = 5  # trigger words are compared on their first PREFIX characters
_NONWORD = re.compile(r"\W+")
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class Triggers:
    """Word beginnings (lower case) and, for unspaced scripts, substrings."""

    words: frozenset[str]
    substrings: frozenset[str]

    def hit(self, index: WordIndex) -> bool:
        if self.words & index.prefixes:
            return True
        return any(s in index.text for s in self.substrings)


class WordIndex:
    """The beginnings (1..PREFIX characters) of every word of a lower-cased text."""

    __slots__ = ("prefixes", "text")

    def __init__(self, lower: str) -> None:
        self.text = lower
        words = set(_NONWORD.split(lower))
        prefixes: set[str] = set()
        for word in words:
            if not word:
                continue
            cut = word[:PREFIX]
            for k in range(2, len(cut) + 1):
                prefixes.add(cut[:k])
        self.prefixes = prefixes


def _is_word_char(code: int) -> bool:
    ch = chr(code)
    return ch.isalnum() or ch == "_"


def _class_is_nonword(items: list) -> bool:  # type: ignore[type-arg]
    """A character class that can only match non-word characters (spaces, punctuation)."""
    for op, arg in items:
        if op is _c.LITERAL:
            if _is_word_char(arg):
                return False
        elif op is _c.CATEGORY:
            if arg not in (_c.CATEGORY_SPACE, _c.CATEGORY_NOT_WORD, _c.CATEGORY_LINEBREAK):
                return False
        elif op is _c.RANGE:
            lo, hi = arg
            if any(_is_word_char(c) for c in range(lo, hi + 1)):
                return False
        elif op is _c.NEGATE:
            return False
        else:
            return False
    return True


def _leading_letters(seq: list) -> str:  # type: ignore[type-arg]
    out: list[str] = []
    for op, arg in seq:
        if op is _c.LITERAL and _is_word_char(arg):
            out.append(chr(arg))
        elif op is _c.SUBPATTERN:
            inner = _leading_letters(list(arg[-1]))
            out.append(inner)
            break
        else:
            break
    return "".join(out)


def _score(cands: set[str]) -> tuple[int, int]:
    return (min(min(len(c), PREFIX) for c in cands), -len(cands))


class _Walker:
    def __init__(self) -> None:
        self.best: set[str] | None = None

    def offer(self, cands: set[str] | None) -> None:
        if not cands or any(len(c) < 2 for c in cands):
            return
        if self.best is None or _score(cands) > _score(self.best):
            self.best = set(cands)


def _seq(seq: list, word_start: bool) -> tuple[set[str] | None, bool]:  # type: ignore[type-arg]
    """Best required candidate set of a sequence; and whether it ends at a word start."""
    walker = _Walker()
    run: list[str] = []
    run_ok = False
    ws = word_start

    def close() -> None:
        nonlocal run, run_ok
        if run and run_ok:
            walker.offer({"".join(run)})
        run = []
        run_ok = False

    for op, arg in seq:
        if op is _c.AT:
            if arg in (_c.AT_BOUNDARY, _c.AT_BEGINNING, _c.AT_BEGINNING_STRING, _c.AT_BEGINNING_LINE):
                close()
                ws = True
            continue
        if op is _c.LITERAL:
            if _is_word_char(arg):
                if not run:
                    run_ok = ws
                run.append(chr(arg))
                ws = False
            else:
                close()
                ws = True
            continue
        if op is _c.BRANCH:
            alternatives = arg[1]
            if run and run_ok:
                leads = {"".join(run) + _leading_letters(list(alt)) for alt in alternatives}
                walker.offer(leads)
                run, run_ok = [], False
                ws = False
                continue
            close()
            union: set[str] = set()
            ok = True
            for alt in alternatives:
                cands, _ = _seq(list(alt), ws)
                if cands is None:
                    ok = False
                    break
                union |= cands
            if ok:
                walker.offer(union)
            ws = False
            continue
        if op is _c.SUBPATTERN:
            inner = list(arg[-1])
            if run and run_ok:
                lead = _leading_letters(inner)
                if lead:
                    walker.offer({"".join(run) + lead})
                    run, run_ok = [], False
                    ws = False
                    continue
            close()
            cands, ends_ws = _seq(inner, ws)
            walker.offer(cands)
            ws = ends_ws
            continue
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            low, _high, item = arg
            item = list(item)
            nonword_item = len(item) == 1 and (
                (item[0][0] is _c.IN and _class_is_nonword(item[0][1]))
                or (item[0][0] is _c.LITERAL and not _is_word_char(item[0][1]))
            )
            close()
            cands, item_ends = _seq(item, ws)
            item_ends = item_ends or nonword_item
            if low >= 1:
                walker.offer(cands)
                ws = item_ends
            else:
                ws = ws and item_ends
            continue
        if op is _c.IN:
            close()
            ws = _class_is_nonword(arg)
            continue
        close()
        ws = False
    close()
    return walker.best, ws


def derive(pattern: str, flags: int = 0) -> Triggers | None:
    """Trigger words of ``pattern`` (matched against lower-cased text), or None if there is
    no word every match must begin."""
    try:
        tree = _sre_parse.parse(pattern, flags)
    except re.error:
        return None
    cands, _ = _seq(list(tree), True)
    if not cands:
        return None
    words: set[str] = set()
    subs: set[str] = set()
    for cand in cands:
        cand = cand.lower()
        if _UNSPACED.search(cand):
            subs.add(cand[:PREFIX])
        else:
            words.add(cand[:PREFIX])
    return Triggers(frozenset(words), frozenset(subs))
