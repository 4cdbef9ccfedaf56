"""GitLab Code Quality (the merge-request widget of every GitLab tier): a JSON array of issues.

Each issue has ``description``, ``check_name``, ``fingerprint`` (unique per issue),
``severity`` (info, minor, major, critical, blocker) and ``location.path`` +
``location.lines.begin``; paths are relative to the repository root, as GitLab needs.
"""

from __future__ import annotations

from typing import Any

from aisec_cli.core.findings import Finding, Report, Severity, digest
from aisec_cli.report.common import file_path, one_line
from aisec_cli.report import jsontext

_SEVERITY = {
    Severity.CRITICAL: "blocker",
    Severity.HIGH: "critical",
    Severity.MEDIUM: "major",
    Severity.LOW: "minor",
    Severity.INFO: "info",
}


def _issue(finding: Finding, report: Report) -> dict[str, Any]:
    sha = finding.commit.sha if finding.commit is not None else ""
    return {
        "type": "issue",
        "check_name": finding.rule_id,
        "description": one_line(f"{finding.rule_id}: {finding.message}")[:1000],
        "categories": ["Security"],
        "fingerprint": digest(f"{finding.fingerprint}\0{sha}\0{finding.location.line}")[:32],
        "severity": _SEVERITY[finding.severity],
        "location": {"path": file_path(finding, report), "lines": {"begin": max(finding.location.line, 1)}},
    }


def as_list(report: Report) -> list[dict[str, Any]]:
    return [_issue(f, report) for f in report.findings]


def render(report: Report, **_: object) -> str:
    return jsontext.dumps(as_list(report), indent=2, ensure_ascii=False) + "\n"
