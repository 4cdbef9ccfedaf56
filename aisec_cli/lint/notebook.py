"""Jupyter notebooks for lint: the code cells as one Python source, mapped to notebook lines.

Cells run one after another in one namespace, so they are joined in order. IPython magics and
shell escapes (`%pip`, `!ls`) become comments. The cells and their line numbers come from the
one notebook reader, :func:`aisec_cli.sources.notebooks.read_cells`, so findings point into the
.ipynb; malformed cells are left out and returned as problems.
"""

from __future__ import annotations

from aisec_cli.core.document import Document
from aisec_cli.sources.notebooks import NotebookProblem, read_cells

__all__ = ["NotebookProblem", "notebook_to_python"]


def notebook_to_python(doc: Document) -> tuple[Document, list[str]]:
    """(the code cells as Python, problems with single cells); raises :class:`NotebookProblem`."""
    read = read_cells(doc)
    code: list[str] = []
    numbers: list[int] = []
    last = 1
    for cell in read.cells:
        if cell.kind != "code":
            continue
        for line, number in zip(cell.lines, cell.numbers, strict=True):
            stripped = line.lstrip()
            if stripped.startswith(("%", "!", "?")):
                line = line[: len(line) - len(stripped)] + "# " + stripped
            code.append(line)
            numbers.append(number)
            last = number
        code.append("")
        numbers.append(last)
    converted = Document(path=doc.path, text="\n".join(code), origin=doc.origin, commit=doc.commit, line_numbers=numbers)
    return converted, read.problems
