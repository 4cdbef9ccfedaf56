"""The human report: a Rich table and a summary line (the default on a terminal)."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from aisec_cli.core.findings import Report, Severity
from aisec_cli.report.common import incomplete_line, one_line, severity_counts, verification_of, verified_run

_STYLE = {
    Severity.CRITICAL: "bold red",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}

_VERIFIED_STYLE = {"live": "bold red", "invalid": "green", "unknown": "yellow", "unsupported": "dim"}


def render(report: Report, color: bool | None = None, width: int | None = None, **_: object) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=bool(color),
        no_color=not color,
        width=width or 160,
        highlight=False,
        soft_wrap=False,
    )
    if report.findings:
        table = Table(show_lines=False, header_style="bold", expand=False)
        table.add_column("Rule", no_wrap=True)
        table.add_column("Severity", no_wrap=True)
        table.add_column("Location", overflow="fold")
        table.add_column("What", overflow="fold")
        table.add_column("Evidence", overflow="fold")
        verified = verified_run(report)
        if verified:
            table.add_column("Verified", no_wrap=True)
        for f in report.findings:
            loc = f"{f.location.path}:{f.location.line}:{f.location.column}"
            if f.commit is not None:
                loc += f" @ {f.commit.sha[:10]}"
            what = str(f.properties.get("provider") or f.properties.get("category") or f.properties.get("entity") or "")
            what = f"{what}: {f.message}" if what and what not in f.message else f.message
            # Text, not str: a file name or snippet is never read as Rich markup
            cells: list[str | Text] = [
                f.rule_id,
                Text(f.severity.value, style=_STYLE[f.severity]),
                Text(one_line(loc)),
                Text(one_line(what)),
                Text(one_line(f.snippet)),
            ]
            if verified:
                status = verification_of(f) or ""
                cells.append(Text(status, style=_VERIFIED_STYLE.get(status, "")))
            table.add_row(*cells)
        console.print(table)
    counts = severity_counts(report.findings)
    parts = [f"{n} {s}" for s, n in counts.items() if n]
    scanned = report.stats.get("files_scanned")
    summary = f"{len(report.findings)} finding(s)"
    if parts:
        summary += " (" + ", ".join(parts) + ")"
    commits = report.stats.get("commits_scanned")
    if commits is not None:
        summary += f" in {commits} commit(s)"
    elif scanned is not None:
        summary += f" in {scanned} file(s)"
    if report.suppressed:
        summary += f", {len(report.suppressed)} suppressed"
    seconds = report.stats.get("seconds")
    if seconds is not None:
        summary += f" [{seconds:.2f}s]"
    style = "bold red" if report.findings or report.incomplete else "bold green"
    console.print(Text(summary, style=style))
    if report.incomplete:
        console.print(Text(one_line(incomplete_line(report)), style="bold red"))
    return buffer.getvalue()
