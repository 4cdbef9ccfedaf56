"""The per-repository command of the reusable workflow and of the GitLab template, run for real on a fixture repository."""

from __future__ import annotations

import base64
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.ci.support import (
    GITLAB_MULTI,
    ORG_WORKFLOW,
    SCHEMAS,
    load,
    run_github_step,
)
from tests.conftest import git
from tests.keyfactory import KeyFactory

REPOSITORY = "acme/api"


def _valid_sarif(path: Path) -> dict[str, Any]:
    sarif = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(json.loads((SCHEMAS / "sarif-2.1.0-rtm.5.json").read_text())).validate(sarif)
    jsonschema.Draft202012Validator(json.loads((SCHEMAS / "github-sarif-subset.json").read_text())).validate(sarif)
    assert isinstance(sarif, dict)
    return sarif


def _hits(sarif: dict[str, Any]) -> list[tuple[str, str, int]]:
    return sorted(
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
         r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in sarif["runs"][0]["results"]
    )


@pytest.fixture
def bindir(tmp_path: Path) -> Path:
    """`aisec` on PATH, as the install step (or pip in the GitLab image) leaves it."""
    path = tmp_path / "bin"
    path.mkdir()
    (path / "aisec").write_text(f"#!/bin/sh\nexec {sys.executable} -m aisec_cli \"$@\"\n")
    (path / "aisec").chmod(0o755)
    return path


@pytest.fixture
def leaky(git_repo: Path) -> tuple[Path, str]:
    """A repository with a Google API key (severity high) committed in src/app.py, line 3."""
    key = KeyFactory(seed=1507).google()
    (git_repo / "src").mkdir()
    (git_repo / "src" / "app.py").write_text(f"import os\n\nGOOGLE_API_KEY = \"{key}\"\n")
    (git_repo / "README.md").write_text("# api\n")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "app")
    return git_repo, key


# ----- GitHub: the reusable workflow's matrix job ------------------------------------------------


def _job() -> dict[str, Any]:
    (job,) = load(ORG_WORKFLOW)["jobs"].values()
    assert isinstance(job, dict)
    return job


def _contexts(tmp: Path, **inputs: str) -> dict[str, str]:
    declared = load(ORG_WORKFLOW)["on"]["workflow_call"]["inputs"]
    values = {name: str(spec.get("default", "")).lower() if isinstance(spec.get("default"), bool) else str(spec.get("default", ""))
              for name, spec in declared.items()}
    values.update(repositories=json.dumps([REPOSITORY]), version="0.1.0")
    values.update(inputs)
    runner_temp = tmp / "runner_temp"
    runner_temp.mkdir(exist_ok=True)
    contexts = {f"inputs.{k}": v for k, v in values.items()}
    contexts.update({"matrix.repository": REPOSITORY, "runner.temp": str(runner_temp)})
    return contexts


def _github_workspace(tmp: Path, repo: Path) -> Path:
    """GITHUB_WORKSPACE with the repository where actions/checkout (`path:`) puts it."""
    workspace = tmp / "workspace"
    workspace.mkdir()
    checkout = next(s for s in _job()["steps"] if str(s.get("uses", "")).startswith("actions/checkout@"))
    subprocess.run(["git", "clone", "-q", str(repo), str(workspace / checkout["with"]["path"])], check=True)
    return workspace


def _scan_step() -> dict[str, Any]:
    return next(s for s in _job()["steps"] if s.get("id") == "aisec")


def test_github_matrix_job_writes_valid_sarif_and_fails_on_high(
    tmp_path: Path, leaky: tuple[Path, str], bindir: Path
) -> None:
    repo, key = leaky
    workspace = _github_workspace(tmp_path, repo)
    contexts = _contexts(tmp_path)  # fail-on: high, the default
    result = run_github_step(_scan_step(), contexts, workspace, tmp_path, bindir)

    assert result.code == 1, result.stdout + result.stderr
    sarif_path = Path(contexts["runner.temp"]) / "aisec.sarif"
    assert result.outputs == {"sarif-file": str(sarif_path), "category": f"aisec/{REPOSITORY}", "exit-code": "1"}
    sarif = _valid_sarif(sarif_path)
    # upload-sarif keeps a category the report already has: the report must carry the repository's
    assert sarif["runs"][0]["automationDetails"] == {"id": f"aisec/{REPOSITORY}/"}
    ((rule, uri, line),) = _hits(sarif)
    assert (uri, line) == ("src/app.py", 3)
    assert (workspace / "scanned" / uri).is_file(), "code scanning resolves the path in the checked-out repository"
    assert f"::error title=aisec::{REPOSITORY} has findings at or above 'high'" in result.stdout
    assert "::error file=src/app.py,line=3" in result.stdout
    assert result.summary.startswith(f"# {REPOSITORY}\n") and rule in result.summary
    for text in (result.stdout, result.stderr, result.summary, sarif_path.read_text()):
        assert key not in text


def test_github_matrix_job_exit_code_follows_fail_on(tmp_path: Path, leaky: tuple[Path, str], bindir: Path) -> None:
    repo, _ = leaky
    workspace = _github_workspace(tmp_path, repo)
    contexts = _contexts(tmp_path, **{"fail-on": "critical"})
    result = run_github_step(_scan_step(), contexts, workspace, tmp_path, bindir)
    assert result.code == 0, result.stdout + result.stderr
    assert result.outputs["exit-code"] == "0"
    assert len(_hits(_valid_sarif(Path(result.outputs["sarif-file"])))) == 1, "reported, below the bar"

    (repo / "src" / "app.py").write_text("import os\n\nGOOGLE_API_KEY = os.environ['GOOGLE_API_KEY']\n")
    git(repo, "commit", "-qam", "from the environment")
    clean_ws = tmp_path / "clean"
    clean_ws.mkdir()
    clean = run_github_step(_scan_step(), _contexts(clean_ws), _github_workspace(clean_ws, repo), clean_ws, bindir)
    assert clean.code == 0, clean.stdout + clean.stderr
    assert _hits(_valid_sarif(Path(clean.outputs["sarif-file"]))) == []


def test_github_matrix_job_treats_inputs_as_data(tmp_path: Path, leaky: tuple[Path, str], bindir: Path) -> None:
    repo, _ = leaky
    workspace = _github_workspace(tmp_path, repo)
    hostile = _contexts(tmp_path, path="src $(touch pwned1)", args="--exclude ;touch${IFS}pwned2", command="scan")
    result = run_github_step(_scan_step(), hostile, workspace, tmp_path, bindir)
    assert not list(workspace.rglob("pwned*"))
    assert result.code == 2 and result.outputs["exit-code"] == "2"
    assert "aisec failed on acme/api (exit 2)" in result.stdout
    bad = run_github_step(_scan_step(), _contexts(tmp_path, command="redact; id"), workspace, tmp_path, bindir)
    assert bad.code == 2 and "unknown command input" in bad.stdout


def _fake_gh(tmp: Path, status: int) -> Path:
    """A `gh` that records its arguments and the payload, answering like the API (or refusing)."""
    bindir = tmp / "gh-bin"
    bindir.mkdir(exist_ok=True)
    record = tmp / "gh-call.json"
    script = f"""#!{sys.executable}
import json, shutil, sys
args = sys.argv[1:]
payload = json.load(open(args[args.index("--input") + 1]))
json.dump({{"args": args, "payload": payload}}, open({str(record)!r}, "w"))
if {status}:
    print("gh: Resource not accessible by integration (HTTP 403)", file=sys.stderr)
    sys.exit(1)
print("uploaded: 42")
"""
    (bindir / "gh").write_text(script)
    (bindir / "gh").chmod(0o755)
    return bindir


def test_github_upload_to_the_scanned_repository_sends_its_commit_and_category(
    tmp_path: Path, leaky: tuple[Path, str], bindir: Path
) -> None:
    repo, _ = leaky
    workspace = _github_workspace(tmp_path, repo)
    contexts = _contexts(tmp_path)
    scanned = run_github_step(_scan_step(), contexts, workspace, tmp_path, bindir)
    assert scanned.code == 1
    upload = next(s for s in _job()["steps"] if "code-scanning/sarifs" in s.get("run", ""))
    contexts.update({f"steps.aisec.outputs.{k}": v for k, v in scanned.outputs.items()})
    contexts["secrets.token || github.token"] = "dummy-token-value"
    result = run_github_step(upload, contexts, workspace, tmp_path, _fake_gh(tmp_path, 0))
    assert result.code == 0, result.stdout + result.stderr
    call = json.loads((tmp_path / "gh-call.json").read_text())
    assert call["args"][:4] == ["api", "--method", "POST", f"repos/{REPOSITORY}/code-scanning/sarifs"]
    payload = call["payload"]
    assert payload["commit_sha"] == git(repo, "rev-parse", "HEAD").strip()
    assert payload["ref"] == "refs/heads/main" and payload["tool_name"] == "aisec"
    sent = json.loads(gzip.decompress(base64.b64decode(payload["sarif"])))
    assert sent == json.loads(Path(scanned.outputs["sarif-file"]).read_text())
    assert sent["runs"][0]["automationDetails"] == {"id": f"aisec/{REPOSITORY}/"}, "one category per repository"

    refused = run_github_step(upload, contexts, workspace, tmp_path, _fake_gh(tmp_path, 1))
    assert refused.code == 1
    assert f"could not upload to {REPOSITORY}'s code scanning" in refused.stdout


# ----- GitLab: the template's parallel:matrix job ------------------------------------------------


def _gitlab_env(project_dir: Path, bindir: Path, **variables: str) -> dict[str, str]:
    """The job's environment: the template's variables (GitLab expands $CI_PROJECT_DIR), the matrix value."""
    job = load(GITLAB_MULTI)[".aisec-multi"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AISEC_", "ORGSCAN_", "CI_"))}
    env.update(CI_PROJECT_DIR=str(project_dir), ORGSCAN_PROJECT=REPOSITORY, PATH=f"{bindir}{os.pathsep}{env['PATH']}")
    for name, value in job["variables"].items():
        env[name] = str(value).replace("$CI_PROJECT_DIR", str(project_dir))
    env.update(variables)
    return env


def _gitlab_run(entries: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """GitLab's bash shell: entries in order, stopping at the first that fails."""
    done = subprocess.CompletedProcess[str]([], 0, "", "")
    for entry in entries:
        done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", entry], cwd=cwd, capture_output=True, text=True, env=env, timeout=600, check=False)
        if done.returncode:
            break
    return done


def test_gitlab_job_clones_the_project_and_exit_code_follows_fail_on(
    tmp_path: Path, leaky: tuple[Path, str], bindir: Path
) -> None:
    repo, key = leaky
    server = tmp_path / "server"  # CI_SERVER_URL/<group>/<project>.git
    (server / "acme").mkdir(parents=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(repo), str(server / "acme" / "api.git")], check=True)
    project_dir = tmp_path / "project"
    project_dir.mkdir()
    job = load(GITLAB_MULTI)[".aisec-multi"]
    env = _gitlab_env(project_dir, bindir, CI_SERVER_URL=server.as_uri(), CI_JOB_TOKEN="job-token-value")
    clone = [e for e in job["before_script"] if "clone" in e]  # the other entry installs aisec from PyPI
    cloned = _gitlab_run(clone, project_dir, env)
    assert cloned.returncode == 0, cloned.stderr
    assert git(project_dir / "scanned", "rev-parse", "HEAD") == git(repo, "rev-parse", "HEAD")
    assert "job-token-value" not in (project_dir / "scanned" / ".git" / "config").read_text()

    failing = _gitlab_run(job["script"], project_dir, env)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert f"{REPOSITORY} has findings at or above 'high'" in failing.stderr
    sarif_path = project_dir / "aisec-acme-api.sarif"
    gitlab_hits = _hits(_valid_sarif(sarif_path))
    assert [(uri, line) for _, uri, line in gitlab_hits] == [("src/app.py", 3)]
    assert key not in failing.stdout + failing.stderr + sarif_path.read_text()

    sarif_path.unlink()
    passing = _gitlab_run(job["script"], project_dir, {**env, "ORGSCAN_FAIL_ON": "critical"})
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert _hits(_valid_sarif(sarif_path)) == gitlab_hits

    # the same per-repository command as the GitHub workflow: the same findings
    workspace = _github_workspace(tmp_path, repo)
    github = run_github_step(_scan_step(), _contexts(tmp_path), workspace, tmp_path, bindir)
    assert _hits(_valid_sarif(Path(github.outputs["sarif-file"]))) == gitlab_hits


def test_gitlab_job_fails_when_the_project_cannot_be_cloned(tmp_path: Path, bindir: Path) -> None:
    project_dir = tmp_path / "project"
    project_dir.mkdir()
    job = load(GITLAB_MULTI)[".aisec-multi"]
    env = _gitlab_env(project_dir, bindir, CI_SERVER_URL=(tmp_path / "nowhere").as_uri(), CI_JOB_TOKEN="t")
    done = _gitlab_run([e for e in job["before_script"] if "clone" in e], project_dir, env)
    assert done.returncode != 0
    scanned = _gitlab_run(job["script"], project_dir, env)  # GitLab would not get here; the script still refuses
    assert scanned.returncode == 2 and not list(project_dir.glob("*.sarif"))
