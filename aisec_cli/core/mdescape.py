"""Text from the scanned tree made inert in Markdown (pull-request comments, step summaries)."""

from __future__ import annotations

from aisec_cli.core.lazyre import LazyRegex
from aisec_cli.core.paths import display_path

_BACKTICKS = LazyRegex("`+")
_MD_SPECIAL = LazyRegex(r"[\\`*_\[\]<>|!#~&]")


def md_code(text: str) -> str:
    """``text`` as one Markdown code span in a table cell, whatever it holds: the fence is
    longer than any run of backticks inside (a name holding a backtick cannot close the span
    and put ``<img …>`` or a link into a pull-request comment); ``|`` escaped for the table."""
    body = display_path(text).replace("|", "\\|")
    runs = [len(run) for run in _BACKTICKS.findall(body)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if runs else ""  # a span may not start or end with its own fence character
    return f"{fence}{pad}{body}{pad}{fence}"


def md_text(text: str) -> str:
    """``text`` as plain Markdown in a table cell or list item: every punctuation mark that
    could start markup (links, images, HTML, emphasis, code, tables) backslash-escaped."""
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(), display_path(text))
