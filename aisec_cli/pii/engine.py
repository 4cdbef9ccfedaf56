"""A redaction run: one allocator and one mapping shared by every text and file of the run.

:class:`Redactor` is what the CLI and the Python API drive. ``redact_text`` handles a text
in memory; ``redact_file`` streams a file of any size through safe chunks, examining them
in worker processes when ``jobs`` > 1 while numbering placeholders in the main process, in
order, so the output does not depend on the number of workers.
"""

from __future__ import annotations

import csv
import hashlib
import os
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from aisec_cli.core.parallel import map_stream
from aisec_cli.pii.detect import detect, detect_spans
from aisec_cli.pii.gcpause import gc_paused
from aisec_cli.pii.mapping import Mapping, digest_text
from aisec_cli.pii.model import Detection, PiiConfig, make_detection
from aisec_cli.pii.operators import Operator
from aisec_cli.pii.placeholders import Allocator
from aisec_cli.pii.redactor import Replacement, redact, redact_spans
from aisec_cli.pii.stream import DEFAULT_CHUNK, chunks
from aisec_cli.pii.structure import guess_format
from aisec_cli.pii.textio import Encoding, open_text, read_chunks


@dataclass(frozen=True, slots=True)
class Located:
    """A detection with its position in the file: offsets into the decoded text, 1-based line/column."""

    detection: Detection
    line: int
    column: int
    end_line: int
    end_column: int
    value: str  # kept in memory only, for masked snippets and fingerprints; never written out


@dataclass
class FileResult:
    path: str
    detections: list[Located] = field(default_factory=list)
    count: int = 0
    chars: int = 0
    redacted_digest: str = ""


class _Positions:
    """Offsets to (line, column) across consecutive chunks.

    The newline offsets of the current chunk are collected once (on the first lookup) and
    searched by bisection, so a chunk with many detections costs O(n + d log n), not O(n * d).
    """

    def __init__(self) -> None:
        self.line = 1  # line number at the start of the current chunk
        self.column0 = 0  # characters already on that line before the chunk starts
        self._chunk: str | None = None
        self._newlines: list[int] = []

    def _index(self, chunk: str) -> list[int]:
        if self._chunk is not chunk:
            found: list[int] = []
            at = chunk.find("\n")
            while at != -1:
                found.append(at)
                at = chunk.find("\n", at + 1)
            self._chunk, self._newlines = chunk, found
        return self._newlines

    def locate(self, chunk: str, offset: int) -> tuple[int, int]:
        newlines = self._index(chunk)
        before = bisect_left(newlines, offset)  # newlines strictly before ``offset``
        if before == 0:
            return self.line, self.column0 + offset + 1
        return self.line + before, offset - newlines[before - 1]

    def advance(self, chunk: str) -> None:
        newlines = self._index(chunk) if self._chunk is chunk else None
        count = len(newlines) if newlines is not None else chunk.count("\n")
        if count:
            self.line += count
            self.column0 = len(chunk) - chunk.rfind("\n") - 1
        else:
            self.column0 += len(chunk)
        self._chunk, self._newlines = None, []


# ---- worker side -------------------------------------------------------------------------
_WORKER_CONFIGS: tuple[PiiConfig, PiiConfig] | None = None
_WORKER_SLIM = False  # send (start, end, entity) only: no locations are kept
_WARM_UP = 1 << 16  # characters of a file's start examined before the workers are forked


def _init_worker(configs: tuple[PiiConfig, PiiConfig], parent: int, slim: bool = False) -> None:
    """Per worker: the configurations of a file's first chunk and of the rest, rules compiled."""
    global _WORKER_CONFIGS, _WORKER_SLIM
    _die_with_parent(parent)
    _WORKER_CONFIGS = configs
    _WORKER_SLIM = slim
    detect("warm up", configs[1])


def _die_with_parent(parent: int) -> None:
    """End this worker when the process that started it dies (``kill -9`` of ``redact``).

    A killed parent closes no queue, so a worker would wait for work forever. Linux: the
    kernel sends SIGKILL on the parent's death (``PR_SET_PDEATHSIG``). Elsewhere, and as a
    second line, a daemon thread checks the parent's pid once a second.
    """
    import signal
    import sys
    import threading
    import time

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # died before the line above took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="aisec-parent-watch", daemon=True).start()


_Row = tuple[int, int, str, str, float, str]  # a detection's fields, in order (or its first three)


def _detections(rows: list[_Row] | None) -> list[Detection]:
    with gc_paused():
        return [make_detection(*row) for row in rows or ()]


def _detect_chunk(task: tuple[str, bool]) -> list[_Row]:
    assert _WORKER_CONFIGS is not None
    chunk, is_first = task
    config = _WORKER_CONFIGS[0] if is_first else _WORKER_CONFIGS[1]
    found = detect_spans(chunk, config)
    if _WORKER_SLIM:  # half the pickling: only what redaction reads
        return [d[:3] for d in found]  # type: ignore[misc]
    return [tuple(d) for d in found]  # type: ignore[misc]  # plain tuples pickle smaller than named ones


class Redactor:
    """Redacts texts and files with consistent placeholders across one run."""

    def __init__(
        self,
        config: PiiConfig | None = None,
        operator: Operator | None = None,
        *,
        jobs: int = 1,
        chunk_chars: int = DEFAULT_CHUNK,
        keep_locations: bool = True,
        record_mapping: bool = True,
    ) -> None:
        self.config = config or PiiConfig()
        self.operator = operator or Operator()
        self.record_mapping = record_mapping
        self.allocator = Allocator(compact=not record_mapping)
        self.mapping = Mapping()
        self.jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
        self.chunk_chars = chunk_chars
        self.keep_locations = keep_locations

    # ---- texts --------------------------------------------------------------------------
    def config_for(self, path: str = "", fmt: str | None = None, text: str = "") -> PiiConfig:
        chosen = fmt or (self.config.fmt if self.config.fmt != "auto" else guess_format(path, text))
        return replace(self.config, fmt=chosen, path=path)

    def redact_text(
        self, text: str, path: str = "", fmt: str | None = None
    ) -> tuple[str, list[Detection], list[Replacement]]:
        """Redact ``text`` (reserving the tags it already holds); record the mapping."""
        config = self.config_for(path, fmt, text)
        self.allocator.reserve(text)
        if self.record_mapping:
            self.mapping.reserved |= self.allocator.reserved
        detections = detect(text, config)
        out, replacements = redact(text, detections, self.operator, self.allocator, config.fmt)
        if self.record_mapping:
            spellings = self.mapping.add(replacements)
            self.mapping.add_document(digest_text(out), path, spellings)
        return out, detections, replacements

    # ---- files --------------------------------------------------------------------------
    def reserve_file(self, path: Path) -> None:
        """Reserve the tags a file already contains (a first, cheap pass)."""
        reader, _ = open_text(path)
        with reader:
            tail = ""
            for block in read_chunks(reader, self.chunk_chars):
                self.allocator.reserve(tail + block)
                tail = block[-64:]
        if self.record_mapping:
            self.mapping.reserved |= self.allocator.reserved

    def redact_file(
        self,
        path: Path,
        name: str,
        write: Callable[[bytes], None] | None,
        *,
        fmt: str | None = None,
    ) -> tuple[FileResult, Encoding]:
        """Stream ``path`` through detection and (when ``write`` is given) redaction.

        ``write`` receives the encoded output in order; ``None`` only detects (--check).
        """
        self.reserve_file(path)
        reader, encoding = open_text(path)
        with reader:
            head = reader.read(min(self.chunk_chars, 65536))
            config = self.config_for(name, fmt, head)
            if config.fmt in ("csv", "tsv") and config.csv_header is None:
                first_line = head.split("\n", 1)[0].rstrip("\r")
                try:
                    header = next(csv.reader([first_line], delimiter="\t" if config.fmt == "tsv" else ","))
                except (csv.Error, StopIteration):
                    header = []
                header_config = replace(config, csv_header=tuple(header))
            else:
                header_config = config
            blocks = _prepend(head, read_chunks(reader, self.chunk_chars))
            pieces = chunks(blocks, config.fmt, self.chunk_chars)
            result = FileResult(name)
            if write is not None and encoding.bom:
                write(encoding.bom)
            digest = hashlib.sha256()
            spellings: dict[str, list[str]] = {}
            positions = _Positions()
            offset = 0
            # Chunks after the first are pieces of the file, never the whole input.
            for chunk, found, rows in self._detect_all(pieces, config, replace(header_config, part=True)):
                if found is None and self.keep_locations:
                    found = _detections(rows)
                if write is not None:
                    if rows is not None:
                        out, replacements = redact_spans(
                            chunk, rows, self.operator, self.allocator, config.fmt, record=self.record_mapping,
                            ordered=True,  # detections come by position
                        )
                    else:
                        out, replacements = redact(
                            chunk, found or [], self.operator, self.allocator, config.fmt, record=self.record_mapping
                        )
                    encoded = encoding.encode(out)
                    write(encoded)
                    if self.record_mapping:
                        digest.update(out.encode("utf-8", "surrogatepass"))
                        for tag, values in self.mapping.add(replacements).items():
                            spellings.setdefault(tag, []).extend(values)
                result.count += len(rows) if rows is not None else len(found or ())
                if self.keep_locations and found:
                    for d in found:
                        line, column = positions.locate(chunk, d.start)
                        end_line, end_column = positions.locate(chunk, d.end)
                        result.detections.append(
                            Located(d.shifted(offset), line, column, end_line, end_column, chunk[d.start : d.end])
                        )
                positions.advance(chunk)
                offset += len(chunk)
            result.chars = offset
            if write is not None and self.record_mapping:
                result.redacted_digest = digest.hexdigest()
                self.mapping.add_document(result.redacted_digest, name, spellings)
        return result, encoding

    def _detect_all(
        self, pieces: Iterator[str], first: PiiConfig, rest: PiiConfig
    ) -> Iterator[tuple[str, list[Detection] | None, list[_Row] | None]]:
        """(chunk, None, rows) in order, the rows the chunk's detections as tuples (examined
        here or in worker processes); chunks after the first use ``rest`` (CSV header).

        A file of one chunk is examined here; a larger one is spread over ``jobs`` worker
        processes (the house pool, :func:`aisec_cli.core.parallel.map_stream`), a bounded
        number of chunks in flight, so every core works on one large file in flat memory.
        Workers send detections back as plain tuples, in position order; they become
        :class:`Detection` objects only when locations are kept.
        """
        head = next(pieces, None)
        if head is None:
            return
        second = next(pieces, None)
        if self.jobs <= 1 or second is None:
            yield head, None, detect_spans(head, first)
            if second is not None:
                yield second, None, detect_spans(second, rest)
                for chunk in pieces:
                    yield chunk, None, detect_spans(chunk, rest)
            return
        # Compile here what the text needs (rules, phone plans), once: forked workers inherit it.
        detect(head[:_WARM_UP], first)
        tasks = _chain([(head, True), (second, False)], ((chunk, False) for chunk in pieces))
        for (chunk, _), found in map_stream(
            _detect_chunk,
            tasks,
            self.jobs,
            initializer=_init_worker,
            initargs=((first, rest), os.getpid(), not self.keep_locations),
        ):
            yield chunk, None, found

    def close(self) -> None:
        """Nothing to release: worker processes live only while a file is being examined."""

    def __enter__(self) -> Redactor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _chain(first: list[tuple[str, bool]], rest: Iterator[tuple[str, bool]]) -> Iterator[tuple[str, bool]]:
    yield from first
    yield from rest




def _prepend(head: str, rest: Iterable[str]) -> Iterator[str]:
    if head:
        yield head
    yield from rest
