"""Identifier shapes with no context word, at a confidence below the default threshold.

A nine-character code on its own is usually a product or order number, so by default a bare
shape is not reported. A run that asks for recall over precision (``--min-confidence 0.3``,
or ``min-confidence`` in the configuration) gets these candidates, each at a level that
follows the strength of its evidence:

====================  ======  ===============================================================
level                  conf.   shapes
====================  ======  ===============================================================
checksum and date      0.45    PESEL, Swedish personnummer (birth date and check digit)
checksum               0.40    German Steuer-IdNr (digit rule and check digit), German
                               passport serial (ICAO check digit)
layout                 0.35    UK NINO (prefix rules, suffix A-D), UK NHS number (mod 11, but
                               the 3-3-4 layout of a phone number), Korean passport (M123A4567),
                               3 letters + 6 digits, 2 letters + 7 digits
common codes           0.30    1 letter + 8 digits (US passport, many driver licences), 1 letter
                               + 7 digits (India), nine digits in the SSA's issued ranges (SSN)
digits only            0.20    nine digits as a passport number
====================  ======  ===============================================================

A shape written with a lower-case letter is one step (0.05) weaker: documents print these in
capitals; a passport layout without a checksum written all in lower case is two steps weaker
(code identifiers and URL slugs look like that: msg284764). Nothing is looked for when the threshold is above the highest level, so a default run
does no work here. A shape is never reported when a key, a word before it (order, SKU, invoice,
phone, version, commit, ...) or a unit after it names it as something else, when it sits inside
a URL, path or version, when it reads like a short commit hash (lower-case hex, a letter after
a digit), when it runs into a pattern or a call (GR1348941[...]), when its digits are a
placeholder (counting up from 0 or 1 for six digits, 123456, or from anywhere for seven; one
digit six times in a row), when a digit run is binary (only 0 and 1), a byte size or bit mask (a
power of two or one less, whole MiB) or has another number right next to it (a table, an offset list, a drawing's
coordinates, a timestamp and its zone).
"""

from __future__ import annotations

from itertools import pairwise

from aisec_cli.core.lazyre import LazyRegex
from aisec_cli.pii.model import Candidate
from aisec_cli.pii.recognizers.base import det
from aisec_cli.pii.recognizers.government import (
    _is_valid,
    _named_otherwise,
    _other_id_word_before,
    _other_number_at,
    _valid,
)
from aisec_cli.pii.structure import TextStructure
from aisec_cli.pii.validators import de_passport_ok, sample_ssns, ssn_ok

BARE_LEVELS: dict[str, float] = {
    "checksum-date": 0.45,
    "checksum": 0.4,
    "layout": 0.35,
    "common": 0.3,
    "digits": 0.2,
}
HIGHEST_LEVEL = max(BARE_LEVELS.values())
LOWER_CASE_STEP = 0.05
# Bare candidates lose every overlap: any other detection of the same characters has more to go on.
BARE_PRIORITY = 20
RECOGNIZERS = (
    "bare-se-personnummer", "bare-pl-pesel", "bare-de-idnr", "bare-gb-nhs", "bare-gb-nino", "bare-ssn",
    "bare-passport-de-check", "bare-passport-kr", "bare-passport-3l6d", "bare-passport-2l7d",
    "bare-passport-1l8d", "bare-passport-1l7d", "bare-passport-digits",
)

# A whole token: letters and digits (up to three letters, then a digit), or a digit run with
# the separators the national formats use. Not part of a URL, path, e-mail, version or option.
_TOKEN = LazyRegex(
    r"(?<![\w\-.+/#@:$%&=?\\~])"
    r"(?:[A-Za-z]{1,3}[0-9][A-Za-z0-9]{5,10}(?![\[({])"
    r"|[0-9]{9,12}"
    r"|[0-9]{3}(?P<g>[ \-])[0-9]{3}(?P=g)[0-9]{4}"
    r"|[0-9]{6}(?:[0-9]{2})?[\-+][0-9]{4})"
    r"(?![\w\-@]|[./:,][\w])"
)
_KOREAN = LazyRegex(r"[MSRODG][0-9]{3}[A-Z][0-9]{4}")
_NINO = LazyRegex(r"(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]")
_LETTER_SHAPES = (  # (shape of the upper-cased value, level, recogniser)
    (LazyRegex(r"[A-Z]{3}[0-9]{6}"), "layout", "bare-passport-3l6d"),
    (LazyRegex(r"[A-Z]{2}[0-9]{7}"), "layout", "bare-passport-2l7d"),
    (LazyRegex(r"[A-Z][0-9]{8}"), "common", "bare-passport-1l8d"),
    (LazyRegex(r"[A-Z][1-9][0-9]{6}"), "common", "bare-passport-1l7d"),
)
_HEX = LazyRegex(r"[0-9a-f]+")
_REPEATED = LazyRegex(r"([0-9])\1{5}")
_DIGIT_RUN = LazyRegex(r"[0-9]+")
# A number with another number right before or after it on its line: a table, a path's
# coordinates, an offset table ("0000061431 00000 n"), not one person's identifier.
_NUMBER_BEFORE = LazyRegex(r"[0-9][ \t,;]*$")
_NUMBER_AFTER = LazyRegex(r"[ \t,;]*[-+]?[ \t]*[0-9]")
# A key right before the value, also inside an escaped string ('\"distance\": 149597870').
_KEY_BEFORE = LazyRegex(r"([A-Za-z_][\w\-]*)\\*[\"']?[ \t]*[:=][ \t]*\\*[\"']?$")
_LETTER_AFTER_DIGIT = LazyRegex(r"[0-9][a-f]")
_NHS_LAYOUT = LazyRegex(r"[0-9]{10}|[0-9]{3}([ \-])[0-9]{3}\1[0-9]{4}")
_PNR_LAYOUT = LazyRegex(r"(?:[0-9]{2})?[0-9]{6}[\-+]?[0-9]{4}")
# Words that name a code, not a person's document (besides the entities' own not_after words),
# in the few characters before a value, and units or counts after it.
_CODE_BEFORE = LazyRegex(
    r"(?i)(?<![^\W\d_])(?:items?|products?|articles?|art|lot|batch|isbn|ean|upc|asin|gtin|commit|sha\d*|md5|hash|"
    r"digest|rev|revision|issues?|pr|pull|bug|job|run|task|transactions?|txn|tx|payment|receipt|pin|otp|token|"
    r"uuid|guid|uid|gid|pid|port|size|bytes|time|timestamp|epoch|vin|imei|iccid|shipment|parcel|container|"
    r"errno|error|err|status|exit|line|offset|count|total|seed|nonce|merged?|cherry-picked|reverts?|reverted|"
    r"fixup|squash|tag|tagged|blob|tree|object|parent|"
    r"no\.?|nr\.?|#|code|id)[\s:#.]*$"
)
_NEXT_WORD = LazyRegex(r"[ \t]*[(\[]?[ \t]*([^\W\d_]+)")
_UNIT_AFTER = LazyRegex(
    r"(?i)[ \t]*(?:%|(?:gmt|utc|bytes?|b|kb|mb|gb|ms|ns|us|sec|seconds?|rows?|records?|items?|times|users?|views|"
    r"downloads|requests|tokens|steps|iterations|x|km|m|kg)\b)"
)


def _level(name: str, value: str, layout_only: bool = False) -> float:
    """The confidence of a reading at level ``name``: a step lower with a lower-case letter, and
    another for a layout without a checksum written all in lower case (how code identifiers
    and URL slugs are written: msg284764)."""
    level = BARE_LEVELS[name]
    if any(c.islower() for c in value):
        level -= LOWER_CASE_STEP
        if layout_only and not any(c.isupper() for c in value):
            level -= LOWER_CASE_STEP
    return round(level, 2)


def _placeholder(digits: str) -> bool:
    """Digits written as a placeholder: counting up from 0 or 1 for six digits or more
    (123456, 0123456789), counting up for seven from anywhere (234567890)."""
    run = 1
    for index, (before, after) in enumerate(pairwise(digits)):
        run = run + 1 if (int(before) + 1) % 10 == int(after) else 1
        if run >= 7 or (run >= 6 and digits[index - 4] in "01"):
            return True
    return False


def _dummy(digits: str) -> bool:
    """A placeholder run, or one digit six times in a row (111111)."""
    return _placeholder(digits) or _REPEATED.search(digits) is not None


def _size_like(digits: str) -> bool:
    """A byte size or a bit mask: a power of two (2147483648), one less (134217727), or a
    whole number of MiB (104857600)."""
    number = int(digits)
    return number > 0 and (number & (number - 1) == 0 or number & (number + 1) == 0 or number % (1 << 20) == 0)


def _hash_like(value: str) -> bool:
    """Lower-case hex with a letter after a digit: a short commit hash ("d482a7193"), not a
    code whose letters lead ("ab4829173")."""
    return value.islower() and _HEX.fullmatch(value) is not None and _LETTER_AFTER_DIGIT.search(value) is not None


def find_bare(scan: TextStructure) -> list[Candidate]:
    """Bare identifier shapes, only when the threshold reaches down to them."""
    if scan.config.min_confidence > HIGHEST_LEVEL:
        return []
    return _scan_shapes(scan)


def _scan_shapes(scan: TextStructure) -> list[Candidate]:
    text = scan.text
    minimum = scan.config.min_confidence
    wanted = scan.config.entities
    out: list[Candidate] = []
    for match in _TOKEN.finditer(text):
        value = match.group()
        if value[0].isdigit() and _among_numbers(text, match.start(), match.end()):
            continue
        for entity, level, name in _classify(value, minimum, wanted):
            start, end = match.start(), match.end()
            if _named_as_code(scan, entity, start, end):
                break
            out.append(det(entity, start, end, level, name))
    return out


def _classify(value: str, minimum: float, wanted: frozenset[str]) -> list[tuple[str, float, str]]:
    """(entity, confidence, recogniser) of every reading of ``value`` at or above ``minimum``."""
    found: list[tuple[str, float, str]] = []
    if value[0].isdigit():
        digits = value.replace(" ", "").replace("-", "").replace("+", "")
        if _dummy(digits) or not digits.strip("01") or _size_like(digits):
            return found  # 1111111111, a binary number, 0123456789, 268435456
        if "NATIONAL_ID" in wanted:
            found.extend(_national_digits(value, minimum))
        if len(value) == 9 and value.isdigit():
            if "US_SSN" in wanted and BARE_LEVELS["common"] >= minimum and ssn_ok(value) and value not in sample_ssns():
                found.append(("US_SSN", BARE_LEVELS["common"], "bare-ssn"))
            if "PASSPORT" in wanted and BARE_LEVELS["digits"] >= minimum:
                found.append(("PASSPORT", BARE_LEVELS["digits"], "bare-passport-digits"))
        return found
    if _hash_like(value):
        return found
    upper = value.upper()
    if any(_dummy(run) for run in _DIGIT_RUN.findall(value)):
        return found
    if "NATIONAL_ID" in wanted and _NINO.fullmatch(upper) and _level("layout", value) >= minimum:
        found.append(("NATIONAL_ID", _level("layout", value), "bare-gb-nino"))
    if "PASSPORT" not in wanted:
        return found
    if de_passport_ok(upper) and _level("checksum", value) >= minimum:
        found.append(("PASSPORT", _level("checksum", value), "bare-passport-de-check"))
    elif _KOREAN.fullmatch(upper) and _level("layout", value, True) >= minimum:
        found.append(("PASSPORT", _level("layout", value, True), "bare-passport-kr"))
    else:
        for shape, level, name in _LETTER_SHAPES:
            if shape.fullmatch(upper) and _level(level, value, True) >= minimum:
                found.append(("PASSPORT", _level(level, value, True), name))
                break
    return found


def _national_digits(value: str, minimum: float) -> list[tuple[str, float, str]]:
    """Digit runs that a national identifier's checksum (and birth date) accepts."""
    found: list[tuple[str, float, str]] = []
    compact = value.replace(" ", "").replace("-", "").replace("+", "")
    strong = BARE_LEVELS["checksum-date"] >= minimum
    if strong and _PNR_LAYOUT.fullmatch(value) and len(compact) in (10, 12) and _is_valid(_valid("se.personnummer"), value):
        found.append(("NATIONAL_ID", BARE_LEVELS["checksum-date"], "bare-se-personnummer"))
    if len(value) == 11 and value.isdigit():
        if strong and _is_valid(_valid("pl.pesel"), value):
            found.append(("NATIONAL_ID", BARE_LEVELS["checksum-date"], "bare-pl-pesel"))
        elif BARE_LEVELS["checksum"] >= minimum and _is_valid(_valid("de.idnr"), value):
            found.append(("NATIONAL_ID", BARE_LEVELS["checksum"], "bare-de-idnr"))
    if BARE_LEVELS["layout"] >= minimum and _NHS_LAYOUT.fullmatch(value) and _is_valid(_valid("gb.nhs"), compact):
        found.append(("NATIONAL_ID", BARE_LEVELS["layout"], "bare-gb-nhs"))
    return found[:1]  # the strongest reading


def _whole_cell(scan: TextStructure, start: int, end: int) -> bool:
    """Not tabular, or the value fills its cell (quotes and spaces aside)."""
    if not scan.is_tabular:
        return True
    bounds = scan.cell_bounds(start)
    if bounds is None:
        return True
    return not scan.text[bounds[0] : start].strip(" \t\"'") and not scan.text[end : bounds[1]].strip(" \t\"'")


def _among_numbers(text: str, start: int, end: int) -> bool:
    """Another number right before or after ``text[start:end]`` on its line."""
    if _NUMBER_BEFORE.search(text, max(0, start - 4), start) is not None:
        return True
    return _NUMBER_AFTER.match(text, end, end + 8) is not None


def _named_as_code(scan: TextStructure, entity: str, start: int, end: int) -> bool:
    """A key, a word before the value or a unit after it says what else it is (a column
    names only a whole cell: a value in a sentence of a notes cell stands on its own)."""
    if _whole_cell(scan, start, end):
        if _named_otherwise(scan, start, entity):
            return True
    elif _other_number_at(scan, entity, max(scan.line_start(start), start - 30), start) < start:
        return True  # "… order 86071503824 …" inside a cell
    elif _other_id_word_before(scan, start, f"{entity}.words"):
        return True
    text = scan.text
    lo = max(scan.line_start(start), start - 24)
    if _CODE_BEFORE.search(text, lo, start) is not None:
        return True
    keyed = _KEY_BEFORE.search(text, max(scan.line_start(start), start - 48), start)
    if keyed is not None and not scan.categories_of(keyed.group(1).lower()) & {f"{entity}.keys", f"{entity}.words"}:
        return True
    after = _NEXT_WORD.match(text, end, min(len(text), end + 24))
    if after is not None and _other_number_at(scan, entity, after.start(1), after.end()) < after.end():
        return True  # "AB1234567 (order)", "287401953 invoice"
    return _UNIT_AFTER.match(text, end, min(len(text), end + 16)) is not None
