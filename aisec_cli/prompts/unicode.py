"""Fold text for matching and report the invisible characters taken out of it.

:func:`fold` returns a :class:`Folded` view: Unicode NFKC, zalgo marks stripped,
homoglyphs of mixed-script words folded to Latin, leetspeak digits inside words turned into
letters, and every invisible character (zero-width, bidi controls, Unicode tags, variation
selectors, invisible operators) removed. Arabic vowel marks and the tatweel are removed too.
The lower-case view also reads Latin letters without their diacritics ("règles", "bỏ qua",
"görmezden" as "regles", "bo qua", "gormezden": text typed without accents matches) and the
Persian and Arabic forms of a letter as one (ی/ي/ى, ک/ك, أ/إ/آ/ٱ/ا); :func:`fold_pattern` folds
a rule's pattern the same way, so rules may be written with or without them. ``offsets`` maps each folded character back to the
original text, so a match in the folded view is reported at its real line and column.

ASCII text (most input) takes a fast path: only the leetspeak pass can apply, and it never
changes a length.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from aisec_cli.core.lazyre import LazyRegex

# Confusable letters from other scripts folded to Latin (the lookalikes attackers use; the
# spirit of Unicode TR39 skeletons, limited to letters that pass for Latin ones).
_CROSS_SCRIPT = (
    # Cyrillic
    "аa вb еe ҽe кk мm нh оo рp сc тt уy хx ѕs іi јj ԁd һh ԛq ԝw ӏl ѵv үy "
    "АA ВB ЕE КK МM НH ОO РP СC ТT ХX УY ЅS ІI ЈJ ԚQ ԜW ӀI ѴV ҮY "
    # Greek
    "αa οo νv ρp ιi κk υu χx ϲc ϳj "
    "ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX ϹC "
    # Armenian
    "օo ոn սu հh ցg զq "
    # Cherokee capitals
    "ᎪA ᏴB ᏟC ᎬE ᎻH ᏔW ᎫJ ᏦK ᎷM ᏢP ᏚS ᎢT ᏙV ᏃZ"
)
# Latin-script lookalikes (small capitals, IPA letters): folded, but ordinary in some
# languages (Turkish dotless ı), so never counted as disguise on their own.
_LATIN_LOOKALIKE = "ȷj ɑa ɩi ʏy ᴀa ᴄc ᴅd ᴇe ɢg ʜh ɪi ᴊj ᴋk ʟl ᴍm ɴn ᴏo ᴘp ʀr ꜱs ᴛt ᴜu ᴠv ᴡw ᴢz ɡg"
CROSS_SCRIPT: dict[str, str] = {pair[0]: pair[-1] for pair in _CROSS_SCRIPT.split()}
CONFUSABLES: dict[str, str] = dict(CROSS_SCRIPT)
CONFUSABLES.update({pair[0]: pair[-1] for pair in _LATIN_LOOKALIKE.split()})
_CONFUSABLE_CLASS = LazyRegex("[" + "".join(sorted(CONFUSABLES)) + "]")
_LETTER_TOKEN = LazyRegex(r"[^\W\d_]+")
_ASCII_LETTER = LazyRegex(r"[A-Za-z]")
_LATIN_COUNT = LazyRegex(r"[A-Za-z]")
_CYR_GREEK_COUNT = LazyRegex("[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f]")

# Leetspeak: a word of letters and digits that has both; digits read as letters.
_LEET_TOKEN = LazyRegex(r"\b[a-z0-9]*(?:[a-z][013457]|[013457][a-z])[a-z0-9]*\b")
_LEET_SAFE = LazyRegex(
    r"^(?:\d+(?:st|nd|rd|th|s|px|pt|em|ms|kb|mb|gb|tb|k|m|b|x|d|h|am|pm|fps|bit|gb)"
    r"|[a-z]+\d+|v\d+[a-z]?|[a-f0-9]+)$"
)
_LEET_MAP = str.maketrans("013457", "oieast")
_LEET_PAIR = LazyRegex(r"[a-z][013457]|[013457][a-z]")
_LEET_STRONG = LazyRegex(r"[a-z][013457]+[a-z]")
_LEET_UNIT = LazyRegex(
    r"^(?:\d+(?:st|nd|rd|th|s|px|pt|em|ms|kb|mb|gb|tb|k|m|b|x|d|h|am|pm|fps|bit|hz|khz|mhz|ghz|min|sec|mm|cm|km|kg|ml)"
    r"|[a-f0-9]{6,}|v\d+[a-z]?|(?:mp|h|x|utf|sha|md|ipv|gpt|python|py|es|ie|win|iso)\d+[a-z]?)$"
)

# Latin letters with diacritics -> the bare letter (one character for one: offsets stay), and
# the letter variants of Arabic script -> one form. Applied to the lower-case view only.
def _letter_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(cp))[0]
        if base != chr(cp) and base.isascii() and base.isalpha():
            table[cp] = base
    for src, dst in ("đd", "Đd", "łl", "Łl", "øo", "Øo", "ħh", "ŧt"):
        table[ord(src)] = dst
    for src in "یىۍې":  # Persian / Urdu / Pashto yeh, alef maksura -> Arabic yeh
        table[ord(src)] = "ي"
    for src in "کڪ":  # keheh, swash kaf -> Arabic kaf
        table[ord(src)] = "ك"
    for src in "أإآٱٲٳ":  # alef with hamza / madda / wasla -> bare alef
        table[ord(src)] = "ا"
    table[ord("ە")] = "ه"  # ae -> heh
    table[ord("ۀ")] = "ه"  # heh with yeh above -> heh
    return table


LETTER_FOLD: dict[int, str] = _letter_fold_table()
_LETTER_FOLD_CLASS = LazyRegex("[" + "".join(chr(c) for c in sorted(LETTER_FOLD)) + "]")
# Arabic harakat, superscript alef and the tatweel: writing aids, removed from every view.
_ARABIC_MARKS = (*range(0x064B, 0x0660), 0x0670, 0x0640)


def fold_pattern(pattern: str) -> str:
    """``pattern`` (a rule's regular expression) folded like the lower-case view of a text."""
    if pattern.isascii():
        return pattern
    pattern = unicodedata.normalize("NFKC", pattern)  # as each character of the text is
    return pattern.translate(_PATTERN_FOLD)


# the marks are dropped, then letters folded: one table (a mark is never a fold's result)
_PATTERN_FOLD: dict[int, str | None] = {**LETTER_FOLD, **dict.fromkeys(_ARABIC_MARKS)}


_RTL = LazyRegex("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_SPECIAL = LazyRegex(r"[^\x00-\x7f]+|[\x00-\x08\x0e-\x1b\x7f]+")  # and the controls that are no whitespace
_CONTROL = LazyRegex(r"[\x00-\x08\x0e-\x1b\x7f]")


@dataclass(frozen=True, slots=True)
class Invisible:
    """A run of invisible characters removed from the text (original offsets)."""

    start: int
    end: int
    kind: str  # tag | variation | sneaky | zero_width | bidi | mark | soft_hyphen | filler | bom | diacritic | control
    count: int
    suspicious: bool


@dataclass(frozen=True, slots=True)
class Folded:
    """The matching view of a text and the way back to the original offsets."""

    original: str
    text: str  # folded, case kept
    lower: str  # folded and lower-cased, same length as ``text``
    offsets: Sequence[int] | None  # len(text)+1 original offsets; None: identity
    invisible: tuple[Invisible, ...] = ()
    transformed: tuple[tuple[int, int, str], ...] = ()  # folded spans changed: homoglyph | leet | zalgo | width

    def orig(self, index: int) -> int:
        """Original offset of folded position ``index`` (``len(text)`` maps to the end)."""
        if self.offsets is None:
            return index
        if index >= len(self.offsets):
            return len(self.original)
        return self.offsets[index]

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        if self.offsets is None:
            return start, end
        if end <= start:
            s = self.orig(start)
            return s, s
        return self.orig(start), self.orig(end - 1) + 1

    def transforms_in(self, start: int, end: int) -> set[str]:
        """Kinds of folding that changed characters inside ``[start, end)``."""
        return {kind for s, e, kind in self.transformed if s < end and e > start}


def _category(ch: str) -> str:
    return unicodedata.category(ch)


def _invisible_kind(cp: int) -> str | None:
    if cp < 0x20 or cp == 0x7F:  # NUL, backspace, DEL …: no whitespace (those never reach here)
        return "control"
    if 0xE0000 <= cp <= 0xE007F:
        return "tag"
    if 0xE0100 <= cp <= 0xE01EF or 0xFE00 <= cp <= 0xFE0F or 0x180B <= cp <= 0x180F:
        return "variation"
    if 0x2061 <= cp <= 0x2064:
        return "sneaky"
    if cp in (0x200B, 0x200C, 0x200D, 0x2060, 0x180E, 0x034F):
        return "zero_width"
    if 0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x2069 or cp in (0x200E, 0x200F, 0x061C):
        return "bidi"
    if cp == 0x00AD:
        return "soft_hyphen"
    if cp == 0xFEFF:
        return "bom"
    if cp in _ARABIC_MARKS:
        return "diacritic"
    if cp in (0x115F, 0x1160, 0x3164, 0xFFA0, 0x17B4, 0x17B5) or 0x1BCA0 <= cp <= 0x1BCA3:
        return "filler"
    if 0x206A <= cp <= 0x206F or 0xFFF9 <= cp <= 0xFFFB or 0x1D173 <= cp <= 0x1D17A:
        return "other"
    return None


# Per-character cache: replacement text ("" removes) or None (keep as is); kind tags.
_CACHE: dict[str, tuple[str | None, str]] = {}


# Combining marks that belong to no script (diacritics, symbols): stacks of them are zalgo.
# The marks of Indic, Arabic, Hebrew, Thai … scripts (vowel signs, nukta, virama, harakat)
# stack in ordinary writing and are kept.
_GENERIC_MARKS = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))


def _generic_mark(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _GENERIC_MARKS)


def _classify(ch: str) -> tuple[str | None, str]:
    hit = _CACHE.get(ch)
    if hit is not None:
        return hit
    cp = ord(ch)
    kind = _invisible_kind(cp)
    if kind is not None:
        result: tuple[str | None, str] = ("", kind)
    else:
        cat = _category(ch)
        if cat in ("Mn", "Me") and _generic_mark(cp):
            result = (None, "mark")
        elif cat == "Cf":
            result = ("", "other")
        else:
            norm = unicodedata.normalize("NFKC", ch)
            if norm == ch:
                result = (None, "")
            elif norm.strip() == "" and ch.strip() == "":
                result = (" ", "width")
            else:
                result = (norm, "width")
    if len(_CACHE) < 50000:
        _CACHE[ch] = result
    return result


def _is_emoji_like(ch: str) -> bool:
    if len(ch) != 1:  # the start or the end of the text: no neighbour
        return False
    cp = ord(ch)
    return cp >= 0x2190 and not ch.isalnum() or 0x1F000 <= cp <= 0x1FAFF


def _suspicious(kind: str, text: str, start: int, end: int, has_rtl: bool) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    count = end - start
    if kind == "tag":
        # A subdivision flag: black flag, a few tag letters, cancel tag.
        return not (before == "\U0001f3f4" and text[end - 1] == "\U000e007f" and count <= 7)
    if kind == "variation":
        if count >= 2:
            return True
        return before.isascii() and before.isalpha()
    if kind == "sneaky":
        return count >= 3 or (before.isascii() and before.isalpha())
    if kind == "zero_width":
        ascii_neighbour = (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum())
        if not ascii_neighbour:
            return False
        # ZWJ/ZWNJ between emoji or inside Indic/Arabic words are part of the writing.
        return not (_is_emoji_like(before) or _is_emoji_like(after))
    if kind == "bidi":
        if has_rtl:
            return False
        return any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in text[start:end])
    if kind == "bom":
        return start != 0 and count > 1
    if kind == "filler":
        return (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum())
    if kind == "other":
        return True
    if kind == "control":  # a word split by a control; colour escapes and separators are not
        return before.isascii() and before.isalpha() and after.isascii() and after.isalpha()
    if kind == "mark":
        return count >= 3  # zalgo: stacks of combining marks
    return False  # diacritic: Arabic vowel marks are writing


def _fold_non_ascii(text: str) -> tuple[str, list[int], list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """Rebuild ``text`` piece by piece around its non-ASCII runs."""
    pieces: list[str] = []
    offsets: list[int] = []
    removed: list[tuple[int, int, str]] = []  # original (start, end, kind) of invisible runs
    transformed: list[tuple[int, int, str]] = []
    out_len = 0
    last = 0
    for match in _SPECIAL.finditer(text):
        start, end = match.span()
        if start > last:
            pieces.append(text[last:start])
            offsets.extend(range(last, start))
            out_len += start - last
        marks = 0
        for i in range(start, end):
            ch = text[i]
            repl, kind = _classify(ch)
            if kind == "mark":
                marks += 1
                nxt = text[i + 1] if i + 1 < len(text) else ""
                in_run = marks >= 2 or (nxt and _classify(nxt)[1] == "mark")
                if in_run:
                    removed.append((i, i + 1, "mark"))
                    continue
                pieces.append(ch)
                offsets.append(i)
                out_len += 1
                continue
            marks = 0
            if repl is None:
                pieces.append(ch)
                offsets.append(i)
                out_len += 1
            elif repl == "":
                removed.append((i, i + 1, kind))
            else:
                pieces.append(repl)
                offsets.extend([i] * len(repl))
                transformed.append((out_len, out_len + len(repl), kind))
                out_len += len(repl)
        last = end
    if last < len(text):
        pieces.append(text[last:])
        offsets.extend(range(last, len(text)))
    offsets.append(len(text))
    return "".join(pieces), offsets, removed, transformed


def _merge_runs(text: str, removed: list[tuple[int, int, str]]) -> tuple[Invisible, ...]:
    if not removed:
        return ()
    has_rtl = bool(_RTL.search(text))
    runs: list[Invisible] = []
    cur_start, cur_end, cur_kind = removed[0]
    count = 1
    for start, end, kind in removed[1:]:
        same = kind == cur_kind or {kind, cur_kind} <= {"zero_width", "sneaky"}
        if start == cur_end and same:
            cur_end = end
            count += 1
            continue
        runs.append(Invisible(cur_start, cur_end, cur_kind, count, _suspicious(cur_kind, text, cur_start, cur_end, has_rtl)))
        cur_start, cur_end, cur_kind, count = start, end, kind, 1
    runs.append(Invisible(cur_start, cur_end, cur_kind, count, _suspicious(cur_kind, text, cur_start, cur_end, has_rtl)))
    return tuple(runs)


def _fold_confusables(text: str, transformed: list[tuple[int, int, str]]) -> str:
    """Fold lookalike letters in words that mix them with Latin letters (or stand between
    Latin words in Latin text)."""
    if not _CONFUSABLE_CLASS.search(text):
        return text
    latin_dominant = len(_LATIN_COUNT.findall(text)) > len(_CYR_GREEK_COUNT.findall(text))
    chars: list[str] | None = None
    tokens = list(_LETTER_TOKEN.finditer(text))
    for n, match in enumerate(tokens):
        token = match.group(0)
        if not _CONFUSABLE_CLASS.search(token):
            continue
        mixed = bool(_ASCII_LETTER.search(token))
        if not mixed:
            if not latin_dominant or any(c not in CONFUSABLES for c in token):
                continue
            # A whole word of lookalikes counts only between Latin words.
            neighbours = [tokens[k].group(0) for k in (n - 1, n + 1) if 0 <= k < len(tokens)]
            if not any(_ASCII_LETTER.search(w) for w in neighbours):
                continue
        if chars is None:
            chars = list(text)
        base = match.start()
        cross = False
        for j, c in enumerate(token):
            folded = CONFUSABLES.get(c)
            if folded is not None:
                chars[base + j] = folded
                cross = cross or c in CROSS_SCRIPT
        transformed.append((match.start(), match.end(), "homoglyph" if cross else "lookalike"))
    return "".join(chars) if chars is not None else text


def _is_hex(pair: str) -> bool:
    return all(c in "0123456789abcdef" for c in pair)


def _fold_leet(lower: str, transformed: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """Leetspeak words of ``lower`` as (start, letters); the caller splices them in.

    A digit between letters ("1gn0r3", "pr3v10us") is leetspeak; a word that only ends or
    starts with digits ("python3", "2nd") is folded only when the text also has the former.
    """
    if not any(c in lower for c in "013457") or not _LEET_PAIR.search(lower):
        return []  # every leet token holds a letter next to one of these digits
    strong: list[re.Match[str]] = []
    weak: list[re.Match[str]] = []
    for match in _LEET_TOKEN.finditer(lower):
        token = match.group(0)
        if match.start() and lower[match.start() - 1] == "%" and _is_hex(token[:2]):
            continue  # a percent escape ("%20ChatGPT" in a URL): the digits are a byte, not a letter
        if _LEET_STRONG.search(token) and not _LEET_UNIT.match(token) or not _LEET_SAFE.match(token):
            strong.append(match)
        else:
            weak.append(match)
    if not strong:
        return []
    chosen = sorted([*strong, *(m for m in weak if not _LEET_UNIT.match(m.group(0)))], key=lambda m: m.start())
    changes: list[tuple[int, str]] = []
    for match in chosen:
        changes.append((match.start(), match.group(0).translate(_LEET_MAP)))
        transformed.append((match.start(), match.end(), "leet"))
    return changes


def _splice(text: str, changes: list[tuple[int, str]]) -> str:
    if not changes:
        return text
    parts: list[str] = []
    last = 0
    for start, word in changes:
        parts.append(text[last:start])
        parts.append(word)
        last = start + len(word)
    parts.append(text[last:])
    return "".join(parts)


def _lower_same_length(text: str) -> str:
    """Lower case, one character for one; Turkish dotted capital I and dotless i read as ``i``
    (so "İGNORE" and "ıgnore" match "ignore", and Turkish words match whichever i they use)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join("i" if c == "\u0130" else (c.lower() if len(c.lower()) == 1 else c) for c in text)
    if "\u0131" in lowered:
        lowered = lowered.replace("\u0131", "i")
    return lowered.translate(LETTER_FOLD) if _LETTER_FOLD_CLASS.search(lowered) else lowered


def fold(text: str) -> Folded:
    """The matching view of ``text`` (see the module docstring)."""
    transformed: list[tuple[int, int, str]] = []
    if text.isascii() and not _CONTROL.search(text):
        lower = text.lower()
        changes = _fold_leet(lower, transformed)
        return Folded(text, _splice(text, changes), _splice(lower, changes), None, (), tuple(transformed))
    folded_text, offsets, removed, transformed = _fold_non_ascii(text)
    invisible = _merge_runs(text, removed)
    folded_text = _fold_confusables(folded_text, transformed)
    lower = _lower_same_length(folded_text)
    changes = _fold_leet(lower, transformed)
    folded_text = _splice(folded_text, changes)
    leet = _splice(lower, changes)
    # No character removed and none expanded: every folded position is its own original.
    identity = not removed and len(offsets) == len(text) + 1
    return Folded(
        text,
        folded_text,
        leet,
        None if identity else offsets,
        invisible,
        tuple(sorted(transformed)),
    )
