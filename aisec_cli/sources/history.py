"""Added lines of git history, parsed incrementally from one ``git log -p -U0`` stream.

The stream is read in large byte chunks. A single regular expression splits each chunk
into tokens in C: a structural line (commit marker, ``diff``, ``@@`` hunk header …) or a
run of consecutive added (``+``) lines; deleted (``-``) lines and ``\\ No newline`` notes
are skipped by the regex engine without a Python-level loop. For each (commit, file) the
added lines become one :class:`~aisec_cli.core.document.Document` whose ``line_numbers``
are the line numbers of that file in that commit, so every line of history is examined
once, in the commit that introduced it.

A file git calls binary (``Binary files a/x and b/x differ``: a NUL byte, as in UTF-16 text
without a BOM) has no lines in the stream; it becomes a :class:`BinaryChange` naming the
blob, for the caller to read and decode (:mod:`aisec_cli.sources.decoding` tells real binary
data from text). So does a file whose diff holds a line longer than :data:`LINE_CAP`
(minified JSON, a bundled script): the line is never buffered whole, the blob is read instead
(bounded by max-file-size, like a file of the working tree). A Git LFS pointer (the content
of a file LFS tracks lives in the LFS store, and is pushed there) becomes one too, naming the
object, read from the local store.

Merge commits come as dense combined diffs (``--cc``): only lines that are new relative
to every parent (a conflict resolution or an "evil merge") count as added, so what a merge
brings in from one side is not reported twice.

Memory stays flat: one chunk, one pending partial line (capped), and the added lines of
one file at a time, flushed in pieces when a diff is enormous.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO, overload

from aisec_cli.core.config import size_text
from aisec_cli.core.document import Document
from aisec_cli.core.errors import UsageError
from aisec_cli.core.findings import Commit, ScanError
from aisec_cli.core.lazyre import LazyRegex
from aisec_cli.core.paths import display_bytes
from aisec_cli.sources.decoding import decode

MARKER = b"\x01aisec\x02"
# One line per commit: marker, sha, parents, author name, email, ISO date, subject.
LOG_FORMAT = "%x01aisec%x02%H%x00%P%x00%an%x00%ae%x00%aI%x00%s"

CHUNK_SIZE = 1 << 20  # bytes read from git at a time
PIECE_BYTES = 1 << 20  # a file's added text is scanned in pieces of about this size
LINE_CAP = 4 << 20  # longer lines are cut here (the rest of the line is not examined)
# git's default: a config's 0 (unlimited) made rename detection quadratic in the files a commit
# moves; above the limit the moved files show as added (more lines read, never fewer)
RENAME_LIMIT = 1000

# Options that would change the shape of git's output; refused in user-given log options.
_FORBIDDEN_LONG = frozenset({
    "--format", "--pretty", "--oneline", "--null", "--name-only", "--name-status",
    "--numstat", "--shortstat", "--summary", "--compact-summary", "--raw", "--output",
    "--ext-diff", "--textconv", "--unified", "--inter-hunk-context", "--function-context", "--graph", "--no-patch",
    "--binary", "--src-prefix", "--dst-prefix", "--no-prefix", "--default-prefix",
    "--line-prefix", "--reverse", "--show-signature", "--notes", "--show-notes",
    "--full-index", "--left-right", "--boundary", "--cherry-mark", "--walk-reflogs",
    "--diff-merges", "--cc", "--remerge-diff", "--combined-all-paths", "--stdin", "--patch", "--encoding",
    "--show-linear-break", "--children", "--parents", "--irreversible-delete",
    # options that hide added lines: another mark than ``+``, hunks dropped, merges undiffed
    "--ignore-matching-lines", "--no-diff-merges",
})
_FORBIDDEN_LONG_PREFIX = ("--color", "--stat", "--dirstat", "--word-diff", "--patch-with", "--output-indicator")
_FORBIDDEN_SHORT = frozenset("zpusmcgRWLUI")
_SHORT_WITH_VALUE = frozenset("nSGOlMCBX")  # the rest of a bundle is the value


# One match per interesting piece of the stream; everything else (deleted lines, ``index``,
# ``new file mode``, ``similarity`` … lines) is skipped inside the regex engine.
_TOKEN = re.compile(
    rb"^(?:"
    # a plain hunk: header, its deleted lines, then its run of added lines (if any)
    rb"@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,\d+)? @@[^\n]*(?:\n[-\\][^\n]*)*"
    rb"(?:\n(?P<add>\+[^\n]*(?:\n\+[^\n]*)*))?"
    # added lines continuing a hunk across a chunk boundary, or a ``+++ b/path`` line
    rb"|(?P<plus>\+[^\n]*(?:\n\+[^\n]*)*)"
    # commit marker, ``diff …``, combined hunk header ``@@@``, ``Binary files``, ``rename to``,
    # and the lines of combined (merge) hunks that start with a space
    rb"|(?P<other>[\x01dBr@ ][^\n]*)"
    rb")",
    re.M,
)
_HUNK = re.compile(rb"^(@@+) (?:-\d+(?:,\d+)? )+\+(\d+)(?:,(\d+))? @@")
_ESCAPES = {
    ord("a"): 7, ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("v"): 11, ord("f"): 12,
    ord("r"): 13, ord('"'): 34, ord("\\"): 92,
}


def log_arguments(
    revisions: Sequence[str],
    extra: Sequence[str] = (),
    pathspec: Sequence[str] = (),
    oldest_first: bool = False,
) -> list[str]:
    """The full ``git`` argument list (without the leading ``git``) for a history stream.

    Newest commits come first (git's own order, streamed at once); ``oldest_first`` makes
    git walk everything before the first commit comes out (``--date-order --reverse``,
    about 15 % more git time), so a secret is first met where it was introduced.
    """
    order = ["--date-order", "--reverse"] if oldest_first else []
    return [
        "-c", "core.quotepath=off",
        "-c", "log.showSignature=false",
        "-c", "log.showRoot=true",  # a repository's ``false`` prints the first commit without its diff
        "-c", "diff.noprefix=false",
        "-c", "i18n.logOutputEncoding=UTF-8",  # a repository's UTF-16 here hid every commit header
        "-c", f"diff.renameLimit={RENAME_LIMIT}",
        "log",
        "-p", "-U0", "--inter-hunk-context=0", "--cc", "-M",
        "--full-history", *order,
        "--no-color", "--no-ext-diff", "--no-textconv", "--no-notes",
        "--src-prefix=a/", "--dst-prefix=b/",
        "--diff-filter=d",
        f"--format={LOG_FORMAT}",
        *extra,
        *revisions,
        "--",
        *pathspec,
    ]


def staged_arguments(pathspec: Sequence[str] = ()) -> list[str]:
    """The ``git`` arguments for the staged diff (the index against HEAD)."""
    return [
        "-c", "core.quotepath=off",
        "-c", "diff.noprefix=false",
        "-c", f"diff.renameLimit={RENAME_LIMIT}",
        "diff", "--cached",
        "-U0", "--inter-hunk-context=0", "-M", "--no-color", "--no-ext-diff", "--no-textconv",
        "--src-prefix=a/", "--dst-prefix=b/",
        "--diff-filter=d",
        "--",
        *pathspec,
    ]


def check_log_options(options: Sequence[str]) -> str | None:
    """The first user log option that would change git's output shape, or ``None``."""
    for option in options:
        if option == "--" or not option.startswith("-") or option == "-":
            continue
        if option.startswith("--"):
            name = option.split("=", 1)[0]
            if name in _FORBIDDEN_LONG or name.startswith(_FORBIDDEN_LONG_PREFIX):
                return option
        elif _short_forbidden(option[1:]):
            return option
    return None


def _short_forbidden(cluster: str) -> bool:
    """A forbidden flag among bundled short options (git reads ``-ws`` as ``-w -s``), up to
    the first that takes the rest as its value (``-S-s``, ``-M50%``, ``-10``)."""
    for flag in cluster:
        if flag in _FORBIDDEN_SHORT:
            return True
        if flag in _SHORT_WITH_VALUE or flag.isdigit():
            return False
    return False


def unquote_path(raw: bytes) -> bytes:
    """Undo git's C-style quoting of a path (``"a\\tb"``, octal escapes)."""
    if len(raw) < 2 or raw[:1] != b'"' or raw[-1:] != b'"':
        return raw
    body = raw[1:-1]
    out = bytearray()
    i = 0
    n = len(body)
    while i < n:
        ch = body[i]
        if ch != 92 or i + 1 >= n:  # not a backslash
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        if 48 <= nxt <= 55 and i + 3 < n + 1 and all(48 <= c <= 55 for c in body[i + 1 : i + 4]):
            out.append(int(body[i + 1 : i + 4], 8) & 0xFF)
            i += 4
            continue
        out.append(_ESCAPES.get(nxt, nxt))
        i += 2
    return bytes(out)


def display_path(raw: bytes) -> str:
    """A path for reports, in the escaped form of :func:`aisec_cli.core.paths.display_bytes`."""
    return display_bytes(raw)


def parse_commit_line(line: bytes) -> Commit:
    """The :class:`Commit` of one marker line (without the marker)."""
    parts = line.split(b"\0")
    while len(parts) < 6:
        parts.append(b"")
    sha, _parents, name, email, date, subject = parts[:6]

    def text(value: bytes) -> str:
        return value.decode("utf-8", "replace")

    return Commit(sha=text(sha), author=text(name), email=text(email), date=text(date), message=text(subject))


class LineMap(Sequence[int]):
    """Line numbers of a document built from blocks of consecutive lines (compact)."""

    __slots__ = ("_firsts", "_numbers", "_length")

    def __init__(self, blocks: Sequence[tuple[int, int]]) -> None:
        """``blocks``: (first line number, count) in text order."""
        firsts: list[int] = []
        numbers: list[int] = []
        index = 0
        for number, count in blocks:
            firsts.append(index)
            numbers.append(number)
            index += count
        self._firsts = firsts
        self._numbers = numbers
        self._length = index

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...

    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        from bisect import bisect_right

        block = bisect_right(self._firsts, index) - 1
        return self._numbers[block] + index - self._firsts[block]

    def __reduce__(self):  # type: ignore[no-untyped-def]
        blocks = []
        for i, first in enumerate(self._firsts):
            end = self._firsts[i + 1] if i + 1 < len(self._firsts) else self._length
            blocks.append((self._numbers[i], end - first))
        return (LineMap, (blocks,))


@dataclass(frozen=True, slots=True)
class FileChange:
    """Added lines of one file in one commit (or in the index), ready to scan."""

    document: Document
    raw_path: bytes  # the path as git gave it, for reading the blob back
    piece: int = 0  # >0 when an enormous diff was split


@dataclass
class _File:
    raw_path: bytes
    path: str
    blocks: list[bytes] = field(default_factory=list)
    numbers: list[tuple[int, int]] = field(default_factory=list)
    size: int = 0
    total: int = 0
    pieces: int = 0
    capped: bool = False
    cut_noted: bool = False  # a line of this file was cut at LINE_CAP (noted once)


@dataclass(frozen=True, slots=True)
class BinaryChange:
    """A file git showed as binary (no lines), whose diff held a line longer than
    :data:`LINE_CAP` (``long_line``), or a Git LFS pointer (``lfs_oid``): its blob (or LFS
    object) is read back and decoded by the caller."""

    raw_path: bytes  # the path as git names it (``<sha>:<raw_path>`` or the index)
    path: str  # in the escaped display form
    commit: Commit | None
    long_line: bool = False
    lfs_oid: str | None = None  # a Git LFS pointer's object: its content is read from the LFS store


Event = Commit | FileChange | BinaryChange | ScanError


class PatchParser:
    """Incremental parser of ``git log -p -U0 --cc`` / ``git diff -U0`` output.

    Call :meth:`feed` with byte chunks as they arrive and :meth:`close` at the end; both
    return the events completed so far: a :class:`Commit` when a commit starts, a
    :class:`FileChange` per file with added lines, a :class:`ScanError` for notes.
    """

    def __init__(self, origin: str = "history", max_file_size: int = 25 << 20, piece_bytes: int = PIECE_BYTES) -> None:
        self.origin = origin
        self.max_file_size = max_file_size
        self.piece_bytes = piece_bytes
        self.commit: Commit | None = None
        self.commits = 0
        self.bytes_added = 0
        self._pending: list[bytes] = []
        self._pending_size = 0
        self._discarding = False
        self._file: _File | None = None
        self._in_hunk = False
        self._parents = 0  # >1 inside a combined (merge) diff
        self._next_line = 0
        self._renamed: bytes | None = None  # ``rename to`` of the current file's header
        self._out: list[Event] = []

    # -- input ----------------------------------------------------------------------------

    def feed(self, chunk: bytes) -> list[Event]:
        if self._discarding:
            cut = chunk.find(b"\n")
            if cut == -1:
                return self._drain()
            chunk = chunk[cut + 1 :]
            self._discarding = False
        if self._pending:
            # Finish the partial line left by the previous chunk, cutting it at LINE_CAP.
            cut = chunk.find(b"\n")
            if cut == -1:
                self._pending.append(chunk)
                self._pending_size += len(chunk)
                if self._pending_size > LINE_CAP:
                    self._tokens(b"".join(self._pending)[:LINE_CAP])
                    self._pending = []
                    self._pending_size = 0
                    self._discarding = True
                    self._cut()
                return self._drain()
            self._pending.append(chunk[:cut])
            whole = b"".join(self._pending)
            self._tokens(whole[:LINE_CAP])
            if len(whole) > LINE_CAP:
                self._cut()
            self._pending = []
            self._pending_size = 0
            chunk = chunk[cut + 1 :]
        cut = chunk.rfind(b"\n")
        if cut == -1:
            rest = chunk
        else:
            self._tokens(chunk[:cut])
            rest = chunk[cut + 1 :]
        if len(rest) > LINE_CAP:
            self._tokens(rest[:LINE_CAP])
            self._discarding = True
            self._cut()
        elif rest:
            self._pending = [rest]
            self._pending_size = len(rest)
        return self._drain()

    def close(self) -> list[Event]:
        if self._pending and not self._discarding:
            self._tokens(b"".join(self._pending)[:LINE_CAP])
        self._pending = []
        self._pending_size = 0
        self._end_file()
        return self._drain()

    def _cut(self) -> None:
        """A line was cut at LINE_CAP: the file is handed over whole instead (a
        :class:`BinaryChange` with ``long_line`` set, its blob read back), once per file and
        commit; what was kept of its diff is dropped and the rest of it skipped."""
        current = self._file
        if current is None or current.cut_noted:
            return
        current.cut_noted = True
        current.capped = True
        current.blocks = []
        current.numbers = []
        current.size = 0
        self._out.append(BinaryChange(current.raw_path, current.path, self.commit, long_line=True))

    def _drain(self) -> list[Event]:
        out = self._out
        self._out = []
        return out

    # -- tokens ---------------------------------------------------------------------------

    def _tokens(self, data: bytes) -> None:
        for match in _TOKEN.finditer(data):
            start = match.group("start")
            if start is not None:  # a plain hunk
                self._parents = 0
                if self._file is None:
                    self._in_hunk = False
                    continue
                self._in_hunk = True
                self._next_line = int(start)
                added = match.group("add")
                if added is not None:
                    self._added(added)
                continue
            token = match.group("plus")
            if token is not None:
                if self._in_hunk:
                    if self._parents:
                        self._combined_lines(token)
                    else:
                        self._added(token)
                else:  # outside a hunk, each ``+++ `` line names the file that follows
                    for line in token.split(b"\n"):
                        if line.startswith(b"+++ "):
                            self._target(line[4:])
                continue
            token = match.group("other")
            if self._in_hunk and self._parents and token[:1] == b" ":
                self._combined_lines(token)
                continue
            self._structural(token)

    def _structural(self, line: bytes) -> None:
        if line.startswith(MARKER):
            self._end_file()
            self.commit = parse_commit_line(line[len(MARKER) :])
            self.commits += 1
            self._out.append(self.commit)
            return
        if line.startswith(b"diff "):
            self._end_file()
            self._parents = 0
            self._renamed = None
            if line.startswith(b"diff --cc ") or line.startswith(b"diff --combined "):
                self._parents = -1  # known at the first hunk header
            return
        if line.startswith(b"@@@"):
            match = _HUNK.match(line)
            if match is None or self._file is None:
                self._in_hunk = False
                return
            self._in_hunk = True
            self._parents = len(match.group(1)) - 1
            self._next_line = int(match.group(2))
            return
        if self._in_hunk:
            return
        if line.startswith(b"rename to "):
            self._renamed = unquote_path(line[10:])
        elif line.startswith(b"Binary files "):
            self._file = None
            raw = self._renamed or binary_name(line)
            if raw is not None:
                self._out.append(BinaryChange(raw, display_path(raw), self.commit))

    def _target(self, raw: bytes) -> None:
        if raw == b"/dev/null":
            self._file = None
            return
        if raw.endswith(b"\t"):  # git adds a tab after names holding a space
            raw = raw[:-1]
        if raw[:1] == b'"':
            raw = unquote_path(raw)
        if raw.startswith(b"b/"):
            raw = raw[2:]
        self._file = _File(raw, display_path(raw))

    # -- added lines ----------------------------------------------------------------------

    def _added(self, token: bytes) -> None:
        current = self._file
        if current is None:
            return
        count = token.count(b"\n") + 1
        first = self._next_line
        self._next_line += count
        if current.capped:
            return
        body = token[1:].replace(b"\n+", b"\n")
        self._keep(current, body, first, count)

    def _combined_lines(self, token: bytes) -> None:
        """Lines of a combined diff: added only when new against every parent."""
        current = self._file
        parents = self._parents
        if parents < 0:
            return
        for line in token.split(b"\n"):
            prefix = line[:parents]
            if b"-" in prefix:
                continue  # not in the merge result
            number = self._next_line
            self._next_line += 1
            if current is None or current.capped:
                continue
            if prefix == b"+" * parents:
                self._keep(current, line[parents:], number, 1)

    def _keep(self, current: _File, body: bytes, first: int, count: int) -> None:
        size = len(body) + 1
        if current.total + size > self.max_file_size:
            current.capped = True
            self._flush(current)
            where = f"{current.path}@{self.commit.sha[:12]}" if self.commit else current.path
            self._out.append(
                ScanError(
                    where,
                    f"added text larger than the size cap ({size_text(self.max_file_size)}); "
                    "the rest of this file's diff was not examined",
                    "skipped",
                )
            )
            return
        if current.numbers and current.numbers[-1][0] + current.numbers[-1][1] == first:
            last_first, last_count = current.numbers[-1]
            current.numbers[-1] = (last_first, last_count + count)
        else:
            current.numbers.append((first, count))
        current.blocks.append(body)
        current.size += size
        current.total += size
        if current.size >= self.piece_bytes:
            self._flush(current)

    def _flush(self, current: _File) -> None:
        if not current.blocks:
            return
        data = b"\n".join(current.blocks)
        current.blocks = []
        numbers = current.numbers
        current.numbers = []
        current.size = 0
        self.bytes_added += len(data)
        text = _text(data)
        if _GITLINK.fullmatch(text):
            return  # a submodule pointer, not file content
        oid = lfs_pointer(text) if len(text) < 300 else None
        if oid is not None:  # the content lives in the LFS store, and is pushed there
            self._out.append(BinaryChange(current.raw_path, current.path, self.commit, lfs_oid=oid))
            return
        lines: Sequence[int]
        if len(numbers) == 1:
            lines = range(numbers[0][0], numbers[0][0] + numbers[0][1])
        else:
            lines = LineMap(numbers)
        document = Document(
            path=current.path,
            text=text,
            origin=self.origin,
            commit=self.commit,
            line_numbers=lines,
        )
        self._out.append(FileChange(document, current.raw_path, current.pieces))
        current.pieces += 1

    def _end_file(self) -> None:
        if self._file is not None:
            self._flush(self._file)
        self._file = None
        self._in_hunk = False


_GITLINK = LazyRegex(r"Subproject commit [0-9a-f]{40}(?:[0-9a-f]{24})?(?:-dirty)?\n?")
_LFS_LINE = LazyRegex(r"version https://git-lfs\.github\.com/spec/v1|oid sha256:([0-9a-f]{64})|size \d+")


def lfs_pointer(added: str) -> str | None:
    """The object id when the added lines are (part of) a Git LFS pointer (``version …``,
    ``oid sha256:…``, ``size …``: a new pointer adds all three, a changed one its oid and size)."""
    oid = None
    for line in added.split("\n"):
        if not line:
            continue
        match = _LFS_LINE.fullmatch(line)
        if match is None:
            return None
        oid = match.group(1) or oid
    return oid


def binary_name(line: bytes) -> bytes | None:
    """The new path of ``Binary files A and B differ`` (``None``: deleted, or not one name).

    ``A`` is ``/dev/null`` for a new file, else the same name as ``B`` (a rename is named by
    its ``rename to`` line instead), so the two halves around `` and `` are told apart by
    length even when the name itself holds `` and ``.
    """
    if not line.endswith(b" differ"):
        return None
    body = line[len(b"Binary files ") : -len(b" differ")]
    if body.startswith(b"/dev/null and "):
        new = body[len(b"/dev/null and ") :]
    else:
        half, odd = divmod(len(body) - len(b" and "), 2)
        if odd or body[half : half + 5] != b" and ":
            return None
        old, new = body[:half], body[half + 5 :]
        if _strip_side(old, b"a/") != _strip_side(new, b"b/"):
            return None
    return _strip_side(new, b"b/")


def _strip_side(raw: bytes, prefix: bytes) -> bytes | None:
    if raw == b"/dev/null":
        return None
    if raw[:1] == b'"':
        raw = unquote_path(raw)
    return raw[len(prefix) :] if raw.startswith(prefix) else None


def _text(data: bytes) -> str:
    if data[:1] in (b"\xef", b"\xfe", b"\xff", b"\x00"):
        return decode(data)[0]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def iter_changes(chunks: Iterable[bytes], origin: str = "history", max_file_size: int = 25 << 20) -> Iterator[Event]:
    """Events from an iterable of byte chunks (tests, and any non-process source)."""
    parser = PatchParser(origin, max_file_size)
    for chunk in chunks:
        yield from parser.feed(chunk)
    yield from parser.close()


def listed_log_arguments(pathspec: Sequence[str] = ()) -> list[str]:
    """The history stream's arguments for exactly the commits given on standard input, in that order."""
    base = log_arguments((), (), pathspec)
    at = base.index("--")
    return [*base[:at], "--no-walk=unsorted", "--stdin", *base[at:]]


@dataclass(frozen=True, slots=True)
class Scope:
    """Which commits a git scan covers, as the command line or the API asks."""

    staged: bool = False
    history: bool = False
    since: str | None = None
    rev_range: str | None = None
    log_opts: str | None = None
    pre_push: bool = False

    @property
    def wanted(self) -> bool:
        """True when a git scan (not a tree scan) is asked for."""
        return bool(self.staged or self.history or self.since or self.rev_range or self.log_opts or self.pre_push)

    def check(self, targets: Sequence[object]) -> None:
        """Usage errors for combinations that cannot be scanned."""
        if not self.wanted:
            return
        if self.staged and (self.history or self.since or self.rev_range or self.log_opts or self.pre_push):
            raise UsageError("--staged scans the index; it cannot be combined with history options")
        if len(targets) > 1:
            raise UsageError("history and staged scans take one repository path")


def steady_heap() -> None:
    """Keep the process's memory flat over long streams (glibc only; a no-op elsewhere).

    glibc raises its mmap threshold each time a large block is freed, after which the
    megabyte-sized chunks and texts of a history stream come from the heap and fragment
    it: resident memory then creeps up with history length. A fixed threshold sends them
    back to mmap, returned to the system when freed.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 1 << 20)  # M_MMAP_THRESHOLD: chunks of the git stream and larger
    except (OSError, AttributeError):
        pass


def stream_log(
    repo: Any,
    revisions: Sequence[str],
    extra: Sequence[str] = (),
    pathspec: Sequence[str] = (),
    max_file_size: int = 25 << 20,
    origin: str = "history",
    args: Sequence[str] | None = None,
    oldest_first: bool = False,
    commits: Sequence[str] | None = None,
) -> Iterator[Event]:
    """Events of one streamed ``git log -p -U0 --cc`` (or the ``args`` given) in ``repo``.

    Raises :class:`~aisec_cli.sources.gitrepo.GitFailed` after the last event when git
    exited with an error (a corrupted object, a bad revision): the caller decides whether
    what was read before is worth reporting.
    """
    from aisec_cli.sources.gitrepo import GitFailed, launch

    import tempfile

    if commits is not None:  # exactly these commits (a resumed stream), fed through a file
        command = listed_log_arguments(pathspec)
        listing: Any = tempfile.TemporaryFile()
        listing.write("".join(f"{sha}\n" for sha in commits).encode("ascii"))
        listing.seek(0)
    else:
        command = list(args) if args is not None else log_arguments(revisions, extra, pathspec, oldest_first)
        listing = None
    parser = PatchParser(origin, max_file_size)
    try:
        with launch(repo, command, listing) as process:
            for chunk in threaded_chunks(process.stdout):
                yield from parser.feed(chunk)
            yield from parser.close()
            code, message = process.finish()
    finally:
        if listing is not None:
            listing.close()
    if code != 0:
        raise GitFailed(message or f"git exited with status {code}", code)


def threaded_chunks(stream: BinaryIO, size: int = CHUNK_SIZE, queued: int = 4) -> Iterator[bytes]:
    """Chunks read by a helper thread, so git keeps writing while Python scans.

    At most ``queued`` chunks wait in memory (4 MiB with the default chunk size).
    """
    import queue
    import threading

    box: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=queued)
    stop = threading.Event()

    def pump() -> None:
        try:
            for chunk in read_chunks(stream, size):
                while not stop.is_set():
                    try:
                        box.put(chunk, timeout=0.2)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            box.put(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer
            box.put(exc)

    worker = threading.Thread(target=pump, name="aisec-git-reader", daemon=True)
    worker.start()
    try:
        while True:
            item = box.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                if isinstance(item, (OSError, ValueError)):
                    return  # the pipe closed under us: the process status tells why
                raise item
            yield item
    finally:
        stop.set()


def read_chunks(stream: BinaryIO, size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """Byte chunks from a pipe as they arrive (``read1``: no waiting for a full buffer)."""
    reader = getattr(stream, "read1", stream.read)
    while True:
        chunk = reader(size)
        if not chunk:
            return
        yield chunk
