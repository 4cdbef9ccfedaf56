"""JSON Lines: one finding per line (for streaming very long scans), no envelope."""

from __future__ import annotations

import json

from aisec_cli.core.findings import Finding, Report
from aisec_cli.report.common import finding_dict


def line(finding: Finding) -> str:
    return json.dumps(finding_dict(finding), ensure_ascii=False, default=str)


def render(report: Report, **_: object) -> str:
    return "".join(line(f) + "\n" for f in report.findings)
