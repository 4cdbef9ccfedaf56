"""Jupyter notebooks for lint: the code cells as one Python source, mapped to notebook lines.

Cells run one after another in one namespace, so they are joined in order. The cells and their
line numbers come from the one notebook reader, :func:`aisec_cli.sources.notebooks.read_cells`,
so findings point into the .ipynb. IPython syntax becomes plain Python, line for line:

- line magics and shell escapes (`%pip`, `!ls`, indented ones inside a block, `files = !ls`,
  help `obj?`), with their `\\` continuation lines, become `pass` (or `name = []`) plus the
  original text as a comment, so the block around them still parses;
- a cell magic (`%%bash`, `%%html`, `%%writefile`) makes the whole cell a comment, except the
  magics that run their body as Python (`%%time`, `%%capture`, ...).

A cell that still does not parse is left out and named in the problems with its cause and its
line in the .ipynb; the other cells are analysed. Malformed cells (from the reader) too.
"""

from __future__ import annotations

import re

from aisec_cli.core.document import Document
from aisec_cli.lint.python import downlevel
from aisec_cli.sources.notebooks import Cell, NotebookProblem, read_cells

__all__ = ["NotebookProblem", "notebook_to_python"]

# Cell magics whose body is Python that runs in the notebook's namespace.
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "memit", "mprun", "snakeviz", "tensorflow_version"})
_ASSIGNED_MAGIC = re.compile(r"^(\s*)([A-Za-z_][\w, ]*?)\s*=\s*[!%]")
_HELP = re.compile(r"^\s*(?:\?\??[\w.]+|[\w.]+\?\??)\s*$")


def _is_magic(stripped: str) -> bool:
    return stripped.startswith(("%", "!")) or bool(_HELP.match(stripped))


def _cell_python(cell: Cell) -> list[str]:
    """The cell's lines with IPython syntax replaced by Python of the same line count."""
    lines = list(cell.lines)
    first = next((line.strip() for line in lines if line.strip()), "")
    if first.startswith("%%"):
        name = first[2:].split(None, 1)[0] if len(first) > 2 else ""
        if name not in _PYTHON_CELL_MAGICS:
            return ["# " + line for line in lines]
        head = next(i for i, line in enumerate(lines) if line.strip())
        # the body is notebook Python, line magics and all
        return [*lines[:head], "# " + lines[head], *_line_magics_as_python(lines[head + 1 :])]
    return _line_magics_as_python(lines)


def _line_magics_as_python(lines: list[str]) -> list[str]:
    out: list[str] = []
    continued = False
    for line in lines:
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if continued:  # a `\` continuation of a magic line
            out.append("# " + line)
            continued = line.rstrip().endswith("\\")
            continue
        assigned = _ASSIGNED_MAGIC.match(line)
        if assigned is not None:
            out.append(f"{assigned.group(1)}{assigned.group(2)} = []  # {stripped}")
        elif _is_magic(stripped):
            out.append(f"{indent}pass  # {stripped}")
        else:
            out.append(line)
            continue
        continued = line.rstrip().endswith("\\")
    return out


def _parse_problem(code: list[str], cell: Cell) -> str | None:
    """None when the cell parses, else why not (lines are the notebook's)."""
    from aisec_cli.lint.python.analyzer import syntax_problem

    text = "\n".join(code)
    try:
        downlevel.parse(text)
    except SyntaxError as exc:
        numbers = cell.numbers
        return syntax_problem(text, exc, lambda n: numbers[n - 1] if 0 < n <= len(numbers) else n)
    except (ValueError, MemoryError, RecursionError) as exc:
        return f"cannot parse: {exc}"
    return None


def notebook_to_python(doc: Document) -> tuple[Document, list[str]]:
    """(the code cells as Python, problems with single cells); raises :class:`NotebookProblem`."""
    read = read_cells(doc)
    converted = [(cell, _cell_python(cell)) for cell in read.cells if cell.kind == "code"]
    problems = list(read.problems)
    joined = "\n\n".join("\n".join(code) for _, code in converted)
    whole_parses = _parses(joined)
    code_lines: list[str] = []
    numbers: list[int] = []
    last = 1
    for cell, code in converted:
        if not whole_parses and (problem := _parse_problem(code, cell)) is not None:
            problems.append(f"cell {cell.index}: {problem.removesuffix(': not analysed')}: skipped")
            code = [""] * len(code)  # left out; the other cells are analysed
        code_lines.extend(code)
        numbers.extend(cell.numbers)
        if cell.numbers:
            last = cell.numbers[-1]
        code_lines.append("")
        numbers.append(last)
    text = "\n".join(code_lines)
    return Document(path=doc.path, text=text, origin=doc.origin, commit=doc.commit, line_numbers=numbers), problems


def _parses(text: str) -> bool:
    try:
        downlevel.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True
