"""SARIF 2.1.0 as GitHub code scanning ingests it.

Every rule carries short/full descriptions, help text and Markdown (from the rule's docs),
``security-severity`` and tags; every result carries ``partialFingerprints`` computed from
rule id + path + hash of the match, so alerts stay stable when lines move.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aisec_cli.core.findings import Finding, Report, public_properties
from aisec_cli.core.rules import Rule
from aisec_cli.report.common import (
    INFO_URI,
    SARIF_LEVEL,
    SECURITY_SEVERITY,
    file_path,
    incomplete_dict,
    rules_for,
    version,
)
from aisec_cli.report import jsontext

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str) -> str:
    """``path`` as a URI reference (SARIF 2.1.0 §3.10): percent-encoded, so a space, ``#``,
    ``?``, ``%`` or a colon in a name stays part of the name (``C#/a`` is not ``C`` + a fragment)."""
    return quote(path, safe="/", errors="backslashreplace")
MAX_RESULTS = 25_000


def _rule(rule: Rule) -> dict[str, Any]:
    tags = ["security", rule.family]
    for tag in rule.tags:
        if tag.upper().startswith("CWE-"):
            tags.append(f"external/cwe/{tag.lower()}")
        elif tag.upper().startswith("LLM"):
            tags.append(f"owasp-llm/{tag.upper()}")
        elif tag not in tags:
            tags.append(tag)
    full = " ".join(x for x in (rule.docs.what, rule.docs.why) if x)
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title[:1024]},
        "fullDescription": {"text": (full or rule.title)[:1024]},
        "help": {"text": (rule.docs.fix or rule.docs.what or rule.title), "markdown": rule.explain()},
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        "properties": {
            "tags": tags[:20],
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "precision": "high" if rule.family == "secrets" else "medium",
        },
    }


def _fallback_rule(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.rule_id,
        "shortDescription": {"text": finding.message[:1024] or finding.rule_id},
        "fullDescription": {"text": finding.message[:1024] or finding.rule_id},
        "help": {"text": finding.message or finding.rule_id},
        "defaultConfiguration": {"level": SARIF_LEVEL[finding.severity]},
        "properties": {"tags": ["security"], "security-severity": SECURITY_SEVERITY[finding.severity]},
    }


def _result(finding: Finding, index: int, suppressed: bool, report: Report | None = None) -> dict[str, Any]:
    loc = finding.location
    region: dict[str, Any] = {"startLine": max(loc.line, 1), "startColumn": max(loc.column, 1)}
    if loc.end_line:
        region["endLine"] = max(loc.end_line, region["startLine"])
    if loc.end_column and (loc.end_line or loc.line) >= loc.line:
        region["endColumn"] = max(loc.end_column, 1)
        if region.get("endLine", loc.line) == loc.line and region["endColumn"] < region["startColumn"]:
            del region["endColumn"]
    properties = public_properties(finding)
    if finding.commit is not None:
        properties["commit"] = {
            "sha": finding.commit.sha,
            "author": finding.commit.author,
            "date": finding.commit.date,
        }
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": SARIF_LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(file_path(finding, report) if report else loc.path), "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            }
        ],
        "partialFingerprints": {"aisecFingerprint/v1": finding.fingerprint},
        "properties": properties,
    }
    flows = [f for f in map(_code_flow, _flow_paths(finding)) if f is not None]
    if flows:
        result["codeFlows"] = flows
    if suppressed:
        result["suppressions"] = [
            {"kind": "inSource" if (finding.suppression or "").startswith("inline") else "external",
             "justification": finding.suppression or ""}
        ]
    return result


def _flow_paths(finding: Finding) -> list[Any]:
    """Each path of a finding's flow (several when sources in several places reach one sink)."""
    paths = finding.properties.get("_flow_paths")
    if isinstance(paths, list) and paths:
        return paths
    return [finding.properties.get("_flow_locations")]


def _code_flow(steps: Any) -> dict[str, Any] | None:
    """The steps of a taint flow (source, each call, sink), for GitHub's "show paths" view."""
    if not isinstance(steps, list) or len(steps) < 2:
        return None
    locations = [
        {
            "location": {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(str(step["path"])), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": max(int(step["line"]), 1)},
                },
                "message": {"text": str(step.get("message", ""))},
            }
        }
        for step in steps
    ]
    return {"threadFlows": [{"locations": locations}]}


def as_dict(report: Report, category: str | None = None) -> dict[str, Any]:
    rules = rules_for(report)
    ordered: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    everything = [*report.findings, *report.suppressed]
    for finding in everything:
        if finding.rule_id in index:
            continue
        index[finding.rule_id] = len(ordered)
        rule = rules.get(finding.rule_id)
        ordered.append(_rule(rule) if rule else _fallback_rule(finding))
    results = [_result(f, index[f.rule_id], False, report) for f in report.findings[:MAX_RESULTS]]
    room = MAX_RESULTS - len(results)
    results += [_result(f, index[f.rule_id], True, report) for f in report.suppressed[: max(room, 0)]]
    notifications = [
        {"level": "warning" if e.kind != "error" else "error", "message": {"text": f"{e.path}: {e.message}"}}
        for e in report.errors[:1000]
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "aisec",
                "semanticVersion": version(),
                "informationUri": INFO_URI,
                "rules": ordered,
            }
        },
        "automationDetails": {"id": f"{category or 'aisec/' + report.command}/"},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///" if report.root.startswith("/") else ""}},
        "results": results,
        "invocations": [
            {
                "executionSuccessful": not report.incomplete,
                "toolExecutionNotifications": notifications,
            }
        ],
        "properties": incomplete_dict(report),
    }
    # A relative root is not a valid URI base: leave it out (GitHub resolves from the checkout).
    if not report.root.startswith("/"):
        del run["originalUriBaseIds"]
    else:
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file://" + _uri(report.root.rstrip("/")) + "/"
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: Report, category: str | None = None, **_: object) -> str:
    return jsontext.dumps(as_dict(report, category), indent=2, ensure_ascii=False) + "\n"
