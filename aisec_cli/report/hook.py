"""Compact output for git hooks and pre-commit: one line per finding, then how to fix or suppress.

Shape (no table, no banner, no progress; evidence is the masked snippet the engine gave)::

    app/settings.py:12:9: KEY001 critical OpenAI project API key hardcoded: sk-proj-…Qx9a
    aisec scan: 1 finding(s) (1 critical)
      fix KEY001: Revoke the key in the provider's console now … (aisec rules explain KEY001)
      suppress a reviewed line with a comment on it: (the inline ignore marker for KEY001)
      accept findings that exist today: aisec scan --write-baseline …, then --baseline

Nothing at all is printed when there is no finding and the run is complete, so a passing hook
stays quiet; an incomplete run always ends with one ``INCOMPLETE`` line.
"""

from __future__ import annotations

from aisec_cli.core.findings import MESSAGE_BEING_WRITTEN, Finding, Report, Severity
from aisec_cli.core.lazyre import LazyRegex
from aisec_cli.core.rules import Rule
from aisec_cli.report.common import (
    incomplete_line,
    keeping_advice,
    one_line,
    rules_for,
    severity_counts,
    verification_of,
    where,
)

MAX_LINES = 50  # findings listed before "… and N more"
MAX_RULE_HINTS = 5  # distinct rules that get a "fix" line
FIX_CHARS = 120

_ANSI = {
    Severity.CRITICAL: "\x1b[1;31m",
    Severity.HIGH: "\x1b[31m",
    Severity.MEDIUM: "\x1b[33m",
    Severity.LOW: "\x1b[36m",
    Severity.INFO: "\x1b[2m",
}
_RESET = "\x1b[0m"
_SENTENCE_END = LazyRegex(r"(?<=[.!?])\s+(?=[A-Z(`])")


def first_sentence(text: str, limit: int = FIX_CHARS) -> str:
    """The first sentence of ``text`` on one line, cut to ``limit`` characters."""
    flat = " ".join(text.split())
    sentence = _SENTENCE_END.split(flat, maxsplit=1)[0] if flat else ""
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rstrip(" ,;:(") + "…"
    return sentence


def finding_line(finding: Finding, color: bool = False) -> str:
    """``path:line:col: RULE severity message`` (``@sha`` after the column for history findings)."""
    message = one_line(" ".join(finding.message.split()))
    if finding.snippet and finding.snippet not in finding.message:
        message = f"{message} ({one_line(' '.join(finding.snippet.split())[:80])})"
    status = verification_of(finding)
    if status is not None:
        message = f"{message} [verify: {status}]"
    severity = finding.severity.value
    if color:
        severity = f"{_ANSI[finding.severity]}{severity}{_RESET}"
    return f"{where(finding)}: {finding.rule_id} {severity} {message}"


def _hints(report: Report, rules: dict[str, Rule]) -> list[str]:
    if report.extra.get(MESSAGE_BEING_WRITTEN):  # the rules' fixes speak of files and history
        return [f"  {advice}" for advice in keeping_advice(report)]
    findings = report.findings
    ordered = list(dict.fromkeys(f.rule_id for f in findings))
    by_fix: dict[str, list[str]] = {}  # rules that share one fix get one line
    for rule_id in ordered[:MAX_RULE_HINTS]:
        rule = rules.get(rule_id)
        by_fix.setdefault(first_sentence(rule.docs.fix) if rule is not None else "", []).append(rule_id)
    lines: list[str] = []
    for fix, ids in by_fix.items():
        explain = f"aisec rules explain {ids[0]}"
        lines.append(f"  fix {', '.join(ids)}: {fix} ({explain})" if fix else f"  fix {', '.join(ids)}: see `{explain}`")
    if len(ordered) > MAX_RULE_HINTS:
        lines.append(f"  … and {len(ordered) - MAX_RULE_HINTS} more rule(s): see `aisec rules explain ID`")
    lines.extend(f"  {advice}" for advice in keeping_advice(report))
    return lines


def render(report: Report, color: bool | None = None, **_: object) -> str:
    closing = f"aisec {report.command}: {one_line(incomplete_line(report))}\n" if report.incomplete else ""
    if not report.findings:
        return closing
    out = [finding_line(f, bool(color)) for f in report.findings[:MAX_LINES]]
    if len(report.findings) > MAX_LINES:
        out.append(f"… and {len(report.findings) - MAX_LINES} more finding(s) (run aisec {report.command} for all)")
    counts = severity_counts(report.findings)
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    out.append(f"aisec {report.command}: {len(report.findings)} finding(s) ({summary})")
    out.extend(_hints(report, rules_for(report)))
    return "\n".join(out) + "\n" + closing
