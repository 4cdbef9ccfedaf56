"""Find encoded payloads inside a text and decode them, so they can be scanned again.

Each :class:`Decoded` names the encoding, the span of the encoded blob in the original
text and the decoded text. Only decodings that read as text are kept (mostly printable,
with letters), so hashes, keys and random identifiers do not turn into noise.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import quopri
import re
from dataclasses import dataclass
from urllib.parse import unquote_plus
from aisec_cli.core.lazyre import LazyRegex

MAX_PAYLOADS = 24  # per text; more is noise (or a denial of service)
MIN_DECODED = 4


@dataclass(frozen=True, slots=True)
class Decoded:
    """An encoded blob at ``[start, end)`` of the original text and what it says."""

    start: int
    end: int
    kind: str  # base64 | base32 | hex | url | rot13 | atbash | reversed | tags | variation | braille | morse | nato | qp | ascii85 | spaced | spaced_order
    text: str


_TOKEN = LazyRegex(r"[A-Za-z0-9+/_-]{12,}={0,6}")
_HEX_FULL = LazyRegex(r"[0-9A-Fa-f]{12,}")
_B32_FULL = LazyRegex(r"[A-Z2-7]{16,}={0,6}")
_HEX_SEP_HINT = LazyRegex(r"[0-9A-Fa-f]{2}[ :,-][0-9A-Fa-f]{2}[ :,-][0-9A-Fa-f]{2}[ :,-][0-9A-Fa-f]{2}")
_HEX_SEP = LazyRegex(r"(?:(?:\\x|0x|%)?[0-9A-Fa-f]{2}[ :,\\-]?){6,}")
_HEX_ESC = LazyRegex(r"(?:\\x[0-9A-Fa-f]{2}){4,}")
_PCT = LazyRegex(r"%[0-9A-Fa-f]{2}")
_NONSPACE = LazyRegex(r"[^\s\"'<>]+")
_QP_HINT = LazyRegex(r"=[0-9A-F]{2}")
_QP = LazyRegex(r"(?:[^\s=]{0,12}=[0-9A-F]{2}){4,}[^\s=]*")
_MORSE_HINT = LazyRegex(r"[.-]{1,7} [.-]{1,7} [.-]{1,7} ")
_NATO_HINTS = ("alfa", "alpha", "echo", "tango", "oscar", "india", "sierra", "november", "hotel", "romeo")
_A85 = LazyRegex(r"<~(.{4,}?)~>", re.S)
_DATA_URI = LazyRegex(r"data:[\w/+.-]*;base64,([A-Za-z0-9+/=]{8,})")
_TAGS = LazyRegex("[\U000e0000-\U000e007f]{3,}")
_VARIATION = LazyRegex("[\ufe00-\ufe0f\U000e0100-\U000e01ef]{4,}")
_BRAILLE = LazyRegex("[\u2800-\u28ff][\u2800-\u28ff ]{2,}")
_MORSE = LazyRegex(r"(?<![\w.-])(?:[.\-\u2022\u2013_]{1,7}(?:[ ]{1,3}|[ ]?/[ ]?)){3,}[.\-\u2022\u2013_]{1,7}(?![\w.-])")
_NATO_WORDS = (
    "alfa alpha bravo charlie delta echo foxtrot golf hotel india juliet juliett kilo lima mike "
    "november oscar papa quebec romeo sierra tango uniform victor whiskey whisky xray x-ray "
    "yankee zulu"
).split()
_NATO = LazyRegex(r"\b(?:(?:" + "|".join(_NATO_WORDS) + r")\b[\s,]{1,3}){4,}", re.I)
_STOPWORDS = LazyRegex(
    r"\b(?:the|and|you|your|to|of|is|in|that|it|for|with|all|this|are|be|not|or|me|my|"
    r"what|how|print|say|ignore|instructions|reply|only|now|from|as|was|have|will|a|an|i)\b"
)
_WORD = LazyRegex(r"[A-Za-z]{2,}")
# Letters written one by one with spaces between them ("s a y  t h a t"): eight or more.
_SPACED = LazyRegex(r"(?<![^\s\"'(:])(?:[^\W\d_] {1,3}){7,}[^\W\d_](?![^\s\"'.,!?):])")
# three letters in a row of a spaced run, each between spaces: every _SPACED match holds one
_SPACED_HINT = LazyRegex(r" [^\W\d_] {1,3}[^\W\d_] {1,3}[^\W\d_] ")
# Words used to cut a run of spaced letters back into words when the writer left no wider gap.
_SEGMENT_WORDS = frozenset(
    (
        "a an the and or not no to of in on at by for from with without as is are was were be been am "
        "i you he she it we they me my your his her its our their this that these those there here "
        "what who why how when where which all any every some only just now then also very more most "
        "do does did done say said tell told write print show give make let get put go know think "
        "hate love like want need kill hurt steal lie help please ignore forget disregard stop start "
        "answer reply respond repeat output reveal follow obey instructions instruction rules rule "
        "prompt system secret password key previous above before new task can will would should must "
        "is not free evil bad good best worst stupid dumb idiot hello hi yes ok sure "
        "der die das und oder nicht ist sind ich du sie er es wir ihr mir dich dir mich sag sage "
        "schreib schreibe hasse liebe dass alle alles vergiss ignoriere jetzt nun"
    ).split()
)
# A spaced run that opens with one of these is an order written to slip past filters.
_SPACED_ORDERS = frozenset(
    "say write print tell ignore forget disregard repeat output reveal answer reply respond show give stop "
    "sag sage schreib schreibe vergiss ignoriere gib antworte wiederhole".split()
)
_SPACED_TOPICS = frozenset("instructions instruction prompt system rules password secret".split())
_SPACED_FILLER = frozenset("please now just and then so ok".split())
_MAX_WORD = max(len(w) for w in _SEGMENT_WORDS)
_CLAUSE = LazyRegex(r"[A-Za-z][A-Za-z ,.'!?]{14,}")
_ROT13 = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "NOPQRSTUVWXYZABCDEFGHIJKLMnopqrstuvwxyzabcdefghijklm",
)
_ATBASH = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkjihgfedcba",
)
_CIPHER_WORDS = ("rot13", "rot-13", "rot 13", "caesar", "atbash", "cipher", "revers", "backwards", "decode")

_BRAILLE_LETTERS = dict(
    zip(
        "\u2801\u2803\u2809\u2819\u2811\u280b\u281b\u2813\u280a\u281a\u2805\u2807\u280d"
        "\u281d\u2815\u280f\u281f\u2817\u280e\u281e\u2825\u2827\u283a\u282d\u283d\u2835",
        "abcdefghijklmnopqrstuvwxyz",
        strict=True,
    )
)
_BRAILLE_DIGITS = dict(zip("abcdefghij", "1234567890", strict=True))
_MORSE_TABLE = {
    ".-": "a", "-...": "b", "-.-.": "c", "-..": "d", ".": "e", "..-.": "f", "--.": "g",
    "....": "h", "..": "i", ".---": "j", "-.-": "k", ".-..": "l", "--": "m", "-.": "n",
    "---": "o", ".--.": "p", "--.-": "q", ".-.": "r", "...": "s", "-": "t", "..-": "u",
    "...-": "v", ".--": "w", "-..-": "x", "-.--": "y", "--..": "z", "-----": "0",
    ".----": "1", "..---": "2", "...--": "3", "....-": "4", ".....": "5", "-....": "6",
    "--...": "7", "---..": "8", "----.": "9", ".-.-.-": ".", "--..--": ",", "..--..": "?",
}


def readable(text: str) -> bool:
    """Decoded bytes that read as text: mostly printable, some letters, not one repeated char."""
    if len(text) < MIN_DECODED:
        return False
    printable = sum(1 for c in text if c.isprintable() or c in "\n\r\t")
    if printable < 0.92 * len(text):
        return False
    letters = sum(1 for c in text if c.isalpha())
    if letters < max(3, 0.4 * len(text.replace(" ", ""))):
        return False
    wordish = sum(1 for c in text if c.isalnum() or c in " .,:;!?'\"-()/\n")
    if wordish < 0.8 * len(text):
        return False
    if len(text) < 12 and not text.isascii():
        return False
    return len(set(text)) > 2


def _bytes_text(raw: bytes) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if readable(text) else None


def _b64(blob: str, urlsafe: bool = False) -> str | None:
    data = blob.rstrip("=")
    if len(data) % 4 == 1:
        return None
    data += "=" * (-len(data) % 4)
    try:
        raw = base64.urlsafe_b64decode(data) if urlsafe else base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None
    return _bytes_text(raw)


_DIGIT = LazyRegex(r"\d")


def _looks_b64(blob: str) -> bool:
    """A base64 run, not an ordinary word or identifier."""
    if blob.endswith("="):
        return True
    if blob.islower() or blob.isupper():
        return False  # one case only: words, identifiers, hex, base32
    if blob.isalpha():
        return len(blob) >= 16 and not blob.istitle() and not blob[1:].islower()
    return bool(_DIGIT.search(blob)) or len(blob) >= 16


def _stopword_gain(original: str, transformed: str) -> bool:
    before = len(_STOPWORDS.findall(original.lower()))
    after = len(_STOPWORDS.findall(transformed.lower()))
    words = max(1, len(_WORD.findall(original)))
    return after >= 3 and after >= before + 3 and after >= 0.3 * words


_STOPWORD_SET = frozenset(
    "the and you your to of is in that it for with all this are be not or me my what how a an i "
    "der die das und ist nicht le la les et est de el los y que il di".split()
)


def _stopword_density(text: str) -> float:
    return _density(text[:2000].lower().split(), _STOPWORD_SET)


def _density(words: list[str], stopwords: frozenset[str]) -> float:
    if len(words) < 6:
        return 1.0
    return sum(1 for w in words if w in stopwords) / len(words)


# The words a cipher table turns into stopwords (both tables are their own inverse), so the
# stopword density of ``text.translate(table)`` is read from the words of ``text`` itself.
_ROT13_STOPWORDS = frozenset(w.translate(_ROT13) for w in _STOPWORD_SET)
_ATBASH_STOPWORDS = frozenset(w.translate(_ATBASH) for w in _STOPWORD_SET)
# Non-ASCII letters whose lower case is an ASCII letter (Turkish dotted I, the Kelvin sign): on
# them lower() and the tables do not commute, so a text holding one is translated first.
_LOWERS_TO_ASCII = ("\u0130", "\u212a")


def _translated_density(text: str, words: list[str], table: dict[int, int], stopwords: frozenset[str]) -> float:
    """``_stopword_density(text.translate(table))``, where ``words`` are those of
    ``text[:2000].lower()`` and ``stopwords`` the words ``table`` turns into stopwords."""
    head = text[:2000]
    if any(c in head for c in _LOWERS_TO_ASCII):
        return _stopword_density(text.translate(table))
    return _density(words, stopwords)


def _braille(blob: str) -> str | None:
    out: list[str] = []
    number = False
    capital = False
    for ch in blob:
        if ch == " " or ch == "\u2800":
            out.append(" ")
            number = False
            continue
        if ch == "\u2820":
            capital = True
            continue
        if ch == "\u283c":
            number = True
            continue
        letter = _BRAILLE_LETTERS.get(ch)
        if letter is None:
            out.append("?")
            continue
        if number and letter in _BRAILLE_DIGITS:
            out.append(_BRAILLE_DIGITS[letter])
            continue
        out.append(letter.upper() if capital else letter)
        capital = False
    text = "".join(out).strip()
    return text if len(text) >= MIN_DECODED and text.count("?") < len(text) / 4 else None


def _morse(blob: str) -> str | None:
    norm = blob.replace("\u2022", ".").replace("\u2013", "-").replace("_", "-")
    words = re.split(r"\s*/\s*|\s{3,}", norm.strip())
    out: list[str] = []
    for word in words:
        letters = [_MORSE_TABLE.get(code, "?") for code in word.split()]
        out.append("".join(letters))
    text = " ".join(out)
    if "-" not in norm or len(set(text.replace(" ", ""))) < 3:
        return None
    if len(text.replace(" ", "")) < MIN_DECODED or text.count("?") > len(text) / 5:
        return None
    return text


def _variation(blob: str) -> str | None:
    best: str | None = None
    for shift_low in (0, 16):
        raw = bytearray()
        for ch in blob:
            cp = ord(ch)
            if 0xFE00 <= cp <= 0xFE0F:
                raw.append(cp - 0xFE00)
            else:
                value = cp - 0xE0100 + shift_low
                if value > 255:
                    break
                raw.append(value)
        text = raw.decode("utf-8", "replace")
        if readable(text) and (best is None or sum(c.isalpha() for c in text) > sum(c.isalpha() for c in best)):
            best = text
    return best


def _token(blob: str, start: int, add) -> None:  # type: ignore[no-untyped-def]
    """Classify one run of base64/base32/hex alphabet characters and decode it."""
    end = start + len(blob)
    core = blob[2:] if blob[:2] in ("0x", "0X") else blob
    if _HEX_FULL.fullmatch(core) and len(core) % 2 == 0:
        add(start, end, "hex", _bytes_text(bytes.fromhex(core)))
        return
    if _B32_FULL.fullmatch(blob) and (any(c.isdigit() for c in blob) or blob.endswith("=")):
        try:
            raw = base64.b32decode(blob + "=" * (-len(blob.rstrip("=")) % 8) if "=" not in blob else blob)
        except (binascii.Error, ValueError):
            raw = b""
        decoded = _bytes_text(raw) if raw else None
        if decoded:
            add(start, end, "base32", decoded)
            return
    if not _looks_b64(blob):
        return
    if ("-" in blob or "_" in blob) and "+" not in blob and "/" not in blob:
        add(start, end, "base64", _b64(blob, urlsafe=True))
    elif "-" not in blob and "_" not in blob:
        add(start, end, "base64", _b64(blob))


def find_payloads(text: str, lower: str | None = None) -> list[Decoded]:
    """Every decodable payload in ``text`` (at most :data:`MAX_PAYLOADS`)."""
    found: list[Decoded] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str, decoded: str | None) -> None:
        if decoded is None or len(found) >= MAX_PAYLOADS:
            return
        decoded = decoded.strip()
        if len(decoded) < MIN_DECODED:
            return
        for s, e in taken:
            if s <= start and end <= e:
                return
        taken.append((start, end))
        found.append(Decoded(start, end, kind, decoded))

    is_ascii = text.isascii()
    if not is_ascii:
        for m in _TAGS.finditer(text):
            add(m.start(), m.end(), "tags", "".join(chr(ord(c) - 0xE0000) for c in m.group(0) if ord(c) - 0xE0000 >= 0x20))
        for m in _VARIATION.finditer(text):
            add(m.start(), m.end(), "variation", _variation(m.group(0)))
        for m in _BRAILLE.finditer(text):
            add(m.start(), m.end(), "braille", _braille(m.group(0)))
    if "base64," in text:
        for m in _DATA_URI.finditer(text):
            add(m.start(1), m.end(1), "base64", _b64(m.group(1)))
    for m in _TOKEN.finditer(text):
        _token(m.group(0), m.start(), add)
    if "\\x" in text:
        for m in _HEX_ESC.finditer(text):
            digits = m.group(0).replace("\\x", "")
            add(m.start(), m.end(), "hex", _bytes_text(bytes.fromhex(digits)))
    if _HEX_SEP_HINT.search(text):
        for m in _HEX_SEP.finditer(text):
            digits = re.sub(r"\\x|0x|%|[ :,\\-]", "", m.group(0))
            if len(digits) % 2 == 0 and re.fullmatch(r"[0-9A-Fa-f]+", digits):
                add(m.start(), m.end(), "hex", _bytes_text(bytes.fromhex(digits)))
    if "%" in text and len(_PCT.findall(text)) >= 3:
        for m in _NONSPACE.finditer(text):
            token = m.group(0)
            if token.count("%") < 3:
                continue
            decoded = unquote_plus(token)
            if decoded != token and readable(decoded) and " " in decoded:
                add(m.start(), m.end(), "url", decoded)
    if text.count("=") >= 4 and _QP_HINT.search(text):
        for m in _QP.finditer(text):
            try:
                raw = quopri.decodestring(m.group(0).encode("ascii", "ignore"))
            except (ValueError, binascii.Error):
                continue
            decoded = _bytes_text(raw)
            if decoded and decoded != m.group(0):
                add(m.start(), m.end(), "qp", decoded)
    if "<~" in text:
        for m in _A85.finditer(text):
            try:
                add(m.start(), m.end(), "ascii85", _bytes_text(base64.a85decode(m.group(0), adobe=True)))
            except (ValueError, binascii.Error):
                continue
    if _MORSE_HINT.search(text):
        for m in _MORSE.finditer(text):
            add(m.start(), m.end(), "morse", _morse(m.group(0)))
    low = lower if lower is not None else text.lower()
    if sum(1 for w in _NATO_HINTS if w in low) >= 2:
        for m in _NATO.finditer(low):
            words = re.split(r"[\s,]+", m.group(0).strip())
            add(m.start(), m.end(), "nato", "".join(w[0] for w in words if w))
    if ("  " in text or " " in text) and _SPACED_HINT.search(text):
        for m in _SPACED.finditer(text):
            words = _unspace(m.group(0))
            if words is None:
                continue
            low_words = words.lower().split()
            if not any(w in _SPACED_ORDERS or w in _SPACED_TOPICS for w in low_words):
                continue  # letter-spaced headings ("W E L C O M E") say nothing to a model
            first = next((w for w in low_words if w not in _SPACED_FILLER), "")
            add(m.start(), m.end(), "spaced_order" if first in _SPACED_ORDERS else "spaced", words)
    _ciphers(text, add)
    return found


def _ciphers(text: str, add) -> None:  # type: ignore[no-untyped-def]
    """ROT13, Atbash and reversed text, tried clause by clause where a whole-text transform
    reads better than the text itself (or the text names the cipher)."""
    low = text[:4000].lower()
    hinted = any(h in low for h in _CIPHER_WORDS)
    words = text[:2000].lower().split()
    density = _density(words, _STOPWORD_SET)
    if not hinted and density >= 0.12:
        return
    kinds: list[tuple[str, str.__class__ | None, dict[int, int] | None]] = []
    for kind, table, turned in (("rot13", _ROT13, _ROT13_STOPWORDS), ("atbash", _ATBASH, _ATBASH_STOPWORDS)):
        if hinted or _translated_density(text, words, table, turned) > density + 0.08:
            kinds.append((kind, None, table))
    if hinted or _stopword_density(text[::-1]) > density + 0.08:
        kinds.append(("reversed", None, None))
    if not kinds:
        return
    for m in _CLAUSE.finditer(text):
        clause = m.group(0)
        if len(_WORD.findall(clause)) < 3:
            continue
        for kind, _unused, table in kinds:
            candidate = clause.translate(table) if table is not None else clause[::-1]
            if _stopword_gain(clause, candidate):
                add(m.start(), m.end(), kind, candidate)
                break


def rot13(text: str) -> str:
    return codecs.encode(text, "rot13")


def _segment(letters: str) -> tuple[list[str], int]:
    """Cut a run of letters into words of :data:`_SEGMENT_WORDS` (fewest letters left over,
    then fewest words); returns the words and how many letters matched a known word."""
    n = len(letters)
    low = letters.lower()
    best: list[tuple[int, int, int]] = [(0, 0, 0)] + [(n + 1, 0, 0)] * n  # (unknown, words, back)
    for end in range(1, n + 1):
        cand = (best[end - 1][0] + 1, best[end - 1][1] + 1, end - 1)
        for size in range(2, min(_MAX_WORD, end) + 1):
            start = end - size
            if low[start:end] in _SEGMENT_WORDS:
                prev = best[start]
                option = (prev[0], prev[1] + 1, start)
                if option[:2] < cand[:2]:
                    cand = option
        best[end] = cand
    cuts: list[tuple[int, int]] = []
    end = n
    while end > 0:
        start = best[end][2]
        cuts.append((start, end))
        end = start
    words: list[str] = []
    known = 0
    for start, end in reversed(cuts):
        piece = letters[start:end]
        if piece.lower() in _SEGMENT_WORDS and len(piece) > 1:
            known += len(piece)
            words.append(piece)
        elif words and not words[-1].lower() in _SEGMENT_WORDS:
            words[-1] += piece  # unknown letters stay together as one word
        else:
            words.append(piece)
    return words, known


def _unspace(blob: str) -> str | None:
    """The words of a spaced-letter run: wider gaps split words; without them, the letters are
    cut at capitals and into known words. ``None`` unless most letters form known words."""
    parts = [p.replace(" ", "") for p in re.split(r" {2,}", blob.strip())]
    if len(parts) >= 2:
        return " ".join(parts)
    letters = parts[0]
    chunks = re.findall(r"[^\W\d_][^\W\d_A-Z]*", letters) if not letters.isupper() and not letters.islower() else [letters]
    words: list[str] = []
    known = 0
    for chunk in chunks:
        got, hit = _segment(chunk)
        words.extend(got)
        known += hit
    if known < 0.6 * len(letters) or sum(1 for w in words if len(w) >= 3 and w.lower() in _SEGMENT_WORDS) < 2:
        return None
    return " ".join(words)
