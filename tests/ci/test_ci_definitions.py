"""The Action, the reusable workflow and the GitLab template are valid against the vendored schemas and wired right."""

from __future__ import annotations

import copy
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.ci.support import (
    ACTION,
    EXPR,
    GITLAB_MULTI,
    ORG_WORKFLOW,
    load,
    parse,
    schema_errors,
)
from tests.conftest import REPO_ROOT

REF = re.compile(r"\b(inputs|matrix|secrets|steps|github|runner|strategy)\.([A-Za-z0-9_-]+)(?:\.outputs\.([A-Za-z0-9_-]+))?")
KNOWN = {
    "github": {"token", "repository", "workspace", "action_path", "sha", "ref", "event_name", "event"},
    "runner": {"os", "temp"},
    "strategy": {"job-index"},
}
DOCUMENTS = [
    (ACTION, "github-action"),
    (ORG_WORKFLOW, "github-workflow"),
    (REPO_ROOT / "docs" / "ci" / "github-workflow.yml", "github-workflow"),
    (GITLAB_MULTI, "gitlab-ci"),
    (REPO_ROOT / "docs" / "ci" / "gitlab-ci.yml", "gitlab-ci"),
]


@pytest.mark.parametrize(("path", "schema_name"), DOCUMENTS, ids=[p.name for p, _ in DOCUMENTS])
def test_valid_against_the_vendored_schema(path: Path, schema_name: str) -> None:
    document = load(path)
    if schema_name == "gitlab-ci":
        document = concrete(document)
    assert schema_errors(document, schema_name) == []


def concrete(pipeline: dict[str, Any]) -> dict[str, Any]:
    """Hidden jobs (`.name`) as real jobs too: the schema accepts anything under a hidden key."""
    out = dict(pipeline)
    for name, job in pipeline.items():
        if name.startswith(".") and isinstance(job, dict) and "script" in job:
            out[name[1:]] = job
    return out


def _mutations() -> list[tuple[str, Any, str]]:
    workflow = load(ORG_WORKFLOW)
    no_runner = copy.deepcopy(workflow)
    del no_runner["jobs"]["scan"]["runs-on"]
    bad_type = copy.deepcopy(workflow)
    bad_type["on"]["workflow_call"]["inputs"]["fail-on"]["type"] = "text"
    action = load(ACTION)
    bad_using = copy.deepcopy(action)
    bad_using["runs"]["using"] = "compose"
    step_typo = copy.deepcopy(action)
    step_typo["runs"]["steps"][-1]["with_"] = step_typo["runs"]["steps"][-1].pop("with")
    gitlab = load(GITLAB_MULTI)
    bad_matrix = copy.deepcopy(gitlab)
    bad_matrix[".aisec-multi"]["parallel"] = {"matrix": "ORGSCAN_PROJECT"}
    bad_when = copy.deepcopy(gitlab)
    bad_when[".aisec-multi"]["artifacts"]["when"] = "sometimes"
    bad_matrix, bad_when = concrete(bad_matrix), concrete(bad_when)
    return [("workflow without runs-on", no_runner, "github-workflow"),
            ("input of an unknown type", bad_type, "github-workflow"),
            ("unknown runs.using", bad_using, "github-action"),
            ("misspelled step key", step_typo, "github-action"),
            ("parallel:matrix not a list", bad_matrix, "gitlab-ci"),
            ("unknown artifacts:when", bad_when, "gitlab-ci")]


@pytest.mark.parametrize(("what", "document", "schema_name"), _mutations(), ids=[m[0] for m in _mutations()])
def test_the_schema_check_rejects_a_broken_copy(what: str, document: Any, schema_name: str) -> None:
    assert schema_errors(document, schema_name), f"{what} passed the {schema_name} schema"


def _expressions(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [e for k, v in node.items() for e in _expressions(k) + _expressions(v)]
    if isinstance(node, list):
        return [e for v in node for e in _expressions(v)]
    if isinstance(node, str):
        found = EXPR.findall(node)
        return found
    return []


def _written_outputs(step: dict[str, Any]) -> set[str]:
    return set(re.findall(r'echo "([a-z][a-z0-9-]*)=', step.get("run", "")))


def _check_steps(steps: list[dict[str, Any]], inputs: set[str], secrets: set[str], matrix: set[str]) -> None:
    """Every expression names a declared input/secret/matrix key, or an output an earlier step writes."""
    seen: dict[str, set[str]] = {}
    for step in steps:
        assert "${{" not in step.get("run", ""), f"{step.get('name', step.get('id'))}: expression spliced into shell code"
        if "run" in step:
            assert step["shell"] == "bash"
        # `if:` is an expression even without ${{ }}
        exprs = _expressions({k: v for k, v in step.items() if k != "if"}) + [str(step.get("if", ""))]
        for expr in exprs:
            for context, name, output in REF.findall(expr):
                where = f"{step.get('name', step.get('id', step.get('uses')))}: {context}.{name}"
                if context == "inputs":
                    assert name in inputs, where
                elif context == "secrets":
                    assert name in secrets, where
                elif context == "matrix":
                    assert name in matrix, where
                elif context == "steps":
                    assert name in seen, f"{where} is not an earlier step"
                    assert output in seen[name], f"{where}.outputs.{output} is never written"
                else:
                    assert name in KNOWN[context], where
        if "id" in step:
            seen[step["id"]] = _written_outputs(step)


def test_action_expressions_reference_what_exists() -> None:
    action = load(ACTION)
    steps = action["runs"]["steps"]
    _check_steps(steps, set(action["inputs"]), set(), set())
    run_outputs = _written_outputs(next(s for s in steps if s.get("id") == "run"))
    for name, spec in action["outputs"].items():
        (expr,) = EXPR.findall(spec["value"])
        assert expr == f"steps.run.outputs.{name}" and name in run_outputs, name


def test_action_uploads_sarif_only_when_asked_and_even_after_findings() -> None:
    action = load(ACTION)
    steps = action["runs"]["steps"]
    (upload,) = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    assert steps.index(upload) > steps.index(next(s for s in steps if s.get("id") == "run"))
    condition = upload["if"]
    assert "always()" in condition and "inputs.upload-sarif == 'true'" in condition
    assert "steps.run.outputs.sarif-file != ''" in condition
    assert upload["with"] == {
        "sarif_file": "${{ steps.run.outputs.sarif-file }}",
        "category": "${{ steps.run.outputs.category }}",
        "checkout_path": "${{ steps.run.outputs.checkout-path }}",
    }
    assert action["inputs"]["upload-sarif"]["default"] == "false"
    (cache,) = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache@")]
    assert steps.index(cache) < steps.index(next(s for s in steps if s.get("id") == "install"))
    assert cache["with"]["key"] == "${{ steps.cache-key.outputs.key }}"


def test_org_workflow_is_reusable_and_wired() -> None:
    workflow = load(ORG_WORKFLOW)
    call = workflow["on"]["workflow_call"]
    assert set(workflow["on"]) == {"workflow_call"}
    assert {"repositories", "version", "fail-on", "upload-sarif"} <= set(call["inputs"])
    assert call["inputs"]["repositories"]["required"] is True
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "security-events": "write"}
    assert workflow["permissions"] == {"contents": "read"}
    assert job["strategy"]["matrix"] == {"repository": "${{ fromJSON(inputs.repositories) }}"}
    assert job["strategy"]["fail-fast"] is False
    _check_steps(job["steps"], set(call["inputs"]), set(call["secrets"]), {"repository"})

    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["repository"] == "${{ matrix.repository }}"
    assert checkout["with"]["persist-credentials"] is False
    scan = next(s for s in job["steps"] if s.get("id") == "aisec")
    assert scan["working-directory"] == checkout["with"]["path"]
    (cache,) = [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/cache@")]
    install = next(s for s in job["steps"] if "pip install" in s.get("run", ""))
    assert job["steps"].index(cache) < job["steps"].index(install) < job["steps"].index(scan)
    assert "${{ inputs.version }}" in cache["with"]["key"] and "${{ inputs.python-version }}" in cache["with"]["key"]
    assert cache["with"]["path"] == "~/.cache/pip"

    uploads = [s for s in job["steps"] if "steps.aisec.outputs.sarif-file != ''" in str(s.get("if", ""))
               and ("upload-sarif" in str(s.get("uses", "")) or "code-scanning/sarifs" in s.get("run", ""))]
    assert len(uploads) == 2, "one upload for the calling repository, one for the others"
    conditions = sorted(u["if"] for u in uploads)
    assert [("matrix.repository == github.repository" in c, "matrix.repository != github.repository" in c)
            for c in conditions] in ([(False, True), (True, False)], [(True, False), (False, True)])
    for upload in uploads:
        assert "always()" in upload["if"] and "inputs.upload-sarif" in upload["if"]
    action_upload = next(u for u in uploads if "uses" in u)
    assert action_upload["with"]["category"] == "${{ steps.aisec.outputs.category }}"
    assert action_upload["with"]["checkout_path"].endswith("/" + checkout["with"]["path"])


def test_gitlab_template_runs_one_job_per_project() -> None:
    pipeline = load(GITLAB_MULTI)
    job = pipeline[".aisec-multi"]
    assert job["variables"]["GIT_STRATEGY"] == "none"
    assert job["artifacts"]["when"] == "always" and job["artifacts"]["paths"] == ["aisec-*.sarif"]
    assert "$ORGSCAN_VERSION" in job["cache"]["key"]
    assert job["variables"]["PIP_CACHE_DIR"].startswith("$CI_PROJECT_DIR/") and job["cache"]["paths"] == [".cache/pip"]
    header = GITLAB_MULTI.read_text(encoding="utf-8").split("\nstages:", 1)[0]
    example = load_comment_yaml(header)
    assert example["include"][0]["remote"].endswith("/" + GITLAB_MULTI.relative_to(REPO_ROOT).as_posix())
    user_job = example["aisec-projects"]
    assert user_job["extends"] == ".aisec-multi"
    assert list(user_job["parallel"]["matrix"][0]) == ["ORGSCAN_PROJECT"]
    merged = {**pipeline, "aisec-projects": {**job, **user_job}}  # what `extends` gives
    assert schema_errors(merged, "gitlab-ci") == []
    assert "$CI_JOB_TOKEN" not in " ".join(job["script"]), "the token belongs to the clone, not the scan"
    for line in job["before_script"]:
        assert not re.search(r"https?://[^ ]*\$\{?(ORGSCAN_TOKEN|ORGSCAN_SECRET|CI_JOB_TOKEN)", line), "token in a URL"


def load_comment_yaml(header: str) -> dict[str, Any]:
    """The usage example in the template's leading comment, as YAML."""
    block = header.split("security project:\n", 1)[1].split("\n# Set ORGSCAN_TOKEN", 1)[0]
    text = textwrap.dedent("\n".join(line[1:] for line in block.splitlines()))
    data = parse(text)
    assert isinstance(data, dict)
    return data


def _doc_blocks() -> list[dict[str, Any]]:
    text = (REPO_ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = [parse(b.split("```", 1)[0]) for b in text.split("```yaml\n")[1:]]
    assert all(isinstance(b, (dict, list)) for b in blocks)
    return blocks


def _doc_steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for block in _doc_blocks():
        if isinstance(block, list):
            steps += block
        elif isinstance(block, dict):
            steps += [s for job in block.get("jobs", {}).values() for s in job.get("steps", [])]
    return steps


def test_docs_examples_use_real_inputs_and_validate() -> None:
    action_inputs = set(load(ACTION)["inputs"])
    uses_action = [s for s in _doc_steps() if str(s.get("uses", "")).startswith("aisec-dev/aisec@")]
    assert len(uses_action) >= 4
    for step in uses_action:
        assert set(step.get("with", {})) <= action_inputs, set(step.get("with", {})) - action_inputs
    call = load(ORG_WORKFLOW)["on"]["workflow_call"]
    required = {name for name, spec in call["inputs"].items() if spec.get("required")}
    callers = [job for b in _doc_blocks() if isinstance(b, dict) for job in b.get("jobs", {}).values()
               if str(job.get("uses", "")).startswith("aisec-dev/aisec/.github/workflows/aisec-org-scan.yml@")]
    assert len(callers) == 1
    (caller,) = callers
    assert required <= set(caller["with"]) <= set(call["inputs"])
    assert set(caller["secrets"]) <= set(call["secrets"])
    assert caller["permissions"] == {"contents": "read", "security-events": "write"}
    for block in _doc_blocks():
        if isinstance(block, dict) and "on" in block:
            assert schema_errors(block, "github-workflow") == []
    (gitlab,) = [b for b in _doc_blocks() if isinstance(b, dict) and "include" in b]
    user_job = gitlab["aisec-projects"]
    template = load(GITLAB_MULTI)
    job = {**template[".aisec-multi"], **user_job, "variables": {**template[".aisec-multi"]["variables"], **user_job["variables"]}}
    assert set(user_job["variables"]) <= set(template[".aisec-multi"]["variables"])
    assert schema_errors({**template, "aisec-projects": job}, "gitlab-ci") == []
    assert gitlab["include"][0]["remote"].endswith("/" + GITLAB_MULTI.relative_to(REPO_ROOT).as_posix())


def test_workflow_usage_comment_matches_its_inputs() -> None:
    header = ORG_WORKFLOW.read_text(encoding="utf-8").split("\nname:", 1)[0]
    block = header.split("security repository:\n", 1)[1].split("\n#\n# Each job", 1)[0]
    usage = parse(textwrap.dedent("\n".join(line[1:] for line in block.splitlines())))
    call = load(ORG_WORKFLOW)["on"]["workflow_call"]
    (job,) = usage["jobs"].values()
    assert job["uses"].split("@")[0] == "aisec-dev/aisec/" + ORG_WORKFLOW.relative_to(REPO_ROOT).as_posix()
    assert {n for n, s in call["inputs"].items() if s.get("required")} <= set(job["with"]) <= set(call["inputs"])
    assert set(job["secrets"]) <= set(call["secrets"])


def test_codeql_action_is_a_supported_major() -> None:
    # CodeQL Action v3 is deprecated in December 2026 (GitHub changelog, 2025-10-28); v4 replaces it.
    files = [ACTION, ORG_WORKFLOW, REPO_ROOT / "docs" / "ci.md", REPO_ROOT / "docs" / "ci" / "github-workflow.yml"]
    majors = [int(m) for f in files for m in re.findall(r"github/codeql-action/[a-z-]+@v(\d+)", f.read_text(encoding="utf-8"))]
    assert len(majors) >= 4 and min(majors) >= 4, majors


def test_every_shell_script_parses() -> None:
    import subprocess

    scripts = [s["run"] for s in load(ACTION)["runs"]["steps"] if "run" in s]
    scripts += [s["run"] for job in load(ORG_WORKFLOW)["jobs"].values() for s in job["steps"] if "run" in s]
    gitlab = load(GITLAB_MULTI)[".aisec-multi"]
    scripts += list(gitlab["before_script"]) + list(gitlab["script"])
    assert len(scripts) >= 9
    for script in scripts:
        done = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True, check=False)
        assert done.returncode == 0, done.stderr + script
