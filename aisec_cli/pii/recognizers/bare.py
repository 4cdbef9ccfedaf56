"""Identifier shapes with no context word, each at a confidence that follows its evidence.

A value that carries its own proof (a check digit, and for some a birth date) counts at the
default threshold, like a Luhn-valid card number. A nine-character code on its own is usually
a product or order number, so the shapes without a checksum stay below the default: a run that
asks for recall over precision (``--min-confidence 0.3``, or ``min-confidence`` in the
configuration) gets them too.

====================  ======  ===============================================================
level                  conf.   shapes
====================  ======  ===============================================================
checked, with date     0.65    PESEL (born 1900 to this year), Swedish personnummer and
                               samordningsnummer (birth date and Luhn check digit)
checked                0.60    German Steuer-IdNr (official digit rule and check digit), UK NHS
                               number (mod 11; not a phone number its plan knows, nor one
                               with a phone word), German passport serial (ICAO check digit;
                               in capitals the passport recogniser reports it)
prefix rules           0.55    UK NINO written without spaces (prefix rules, suffix A-D)
checksum and date      0.45    a checked value that also reads as a time: twelve digits ending
checksum               0.40    in an hour and minute (YYYYMMDDhhmm), ten that are YYMMDDhhmm, ten
                               from 1000000000 to 1999999999 (Unix seconds, 2001-2033)
layout                 0.35    Korean passport (M123A4567), 3 letters + 6 digits, 2 letters +
                               7 digits
common codes           0.30    1 letter + 8 digits (US passport, many driver licences), 1 letter
                               + 7 digits (India), nine digits in the SSA's issued ranges (SSN)
digits only            0.20    nine digits as a passport number
alone                  0.50    any of the weak shapes above when it is the whole text
====================  ======  ===============================================================

A text that is nothing but one value (a form field or a cell handed over on its own, one value
piped to ``aisec redact``; surrounding blanks aside), or a few values joined on one line by
commas, slashes or "and", has no words around it that could say what else it is, and whoever
handed it over asked about those very values: a weak shape there is reported at the default
threshold (``alone``), in any case of letters, and so is a nine-digit SSN whose dashes are
misplaced (3-6, 5-4). A counting run or a repeated digit still marks an example (AB1234567 is
how documents write a passport number they do not have), unless a check digit vouches for it
in a text of one value (a line of counting runs lists examples), or two or three letters lead
it in a passport layout (GK1234567, KLP123456: the letters carry the claim; not when they run
too, ABC123456).
A checked shape keeps its own level; a German Steuer-IdNr alone is read as under its label
(the check digit, not the official digit rule). The same shapes in any longer text, in a text
of several lines, or in a later piece of a streamed file keep their weak levels.

A shape written with a lower-case letter is one step (0.05) weaker: documents print these in
capitals; a passport layout without a checksum written all in lower case is two steps weaker
(code identifiers and URL slugs look like that: msg284764). Above the checked levels nothing is
looked for; between them and the weak levels only the checked shapes are (RE2 says where
they may be, in one pass), so a default run does little work here. A shape is never reported when a key, a word before it (order, SKU, invoice,
phone, version, commit, ...) or a unit after it names it as something else, when it sits inside
a URL, path or version, when it reads like a short commit hash (lower-case hex, a letter after
a digit), when it runs into a pattern or a call (GR1348941[...]), when its digits are a
placeholder (counting up from 0 or 1 for six digits, 123456, or from anywhere for seven; one
digit six times in a row, unless a birth date and a check digit vouch for it), when a digit run is binary (only 0 and 1), a byte size or bit mask (a
power of two or one less, whole MiB) or has another number right next to it (a table, an offset list, a drawing's
coordinates, a timestamp and its zone). A checked value in prose keeps a label written as a
word ("Numer: …", "Sökande: …") and gives way only to a key that names something else or reads
like code (MAX_ROWS =, seed:); in structured data (CSV, JSON, YAML, code) any key or column
that does not name an identifier still decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from aisec_cli.core.lazyre import LazyRegex
from aisec_cli.core.regex import Finder
from aisec_cli.pii.model import Candidate
from aisec_cli.pii.recognizers.base import det
from aisec_cli.pii.recognizers.contact import _parse_phone
from aisec_cli.pii.recognizers.government import (
    _named_otherwise,
    _other_id_word_before,
    _other_number_at,
)
from aisec_cli.pii.structure import TextStructure
from aisec_cli.pii.validators import (
    de_idnr_labelled_ok,
    de_idnr_ok,
    de_passport_ok,
    nhs_ok,
    personnummer_ok,
    pesel_ok,
    sample_ssns,
    ssn_ok,
)

BARE_LEVELS: dict[str, float] = {
    "checked-date": 0.65,
    "checked": 0.6,
    "prefixes": 0.55,
    "checksum-date": 0.45,
    "checksum": 0.4,
    "layout": 0.35,
    "common": 0.3,
    "digits": 0.2,
    "alone": 0.5,
}
HIGHEST_LEVEL = max(BARE_LEVELS.values())
# The levels a default run reports; below them, the weak shapes (only looked for on request).
CHECKED_LEVELS = frozenset({"checked-date", "checked", "prefixes", "alone"})
HIGHEST_WEAK_LEVEL = max(v for k, v in BARE_LEVELS.items() if k not in CHECKED_LEVELS)
LOWER_CASE_STEP = 0.05
# Bare candidates lose every overlap: any other detection of the same characters has more to go on.
BARE_PRIORITY = 20
# … but a checked NHS number beats a phone reading that only has a phone number's length
# (401-023-2137: no exchange starts with 0); a valid or labelled phone number is not offered.
NHS_PRIORITY = 71
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
# Where a checked shape may be: one RE2 pass at the default threshold, ``_TOKEN`` confirms.
_CHECKED = Finder(
    _TOKEN,
    r"\b(?:[0-9]{10,12}|[0-9]{3}[ \-][0-9]{3}[ \-][0-9]{4}|[0-9]{6}(?:[0-9]{2})?[\-+][0-9]{4}"
    r"|[A-Za-z][0-9A-Za-z]{7}[0-9]|[A-Za-z]{2}[0-9]{6}[A-Da-d])\b",
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
    """Bare identifier shapes down to the threshold: the checked ones at the default, every
    shape when the threshold reaches down to the weak levels."""
    minimum = scan.config.min_confidence
    if minimum > HIGHEST_LEVEL:
        return []
    lone = _lone_values(scan)
    if lone:
        return _read_tokens(scan, lone, alone=True, vouched=len(lone) == 1)
    if minimum > HIGHEST_WEAK_LEVEL:
        return _read_tokens(scan, scan.find(_CHECKED))
    return _scan_shapes(scan)


# Longer than this, a text is more than one value and its blanks.
_LONE_CHARS = 48


# An SSN whose dashes are misplaced (078-051121, 07805-1121): only in a text of values.
_MISPLACED_SSN = LazyRegex(r"(?<![\w\-])(?:[0-9]{3}-[0-9]{6}|[0-9]{5}-[0-9]{4})(?![\w\-])")
# What may join values on their one line: blanks, a comma, semicolon, slash or ampersand, and/or.
_VALUE_JOINER = LazyRegex(r"(?i)[ \t]*(?:[,;/&]|\band\b|\bor\b)[ \t]*|[ \t]+")


def _lone_values(scan: TextStructure) -> list[re.Match[str]]:
    """The bare shapes that make up the whole text, if it is nothing else (blanks around it
    aside; several values on one line joined by commas, slashes, "and"); never in a later
    piece of a streamed file."""
    text = scan.text
    if len(text) > _LONE_CHARS or scan.config.part:
        return []
    start, end = len(text) - len(text.lstrip()), len(text.rstrip())
    if start >= end or "\n" in text[start:end]:
        return []
    found: list[re.Match[str]] = []
    while True:
        match = _TOKEN.match(text, start, end) or _MISPLACED_SSN.match(text, start, end)
        if match is None:
            return []
        found.append(match)
        if match.end() == end:
            return found
        joiner = _VALUE_JOINER.match(text, match.end(), end)
        if joiner is None or joiner.end() == match.end():
            return []
        start = joiner.end()


def _scan_shapes(scan: TextStructure) -> list[Candidate]:
    return _read_tokens(scan, _TOKEN.finditer(scan.text))


def _read_tokens(
    scan: TextStructure, tokens: Iterable[re.Match[str]], alone: bool = False, vouched: bool = False
) -> list[Candidate]:
    text = scan.text
    minimum = scan.config.min_confidence
    wanted = scan.config.entities
    out: list[Candidate] = []
    for match in tokens:
        value = match.group()
        if not alone and value[0].isdigit() and _among_numbers(text, match.start(), match.end()):
            continue
        readings = _classify(value, 0.0, wanted, alone, vouched) if alone else _classify(value, minimum, wanted)
        if alone:
            readings = [(e, max(level, BARE_LEVELS["alone"]), n) for e, level, n in readings[:1]]
            readings = [r for r in readings if r[1] >= minimum]
        for entity, level, name in readings:
            start, end = match.start(), match.end()
            if _named_as_code(scan, entity, start, end, level >= 0.5):
                break
            if name == "bare-gb-nhs" and _phone_reading(scan, value, start, end):
                break
            out.append(det(entity, start, end, level, name))
    return out


def _phone_reading(scan: TextStructure, value: str, start: int, end: int) -> bool:
    """A phone word or key around the number, or (written in groups) a number that a
    configured region's phone plan knows: the phone recogniser's, not an NHS number."""
    if scan.key_has(start, "PHONE.keys") or scan.keyword_before("PHONE.words", start, 40):
        return True
    for hit, _ in scan.hits.between("PHONE.words", end, end + 24):
        if "\n" not in scan.text[end:hit]:
            return True
    if value.isdigit():
        return False
    config = scan.config
    return _parse_phone(value, tuple(dict.fromkeys((config.default_region, *config.regions))))


def _classify(
    value: str, minimum: float, wanted: frozenset[str], alone: bool = False, vouched: bool = False
) -> list[tuple[str, float, str]]:
    """(entity, confidence, recogniser) of every reading of ``value`` at or above ``minimum``;
    ``alone``: the value is the whole text or one of a line of values; ``vouched``: the only
    one, so a check digit vouches for a counting run (a line of counting runs lists examples;
    without a check digit a counting run stays an example)."""
    found: list[tuple[str, float, str]] = []
    if value[0].isdigit():
        digits = value.replace(" ", "").replace("-", "").replace("+", "")
        counting = _placeholder(digits)
        if (counting and not vouched) or len(set(digits)) == 1 or not digits.strip("01") or _size_like(digits):
            return found  # 1111111111, a binary number, 0123456789, 268435456
        repeated = _REPEATED.search(digits) is not None  # 200000001: only a birth date vouches for it
        if "NATIONAL_ID" in wanted:
            found.extend(_national_digits(value, minimum, repeated, alone))
        misplaced = alone and _MISPLACED_SSN.fullmatch(value) is not None and not repeated and not counting
        if misplaced and "US_SSN" in wanted and ssn_ok(digits) and digits not in sample_ssns():
            found.append(("US_SSN", BARE_LEVELS["common"], "bare-ssn"))
        if len(value) == 9 and value.isdigit() and not repeated and not counting:
            if "US_SSN" in wanted and BARE_LEVELS["common"] >= minimum and ssn_ok(value) and value not in sample_ssns():
                found.append(("US_SSN", BARE_LEVELS["common"], "bare-ssn"))
            if "PASSPORT" in wanted and BARE_LEVELS["digits"] >= minimum:
                found.append(("PASSPORT", BARE_LEVELS["digits"], "bare-passport-digits"))
        return found
    if _hash_like(value):
        return found
    upper = value.upper()
    if de_passport_ok(upper):  # the check digit vouches for it, counting digits or not (as in capitals)
        if "PASSPORT" in wanted and _level("checked", value) >= minimum:
            found.append(("PASSPORT", _level("checked", value), "bare-passport-de-check"))
        return found
    if any(_dummy(run) for run in _DIGIT_RUN.findall(value)) and not (vouched and _lettered_layout(upper)):
        return found
    if "NATIONAL_ID" in wanted and _NINO.fullmatch(upper) and _level("prefixes", value) >= minimum:
        found.append(("NATIONAL_ID", _level("prefixes", value), "bare-gb-nino"))
    if "PASSPORT" not in wanted:
        return found
    if _KOREAN.fullmatch(upper) and _level("layout", value, True) >= minimum:
        found.append(("PASSPORT", _level("layout", value, True), "bare-passport-kr"))
    else:
        for shape, level, name in _LETTER_SHAPES:
            if shape.fullmatch(upper) and _level(level, value, True) >= minimum:
                found.append(("PASSPORT", _level(level, value, True), name))
                break
    return found


# Two or three letters, then digits: the passport layouts of several countries (GB, IT, ES).
_LETTERED_LAYOUT = LazyRegex(r"[A-Z]{2}[0-9]{7}|[A-Z]{3}[0-9]{6}")


def _lettered_layout(upper: str) -> bool:
    """A passport layout of two or three letters whose digits may count up when it is the one
    value of a text: the letters carry the claim, unless they run too (ABC123456) or a digit
    repeats six times (GK1111111)."""
    if _LETTERED_LAYOUT.fullmatch(upper) is None or _REPEATED.search(upper) is not None:
        return False
    letters = [ord(c) for c in upper if c.isalpha()]
    return not (len(letters) == 3 and letters[1] == letters[0] + 1 and letters[2] == letters[1] + 1)


def _national_digits(value: str, minimum: float, repeated: bool, alone: bool = False) -> list[tuple[str, float, str]]:
    """Digit runs that a national identifier's check digit (and birth date) accepts: the
    first reading that reaches ``minimum`` (``alone``: a Steuer-IdNr as under its label)."""
    readings: list[tuple[str, str]] = []
    compact = value.replace(" ", "").replace("-", "").replace("+", "")
    timelike = _reads_as_time(value)
    if _PNR_LAYOUT.fullmatch(value) and len(compact) in (10, 12) and personnummer_ok(value):
        readings.append(("checksum-date" if timelike else "checked-date", "bare-se-personnummer"))
    if len(value) == 11 and value.isdigit():
        if pesel_ok(value):
            readings.append(("checked-date", "bare-pl-pesel"))
        elif not repeated and (de_idnr_labelled_ok(value) if alone else de_idnr_ok(value)):
            readings.append(("checked", "bare-de-idnr"))
    if not repeated and _NHS_LAYOUT.fullmatch(value) and nhs_ok(compact):
        readings.append(("checksum" if timelike else "checked", "bare-gb-nhs"))
    for level, name in readings:
        if BARE_LEVELS[level] >= minimum:
            return [("NATIONAL_ID", BARE_LEVELS[level], name)]
    return []


def _reads_as_time(value: str) -> bool:
    """Twelve digits ending in an hour and minute (202312011430), ten that are a date and a time
    (2312011430: a build number), or ten that are Unix seconds of 2001-2033 (1701234567)."""
    if not value.isdigit():
        return False
    if len(value) == 12:
        return _hour_minute(value[8:])
    if len(value) != 10:
        return False
    return value[0] == "1" or (1 <= int(value[2:4]) <= 12 and 1 <= int(value[4:6]) <= 31 and _hour_minute(value[6:]))


def _hour_minute(digits: str) -> bool:
    """Four digits that are a time of day (1430)."""
    return int(digits[:2]) < 24 and int(digits[2:]) < 60


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


_STRUCTURED = frozenset({"csv", "tsv", "json", "jsonl", "yaml", "code"})
# A key written as code: snake_case, camelCase, with digits, or assigned with "=".
_CODE_KEY = LazyRegex(r"_|[a-z][A-Z]|[0-9]|=")


def _label_only(scan: TextStructure, checked: bool, raw_key: str = "") -> bool:
    """A checked value in prose, whose key (if any) is a label word, not code."""
    return checked and not scan.is_tabular and scan.fmt not in _STRUCTURED and not _CODE_KEY.search(raw_key)


def _key_names_other(scan: TextStructure, entity: str, key: str) -> bool:
    """``key`` names another kind of number (order, invoice, phone …) or another identifier."""
    categories = scan.categories_of(key)
    if categories & {f"{entity}.keys", f"{entity}.words"}:
        return False
    return any(c == f"{entity}.not_after" or not c.startswith(("PERSON.", entity)) for c in categories)


def _named_as_code(scan: TextStructure, entity: str, start: int, end: int, checked: bool = False) -> bool:
    """A key, a word before the value or a unit after it says what else it is (a column
    names only a whole cell: a value in a sentence of a notes cell stands on its own).

    A ``checked`` value in prose keeps a key that is a label word ("Numer: …")."""
    text = scan.text
    keyed = _KEY_BEFORE.search(text, max(scan.line_start(start), start - 48), start)
    label = _label_only(scan, checked, keyed.group(0) if keyed is not None else "")
    if _whole_cell(scan, start, end):
        if label:
            lo = max(scan.line_start(start), start - 30)
            if _key_names_other(scan, entity, scan.key_before(start)) or _other_number_at(scan, entity, lo, start) < start:
                return True
            if _other_id_word_before(scan, start, f"{entity}.words"):
                return True
        elif _named_otherwise(scan, start, entity):
            return True
    elif _other_number_at(scan, entity, max(scan.line_start(start), start - 30), start) < start:
        return True  # "… order 86071503824 …" inside a cell
    elif _other_id_word_before(scan, start, f"{entity}.words"):
        return True
    lo = max(scan.line_start(start), start - 24)
    if _CODE_BEFORE.search(text, lo, start) is not None:
        return True
    own = {f"{entity}.keys", f"{entity}.words"}
    key = keyed.group(1).lower() if keyed is not None else ""
    if key and not scan.categories_of(key) & own and (not label or _key_names_other(scan, entity, key)):
        return True
    after = _NEXT_WORD.match(text, end, min(len(text), end + 24))
    if after is not None and _other_number_at(scan, entity, after.start(1), after.end()) < after.end():
        return True  # "AB1234567 (order)", "287401953 invoice"
    return _UNIT_AFTER.match(text, end, min(len(text), end + 16)) is not None
