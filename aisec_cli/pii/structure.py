"""The text being examined plus the structure recognisers consult: lines, fields, CSV cells.

A :class:`TextStructure` is built once per text and computes what it needs lazily, so a recogniser
that never asks for CSV columns costs nothing for them. Everything here is about *where*
a value sits (which key or column it belongs to, which line it is on); *what* a value is
stays with the recognisers.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from aisec_cli.core.regex import SHARED, Finder, Utf8Text
from aisec_cli.pii.keywords import Hits
from aisec_cli.pii.model import PiiConfig
from aisec_cli.pii.ruleset import PiiRules, bundled, with_files
from aisec_cli.core.lazyre import LazyRegex

_FORMATS_BY_SUFFIX = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".log": "log",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".toml": "code",
    ".ini": "code",
    ".env": "code",
    ".py": "code",
    ".js": "code",
    ".ts": "code",
    ".mjs": "code",
    ".cjs": "code",
    ".jsx": "code",
    ".tsx": "code",
    ".go": "code",
    ".java": "code",
    ".rb": "code",
    ".php": "code",
    ".cs": "code",
    ".sh": "code",
    ".eml": "text",
    ".txt": "text",
    ".md": "text",
}


def guess_format(path: str, text: str = "") -> str:
    """The structure of a file from its name, falling back to a look at its start."""
    lower = path.lower()
    for suffix, fmt in _FORMATS_BY_SUFFIX.items():
        if lower.endswith(suffix):
            return fmt
    head = text[:2048].lstrip()
    if head.startswith(("{", "[")):
        first = head.split("\n", 1)[0].strip()
        if first.startswith("{") and first.endswith("}") and "\n" in head:
            return "jsonl"
        return "json"
    return "text"


class Field(NamedTuple):
    """A value that belongs to a key (``name: value``, ``"name": "value"``, a CSV column): a
    tuple, built at a fraction of a frozen object's cost (dense text has thousands a megabyte)."""

    start: int
    end: int
    key: str  # normalised: lower case, words joined by "_"


_CAMEL = LazyRegex(r"(?<=[a-z0-9])(?=[A-Z])")
_KEY_SEP = LazyRegex(r"[^0-9a-zà-ÿ]+")


@lru_cache(maxsize=4096)  # pure; a log repeats its few keys on every line
def normalise_key(key: str) -> str:
    """``passportNo`` / ``Passport-No`` / ``"passport no"`` -> ``passport_no``."""
    key = _CAMEL.sub("_", key.strip().strip("\"'`"))
    return _KEY_SEP.sub("_", key.lower()).strip("_")


_JSON_STRING = LazyRegex(r'"(?:[^"\\\n]|\\.)*"')
# A key read backwards (over the reversed text): word characters, "." "-" and apostrophes, and
# up to four single blanks each followed (so preceded, forwards) by a word character, "." or "-".
_KEY_BACKWARDS = LazyRegex(r"[\w.\-'’]*(?:[ \t](?=[\w.\-])[\w.\-'’]*){0,4}")
_NEXT_KEY = LazyRegex(r"[ \t]+[A-Za-z_][\w.\-]*=")


class TextStructure:
    """One text under examination and lazily computed structure."""

    __slots__ = (
        "text",
        "config",
        "fmt",
        "rules",
        "_encoded",
        "_hits",
        "_shared",
        "_json_strings",
        "_line_starts",
        "_records",
        "_header",
        "_delimiter",
        "_record_cells",
    )

    def __init__(self, text: str, config: PiiConfig) -> None:
        self.text = text
        self.config = config
        fmt = config.fmt
        if fmt == "auto":
            fmt = guess_format(config.path, text)
        self.fmt = fmt
        self.rules: PiiRules = with_files(Path(p) for p in config.rule_files) if config.rule_files else bundled()
        self._encoded: Utf8Text | None = None
        self._hits: Hits | None = None
        self._shared: dict[int, list[re.Match[str]]] | None = None
        self._json_strings: tuple[list[int], list[int]] | None = None
        self._line_starts: list[int] | None = None
        self._records: list[int] | None = None
        self._header: tuple[str, ...] | None = None
        self._delimiter = "\t" if fmt == "tsv" else ","
        self._record_cells: dict[int, list[tuple[int, int]]] = {}

    # ---- keywords ------------------------------------------------------------------------
    @property
    def encoded(self) -> Utf8Text:
        if self._encoded is None:
            self._encoded = Utf8Text(self.text)
        return self._encoded

    @property
    def hits(self) -> Hits:
        if self._hits is None:
            self._hits = Hits(self.rules.keywords.scan(self.text, self.encoded))
        return self._hits

    def find(self, finder: Finder) -> Iterator[re.Match[str]]:
        """Matches of ``finder`` in the text (the shared RE2 pass when the finder takes part)."""
        if finder.shared:
            if self._shared is None:
                self._shared = SHARED.run(self.encoded)
            found = self._shared.get(id(finder))
            if found is not None:
                return iter(found)
        return finder.finditer(self.encoded)

    def categories_of(self, name: str) -> frozenset[str]:
        """Keyword categories found in a key or column name."""
        return self.rules.keywords.categories_in(name) if name else frozenset()

    def key_has(self, pos: int, category: str) -> bool:
        """The key (or column) of the value at ``pos`` contains a word of ``category``."""
        return category in self.categories_of(self.key_before(pos))

    def keyword_before(self, category: str, pos: int, window: int = 60, *, sentence: bool = True) -> bool:
        """A word of ``category`` within ``window`` characters before ``pos``, same line
        (and same sentence unless ``sentence`` is false)."""
        hit = self.hits.last_before(category, pos, window)
        if hit is None:
            return False
        between = self.text[hit[1] : pos]
        if "\n" in between:
            return False
        return not (sentence and (". " in between or "? " in between or "! " in between))

    def nearest_keyword(self, pos: int, categories: tuple[str, ...], window: int) -> str | None:
        """Which of ``categories`` has the hit closest before ``pos`` (same line), if any."""
        best: tuple[int, str] | None = None
        for category in categories:
            hit = self.hits.last_before(category, pos, window)
            if hit is not None and "\n" not in self.text[hit[1] : pos] and (best is None or hit[1] > best[0]):
                best = (hit[1], category)
        return best[1] if best else None

    # ---- lines -------------------------------------------------------------------------
    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            starts.extend(m.end() for m in re.finditer("\n", self.text))
            self._line_starts = starts
        return self._line_starts

    def line_start(self, pos: int) -> int:
        start = self.text.rfind("\n", 0, pos)
        return start + 1

    def line_end(self, pos: int) -> int:
        end = self.text.find("\n", pos)
        return len(self.text) if end == -1 else end

    def window_end(self, pos: int, span: int) -> int:
        """``pos + span`` on the same line, pushed to the end of the token it falls in (so a
        pattern run with this end position never sees half a value)."""
        text = self.text
        limit = self.line_end(pos)
        end = min(limit, pos + span)
        while end < limit and (text[end].isalnum() or text[end] in "-./"):
            end += 1
        return end

    def line_bounds(self, pos: int) -> tuple[int, int]:
        return self.line_start(pos), self.line_end(pos)

    def previous_line(self, pos: int) -> str:
        start = self.line_start(pos)
        if start == 0:
            return ""
        prev_start = self.line_start(start - 1)
        return self.text[prev_start : start - 1]

    # ---- keys ----------------------------------------------------------------------------
    def key_before(self, pos: int) -> str:
        """Normalised key of the value starting at ``pos`` (``""`` when there is none).

        Reads backwards: an opening quote, a separator (``:``, ``=``, ``=>``), a closing
        quote or bracket, then the key (an identifier, or up to five words of a label such
        as "Date of birth").
        """
        if self.is_tabular:
            return self.column_at(pos)
        text = self.text
        limit = max(0, pos - 80)
        i = pos - 1
        while i >= limit and text[i] in " \t\"'`":
            i -= 1
        if i < limit:
            return ""
        char = text[i]
        if char == ">" and i > limit and text[i - 1] == "=":
            i -= 2
        elif char in ":=：":
            i -= 1
        else:
            return ""
        while i >= limit and text[i] in " \t\"'`]":
            i -= 1
        end = i + 1
        # the key, read backwards: one pattern over the reversed window instead of a loop per character
        key = text[end - _KEY_BACKWARDS.match(text[limit:end][::-1]).end() : end]
        return normalise_key(key) if key and (key[0].isalpha() or key[0] == "_") else ""

    # ---- JSON ------------------------------------------------------------------------------
    def json_string_at(self, pos: int) -> tuple[int, int] | None:
        """(start, end) of the JSON string literal holding ``pos`` (quotes included)."""
        if self._json_strings is None:
            starts: list[int] = []
            ends: list[int] = []
            for match in _JSON_STRING.finditer(self.text):
                starts.append(match.start())
                ends.append(match.end())
            self._json_strings = (starts, ends)
        starts, ends = self._json_strings
        index = bisect_right(starts, pos) - 1
        if index >= 0 and pos < ends[index]:
            return starts[index], ends[index]
        return None

    # ---- tabular data --------------------------------------------------------------------
    @property
    def is_tabular(self) -> bool:
        return self.fmt in ("csv", "tsv")

    @property
    def header(self) -> tuple[str, ...]:
        if self._header is None:
            if self.config.csv_header is not None:
                self._header = tuple(normalise_key(h) for h in self.config.csv_header)
            else:
                first = self.text[: self.line_end(0)]
                try:
                    row = next(csv.reader([first], delimiter=self._delimiter))
                except (csv.Error, StopIteration):
                    row = []
                self._header = tuple(normalise_key(h) for h in row)
        return self._header

    @property
    def records(self) -> list[int]:
        """Start offsets of CSV records (a quoted cell may span lines)."""
        if self._records is None:
            text = self.text
            if '"' not in text:
                self._records = self.line_starts
            else:
                records = [0]
                starts = self.line_starts
                inside = False
                for index in range(1, len(starts)):
                    segment = text[starts[index - 1] : starts[index]]
                    if segment.count('"') % 2:
                        inside = not inside
                    if not inside:
                        records.append(starts[index])
                self._records = records
        return self._records

    def record_span(self, pos: int) -> tuple[int, int, int]:
        """(index, start, end) of the CSV record holding ``pos``; end excludes the newline."""
        records = self.records
        index = bisect_right(records, pos) - 1
        start = records[index]
        end = records[index + 1] - 1 if index + 1 < len(records) else len(self.text)
        if end > start and self.text[end - 1] == "\r":
            end -= 1
        return index, start, end

    def cells(self, record_start: int, record_end: int) -> list[tuple[int, int]]:
        """(start, end) of each cell's content (inside the quotes for a quoted cell)."""
        cached = self._record_cells.get(record_start)
        if cached is not None:
            return cached
        text = self.text
        delim = self._delimiter
        spans: list[tuple[int, int]] = []
        pos = record_start
        while True:
            if pos < record_end and text[pos] == '"':
                close = pos + 1
                while True:
                    close = text.find('"', close)
                    if close == -1 or close >= record_end:
                        close = record_end
                        break
                    if close + 1 < record_end and text[close + 1] == '"':
                        close += 2
                        continue
                    break
                spans.append((pos + 1, close))
                nxt = text.find(delim, close, record_end)
            else:
                nxt = text.find(delim, pos, record_end)
                spans.append((pos, record_end if nxt == -1 else nxt))
            if nxt == -1:
                break
            pos = nxt + 1
        if len(self._record_cells) > 4096:
            self._record_cells.clear()
        self._record_cells[record_start] = spans
        return spans

    def column_at(self, pos: int) -> str:
        index, start, end = self.record_span(pos)
        if index == 0 and self.config.csv_header is None:
            return "__header__"
        for column, (cell_start, cell_end) in enumerate(self.cells(start, end)):
            if cell_start <= pos <= cell_end:
                header = self.header
                return header[column] if column < len(header) else ""
        return ""

    def cell_bounds(self, pos: int) -> tuple[int, int] | None:
        _, start, end = self.record_span(pos)
        for cell_start, cell_end in self.cells(start, end):
            if cell_start <= pos <= cell_end:
                return cell_start, cell_end
        return None

    def column_values(self, category: str) -> Iterator[Field]:
        """Every cell of the columns whose header contains a word of ``category``."""
        header = self.header
        columns = [i for i, name in enumerate(header) if name and category in self.categories_of(name)]
        if not columns:
            return
        records = self.records
        first = 0 if self.config.csv_header is not None else 1
        for index in range(first, len(records)):
            start = records[index]
            end = records[index + 1] - 1 if index + 1 < len(records) else len(self.text)
            if end > start and self.text[end - 1] == "\r":
                end -= 1
            if end <= start:
                continue
            cells = self.cells(start, end)
            for column in columns:
                if column < len(cells):
                    cell_start, cell_end = cells[column]
                    if cell_end > cell_start:
                        yield Field(cell_start, cell_end, header[column])

    # ---- key/value fields ------------------------------------------------------------------
    def field_values(self, category: str) -> Iterator[Field]:
        """Values whose key contains a word of ``category`` (keys: ``<entity>.keys``).

        The keyword is widened to the whole identifier (``passport`` -> ``passport_no``,
        ``customer.dob``) which must be followed by a separator: `"key": "v"`, `key: v`,
        `key=v`, `KEY = "v"`, `'key' => 'v'`. CSV columns: :meth:`column_values`.
        """
        if self.is_tabular:
            return
        text = self.text
        n = len(text)
        last_value_end = -1
        for start, end in self.hits.get(category):
            if start < last_value_end:
                continue
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.-"):
                start -= 1
            while end < n and (text[end].isalnum() or text[end] in "_-"):
                end += 1
            pos = end
            if pos < n and text[pos] in "\"'`]":
                pos += 1
            while pos < n and text[pos] in " \t":
                pos += 1
            if pos >= n:
                continue
            sep = text[pos]
            if sep == "=" and pos + 1 < n and text[pos + 1] == ">":
                pos += 2
            elif sep in ":=":
                pos += 1
                if pos < n and text[pos] in ":=":
                    continue  # `::` and `==` are code, not assignments
            else:
                continue
            while pos < n and text[pos] in " \t":
                pos += 1
            value = self._value_at(pos, sep)
            if value is None:
                continue
            last_value_end = value[1]
            yield Field(value[0], value[1], normalise_key(text[start:end]))

    def _value_at(self, pos: int, sep: str) -> tuple[int, int] | None:
        text = self.text
        line_end = self.line_end(pos)
        if pos >= line_end:
            return None
        quote = text[pos]
        if quote in "\"'`":
            close = pos + 1
            while True:
                close = text.find(quote, close, line_end)
                if close == -1:
                    close = line_end
                    break
                if text[close - 1] == "\\":
                    close += 1
                    continue
                break
            return (pos + 1, close) if close > pos + 1 else None
        end = line_end
        if sep == ":":
            lo = max(self.line_start(pos), pos - 4096)  # a minified file is one long line
            if text.rfind("{", lo, pos) > text.rfind("}", lo, pos):
                # `{ id: 7, name: 'Ann' }`: a bare value in an inline object ends at its "," or "}"
                stops = [i for i in (text.find(",", pos, line_end), text.find("}", pos, line_end)) if i != -1]
                if stops:
                    end = min(stops)
        elif sep == "=":
            # `k=v k2=v2`: the value ends where the next key starts (a value may hold spaces).
            space = text.find(" ", pos, line_end)
            if space != -1:
                if _NEXT_KEY.match(text, space) is not None:
                    end = space
                else:
                    nxt = _NEXT_KEY.search(text, space, line_end)
                    if nxt is not None:
                        end = nxt.start()
        value = text[pos:end].rstrip(" \t\r,;")
        if " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        return (pos, pos + len(value)) if value else None
