"""Every output format from a real scan: valid against its schema, never holding a secret."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from junitparser import JUnitXml

from aisec_cli.core.config import Settings
from aisec_cli.core.findings import Commit, Finding, Location, Report, Severity
from aisec_cli.report import FORMATS, render
from aisec_cli.secrets.run import scan_tree
from tests.keyfactory import KeyFactory

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
REPORT_SCHEMA = Path(__file__).resolve().parents[2] / "rules" / "schema" / "report.schema.json"


@pytest.fixture
def scanned(tmp_path: Path, keys: KeyFactory, write) -> tuple[Report, list[str]]:  # type: ignore[no-untyped-def]
    secrets = [keys.openai_project(), keys.anthropic(), keys.chars(40), keys.groq()]
    write(tmp_path / "app.py", f'a = "{secrets[0]}"\nb = "{secrets[1]}"\n')
    write(tmp_path / "cfg" / ".env", f"COHERE_API_KEY={secrets[2]}\n")
    write(tmp_path / "x.py", f'c = "{secrets[3]}"  # aisec: ignore[KEY020] test\n')
    report = scan_tree([tmp_path], Settings(root=tmp_path, jobs=1))
    assert len(report.findings) == 3 and len(report.suppressed) == 1
    return report, secrets


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_contains_a_secret(scanned, fmt: str) -> None:  # type: ignore[no-untyped-def]
    report, secrets = scanned
    text = render(report, fmt)
    assert text.strip()
    for secret in secrets:
        assert secret not in text
        assert secret[6:-4] not in text  # not even the middle of it


def test_sarif_validates_against_official_and_github_schemas(scanned) -> None:  # type: ignore[no-untyped-def]
    report, _ = scanned
    sarif = json.loads(render(report, "sarif"))
    official = json.loads((SCHEMAS / "sarif-2.1.0-rtm.5.json").read_text())
    jsonschema.Draft4Validator(official).validate(sarif)
    jsonschema.Draft202012Validator(json.loads((SCHEMAS / "github-sarif-subset.json").read_text())).validate(sarif)
    run = sarif["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {"KEY001", "KEY005", "KEY018", "KEY020"}
    results = run["results"]
    assert len(results) == 4
    suppressed = [r for r in results if r.get("suppressions")]
    assert len(suppressed) == 1 and suppressed[0]["suppressions"][0]["kind"] == "inSource"
    rule = run["tool"]["driver"]["rules"][0]
    assert "## How to fix" in rule["help"]["markdown"]
    assert float(rule["properties"]["security-severity"]) > 9


def test_sarif_rejects_what_the_schema_forbids(scanned) -> None:  # type: ignore[no-untyped-def]
    report, _ = scanned
    sarif = json.loads(render(report, "sarif"))
    sarif["runs"][0]["results"][0]["level"] = "fatal"
    official = json.loads((SCHEMAS / "sarif-2.1.0-rtm.5.json").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(official).validate(sarif)


def test_json_report_matches_its_schema(scanned) -> None:  # type: ignore[no-untyped-def]
    report, _ = scanned
    data = json.loads(render(report, "json"))
    jsonschema.Draft202012Validator(json.loads(REPORT_SCHEMA.read_text())).validate(data)
    assert data["summary"]["by_severity"]["critical"] == 3
    assert {f["location"]["path"] for f in data["findings"]} == {"app.py", "cfg/.env"}
    assert all("_secret_sha1" not in f["properties"] for f in data["findings"])


def test_jsonl_one_finding_per_line(scanned) -> None:  # type: ignore[no-untyped-def]
    report, _ = scanned
    lines = render(report, "jsonl").splitlines()
    assert [json.loads(l)["rule_id"] for l in lines] == [f.rule_id for f in report.findings]


def test_junit_parses_with_failures(scanned, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report, _ = scanned
    path = tmp_path / "junit.xml"
    path.write_text(render(report, "junit"))
    xml = JUnitXml.fromfile(str(path))
    suite = next(iter(xml))
    assert suite.tests == 3 and suite.failures == 3
    names = [case.name for case in suite]
    assert any("[CRITICAL][KEY001]" in n and "app.py:1" in n for n in names)


def test_gitlab_secret_report_validates_and_has_commit(scanned) -> None:  # type: ignore[no-untyped-def]
    report, _ = scanned
    data = json.loads(render(report, "gitlab"))
    schema = json.loads((SCHEMAS / "gitlab-secret-detection-subset.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["scan"]["type"] == "secret_detection"
    assert len({v["id"] for v in data["vulnerabilities"]}) == 3


def test_history_commit_reaches_every_format() -> None:
    commit = Commit("a" * 40, "Dev", "dev@example.com", "2026-01-01T00:00:00+00:00", "add key")
    finding = Finding("KEY020", Severity.CRITICAL, "Groq API key hardcoded", Location("a.py", 3, 5, 3, 60),
                      "f" * 32, "gsk_…abcd", commit, {"provider": "Groq"})
    report = Report("scan", (finding,))
    assert json.loads(render(report, "json"))["findings"][0]["commit"]["sha"] == "a" * 40
    sarif = json.loads(render(report, "sarif"))
    assert sarif["runs"][0]["results"][0]["properties"]["commit"]["sha"] == "a" * 40
    gitlab = json.loads(render(report, "gitlab"))
    assert gitlab["vulnerabilities"][0]["location"]["commit"]["sha"] == "a" * 40
    assert "aaaaaaaa" in render(report, "markdown")


def test_markdown_and_github_annotations(scanned) -> None:  # type: ignore[no-untyped-def]
    report, _ = scanned
    md = render(report, "markdown")
    assert md.startswith("## aisec scan") and "| critical | `KEY001` |" in md
    annotations = render(report, "github").splitlines()
    assert len(annotations) == 3 and annotations[0].startswith("::error file=app.py,line=1")
