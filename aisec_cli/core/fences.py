"""Code samples in a documentation page: the developer's code, split from the prose around it.

Markdown: closed fences (CommonMark), also indented under a list item. reStructuredText: literal
blocks after a paragraph ending in ``::`` and the bodies of code directives (``.. code-block::``).
"""

from __future__ import annotations

import re

from aisec_cli.core.lazyre import LazyRegex

# CommonMark: up to three spaces, then three or more backticks or tildes (an info string may
# follow a tilde fence; a backtick fence's info string holds no backtick). Inside a list item the
# fence is indented by the item's content: any indentation opens one (deeper than three spaces
# outside a list it is an indented code block, code all the same).
_OPEN = LazyRegex(r"^( *)(`{3,}(?=[^`\n]*$)|~{3,})")
_CLOSE_TAIL = r"[ \t]*$"
# reST: a directive whose body is code, and the explicit-markup start that other directives share
_RST_CODE_DIRECTIVE = LazyRegex(
    r"^( *)\.\.[ \t]+(?:code-block|code|sourcecode|ipython|doctest|testcode|testsetup|testcleanup|testoutput"
    r"|jupyter-execute|jupyter-input|prompt|parsed-literal)::"
)
_RST_OPTION = LazyRegex(r"^ *:[\w-]+:")


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
        fence = m.group(2)
        indent = len(m.group(1))
        close = re.compile(
            r"^ {0," + str(indent + 3) + "}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}" + _CLOSE_TAIL
        )
        j = next((k for k in range(i + 1, len(lines)) if close.match(lines[k][1])), None)
        if j is None:
            i += 1
            continue
        body_start = lines[i + 1][0]
        body_end = lines[j][0]
        found.append((start, body_start, body_end, lines[j][0] + len(lines[j][1])))
        i = j + 1
    return found


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def rst_samples(text: str) -> list[tuple[int, int, int, int]]:
    """Literal blocks and code-directive bodies of a reST page: (block start, body start, body end, block end).

    A literal block follows a line ending in ``::`` (not an explicit-markup line such as
    ``.. note::``), a blank line, then lines indented deeper than the marker line; a code
    directive (``.. code-block:: python``) may carry option lines (``:linenos:``) before the blank
    line. The block ends at the first non-blank line indented no deeper than the marker.
    """
    lines = _lines(text)
    found: list[tuple[int, int, int, int]] = []
    i = 0
    while i < len(lines):
        start, line = lines[i]
        stripped = line.strip()
        directive = _RST_CODE_DIRECTIVE.search(line)
        literal = stripped.endswith("::") and not stripped.startswith("..")
        if directive is None and not literal:
            i += 1
            continue
        indent = _indent_of(line)
        j = i + 1
        if directive is not None:
            while j < len(lines) and _RST_OPTION.search(lines[j][1]) and _indent_of(lines[j][1]) > indent:
                j += 1  # option lines (":linenos:") come before the blank line
        if j >= len(lines) or lines[j][1].strip():
            i += 1  # the body must come after a blank line
            continue
        while j < len(lines) and not lines[j][1].strip():
            j += 1
        if j >= len(lines) or _indent_of(lines[j][1]) <= indent:
            i = max(i + 1, j)
            continue
        body_first = j
        last = j
        while j < len(lines) and (not lines[j][1].strip() or _indent_of(lines[j][1]) > indent):
            if lines[j][1].strip():
                last = j
            j += 1
        body_start = lines[body_first][0]
        body_end = lines[last][0] + len(lines[last][1]) + (1 if last + 1 < len(lines) else 0)
        # a directive line is markup and goes with its body; a paragraph ending in "::" stays prose
        block_start = start if directive is not None else body_start
        found.append((block_start, body_start, body_end, lines[last][0] + len(lines[last][1])))
        i = last + 1
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
