"""Base64 values of YAML maps, followed by their text for searching (the other hidden shapes:
:mod:`aisec_cli.core.hidden`, re-exported here).

:func:`base64_values` adds, after a YAML map's base64 value (a Kubernetes Secret's ``data:``,
``echo "$KEY" | base64``), the text it decodes to, on the same line, when that is one line of
printable UTF-8: the value stays as written, so nothing is hidden by decoding it; hashes and
binary data decode to no such text and are left alone.
"""

from __future__ import annotations

import base64
import binascii
import re

from aisec_cli.core.hidden import reveal, reveal_mapped
from aisec_cli.core.lazyre import LazyRegex

__all__ = ["base64_values", "reveal", "reveal_mapped"]

# ``  NAME: <base64>`` (an indented map entry, the value optionally quoted): a Secret's data.
_BASE64_VALUE = LazyRegex(r"(?m)^([ \t]+[\w.-]+:[ \t]*[\"']?)([A-Za-z0-9+/]{16,}={0,2})([\"']?[ \t]*)$")
_MIN_DECODED = 8


def base64_values(text: str) -> str:
    """``text`` with each YAML map entry's base64 value followed by its decoded text (see the
    module docstring); ``text`` itself (the same object) when there is none."""
    if ":" not in text:
        return text
    changed = False

    def add(match: re.Match[str]) -> str:
        nonlocal changed
        whole, value = match.group(), match.group(2)
        if len(value) % 4:
            return whole
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, ValueError):  # UnicodeDecodeError is a ValueError
            return whole
        decoded = decoded.removesuffix("\n").removesuffix("\r")  # echo "$KEY" | base64
        if len(decoded) < _MIN_DECODED or not decoded.isprintable():
            return whole
        changed = True
        return f"{whole} {decoded}"

    out = _BASE64_VALUE.sub(add, text)
    return out if changed else text
