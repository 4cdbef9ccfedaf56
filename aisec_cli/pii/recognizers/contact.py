"""E-mail addresses and phone numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from aisec_cli.core.regex import Finder
from aisec_cli.pii.model import Candidate
from aisec_cli.pii.recognizers.base import det, in_drawing_numbers
from aisec_cli.pii.structure import TextStructure
from aisec_cli.pii.validators import digits_of
from aisec_cli.core.lazyre import LazyRegex

# ---- e-mail ---------------------------------------------------------------------------------
_AT_DOMAIN = LazyRegex(
    r"@((?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9\-]{2,59}))"
    # an internationalised top-level domain in its ASCII form: xn--p1ai; the text of a script
    # written without spaces may follow at once ("…@qq.com获取")
    r"(?![A-Za-z0-9À-ÖØ-öø-ɏ_\-]|\.[A-Za-z0-9])"
)
# "=" is allowed by RFC 5322 but in practice it is the end of a key (to=, user=).
# Letters of the Latin scripts too (an internationalised address: "josé@", "benoît.morel@"): read
# in ASCII only, "benoî" stayed in the output; letters of scripts written without spaces are
# left out, so an address right after such text starts at its own letters.
_LOCAL_BACKWARDS = LazyRegex(r"[A-Za-z0-9À-ÖØ-öø-ɏ!#%&'*+?_~.\-]{1,64}")  # over the reversed text before the "@"
_RESERVED_DOMAIN = LazyRegex(
    r"(?:^|\.)(?:example\.(?:com|org|net|edu)|example|test|invalid|localhost|local)$", re.IGNORECASE
)
_MESSAGE_ID_LINE = LazyRegex(r"(?im)^[ \t>]*(?:message-id|in-reply-to|references|content-id|x-[\w\-]*id)[ \t]*:")
# The last of these characters before an address (where its token starts): one backwards
# look instead of one per character.
_LAST_DELIMITER = LazyRegex(r"(?s).*[ \t\n\"'<(=,;\[]")
# The letters of a backslash escape in a string literal ("\n", "\t").
_ESCAPE_LETTERS = frozenset("nrtbfv")
_HEXISH = LazyRegex(r"^[0-9a-f]{8}-[0-9a-f]{4}-|^[0-9a-f]{16,}$|^[0-9A-Za-z]{20,}$", re.IGNORECASE)


@lru_cache(maxsize=4096)  # pure; a text repeats its few domains
def _reserved_domain(domain: str) -> bool:
    return _RESERVED_DOMAIN.search(domain) is not None


def find_email(scan: TextStructure) -> list[Candidate]:
    text = scan.text
    out: list[Candidate] = []
    if "@" not in text:
        return out
    keep_examples = scan.config.keep_example_domains
    for match in _AT_DOMAIN.finditer(text):
        at = match.start()
        # the local part, read backwards from the "@" (one match over the reversed window,
        # not a search trying every start in it)
        local_match = _LOCAL_BACKWARDS.match(text[max(0, at - 64) : at][::-1])
        if local_match is None:
            continue
        local = text[at - local_match.end() : at].lstrip(".'`{|}~^=?!#$%&*/+")
        if not local:
            continue
        start = at - len(local)
        if start > 0 and text[start - 1] == "\\" and local[0] in _ESCAPE_LETTERS:
            local, start = local[1:], start + 1  # "\nanna@…" inside a JSON string: the escape is no part of it
            if not local:
                continue  # "\n@app.post": a decorator after an escaped newline
        if text[match.end() : match.end() + 1] == "(":
            continue  # "@app.post('/path')": a decorator or method call, not an address
        last = _LAST_DELIMITER.match(text, max(0, start - 200), start)
        token_start = last.end() - 1 if last is not None else -1
        if "://" in text[token_start + 1 : start]:
            continue  # user:password@host of a URL, not an address
        if keep_examples and _reserved_domain(match.group(1)):
            continue
        line_start = scan.line_start(start)
        if _MESSAGE_ID_LINE.match(text, line_start) and text[line_start:start].rstrip().endswith("<"):
            continue
        if _HEXISH.match(local) and start > 0 and text[start - 1] == "<":
            continue
        out.append(det("EMAIL", start, match.end(), 0.98, "email"))
    return out


# ---- phone numbers -----------------------------------------------------------------------------
_PHONE_RE = LazyRegex(
    r"(?<![\w+\-./#@])"
    r"(?:\+|00(?=[1-9]))?"
    r"\(?\d[\d .\-/()]{5,22}\d"
    r"(?:[ ]?(?:x|ext\.?)[ ]?\d{1,5})?"
    r"(?![\w\-@]|[.:/]\d)"
)
# Written numbers: a "+" or separators between digit groups. Bare digit runs are only looked
# for where a phone keyword, key or column says so.
_PHONE = Finder(
    _PHONE_RE,
    # The ways numbers are written: "+" or "00" and a country code; an area code in
    # parentheses; a trunk 0 (most of Europe); North American 3-3-4; 3-digit-led groups
    # (Spain, Italy, Portugal). Dates and times match none of these.
    r"\+[1-9][0-9 ().\-/]{5,22}[0-9]"
    r"|\([0-9]{2,5}\)[ .\-]?[0-9][0-9 .\-]{3,16}[0-9]"
    r"|\b(?:00[1-9][0-9 ().\-/]{5,22}[0-9]"
    r"|0[0-9]{1,4}[ .\-/][0-9][0-9 .\-/]{3,16}[0-9]"
    r"|1[ .\-][2-9][0-9]{2}[ .\-][0-9]{3}[ .\-][0-9]{4}"
    r"|[2-9][0-9]{2}[ .\-][0-9]{3}[ .\-][0-9]{4}"
    r"|[3-9][0-9]{2}[ .][0-9]{2,3}[ .][0-9]{2,3})",
)
_DATE_LIKE = LazyRegex(
    r"^(?:\d{4}[\-/.]\d{1,2}[\-/.]\d{1,2}|\d{1,2}[\-/.]\d{1,2}[\-/.]\d{2,4})(?:\s|$)"
)
_SEPARATORS = frozenset(" .-/(")
_IBAN_BEFORE = LazyRegex(r"\b[A-Z]{2}\d{2}(?: [A-Z0-9]{4}){0,7} \Z")
_NANP_WRITTEN = LazyRegex(r"^(?:\+?1[ .\-])?(?:\(\d{3}\) ?|\d{3}[.\-])\d{3}[.\-]\d{4}$")
_SSN_SHAPE = LazyRegex(r"^\d{3}([\- ])\d{2}\1\d{4}$")
_DATE_DIGITS = LazyRegex(r"\d{1,4}([\-/.])\d{1,2}\1\d{1,4}\Z")
_TIME_AFTER = LazyRegex(r"[ T]\d{1,2}:\d{2}")
_IP_LIKE = LazyRegex(r"^\d{1,3}(?:\.\d{1,3}){3}$")


# Which regions a national number can belong to, by its first digit and digit count.
_ZERO_REGIONS = {"GB", "DE", "FR", "IT", "NL", "BE", "AT", "CH", "IE", "AU", "NZ", "SE", "DK", "FI"}


def _plausible_regions(digits: str, regions: tuple[str, ...]) -> tuple[str, ...]:
    return _regions_by_shape(digits[0], len(digits), regions)


@lru_cache(maxsize=1024)  # a handful of first digits and lengths per configuration
def _regions_by_shape(first: str, n: int, regions: tuple[str, ...]) -> tuple[str, ...]:
    chosen: list[str] = []
    for region in regions:
        if first == "0":
            if region in _ZERO_REGIONS:
                chosen.append(region)
        elif region in ("US", "CA"):
            if (n == 10 and first in "23456789") or (n == 11 and first == "1"):
                chosen.append(region)
        elif region == "ES":
            if n == 9 and first in "6789":
                chosen.append(region)
        elif region == "IT":
            if first == "3" and 9 <= n <= 11:
                chosen.append(region)
        elif region == "PT":
            if n == 9 and first in "29":
                chosen.append(region)
        elif region not in _ZERO_REGIONS:
            chosen.append(region)
    return tuple(chosen)


_TYPE_DESCS = (
    "fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost",
    "voip", "personal_number", "pager", "uan", "voicemail",
)


@dataclass(frozen=True, slots=True)
class _Numbering:
    """A region's numbering plan from libphonenumber's metadata (its public ``PhoneMetadata``)."""

    code: str  # calling code
    lengths: tuple[int, ...]  # possible lengths of a national significant number
    local_lengths: tuple[int, ...]
    # Patterns compiled on first use: a plan is built for every calling code a text's "+"
    # numbers name, and most of its type patterns are never reached (a length check fails
    # first); each worker process would compile them all again.
    general: LazyRegex
    types: tuple[tuple[tuple[int, ...], LazyRegex], ...]  # (lengths, pattern) per number type
    trunk: LazyRegex | None  # what the parser strips as a national prefix

    def known(self, national: str) -> bool:
        """``national`` is a number of a known type (what ``is_valid_number_for_region`` says)."""
        size = len(national)
        if (self.lengths and size not in self.lengths) or not self.general.fullmatch(national):
            return False
        return any((not sizes or size in sizes) and pattern.fullmatch(national) for sizes, pattern in self.types)

    def possible(self, national: str) -> bool:
        """``national`` has a possible length (what ``is_possible_number`` says)."""
        return len(national) in self.lengths or len(national) in self.local_lengths


@lru_cache(maxsize=None)
def _numbering(region: str) -> _Numbering | None:
    import phonenumbers

    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    general = None if metadata is None else metadata.general_desc
    if metadata is None or general is None or not general.national_number_pattern or not general.possible_length:
        return None
    sources: list[tuple[tuple[int, ...], str]] = []
    for name in _TYPE_DESCS:
        desc = getattr(metadata, name, None)
        if desc is not None and desc.national_number_pattern:
            entry = (tuple(desc.possible_length), desc.national_number_pattern)
            if entry not in sources:  # mobile and fixed-line share one pattern in many plans
                sources.append(entry)
    trunk = metadata.national_prefix_for_parsing or metadata.national_prefix
    return _Numbering(
        str(metadata.country_code),
        tuple(general.possible_length),
        tuple(general.possible_length_local_only or ()),
        LazyRegex(general.national_number_pattern),
        tuple((sizes, LazyRegex(source)) for sizes, source in sources),
        LazyRegex(trunk) if trunk else None,
    )


def _quick_phone(candidate: str, regions: tuple[str, ...], lenient: bool) -> bool | None:
    """The parser's answer for the plain ways of writing a number ("+" and a calling code, or
    a national number with no trunk prefix), read straight from the numbering plan; ``None``
    when only the full parser can tell (extensions, trunk prefixes, shared calling codes)."""
    if any(map(str.isalpha, candidate)):
        return None
    if candidate.isascii():  # the usual case: the digits 0-9, without a call per character
        digits = digits_of(candidate)
    else:
        digits = "".join(filter(str.isdigit, candidate))
    if len(digits) < 3:
        return None
    if candidate.startswith(("+", "00")):
        if candidate.startswith("00"):
            digits = digits[2:]
        if digits[:1] in ("", "0"):
            return None
        for size in (1, 2, 3):
            main = _main_region(int(digits[:size]))
            if main == "ZZ":
                continue
            plan = _numbering(main)
            national = digits[size:]
            if plan is None or (plan.trunk is not None and plan.trunk.match(national)):
                return None
            if lenient:
                return plan.possible(national)
            if plan.known(national):
                return True
            return None if _code_shared_with(int(digits[:size]), main, regions) else False
        return None
    if digits[0] in "01":
        return None
    plans = []
    for region in _plausible_regions(digits, regions):
        plan = _numbering(region)
        if plan is None or digits.startswith(plan.code) or (plan.trunk is not None and plan.trunk.match(digits)):
            return None
        plans.append(plan)
    if lenient:
        return any(plan.possible(digits) for plan in plans)
    return any(plan.known(digits) for plan in plans)


@lru_cache(maxsize=1024)  # calling codes: at most a thousand
def _main_region(code: int) -> str:
    import phonenumbers

    return phonenumbers.region_code_for_country_code(code)


@lru_cache(maxsize=4096)
def _code_shared_with(code: int, main: str, regions: tuple[str, ...]) -> bool:
    """Another of ``regions`` than ``main`` uses calling code ``code``."""
    import phonenumbers

    shared = phonenumbers.region_codes_for_country_code(code)
    return any(r != main and r in shared for r in regions)


@lru_cache(maxsize=4096)
def _parse_phone(candidate: str, regions: tuple[str, ...], lenient: bool = False) -> bool:
    """Valid per libphonenumber's metadata; ``lenient`` also takes numbers of a possible
    length (written with "+" and separators, or under a phone keyword)."""
    quick = _quick_phone(candidate, regions, lenient)
    if quick is not None:
        return quick
    import phonenumbers  # imported on the first phone-shaped candidate, not at start-up

    if candidate.startswith("00"):
        candidate = "+" + candidate[2:]
    if candidate.startswith("+"):
        try:
            number = phonenumbers.parse(candidate, None)
        except phonenumbers.NumberParseException:
            return False
        if lenient:
            return phonenumbers.is_possible_number(number)
        # The calling code's main region, then the configured regions sharing the code
        # (is_valid_number would walk all two dozen regions of +1, slowly).
        code = number.country_code
        main = phonenumbers.region_code_for_country_code(code)
        if main != "ZZ" and phonenumbers.is_valid_number_for_region(number, main):
            return True
        shared = phonenumbers.region_codes_for_country_code(code)
        return any(r != main and r in shared and phonenumbers.is_valid_number_for_region(number, r) for r in regions)
    digits = "".join(c for c in candidate if c.isdigit())
    for region in _plausible_regions(digits, regions):
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if lenient:
            if phonenumbers.is_possible_number(number):
                return True
        elif phonenumbers.is_valid_number_for_region(number, region):
            return True
    return False


def _phone_context(scan: TextStructure, start: int) -> bool:
    return scan.key_has(start, "PHONE.keys") or scan.keyword_before("PHONE.words", start, 40)


def _context_windows(scan: TextStructure) -> list[tuple[int, int]]:
    windows = [(end, scan.window_end(end, 40)) for _, end in scan.hits.get("PHONE.words")]
    fields = scan.column_values("PHONE.keys") if scan.is_tabular else scan.field_values("PHONE.keys")
    windows.extend((f.start, f.end) for f in fields)
    return windows


# A candidate's shape: every ASCII digit but 0 written as 1. What :func:`_shape_verdict` reads
# of a value depends on nothing else (digit counts, separators, the "00" of a calling code).
_SHAPE = str.maketrans("23456789", "11111111")


@lru_cache(maxsize=4096)  # dense text writes its thousands of numbers in a few dozen shapes
def _shape_verdict(shape: str) -> tuple[bool, bool, bool] | None:
    """``None`` when a candidate of this shape is no phone number whatever its digits (too few
    or too many, a date, an IP address, an SSN's 3-2-4, stray separators); else (international,
    separated, written like a date so a time after it makes it one)."""
    digits = sum(map(str.isdigit, shape))
    international = shape.startswith(("+", "00"))
    if digits < 7 or digits > (15 if international else 12):
        return None
    if _DATE_LIKE.match(shape) or _IP_LIKE.match(shape):
        return None
    if "  " in shape or shape.count("/") > 1 or shape.count(".") > 4:
        return None
    if shape.count("(") != shape.count(")"):
        return None
    if _SSN_SHAPE.match(shape):
        return None  # 123-45-6789 is how SSNs are written, never phone numbers
    return international, not _SEPARATORS.isdisjoint(shape), _DATE_DIGITS.match(shape) is not None


def find_phone(scan: TextStructure) -> list[Candidate]:
    text = scan.text
    config = scan.config
    regions = tuple(dict.fromkeys((config.default_region, *config.regions)))
    out: list[Candidate] = []
    candidates: dict[int, re.Match[str]] = {m.start(): m for m in scan.find(_PHONE)}
    for lo, hi in _context_windows(scan):
        for match in _PHONE_RE.finditer(text, lo, hi):
            candidates.setdefault(match.start(), match)
    for _, match in sorted(candidates.items()):
        value = match.group()
        start = match.start()
        shape = _shape_verdict(value.translate(_SHAPE))
        if shape is None:
            continue  # too few or too many digits, a date, an IP address, an SSN …
        international, separated, date_digits = shape
        if start >= 2 and text[start - 1] in " .-/" and text[start - 2].isdigit() and not international:
            continue  # the tail of a longer digit sequence (a card or reference number)
        if start >= 2 and text[start - 1] == ":" and text[start - 2].isdigit():
            continue  # the seconds of a time ("16:46:03.497943", "00:00:00 1970-01-01")
        if date_digits and _TIME_AFTER.match(text, start + len(value)):
            continue  # a date before a time ("023-12-18 14:24:34")
        if text[start - 1 : start] in (" ", "\"") and in_drawing_numbers(text, start):
            continue  # the numbers of an SVG path
        if text[start - 1 : start] == " " and _IBAN_BEFORE.search(text, max(0, start - 40), start):
            continue  # the digit groups of an IBAN (one whose check digits failed)
        # the context is only asked for a national number (it costs a look at the key before)
        context = False if international else _phone_context(scan, start)
        if not international and not separated:
            # A bare digit run is a phone number only where the text says so.
            if not context:
                continue
            confidence = 0.85
        else:
            confidence = 0.9 if international else 0.8
        candidate = value
        ok = _parse_phone(candidate, regions)
        if not ok and separated:
            # Trailing groups may belong to the next token ("0161 821 9757 2024").
            parts = candidate.rsplit(" ", 1)
            if len(parts) == 2 and sum(c.isdigit() for c in parts[0]) >= 7:
                ok = _parse_phone(parts[0], regions)
                if ok:
                    candidate = parts[0]
        if not ok and separated and (international or context or _NANP_WRITTEN.match(value)):
            # Written like a phone number (+country code, (415) 555-0123, 415-555-0123) or
            # labelled as one: a possible length is enough (fictional 555 numbers included).
            ok = _parse_phone(value, regions, lenient=True)
            candidate = value
            confidence -= 0.1
        if not ok and separated and context and not international and _labelled_local(scan, value, start):
            # A local number (462 8817, 724 19 388) in a plan no configured region has,
            # right after a phone word or under a phone key.
            out.append(det("PHONE", start, start + len(value), 0.7, "phone-labelled"))
            continue
        if not ok:
            continue
        if not international and context:
            confidence = max(confidence, 0.9)
        out.append(det("PHONE", start, start + len(candidate), confidence, "phone"))
    return out


# Digit groups of two to four (an area code in parentheses first), one separator between.
_LOCAL_GROUPS = LazyRegex(r"(?:\(\d{2,5}\) ?)?\d{2,4}(?:[ .\-]\d{2,4}){1,4}")


_COUNTING = "01234567890"


def _labelled_local(scan: TextStructure, value: str, start: int) -> bool:
    """``value`` is written in local digit groups and a phone key holds it, or a phone word
    stands before it with no other number between. Not a number written the North American
    way (that plan has judged it already), nor a counting placeholder (123-456-789)."""
    if _LOCAL_GROUPS.fullmatch(value) is None or _NANP_WRITTEN.match(value) is not None:
        return False
    digits = digits_of(value)
    if any(digits[i : i + 6] in _COUNTING for i in range(len(digits) - 5)):
        return False
    if scan.key_has(start, "PHONE.keys"):
        return True
    hit = scan.hits.last_before("PHONE.words", start, 40)
    return hit is not None and not any(c.isdigit() or c == "\n" for c in scan.text[hit[1] : start])
