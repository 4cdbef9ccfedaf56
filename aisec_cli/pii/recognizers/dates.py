"""Dates of birth: a date *and* evidence that it is one (a key, a column, a keyword).

Every other date (order dates, timestamps, release dates) is left alone.
"""

from __future__ import annotations

import re
from datetime import date

from aisec_cli.pii.model import Candidate
from aisec_cli.pii.recognizers.base import det
from aisec_cli.pii.structure import TextStructure
from aisec_cli.core.lazyre import LazyRegex

_MONTHS = {
    # en
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # de
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "juni": 6,
    "juli": 7, "oktober": 10, "dezember": 12, "okt": 10, "dez": 12,
    # fr
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12, "janv": 1, "févr": 2, "avr": 4, "juil": 7, "déc": 12,
    # es
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "ene": 1, "abr": 4, "ago": 8, "dic": 12,
    # it
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "settembre": 9, "ottobre": 10, "dicembre": 12, "gen": 1, "mag": 5, "giu": 6, "lug": 7,
    "set": 9, "ott": 10,
    # nl
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8, "okt.": 10,
}
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))

_DATE = LazyRegex(
    r"(?<![\w\-./:])(?:"
    r"(?P<y1>\d{4})(?P<s1>[\-/.])(?P<m1>\d{1,2})(?P=s1)(?P<d1>\d{1,2})"
    r"|(?P<a2>\d{1,2})(?P<s2>[\-/.])(?P<b2>\d{1,2})(?P=s2)(?P<y2>\d{4}|\d{2})"
    r"|(?P<d3>\d{1,2})(?:\.|er|st|nd|rd|th|º|°)?[ \u00a0]+(?:de[ \u00a0]+)?(?P<mon3>" + _MONTH_ALT + r")\.?,?"
    r"[ \u00a0]+(?:de[ \u00a0]+|del[ \u00a0]+)?(?P<y3>\d{4})"
    r"|(?P<mon4>" + _MONTH_ALT + r")\.?[ \u00a0]+(?P<d4>\d{1,2})(?:st|nd|rd|th)?,?[ \u00a0]+(?P<y4>\d{4})"
    r")(?![\w\-/]|[.:]\d|T\d)",
    re.IGNORECASE,
)

_NOT_DOB_KEYS = LazyRegex(r"place|city|country|ort|lieu|lugar|luogo|plaats|name")


def _plausible(match: re.Match[str], today_year: int) -> bool:
    g = match.groupdict()
    try:
        if g["y1"]:
            year, month, day = int(g["y1"]), int(g["m1"]), int(g["d1"])
        elif g["y2"]:
            a, b, year = int(g["a2"]), int(g["b2"]), int(g["y2"])
            if year < 100:
                year += 1900 if year > today_year % 100 else 2000
            if a > 12:
                day, month = a, b
            elif b > 12:
                month, day = a, b
            else:
                day, month = a, b
        elif g["y3"]:
            year, month, day = int(g["y3"]), _MONTHS[g["mon3"].lower().rstrip(".")], int(g["d3"])
        else:
            year, month, day = int(g["y4"]), _MONTHS[g["mon4"].lower().rstrip(".")], int(g["d4"])
        date(year, month, day)
    except (ValueError, KeyError, TypeError):
        return False
    return 1880 <= year <= today_year


def _is_reply_line(scan: TextStructure, start: int, end: int) -> bool:
    """The date is a whole message: nothing after it, only a speaker/time prefix before."""
    text = scan.text
    line_start = scan.line_start(start)
    after = text[end : scan.line_end(end)].strip(" .,;)")
    if after:
        return False
    return re.fullmatch(r"[^\w]*(?:\[[^\]]*\]\s*)?(?:[^:\n]{1,60}:\s*)?", text[line_start:start]) is not None


def find_dob(scan: TextStructure) -> list[Candidate]:
    text = scan.text
    year = date.today().year
    out: list[Candidate] = []
    seen: set[int] = set()

    def add(match: re.Match[str], confidence: float, recognizer: str) -> None:
        if match.start() not in seen:
            seen.add(match.start())
            out.append(det("DATE_OF_BIRTH", match.start(), match.end(), confidence, recognizer))

    fields = (
        scan.column_values("DATE_OF_BIRTH.keys")
        if scan.is_tabular
        else scan.field_values("DATE_OF_BIRTH.keys")
    )
    for field in fields:
        if _NOT_DOB_KEYS.search(field.key):
            continue
        for match in _DATE.finditer(text, field.start, field.end):
            if _plausible(match, year):
                add(match, 0.95, "dob-keyed")
                break
    if scan.is_tabular:
        return out
    n = len(text)
    for _, end in scan.hits.get("DATE_OF_BIRTH.words"):
        # "Date of birth: 1 May 1980", "born on 01/05/1980", "geboren am 1. Mai 1980".
        line_end = scan.line_end(end)
        for match in _DATE.finditer(text, end, scan.window_end(end, 60)):
            between = text[end : match.start()]
            if ". " in between or "? " in between:
                break
            if _plausible(match, year):
                add(match, 0.9, "dob-context")
            break
        # A question about the birth date answered on one of the next lines (chats).
        if "?" in text[end : line_end]:
            pos = line_end + 1
            for _ in range(3):
                if pos >= n:
                    break
                next_end = scan.line_end(pos)
                match = _DATE.search(text, pos, next_end)
                if match and _plausible(match, year) and _is_reply_line(scan, match.start(), match.end()):
                    add(match, 0.85, "dob-answer")
                    break
                pos = next_end + 1
    return out
