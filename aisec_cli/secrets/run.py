"""The secrets engine's runs: a working tree on all cores (the runner), standard input, a commit message file."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from aisec_cli.core.config import Settings
from aisec_cli.core.document import Document
from aisec_cli.core.errors import UsageError
from aisec_cli.core.findings import MESSAGE_BEING_WRITTEN, Finding, Report, ScanError
from aisec_cli.secrets.engine import SecretsEngine, build_engine, default_engine
from aisec_cli.sources import filescan

FAMILIES = ("KEY",)


@dataclass(frozen=True, slots=True)
class SecretsDetector:
    engine: SecretsEngine

    def __call__(self, document: Document) -> tuple[Sequence[Finding], Sequence[ScanError]]:
        return self.engine.scan(document), ()


def engine_for(settings: Settings, keep_secrets: bool = False) -> SecretsEngine:
    """The engine with the run's rules (bad user rules fail here, before any file is read).

    With the bundled rules as they are, the process's one compiled engine (the PII check and
    the masking net use it too: a commit hook compiles the key patterns once).
    """
    if not (settings.rule_files or settings.select or settings.ignore or keep_secrets):
        return default_engine()
    return build_engine(settings.rule_files, settings.select, settings.ignore, keep_secrets)


def scan_plan(settings: Settings, keep_secrets: bool = False) -> filescan.Plan:
    """The secrets job: every file, the run's rules (``keep_secrets``: for ``--verify`` only)."""
    job = filescan.Job("scan", FAMILIES, SecretsDetector(engine_for(settings, keep_secrets)), settings)
    return filescan.Plan(job, batch_size=32)


def scan_tree(paths: Sequence[Path], settings: Settings, keep_secrets: bool = False) -> Report:
    """Scan files and folders for hardcoded keys (``keep_secrets``: for ``--verify`` only)."""
    return filescan.run_plan(scan_plan(settings, keep_secrets), paths)


def scan_stream(stream: BinaryIO, settings: Settings, keep_secrets: bool = False) -> Report:
    """Scan one document read from ``stream`` (``aisec scan -``), bounded by max-file-size."""
    return filescan.run_stream(scan_plan(settings, keep_secrets).job, stream)


def scan_message_file(path: Path, settings: Settings, keep_secrets: bool = False) -> Report:
    """Scan a commit-msg hook's file (``aisec scan --commit-msg``): the part git keeps as the message."""
    from aisec_cli.core.paths import display_path
    from aisec_cli.sources.messages import editor_message

    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the commit message ({exc.strerror or exc})") from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise UsageError(f"{path}: --commit-msg takes the message file git passes to a commit-msg hook")
    with os.fdopen(descriptor, "rb") as handle:
        report = filescan.run_stream(scan_plan(settings, keep_secrets).job, handle, name=display_path(str(path)), prepare=editor_message)
    return replace(report, extra={**report.extra, MESSAGE_BEING_WRITTEN: True})
