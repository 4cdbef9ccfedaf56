"""JUnit XML: one testsuite per command, one failing testcase per finding.

A report may carry ``extra["testcases"]`` (the checklist does): a list of dicts with
``name``, ``classname``, ``status`` (pass/fail/skip/error) and ``message``; then exactly
those testcases are written.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from aisec_cli.core.findings import Report
from aisec_cli.report.common import incomplete_line, one_line, rules_for, title_of, verification_of, where


def _printable(root: ET.Element) -> None:
    """No control character or undecodable byte reaches the XML (XML 1.0 cannot hold them)."""
    for element in root.iter():
        for key, value in element.attrib.items():
            element.set(key, one_line(value))
        if element.text:
            element.text = "\n".join(one_line(line) for line in element.text.split("\n"))


def _case(suite: ET.Element, name: str, classname: str, file: str | None = None) -> ET.Element:
    attrs = {"name": name, "classname": classname, "time": "0"}
    if file:
        attrs["file"] = file
    return ET.SubElement(suite, "testcase", attrs)


def render(report: Report, **_: object) -> str:
    root = ET.Element("testsuites", {"name": "aisec"})
    suite = ET.SubElement(root, "testsuite", {"name": f"aisec {report.command}"})
    rules = rules_for(report)
    failures = errors = skipped = tests = 0
    cases: list[dict[str, Any]] | None = report.extra.get("testcases") if report.extra else None
    if cases is not None:
        for item in cases:
            tests += 1
            case = _case(suite, str(item["name"]), str(item.get("classname", report.command)))
            status = item.get("status", "pass")
            message = str(item.get("message", ""))
            if status == "fail":
                failures += 1
                node = ET.SubElement(case, "failure", {"message": message, "type": "fail"})
                node.text = str(item.get("details", message))
            elif status == "error":
                errors += 1
                ET.SubElement(case, "error", {"message": message})
            elif status == "skip":
                skipped += 1
                ET.SubElement(case, "skipped", {"message": message})
            elif item.get("details"):
                out = ET.SubElement(case, "system-out")
                out.text = str(item["details"])
    else:
        for finding in report.findings:
            tests += 1
            failures += 1
            name = f"[{finding.severity.value.upper()}][{finding.rule_id}] {title_of(finding, rules)} in {where(finding)}"
            case = _case(suite, name, finding.location.path, finding.location.path)
            status = verification_of(finding)
            message = f"{finding.message} [verify: {status}]" if status else finding.message
            node = ET.SubElement(case, "failure", {"message": message, "type": finding.rule_id})
            node.text = f"{where(finding)}\n{finding.snippet}\nfingerprint: {finding.fingerprint}"
            if status:
                node.text += f"\nverification: {status}"
        for error in report.errors:
            if error.kind != "error":
                continue
            tests += 1
            errors += 1
            case = _case(suite, f"could not examine {error.path}", "errors", error.path)
            ET.SubElement(case, "error", {"message": error.message})
        if tests == 0:
            tests = 1
            _case(suite, f"aisec {report.command}: no findings", report.command)
    if report.incomplete:
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", {"name": "incomplete", "value": incomplete_line(report)})
        suite.insert(0, suite[-1])  # JUnit puts properties before the test cases
        del suite[-1]
    for element in (suite, root):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
        element.set("skipped", str(skipped))
        element.set("time", str(report.stats.get("seconds", 0)))
    _printable(root)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
