"""``aisec scan`` of a working tree: discover files, run the engine in parallel, settle."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aisec_cli.core.config import Settings
from aisec_cli.core.findings import Report, ScanError
from aisec_cli.core.parallel import run_batches
from aisec_cli.core.pipeline import Collector, Settled, settle
from aisec_cli.secrets.engine import SecretsEngine, build_engine
from aisec_cli.sources import files

FAMILIES = ("KEY",)

_engine: SecretsEngine | None = None
_settings: Settings | None = None


@dataclass(frozen=True, slots=True)
class BatchResult:
    settled: tuple[Settled, ...]
    errors: tuple[ScanError, ...]
    scanned: int
    skipped: int
    bytes: int


def _init(settings: Settings) -> None:
    """Per worker: reuse the engine inherited through fork, or build it (spawn)."""
    global _engine, _settings
    if _settings is not settings or _engine is None:
        _engine = build_engine(settings.rule_files, settings.select, settings.ignore)
    _settings = settings


def _work(batch: Sequence[files.Target]) -> BatchResult:
    assert _engine is not None and _settings is not None
    settled: list[Settled] = []
    errors: list[ScanError] = []
    scanned = skipped = size = 0
    for target in batch:
        result = files.read(target, _settings.max_file_size)
        if isinstance(result, files.Skipped):
            skipped += 1
            continue
        if isinstance(result, ScanError):
            errors.append(result)
            continue
        scanned += 1
        size += len(result.text)
        found = _engine.scan(result)
        if found or "aisec:" in result.text:
            settled.append(settle(result, found, FAMILIES, _settings))
    return BatchResult(tuple(settled), tuple(errors), scanned, skipped, size)


def scan_tree(paths: Sequence[Path], settings: Settings) -> Report:
    """Scan files and folders for hardcoded keys."""
    started = time.perf_counter()
    global _engine, _settings
    _engine = build_engine(settings.rule_files, settings.select, settings.ignore)  # fails fast on bad rules
    _settings = settings
    targets, errors = files.discover(paths, settings.root, settings.exclude)
    collector = Collector("scan", settings)
    for error in errors:
        collector.error(error)
    scanned = skipped = size = 0
    for batch in run_batches(_work, targets, settings.jobs, _init, (settings,), batch_size=32):
        for item in batch.settled:
            collector.add(item)
        for error in batch.errors:
            collector.error(error)
        scanned += batch.scanned
        skipped += batch.skipped
        size += batch.bytes
    stats = {
        "files_scanned": scanned,
        "files_skipped": skipped,
        "characters_scanned": size,
        "seconds": round(time.perf_counter() - started, 3),
    }
    return collector.report(stats)
