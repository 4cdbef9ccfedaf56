"""Jupyter notebooks: the one reader of ``.ipynb`` files (cell sources and decoded strings).

Two views, both mapped to the notebook's own line numbers:

- :func:`decode_notebook` decodes the JSON strings of each line so cells and outputs read as
  written (for engines that search text: keys, PII, the checklist). nbformat writes one source
  line per JSON line, so decoding line by line keeps the mapping exact; a minified notebook
  maps everything to line 1.
- :func:`read_cells` parses the notebook and returns its cells with each source line's line
  number in the file (for engines that parse code: lint). Malformed input never raises past it:
  a file that is not a notebook (or is nested too deeply to parse) raises
  :class:`NotebookProblem`; a malformed cell is left out and named in ``problems``. Line numbers
  are found in one forward pass over the file, so the cost is linear in its size.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from aisec_cli.core.document import Document
from aisec_cli.core.lazyre import LazyRegex

_JSON_STRING = LazyRegex(r'"((?:[^"\\\n]|\\.)*)"')
_SOURCE_KEY = LazyRegex(r'\s*"source"\s*:\s*(.*)')
# a line that is one element of a JSON list of strings (nbformat writes one per line)
_ELEMENT = LazyRegex(r'\s*"((?:[^"\\\n]|\\.)*)",?\s*')
_UNBROKEN = LazyRegex(r"\S+")
_GLUE_MAX = 512  # characters carried over: far more than any key
_GLUE_ELEMENTS = 16
_LINE_END = ('\\n",', '\\n"')  # an element ending at a line break (nbformat's layout): nothing runs on


class NotebookProblem(Exception):
    """Not a notebook that can be read (bad JSON, no cell list, nested too deeply).

    ``kind`` is the ScanError kind: "skipped" for input that is not a notebook (Jupyter would
    not open it either), "error" for a notebook aisec could not read (nested too deeply).
    """

    def __init__(self, message: str, kind: str = "skipped") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(slots=True)
class Cell:
    """One cell: its 1-based position in ``cells``, type, source lines and their file lines."""

    index: int
    kind: str
    lines: list[str] = field(default_factory=list)  # without line ends
    numbers: list[int] = field(default_factory=list)  # 1-based line in the .ipynb, per line


@dataclass(slots=True)
class NotebookCells:
    cells: list[Cell]
    problems: list[str]  # "cell N: why it was skipped" (a cell Jupyter could not load either)


def _decode(literal: str) -> str:
    try:
        value = json.loads(f'"{literal}"')
    except (ValueError, RecursionError):
        return literal
    return str(value).replace("\r", " ").replace("\n", " ")


def decode_notebook(document: Document) -> Document:
    """A document whose n-th line is the decoded strings of the notebook's n-th line; a list
    element that runs on into the next (no line break between them: nbformat joins a multi-line
    string's elements with nothing) also holds the start of what follows, so a key cut across
    elements reads whole on the line where it starts."""
    lines = document.text.split("\n")
    decoded: list[str] = []
    for index, line in enumerate(lines):
        text = line if "\\" not in line else _JSON_STRING.sub(lambda m: '"' + _decode(m.group(1)) + '"', line)
        end = line[-6:].rstrip()
        joined = _run_on(lines, index) if end.endswith(('",', '"')) and not end.endswith(_LINE_END) else ""
        decoded.append(text + " " + joined if joined else text)
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


def _run_on(lines: Sequence[str], index: int) -> str:
    """The last word of the list element on line ``index`` run on into the next elements (no
    space or break between them) up to their first blank, at most :data:`_GLUE_MAX`
    characters; empty when the line is no list element of its own, or its element ends with a
    blank or a line break (nbformat's own layout), or the next line holds no element. Set
    after the line's own text, which stays as it was (two keys listed one after the other
    are two keys, not one glued word)."""
    line = lines[index]
    if index + 1 >= len(lines):
        return ""
    element = _ELEMENT.fullmatch(line)
    if element is None or _ends_blank(element.group(1)):
        return ""
    own = _decode(element.group(1)).rsplit(None, 1)
    glue = own[-1][-_GLUE_MAX:] if own else ""
    start = len(glue)
    for following in lines[index + 1 : index + 1 + _GLUE_ELEMENTS]:
        nxt = _ELEMENT.fullmatch(following)
        if nxt is None:
            break
        value = _decode(nxt.group(1))
        head = _UNBROKEN.match(value)
        run = head.group(0) if head is not None else ""
        glue += run
        if len(glue) - start >= _GLUE_MAX or len(run) < len(value) or _ends_blank(nxt.group(1)):
            break
    return glue[: start + _GLUE_MAX] if len(glue) > start else ""


def _ends_blank(literal: str) -> bool:
    """Whether a JSON string literal's value ends with a blank or a line break (or is empty)."""
    return not literal or literal[-1].isspace() or literal.endswith(("\\n", "\\r", "\\t", "\\u0020"))


def _source_of(index: int, cell: object) -> tuple[str | list[str] | None, str | None]:
    """(source, None) for a usable cell, else (None, why it is skipped)."""
    if not isinstance(cell, dict):
        return None, f"cell {index}: not a JSON object ({type(cell).__name__}): skipped"
    source = cell.get("source", [])
    if isinstance(source, str):
        return source, None
    if isinstance(source, list) and all(isinstance(part, str) for part in source):
        return source, None
    return None, f"cell {index}: source is not text or a list of text ({type(source).__name__}): skipped"


class _LineFinder:
    """Finds, in one forward pass, the line of each cell's ``"source":`` key in the file."""

    def __init__(self, text: str) -> None:
        self.raw = text.split("\n")
        self.cursor = 0
        self.lost = False  # the layout is not nbformat's: stop searching, approximate

    def find(self, source: str | list[str]) -> int | None:
        """0-based line of the ``"source"`` key that holds ``source``, or None."""
        if self.lost:
            return None
        raw = self.raw
        for index in range(self.cursor, len(raw)):
            match = _SOURCE_KEY.match(raw[index])
            if match is not None and self._holds(match.group(1), index, source):
                self.cursor = index + 1 + (len(source) if isinstance(source, list) else 0)
                return index
        self.lost = True  # searched to the end once; never again (keeps the pass linear)
        return None

    def _holds(self, rest: str, index: int, source: str | list[str]) -> bool:
        if isinstance(source, str):
            return rest.startswith('"')
        if not source:
            return rest.startswith("[]")
        if rest.strip() != "[" or index + 1 >= len(self.raw):
            return False
        first = self.raw[index + 1].strip().removesuffix(",")
        try:
            return bool(json.loads(first) == source[0])
        except (ValueError, RecursionError):
            return False


def _cell_lines(cell: Cell, source: str | list[str], key_line: int | None, fallback: int) -> None:
    """Fill ``cell.lines``/``numbers``: a list element's lines sit one per line after the key."""
    parts: Sequence[str] = [source] if isinstance(source, str) else source
    current: list[str] = []
    start = fallback  # file line where the line being built began
    for offset, part in enumerate(parts):
        line_no = fallback if key_line is None else key_line + 1 + (offset + 1 if isinstance(source, list) else 0)
        pieces = part.split("\n")
        if not any(current):  # a line is placed where its first character is
            start = line_no
        current.append(pieces[0])
        for piece in pieces[1:]:
            cell.lines.append("".join(current))
            cell.numbers.append(start)
            current = [piece]
            start = line_no
    if any(current):
        cell.lines.append("".join(current))
        cell.numbers.append(start)


def read_cells(document: Document) -> NotebookCells:
    """The notebook's cells with file line numbers; raises :class:`NotebookProblem`."""
    try:
        data = json.loads(document.text)
    except RecursionError:
        raise NotebookProblem("notebook JSON nested too deeply to read", "error") from None
    except ValueError as exc:
        raise NotebookProblem(f"not valid notebook JSON: {exc}") from None
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        raise NotebookProblem("not a Jupyter notebook (no list of cells)")
    finder = _LineFinder(document.text)
    out: list[Cell] = []
    problems: list[str] = []
    last = 1
    for index, raw_cell in enumerate(cells, 1):
        source, problem = _source_of(index, raw_cell)
        if problem is not None or source is None:
            problems.append(problem or f"cell {index}: skipped")
            continue
        assert isinstance(raw_cell, dict)
        kind = raw_cell.get("cell_type")
        cell = Cell(index, kind if isinstance(kind, str) else "")
        key_line = finder.find(source) if source else None
        _cell_lines(cell, source, key_line, last)
        if cell.numbers:
            last = cell.numbers[-1]
        out.append(cell)
    return NotebookCells(out, problems)
