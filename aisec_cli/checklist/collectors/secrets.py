"""Adapter for the secrets engine: keys in the working tree (per document) and in history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aisec_cli.checklist.collectors.base import unavailable
from aisec_cli.core.config import Settings
from aisec_cli.core.document import Document
from aisec_cli.core.findings import Finding, Report

FAMILIES = ("KEY",)


class SecretsAdapter:
    """Builds the engine once (per worker) and scans documents with inline suppressions."""

    name = "secrets"

    def __init__(self, settings: Settings) -> None:
        try:
            from aisec_cli.core.pipeline import settle
            from aisec_cli.secrets.engine import build_engine
        except ImportError as exc:  # pragma: no cover - the secrets engine is part of the core
            raise unavailable(self.name, exc) from None
        self._settle = settle
        self._settings = settings
        self.engine = build_engine(settings.rule_files, settings.select, settings.ignore)

    def examine(self, doc: Document, text: Document) -> tuple[list[Finding], list[Finding]]:
        """Kept and suppressed findings of ``doc`` (as read), searched in ``text`` (its decoded view)."""
        found = self.engine.scan(text)
        if not found and "aisec:" not in doc.text:
            return [], []
        settled = self._settle(doc, found, FAMILIES, self._settings)
        return list(settled.kept), list(settled.suppressed)


def scan_history(root: Path, settings: Settings) -> Report:
    """Every commit reachable from any ref, one finding per leaked key (raises when git fails)."""
    try:
        from aisec_cli.secrets import history_scan
    except ImportError as exc:
        raise unavailable("history", exc) from None
    plan: Any = history_scan.plan_history(root)
    report: Report = history_scan.scan_history(plan, settings)
    prefix = getattr(plan.info, "prefix", "") or ""
    if prefix:
        report = _strip_prefix(report, prefix)
    return report


def _strip_prefix(report: Report, prefix: str) -> Report:
    """History paths are relative to the repository top; the checklist's to the scanned folder."""
    from dataclasses import replace

    lead = prefix.rstrip("/") + "/"

    def fix(f: Finding) -> Finding:
        path = f.location.path
        if path.startswith(lead):
            return replace(f, location=replace(f.location, path=path[len(lead) :]))
        return f

    return replace(report, findings=tuple(fix(f) for f in report.findings), suppressed=tuple(fix(f) for f in report.suppressed))
