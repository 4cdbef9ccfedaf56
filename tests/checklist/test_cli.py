"""``aisec checklist`` as CI uses it: formats (validated), exit codes, gating flags, config."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from junitparser import Error, Failure, JUnitXml, Skipped

from tests.checklist.conftest import run_cli
from tests.checklist.repos import AS_OF, edit, good_project, plain_project

ROOT = Path(__file__).resolve().parents[2]
REPORT_SCHEMA = ROOT / "rules" / "schema" / "report.schema.json"
CHECKLIST_SCHEMA = ROOT / "aisec_cli" / "checklist" / "report.schema.json"
SARIF_SCHEMAS = ROOT / "tests" / "schemas"


def _mixed() -> dict[str, str]:
    """FAIL (CHK07: no output cap), WARN (CHK09: no redaction step), MANUAL (CHK16), PASS rest."""
    files = edit(good_project(), "app.py", "        max_tokens=500,\n", "")
    files = edit(files, "app.py", "clean, _ = strip_pii(sanitize_user_input(text))", "clean = sanitize_user_input(text)")
    files["guards.py"] = files["guards.py"].replace("def strip_pii", "def _unused_helper")
    files[".aisec/policy.yaml"] = files[".aisec/policy.yaml"].split("monitoring:")[0]
    del files["ops/alerts/llm.rules.yml"]
    return files


@pytest.fixture(scope="module")
def mixed_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.checklist.repos import make_repo

    return make_repo(tmp_path_factory.mktemp("mixed") / "repo", _mixed()).path


@pytest.fixture(scope="module")
def good_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.checklist.repos import make_repo

    return make_repo(tmp_path_factory.mktemp("good") / "repo", good_project()).path


def cli(repo: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_cli("checklist", str(repo), "--as-of", AS_OF, "--jobs", "1", *args)


def test_mixed_repo_statuses(mixed_repo: Path) -> None:
    run = cli(mixed_repo, "-f", "json")
    statuses = {i["id"]: i["status"] for i in json.loads(run.stdout)["extra"]["items"]}
    assert statuses["CHK07"] == "FAIL"
    assert statuses["CHK09"] == "WARN"
    assert statuses["CHK16"] == "MANUAL"
    assert sum(1 for s in statuses.values() if s == "PASS") == 13
    assert run.code == 1


def test_json_validates_and_lists_only_failing_items_as_findings(mixed_repo: Path) -> None:
    run = cli(mixed_repo, "-f", "json")
    data = json.loads(run.stdout)
    jsonschema.Draft202012Validator(json.loads(REPORT_SCHEMA.read_text())).validate(data)
    jsonschema.Draft202012Validator(json.loads(CHECKLIST_SCHEMA.read_text())).validate(data["extra"])
    assert data["command"] == "checklist"
    assert [f["rule_id"] for f in data["findings"]] == ["CHK07"]
    finding = data["findings"][0]
    assert finding["location"]["path"] == "app.py" and finding["location"]["line"] == 45
    assert finding["severity"] == "high"
    extra = data["extra"]
    assert extra["as_of"] == AS_OF
    assert extra["totals"] == {"pass": 13, "warn": 1, "fail": 1, "manual": 1, "skip": 0, "error": 0, "score": extra["score"], "scored_items": 15}
    # score: weights critical 10, high 7.5, medium 5; PASS 10, WARN 5, FAIL 0; MANUAL excluded
    possible = 10 * 6 + 7.5 * 9  # weights of the scored items; CHK16 (medium) is MANUAL
    earned = possible - 7.5 * 1.0 - 10 * 0.5  # CHK07 (high) FAIL loses all, CHK09 (critical) WARN half
    assert extra["score"] == round(100 * earned / possible, 1)
    assert "Score" in extra["summary"] and "gate failed" in extra["summary"]
    assert "testcases" not in extra and "markdown" not in extra


def test_schema_rejects_a_broken_item(mixed_repo: Path) -> None:
    data = json.loads(cli(mixed_repo, "-f", "json").stdout)
    data["extra"]["items"][0]["status"] = "MAYBE"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(json.loads(CHECKLIST_SCHEMA.read_text())).validate(data["extra"])
    data["extra"]["items"].pop()
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(json.loads(CHECKLIST_SCHEMA.read_text())).validate(data["extra"])


def test_junit_has_exactly_sixteen_testcases(mixed_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "checklist.xml"
    run = cli(mixed_repo, "-f", f"junit={out}")
    assert run.code == 1
    xml = JUnitXml.fromfile(str(out))
    cases = [case for suite in xml for case in suite]
    assert len(cases) == 16
    assert [c.name.split()[0] for c in cases] == [f"CHK{n:02d}" for n in range(1, 17)]
    by_id = {c.name.split()[0]: c for c in cases}
    assert any(isinstance(r, Failure) for r in by_id["CHK07"].result)
    assert any(isinstance(r, Skipped) for r in by_id["CHK16"].result)
    assert not by_id["CHK09"].result  # WARN passes the default gate
    assert by_id["CHK01"].classname == "aisec.checklist.Keys"
    failures = sum(1 for c in cases for r in c.result if isinstance(r, Failure))
    errors = sum(1 for c in cases for r in c.result if isinstance(r, Error))
    assert (failures, errors) == (1, 0)
    root = ET.parse(out).getroot()
    assert root.find("testsuite").get("tests") == "16"  # type: ignore[union-attr]


def test_junit_with_fail_on_warn_fails_the_warn_item(mixed_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "checklist.xml"
    cli(mixed_repo, "-f", f"junit={out}", "--fail-on", "warn")
    cases = {c.name.split()[0]: c for suite in JUnitXml.fromfile(str(out)) for c in suite}
    assert any(isinstance(r, Failure) for r in cases["CHK09"].result)
    assert len(cases) == 16


def test_sarif_has_results_only_for_failing_items(mixed_repo: Path) -> None:
    run = cli(mixed_repo, "-f", "sarif")
    sarif = json.loads(run.stdout)
    jsonschema.Draft4Validator(json.loads((SARIF_SCHEMAS / "sarif-2.1.0-rtm.5.json").read_text())).validate(sarif)
    jsonschema.Draft202012Validator(json.loads((SARIF_SCHEMAS / "github-sarif-subset.json").read_text())).validate(sarif)
    sarif_run = sarif["runs"][0]
    assert sarif_run["automationDetails"]["id"] == "aisec/checklist/"
    results = sarif_run["results"]
    assert [r["ruleId"] for r in results] == ["CHK07"]
    location = results[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "app.py"
    assert location["region"]["startLine"] == 45
    assert [r["id"] for r in sarif_run["tool"]["driver"]["rules"]] == ["CHK07"]
    # with --fail-on warn the WARN item is reported too
    sarif = json.loads(cli(mixed_repo, "-f", "sarif", "--fail-on", "warn").stdout)
    assert sorted(r["ruleId"] for r in sarif["runs"][0]["results"]) == ["CHK07", "CHK09"]


def test_markdown_summary(mixed_repo: Path) -> None:
    run = cli(mixed_repo, "-f", "markdown")
    text = run.stdout
    assert text.startswith("## aisec checklist")
    rows = [line for line in text.splitlines() if line.startswith("| :")]
    assert len(rows) == 16
    assert "**FAIL**" in text and "`CHK07`" in text
    assert "### What to fix" in text and "<details>" in text
    assert "Score" in text


def test_table_groups_by_category_and_details_show_evidence(mixed_repo: Path) -> None:
    plain = cli(mixed_repo, "--color", "never")
    assert plain.code == 1
    for category in ("Keys", "Input", "Data", "Output", "Cost", "Audit"):
        assert category in plain.stdout
    assert "✘ FAIL" in plain.stdout and "CHK07" in plain.stdout
    assert "app.py:45" not in plain.stdout
    detailed = cli(mixed_repo, "--details", "--color", "never")
    assert "app.py:45" in detailed.stdout
    assert "Score" in detailed.stdout


def test_hook_format_lists_failing_items(mixed_repo: Path) -> None:
    run = cli(mixed_repo, "-f", "hook")
    assert "app.py:45:1: CHK07 high" in run.stdout
    assert "CHK09" not in run.stdout.split("\n")[0]


def test_exit_codes_and_gate_flags(good_repo: Path, mixed_repo: Path) -> None:
    assert cli(good_repo, "-f", "json").code == 0
    assert cli(mixed_repo, "-f", "json").code == 1
    assert cli(mixed_repo, "-f", "json", "--exit-zero").code == 0
    # --min-score on a passing repository
    assert cli(good_repo, "-f", "json", "--min-score", "100").code == 0
    data = json.loads(cli(mixed_repo, "-f", "json", "--min-score", "10", "--exit-zero").stdout)
    assert data["extra"]["gate"]["min_score"] == 10


def test_strict_turns_manual_into_fail(mixed_repo: Path) -> None:
    data = json.loads(cli(mixed_repo, "-f", "json", "--strict").stdout)
    item = next(i for i in data["extra"]["items"] if i["id"] == "CHK16")
    assert item["status"] == "FAIL" and item["original_status"] == "MANUAL"
    assert item["reason"].startswith("(--strict)")
    assert sorted(f["rule_id"] for f in data["findings"]) == ["CHK07", "CHK16"]


def test_fail_on_levels(tmp_path: Path) -> None:
    from tests.checklist.repos import make_repo

    # WARN and MANUAL, nothing FAILs
    files = edit(good_project(), "app.py", "clean, _ = strip_pii(sanitize_user_input(text))", "clean = sanitize_user_input(text)")
    files["guards.py"] = files["guards.py"].replace("def strip_pii", "def _unused_helper")
    files[".aisec/policy.yaml"] = files[".aisec/policy.yaml"].split("monitoring:")[0]
    del files["ops/alerts/llm.rules.yml"]
    repo = make_repo(tmp_path / "r", files).path
    assert cli(repo, "-f", "json").code == 0
    assert cli(repo, "-f", "json", "--fail-on", "warn").code == 1
    assert cli(repo, "-f", "json", "--fail-on", "manual").code == 1
    assert cli(repo, "-f", "json", "--strict").code == 1
    assert cli(repo, "-f", "json", "--min-score", "99").code == 1
    assert cli(repo, "-f", "json", "--min-score", "50").code == 0


def test_per_item_required_and_skip_in_config(tmp_path: Path) -> None:
    from tests.checklist.repos import make_repo

    files = _mixed()
    files["pyproject.toml"] = (
        "[tool.aisec.checklist]\nfail-on = 'fail'\n\n"
        "[tool.aisec.checklist.items.CHK09]\nrequired = true\n\n"
        "[tool.aisec.checklist.items.CHK07]\nrequired = false\n\n"
        "[tool.aisec.checklist.items.CHK16]\nskip = 'usage is monitored by the platform team'\n"
    )
    repo = make_repo(tmp_path / "r", files).path
    run = cli(repo, "-f", "json")
    data = json.loads(run.stdout)
    items = {i["id"]: i for i in data["extra"]["items"]}
    assert items["CHK09"]["status"] == "WARN" and items["CHK09"]["failing"] is True and items["CHK09"]["required"] is True
    assert items["CHK07"]["status"] == "FAIL" and items["CHK07"]["failing"] is False
    assert items["CHK16"]["status"] == "SKIP" and "platform team" in items["CHK16"]["reason"]
    assert [f["rule_id"] for f in data["findings"]] == ["CHK09"]
    assert run.code == 1


def test_bad_values_are_usage_errors(good_repo: Path, tmp_path: Path) -> None:
    for args, needle in (
        (("--as-of", "2026-13-01"), "--as-of"),
        (("--fail-on", "error"), "--fail-on"),
        (("--min-score", "120"), "--min-score"),
    ):
        run = run_cli("checklist", str(good_repo), "-f", "json", *args)
        assert run.code == 2, args
        assert needle in run.stderr
    missing = run_cli("checklist", str(tmp_path / "nope"))
    assert missing.code == 2


def test_unknown_config_key_is_an_error(tmp_path: Path) -> None:
    from tests.checklist.repos import make_repo

    files = good_project()
    files["pyproject.toml"] = "[tool.aisec.checklist]\nfail_on = 'warn'\n"
    repo = make_repo(tmp_path / "r", files).path
    run = cli(repo, "-f", "json")
    assert run.code == 2
    assert "checklist.fail_on" in run.stderr


def test_several_formats_at_once(mixed_repo: Path, tmp_path: Path) -> None:
    junit, sarif, md = tmp_path / "c.xml", tmp_path / "c.sarif", tmp_path / "c.md"
    run = cli(mixed_repo, "-f", "json", "-f", f"junit={junit}", "-f", f"sarif={sarif}", "-f", f"markdown={md}")
    assert json.loads(run.stdout)["command"] == "checklist"
    assert len([c for s in JUnitXml.fromfile(str(junit)) for c in s]) == 16
    assert json.loads(sarif.read_text())["runs"][0]["results"][0]["ruleId"] == "CHK07"
    assert md.read_text().startswith("## aisec checklist")


def test_real_console_entry_point(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.checklist.repos import make_repo

    repo = make_repo(tmp_path / "r", plain_project()).path
    out = aisec("checklist", str(repo), "--as-of", AS_OF, "-f", "json")
    assert out.code == 0, out.stderr
    data = json.loads(out.stdout)
    assert {i["status"] for i in data["extra"]["items"]} == {"PASS", "SKIP"}
    fail = aisec("checklist", str(repo), "--as-of", AS_OF, "--strict", "--min-score", "101")
    assert fail.code == 2 and "--min-score" in fail.stderr


def test_no_history_flag(tmp_path: Path, keys) -> None:  # type: ignore[no-untyped-def]
    from tests.checklist.repos import make_repo

    repo = make_repo(tmp_path / "r", good_project(), date="2026-09-01")
    repo.commit("oops", {"old.py": f'key = "{keys.openai_project()}"\n'}, date="2026-09-02")
    repo.commit("remove", {"old.py": None}, date="2026-09-03")
    with_history = json.loads(cli(repo.path, "-f", "json").stdout)
    without = json.loads(cli(repo.path, "-f", "json", "--no-history").stdout)
    status = lambda data, i: next(x for x in data["extra"]["items"] if x["id"] == i)["status"]  # noqa: E731
    assert status(with_history, "CHK01") == "FAIL"
    assert status(without, "CHK01") == "PASS"
    assert without["extra"]["engines"]["history"]["state"] == "skipped"
    assert any("not scanned" in e["detail"] for e in next(x for x in without["extra"]["items"] if x["id"] == "CHK01")["evidence"])


def test_hooks_are_not_expected_installed_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.checklist.repos import make_repo

    repo = make_repo(tmp_path / "r", good_project(), hooks_installed=False).path
    local = json.loads(cli(repo, "-f", "json").stdout)
    assert next(i for i in local["extra"]["items"] if i["id"] == "CHK03")["status"] == "WARN"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    in_ci = json.loads(cli(repo, "-f", "json").stdout)
    assert next(i for i in in_ci["extra"]["items"] if i["id"] == "CHK03")["status"] == "PASS"
