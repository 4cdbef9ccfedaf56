"""JSON report: one versioned object (schema: rules/schema/report.schema.json)."""

from __future__ import annotations

from typing import Any

from aisec_cli.core.findings import Report
from aisec_cli.report.common import finding_dict, incomplete_dict, severity_counts, version
from aisec_cli.report import jsontext

SCHEMA_VERSION = "1.0"


def as_dict(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "aisec", "version": version()},
        "command": report.command,
        "root": report.root,
        "findings": [finding_dict(f) for f in report.findings],
        "suppressed": [finding_dict(f) for f in report.suppressed],
        "errors": [{"path": e.path, "message": e.message, "kind": e.kind} for e in report.errors],
        "summary": {
            "findings": len(report.findings),
            "suppressed": len(report.suppressed),
            "errors": sum(1 for e in report.errors if e.kind == "error"),
            "by_severity": severity_counts(report.findings),
        },
        **incomplete_dict(report),
        "stats": dict(report.stats),
        **({"extra": dict(report.extra)} if report.extra else {}),
    }


def render(report: Report, **_: object) -> str:
    return jsontext.dumps(as_dict(report), indent=2, ensure_ascii=False, default=str) + "\n"
