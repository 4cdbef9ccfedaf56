"""THE runner: a per-document detector over files and folders, on all cores, results settled.

Every file-based command (scan, lint, prompts, redact --check) is this loop with a different
detector: discover → read → decode → detect → inline suppressions → collect → report. The
detector is set once per process (inherited through fork, or passed to the worker initializer).

Engines never decode. The runner hands each detector the view its :class:`Job` asks for
(:func:`aisec_cli.sources.decoding.view`): ``"text"`` (the default) is the text to search, a
notebook's JSON strings decoded and mapped to the notebook's lines; ``"file"`` is the file's
text as read, for engines that parse the format themselves. An engine that wants a notebook's
code cells as one source calls :func:`aisec_cli.sources.decoding.code_cells` on the ``"file"``
view. Inline suppressions are read from the file as read (same lines either way).

A command that gathers per-file facts rather than findings (the checklist's tree pass) plugs
an :class:`Examiner` into a :class:`Survey` and calls :func:`survey`: the same discovery,
reading, decoding, batches on all cores and error entries, no settling and no report.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from aisec_cli.core.config import Settings
from aisec_cli.core.document import Document
from aisec_cli.core.errors import failure_site
from aisec_cli.core.findings import Finding, Report, ScanError
from aisec_cli.core.parallel import run_batches
from aisec_cli.core.pipeline import Collector, Settled, settle
from aisec_cli.sources import decoding, files
from aisec_cli.sources.stdin import STDIN_NAME, read_stdin


class Detector(Protocol):
    """What a command plugs in: findings and problems for one document."""

    def __call__(self, document: Document) -> tuple[Sequence[Finding], Sequence[ScanError]]: ...


class Examiner(Protocol):
    """What a survey plugs in: facts of any (picklable) shape and problems for one document."""

    def __call__(self, document: Document) -> tuple[Any, Sequence[ScanError]]: ...


@dataclass(frozen=True, slots=True)
class Job:
    command: str
    families: tuple[str, ...]
    detector: Detector
    settings: Settings
    view: str = "text"  # what the detector is handed: decoding.VIEWS

    def examine(self, document: Document) -> tuple[Settled | None, Sequence[ScanError]]:
        """The document's findings settled (``None``: nothing found and no inline marker)."""
        found, problems = self.detector(decoding.view(document, self.view))
        if found or "aisec:" in document.text:
            return settle(document, found, self.families, self.settings), problems
        return None, problems


@dataclass(frozen=True, slots=True)
class Survey:
    """A job that gathers per-file facts instead of findings: no settling, no report."""

    command: str
    examiner: Examiner
    settings: Settings
    view: str = "text"  # what the examiner is handed: decoding.VIEWS

    def examine(self, document: Document) -> tuple[Any, Sequence[ScanError]]:
        return self.examiner(decoding.view(document, self.view))


@dataclass(frozen=True, slots=True)
class Surveyed:
    """What :func:`survey` gathered: the examiner's facts per file read, in the order the files
    were discovered (``None`` left out), every error entry, and the run's statistics."""

    facts: tuple[Any, ...]
    errors: tuple[ScanError, ...]
    stats: dict[str, Any]


@dataclass(frozen=True, slots=True)
class BatchResult:
    items: tuple[Any, ...]  # Settled for a Job, the examiner's facts for a Survey
    errors: tuple[ScanError, ...]
    scanned: int
    skipped: int
    characters: int
    lines: int


@dataclass(frozen=True, slots=True)
class Plan:
    """A job with the files it takes: what :func:`run` and :func:`run_shared` execute."""

    job: Job
    accept: Callable[[str], bool] | None = None
    rules: tuple[Any, ...] = ()
    batch_size: int = 32


_job: Job | Survey | None = None


def engine_failure(command: str, path: str, exc: BaseException, record: str = "") -> ScanError:
    """The error entry for an engine that raised on one file (or one record of it)."""
    prefix = f"{record}: " if record else ""
    return ScanError(path, f"{prefix}{command} engine failed on this input ({failure_site(exc)}); please report it")



def _init(job: Job | Survey) -> None:
    global _job
    _job = job


def _work(batch: Sequence[files.Target]) -> BatchResult:
    job = _job
    assert job is not None, "worker not initialised"
    items: list[Any] = []
    errors: list[ScanError] = []
    scanned = skipped = characters = lines = 0
    for target in batch:
        result = files.read(target, job.settings.max_file_size)
        if isinstance(result, ScanError):
            errors.append(result)
            skipped += result.kind == "skipped"
            continue
        scanned += 1
        characters += len(result.text)
        lines += result.text.count("\n") + 1
        try:
            item, problems = job.examine(result)
            errors.extend(problems)
            if item is not None:
                items.append(item)
        except Exception as exc:  # noqa: BLE001 - one file's failure is reported, the run goes on
            errors.append(engine_failure(job.command, result.path, exc))
    return BatchResult(tuple(items), tuple(errors), scanned, skipped, characters, lines)


def _batches(
    job: Job | Survey, paths: Sequence[Path], accept: Callable[[str], bool] | None, batch_size: int, counts: _Counts
) -> tuple[list[ScanError], Iterator[BatchResult]]:
    """Discover the files under ``paths`` (those ``accept`` keeps): the discovery errors, and
    the job's batches over them on all cores, in order. The files the exclude patterns took
    out go into ``counts``."""
    settings = job.settings
    targets, errors, counts.excluded = files.discover(paths, settings.root, settings.exclude, settings.follow_links)
    if accept is not None:
        targets = [t for t in targets if accept(t.name)]
    _init(job)  # forked workers inherit it; spawned ones get it from the initializer
    return errors, run_batches(_work, targets, settings.jobs, _init, (job,), batch_size=batch_size)


class _Counts:
    """The statistics of a run, summed over its batches."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.scanned = self.skipped = self.characters = self.lines = self.excluded = 0

    def add(self, batch: BatchResult) -> None:
        self.scanned += batch.scanned
        self.skipped += batch.skipped
        self.characters += batch.characters
        self.lines += batch.lines

    def stats(self) -> dict[str, Any]:
        return {
            "files_scanned": self.scanned,
            "files_skipped": self.skipped,
            "files_excluded": self.excluded,
            "characters_scanned": self.characters,
            "lines_scanned": self.lines,
            "seconds": round(time.perf_counter() - self.started, 3),
        }


def run(
    job: Job,
    paths: Sequence[Path],
    accept: Callable[[str], bool] | None = None,
    batch_size: int = 32,
    rules: Sequence[Any] = (),
) -> Report:
    """Discover the files under ``paths`` (those ``accept`` keeps), run the job, report."""
    counts = _Counts()
    collector = Collector(job.command, job.settings)
    errors, batches = _batches(job, paths, accept, batch_size, counts)
    for error in errors:
        collector.error(error)
    for batch in batches:
        for item in batch.items:
            collector.add(item)
        for error in batch.errors:
            collector.error(error)
        counts.add(batch)
    return collector.report(counts.stats(), rules=rules)


def survey(
    job: Survey,
    paths: Sequence[Path],
    accept: Callable[[str], bool] | None = None,
    batch_size: int = 32,
    started: Callable[[], None] | None = None,
) -> Surveyed:
    """Discover the files under ``paths`` (those ``accept`` keeps) and gather the examiner's
    facts on each, on all cores: :func:`run` without settling or a report.

    ``started`` is called once the workers run (when the first batch is back, or when there
    is none): work the caller runs beside the survey (a thread, or a process it forks) starts
    there, so no worker is forked while that work holds a lock (it would wait for it forever).
    """
    counts = _Counts()
    errors, batches = _batches(job, paths, accept, batch_size, counts)
    facts: list[Any] = []
    for batch in batches:
        if started is not None:
            started()
            started = None
        facts.extend(batch.items)
        errors.extend(batch.errors)
        counts.add(batch)
    if started is not None:
        started()
    return Surveyed(tuple(facts), tuple(errors), counts.stats())


def run_plan(plan: Plan, paths: Sequence[Path]) -> Report:
    """:func:`run` for a :class:`Plan`."""
    return run(plan.job, paths, plan.accept, plan.batch_size, plan.rules)


def run_shared(plans: Sequence[Plan], paths: Sequence[Path], settings: Settings) -> list[Report]:
    """Several jobs over the same few files (a commit's): each file is read once, in this process.

    ``settings`` gives the root and the exclusions common to all; a job's own settings may
    exclude more (``[tool.aisec.lint] exclude``). One report per plan, in order.
    """
    started = time.perf_counter()
    targets, errors, left_out = files.discover(paths, settings.root, settings.exclude)
    excluded = [files.excluder(plan.job.settings.exclude, vcs_folders=False) for plan in plans]  # discover did those
    collectors = [Collector(plan.job.command, plan.job.settings) for plan in plans]
    counts = [
        {"files_scanned": 0, "files_skipped": 0, "files_excluded": left_out, "characters_scanned": 0, "lines_scanned": 0}
        for _ in plans
    ]
    for error in errors:
        collectors[0].error(error)
    for target in targets:
        wanted = []
        for i, plan in enumerate(plans):
            if plan.accept is not None and not plan.accept(target.name):
                continue
            if excluded[i](target.name):  # the check's own exclude patterns
                counts[i]["files_excluded"] += 1
                continue
            wanted.append(i)
        if not wanted:
            continue
        result = files.read(target, settings.max_file_size)
        for i in wanted:
            job, count = plans[i].job, counts[i]
            if isinstance(result, ScanError):
                collectors[i].error(result)
                count["files_skipped"] += result.kind == "skipped"
                continue
            count["files_scanned"] += 1
            count["characters_scanned"] += len(result.text)
            count["lines_scanned"] += result.text.count("\n") + 1
            settled, problems = job.examine(result)
            for problem in problems:
                collectors[i].error(problem)
            if settled is not None:
                collectors[i].add(settled)
    seconds = round(time.perf_counter() - started, 3)
    return [
        collector.report({**count, "seconds": seconds}, rules=plan.rules)
        for collector, count, plan in zip(collectors, counts, plans)
    ]


def run_stream(
    job: Job,
    stream: BinaryIO,
    rules: Sequence[Any] = (),
    name: str = STDIN_NAME,
    prepare: Callable[[str], str] | None = None,
) -> Report:
    """The job over one document read from ``stream`` (standard input), bounded like a file;
    ``prepare`` picks the part of the text to examine (line numbers must stay the same)."""
    started = time.perf_counter()
    collector = Collector(job.command, job.settings)
    read = read_stdin(stream, job.settings.max_file_size, name)
    if prepare is not None and isinstance(read, Document):
        read = Document(read.path, prepare(read.text), read.origin)
    if isinstance(read, ScanError):
        collector.error(read)
        stats = {"files_scanned": 0, "files_skipped": 1, "files_excluded": 0, "characters_scanned": 0, "lines_scanned": 0}
    else:
        try:
            settled, problems = job.examine(read)
            for problem in problems:
                collector.error(problem)
            if settled is not None:
                collector.add(settled)
        except Exception as exc:  # noqa: BLE001 - reported as an error entry, never a traceback
            collector.error(engine_failure(job.command, read.path, exc))
        stats = {
            "files_scanned": 1,
            "files_skipped": 0,
            "files_excluded": 0,
            "characters_scanned": len(read.text),
            "lines_scanned": read.text.count("\n") + 1,
        }
    return collector.report({**stats, "seconds": round(time.perf_counter() - started, 3)}, rules=rules)
