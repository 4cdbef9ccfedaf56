"""GitLab security reports: secret detection for ``scan``, SAST for the code and prompt checks."""

from __future__ import annotations

import time
import uuid
from typing import Any

from aisec_cli.core.findings import Finding, Report, Severity
from aisec_cli.report.common import INFO_URI, file_path, incomplete_line, rules_for, title_of, verification_of, version
from aisec_cli.report import jsontext

SCHEMA_VERSION = "15.2.1"
_SEVERITY = {
    Severity.CRITICAL: "Critical",
    Severity.HIGH: "High",
    Severity.MEDIUM: "Medium",
    Severity.LOW: "Low",
    Severity.INFO: "Info",
}
_NAMESPACE = uuid.UUID("6f1c1d1e-9b1a-4c55-9a57-3f1c2c8a9e10")


def _timestamp(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))


def _vulnerability(finding: Finding, rules: dict[str, Any], secret: bool, report: Report) -> dict[str, Any]:
    loc = finding.location
    location: dict[str, Any] = {"file": file_path(finding, report), "start_line": loc.line, "end_line": loc.end_line or loc.line}
    if secret:
        sha = finding.commit.sha if finding.commit is not None else "0" * 40
        location["commit"] = {"sha": sha}
        if finding.commit is not None and finding.commit.date:
            location["commit"]["date"] = finding.commit.date
    rule = rules.get(finding.rule_id)
    vuln: dict[str, Any] = {
        "id": str(uuid.uuid5(_NAMESPACE, finding.fingerprint + (finding.commit.sha if finding.commit else ""))),
        "name": title_of(finding, rules),
        "description": (rule.docs.what if rule else finding.message) or finding.message,
        "severity": _SEVERITY[finding.severity],
        "identifiers": [
            {"type": "aisec_rule_id", "name": f"aisec {finding.rule_id}", "value": finding.rule_id, "url": INFO_URI}
        ],
        "location": location,
    }
    if rule is not None and rule.docs.fix:
        vuln["solution"] = rule.docs.fix
    status = verification_of(finding)
    if status is not None:
        detail = finding.properties.get("verification_detail")
        vuln["description"] += f" Verification (aisec scan --verify): {status}" + (f" ({detail})." if detail else ".")
    for tag in rule.tags if rule is not None else ():
        if tag.upper().startswith("CWE-"):
            number = tag.split("-", 1)[1]
            vuln["identifiers"].append(
                {"type": "cwe", "name": tag.upper(), "value": number,
                 "url": f"https://cwe.mitre.org/data/definitions/{number}.html"}
            )
    return vuln


def as_dict(report: Report) -> dict[str, Any]:
    secret = report.command == "scan"
    kind = "secret_detection" if secret else "sast"
    rules = rules_for(report)
    now = time.time()
    started = now - float(report.stats.get("seconds", 0) or 0)
    tool = {"id": "aisec", "name": "aisec", "version": version(), "vendor": {"name": "aisec"}, "url": INFO_URI}
    return {
        "version": SCHEMA_VERSION,
        "scan": {
            "analyzer": tool,
            "scanner": tool,
            "type": kind,
            "start_time": _timestamp(started),
            "end_time": _timestamp(now),
            "status": "failure" if report.incomplete else "success",
            **({"messages": [{"level": "warn", "value": incomplete_line(report)}]} if report.incomplete else {}),
        },
        "vulnerabilities": [_vulnerability(f, rules, secret, report) for f in report.findings],
    }


def render(report: Report, **_: object) -> str:
    return jsontext.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n"
