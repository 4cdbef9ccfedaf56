"""Government numbers: US SSN, passports, US driver licences, EU national identifiers.

Shapes alone say little here (nine digits are also order numbers and phone fragments), so
everything but a well-separated SSN, a checksummed national identifier or a German passport
serial (its ninth character a check digit) needs context: a key or column name, or a keyword
shortly before the value (a few other words may stand between when the keyword is a document's
full name and none of them names another kind of number), or just after it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from aisec_cli.core.regex import Finder
from aisec_cli.pii.model import Candidate
from aisec_cli.pii.recognizers.base import det
from aisec_cli.pii.structure import TextStructure
from aisec_cli.pii.validators import (
    codice_fiscale_body_ok,
    de_idnr_labelled_ok,
    de_passport_ok,
    digits_of,
    dni_ok,
    hetu_ok,
    sample_ssns,
    ssn_ok,
)
from aisec_cli.core.lazyre import LazyRegex

# ---- US social security numbers ---------------------------------------------------------
_SSN_SEPARATED = Finder(
    r"(?<![\w\-.+/])\d{3}(?P<s>[\- .])\d{2}(?P=s)\d{4}(?![\w\-]|[./]\d)",
    r"[0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{3} [0-9]{2} [0-9]{4}|[0-9]{3}\.[0-9]{2}\.[0-9]{4}",
    shared=True, family="number",
)
_NINE_DIGITS = LazyRegex(r"(?<![\w\-.+/#])\d{9}(?![\w\-]|[./]\d)")
# Behind an SSN label the dashes may be misplaced or partly missing: 078-051121, 07805-1121.
_LABELLED_SSN = LazyRegex(r"(?<![\w\-.+/#])\d{3}-?\d{2}-?\d{4}(?![\w\-]|[./]\d)")
# Keywords of the identifiers a bare number could be; the nearest one decides.
_ID_WORDS = ("US_SSN.words", "US_DRIVER_LICENSE.words", "PASSPORT.words", "NATIONAL_ID.words", "PHONE.words")

# ---- passports ----------------------------------------------------------------------------
# Letters and digits; a script without spaces may follow ("여권번호는 M789C1234입니다").
_PASSPORT_VALUE = LazyRegex(r"(?<![A-Za-z0-9\-])[A-Za-z0-9]{7,10}(?![A-Za-z0-9\-])")
# A German passport serial carries its own check digit (ICAO 9303), so the shape alone counts
# (in capitals, as printed; a lower-case one needs a passport word like any other).
_DE_PASSPORT = Finder(
    r"(?<![\w\-])[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{7}[0-9](?![\w\-])",
    r"[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{7}[0-9]",
    shared=True, family="upper",
)
# A date written as eight digits is not a document number, even after "passport … on".
_DATE_DIGITS = LazyRegex(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")

# ---- US driver licences ---------------------------------------------------------------------
# (a letter prefix may be typed in lower case, glued to the digits: "a4829173" behind a label
# is the licence, "is 12345678" is a word and a number)
_DL_VALUE = LazyRegex(
    r"(?<![A-Za-z0-9\-])(?:[A-Z]{1,3}[ \-]?\d{2,}(?:[ \-]\d+){0,6}|[a-z]{1,3}\d{2,}(?:[ \-]\d+){0,6}|\d{3,}(?:[ \-]\d+){0,6}|[A-Z0-9]{6,16})"
    r"(?![A-Za-z0-9\-])"
)
# Words that may stand between a document's name and its number ("passport no. is",
# "número de pasaporte", "DL# (NY)"); anything else means the number is not the document's.
_FILLER = frozenset(
    "is was are no nr nro num number numbers numero número nummer numéro n id of my his her their your "
    "our the a an its es est ist è é de del do da di du der des mi su sua seu mein meine ihr ihre "
    "son sa mon ma card reads read on file current old new valid issued state us usa uk gb lautet "
    "luidt wynosi é as listed shows being är mitt min".split()
)
_TOKEN = LazyRegex(r"[^\W_]+")
_GLUED = LazyRegex(r"[a-z](?=\d)")  # "is030594W903B": a value run on to the word before it
# How many other words may stand between a document's name and its number ("my passport
# number is hi bye hello 912803456"), when none of them names something else.
_LOOSE_WORDS = 3
_HANGUL = LazyRegex(r"[\uac00-\ud7a3]+")
_ENUMERATION = LazyRegex(r"[ \t]*(?:,|&|/|\band\b|\bor\b|\by\b|\bund\b|\bet\b|\be\b)[ \t]*", re.IGNORECASE)

# ---- national identifiers (python-stdnum validates) ---------------------------------------------


def _valid(module: str) -> Callable[[str], bool]:
    """``stdnum.<module>.is_valid``, imported on the first candidate it checks (start-up)."""

    def check(value: str) -> bool:
        is_valid: Callable[[str], bool] = _stdnum_module(module).is_valid
        return is_valid(value)

    return check


@cache
def _stdnum_module(name: str) -> Any:
    return importlib.import_module(f"stdnum.{name}")


_NINO_SHAPE = (
    r"(?<![\w\-])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"(?:(?P<s> ?)\d{2}(?P=s)\d{2}(?P=s)\d{2}(?P=s)| \d{6} ?)[A-D](?![\w\-])"
)
_NINO = Finder(
    _NINO_SHAPE,
    r"[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]",
    shared=True, family="upper",
)
# Written in lower case, only the grouped form counts without a label ("hh 01 02 03 d").
_NINO_LOWER = Finder(
    r"(?<![\w\-])[a-z]{2} \d{2} \d{2} \d{2} [a-d](?![\w\-])", r"[a-z]{2} [0-9]{2} [0-9]{2} [0-9]{2} [a-d]", shared=True
)
# (pattern, RE2 prefilter, validator, needs context, name). Patterns that need context are
# only tried in the few characters after a national-id keyword or inside a keyed value.
_NATIONAL_SPECS: tuple[tuple[str, str, Callable[[str], bool], bool, str], ...] = (
    (
        r"(?<![\w\-])[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPR-T][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![\w\-])",
        r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPR-T]",
        _valid("it.codicefiscale"),
        False,
        "it-codice-fiscale",
    ),
    (
        r"(?<![\w\-])(?:[XYZ]-?\d{7}-?[A-HJ-NP-TV-Z]|[xyz]-?\d{7}-?[a-hj-np-tv-z])(?![\w\-])",
        r"[XYZ]-?[0-9]{7}-?[A-HJ-NP-TV-Z]|[xyz]-?[0-9]{7}-?[a-hj-np-tv-z]",
        _valid("es.nie"),
        False,
        "es-nie",
    ),
    (  # DNI: a leading zero is often dropped; in lower case only after all eight digits and
        # with a letter that is not a hex digit (short commit hashes: "35567889e")
        r"(?<![\w\-])(?:\d{7,8}-?[A-HJ-NP-TV-Z]|\d{8}-?[g-hj-np-tv-z])(?![\w\-])",
        r"[0-9]{7,8}-?[A-HJ-NP-TV-Z]|[0-9]{8}-?[g-hj-np-tv-z]",
        dni_ok,
        False,
        "es-dni",
    ),
    (
        r"(?<![\w\-])[12] \d{2} \d{2} (?:\d{2}|2[AB]) \d{3} \d{3}(?: \d{2})(?![\w\-])",
        r"[12] [0-9]{2} [0-9]{2} (?:[0-9]{2}|2[AB]) [0-9]{3} [0-9]{3} [0-9]{2}",
        _valid("fr.nir"),
        False,
        "fr-nir",
    ),
    (
        r"(?<![\w\-])\d{6}[\-+A-FU-Y]\d{3}[0-9A-Y](?![\w\-])",
        r"[0-9]{6}[\-+A-FU-Y][0-9]{3}[0-9A-Y]",
        hetu_ok,
        False,
        "fi-hetu",
    ),
    (r"(?<![\w\-])[12]\d{4}(?:\d{2}|2[AB])\d{8}(?![\w\-])", "", _valid("fr.nir"), True, "fr-nir"),
    (r"(?<![\w\-.])\d{9}(?![\w\-]|[.]\d)", "", _valid("nl.bsn"), True, "nl-bsn"),
    (r"(?<![\w\-.])\d{2} ?\d{3} ?\d{3} ?\d{3}(?![\w\-]|[.]\d)", "", de_idnr_labelled_ok, True, "de-idnr"),
    (r"(?<![\w\-.])\d{11}(?![\w\-]|[.]\d)", "", _valid("pl.pesel"), True, "pl-pesel"),
    (
        r"(?<![\w\-.])\d{2}\.?\d{2}\.?\d{2}-?\d{3}\.?\d{2}(?![\w\-]|[.]\d)",
        "",
        _valid("be.nn"),
        True,
        "be-national-number",
    ),
    (r"(?<![\w\-])\d{7}[A-W][A-IW]?(?![\w\-])", "", _valid("ie.pps"), True, "ie-pps"),
    (r"(?<![\w\-])(?:\d{2})?\d{6}[\-+]?\d{4}(?![\w\-])", "", _valid("se.personnummer"), True, "se-personnummer"),
    (r"(?<![\w\-])\d{6}-?\d{4}(?![\w\-])", "", _valid("dk.cpr"), True, "dk-cpr"),
    (r"(?<![\w\-])\d{3}[ \-]?\d{3}[ \-]?\d{4}(?![\w\-])", "", _valid("gb.nhs"), True, "gb-nhs"),
    (r"(?<![\w\-])\d{8} ?\d ?[A-Z]{2}\d(?![\w\-])", "", _valid("pt.cc"), True, "pt-cartao-cidadao"),
)
_STRONG_IDS = tuple(
    (Finder(pattern, prefilter, shared=True, family="upper" if name in ("it-codice-fiscale", "es-nie") else "number"), valid, name)
    for pattern, prefilter, valid, needs, name in _NATIONAL_SPECS
    if not needs
)
_CONTEXT_IDS = tuple(
    (LazyRegex(pattern), valid, name) for pattern, _, valid, needs, name in _NATIONAL_SPECS if needs
)


# Every shape, for a value glued to the label word before it.
_GLUED_IDS = tuple(
    (LazyRegex(pattern), valid, name) for pattern, _, valid, needs, name in _NATIONAL_SPECS if not needs
) + _CONTEXT_IDS

# Every shape with a letter in it, for values written in lower case behind a label.
_LABELLED_IDS = tuple(
    (LazyRegex(pattern), valid, name)
    for pattern, _, valid, _, name in _NATIONAL_SPECS
    if re.search(r"\[[^\]]*[A-Z]", pattern.replace("\\", ""))
) + ((LazyRegex(_NINO_SHAPE), lambda value: True, "gb-nino"),)


def _context(scan: TextStructure, start: int, entity: str, window: int) -> bool:
    """A keyword of ``entity`` shortly before ``start``, or a key/column naming it."""
    return (
        scan.keyword_before(f"{entity}.words", start, window)
        or scan.key_has(start, f"{entity}.keys")
        or scan.key_has(start, f"{entity}.words")
    )


def _keyword_after(scan: TextStructure, category: str, end: int, window: int) -> bool:
    """A word of ``category`` within ``window`` characters after ``end``, same sentence and line
    ("512.44.3187 was listed as her SSN", "AB1234567 es mi número de pasaporte")."""
    text = scan.text
    for start, _ in scan.hits.between(category, end, end + window):
        between = text[end:start]
        if "\n" in between or ". " in between or ";" in between:
            return False
        return True
    return False


def find_ssn(scan: TextStructure) -> list[Candidate]:
    text = scan.text
    out: list[Candidate] = []
    for match in scan.find(_SSN_SEPARATED):
        if not ssn_ok(match.group()):
            continue
        start = match.start()
        context = _context(scan, start, "US_SSN", 40) or _keyword_after(scan, "US_SSN.words", match.end(), 40)
        separator = match.group("s")
        if not context and digits_of(match.group()) in sample_ssns():
            continue
        if not context and separator == "." and scan.keyword_before("IP_ADDRESS.not_after", start, 28, sentence=False):
            continue  # "release 512.44.3187": a version number
        confidence = 0.95 if context else (0.8 if separator == "-" else 0.6)
        out.append(det("US_SSN", start, match.end(), confidence, "ssn-keyed" if context else "ssn"))
    windows = [(lo, _other_number_at(scan, "US_SSN", lo, hi)) for lo, hi in _context_windows(scan, "US_SSN", 40)]
    keyword_ends = {end for _, end in scan.hits.get("US_SSN.words")}
    for lo, hi in windows:
        for match in _LABELLED_SSN.finditer(text, lo, hi):
            start = match.start()
            gap = text[lo:start]
            if lo in keyword_ends and not _filler_only(gap) and not (
                _filler_only(gap, _LOOSE_WORDS) and _loose_gap(scan, "US_SSN.words", lo, start)
            ):
                break  # "SSN 912-… Order 830941850": the number is someone else's
            if ssn_ok(match.group()) and scan.nearest_keyword(start, _ID_WORDS, 40) in (None, "US_SSN.words"):
                out.append(det("US_SSN", start, match.end(), 0.85, "ssn-keyed"))
    if not scan.is_tabular:  # "the number 512443187 is her SSN"
        for start, end in _before_keyword(scan, "US_SSN.words", _NINE_DIGITS, ssn_ok, 40):
            out.append(det("US_SSN", start, end, 0.8, "ssn-keyed"))
    return out


def _passport_shaped(value: str) -> bool:
    """8-10 letters and digits with a digit (all digits: 8 or more), or nine capitals."""
    if not _PASSPORT_VALUE.fullmatch(value) or len(value) < 8:
        return False
    digits = sum(c.isdigit() for c in value)
    if digits == 0:
        return len(value) == 9 and value.isupper()  # German passports use letters only at times
    return True


def _filler_only(between: str, loose: int = 0) -> bool:
    """``between`` holds only punctuation and the few words a label is written with (and up
    to ``loose`` other words without digits)."""
    if "\n" in between or ";" in between or len(between) > 40:
        return False
    tokens = _TOKEN.findall(between)
    if len(tokens) > 4 + loose:
        return False
    others = 0
    for token in tokens:
        if token.lower() in _FILLER or _HANGUL.fullmatch(token) or _filler_run(token):
            continue
        if len(token) == 2 and token.isupper():  # a state or country code: "CA DL:", "GB:"
            continue
        if others < loose and token.isalpha():
            others += 1
            continue
        return False
    return True


def _filler_run(token: str) -> bool:
    """Label words written without spaces: "numberis" (a forgotten space, "passportnumberis…")."""
    if not token.islower() or not token.isascii() or len(token) < 4 or len(token) > 24:
        return False
    ends = {0}
    for i in range(1, len(token) + 1):
        if any(j in ends and token[j:i] in _FILLER and i - j >= 2 for j in range(max(0, i - 8), i)):
            ends.add(i)
    return len(token) in ends


def _glued_starts(text: str, lo: int, hi: int) -> list[int]:
    """Positions in ``lo..hi`` where a digit follows a label word without a space ("is0305…")."""
    out = []
    for match in _GLUED.finditer(text, lo, hi):
        pos = match.end()
        word_start = pos
        while word_start > lo and text[word_start - 1].isalpha():
            word_start -= 1
        word = text[word_start:pos]
        if word.lower() in _FILLER or _filler_run(word) or (word_start == lo and word.islower()):
            out.append(pos)
    return out


def _candidates(text: str, value: re.Pattern[str], lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Matches of ``value`` in ``lo..hi``, and the ones glued to the label word before them."""
    found = [(m.start(), m.end(), m.group()) for m in value.finditer(text, lo, hi)]
    for pos in _glued_starts(text, lo, hi):
        match = value.match(text[pos:hi])
        if match is not None and not any(s <= pos < e for s, e, _ in found):
            found.append((pos, pos + match.end(), match.group()))
    return sorted(found)


def _loose_gap(scan: TextStructure, category: str, lo: int, hi: int) -> bool:
    """Nothing between ``lo`` and ``hi`` names another kind of number (an order, a ticket, a
    phone, a date) or another identifier, and the sentence goes on."""
    entity = category.split(".", 1)[0]
    between = scan.text[lo:hi]
    if ". " in between or "? " in between or "! " in between or any(c.isdigit() for c in between):
        return False
    tokens = _TOKEN.findall(between)
    if not tokens or tokens[0].lower() not in _FILLER:
        return False  # "passport number is …", "passport, the new one, is …"; not "passport photo booth …"
    if _other_number_at(scan, entity, lo, hi) < hi:
        return False
    return all(not scan.hits.between(other, lo, hi) for other in _ID_WORDS if other != category)


def _after_keyword(
    scan: TextStructure,
    category: str,
    value: re.Pattern[str],
    accept: Callable[[str], bool],
    span: int,
    loose: Callable[[str], bool] = lambda word: False,
) -> list[tuple[int, int]]:
    """Values shaped like ``value`` after a keyword with only label words between (and the
    values listed after the first: "Passports: AB1234567 and XY9876543").

    After a keyword that ``loose`` accepts (a document's full name), up to three other
    words may stand between, as long as none of them names another kind of number."""
    text = scan.text
    n = len(text)
    found: list[tuple[int, int]] = []
    for keyword_start, end in scan.hits.get(category):
        is_loose = loose(text[keyword_start:end].lower())
        rest = end
        while rest < n and text[rest].isalpha():
            rest += 1  # the rest of a run-on keyword ("passport*": "passports") …
        if not _filler_run(text[end:rest]):
            end = rest  # … unless it is label words run together ("passportnumberis…")
        limit = scan.window_end(end, span)
        for start, stop, group in _candidates(text, value, end, limit):
            between = text[end:start]
            if not _filler_only(between):
                if not (is_loose and _filler_only(between, _LOOSE_WORDS) and _loose_gap(scan, category, end, start)):
                    break
                if _DATE_DIGITS.fullmatch(group):
                    break
            if accept(group):
                found.append((start, stop))
                found.extend(_listed_after(text, stop, value, accept))
                break
    return found


def _listed_after(text: str, pos: int, value: re.Pattern[str], accept: Callable[[str], bool]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    while len(out) < 8:
        joint = _ENUMERATION.match(text, pos)
        if joint is None:
            break
        candidate = value.match(text, joint.end())
        if candidate is None or not accept(candidate.group()):
            break
        out.append(candidate.span())
        pos = candidate.end()
    return out


def _before_keyword(
    scan: TextStructure, category: str, value: re.Pattern[str], accept: Callable[[str], bool], span: int
) -> list[tuple[int, int]]:
    """A value that the next words name ("AB1234567 es mi número de pasaporte")."""
    text = scan.text
    found: list[tuple[int, int]] = []
    for start, _ in scan.hits.get(category):
        lo = max(scan.line_start(start), start - span)
        last = None
        for candidate in value.finditer(text, lo, start):
            last = candidate
        between = text[last.end() : start] if last is not None else ""
        if ". " in between or "? " in between or "! " in between:
            continue  # "… expires on 20390215. Her passport …": the next sentence names nothing here
        if last is None or not accept(last.group()) or not _filler_only(between):
            continue
        if _labelled_as_other(scan, last.start(), category):
            continue  # "NIE: X6746380T. Her passport …": the value has a label of its own
        found.append(last.span())
    return found


def _fields(scan: TextStructure, category: str) -> list[tuple[int, int, str]]:
    if scan.is_tabular:
        return [(f.start, f.end, f.key) for f in scan.column_values(category)]
    return [(f.start, f.end, f.key) for f in scan.field_values(category)]


def find_passport(scan: TextStructure) -> list[Candidate]:
    text = scan.text
    out: list[Candidate] = []
    for start, end, _key in _fields(scan, "PASSPORT.keys"):
        value = text[start:end].strip()
        offset = text.find(value, start, end) if value else -1
        if value and _passport_shaped(value):
            out.append(det("PASSPORT", offset, offset + len(value), 0.9, "passport-keyed"))
    if not scan.is_tabular:
        found = _after_keyword(scan, "PASSPORT.words", _PASSPORT_VALUE, _passport_shaped, 45, lambda word: True)
        for start, end in found:
            out.append(det("PASSPORT", start, end, 0.85, "passport-context"))
        for start, end in _before_keyword(scan, "PASSPORT.words", _PASSPORT_VALUE, _passport_shaped, 45):
            out.append(det("PASSPORT", start, end, 0.8, "passport-context"))
    if not scan.is_tabular:  # a column of product codes holds a valid check digit one time in ten
        for match in scan.find(_DE_PASSPORT):
            if de_passport_ok(match.group()) and not _named_otherwise(scan, match.start(), "PASSPORT"):
                out.append(det("PASSPORT", match.start(), match.end(), 0.7, "passport-de-check"))
    return out


def _labelled_as_other(scan: TextStructure, start: int, category: str) -> bool:
    """The value at ``start`` follows a key or keyword of another identifier ("NIE: …")."""
    others = {c for word in _ID_WORDS if word != category for c in (word, word.replace(".words", ".keys"))}
    if scan.categories_of(scan.key_before(start)) & others:
        return True
    return _other_id_word_before(scan, start, category)


def _other_id_word_before(scan: TextStructure, start: int, category: str, window: int = 30) -> bool:
    """The closest identifier word before ``start`` in its sentence names another identifier
    ("NIE: …", "phone …"); one in the sentence before does not count ("… call. For the record, …")."""
    nearest = scan.nearest_keyword(start, _ID_WORDS, window)
    if nearest in (None, category):
        return False
    hit = scan.hits.last_before(nearest, start, window)
    between = scan.text[hit[1] : start] if hit is not None else ""
    return not (". " in between or "? " in between or "! " in between)


def _named_otherwise(scan: TextStructure, start: int, entity: str) -> bool:
    """The value at ``start`` sits under a key, or after a word, that names something else
    ("SKU: CZ6311T03", "order C01234565", "phone …")."""
    key = scan.key_before(start)
    if key and not scan.categories_of(key) & {f"{entity}.keys", f"{entity}.words"}:
        return True
    lo = max(scan.line_start(start), start - 30)
    if _other_number_at(scan, entity, lo, start) < start:  # "Part no. …", "order …"
        return True
    return _other_id_word_before(scan, start, f"{entity}.words")


def _dl_shaped(value: str) -> bool:
    """Letters and digits, 6-18 of them, upper case; few digits only in a long value (WA)."""
    compact = value.replace(" ", "").replace("-", "")
    if len(compact) < 6 or len(compact) > 18 or not compact.isalnum():
        return False
    if not compact.isdigit() and not compact.isupper() and _LOWER_PREFIXED.fullmatch(compact) is None:
        return False
    digits = sum(c.isdigit() for c in compact)
    return digits >= 3 or (digits >= 1 and len(compact) >= 9)


_LOWER_PREFIXED = LazyRegex(r"[a-z]{1,3}\d+")  # a state's letters then digits, typed in lower case
_DRIVING = LazyRegex(r"driv|führer|fuhrer|permis|carnet|patente|rijbewijs")


def _names_driving(keyword: str) -> bool:
    """A licence keyword that says what licence it is ("driver's license", not "DL" or
    "license no."): only such a name may have other words between it and the number."""
    return _DRIVING.search(keyword) is not None


def find_driver_license(scan: TextStructure) -> list[Candidate]:
    text = scan.text
    out: list[Candidate] = []
    for start, end, key in _fields(scan, "US_DRIVER_LICENSE.keys"):
        if "licen" in key and not re.search(r"driv|dl|permit|operator", key):
            continue
        value = text[start:end].strip()
        offset = text.find(value, start, end) if value else -1
        if value and _dl_shaped(value):
            out.append(det("US_DRIVER_LICENSE", offset, offset + len(value), 0.9, "dl-keyed"))
    if not scan.is_tabular:
        for start, end in _after_keyword(scan, "US_DRIVER_LICENSE.words", _DL_VALUE, _dl_shaped, 40, _names_driving):
            out.append(det("US_DRIVER_LICENSE", start, end, 0.85, "dl-context"))
    return out


def _other_number_at(scan: TextStructure, entity: str, lo: int, hi: int) -> int:
    """Where in ``lo..hi`` a word naming another kind of number starts ("NIE: … Ticket
    1966…", "Part no. …"), or ``hi``. Asked of the few characters around a candidate only."""
    if hi <= lo:
        return hi
    category = f"{entity}.not_after"
    for name, start, _ in scan.rules.keywords.hits_in(scan.text[lo:hi]):
        if name == category:
            return lo + start
    return hi


def _context_windows(scan: TextStructure, entity: str, span: int) -> list[tuple[int, int]]:
    """Where a context-only value may be: after a keyword (same line) or inside a keyed value."""
    windows: list[tuple[int, int]] = []
    for _, end in scan.hits.get(f"{entity}.words"):
        windows.append((end, scan.window_end(end, span)))
    fields = scan.column_values(f"{entity}.keys") if scan.is_tabular else scan.field_values(f"{entity}.keys")
    windows.extend((f.start, f.end) for f in fields)
    if scan.is_tabular:
        windows.extend((f.start, f.end) for f in scan.column_values(f"{entity}.words"))
    return windows


def find_national_id(scan: TextStructure) -> list[Candidate]:
    text = scan.text
    out: list[Candidate] = []
    for finder, valid, name in _STRONG_IDS:
        for match in scan.find(finder):
            if not _is_valid(valid, match.group()):
                if name == "it-codice-fiscale" and codice_fiscale_body_ok(match.group()):
                    # a mistyped check letter: the name letters, birth date and place stay personal
                    out.append(det("NATIONAL_ID", match.start(), match.end(), 0.55, "it-codice-fiscale-unchecked"))
                continue
            # A DNI's check letter, or one written in lower case, is a weaker claim than the
            # other shapes: it gives way to a key or word that names something else.
            if (name == "es-dni" or match.group()[-1].islower()) and _named_otherwise(scan, match.start(), "NATIONAL_ID"):
                continue
            out.append(det("NATIONAL_ID", match.start(), match.end(), 0.8, name))
    windows = [
        (lo, _other_number_at(scan, "NATIONAL_ID", lo, _sentence_end(text, lo, hi)))
        for lo, hi in _context_windows(scan, "NATIONAL_ID", 50)
    ]
    for lo, hi in windows:
        for pattern, valid, name in _CONTEXT_IDS:
            for match in pattern.finditer(text, lo, hi):
                if _is_valid(valid, match.group()):
                    out.append(det("NATIONAL_ID", match.start(), match.end(), 0.9, name))
    for lo, hi in windows:  # behind a label, a value written in lower case: "nie: x1234567l"
        window = text[lo:hi]
        if window.isascii() and not window.isupper() and any(c.isdigit() for c in window):
            upper = window.upper()
            for pattern, valid, name in _LABELLED_IDS:
                for match in pattern.finditer(upper):
                    if _is_valid(valid, match.group()):
                        out.append(det("NATIONAL_ID", lo + match.start(), lo + match.end(), 0.85, name))
    if not scan.is_tabular:  # "199109242397 är mitt pnr"
        for pattern, valid, name in _CONTEXT_IDS:
            for start, end in _before_keyword(scan, "NATIONAL_ID.words", pattern, lambda v, ok=valid: _is_valid(ok, v), 40):
                out.append(det("NATIONAL_ID", start, end, 0.85, name))
    for match in scan.find(_NINO):
        start = match.start()
        if match.group("s") or _context(scan, start, "NATIONAL_ID", 50):
            out.append(det("NATIONAL_ID", start, match.end(), 0.85, "gb-nino"))
    for match in scan.find(_NINO_LOWER):
        if _NINO.confirm.fullmatch(match.group().upper()) and not _named_otherwise(scan, match.start(), "NATIONAL_ID"):
            out.append(det("NATIONAL_ID", match.start(), match.end(), 0.8, "gb-nino"))
    for lo, hi in windows:  # "My finnish id code is030594W903B": a space forgotten
        for pos in _glued_starts(text, lo, hi):
            tail = text[pos:hi]
            for pattern, valid, name in _GLUED_IDS:
                glued = pattern.match(tail)
                if glued is not None and _is_valid(valid, glued.group()):
                    out.append(det("NATIONAL_ID", pos, pos + glued.end(), 0.85, name))
                    break
    return out


_SENTENCE_END = LazyRegex(r"[.;!?](?:\s|$)")


def _sentence_end(text: str, lo: int, hi: int) -> int:
    """``hi``, or the end of the sentence that the first digit after ``lo`` is in: a label
    names the value that follows it, not a number in the next sentence ("NINO: …. Ticket …")."""
    digit = next((i for i in range(lo, hi) if text[i].isdigit()), hi)
    end = _SENTENCE_END.search(text, digit, hi)
    return end.start() if end is not None else hi


def _is_valid(valid: Callable[[str], bool], value: str) -> bool:
    try:
        return bool(valid(value))
    except Exception:  # noqa: BLE001 - a validator must never end a run
        return False
