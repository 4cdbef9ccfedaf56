"""Fenced code samples in a Markdown page (closed fences, CommonMark): the developer's code, split from the prose around it."""

from __future__ import annotations

import re

from aisec_cli.core.lazyre import LazyRegex

# CommonMark: up to three spaces, then three or more backticks or tildes (an info string may
# follow a tilde fence; a backtick fence's info string holds no backtick).
_OPEN = LazyRegex(r"^ {0,3}(`{3,}(?=[^`\n]*$)|~{3,})")
_CLOSE_TAIL = r"[ \t]*$"


def _lines(text: str) -> list[tuple[int, str]]:
    """(start offset, line without its newline) for every line of ``text``."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def code_samples(text: str) -> list[tuple[int, int, int, int]]:
    """Closed fences of ``text``: (block start, body start, body end, block end) offsets.

    An opening fence with no closing one is left out: it does not shield the rest of the page.
    """
    lines = _lines(text)
    found: list[tuple[int, int, int, int]] = []
    i = 0
    while i < len(lines):
        start, line = lines[i]
        m = _OPEN.search(line)
        if m is None:
            i += 1
            continue
        fence = m.group(1)
        close = re.compile(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}" + _CLOSE_TAIL)
        j = next((k for k in range(i + 1, len(lines)) if close.match(lines[k][1])), None)
        if j is None:
            i += 1
            continue
        body_start = lines[i + 1][0]
        body_end = lines[j][0]
        found.append((start, body_start, body_end, lines[j][0] + len(lines[j][1])))
        i = j + 1
    return found


def blank(text: str, spans: list[tuple[int, int, int, int]]) -> str:
    """``text`` with each block blanked by spaces (newlines kept, so offsets and lines hold)."""
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for start, _, _, end in spans:
        parts.append(text[pos:start])
        parts.append(re.sub(r"[^\n]", " ", text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
