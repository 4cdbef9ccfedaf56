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
