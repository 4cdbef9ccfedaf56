"""Hidden carriers in Markdown and HTML: places a person reading the rendered page does not
see, but a model reading the source does.

HTML comments, image alt text, link titles, ``alt``/``title`` attributes, elements hidden by
style (``display:none``, white or 0–1 px text, zero opacity) or by the ``hidden`` attribute,
footnote definitions, and comment lines in YAML front matter or code blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from aisec_cli.core.lazyre import LazyRegex

MAX_CARRIER = 4000


@dataclass(frozen=True, slots=True)
class Carrier:
    """The content span ``[start, end)`` of one hidden carrier of kind ``kind``."""

    start: int
    end: int
    kind: str  # html_comment | alt_text | link_title | hidden_element | footnote | comment


_COMMENT = LazyRegex(r"<!--(.{1,%d}?)-->" % MAX_CARRIER, re.S)
_ALT = LazyRegex(r"!\[([^\]\n]{3,600})\]\(")
_TITLE = LazyRegex(r"\]\(\s*<?[^\s)>]+>?\s+(?:\"([^\"\n]{3,600})\"|'([^'\n]{3,600})'|\(([^)\n]{3,600})\))\s*\)")
_REF_TITLE = LazyRegex(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+[ \t]+(?:\"([^\"\n]{3,600})\"|'([^'\n]{3,600})')", re.M)
_ATTR = LazyRegex(r"<[a-zA-Z][^>]{0,400}?\b(?:alt|title|aria-label|data-[\w-]+)\s*=\s*(?:\"([^\"]{3,600})\"|'([^']{3,600})')")
_HIDDEN_OPEN = LazyRegex(
    r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]{0,400}?(?:"
    r"style\s*=\s*[\"'][^\"']{0,300}?(?:display\s*:\s*none|visibility\s*:\s*hidden|"
    r"font-size\s*:\s*0*[01](?:\.\d+)?\s*(?:px|pt|em|rem)?\s*(?:;|[\"'])|"
    r"color\s*:\s*(?:#f{3}\b|#f{6}\b|white\b|transparent\b|rgba?\(\s*255\s*,\s*255\s*,\s*255)|"
    r"opacity\s*:\s*0(?:\.0+)?\s*(?:;|[\"'])|height\s*:\s*0|width\s*:\s*0|"
    r"(?:left|top|text-indent)\s*:\s*-\d{3,})"
    r"|\shidden\b|aria-hidden\s*=\s*[\"']true)[^>]{0,400}>",
    re.I,
)
_FOOTNOTE = LazyRegex(r"^[ \t]{0,3}\[\^[^\]\n]+\]:[ \t]*(.{3,600})$", re.M)
_FENCE = LazyRegex(r"^[ \t]{0,3}(```|~~~)[^\n]*\n(.*?)^[ \t]{0,3}\1[ \t]*$", re.M | re.S)
_FENCE_LINE = LazyRegex(r"^[ \t]{0,3}(```|~~~)([^\n]*)$", re.M)
_FRONT_MATTER = LazyRegex(r"\A---[ \t]*\n(.*?)^---[ \t]*$", re.M | re.S)
_HASH_COMMENT = LazyRegex(r"(?:^|[ \t])#[ \t]?([^\n]{3,600})$", re.M)
_SLASH_COMMENT = LazyRegex(r"(?:^|[ \t])//[ \t]?([^\n]{3,600})$", re.M)


def _first_group(match: re.Match[str]) -> tuple[int, int] | None:
    for index in range(1, (match.lastindex or 0) + 1):
        if match.group(index) is not None:
            return match.span(index)
    return None


def find_carriers(text: str) -> list[Carrier]:
    """Every hidden carrier in ``text``, in order of position."""
    found: list[Carrier] = []
    if "<!--" in text:
        found += [Carrier(m.start(1), m.end(1), "html_comment") for m in _COMMENT.finditer(text)]
    if "![" in text:
        found += [Carrier(m.start(1), m.end(1), "alt_text") for m in _ALT.finditer(text)]
    if "](" in text:
        for m in _TITLE.finditer(text):
            span = _first_group(m)
            if span:
                found.append(Carrier(span[0], span[1], "link_title"))
    if "]:" in text:
        for m in _REF_TITLE.finditer(text):
            span = _first_group(m)
            if span:
                found.append(Carrier(span[0], span[1], "link_title"))
        if "[^" in text:
            found += [Carrier(m.start(1), m.end(1), "footnote") for m in _FOOTNOTE.finditer(text)]
    if "<" in text and "=" in text:
        for m in _ATTR.finditer(text):
            span = _first_group(m)
            if span:
                found.append(Carrier(span[0], span[1], "alt_text"))
        for m in _HIDDEN_OPEN.finditer(text):
            tag = m.group(1).lower()
            close = re.search(r"</%s\s*>" % re.escape(tag), text[m.end() : m.end() + MAX_CARRIER], re.I)
            end = m.end() + (close.start() if close else min(MAX_CARRIER, len(text) - m.end()))
            if end > m.end():
                found.append(Carrier(m.end(), end, "hidden_element"))
    found += _comment_lines(text)
    found.sort(key=lambda c: (c.start, c.end))
    return found


def _comment_lines(text: str) -> list[Carrier]:
    """``#`` and ``//`` comments inside fenced code blocks and YAML front matter."""
    regions: list[tuple[int, int]] = []
    if "```" in text or "~~~" in text:
        regions += [m.span(2) for m in _FENCE.finditer(text)]
    if text.startswith("---"):
        m = _FRONT_MATTER.match(text)
        if m:
            regions.append(m.span(1))
    found: list[Carrier] = []
    for start, end in regions:
        block = text[start:end]
        for rx in (_HASH_COMMENT, _SLASH_COMMENT):
            for m in rx.finditer(block):
                found.append(Carrier(start + m.start(1), start + m.end(1), "comment"))
    return found


def code_blocks(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks and inline code (quoting, for the documentation context).

    An excerpt of a page (a retrieval chunk) may begin inside a code sample: when the fences are
    odd in number and the first is bare (no language after it), the text before it is the end of
    a sample, and the pairs are read from that fence on."""
    spans: list[tuple[int, int]] = []
    if "```" in text or "~~~" in text:
        start = 0
        fences = _FENCE_LINE.findall(text)
        if len(fences) % 2 == 1 and not fences[0][1].strip():
            first = _FENCE_LINE.search(text)
            if first is not None:
                spans.append((0, first.start()))
                start = first.end()
        spans += [m.span(2) for m in _FENCE.finditer(text, start)]
    return spans


def carrier_at(carriers: list[Carrier], start: int, end: int) -> Carrier | None:
    """The carrier holding ``[start, end)``, if any."""
    for carrier in carriers:
        if carrier.start <= start and end <= carrier.end:
            return carrier
        if carrier.start > start:
            break
    return None
