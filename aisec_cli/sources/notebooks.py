"""Jupyter notebooks: decode the JSON strings of each line so cells read as written.

nbformat writes one source line per JSON line, so decoding line by line keeps the mapping
from decoded text to the notebook's own line numbers exact; a minified notebook maps
everything to line 1. Cell sources and outputs are both decoded.
"""

from __future__ import annotations

import json
import re

from aisec_cli.core.document import Document

_JSON_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def _decode(literal: str) -> str:
    try:
        value = json.loads(f'"{literal}"')
    except ValueError:
        return literal
    return str(value).replace("\r", " ").replace("\n", " ")


def decode_notebook(document: Document) -> Document:
    """A document whose n-th line is the decoded strings of the notebook's n-th line."""
    lines = document.text.split("\n")
    decoded: list[str] = []
    for line in lines:
        if "\\" not in line:
            decoded.append(line)
            continue
        decoded.append(_JSON_STRING.sub(lambda m: '"' + _decode(m.group(1)) + '"', line))
    numbers = (
        list(document.line_numbers)
        if document.line_numbers is not None
        else list(range(1, len(lines) + 1))
    )
    return Document(
        path=document.path,
        text="\n".join(decoded),
        origin=document.origin,
        commit=document.commit,
        line_numbers=numbers,
    )
