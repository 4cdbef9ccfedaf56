"""Every output format carries the commit of a history finding; keys stay masked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.history.conftest import Repo, run_cli
from tests.keyfactory import KeyFactory


@pytest.fixture
def leaked(repo: Repo, keys: KeyFactory) -> tuple[Repo, str, str, str]:
    """A key added in one commit and deleted in the next; another key still present."""
    gone, present = keys.openai_project(), keys.groq()
    added = repo.commit("add key", ("src/client.py", f"import openai\n\nOPENAI_API_KEY = \"{gone}\"\n"))
    repo.commit("remove key", ("src/client.py", "import openai\n\nOPENAI_API_KEY = None\n"))
    repo.commit("groq", ("src/groq_client.py", f"GROQ_API_KEY = \"{present}\"\n"))
    return repo, added, gone, present


def test_json_sarif_gitlab_junit_markdown(leaked: tuple[Repo, str, str, str], tmp_path: Path) -> None:
    repo, added, gone, present = leaked
    out = {fmt: tmp_path / f"r.{fmt}" for fmt in ("json", "sarif", "gitlab", "junit", "markdown")}
    args = [arg for fmt, path in out.items() for arg in ("-f", f"{fmt}={path}")]
    result = run_cli("scan", "--history", "--no-progress", "-f", "table", *args, cwd=repo.path)
    assert result.returncode == 1, result.stderr
    for text in [result.stdout, result.stderr, *(p.read_text() for p in out.values())]:
        assert gone not in text and present not in text
    assert f"@ {added[:10]}" in result.stdout

    data = json.loads(out["json"].read_text())
    finding = next(f for f in data["findings"] if f["location"]["path"] == "src/client.py")
    assert finding["commit"]["sha"] == added and finding["location"]["line"] == 3
    assert finding["properties"]["in_working_tree"] is False and finding["properties"]["occurrences"] == 1
    assert data["stats"]["commits_scanned"] == 3

    sarif = json.loads(out["sarif"].read_text())
    results = sarif["runs"][0]["results"]
    hit = next(r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/client.py")
    assert hit["properties"]["commit"]["sha"] == added
    assert hit["properties"]["in_working_tree"] is False
    assert hit["partialFingerprints"]["aisecFingerprint/v1"] == finding["fingerprint"]
    assert hit["locations"][0]["physicalLocation"]["region"]["startLine"] == 3

    gitlab = json.loads(out["gitlab"].read_text())
    vuln = next(v for v in gitlab["vulnerabilities"] if v["location"]["file"] == "src/client.py")
    assert vuln["location"]["commit"]["sha"] == added and vuln["location"]["start_line"] == 3
    assert added[:8] in out["markdown"].read_text()
    assert "src/client.py:3" in out["junit"].read_text()


def test_results_are_stable_between_runs(leaked: tuple[Repo, str, str, str]) -> None:
    repo = leaked[0]
    runs = [run_cli("scan", "--history", "--no-progress", "-f", "sarif", cwd=repo.path) for _ in range(2)]
    results = [json.loads(r.stdout)["runs"][0]["results"] for r in runs]
    assert results[0] == results[1]
    assert all(r["partialFingerprints"] for r in results[0])


def test_jsonl_streams_one_line_per_secret(leaked: tuple[Repo, str, str, str]) -> None:
    repo, added, _, _ = leaked
    result = run_cli("scan", "--history", "-f", "jsonl", cwd=repo.path)
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    assert lines[0]["commit"]["sha"] == added and lines[0]["location"] == {
        "path": "src/client.py", "line": 3, "column": 19, "end_line": 3, "end_column": lines[0]["location"]["end_column"],
    }
    assert all(line["fingerprint"] and line["commit"]["author"] == "Test Dev" for line in lines)


def test_no_progress_output_when_not_interactive(leaked: tuple[Repo, str, str, str]) -> None:
    repo = leaked[0]
    for env in ({}, {"CI": "true"}, {"PRE_COMMIT": "1"}):
        result = run_cli("scan", "--history", "-f", "json", cwd=repo.path, env=env)
        assert result.returncode == 1
        assert "scanning history" not in result.stderr and "\r" not in result.stderr


def test_streamed_lines_name_the_same_introduction_as_json(repo: Repo, keys: KeyFactory) -> None:
    key = keys.anthropic()
    intro = repo.commit("intro", ("a.py", f"ANTHROPIC_API_KEY = \"{key}\"\n"))
    repo.commit("copy", ("b.py", f"ANTHROPIC_API_KEY = \"{key}\"\n"))
    repo.commit("again", ("a.py", f"ANTHROPIC_API_KEY = \"{key}\"  # todo\n"))
    streamed = run_cli("scan", "--history", "-f", "jsonl", cwd=repo.path)
    lines = [json.loads(line) for line in streamed.stdout.splitlines()]
    whole = json.loads(run_cli("scan", "--history", "--no-progress", "-f", "json", cwd=repo.path).stdout)
    assert [line["commit"]["sha"] for line in lines] == [intro]
    assert [f["commit"]["sha"] for f in whole["findings"]] == [intro]
    assert whole["findings"][0]["properties"]["occurrences"] == 3
    assert whole["findings"][0]["fingerprint"] == lines[0]["fingerprint"]


def test_configured_history_log_opts(repo: Repo, keys: KeyFactory) -> None:
    repo.commit("docs", ("docs/a.md", f"token: {keys.huggingface()}\n"))
    src = repo.commit("src", ("src/a.py", f"GROQ_API_KEY = \"{keys.groq()}\"\n"))
    (repo.path / ".aisec.toml").write_text('[scan]\nhistory-log-opts = "--all -- src"\n')
    result = run_cli("scan", "--history", "--no-progress", "-f", "json", cwd=repo.path)
    data = json.loads(result.stdout)
    assert [(f["commit"]["sha"], f["location"]["path"]) for f in data["findings"]] == [(src, "src/a.py")]


def test_history_reports_validate_against_the_schemas(leaked: tuple[Repo, str, str, str], tmp_path: Path) -> None:
    import jsonschema

    repo = leaked[0]
    root = Path(__file__).resolve().parents[2]
    schemas = root / "tests" / "schemas"
    out = {fmt: tmp_path / f"r.{fmt}" for fmt in ("json", "sarif", "gitlab")}
    args = [arg for fmt, path in out.items() for arg in ("-f", f"{fmt}={path}")]
    assert run_cli("scan", "--history", "--no-progress", *args, cwd=repo.path).returncode == 1
    sarif = json.loads(out["sarif"].read_text())
    jsonschema.Draft4Validator(json.loads((schemas / "sarif-2.1.0-rtm.5.json").read_text())).validate(sarif)
    jsonschema.Draft202012Validator(json.loads((schemas / "github-sarif-subset.json").read_text())).validate(sarif)
    gitlab = json.loads(out["gitlab"].read_text())
    jsonschema.Draft202012Validator(json.loads((schemas / "gitlab-secret-detection-subset.json").read_text())).validate(gitlab)
    report_schema = root / "rules" / "schema" / "report.schema.json"
    if report_schema.exists():
        jsonschema.Draft202012Validator(json.loads(report_schema.read_text())).validate(json.loads(out["json"].read_text()))


def test_a_key_in_the_commit_message_is_masked_in_every_format(repo: Repo, keys: KeyFactory, tmp_path: Path) -> None:
    """Commit messages are quoted with history findings; one that holds a key ("rotate sk-…") is masked."""
    in_code, in_message = keys.openai_project(), keys.anthropic()
    added = repo.commit(f"rotate key, old one was {in_message}", ("src/client.py", f"OPENAI_API_KEY = \"{in_code}\"\n"))
    formats = ("json", "jsonl", "sarif", "gitlab", "junit", "markdown", "codequality", "github", "hook")
    out = {fmt: tmp_path / f"r.{fmt}" for fmt in formats}
    args = [arg for fmt, path in out.items() for arg in ("-f", f"{fmt}={path}")]
    result = run_cli("scan", "--history", "--no-progress", "-f", "table", *args, cwd=repo.path)
    assert result.returncode == 1, result.stderr
    for name, text in [("stdout", result.stdout), ("stderr", result.stderr), *((f, p.read_text()) for f, p in out.items())]:
        assert in_code not in text and in_message not in text, name
        assert in_message[-40:-10] not in text, name
    commit = json.loads(out["json"].read_text())["findings"][0]["commit"]
    assert commit["sha"] == added and commit["message"].startswith("rotate key, old one was sk-ant-api03-…")
