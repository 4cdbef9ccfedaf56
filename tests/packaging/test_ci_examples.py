"""The documented CI examples use the action's real inputs and aisec's real options, and they work."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import REPO_ROOT, git
from tests.hooks.support import missing
from tests.keyfactory import KeyFactory

DOCS = REPO_ROOT / "docs" / "ci"
GITHUB = DOCS / "github-workflow.yml"
GITLAB = DOCS / "gitlab-ci.yml"
ACTION_INPUTS = set(yaml.safe_load((REPO_ROOT / "action.yml").read_text())["inputs"])


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _aisec_steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if str(s.get("uses", "")).startswith("aisec-dev/aisec@")]


def _check_options(command: str, words: list[str]) -> None:
    """Every --option in ``words`` must be one ``aisec COMMAND`` has (once the command exists)."""
    flags = [w.split("=", 1)[0] for w in words if w.startswith("--")]
    reason = missing(command, *flags)
    if reason and command in reason and "not registered" in reason:
        return  # that subcommand lands with its own issue
    assert reason is None, reason


def test_github_example_uses_only_real_inputs_and_options() -> None:
    workflow = _load(GITHUB)
    assert workflow["permissions"] == {"contents": "read"}
    seen = 0
    for job in workflow["jobs"].values():
        for step in _aisec_steps(job):
            seen += 1
            inputs = step.get("with", {})
            assert set(inputs) <= ACTION_INPUTS, set(inputs) - ACTION_INPUTS
            args = shlex.split(inputs.get("args", "").replace("${{", "X").replace("}}", "X"))
            _check_options(inputs.get("command", "scan"), args)
    assert seen >= 3


def test_github_example_has_history_permissions_and_sarif_upload() -> None:
    for name, job in _load(GITHUB)["jobs"].items():
        steps = job["steps"]
        checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@"))
        needs_history = any(
            any(flag in s.get("with", {}).get("args", "") for flag in ("--range", "--history", "--since"))
            for s in _aisec_steps(job)
        )
        if needs_history:
            assert checkout.get("with", {}).get("fetch-depth") == 0, f"{name}: history scans need fetch-depth: 0"
        uploads = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
        assert uploads, f"{name}: no SARIF upload"
        assert job["permissions"]["security-events"] == "write"
        ids = {s.get("id") for s in _aisec_steps(job)}
        for upload in uploads:
            assert "always()" in upload["if"]
            referenced = upload["with"]["sarif_file"]
            assert any(f"steps.{i}.outputs.sarif-file" in referenced for i in ids if i)


def test_gitlab_example_declares_report_artifacts() -> None:
    pipeline = _load(GITLAB)
    reports = {kind: job["artifacts"]["reports"][kind] for job in pipeline.values()
               if isinstance(job, dict) and "artifacts" in job for kind in job["artifacts"]["reports"]}
    assert set(reports) == {"secret_detection", "sast"}
    for job_name, job in pipeline.items():
        if not isinstance(job, dict) or "script" not in job:
            continue
        for line in "\n".join(job["script"]).splitlines():
            words = shlex.split(line.strip()) if line.strip().startswith("aisec ") else []
            if not words:
                continue
            _check_options(words[1], words[2:])
            written = [w.split("=", 1)[1] for w in words if w.startswith("gitlab=")]
            for target in written:
                assert target in job["artifacts"]["reports"].values(), f"{job_name}: {target} is not a report artifact"


def test_gitlab_secrets_job_script_runs_and_blocks_a_key_in_merge_request_commits(tmp_path: Path) -> None:
    for flag in ("--range",):
        if missing("scan", flag):
            pytest.skip(str(missing("scan", flag)))
    repo = tmp_path / "project"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "ci@example.com")
    git(repo, "config", "user.name", "CI")
    (repo / "app.py").write_text("print('hi')\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "deploy.sh").write_text(f"export OPENAI_API_KEY={KeyFactory(seed=41).openai_project()}\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "deploy")
    (repo / "deploy.sh").write_text("export OPENAI_API_KEY=\"$(cat /run/secrets/openai)\"\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "read it from a secret")
    head = git(repo, "rev-parse", "HEAD").strip()

    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "aisec").write_text(f"#!/bin/sh\nexec {sys.executable} -m aisec_cli \"$@\"\n")
    (bindir / "aisec").chmod(0o755)
    job = _load(GITLAB)["aisec-secrets"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    env.update({k: str(v) for k, v in {**_load(GITLAB)[".aisec"]["variables"], **job["variables"]}.items()})
    env.update(PATH=f"{bindir}{os.pathsep}{env['PATH']}", CI_MERGE_REQUEST_DIFF_BASE_SHA=base, CI_COMMIT_SHA=head)
    codes = []
    for entry in job["script"]:  # GitLab runs each entry in one shell and stops at the first failure
        done = subprocess.run(["bash", "-e", "-c", entry], cwd=repo, capture_output=True, text=True, env=env)
        codes.append(done.returncode)
        if done.returncode:
            assert "deploy.sh:1:" in done.stdout, done.stdout + done.stderr
            break
    assert codes == [0, 1], "the working tree is clean now, the merge-request commits are not"
    report = json.loads((repo / "gl-secret-detection-report.json").read_text())
    schema = json.loads((REPO_ROOT / "tests" / "schemas" / "gitlab-secret-detection-subset.json").read_text())
    jsonschema.validate(report, schema)
    assert report["vulnerabilities"] == []


def _readme_blocks(lang: str) -> list[str]:
    text = (REPO_ROOT / "docs" / "hooks-and-ci.md").read_text(encoding="utf-8")
    start, end = text.index("<!-- hooks:start -->"), text.index("<!-- hooks:end -->")
    section = text[start:end]
    return [block.split("```", 1)[0] for block in section.split(f"```{lang}\n")[1:]]


def test_readme_snippets_match_the_manifest_and_the_action() -> None:
    manifest_ids = {h["id"] for h in yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())}
    yaml_blocks = [yaml.safe_load(b) for b in _readme_blocks("yaml")]
    pre_commit = [b for b in yaml_blocks if isinstance(b, dict) and "repos" in b]
    assert {h["id"] for b in pre_commit for h in b["repos"][0]["hooks"]} == manifest_ids  # every hook shown
    github = next(b for b in yaml_blocks if isinstance(b, dict) and "steps" in b)
    (aisec_step,) = [s for s in github["steps"] if str(s.get("uses", "")).startswith("aisec-dev/aisec@")]
    assert set(aisec_step["with"]) <= ACTION_INPUTS
    assert next(s for s in github["steps"] if "checkout" in s["uses"])["with"]["fetch-depth"] == 0
    gitlab = next(b for b in yaml_blocks if isinstance(b, dict) and "aisec-secrets" in b)
    assert gitlab["aisec-secrets"]["artifacts"]["reports"]["secret_detection"] in " ".join(gitlab["aisec-secrets"]["script"])
    commands = [shlex.split(line.split("#", 1)[0]) for b in _readme_blocks("sh") for line in b.splitlines()]
    hooks_lines = [words for words in commands if words[:2] == ["aisec", "hooks"]]
    assert len(hooks_lines) >= 2
    for words in hooks_lines:  # click rejects unknown options before it prints help
        done = subprocess.run([sys.executable, "-m", "aisec_cli", *words[1:], "--help"], capture_output=True, text=True)
        assert done.returncode == 0, f"README: {' '.join(words)}: {done.stderr}"
