"""One finding per sink: flows from several sources (or caller files) into one sink are merged."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from aisec_cli.core.findings import Finding, Report

MAX_NAMED = 3  # other sources named in the message; every path stays in the properties


def merge_same_sink(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Findings of one rule at one place with one fingerprint become the first of them.

    Two caller files passing model output to one helper in a third file each report the
    helper's sink; they are one problem with one fingerprint, so one finding. Its message
    names the other sources, ``flow_paths`` counts them and ``_flow_paths`` keeps each
    path's steps (SARIF shows one code flow per path).
    """
    groups: dict[tuple[str, str, int, str, str], list[Finding]] = {}
    order: list[tuple[str, str, int, str, str]] = []
    for f in findings:
        commit = f.commit.sha if f.commit is not None else ""
        key = (f.rule_id, f.location.path, f.location.line, f.fingerprint, commit)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(f)
    return tuple(_merged(groups[key]) for key in order)


def merge_report(report: Report) -> Report:
    """``report`` with its findings (and suppressed findings) merged per sink."""
    findings = merge_same_sink(report.findings)
    suppressed = merge_same_sink(report.suppressed)
    if len(findings) == len(report.findings) and len(suppressed) == len(report.suppressed):
        return report
    return replace(report, findings=findings, suppressed=suppressed)


def _merged(group: list[Finding]) -> Finding:
    if len(group) == 1:
        return group[0]
    group = sorted(group, key=_source_of)
    first = group[0]
    paths: list[Any] = []
    seen_sources: list[str] = []
    for f in group:
        steps = f.properties.get("_flow_locations")
        if isinstance(steps, list) and steps not in paths:
            paths.append(steps)
        where = _source_text(f)
        if where and where not in seen_sources:
            seen_sources.append(where)
    if len(seen_sources) <= 1 and len(paths) <= 1:
        return first
    others = seen_sources[1:]
    message = first.message
    if others:
        named = "; ".join(others[:MAX_NAMED]) + (f"; and {len(others) - MAX_NAMED} more" if len(others) > MAX_NAMED else "")
        message = f"{message} Also reached from: {named}."
    properties = dict(first.properties)
    properties["flow_paths"] = len(paths) or len(seen_sources)
    if paths:
        properties["_flow_paths"] = paths
    return replace(first, message=message, properties=properties)


def _source_of(f: Finding) -> tuple[str, int, str]:
    steps = f.properties.get("_flow_locations")
    if isinstance(steps, list) and steps and isinstance(steps[0], dict):
        return (str(steps[0].get("path", "")), int(steps[0].get("line", 0) or 0), f.message)
    return ("", 0, f.message)


def _source_text(f: Finding) -> str:
    """``the source (path, line N)`` of a flow finding, from its first step."""
    steps = f.properties.get("_flow_locations")
    if not isinstance(steps, list) or not steps or not isinstance(steps[0], dict):
        return ""
    step = steps[0]
    what = str(step.get("message", "")).split(": ", 1)[-1]
    return f"`{what}` ({step.get('path', '')}, line {step.get('line', 0)})"
