"""Run a per-document detector over files and folders, on all cores, and settle the results.

Every file-based command (scan, lint, prompts, redact --check) is this loop with a different
detector: discover → read → detect → inline suppressions → collect → report. The detector is
set once per process (inherited through fork, or passed to the worker initializer).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from aisec_cli.core.config import Settings
from aisec_cli.core.document import Document
from aisec_cli.core.errors import failure_site
from aisec_cli.core.findings import Finding, Report, ScanError
from aisec_cli.core.parallel import run_batches
from aisec_cli.core.pipeline import Collector, Settled, settle
from aisec_cli.sources import files


class Detector(Protocol):
    """What a command plugs in: findings and problems for one document."""

    def __call__(self, document: Document) -> tuple[Sequence[Finding], Sequence[ScanError]]: ...


@dataclass(frozen=True, slots=True)
class Job:
    command: str
    families: tuple[str, ...]
    detector: Detector
    settings: Settings


@dataclass(frozen=True, slots=True)
class BatchResult:
    settled: tuple[Settled, ...]
    errors: tuple[ScanError, ...]
    scanned: int
    skipped: int
    characters: int
    lines: int


_job: Job | None = None


def engine_failure(command: str, path: str, exc: BaseException, record: str = "") -> ScanError:
    """The error entry for an engine that raised on one file (or one record of it)."""
    prefix = f"{record}: " if record else ""
    return ScanError(path, f"{prefix}{command} engine failed on this input ({failure_site(exc)}); please report it")



def _init(job: Job) -> None:
    global _job
    _job = job


def _work(batch: Sequence[files.Target]) -> BatchResult:
    job = _job
    assert job is not None, "worker not initialised"
    settled: list[Settled] = []
    errors: list[ScanError] = []
    scanned = skipped = characters = lines = 0
    for target in batch:
        result = files.read(target, job.settings.max_file_size)
        if isinstance(result, files.Skipped):
            skipped += 1
            continue
        if isinstance(result, ScanError):
            errors.append(result)
            continue
        scanned += 1
        characters += len(result.text)
        lines += result.text.count("\n") + 1
        try:
            found, problems = job.detector(result)
            errors.extend(problems)
            if found or "aisec:" in result.text:
                settled.append(settle(result, found, job.families, job.settings))
        except Exception as exc:  # noqa: BLE001 - one file's failure is reported, the run goes on
            errors.append(engine_failure(job.command, result.path, exc))
    return BatchResult(tuple(settled), tuple(errors), scanned, skipped, characters, lines)


def run(
    job: Job,
    paths: Sequence[Path],
    accept: Callable[[str], bool] | None = None,
    batch_size: int = 32,
    rules: Sequence[Any] = (),
) -> Report:
    """Discover the files under ``paths`` (those ``accept`` keeps), run the job, report."""
    started = time.perf_counter()
    settings = job.settings
    targets, errors = files.discover(paths, settings.root, settings.exclude)
    if accept is not None:
        targets = [t for t in targets if accept(t.name)]
    collector = Collector(job.command, settings)
    for error in errors:
        collector.error(error)
    scanned = skipped = characters = lines = 0
    _init(job)  # forked workers inherit it; spawned ones get it from the initializer
    for batch in run_batches(_work, targets, settings.jobs, _init, (job,), batch_size=batch_size):
        for item in batch.settled:
            collector.add(item)
        for error in batch.errors:
            collector.error(error)
        scanned += batch.scanned
        skipped += batch.skipped
        characters += batch.characters
        lines += batch.lines
    stats = {
        "files_scanned": scanned,
        "files_skipped": skipped,
        "characters_scanned": characters,
        "lines_scanned": lines,
        "seconds": round(time.perf_counter() - started, 3),
    }
    return collector.report(stats, rules=rules)
