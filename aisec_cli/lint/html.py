"""JavaScript inside HTML pages, templates and Svelte/Vue components: the `<script>` blocks as one JS source.

Everything outside the script blocks is blanked (lines outside any block become empty, the text
before a block on its own line becomes spaces), so the JS source has the page's own line and
column numbers and findings need no mapping. Scripts with a `src` and no body, and blocks
whose `type` is data or a client-side template (JSON, import maps, `text/template`), are left
out. Jinja/Django/Handlebars tags are blanked too: `{{ x|tojson }}` becomes a `0` of the same
width (a value in JS), `{% if %}` and `{# #}` become spaces.
"""

from __future__ import annotations

import re
from aisec_cli.core.lazyre import LazyRegex

HTML_EXT = (".html", ".htm", ".xhtml", ".j2", ".jinja", ".jinja2", ".djhtml")
# Single-file components: their <script> blocks (``lang="ts"`` included) run in the browser like
# a page's; the markup around them is left out like a page's.
COMPONENT_EXT = (".svelte", ".vue")
PAGE_EXT = HTML_EXT + COMPONENT_EXT

_SCRIPT = LazyRegex(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_TYPE = LazyRegex(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_JS_TYPES = frozenset(
    {"", "module", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript",
     "text/babel", "text/jsx", "javascript"}
)
_TEMPLATE_VALUE = LazyRegex(r"\{\{.*?\}\}", re.S)
_TEMPLATE_TAG = LazyRegex(r"\{%.*?%\}|\{#.*?#\}", re.S)


def _blank(text: str) -> str:
    """Spaces for every character but line ends (keeps lines and columns)."""
    return re.sub(r"[^\n]", " ", text)


def _value(match: re.Match[str]) -> str:
    blank = _blank(match.group(0))
    return "0" + blank[1:] if not blank.startswith("\n") else blank


def script_source(text: str) -> str:
    """The page's script blocks as JavaScript, at their own lines and columns ("" if none)."""
    pieces: list[str] = []
    last = 0
    found = False
    for match in _SCRIPT.finditer(text):
        kind = _TYPE.search(match.group(1))
        if (kind.group(1).lower() if kind else "") not in _JS_TYPES:
            continue
        body = match.group(2)
        if not body.strip():
            continue
        found = True
        start = match.start(2)
        pieces.append(_outside(text[last:start]))
        body = _TEMPLATE_TAG.sub(lambda m: _blank(m.group(0)), body)
        pieces.append(_TEMPLATE_VALUE.sub(_value, body))
        last = match.end(2)
    if not found:
        return ""
    pieces.append(_outside(text[last:]))
    return "".join(pieces)


def _outside(text: str) -> str:
    """Markup between scripts: empty lines, except spaces before a script on its own line."""
    if "\n" not in text:
        return _blank(text)
    head, _, tail = text.rpartition("\n")
    return "\n" * (head.count("\n") + 1) + _blank(tail)
