"""Street addresses: a street line built from the locale's street words, plus postcode and town.

Shapes per locale family: "12 Elm Street, Springfield, IL 62704" / "Flat 3 Mill Lane, Leeds,
LS1 4AB"; "Bahnhofstraße 12, 10115 Berlin"; "Dorpsstraat 4, 1234 AB Utrecht";
"12, rue de la Paix, 75002 Paris"; "Calle Mayor 5 Piso 2, 28013 Madrid"; "Via Roma, 10,
00184 Roma". A value under an ``address``/``street`` key or column is taken whole.
"""

from __future__ import annotations

import re
from functools import cache

from aisec_cli.pii.lexicons import street_types
from aisec_cli.pii.model import Candidate
from aisec_cli.pii.recognizers.base import det
from aisec_cli.pii.recognizers.person import LO, UP, WORD
from aisec_cli.pii.structure import TextStructure
from aisec_cli.core.lazyre import LazyRegex

# A word of a street or town name: a capitalised word, possessive allowed ("King's Road").
STREET_WORD = rf"{WORD}(?:['’]s)?"
_CITY_JOIN = r"(?:of|upon|on|le|la|les|sur|sous|am|an|der|den|im|di|de|del|della|en|aan|op|bei|in|y|auf|'t)"
CITY = rf"(?:'t[ ])?{WORD}(?:[ \-](?:{_CITY_JOIN}[ \-])?(?:{WORD}|[{UP}]['’]{WORD})){{0,3}}"
_SEP = r"(?:,[ \t]*|[ \t]*\r?\n[ \t]*|[ \t]+-[ \t]+)"
_UNITS = (
    r"(?:,?[ \t]+(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Floor|Fl\.?|Room|Rm\.?|#|Piso|Puerta|Portal|"
    r"Esc\.|Escalera|Bajo|Planta|Apto\.?|Piano|Appartamento|Interno|Int\.|Scala|Etage|Stock|App\.?|"
    r"Bus|Bte|Boîte)[ \t]*(?:#[ \t]*)?(?:\d[\w\-]{0,5}|[A-Z](?![\w]))){0,2}"
)
_US_TAIL = rf"{_SEP}{CITY},?[ \t]+[A-Z]{{2}}[ \t]+\d{{5}}(?:-\d{{4}})?(?![\w])"
_GB_TAIL = rf"{_SEP}{CITY},?[ \t]*(?:{_SEP})?[A-Z]{{1,2}}\d[A-Z\d]?[ \t]*\d[A-Z]{{2}}(?![\w])"
_EU_TAIL = rf"{_SEP}(?:[A-Z]{{1,2}}-)?\d{{5}}[ \t]+{CITY}"
_NL_TAIL = rf"{_SEP}\d{{4}}[ \t]?[A-Z]{{2}}[ \t]+{CITY}"
_BE_AT_CH_TAIL = rf"{_SEP}(?:[A-Z]{{1,2}}-)?\d{{4}}[ \t]+{CITY}"


def _alt(words: tuple[str, ...], *, escape: bool = True) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w) if escape else w for w in ordered)


@cache
def _pattern(category: str) -> re.Pattern[str]:
    """The compiled pattern of one category, built the first time a text has its street word."""
    return re.compile(_sources()[category])


@cache
def _sources() -> dict[str, str]:
    kinds = street_types()
    suffix = _alt(kinds["suffix"])
    prefix = _alt(kinds["prefix"])
    every_compound = (*kinds["compound"], *kinds.get("compound-weak", ()))
    compound = _alt(tuple(w.lower() for w in every_compound))
    compound_cap = _alt(tuple(w[0].upper() + w[1:] for w in every_compound if not w.endswith(".")))
    house = r"\d{1,5}[ \t]?[a-zA-Z]?(?:[ \t]?[\-/][ \t]?\d{1,5}[a-zA-Z]?)?(?![\w])"
    english = (
        r"(?<![\w\-.,])(?:(?:Studio|Flat|Apartment|Apt\.?|Suite|Unit|Room)[ \t]+\d{1,5}[A-Za-z]?,?[ \t]+"
        r"(?:\d{1,6}[A-Za-z]?[ \t]+)?|\d{1,6}[A-Za-z]?(?:-\d{1,4})?[ \t]+)"
        rf"(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?[ \t]+)?"
        rf"(?:{STREET_WORD}[ \t]+){{1,3}}(?:{suffix})\.?(?![\w])(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)\.?(?![\w]))?{_UNITS}"
    )
    germanic = (
        rf"(?<![\w\-])(?:(?:Am|An der|An den|Auf der|Auf dem|Im|In der|In den|Zum|Zur|Hinter der|Unter den)[ \t]+{WORD}"
        rf"|(?:{WORD}-)*[{UP}][{LO}]*(?:{compound})"
        rf"|(?:{WORD}-)+(?:{compound_cap})"
        rf"|{WORD}[ \t]+(?:{compound_cap})"
        rf")[ \t]+{house}{_UNITS}"
    )
    french = (
        r"(?<![\w\-])(?:\d{1,4}(?:[ \t]?(?:bis|ter|b|B))?,?[ \t]+)?"
        rf"(?i:{_alt(tuple(w for w in kinds['prefix'] if w[0].islower()))})[ \t]+"
        rf"(?:(?:de la|de l'|du|des|de|d'|la|le|les)[ \t]*)?{WORD}"
        rf"(?:[ \t\-](?:(?:de la|de l'|du|des|de|d'|la|le|les|et|sur)[ \t]*)?{WORD}){{0,4}}"
    )
    southern = (
        rf"(?<![\w\-])(?:{prefix})[ \t]+(?:(?:de|del|de la|de los|de las|dei|degli|della|delle|del)[ \t]+)?{WORD}"
        rf"(?:[ \t]+(?:(?:de|del|de la|di|da|y|e)[ \t]+)?(?:{WORD}|[{UP}]['’]{WORD})){{0,3}}['’]?"
        rf",?[ \t]*(?:n\.?[ºo°]?[ \t]*)?\d{{1,5}}[A-Za-z]?(?![\w]){_UNITS}"
    )
    return {
        "street.suffix": english + rf"(?:{_US_TAIL}|{_GB_TAIL})?",
        "street.compound": germanic + rf"(?:{_EU_TAIL}|{_NL_TAIL}|{_BE_AT_CH_TAIL})?",
        "street.compound_weak": germanic + rf"(?:{_EU_TAIL}|{_NL_TAIL}|{_BE_AT_CH_TAIL})",
        "street.fr": french + rf"(?:{_EU_TAIL}|{_BE_AT_CH_TAIL})?",
        "street.prefix": southern + rf"(?:{_EU_TAIL})?",
    }


_NOT_ADDRESS_KEY = LazyRegex(r"addr(?!ess)[a-z]|ip|mac|e_?mail|mail_?addr|wallet|btc|eth|url|web|server|host|_id$|^id$|bind|listen|remote|gateway|dns")
_METHOD_CALL = LazyRegex(r"\b[A-Za-z_]\w*\.[A-Za-z_]\w*\(")
_HAS_TAIL = LazyRegex(r"\d{4,5}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}")


# Street words that are also ordinary nouns of technical prose ("2023 Language Summit", "502 Bad
# Gateway", "754 Floating Point"): a street built on one counts only with a postcode or town after it.
_WEAK_SUFFIX = frozenset(
    "Summit Point Points Gateway Route Loop Path Port Ports Pass Run Station Track Trail Union View Views Key Keys "
    "Extension Extensions Center Centers Circle Course Crossing Junction Square Common Commons Stream Branch "
    "Bridge Spur Ramp Lock Locks Light Lights Well Wells Field Fields Forge Plain Plains".split()
)
# A French street without a house number: only "rue …" or a street word with its article
# ("place de la Concorde"); "Square Post", "place Mem0", "Route Integration" are words.
_FR_ARTICLE = LazyRegex(r"(?i:rue)\b|\S+[ \t]+(?:de|du|des|d'|la|le|les)\b")


def _weak_street(category: str, value: str, tail: bool) -> bool:
    """A match that is more likely words than a street (see above)."""
    if category == "street.suffix":
        words = value.split()
        if len(words) < 2 or _HAS_TAIL.search(value, len(words[0])):
            return False  # a postcode after the house number ("2023" itself is no postcode)
        return words[-1].rstrip(".") in _WEAK_SUFFIX
    if tail:
        return False
    if category == "street.fr":
        return not value[:1].isdigit() and _FR_ARTICLE.match(value) is None
    return False


# How far before a street word the address may start ("Studio 12 Long Acre Mews" …).
_LOOK_BACK = {"street.suffix": 70, "street.compound": 60, "street.compound_weak": 60, "street.fr": 14, "street.prefix": 0}


def find_address(scan: TextStructure) -> list[Candidate]:
    text = scan.text
    out: list[Candidate] = []
    fields = (
        scan.column_values("STREET_ADDRESS.keys")
        if scan.is_tabular
        else scan.field_values("STREET_ADDRESS.keys")
    )
    for field in fields:
        if _NOT_ADDRESS_KEY.search(field.key):
            continue
        value = text[field.start : field.end].strip().strip("\"'").strip()
        if len(value) < 6 or not any(c.isdigit() for c in value) or not any(c.isalpha() for c in value):
            continue
        if " " not in value and "\n" not in value:
            continue
        if _METHOD_CALL.search(value):
            continue  # code under an address key: syslogScan.Flag("address", …).String()
        offset = text.find(value, field.start, field.end)
        out.append(det("STREET_ADDRESS", offset, offset + len(value), 0.9, "address-keyed"))
    if scan.is_tabular:
        return out
    hits = scan.hits
    for category in _sources():
        spots = hits.get(category)
        if not spots:
            continue
        pattern = _pattern(category)
        back = _LOOK_BACK[category]
        last_end = -1
        for start, end in spots:
            if start < last_end:
                continue
            if category.startswith("street.compound"):
                # The compound is the end of a word: the street name starts at that word.
                word_start = start
                while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] in "-'’"):
                    word_start -= 1
                lo = max(scan.line_start(word_start), word_start - back)
            else:
                lo = max(scan.line_start(start), start - back)
            match = None
            for candidate in pattern.finditer(text, lo, min(len(text), end + 160)):
                if candidate.start() <= start < candidate.end():
                    match = candidate
                    break
                if candidate.start() > start:
                    break
            if match is None:
                continue
            value = match.group().rstrip(" \t,.")
            if "\n" in value and not _HAS_TAIL.search(value.rsplit("\n", 1)[1]):
                value = value.split("\n", 1)[0].rstrip(" \t,.")
            tail = _HAS_TAIL.search(value[max(0, len(value) - 40) :]) is not None
            if _weak_street(category, value, tail):
                continue
            last_end = match.start() + len(value)
            out.append(det("STREET_ADDRESS", match.start(), last_end, 0.9 if tail else 0.75, "address-" + category.split(".")[1]))
    return out
