"""Markdown summary for CI step summaries ($GITHUB_STEP_SUMMARY) and pull-request comments."""

from __future__ import annotations

from aisec_cli.core.findings import Report
from aisec_cli.core.mdescape import md_code, md_text
from aisec_cli.report.common import (
    incomplete_line,
    one_line,
    rules_for,
    severity_counts,
    title_of,
    verification_of,
    verified_run,
)

MAX_ROWS = 200


def _cell(text: str) -> str:
    return one_line(text).replace("|", "\\|")


def render(report: Report, **_: object) -> str:
    counts = severity_counts(report.findings)
    lines = [f"## aisec {report.command}", ""]
    if report.extra.get("markdown"):
        lines.append(str(report.extra["markdown"]))
        return "\n".join(lines) + "\n"
    if not report.findings:
        lines.append("No findings. :white_check_mark:")
    else:
        summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        lines.append(f"**{len(report.findings)} finding(s)**: {summary}.")
        verified = verified_run(report)
        if verified:
            lines += ["", "| Severity | Rule | Location | Finding | Evidence | Verified |", "|---|---|---|---|---|---|"]
        else:
            lines += ["", "| Severity | Rule | Location | Finding | Evidence |", "|---|---|---|---|---|"]
        rules = rules_for(report)
        for finding in report.findings[:MAX_ROWS]:
            loc = finding.location
            # names and evidence come from the scanned tree: code spans no backtick can close
            where = md_code(f"{loc.path}:{loc.line}")
            if finding.commit is not None:
                where += f" ({md_text(finding.commit.sha[:8])})"
            row = (
                f"| {finding.severity.value} | {md_code(finding.rule_id)} | {where} | "
                f"{_cell(title_of(finding, rules))} | {md_code(one_line(finding.snippet)[:80])} |"
            )
            if verified:
                row += f" {verification_of(finding) or ''} |"
            lines.append(row)
        if len(report.findings) > MAX_ROWS:
            lines.append(f"\n… and {len(report.findings) - MAX_ROWS} more (see the SARIF or JSON report).")
    if report.suppressed:
        lines += ["", f"{len(report.suppressed)} finding(s) suppressed (inline or baseline)."]
    problems = [e for e in report.errors if e.blocks]
    if problems:
        lines += ["", f"**{md_text(incomplete_line(report))}**", ""]
        lines += [f"- {md_code(e.path)}: {md_text(e.message)}" for e in problems[:20]]
    lines += ["", "Suppress a reviewed finding with `aisec: ignore[RULE] reason` in a comment on its line."]
    return "\n".join(lines) + "\n"
