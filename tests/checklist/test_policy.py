"""The policy file: sources, schema validation, dates, and claims the code contradicts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from aisec_cli.checklist.policy import RevokedLeak, load_policy, parse_as_of, validate
from aisec_cli.core.errors import ConfigError
from tests.checklist.conftest import run_cli
from tests.checklist.repos import AS_OF, POLICY, good_project, make_repo


def _items(run) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {i["id"]: i for i in json.loads(run.stdout)["extra"]["items"]}


def test_policy_in_pyproject_with_toml_dates(tmp_path: Path, checklist) -> None:  # type: ignore[no-untyped-def]
    files = good_project()
    del files[".aisec/policy.yaml"]
    files["pyproject.toml"] = (
        "[project]\nname = 'svc'\n\n"
        "[tool.aisec.policy]\nversion = 1\n\n"
        "[[tool.aisec.policy.keys]]\nname = 'openai-prod'\nenvironment = 'production'\nlast_rotated = 2026-06-01\n\n"
        "[[tool.aisec.policy.keys]]\nname = 'openai-dev'\nenvironment = 'development'\nlast_rotated = 2026-10-01\n"
    )
    run = checklist(make_repo(tmp_path / "r", files))
    items = _items(run)
    assert items["CHK04"]["status"] == "PASS"
    assert items["CHK05"]["status"] == "FAIL"
    assert "overdue: openai-prod" in items["CHK05"]["reason"]
    overdue = [e for e in items["CHK05"]["evidence"] if e["outcome"] == "contradicts"]
    assert overdue[0]["path"] == "pyproject.toml" and overdue[0]["line"] == 8
    assert json.loads(run.stdout)["extra"]["policy"] == "pyproject.toml [tool.aisec.policy]"


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (("last_rotated: 2026-09-15", "last_rotated: 2026-02-30"), "YYYY-MM-DD"),
        (("last_rotated: 2026-09-15", "last_rotated: \"2026-02-30\""), "not a calendar date"),
        (("last_rotated: 2026-09-15", "last_rotate: 2026-09-15"), "last_rotate"),
        (("storage: aws-secrets-manager", "storage: my-laptop"), "my-laptop"),
        (("version: 1", "version: 2"), "version"),
        (("daily_usd: 50", "daily_usd: fifty"), "fifty"),
    ],
)
def test_invalid_policy_stops_the_run(tmp_path: Path, checklist, change: tuple[str, str], needle: str) -> None:  # type: ignore[no-untyped-def]
    files = good_project()
    assert change[0] in files[".aisec/policy.yaml"]
    files[".aisec/policy.yaml"] = files[".aisec/policy.yaml"].replace(change[0], change[1])
    run = checklist(make_repo(tmp_path / "r", files))
    assert run.code == 2
    assert ".aisec/policy.yaml" in run.stderr and needle in run.stderr
    assert run.stdout == ""


def test_empty_and_unparseable_policy(tmp_path: Path, checklist) -> None:  # type: ignore[no-untyped-def]
    files = good_project()
    files[".aisec/policy.yaml"] = "# nothing yet\n"
    run = checklist(make_repo(tmp_path / "a", files))
    assert run.code == 2 and "empty" in run.stderr
    files[".aisec/policy.yaml"] = "keys: [unclosed\n"
    run = checklist(make_repo(tmp_path / "b", files))
    assert run.code == 2 and "cannot parse" in run.stderr


def test_explicit_policy_path_and_yml_name(tmp_path: Path, checklist) -> None:  # type: ignore[no-untyped-def]
    files = good_project()
    files["ops/team-policy.yaml"] = files.pop(".aisec/policy.yaml").replace("last_rotated: 2026-09-15", "last_rotated: 2026-01-01")
    repo = make_repo(tmp_path / "r", files)
    without = _items(checklist(repo))
    assert without["CHK05"]["status"] == "MANUAL"
    explicit = _items(checklist(repo, "--policy", str(repo.path / "ops/team-policy.yaml")))
    assert explicit["CHK05"]["status"] == "FAIL"
    missing = checklist(repo, "--policy", str(repo.path / "nope.yaml"))
    assert missing.code == 2 and "does not exist" in missing.stderr
    files = good_project()
    files[".aisec/policy.yml"] = files.pop(".aisec/policy.yaml")
    assert _items(checklist(make_repo(tmp_path / "y", files)))["CHK05"]["status"] == "PASS"


def test_revocation_by_fingerprint_from_the_history_scan(tmp_path: Path, keys, checklist) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(tmp_path / "r", good_project(), date="2026-09-01")
    repo.commit("oops", {"notebook.py": f'HF_TOKEN = "{keys.huggingface()}"\n'}, date="2026-09-02")
    repo.commit("remove", {"notebook.py": None}, date="2026-09-03")
    scan = run_cli("scan", "--history", str(repo.path), "-f", "json", "--no-progress")
    finding = json.loads(scan.stdout)["findings"][0]
    assert finding["properties"]["in_working_tree"] is False
    before = _items(checklist(repo))
    assert before["CHK01"]["status"] == "FAIL" and before["CHK05"]["status"] == "FAIL"
    assert finding["fingerprint"][:16] in " ".join(e["detail"] for e in before["CHK01"]["evidence"])
    policy = POLICY + f"revoked_leaks:\n  - fingerprint: \"{finding['rule_id']}:{finding['fingerprint'][:12]}\"\n    revoked_on: 2026-09-02\n"
    repo.commit("revoked", {".aisec/policy.yaml": policy}, date="2026-09-04")
    after = _items(checklist(repo))
    assert after["CHK01"]["status"] == "WARN" and "revoked" in after["CHK01"]["reason"]
    assert after["CHK05"]["status"] == "PASS"
    # a revocation recorded for another rule does not count
    wrong = POLICY + f"revoked_leaks:\n  - fingerprint: \"KEY001:{finding['fingerprint'][:12]}\"\n    revoked_on: 2026-09-02\n"
    repo.commit("wrong rule", {".aisec/policy.yaml": wrong}, date="2026-09-05")
    assert _items(checklist(repo))["CHK01"]["status"] == "FAIL"


def test_key_in_the_policy_file_itself_fails_chk01(tmp_path: Path, keys, checklist) -> None:  # type: ignore[no-untyped-def]
    files = good_project()
    files[".aisec/policy.yaml"] = files[".aisec/policy.yaml"].replace("reference: prod/ai/openai", f"reference: \"{keys.openai_project()}\"")
    items = _items(checklist(make_repo(tmp_path / "r", files)))
    assert items["CHK01"]["status"] == "FAIL"
    assert items["CHK01"]["evidence"][0]["path"] == ".aisec/policy.yaml"
    assert items["CHK05"]["status"] == "FAIL"  # rotation claims with a key in the repository


def test_budget_claim_the_code_does_not_back(tmp_path: Path, checklist) -> None:  # type: ignore[no-untyped-def]
    files = good_project()
    files[".aisec/policy.yaml"] = files[".aisec/policy.yaml"].replace("enforced_by: provider-dashboard", "enforced_by: app")
    item = _items(checklist(make_repo(tmp_path / "r", files)))["CHK13"]
    assert item["status"] == "WARN"
    assert "no budget check was found in code" in item["reason"]


def test_monthly_budget_is_not_a_daily_one(tmp_path: Path, checklist) -> None:  # type: ignore[no-untyped-def]
    files = good_project()
    files[".aisec/policy.yaml"] = files[".aisec/policy.yaml"].replace("daily_usd: 50", "monthly_usd: 1500")
    item = _items(checklist(make_repo(tmp_path / "r", files)))["CHK13"]
    assert item["status"] == "WARN" and "no daily_usd" in item["reason"]


def test_as_of_moves_the_deadlines(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", good_project())
    early = run_cli("checklist", str(repo.path), "--as-of", "2026-10-02", "-f", "json")
    late = run_cli("checklist", str(repo.path), "--as-of", "2027-08-01", "-f", "json")
    assert _items(early)["CHK05"]["status"] == "PASS"
    late_items = _items(late)
    assert late_items["CHK05"]["status"] == "FAIL"
    assert late_items["CHK13"]["status"] == "WARN"  # budget verified_on expired
    assert late_items["CHK10"]["status"] == "WARN"  # review older than a year
    assert json.loads(late.stdout)["extra"]["as_of"] == "2027-08-01"


# -- the model, directly --------------------------------------------------------------------------


def test_validate_rejects_unknown_sections_and_normalises_dates() -> None:
    with pytest.raises(ConfigError, match="keyz"):
        validate({"version": 1, "keyz": []}, "p.yaml")
    plain = validate({"version": 1, "keys": [{"name": "k", "last_rotated": dt.date(2026, 1, 2)}]}, "p.yaml")
    assert plain["keys"][0]["last_rotated"] == "2026-01-02"
    with pytest.raises(ConfigError, match="revoked_on"):
        validate({"version": 1, "revoked_leaks": [{"fingerprint": "abcdef0123"}]}, "p.yaml")


def test_revocation_matching() -> None:
    record = RevokedLeak(dt.date(2026, 1, 1), fingerprint="KEY001:3f9c0aa1…")
    assert record.matches("KEY001", "3f9c0aa1bb22", "", "a.py")
    assert not record.matches("KEY002", "3f9c0aa1bb22", "", "a.py")
    assert not record.matches("KEY001", "3f9c0aa2bb22", "", "a.py")
    short = RevokedLeak(dt.date(2026, 1, 1), fingerprint="3f9c")
    assert not short.matches("KEY001", "3f9c0aa1bb22", "", "a.py")  # too short to identify a leak
    by_commit = RevokedLeak(dt.date(2026, 1, 1), commit="abc1234", path="cfg/x.py")
    assert by_commit.matches("KEY009", "ffff", "abc1234def", "cfg/x.py")
    assert not by_commit.matches("KEY009", "ffff", "abc1234def", "other.py")


def test_load_policy_absent_and_as_of() -> None:
    assert load_policy(Path("/nonexistent-folder-for-test")) is None
    assert parse_as_of("2026-11-01") == dt.date(2026, 11, 1)
    assert parse_as_of(None) == dt.date.today()
    with pytest.raises(ConfigError):
        parse_as_of("yesterday")


def test_as_of_constant_is_the_fixture_date() -> None:
    assert AS_OF == "2026-11-01"


def test_policy_table_in_aisec_toml(tmp_path: Path, checklist) -> None:  # type: ignore[no-untyped-def]
    files = good_project()
    del files[".aisec/policy.yaml"]
    files[".aisec.toml"] = (
        "[policy]\nversion = 1\n\n[policy.content_filtering]\nenforced_by = 'none'\n"
    )
    item = _items(checklist(make_repo(tmp_path / "r", files)))["CHK12"]
    assert item["status"] == "PASS"  # the code moderates output; the claim 'none' is about other filtering
    files[".aisec.toml"] = "[policy]\nversion = 1\n\n[[policy.budgets]]\nprovider = 'openai'\nenforced_by = 'none'\n"
    item = _items(checklist(make_repo(tmp_path / "s", files)))["CHK13"]
    assert item["status"] == "FAIL"
    assert any(e["path"] == ".aisec.toml" and e["line"] == 5 for e in item["evidence"]), item["evidence"]
