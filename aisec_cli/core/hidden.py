"""Keys hidden by invisible characters or escapes, decoded in place for searching and masking.

A zero-width space, word joiner, soft hyphen, BOM or direction mark inside a key (pasted from a
chat, a web page or a word processor; also as a ``\\u200b`` escape), a JSON ``\\uXXXX`` or ``\\/``
escape, a percent-encoded ``-``/``_``/``/``/``+``/``=``, or an HTML character reference
(``&#45;``): the file holds a working key (a JSON parser, a URL decoder, a browser restores it)
but no key-shaped run of characters.

:func:`reveal` gives the text an engine searches with those shapes decoded where they stand:
invisible format characters removed, escapes that stand for a character keys are made of
(ASCII letters, digits, ``+/=_-.~``) replaced by it, every other escape left as written. No line
break is added or removed, so line numbers stay those of the file; a column on such a line is
counted in the decoded text. :func:`reveal_mapped` also maps offsets back, for what rewrites or
masks the text as written (``redact``, the evidence masking net). The input is never changed.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Callable

from aisec_cli.core.lazyre import LazyRegex

# Format characters that render as nothing: soft hyphen, Mongolian vowel separator, zero-width
# space/non-joiner/joiner, direction marks, embeddings and isolates, word joiner and invisible
# operators, and the BOM (zero-width no-break space) inside a text.
_INVISIBLE = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
# Two hex digits of a character keys are made of: + - . / 0-9 = A-Z _ a-z ~ (other escapes stay as written).
_KEY_HEX = r"(?:2[BbDdEeFf]|3[0-9Dd]|[46][1-9A-Fa-f]|[57][0-9Aa]|5[Ff]|7[Ee])"
# The same escapes of the invisible characters above (``json.dumps`` writes a zero-width space so).
_INVISIBLE_HEX = r"(?:00[Aa][Dd]|180[Ee]|200[B-Fb-f]|202[A-Ea-e]|206[0-46-9]|[Ff][Ee][Ff][Ff])"
_ESCAPE = rf"\\u00{_KEY_HEX}|\\u{_INVISIBLE_HEX}|\\/"  # JSON, JavaScript, Python, Java; JSON's escaped slash (PHP writes every / so)
_PERCENT = rf"%{_KEY_HEX}"  # URLs, form bodies, connection strings
_REFERENCE = r"&#(?:[0-9]{2,3}|[xX][0-9A-Fa-f]{2});"  # HTML and XML character references
_SHAPE = LazyRegex(rf"[{_INVISIBLE}]+|{_ESCAPE}|{_PERCENT}|{_REFERENCE}")
# One pattern per shape, each found by its first character: most files hold none of them, and
# one alternation tried at every position cost more than the key search itself.
_HAS_INVISIBLE = LazyRegex(rf"[{_INVISIBLE}]")
_HAS_ESCAPE = LazyRegex(_ESCAPE)
_HAS_PERCENT = LazyRegex(_PERCENT)
_HAS_REFERENCE = LazyRegex(_REFERENCE)
_KEY_CHARS = frozenset(string.ascii_letters + string.digits + "+/=_-.~")


def _decoded(match: re.Match[str]) -> str:
    token = match.group()
    first = token[0]
    if first == "\\":
        if token == "\\/":
            return "/"
        char = chr(int(token[2:], 16))  # noqa: FURB166 - after "\\u", not "0x"
        if _HAS_INVISIBLE.match(char):
            return ""
    elif first == "%":
        char = chr(int(token[1:], 16))
    elif first == "&":
        body = token[2:-1]
        char = chr(int(body[1:], 16) if body[:1] in "xX" else int(body))
    else:
        return ""  # invisible characters
    return char if char in _KEY_CHARS else token


def reveal(text: str) -> str:
    """``text`` with keys' hidden shapes decoded in place (see the module docstring); ``text``
    itself (the same object) when it holds none."""
    if not (
        (not text.isascii() and _HAS_INVISIBLE.search(text))
        or ("\\" in text and _HAS_ESCAPE.search(text))
        or ("%" in text and _HAS_PERCENT.search(text))
        or ("&#" in text and _HAS_REFERENCE.search(text))
    ):
        return text
    return _SHAPE.sub(_decoded, text)


def reveal_mapped(text: str) -> tuple[str, Callable[[int], int]]:
    """:func:`reveal`'s text, and a map from its offsets back to ``text``'s: a span found in the
    decoded text covers, mapped back, the hidden characters and escapes it was written with."""
    decoded = reveal(text)
    if decoded is text:
        return text, _same
    at_decoded: list[int] = [0]
    at_original: list[int] = [0]
    pieces: list[str] = []
    position = shift = 0
    for match in _SHAPE.finditer(text):
        pieces.append(text[position : match.start()])
        replaced = _decoded(match)
        pieces.append(replaced)
        at_decoded.append(match.start() - shift)
        at_original.append(match.start())
        shift += len(match.group()) - len(replaced)
        at_decoded.append(match.end() - shift)
        at_original.append(match.end())
        position = match.end()

    def to_original(offset: int) -> int:
        index = bisect_right(at_decoded, offset) - 1
        return at_original[index] + offset - at_decoded[index]

    return decoded, to_original


def _same(offset: int) -> int:
    return offset
