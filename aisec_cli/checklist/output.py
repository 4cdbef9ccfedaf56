"""From a :class:`ChecklistResult` to the shared :class:`Report` the reporters render.

- ``extra`` carries the items, evidence, totals, score and gate (the JSON report writes it as
  is; schema: ``aisec_cli/checklist/report.schema.json``);
- findings exist only for items that fail the gate, at their strongest evidence location
  (SARIF, hook and GitHub formats show them; rule ids CHK01..CHK16);
- ``extra["testcases"]`` (exactly 16, for JUnit) and ``extra["markdown"]`` (step summaries,
  pull-request comments) are added only for the formats that use them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aisec_cli.checklist.catalog import load_catalog
from aisec_cli.checklist.evaluate import EVALUATORS
from aisec_cli.checklist.model import STATUS_ORDER, ChecklistResult, ItemResult, Outcome, Status
from aisec_cli.core.evidence import safe_finding
from aisec_cli.core.findings import Finding, Location, Report, fingerprint
from aisec_cli.core.evidence import safe_error
from aisec_cli.core.mdescape import md_code, md_text

SCHEMA_VERSION = "1.0"
CATEGORIES = ("Keys", "Input", "Data", "Output", "Cost", "Audit")


def summary_line(result: ChecklistResult) -> str:
    counts = result.totals.counts
    parts = [f"{counts.get(s.value, 0)} {s.value}" for s in STATUS_ORDER if counts.get(s.value, 0)]
    score = "n/a" if result.totals.score is None else f"{result.totals.score:g}/100"
    verdict = "gate passed" if result.gate.passed else "gate failed: " + "; ".join(result.gate.reasons)
    return f"Score {score} · {', '.join(parts)} · {verdict}"


def item_dict(item: ItemResult) -> dict[str, Any]:
    spec = item.spec
    return {
        "id": spec.id,
        "name": spec.name,
        "category": spec.category,
        "title": spec.title,
        "priority": spec.priority.value,
        "status": item.status.value,
        "original_status": item.original_status.value if item.original_status else None,
        "reason": item.reason,
        "evidence": [e.as_dict() for e in item.evidence],
        "remediation": spec.remediation,
        "docs": f"aisec rules explain {spec.id}",
        "tags": list(spec.tags),
        "backed_by": list(spec.backed_by),
        "required": item.required,
        "failing": item.failing,
    }


def as_extra(result: ChecklistResult) -> dict[str, Any]:
    return {
        "checklist_version": SCHEMA_VERSION,
        "as_of": result.as_of,
        "score": result.totals.score,
        "summary": summary_line(result),
        "totals": result.totals.as_dict(),
        "gate": {
            "passed": result.gate.passed,
            "fail_on": result.gate.fail_on,
            "strict": result.gate.strict,
            "min_score": result.gate.min_score,
            "reasons": list(result.gate.reasons),
        },
        "policy": result.policy_source,
        "applicability": result.applicability.as_dict(),
        "engines": {k: dict(v) for k, v in result.engines.items()},
        "items": [item_dict(i) for i in result.items],
    }


def _location(item: ItemResult, result: ChecklistResult) -> tuple[str, int]:
    found = item.location()
    if found is not None:
        return found
    registered = EVALUATORS[item.id]
    home = registered.home
    if home and (Path(result.root) / home).exists():
        return home, 1
    if registered.policy and result.policy_source and (Path(result.root) / result.policy_source).is_file():
        return result.policy_source, 1
    return ".", 1


def findings_for(result: ChecklistResult) -> list[Finding]:
    """One finding per item that fails the gate (ERROR items are reported as errors)."""
    out = []
    for item in result.items:
        if not item.failing or item.status is Status.ERROR:
            continue
        path, line = _location(item, result)
        first = next((e for e in item.evidence if e.outcome in (Outcome.CONTRADICTS, Outcome.MISSING)), None)
        snippet = first.detail[:200] if first is not None else ""
        out.append(
            Finding(
                rule_id=item.id,
                severity=item.spec.priority,
                message=f"{item.spec.title}: {item.status.value} - {item.reason}",
                location=Location(path, line),
                fingerprint=fingerprint(item.id, path, item.spec.name),
                snippet=snippet,
                properties={
                    "status": item.status.value,
                    "category": item.spec.category,
                    "reason": item.reason,
                    "remediation": item.spec.remediation,
                },
            )
        )
    return out


def _evidence_text(item: ItemResult) -> str:
    lines = [f"{item.status.value}: {item.reason}"]
    for ev in item.evidence:
        where = ev.where()
        lines.append(f"  [{ev.outcome.value}] {where + ': ' if where else ''}{ev.detail}" + (f" ({ev.why})" if ev.why else ""))
    if item.status is not Status.PASS:
        lines.append(f"Remediation: {item.spec.remediation}")
    return "\n".join(lines)


def testcases(result: ChecklistResult) -> list[dict[str, Any]]:
    """Exactly one JUnit test case per item."""
    cases = []
    for item in result.items:
        if item.status is Status.ERROR:
            status = "error"
        elif item.failing:
            status = "fail"
        elif item.status in (Status.SKIP, Status.MANUAL):
            status = "skip"
        else:
            status = "pass"
        cases.append(
            {
                "name": f"{item.id} {item.spec.title}",
                "classname": f"aisec.checklist.{item.spec.category}",
                "status": status,
                "message": f"{item.status.value}: {item.reason}",
                "details": _evidence_text(item),
            }
        )
    return cases


_MD_ICON = {
    Status.PASS: ":white_check_mark:",
    Status.WARN: ":warning:",
    Status.FAIL: ":x:",
    Status.MANUAL: ":memo:",
    Status.SKIP: ":fast_forward:",
    Status.ERROR: ":boom:",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(result: ChecklistResult) -> str:
    lines = [f"**{_cell(summary_line(result))}**", "", f"As of {result.as_of}." + (f" Policy: `{result.policy_source}`." if result.policy_source else " No policy file."), ""]
    lines += ["| | ID | Category | Check | Priority | Status | Reason |", "|---|---|---|---|---|---|---|"]
    for item in result.items:
        lines.append(
            f"| {_MD_ICON[item.status]} | `{item.id}` | {item.spec.category} | {_cell(item.spec.title)} | "
            f"{item.spec.priority.value} | **{item.status.value}** | {md_text(item.reason)} |"
        )
    attention = [i for i in result.items if i.status in (Status.FAIL, Status.WARN, Status.ERROR, Status.MANUAL)]
    if attention:
        lines += ["", "### What to fix", ""]
        for item in attention:
            lines.append(f"<details><summary>{_MD_ICON[item.status]} <b>{item.id}</b> {_cell(item.spec.title)}: {md_text(item.reason)}</summary>")
            lines.append("")
            for ev in item.evidence:
                # paths and details come from the scanned tree: never markup in a PR comment
                where = f"{md_code(ev.where())} " if ev.where() else ""
                lines.append(f"- {ev.outcome.value}: {where}{md_text(ev.detail)}")
            lines += ["", f"**Fix:** {_cell(item.spec.remediation)}", "", "</details>", ""]
    lines += ["", "Run `aisec checklist --details` locally for every evidence line; `aisec rules explain CHK06` explains an item."]
    return "\n".join(lines)


def to_report(result: ChecklistResult, fmt: str = "json", errors: tuple[Any, ...] = ()) -> Report:
    """The :class:`Report` for one output format."""
    extra = as_extra(result)
    if fmt == "junit":
        extra["testcases"] = testcases(result)
    if fmt == "markdown":
        extra["markdown"] = markdown(result)
    catalog = load_catalog()
    stats = {
        "seconds": round(result.seconds, 3),
        "engines": {k: dict(v) for k, v in result.engines.items()},
    }
    return Report(
        command="checklist",
        findings=tuple(safe_finding(f) for f in findings_for(result)),
        errors=tuple(safe_error(e) for e in errors),
        stats=stats,
        root=result.root,
        extra=extra,
        rules=catalog.rules,
    )


def unjudged(result: ChecklistResult) -> list[str]:
    """The ids of the items that could not be judged (status ERROR)."""
    return [i.id for i in result.items if i.status.value == "ERROR"]


def exit_code(result: ChecklistResult, exit_zero: bool = False) -> int:
    """2 when an item could not be judged, 1 when the gate fails (0 with ``exit_zero``), else 0."""
    if result.gate.has_error:
        return 2
    return 0 if result.gate.passed or exit_zero else 1
