"""``--format codequality``: GitLab Code Quality JSON, checked against its documented shape."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.conftest import REPO_ROOT, git
from tests.keyfactory import KeyFactory

SCHEMA = json.loads((REPO_ROOT / "tests" / "schemas" / "gitlab-code-quality.json").read_text(encoding="utf-8"))


def test_codequality_report_from_a_subfolder(aisec, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    write(git_repo / "app" / "main.py", f'KEY = "{keys.openai_project()}"\nB = "{keys.anthropic()}"\n')
    git(git_repo, "add", ".")
    for command in (["scan"], ["lint"]):
        result = aisec(*command, ".", "-f", "codequality", cwd=git_repo / "app")
        assert result.code == 1, result.stderr
        issues = json.loads(result.stdout)
        jsonschema.validate(issues, SCHEMA)
        assert len(issues) == 2
        assert {i["location"]["path"] for i in issues} == {"app/main.py"}
        assert sorted(i["location"]["lines"]["begin"] for i in issues) == [1, 2]
        assert len({i["fingerprint"] for i in issues}) == 2
        assert {i["severity"] for i in issues} == {"blocker"}
    clean = aisec("scan", ".", "-f", "codequality", cwd=git_repo / "app", env={"AISEC_IGNORE": "KEY"})
    assert json.loads(clean.stdout) == []


def test_repository_wide_checklist_items_attach_to_a_file(aisec, git_repo: Path, keys: KeyFactory, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(git_repo / "README.md", "# demo\n")
    write(git_repo / "app" / "main.py", "from openai import OpenAI\nclient = OpenAI()\n")
    git(git_repo, "add", ".")
    sarif, gitlab = tmp_path / "c.sarif", tmp_path / "c.json"
    result = aisec("checklist", ".", "-f", f"sarif={sarif}", "-f", f"gitlab={gitlab}", "--no-progress", cwd=git_repo)
    assert result.code in (0, 1), result.stderr
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(sarif.read_text())["runs"][0]["results"]}
    files = {v["location"]["file"] for v in json.loads(gitlab.read_text())["vulnerabilities"]}
    assert uris and files
    for name in uris | files:
        assert name not in (".", "") and (git_repo / name).is_file(), name
