"""Helpers for the CI-definition tests: YAML as GitHub and GitLab read it, schemas, step runners."""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from tests.conftest import REPO_ROOT

SCHEMAS = REPO_ROOT / "tests" / "schemas"
ACTION = REPO_ROOT / "action.yml"
ORG_WORKFLOW = REPO_ROOT / ".github" / "workflows" / "aisec-org-scan.yml"
GITLAB_MULTI = REPO_ROOT / "ci" / "gitlab" / "aisec-multi.gitlab-ci.yml"
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}", re.DOTALL)


class Yaml12Loader(yaml.SafeLoader):
    """Safe loading with YAML 1.2 booleans (only true/false), as GitHub and GitLab read files: `on:` stays a key."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def parse(text: str) -> Any:
    """YAML text as GitHub and GitLab read it: safe loading (Yaml12Loader is a SafeLoader), YAML 1.2 booleans."""
    return yaml.load(text, Loader=Yaml12Loader)


def load(path: Path) -> dict[str, Any]:
    data = parse(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


@cache
def schema(name: str) -> dict[str, Any]:
    data = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def schema_errors(document: Any, name: str) -> list[str]:
    """Every violation of the vendored schema ``name`` (draft-07), as readable lines."""
    spec = schema(name)
    validator = jsonschema.validators.validator_for(spec)(spec)
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message[:300]}" for e in validator.iter_errors(document)]


@dataclass
class StepRun:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str


def resolve(text: str, contexts: dict[str, str]) -> str:
    """Substitute ``${{ expr }}`` the way the runner does for the simple forms used in env blocks."""

    def one(match: re.Match[str]) -> str:
        expr = match.group(1)
        if expr in contexts:
            return contexts[expr]
        raise AssertionError(f"the test does not know the value of ${{{{ {expr} }}}}")

    return EXPR.sub(one, text)


def run_github_step(step: dict[str, Any], contexts: dict[str, str], workspace: Path, tmp: Path,
                    path_prefix: Path | None = None) -> StepRun:
    """Run a ``run:`` step as the runner does: ``bash --noprofile --norc -eo pipefail``, env resolved, GITHUB_* files."""
    assert step.get("shell", "bash") == "bash"
    assert "${{" not in step["run"], "an expression spliced into shell code"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AISEC_", "GITHUB_", "ORGSCAN_"))}
    for name, value in (step.get("env") or {}).items():
        env[name] = resolve(str(value), contexts)
    if path_prefix is not None:
        env["PATH"] = f"{path_prefix}{os.pathsep}{env['PATH']}"
    output_file, summary_file = tmp / "github_output", tmp / "step_summary.md"
    output_file.write_text("")
    summary_file.write_text("")
    env.update(GITHUB_OUTPUT=str(output_file), GITHUB_STEP_SUMMARY=str(summary_file),
               RUNNER_TEMP=contexts.get("runner.temp", str(tmp)), GITHUB_WORKSPACE=str(workspace))
    cwd = workspace / step["working-directory"] if "working-directory" in step else workspace
    script = tmp / "step.sh"
    script.write_text(step["run"])
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                          cwd=cwd, capture_output=True, text=True, env=env, timeout=600, check=False)
    outputs = dict(line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line)
    return StepRun(done.returncode, done.stdout, done.stderr, outputs, summary_file.read_text())
