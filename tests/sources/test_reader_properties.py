"""Properties of the notebook reader and the history patch parser over arbitrary input.

Any text (lone surrogates, control characters, BOMs anywhere) or any bytes: they answer in
bounded time (a per-example deadline turns a super-linear step into a failure), never raise
past their documented error, and keep their line numbers inside the input.
"""

from __future__ import annotations

import json
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aisec_cli.core.document import Document
from aisec_cli.core.findings import Commit, ScanError
from aisec_cli.sources import history as h
from aisec_cli.sources.notebooks import NotebookProblem, decode_notebook, read_cells

BOUNDED = settings(max_examples=150, deadline=timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow])
_SPECIAL = st.sampled_from(["\ufeff", "\ufffe", "\u200b", "\u202e", "\u2028", "\x00", "\r", "\n", "\t", "\x1b",
                            "\ud800", "\udcff", "é", '"', "\\", "\\u", "\\n", "{", "}", "[", "]", ",", ":",
                            '"source": [', '"cells": [', '"cell_type": "code"', "%pip", "!ls"])
TEXT = st.lists(st.one_of(st.characters(), _SPECIAL, st.text(max_size=8)), max_size=60).map("".join)
LINE = st.lists(st.one_of(st.characters(), _SPECIAL), max_size=12).map("".join).map(lambda s: s.replace("\n", "").replace("\r", ""))


@BOUNDED
@given(TEXT)
def test_read_cells_takes_any_text(text: str) -> None:
    try:
        read = read_cells(Document("n.ipynb", text))
    except NotebookProblem as exc:
        assert exc.kind in ("skipped", "error")
        return
    last = text.count("\n") + 1
    for cell in read.cells:
        assert len(cell.lines) == len(cell.numbers)
        assert all(1 <= n <= last for n in cell.numbers)


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
SOURCE = st.lists(st.tuples(LINE, st.booleans()).map(lambda p: p[0] + ("\n" if p[1] else "")), max_size=5)
CELL = st.one_of(
    st.builds(lambda s, k: {"cell_type": k, "metadata": {}, "outputs": [], "source": s}, SOURCE, st.sampled_from(["code", "markdown", "raw"])),
    st.builds(lambda s: {"cell_type": "code", "metadata": {}, "source": s}, JSON_VALUE),
    JSON_VALUE,
)


@BOUNDED
@given(st.lists(CELL, max_size=8), st.booleans(), st.sampled_from([None, 1, 2]))
def test_read_cells_maps_every_well_formed_line_to_its_json_line(cells: list[object], ascii_only: bool, indent: int | None) -> None:
    text = json.dumps({"cells": cells, "metadata": {}}, ensure_ascii=ascii_only, indent=indent)
    read = read_cells(Document("n.ipynb", text))  # valid JSON with a cell list: never a NotebookProblem
    raw = text.split("\n")
    good = [c for c in cells if isinstance(c, dict) and isinstance(c.get("source", []), list)
            and all(isinstance(p, str) for p in c.get("source", []))]
    assert len(read.cells) + len(read.problems) >= len(cells) - sum(1 for c in cells if isinstance(c, dict) and isinstance(c.get("source"), str))
    assert len(read.cells) >= len(good)
    for cell in read.cells:
        for line, number in zip(cell.lines, cell.numbers, strict=True):
            assert 1 <= number <= len(raw)
            whole_string = isinstance(cells[cell.index - 1].get("source"), str)  # type: ignore[union-attr]
            if whole_string:  # one JSON string holds every line: they all sit on the key's line
                assert raw[number - 1].lstrip().startswith('"source"') or indent is None
            elif indent is not None and line:
                # the line begins with the source element written on that JSON line (nbformat's layout)
                shown = raw[number - 1].strip().removesuffix(",")
                assert shown.startswith('"'), (line, shown)
                element = json.loads(shown)
                # an element holding line breaks of its own (not nbformat's layout, but valid JSON)
                # puts each of its lines on that JSON line
                assert element and (line.startswith(element.removesuffix("\n")) or line in element.split("\n")), (line, shown)  # notebook lines end at "\n" only (str.splitlines also splits at \x1c-\x1e, \x85, \u2028)


@BOUNDED
@given(TEXT)
def test_decode_notebook_keeps_the_line_count(text: str) -> None:
    decoded = decode_notebook(Document("n.ipynb", text))
    assert decoded.text.count("\n") == text.count("\n")
    assert list(decoded.line_numbers or []) == list(range(1, text.count("\n") + 2))


_PATCH_PIECES = st.sampled_from([
    h.MARKER + b"a" * 40 + b"\0Dev\0dev@example.com\0" + b"2024-01-01T00:00:00+00:00\0msg\0\n",
    h.MARKER + b"\n", h.MARKER + b"\0\0\0\n",
    b"diff --git a/x.py b/x.py\n", b"diff --cc x.py\n", b"--- a/x.py\n", b"+++ b/x.py\n", b"+++ /dev/null\n",
    b'+++ "b/caf\\303\\251\\n.py"\n', b"+++ b/\xff\xfe.py\n", b"@@ -1 +1,2 @@\n", b"@@@ -1,2 -1,2 +1,3 @@@\n",
    b"@@ -0,0 +99999999999999999999,3 @@\n", b"@@ garbage @@\n", b"+added line\n", b"++both\n", b" -x\n",
    b"-removed\n", b"\\ No newline at end of file\n", b"Binary files a/x and b/x differ\n", b"rename from a\n",
    b"rename to \"b\\tc\"\n", b"Binary files /dev/null and b/\xff differ\n",
    b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\r\n", b"\n", b"\xed\xa0\x80", b"\x1b[31m", b"+\xe2\x80\xae\n",
])
PATCH = st.lists(st.one_of(_PATCH_PIECES, st.binary(max_size=16)), max_size=40).map(b"".join)


def _events(data: bytes, cuts: list[int]) -> list[tuple[object, ...]]:
    chunks: list[bytes] = []
    start = 0
    for cut in sorted(set(cuts)):
        if start < cut < len(data):
            chunks.append(data[start:cut])
            start = cut
    chunks.append(data[start:])
    out: list[tuple[object, ...]] = []
    for event in h.iter_changes(chunks):
        if isinstance(event, Commit):
            out.append(("commit", event.sha, event.message))
        elif isinstance(event, ScanError):
            out.append(("note", event.path, event.message, event.kind))
        elif isinstance(event, h.BinaryChange):
            out.append(("binary", event.raw_path, event.path))
        else:
            doc = event.document
            out.append(("file", doc.path, doc.text, tuple(doc.line_numbers or ())))
    return out


def test_consecutive_file_lines_outside_a_hunk_each_name_a_file() -> None:
    data = b"+++ b/one.py\n+++ b/two.py\n@@ -1 +1,2 @@\n+kept\n"
    assert _events(data, []) == _events(data, [1]) == _events(data, [14]) == [("file", "two.py", "kept", (1,))]


@BOUNDED
@given(PATCH, st.lists(st.integers(min_value=1, max_value=400), max_size=6))
def test_patch_parser_takes_any_bytes_in_any_chunks(data: bytes, cuts: list[int]) -> None:
    whole = _events(data, [])
    assert _events(data, cuts) == whole  # chunk boundaries never change what is parsed
    for event in whole:
        if event[0] == "file":
            _, path, text, numbers = event
            assert isinstance(path, str) and not any("\ud800" <= c <= "\udfff" or c in "\n\r" for c in path)
            assert isinstance(text, str) and len(numbers) == text.count("\n") + 1
            assert all(n >= 1 for n in numbers)
