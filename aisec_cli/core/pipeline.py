"""The common tail of every subcommand: suppressions, baseline, report, exit code.

Engines detect; this module decides what is reported. ``settle`` runs per document (inside
worker processes too, while the text is at hand); ``finalize`` runs once per run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aisec_cli.core import baseline as baseline_mod
from aisec_cli.core import suppress
from aisec_cli.core.config import Settings
from aisec_cli.core.document import Document
from aisec_cli.core.evidence import safe_error, safe_extra, safe_finding
from aisec_cli.core.findings import Finding, Report, ScanError, Severity
from aisec_cli.core.paths import display_path

OK, FINDINGS, ERROR = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Settled:
    """What one document contributed after inline suppressions."""

    kept: tuple[Finding, ...] = ()
    suppressed: tuple[Finding, ...] = ()
    unused: tuple[ScanError, ...] = ()


def settle(
    document: Document,
    findings: Sequence[Finding],
    families: Iterable[str],
    settings: Settings,
    rule_names: dict[str, str] | None = None,
) -> Settled:
    """Apply the inline suppressions of ``document`` to its findings."""
    scan = settings.section("scan")
    findings, configured = suppress.by_config(
        document, findings, settings.per_file_ignores, scan.get("allow-hashes", ()), scan.get("allow-regexes", ())
    )
    if settings.ignore_inline:
        return Settled(tuple(findings), tuple(configured))
    kept, suppressed, unused = suppress.apply(document, findings, rule_names, families)
    suppressed = [*configured, *suppressed]
    notes = tuple(
        ScanError(
            document.path,
            f"line {_line(document, m.marker_line)}: unused suppression "
            f"{'[' + ', '.join(m.ids) + ']' if m.ids else '(all rules)'}",
            "unused-suppression",
        )
        for m in unused
    )
    return Settled(tuple(kept), tuple(suppressed), notes)


def _line(document: Document, index: int) -> int:
    if document.line_numbers is not None and 0 <= index < len(document.line_numbers):
        return document.line_numbers[index]
    return index + 1


@dataclass
class Collector:
    """Accumulates settled findings and errors across documents."""

    command: str
    settings: Settings
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)

    def add(self, settled: Settled) -> None:
        self.findings.extend(settled.kept)
        self.suppressed.extend(settled.suppressed)
        self.errors.extend(settled.unused)

    def error(self, error: ScanError) -> None:
        self.errors.append(error)

    def report(
        self,
        stats: Mapping[str, Any] | None = None,
        extra: Mapping[str, Any] | None = None,
        rules: Sequence[Any] = (),
    ) -> Report:
        return finalize(
            self.command, self.findings, self.suppressed, self.errors, self.settings, stats, extra, rules
        )


def finalize(
    command: str,
    findings: Iterable[Finding],
    suppressed: Iterable[Finding],
    errors: Iterable[ScanError],
    settings: Settings,
    stats: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
    rules: Sequence[Any] = (),
) -> Report:
    """Apply the baseline, sort, and build the :class:`Report` (evidence masked: no raw key)."""
    kept = [baseline_mod.cross_reference(safe_finding(f)) for f in findings]
    quiet = [baseline_mod.cross_reference(safe_finding(f)) for f in suppressed]
    kept, known = baseline_mod.apply(settings.baseline, kept)
    quiet += known
    return Report(
        command=command,
        findings=tuple(sorted(kept, key=_order)),
        suppressed=tuple(sorted(quiet, key=_order)),
        errors=tuple(safe_error(e) for e in sorted(errors, key=_blocking_first)),
        stats=dict(stats or {}),
        root=display_path(str(settings.root)),
        extra=safe_extra(extra or {}),
        rules=tuple(rules),
    )


def _blocking_first(error: ScanError) -> bool:
    """Errors that leave the run incomplete first (stable otherwise): a text report shows only
    the first entries, and an unread file must not hide behind a list of deliberate skips."""
    return not error.blocks


def _order(f: Finding) -> tuple[str, int, int, str, str]:
    sha = f.commit.sha if f.commit else ""
    return (f.location.path, f.location.line, f.location.column, f.rule_id, sha)


def exit_code(report: Report, fail_on: Severity, fatal: bool = False, allow_incomplete: bool = False) -> int:
    """0 clean, 1 findings at or above ``fail_on``, 2 when the run failed or is incomplete.

    An incomplete run (part of the input was not examined) exits 2 whatever it found, so a
    gate never passes on what it did not read; ``allow_incomplete`` judges it by its findings.
    """
    if fatal or (report.incomplete and not allow_incomplete):
        return ERROR
    if any(f.severity.at_least(fail_on) for f in report.findings):
        return FINDINGS
    return OK
