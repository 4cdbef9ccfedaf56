"""``.pre-commit-hooks.yaml``: valid for pre-commit, and every entry is a command aisec accepts."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import CliResult
from tests.hooks.support import MANIFEST, missing
from tests.keyfactory import KeyFactory

HOOK_IDS = ("aisec-secrets", "aisec-secrets-push", "aisec-secrets-commit-msg", "aisec-lint", "aisec-prompts", "aisec-pii", "aisec-all", "aisec-checklist")


def _hooks() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return {hook["id"]: hook for hook in data}


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_pre_commit_validate_manifest_passes() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_every_hook_of_the_issue_is_declared() -> None:
    assert tuple(_hooks()) == HOOK_IDS


@pytest.mark.parametrize("hook_id", HOOK_IDS)
def test_hook_fields(hook_id: str) -> None:
    hook = _hooks()[hook_id]
    entry = shlex.split(hook["entry"])
    assert entry[0] == "aisec" and hook["language"] == "python"
    assert "--format" in entry and entry[entry.index("--format") + 1] == "hook", "short output is not optional"
    # stage names pre-commit/pre-push need pre-commit 3.2.0
    assert _version(hook["minimum_pre_commit_version"]) >= (3, 2, 0)
    if hook_id in ("aisec-secrets-push", "aisec-checklist"):
        assert hook["pass_filenames"] is False and hook["always_run"] is True
    elif hook_id == "aisec-secrets-commit-msg":  # pre-commit passes the one message file
        assert hook["stages"] == ["commit-msg"] and "--commit-msg" in entry
        assert hook.get("pass_filenames", True) is True and "types" not in hook and "files" not in hook
    else:
        assert hook.get("pass_filenames", True) is True
        assert hook.get("types") or hook.get("types_or")
    if hook_id == "aisec-secrets-push":
        assert hook["stages"][0] == "pre-push" and "--pre-push" in entry
    if hook_id == "aisec-pii":
        assert entry[1:3] == ["redact", "--check"]


@pytest.mark.parametrize(
    ("hook_id", "selected", "not_selected"),
    [
        ("aisec-prompts", ["prompts/system.txt", "app/agents/support.prompt", "templates/chat.jinja2",
                           "config/system_prompt.yaml", "prompt/triage.md"], ["src/main.py", "README.md"]),
        ("aisec-pii", ["tests/fixtures/users.json", "data/customers.csv", "evals/cases.jsonl",
                       "prompts/few_shot.txt"], ["src/main.py", "README.md", "pyproject.toml"]),
    ],
)
def test_files_patterns_select_what_they_promise(hook_id: str, selected: list[str], not_selected: list[str]) -> None:
    pattern = re.compile(_hooks()[hook_id]["files"])
    assert all(pattern.search(p) for p in selected), [p for p in selected if not pattern.search(p)]
    assert not any(pattern.search(p) for p in not_selected)


@pytest.mark.parametrize("hook_id", HOOK_IDS)
def test_entry_is_accepted_by_the_cli(hook_id: str, aisec: Callable[..., CliResult]) -> None:
    entry = shlex.split(_hooks()[hook_id]["entry"])
    if entry[1:3] == ["hooks", "run"]:  # parsed before Typer: its own help lists its options
        result = aisec(*entry[1:], "--help")
        assert result.code == 0, result.stderr
        assert all(flag in result.stdout for flag in entry[3:] if flag.startswith("--"))
        return
    flags = [a for a in entry[2:] if a.startswith("--")]
    reason = missing(entry[1], *flags)
    if reason:
        pytest.skip(reason)
    result = aisec(*entry[1:], "--help")
    assert result.code == 0, result.stderr


def test_config_excludes_apply_to_passed_file_names(
    tmp_path: Path, keys: KeyFactory, aisec: Callable[..., CliResult], write: Callable[[Path, str], Path]
) -> None:
    # the checkout lives under a folder named like an excluded path: that must not switch the hook off
    repo = tmp_path / "vendor" / "project"
    write(repo / "pyproject.toml", '[tool.aisec]\nexclude = ["vendor/", "*.fixture.py"]\n')
    write(repo / "vendor" / "lib.py", f'KEY = "{keys.openai_project()}"\n')
    write(repo / "tests" / "keys.fixture.py", f'KEY = "{keys.openai_project()}"\n')
    write(repo / "src" / "app.py", f'OPENAI_API_KEY = "{keys.openai_project()}"\n')
    entry = shlex.split(_hooks()["aisec-secrets"]["entry"])
    result = aisec(*entry[1:], "vendor/lib.py", "tests/keys.fixture.py", "src/app.py", cwd=repo)
    assert result.code == 1, result.stderr
    assert result.stdout.startswith("src/app.py:1:")
    assert "vendor/lib.py" not in result.stdout and "keys.fixture.py" not in result.stdout
    only_excluded = aisec(*entry[1:], "vendor/lib.py", "tests/keys.fixture.py", cwd=repo)
    assert only_excluded.code == 0 and only_excluded.stdout == ""
