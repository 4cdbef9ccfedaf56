"""Document: a piece of text to examine, wherever it came from."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from aisec_cli.core.findings import Commit


@dataclass(frozen=True, slots=True)
class Document:
    """Text from a file, the index, a commit's added lines or stdin.

    ``line_numbers`` maps the n-th line of ``text`` (0-based) to the line number reported
    to the user; ``None`` means line n of ``text`` is line n+1 of the file. History scans and
    decoded notebooks use it, because their text is not the file's text line for line.
    """

    path: str
    text: str
    origin: str = "file"  # file | staged | history | stdin
    commit: Commit | None = None
    line_numbers: Sequence[int] | None = None
    _newlines: list[int] = field(default_factory=list, repr=False, compare=False)

    def newline_offsets(self) -> list[int]:
        if not self._newlines and "\n" in self.text:
            text = self.text
            offsets = self._newlines
            pos = text.find("\n")
            while pos != -1:
                offsets.append(pos)
                pos = text.find("\n", pos + 1)
        return self._newlines

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of a character offset into ``text``."""
        newlines = self.newline_offsets()
        index = bisect_right(newlines, offset - 1) if newlines else 0
        line_start = newlines[index - 1] + 1 if index else 0
        column = offset - line_start + 1
        if self.line_numbers is not None and index < len(self.line_numbers):
            return self.line_numbers[index], column
        return index + 1, column

    def line_text(self, line_index: int) -> str:
        """The 0-based ``line_index``-th line of ``text`` without its newline."""
        newlines = self.newline_offsets()
        start = newlines[line_index - 1] + 1 if line_index else 0
        end = newlines[line_index] if line_index < len(newlines) else len(self.text)
        return self.text[start:end]

    def line_index_of(self, offset: int) -> int:
        """0-based index into ``text``'s lines of a character offset."""
        newlines = self.newline_offsets()
        return bisect_right(newlines, offset - 1) if newlines else 0
