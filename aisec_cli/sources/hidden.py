"""Keys hidden by invisible characters or escapes, decoded in place for searching.

A zero-width space, word joiner, soft hyphen, BOM or direction mark inside a key (pasted from a
chat, a web page or a word processor), a JSON ``\\uXXXX`` or ``\\/`` escape, a percent-encoded
``-``/``_``/``/``/``+``/``=``, or an HTML character reference (``&#45;``): the file holds a working
key (a JSON parser, a URL decoder, a browser restores it) but no key-shaped run of characters.

:func:`reveal` gives the text an engine searches with those shapes decoded where they stand:
invisible format characters removed, escapes that stand for a character keys are made of
(ASCII letters, digits, ``+/=_-.~``) replaced by it, every other escape left as written. No line
break is added or removed, so line numbers stay those of the file; a column on such a line is
counted in the decoded text. The file itself is never changed (``redact`` rewrites the bytes as read).
"""

from __future__ import annotations

import re
import string

from aisec_cli.core.lazyre import LazyRegex

# Format characters that render as nothing: soft hyphen, Mongolian vowel separator, zero-width
# space/non-joiner/joiner, direction marks, embeddings and isolates, word joiner and invisible
# operators, and the BOM (zero-width no-break space) inside a text.
_INVISIBLE = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_SHAPE = LazyRegex(
    rf"[{_INVISIBLE}]+"
    r"|\\u[0-9A-Fa-f]{4}"  # JSON, JavaScript, Python, Java
    r"|\\/"  # JSON's escaped slash (PHP's json_encode writes every / so)
    r"|%[0-9A-Fa-f]{2}"  # URLs, form bodies, connection strings
    r"|&#(?:[0-9]{2,3}|[xX][0-9A-Fa-f]{2});"  # HTML and XML character references
)
_KEY_CHARS = frozenset(string.ascii_letters + string.digits + "+/=_-.~")


def _decoded(match: re.Match[str]) -> str:
    token = match.group()
    first = token[0]
    if first == "\\":
        if token == "\\/":
            return "/"
        char = chr(int(token[2:], 16))
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
    if _SHAPE.search(text) is None:
        return text
    return _SHAPE.sub(_decoded, text)
