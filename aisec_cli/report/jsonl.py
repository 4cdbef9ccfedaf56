"""JSON Lines: one finding per line (for streaming very long scans), no envelope.

An incomplete run ends with one more line, ``{"incomplete": true, "incomplete_reasons": [...]}``
(it has no ``rule_id``), so a consumer that reads to the end learns what was not examined.
"""

from __future__ import annotations

import json

from aisec_cli.core.findings import Finding, Report
from aisec_cli.report.common import finding_dict, incomplete_dict


def line(finding: Finding) -> str:
    return json.dumps(finding_dict(finding), ensure_ascii=False, default=str)


def render(report: Report, **_: object) -> str:
    text = "".join(line(f) + "\n" for f in report.findings)
    return text + trailer(report)


def trailer(report: Report) -> str:
    """The closing line of an incomplete run ("" when the run is complete)."""
    if not report.incomplete:
        return ""
    return json.dumps(incomplete_dict(report), ensure_ascii=False) + "\n"
