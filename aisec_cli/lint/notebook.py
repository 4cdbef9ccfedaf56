"""Jupyter notebooks for lint: the code cells as one Python source, mapped to notebook lines.

Cells run one after another in one namespace, so they are joined in order. IPython magics and
shell escapes (`%pip`, `!ls`) become comments. Each code line keeps the notebook line it was
written on (nbformat puts one source line per JSON line), so findings point into the .ipynb.
"""

from __future__ import annotations

import json

from aisec_cli.core.document import Document


class NotebookProblem(Exception):
    """Not a notebook we can read."""


def notebook_to_python(doc: Document) -> Document:
    try:
        data = json.loads(doc.text)
    except ValueError as exc:
        raise NotebookProblem(f"not valid notebook JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise NotebookProblem("not a Jupyter notebook (no cells)")
    raw_lines = doc.text.split("\n")
    cursor = 0
    code: list[str] = []
    numbers: list[int] = []
    for cell in data["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", [])
        if isinstance(source, str):
            source = source.splitlines(keepends=True)
        lines = "".join(str(s) for s in source).split("\n")
        for line in lines:
            encoded = json.dumps(line)[1:-1]
            found = cursor
            for index in range(cursor, len(raw_lines)):
                if encoded and encoded in raw_lines[index]:
                    found = index
                    break
            cursor = found
            stripped = line.lstrip()
            if stripped.startswith(("%", "!")) or stripped.startswith("?"):
                line = line[: len(line) - len(stripped)] + "# " + stripped
            code.append(line)
            numbers.append(found + 1)
        code.append("")
        numbers.append(cursor + 1)
    return Document(path=doc.path, text="\n".join(code), origin=doc.origin, commit=doc.commit, line_numbers=numbers)
