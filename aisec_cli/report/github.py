"""GitHub Actions workflow commands: one ``::error`` / ``::warning`` annotation per finding."""

from __future__ import annotations

from aisec_cli.core.findings import Report, Severity
from aisec_cli.report.common import incomplete_line, one_line, verification_of


def _escape(text: str) -> str:
    """The workflow-command escapes for line breaks; other control characters shown as escapes."""
    return one_line(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _prop(text: str) -> str:
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, **_: object) -> str:
    out = []
    for f in report.findings:
        level = "error" if f.severity in (Severity.CRITICAL, Severity.HIGH) else "warning"
        loc = f.location
        status = verification_of(f)
        message = f"{f.message} [verify: {status}]" if status else f.message
        out.append(
            f"::{level} file={_prop(loc.path)},line={loc.line},col={loc.column},"
            f"title={_prop(f.rule_id)}::{_escape(message)}"
        )
    if report.incomplete:
        out.append(f"::error title={_prop('aisec ' + report.command + ' incomplete')}::{_escape(incomplete_line(report))}")
    return "".join(line + "\n" for line in out)
