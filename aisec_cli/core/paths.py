"""File names as aisec shows them: one escaped form, safe in every output format.

A POSIX file name is bytes. Python hands undecodable bytes over as lone surrogates
(``surrogateescape``), which no UTF-8 writer accepts, and a name may hold a newline or
other control character that a line-oriented format (hook, GitHub workflow commands)
would execute or split. :func:`display_path` is the one place a name becomes text:

- a newline, carriage return and tab are written ``\\n``, ``\\r``, ``\\t`` (as the line
  formats' ``one_line`` writes them);
- a byte that is not part of valid UTF-8, and any other ASCII control character
  (U+0000-U+001F, U+007F), is written ``\\xNN`` (two lower-case hex digits: the byte);
- a C1 control (U+0080-U+009F), a line or paragraph separator (U+2028, U+2029), a
  bidirectional control (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), the non-characters
  U+FFFE and U+FFFF (no XML 1.0 document may hold them) and any other lone surrogate is
  written ``\\uNNNN``;
- everything else, valid UTF-8 included, is kept as is (a backslash too).

The form is idempotent (escaping an escaped name changes nothing), so engines, reports,
baselines and fingerprints all see the same name. It is reversible except for a name that
already holds a literal ``\\xNN``/``\\uNNNN`` sequence, which reads the same as the byte it
spells (rare on POSIX; documented in docs/output-formats.md).
"""

from __future__ import annotations

import re
from aisec_cli.core.lazyre import LazyRegex

_ESCAPED = LazyRegex(
    "[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def display_path(path: str) -> str:
    """``path`` in aisec's escaped form (see the module docstring); idempotent."""
    if path.isascii() and path.isprintable():
        return path
    return _ESCAPED.sub(_escape, path)


def display_bytes(raw: bytes) -> str:
    """A name given as bytes (git output, ``os.fsencode``) in the same escaped form."""
    return display_path(raw.decode("utf-8", "surrogateescape"))
