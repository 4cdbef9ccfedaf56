"""Street addresses: a street line built from the locale's street words, plus postcode and town.

Shapes per locale family: "12 Elm Street, Springfield, IL 62704" / "Flat 3 Mill Lane, Leeds,
LS1 4AB"; "Bahnhofstraße 12, 10115 Berlin"; "Dorpsstraat 4, 1234 AB Utrecht";
"12, rue de la Paix, 75002 Paris"; "Calle Mayor 5 Piso 2, 28013 Madrid"; "Via Roma, 10,
00184 Roma". A value under an ``address``/``street`` key or column is taken whole.
"""

from __future__ import annotations

import re
from functools import cache

from aisec_cli.pii.lexicons import english_words, street_types
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
        rf"(?<![\w\-])(?:{prefix})[ \t]+(?:(?:de|del|de la|de los|de las|dei|degli|della|delle|del|do|da|dos|das)[ \t]+)?{WORD}"
        rf"(?:[ \t]+(?:(?:de|del|de la|di|da|do|dos|das|y|e)[ \t]+)?(?:{WORD}|[{UP}]['’]{WORD})){{0,3}}['’]?"
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
            if _weak_street(category, value, tail) and not _block_end(text, match.start() + len(value))[1]:
                continue  # words, unless a unit or a postcode line follows ("… Zak Points\n Apt. 335")
            last_end = match.start() + len(value)
            out.append(det("STREET_ADDRESS", match.start(), last_end, 0.9 if tail else 0.75, "address-" + category.split(".")[1]))
    out = [_with_block(text, d) for d in out]
    return _numbered_lines(scan, out)


# What may stand before a line of an address block: blanks, mail quoting ("> "), a bullet.
_LEAD = r"[ \t]*(?:>+|\?{3}|[-*•])?[ \t]*"
_UNIT_WORD = r"(?:Apt\.?|Apartment|Suite|Ste\.|Unit|Flat|Floor|Room|apt\.|suite)"
_UNIT_AFTER = LazyRegex(rf",?[ \t]+{_UNIT_WORD}[ \t]*#?[ \t]*\d{{1,5}}[A-Za-z]?(?![\w])")
_UNIT_LINE = LazyRegex(rf"{_LEAD}{_UNIT_WORD}[ \t]*#?[ \t]*\d{{1,5}}[A-Za-z]?[ \t,]*")
# "Kristinehamn", "Porto Alegre", "ST GEORGES": a town alone on its line (no digit, a few words).
_TOWN_LINE = LazyRegex(rf"{_LEAD}[^\W\d_][^\W\d_'’.\-]{{0,30}}(?:[ \t\-][^\W\d_][^\W\d_'’.\-]{{0,30}}){{0,3}}(?:[ \t]*\([^()\n]{{1,30}}\))?[ \t]*")
# ", CO" / ", nan": a state alone on its line.
_STATE_LINE = LazyRegex(rf"{_LEAD},?[ \t]*(?:[A-Z]{{2,3}}|nan)[ \t]*")
# "Sweden 61140", "Kleinbach, BW 70213", "54005": a country or town and a postcode, ending the block.
_POSTCODE_LINE = LazyRegex(
    rf"{_LEAD},?[ \t]*(?:[^\W\d_][^\W\d_'’.\-]{{0,30}}(?:[ \t\-][^\W\d_][^\W\d_'’.\-]{{0,30}}){{0,3}}"
    rf"(?:[ \t]*\([^()\n]{{1,30}}\))?,?[ \t]+)?(?:(?:[A-Z]{{2}}|nan)[ \t]+)?\d{{4,5}}(?![\w])"
)
# ", Odense", ", Arnsdorf, Germany", ", Grand-Leez, Belgium 18431": the rest of the street's line.
_SAME_LINE_TAIL = LazyRegex(
    r"(?:,[ \t]*[^\W\d_][^\W\d_'’.\-]{0,30}(?:[ \t\-][^\W\d_][^\W\d_'’.\-]{0,30}){0,3}){1,3}"
    r"(?:,?[ \t]+(?:[A-Z]{2}[ \t]+)?\d{4,5})?(?=[ \t]*(?:$|[.?!;]))",
    re.MULTILINE,
)
_HOUSE_BEFORE = LazyRegex(r"\d{1,5}[ \t]+\Z")


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end == -1 else end


def _block_end(text: str, end: int) -> tuple[int, bool]:
    """Where an address block that starts with a street line ending at ``end`` ends: a unit
    after it, the rest of its line ("…, Town, Country 12345"), then lines of unit, town,
    state and "Country postcode"; and whether a unit or a postcode was taken (proof enough)."""
    proof = False
    unit = _UNIT_AFTER.match(text, end)
    if unit is not None:
        end, proof = unit.end(), True
    stop = _line_end(text, end)
    if text[end:stop].strip(" \t,"):
        tail = _SAME_LINE_TAIL.match(text, end)
        if tail is not None:
            return tail.end(), proof or any(c.isdigit() for c in tail.group())
        postcode = _POSTCODE_LINE.match(text, end)
        if postcode is not None and postcode.group().lstrip(" \t,")[:1].isdigit() is False:
            return postcode.end(), True  # "… 72 Apt. 004 KNIVSTA, nan 18237" on one line
        return end, proof
    committed, pos, pending_blank = end, stop, False
    for _ in range(6):
        if pos >= len(text):
            break
        start = pos + 1
        line_stop = _line_end(text, start)
        line = text[start:line_stop]
        if not line.strip():
            if pending_blank:
                break
            pending_blank, pos = True, line_stop
            continue
        if _UNIT_LINE.fullmatch(line):
            committed, proof = line_stop, True
        elif (code := _POSTCODE_LINE.match(line)) is not None:
            return start + code.end(), True
        elif not (_STATE_LINE.fullmatch(line) or _TOWN_LINE.fullmatch(line)) or len(line) > 48:
            break
        pos = line_stop
    return committed, proof


def _with_block(text: str, found: Candidate) -> Candidate:
    """A street found by its street word, widened to its house number before ("3369 24 Clarke
    Avenue") and its unit, town and postcode lines after."""
    if found.recognizer == "address-keyed":
        return found
    start, end = found.start, found.end
    before = _HOUSE_BEFORE.search(text, max(0, start - 8), start)
    if before is not None and (before.start() == 0 or not text[before.start() - 1].isalnum()):
        start = before.start()
    block_end, proof = _block_end(text, end)
    if (start, block_end) == (found.start, found.end):
        return found
    confidence = max(found.confidence, 0.9) if proof else found.confidence
    return det("STREET_ADDRESS", start, max(end, block_end), confidence, found.recognizer)


# A street line of any locale: house number, street words (any script), number
# ("4417 Vindelgatan 23", "902 ul. Sosnowa 14", "Erzsébet tér 19."), ending where it is asked.
_STREET_WORD_ANY = r"(?:[^\W\d_][^\W\d_'’\-]{0,30}\.?)"
_NUMBERED_END = LazyRegex(
    rf"(?:(?P<house>\d{{1,5}})[ \t]+)?(?P<street>{_STREET_WORD_ANY}(?:[ \t]+{_STREET_WORD_ANY}){{0,4}})"
    r"[ \t]+(?P<no>\d{1,5}[A-Za-z]?)\.?[ \t,]*\Z"
)
_NUMBERED_AT = LazyRegex(
    rf"(?:(?P<house>\d{{1,5}})[ \t]+)?(?P<street>{_STREET_WORD_ANY}(?:[ \t]+{_STREET_WORD_ANY}){{0,4}})"
    r"[ \t]+(?P<no>\d{1,5}[A-Za-z]?)(?![\w.,]\d)(?:\.(?=[ \t]*(?:$|\n|[A-Z,])))?"
)
_BOX = LazyRegex(
    r"(?:(?:PSC|CMR|Unit)[ \t]+\d{3,5},?[ \t]+Box[ \t]+\d{3,5}(?:,?[ \t]*\n?[ \t]*(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5})?"
    r"|(?:USNS|USNV|USS|USCGC)[ \t]+[^\W\d_][\w'’\-]{0,30}(?:[ \t]+[^\W\d_][\w'’\-]{0,30})?,?[ \t]*\n?[ \t]*FPO[ \t]+(?:AA|AE|AP)[ \t]+\d{5}"
    r"|(?:P\.[ ]?O\.|PO|Post Office)[ \t]+Box[ \t]+\d{1,6})(?![\w])"
)
# Between a lead and its address: "… address is the following: ", "… sent to? User: ", "lives
# on the north side of ".
_CUE_GAP = LazyRegex(
    r"[ \t:?,]*(?:(?:is|are|at|in|to|on|of|the|here|they|it'?s|with|following|user|north|south|east|west|side)[ \t:?,]+){0,5}",
    re.IGNORECASE,
)


def _street_words_ok(street: str, unknown_needed: bool) -> bool:
    """The street words start with a capital (or "ul."/"u."), hold no sentence word such as
    "and"/"the" unless they come after the first word, and, when ``unknown_needed``, one of
    them is no English word ("Kalvebod", not "Release")."""
    words = street.split()
    if not words or not (words[0][:1].isupper() or words[0] in ("ul.", "u.", "al.", "os.")):
        return False
    if not unknown_needed:
        return True
    english = english_words()
    return any(w.rstrip(".").lower() not in english and len(w.rstrip(".")) > 2 for w in words)


def _numbered_lines(scan: TextStructure, out: list[Candidate]) -> list[Candidate]:
    """Street lines of any locale proven by what is around them: a unit after them ("Apt. 118"),
    a postcode line closing their block, a lead before them ("lives at", "address:"), or the
    military and PO box forms."""
    text = scan.text
    hits = scan.hits
    units = hits.get("street.unit")
    leads = hits.get("STREET_ADDRESS.lead")
    boxes = hits.get("street.box")
    if not units and not leads and not boxes:
        return out
    taken = [(d.start, d.end) for d in out]

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(start: int, end: int, confidence: float, recognizer: str) -> None:
        if free(start, end):
            taken.append((start, end))
            out.append(det("STREET_ADDRESS", start, end, confidence, recognizer))

    for start, _end in boxes:
        box = _BOX.match(text, start)
        if box is not None:
            block_end, _ = _block_end(text, box.end())
            add(start, max(box.end(), block_end), 0.9, "address-box")
    for start, _end in units:
        if not free(start, start + 1):
            continue
        box = _BOX.match(text, start)
        if box is not None:
            block_end, _ = _block_end(text, box.end())
            add(start, max(box.end(), block_end), 0.9, "address-box")
            continue
        unit = _UNIT_LINE.match(text, start)
        after = _NUMBERED_AT.match(text, unit.end()) if unit is not None else None
        if after is not None and _street_words_ok(after.group("street"), unknown_needed=False):
            # the unit first, then the street: "Suite 541 6343 Skogstien 106"
            block_end, _ = _block_end(text, after.end())
            add(start, max(block_end, after.end()), 0.9, "address-unit")
            continue
        line_start = scan.line_start(start)
        segment_start = line_start
        if not text[line_start:start].strip(" \t,>?"):
            # the unit opens its line: the street is the line before
            if line_start == 0:
                continue
            segment_start = scan.line_start(line_start - 1)
            end_before = line_start - 1
        else:
            end_before = start
        lo = max(segment_start, end_before - 90)
        line = _NUMBERED_END.search(text, lo, end_before)
        if line is None or not _street_words_ok(line.group("street"), unknown_needed=False):
            continue
        block_end, _ = _block_end(text, line.end("no") + (1 if text[line.end("no") : line.end("no") + 1] == "." else 0))
        add(line.start(), max(block_end, start), 0.9, "address-unit")
    for _start, end in leads:
        gap = _CUE_GAP.match(text, end)
        at = gap.end() if gap is not None else end
        box = _BOX.match(text, at)
        if box is not None:
            block_end, _ = _block_end(text, box.end())
            add(at, max(box.end(), block_end), 0.9, "address-box")
            continue
        line = _NUMBERED_AT.match(text, at)
        if line is None or not free(line.start(), line.end()):
            continue
        block_end, proof = _block_end(text, line.end())
        if not _street_words_ok(line.group("street"), unknown_needed=not proof):
            continue
        add(line.start(), max(block_end, line.end()), 0.9 if proof else 0.8, "address-lead")
    return [_with_block(text, d) if d.recognizer == "address-box" else d for d in out]
