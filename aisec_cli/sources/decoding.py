"""THE text decoder: bytes to text, and a document to the view an engine searches.

Bytes: BOMs for UTF-8/16/32 when the text after them is plausible, UTF-16 or UTF-32 without a
BOM when its NUL bytes say so, strict UTF-8, else latin-1 (:func:`decode`, :func:`is_binary`).
Documents (:func:`view`, :func:`searchable`, :func:`code_cells`): a notebook's JSON strings
decoded line for line, or its cells as one source, every line mapped to its line in the
``.ipynb`` (``Document.line_numbers``); keys hidden by invisible characters or escapes decoded
in place (:mod:`aisec_cli.core.hidden`). The runner (:mod:`aisec_cli.sources.filescan`) and the
history scan hand engines these views, so no engine decodes.

A byte-order mark is two to four bytes that any latin-1 or binary file may start with by
chance (``ÿþ`` is ``FF FE``). Believing them blindly turns readable text into CJK-looking
noise and hides every key in it, so the encoding a BOM announces is only used when the
bytes after it decode strictly, have a length that fits the code unit, and read as text.

UTF-16 without a BOM (PowerShell's ``Out-File``, many Windows tools' output) has a NUL in
every other byte, UTF-32 without one three NULs in every four bytes, which git's binary
heuristic takes for a binary file. Such a file is read as text (:func:`without_bom`) when its
length is a multiple of the code unit, three code units in four are one printable ASCII byte
beside NULs on the same side, and the decoded text is plausible: binary formats (images,
executables, numeric arrays) have NULs in no such regular pattern. A line appended to such a
file by a tool that writes single bytes (``echo KEY=… >> profile.env`` from cmd or bash) is read
as UTF-8 after the wide text (:func:`single_byte_tail`), not as CJK-looking noise. UTF-16
without a BOM in another script (Chinese, Cyrillic … around ASCII names and keys) has its NULs
only where its ASCII characters are, on one side: it is read as text when that side holds
nearly all of them and the text decodes and is plausible (:func:`_other_script`).

One NUL byte in a text file (a bad paste, an editor glitch, a truncated write) made git's
heuristic skip the whole file and every key in it. UTF-8 text whose first 8 KiB decode strictly,
with at most 5 % NULs and no other control byte (but whitespace and ESC), is text
(:func:`stray_nuls`): binary formats are not UTF-8 (images, archives' compressed data), are
NUL-heavy (headers, padding, numbers) or hold control bytes (``\\x01``, ``\\x02`` …).
"""

from __future__ import annotations

import codecs
import unicodedata

from aisec_cli.core.document import Document
from aisec_cli.core.hidden import reveal
from aisec_cli.sources.hidden import base64_values
from aisec_cli.sources.notebooks import NotebookProblem, decode_notebook, read_cells

__all__ = [
    "VIEWS",
    "NotebookProblem",
    "bom_encoding",
    "code_cells",
    "decode",
    "is_binary",
    "searchable",
    "single_byte_tail",
    "stray_nuls",
    "view",
    "without_bom",
]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UNIT = {"utf-8": 1, "utf-16-le": 2, "utf-16-be": 2, "utf-32-le": 4, "utf-32-be": 4}
BINARY_PROBE = 8192
_PLAUSIBLE_SAMPLE = 4096  # characters examined for plausibility
_MAX_ODD = 0.05  # share of unassigned, private-use, surrogate or control characters tolerated
_MAX_ASCII_PAIRS = 0.85  # share of UTF-16 units made of two printable ASCII bytes tolerated
_MIN_NUL_PAIRS = 0.75  # share of units that must be ASCII text beside NULs for UTF-16/32 without a BOM
_MIN_UNITS = 4  # shorter files are never taken for UTF-16/32 without a BOM
_MIN_WIDE_NULS = 0.02  # share of ASCII units (NUL high bytes) in UTF-16 of another script without a BOM
_MIN_OTHER_UNITS = 16  # shorter files are never taken for UTF-16 of another script without a BOM
_MAX_OTHER_PAIRS = 0.6  # share of two-ASCII-byte units tolerated there (CJK 0.1-0.2, kana alone 0.53)
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")
_ASCII_TEXT_BYTES = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}
_ASCII_TEXT_DELETE = bytes(sorted(_ASCII_TEXT_BYTES))
_TAIL_RUN = 16  # printable ASCII bytes a single-byte tail starts with
_BINARY_CONTROLS = bytes([*range(0x01, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])  # no text file uses them


def bom_shaped(data: bytes) -> tuple[str, int] | None:
    """The encoding and length of a byte-order mark ``data`` starts with (not validated)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def bom_encoding(data: bytes, size: int | None = None) -> tuple[str, int] | None:
    """(encoding, BOM length) when ``data`` starts with a BOM and the text after it is plausible.

    ``data`` may be the head of a file whose full length is ``size``.
    """
    found = bom_shaped(data)
    if found is None:
        return None
    name, skip = found
    unit = _UNIT[name]
    end = _wide_end(data, skip, unit, size)
    if end is None:
        return None
    body = data[skip : min(end, skip + BINARY_PROBE)]
    final = size is not None and skip + len(body) >= end  # without a size, ``data`` may be a head
    try:
        text = codecs.getincrementaldecoder(name)("strict").decode(body, final=final)
    except UnicodeDecodeError:
        return None
    if name.startswith("utf-16") and _ascii_pairs(body) > _MAX_ASCII_PAIRS:
        return None  # single-byte text read two bytes at a time
    if not plausible(text):
        return None
    return found


def plausible(text: str) -> bool:
    """True when few characters are unassigned, private-use, surrogates or non-whitespace controls."""
    sample = text[:_PLAUSIBLE_SAMPLE]
    if not sample:
        return True
    odd = 0
    for char in sample:
        category = unicodedata.category(char)
        if category in ("Cn", "Co", "Cs") or (category == "Cc" and char not in _TEXT_CONTROLS):
            odd += 1
    return odd <= _MAX_ODD * len(sample)


def _ascii_pairs(body: bytes) -> float:
    units = len(body) // 2
    if units == 0:
        return 0.0
    pairs = sum(
        1 for i in range(0, units * 2, 2) if body[i] in _ASCII_TEXT_BYTES and body[i + 1] in _ASCII_TEXT_BYTES
    )
    return pairs / units


def without_bom(data: bytes, size: int | None = None) -> str | None:
    """``"utf-16-le"``, ``"utf-16-be"``, ``"utf-32-le"`` or ``"utf-32-be"`` when ``data`` (the
    head of a file of ``size`` bytes) is mostly-ASCII UTF-16 or UTF-32 text without a
    byte-order mark, else None (see the module docstring)."""
    for width in (2, 4):
        found = _bare_width(data, size, width)
        if found is not None:
            return found
    return None


def _bare_width(data: bytes, size: int | None, width: int) -> str | None:
    """:func:`without_bom` for code units of ``width`` bytes: one lane of bytes holds printable
    ASCII, the others NUL, in three units out of four; then the text must decode and be plausible."""
    end = _wide_end(data, 0, width, size)
    if end is None:
        return None
    body = data[: min(end, BINARY_PROBE)]
    body = body[: len(body) - len(body) % width]
    units = len(body) // width
    if units < _MIN_UNITS or b"\0" not in body:
        return None
    lanes = [body[i::width] for i in range(width)]
    need = _MIN_NUL_PAIRS * units
    for order, text_lane in (("le", 0), ("be", width - 1)):
        zero_lanes = [lane for i, lane in enumerate(lanes) if i != text_lane]
        if min(lane.count(0) for lane in zero_lanes) < need:
            continue  # most binary data (compressed, images): rejected at C speed
        text_bytes = lanes[text_lane]
        ascii_units = sum(
            1 for i in range(units) if text_bytes[i] in _ASCII_TEXT_BYTES and all(lane[i] == 0 for lane in zero_lanes)
        )
        if ascii_units < need:
            continue
        name = f"utf-{8 * width}-{order}"
        final = size is not None and len(body) >= end  # without a size, ``data`` may be a head
        try:
            text = codecs.getincrementaldecoder(name)("strict").decode(body, final=final)
        except UnicodeDecodeError:
            return None
        return name if plausible(text) else None
    if width == 2:
        return _other_script(body, size is not None and len(body) >= end)
    return None


def _other_script(body: bytes, final: bool) -> str | None:
    """UTF-16 without a BOM in a script other than Latin (Chinese, Cyrillic … around ASCII
    names and keys): NUL bytes are the high bytes of ASCII characters in one byte order, at
    least :data:`_MIN_WIDE_NULS` of the units, and the other lane holds few (a character such as
    U+5F00 has a NUL low byte); then the text (of :data:`_MIN_OTHER_UNITS` units or more) must
    decode strictly, hold no NUL character, not be single-byte text read two bytes at a time
    (:data:`_MAX_OTHER_PAIRS`), and be plausible (16-bit samples and words
    decode to controls, unassigned characters or lone surrogates)."""
    units = len(body) // 2
    if units < _MIN_OTHER_UNITS:
        return None
    low, high = body[0::2], body[1::2]
    for order, text_lane, zero_lane in (("le", low, high), ("be", high, low)):
        zeros = zero_lane.count(0)
        if zeros < _MIN_WIDE_NULS * units or text_lane.count(0) * 4 > zeros:
            continue
        name = f"utf-16-{order}"
        try:
            text = codecs.getincrementaldecoder(name)("strict").decode(body, final=final)
        except UnicodeDecodeError:
            return None
        if "\0" in text or _ascii_pairs(body) > _MAX_OTHER_PAIRS:
            return None
        return name if plausible(text) else None
    return None


def _wide_end(data: bytes, skip: int, unit: int, size: int | None) -> int | None:
    """Where the UTF-16/32 text of ``data`` (a head of a file of ``size`` bytes, its text from
    ``skip``) ends: at a single-byte tail (:func:`single_byte_tail`), else at the file's end;
    None when all of the file is seen and its length does not fit the code unit."""
    total = len(data) if size is None else size
    if unit == 1 or len(data) < total:
        return total  # a head: the tail and the length's remainder are out of sight
    tail = single_byte_tail(data, skip, unit)
    end = total if tail is None else tail
    return None if (end - skip) % unit else end


def single_byte_tail(data: bytes, skip: int, unit: int) -> int | None:
    """Where single-byte text appended to UTF-16/32 text starts (``echo KEY=… >> profile.env``
    from cmd or bash onto a file PowerShell wrote), or None.

    The tail starts at the code unit after the last NUL byte, holds no NUL and begins with 16
    printable ASCII bytes; the wide text before it must hold a NUL (ASCII-ish UTF-16/32 does).
    Text in other scripts (no NULs) or ending in them is not split.
    """
    last = data.rfind(b"\0")
    if last < skip:
        return None
    start = last + 1
    start += -(start - skip) % unit
    run = data[start : start + _TAIL_RUN]
    if len(run) < _TAIL_RUN or run.translate(None, _ASCII_TEXT_DELETE):
        return None
    return start


def is_binary(data: bytes, size: int | None = None) -> bool:
    """git's heuristic: a NUL byte in the first 8 KiB (text with a UTF-16/32 BOM is not, nor
    is UTF-16/32 text without one, :func:`without_bom`, nor UTF-8 text with a few stray NULs,
    :func:`stray_nuls`).

    NUL bytes inside a BOM-shaped prefix that did not hold up (``FF FE 00 00`` before
    latin-1 text) do not count.
    """
    if bom_encoding(data, size) is not None:
        return False
    if without_bom(data, size) is not None:
        return False
    shaped = bom_shaped(data)
    skip = shaped[1] if shaped is not None else 0
    probe = data[skip:BINARY_PROBE]
    if b"\0" not in probe:
        return False
    return not stray_nuls(probe, final=size is not None and skip + len(probe) >= size)


def stray_nuls(probe: bytes, final: bool = False) -> bool:
    """True when ``probe`` (a file's first bytes; ``final``: all of it) is UTF-8 text with a few
    NUL bytes in it: it decodes strictly, at most 5 % of its characters are NULs or other odd
    ones (:func:`plausible`), and no other control byte (``\\x01``, ``\\x02`` …) stands in it.
    Binary formats are not UTF-8, are NUL-heavy or hold such control bytes."""
    if len(probe.translate(None, _BINARY_CONTROLS)) != len(probe):
        return False
    try:
        text = codecs.getincrementaldecoder("utf-8")("strict").decode(probe, final=final)
    except UnicodeDecodeError:
        return False
    return plausible(text) and text.count("\0") <= _MAX_ODD * len(text)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding). Never fails: undecodable input falls back to latin-1."""
    found = bom_encoding(data, len(data))  # the whole text: a sequence cut at its end is an error
    if found is not None:
        name, skip = found
        return _wide_text(data, skip, name), name
    bare = without_bom(data, len(data))
    if bare is not None:
        return _wide_text(data, 0, bare), bare
    return _narrow_text(data)


def _narrow_text(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _wide_text(data: bytes, skip: int, name: str) -> str:
    """UTF-16/32 text from ``skip``, a single-byte tail after it decoded as UTF-8 (else latin-1)."""
    unit = _UNIT[name]
    tail = single_byte_tail(data, skip, unit) if unit > 1 else None
    if tail is None:
        return data[skip:].decode(name, errors="replace")
    return data[skip:tail].decode(name, errors="replace") + _narrow_text(data[tail:])[0]


VIEWS = ("text", "file")


def is_notebook(path: str) -> bool:
    """A Jupyter notebook, by its name."""
    return path.endswith(".ipynb")


def _yaml_like(path: str, text: str) -> bool:
    """A YAML file, or a template of a manifest (Helm's ``.tpl``, a ``.j2``): base64 map values are
    looked at there only (in any other file the pass cost more than the key search itself)."""
    return path.lower().endswith((".yaml", ".yml")) or ("kind:" in text and "data:" in text)


def searchable(document: Document) -> Document:
    """The text engines search: a notebook's JSON strings decoded, each line kept on its line
    (``line_numbers`` maps it to the notebook's line); keys hidden by invisible characters or
    escapes decoded where they stand (:func:`aisec_cli.core.hidden.reveal`), a YAML map's
    base64 values followed by their text, in YAML files and manifest templates (:func:`aisec_cli.sources.hidden.base64_values`); any
    other document as it is (the same object)."""
    decoded = decode_notebook(document) if is_notebook(document.path) else document
    text = reveal(decoded.text)
    if _yaml_like(decoded.path, text):
        text = base64_values(text)
    if text is decoded.text:
        return decoded
    return Document(decoded.path, text, decoded.origin, decoded.commit, decoded.line_numbers)


def view(document: Document, name: str) -> Document:
    """The document as a job's ``view`` asks: ``"text"`` (:func:`searchable`) or ``"file"`` (as read)."""
    if name == "text":
        return searchable(document)
    if name == "file":
        return document
    raise ValueError(f"unknown document view {name!r} (one of {', '.join(VIEWS)})")


def code_cells(document: Document, kinds: tuple[str, ...] = ("code",)) -> tuple[Document, list[str]]:
    """A notebook's cells of ``kinds`` as one text, an empty line after each cell, every line
    mapped to its line in the ``.ipynb``; and the problems with single cells (left out).

    Raises :class:`NotebookProblem` for a file that is not a notebook (its ``kind`` is the
    ScanError kind to report).
    """
    read = read_cells(document)
    lines: list[str] = []
    numbers: list[int] = []
    last = 1
    for cell in read.cells:
        if cell.kind not in kinds:
            continue
        lines.extend(cell.lines)
        numbers.extend(cell.numbers)
        if cell.numbers:
            last = cell.numbers[-1]
        lines.append("")
        numbers.append(last)
    joined = Document(
        path=document.path, text="\n".join(lines), origin=document.origin, commit=document.commit, line_numbers=numbers
    )
    return joined, read.problems
