"""``action.yml``: its shell steps run here as a runner would run them, with fake GitHub files."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import REPO_ROOT
from tests.keyfactory import KeyFactory

ACTION = REPO_ROOT / "action.yml"
SCHEMAS = REPO_ROOT / "tests" / "schemas"
EXPR = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def _action() -> dict[str, Any]:
    data = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _step(step_id: str) -> dict[str, Any]:
    return next(s for s in _action()["runs"]["steps"] if s.get("id") == step_id)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str


def run_step(
    step_id: str, tmp: Path, workspace: Path, inputs: dict[str, str] | None = None, steps: dict[str, str] | None = None
) -> Run:
    """Run one composite step with bash the way the runner does: env from the step, inputs substituted."""
    action = _action()
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    values.update(inputs or {})

    def resolve(expr: str) -> str:
        if expr.startswith("inputs."):
            return values[expr.removeprefix("inputs.")]
        if expr == "github.action_path":
            return str(REPO_ROOT)
        if expr.startswith("steps."):
            return (steps or {}).get(expr, "")  # an output a step did not write (or a skipped step) is empty
        raise AssertionError(f"unexpected expression in action.yml: {expr}")

    step = _step(step_id)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AISEC_", "GHA_AISEC_", "GITHUB_"))}
    for name, value in (step.get("env") or {}).items():
        env[name] = EXPR.sub(lambda m: resolve(m.group(1)), str(value))
    output_file, summary_file = tmp / "github_output", tmp / "step_summary.md"
    output_file.write_text("")
    if not summary_file.exists():
        summary_file.write_text("previous step's summary\n")
    (tmp / "runner_temp").mkdir(exist_ok=True)
    env.update(GITHUB_OUTPUT=str(output_file), GITHUB_STEP_SUMMARY=str(summary_file), RUNNER_TEMP=str(tmp / "runner_temp"))
    script = tmp / f"{step_id}.sh"
    script.write_text(step["run"])
    # the runner's own command line for `shell: bash`
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=workspace, capture_output=True, text=True, env=env, timeout=900, check=False,
    )
    outputs = dict(line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line)
    return Run(done.returncode, done.stdout, done.stderr, outputs, summary_file.read_text())


@pytest.fixture
def aisec_bin(tmp_path: Path) -> str:
    """What the install step outputs as `bin` when aisec comes from this checkout."""
    wrapper = tmp_path / "bin" / "aisec"
    wrapper.parent.mkdir()
    wrapper.write_text(f"#!/bin/sh\nexec {sys.executable} -m aisec_cli \"$@\"\n")
    wrapper.chmod(0o755)
    return str(wrapper)


def _steps(aisec_bin: str) -> dict[str, str]:
    return {"steps.install.outputs.bin": aisec_bin, "steps.install.outputs.python": sys.executable}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "workspace"
    ws.mkdir()
    return ws


# ----- the definition itself ------------------------------------------------------------------


def test_action_is_composite_and_inputs_never_reach_shell_code() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    used: set[str] = set()
    for step in action["runs"]["steps"]:
        if "uses" in step:  # an action's inputs are data, not shell code
            assert "run" not in step and "env" not in step
            for value in step["with"].values():
                assert all(m.startswith("steps.") for m in EXPR.findall(str(value))), value
            used.update(re.findall(r"inputs\.([a-z-]+)", step.get("if", "")))
            continue
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], f"step {step['id']} splices an expression into shell code"
        used.update(re.findall(r"inputs\.([a-z-]+)", step.get("if", "")))
        for value in (step.get("env") or {}).values():
            used.update(m.removeprefix("inputs.") for m in EXPR.findall(str(value)) if m.startswith("inputs."))
    assert used == set(action["inputs"]), "every input must be used (passed to scripts through environment variables)"
    for name in ("sarif-file", "findings", "exit-code"):
        assert "steps.run.outputs" in action["outputs"][name]["value"]


def test_shell_steps_parse() -> None:
    for step in _action()["runs"]["steps"]:
        if "run" in step:
            subprocess.run(["bash", "-n"], input=step["run"], text=True, check=True)


# ----- the run step -------------------------------------------------------------------------


def test_findings_give_valid_sarif_markdown_summary_and_failing_step(
    tmp_path: Path, workspace: Path, aisec_bin: str
) -> None:
    keys = KeyFactory(seed=5)
    key = keys.anthropic()
    (workspace / "src").mkdir()
    (workspace / "src" / "bot.py").write_text(f"import anthropic\n\nclient = anthropic.Anthropic(api_key=\"{key}\")\n")
    (workspace / "README.md").write_text("# demo\n")
    result = run_step("run", tmp_path, workspace, {"sarif-file": "reports/aisec.sarif"}, _steps(aisec_bin))

    assert result.code == 1, result.stdout + result.stderr
    assert result.outputs == {"sarif-file": "reports/aisec.sarif", "category": "aisec/scan", "checkout-path": str(workspace),
                              "findings": "1", "exit-code": "1", "incomplete": "false"}
    sarif = json.loads((workspace / "reports" / "aisec.sarif").read_text())
    official = json.loads((SCHEMAS / "sarif-2.1.0-rtm.5.json").read_text())
    jsonschema.Draft4Validator(official).validate(sarif)
    jsonschema.validate(sarif, json.loads((SCHEMAS / "github-sarif-subset.json").read_text()))
    (hit,) = sarif["runs"][0]["results"]
    location = hit["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "src/bot.py" and location["region"]["startLine"] == 3

    assert result.summary.startswith("previous step's summary\n"), "the summary is appended, not replaced"
    markdown = result.summary.removeprefix("previous step's summary\n")
    assert markdown.startswith("## aisec scan")
    assert "| Severity | Rule |" in markdown and "`src/bot.py:3`" in markdown and hit["ruleId"] in markdown

    assert re.search(r"^::error file=src/bot.py,line=3,", result.stdout, re.MULTILINE), result.stdout
    assert "::error title=aisec::1 finding(s)" in result.stdout
    for text in (result.stdout, result.stderr, result.summary, json.dumps(sarif)):
        assert key not in text


def test_clean_workspace_passes_with_an_empty_report(tmp_path: Path, workspace: Path, aisec_bin: str) -> None:
    (workspace / "main.py").write_text("import os\nKEY = os.environ['OPENAI_API_KEY']\n")
    result = run_step("run", tmp_path, workspace, {}, _steps(aisec_bin))
    assert result.code == 0, result.stdout + result.stderr
    assert result.outputs["findings"] == "0" and result.outputs["exit-code"] == "0"
    sarif = json.loads((workspace / "aisec.sarif").read_text())
    assert sarif["runs"][0]["results"] == []
    assert "No findings" in result.summary


def test_fail_false_reports_without_failing_and_fail_on_is_honoured(
    tmp_path: Path, workspace: Path, aisec_bin: str
) -> None:
    (workspace / "leak.env").write_text(f"OPENAI_API_KEY={KeyFactory(seed=9).openai_project()}\n")
    soft = run_step("run", tmp_path, workspace, {"fail": "false", "summary": "false", "annotations": "false"}, _steps(aisec_bin))
    assert soft.code == 0 and soft.outputs["exit-code"] == "1" and soft.outputs["findings"] == "1"
    assert "::warning title=aisec::" in soft.stdout
    assert soft.summary == "previous step's summary\n"  # summary: false
    assert "::error file=" not in soft.stdout  # annotations: false gives the table instead
    assert "leak.env" in soft.stdout


def test_an_incomplete_run_fails_the_step_and_says_why(tmp_path: Path, workspace: Path, aisec_bin: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=workspace, capture_output=True, text=True, check=True, env=env).stdout

    git("init", "-q", "-b", "main")
    for n in range(3):
        (workspace / f"n{n}.txt").write_text(f"note {n}\n")
        git("add", "-A")
        git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", f"c{n}")
    sha = git("rev-parse", "HEAD~1:n1.txt").strip()
    (workspace / ".git" / "objects" / sha[:2] / sha[2:]).unlink()
    result = run_step("run", tmp_path, workspace, {"args": "--history"}, _steps(aisec_bin))
    assert result.code == 2, result.stdout + result.stderr
    assert result.outputs["exit-code"] == "2" and result.outputs["incomplete"] == "true"
    assert "::error title=aisec::the run is INCOMPLETE" in result.stdout
    allowed = run_step("run", tmp_path, workspace, {"args": "--history --allow-incomplete"}, _steps(aisec_bin))
    assert allowed.code == 0 and allowed.outputs["incomplete"] == "true"


def test_inputs_are_data_not_shell(tmp_path: Path, workspace: Path, aisec_bin: str) -> None:
    (workspace / "ok.txt").write_text("fine\n")
    hostile = {"path": "ok.txt $(touch pwned1) `touch pwned2`", "args": "--exclude ;touch${IFS}pwned3", "fail-on": "high"}
    result = run_step("run", tmp_path, workspace, hostile, _steps(aisec_bin))
    assert not any((workspace / f"pwned{i}").exists() for i in (1, 2, 3))
    assert result.code == 2  # `$(touch` is passed to aisec as a path that does not exist
    assert result.outputs["exit-code"] == "2"
    assert "::error title=aisec::aisec failed (exit 2)" in result.stdout


def test_unknown_command_and_bad_version_are_rejected(tmp_path: Path, workspace: Path, aisec_bin: str) -> None:
    bad = run_step("run", tmp_path, workspace, {"command": "scan; rm -rf ."}, _steps(aisec_bin))
    assert bad.code == 2 and "unknown command input" in bad.stdout
    version = run_step("install", tmp_path, workspace, {"version": "0.1.0 --index-url http://evil.example"})
    assert version.code == 2 and "release number" in version.stdout
    assert not (tmp_path / "runner_temp" / "aisec-venv").exists()


def test_install_false_uses_aisec_on_path(tmp_path: Path, workspace: Path, aisec_bin: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", f"{Path(aisec_bin).parent}{os.pathsep}{os.environ['PATH']}")
    result = run_step("install", tmp_path, workspace, {"install": "false"})
    assert result.code == 0, result.stdout + result.stderr
    assert result.outputs["bin"] == aisec_bin


@pytest.mark.slow
def test_install_step_installs_the_actions_own_aisec(tmp_path: Path, workspace: Path) -> None:
    if shutil.which("python3") is None:
        pytest.skip("no python3 on PATH")
    installed = run_step("install", tmp_path, workspace, {"python": sys.executable})
    assert installed.code == 0, installed.stdout[-2000:] + installed.stderr[-2000:]
    venv = tmp_path / "runner_temp" / "aisec-venv"
    assert Path(installed.outputs["bin"]).parent.parent == venv
    assert installed.stdout.strip().endswith(f"aisec {__import__('aisec_cli').__version__}")
    (workspace / "config.py").write_text(f"GROQ_API_KEY = \"{KeyFactory(seed=3).groq()}\"\n")
    steps = {"steps.install.outputs.bin": installed.outputs["bin"], "steps.install.outputs.python": installed.outputs["python"]}
    scanned = run_step("run", tmp_path, workspace, {}, steps)
    assert scanned.code == 1 and scanned.outputs["findings"] == "1", scanned.stdout + scanned.stderr


# ----- pip cache and SARIF upload -------------------------------------------------------------


def test_cache_key_follows_the_release_the_python_and_the_dependencies(tmp_path: Path, workspace: Path) -> None:
    import hashlib

    pyver = "{}.{}".format(*sys.version_info[:2])
    release = run_step("cache-key", tmp_path, workspace, {"version": "0.1.0", "python": sys.executable})
    assert release.code == 0, release.stdout + release.stderr
    assert release.outputs["key"].endswith(f"-py{pyver}-release-0.1.0")
    assert release.outputs["key"].startswith(release.outputs["restore-prefix"])
    assert release.outputs["dir"].endswith("/.cache/aisec-pip")
    other = run_step("cache-key", tmp_path, workspace, {"version": "0.2.0", "python": sys.executable})
    assert other.outputs["key"] != release.outputs["key"]
    assert other.outputs["restore-prefix"] == release.outputs["restore-prefix"]
    source = run_step("cache-key", tmp_path, workspace, {"python": sys.executable})
    digest = hashlib.sha256((REPO_ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    assert source.outputs["key"] == f"{release.outputs['restore-prefix']}source-{digest}"
    hostile = run_step("cache-key", tmp_path, workspace, {"version": "1.0 $(touch pwned)", "python": sys.executable})
    assert not (workspace / "pwned").exists()
    assert re.fullmatch(r"[A-Za-z0-9._-]+", hostile.outputs["key"]), hostile.outputs["key"]


def _plant(path: Path, seed: int) -> str:
    key = KeyFactory(seed=seed).groq()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"GROQ_API_KEY = \"{key}\"\n")
    return key


def _git_init(path: Path) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True, capture_output=True)


def _uri(sarif_path: Path) -> str:
    (hit,) = json.loads(sarif_path.read_text())["runs"][0]["results"]
    return str(hit["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])


def test_upload_of_a_repository_checked_out_in_a_subfolder_links_to_its_files(
    tmp_path: Path, workspace: Path, aisec_bin: str
) -> None:
    # actions/checkout with `path: app`, the Action with `path: app`: code scanning resolves the
    # report's paths against the checkout-path output the upload step is given.
    _git_init(workspace / "app")
    _plant(workspace / "app" / "config.py", seed=12)
    result = run_step("run", tmp_path, workspace, {"path": "app", "upload-sarif": "true"}, _steps(aisec_bin))
    assert result.code == 1, result.stdout + result.stderr
    assert result.outputs["checkout-path"] == str(workspace / "app")
    assert result.outputs["category"] == "aisec/scan/app"
    uri = _uri(workspace / result.outputs["sarif-file"])
    assert (Path(result.outputs["checkout-path"]) / uri).is_file(), uri


def test_upload_of_a_subfolder_of_the_repository_links_to_its_files(
    tmp_path: Path, workspace: Path, aisec_bin: str
) -> None:
    _git_init(workspace)
    _plant(workspace / "services" / "api" / "config.py", seed=13)
    result = run_step("run", tmp_path, workspace, {"path": "services/api"}, _steps(aisec_bin))
    assert result.code == 1, result.stdout + result.stderr
    assert result.outputs["checkout-path"] == str(workspace)
    assert result.outputs["category"] == "aisec/scan/services/api"
    uri = _uri(workspace / result.outputs["sarif-file"])
    assert (workspace / uri).is_file(), uri


def test_category_input_and_no_upload_without_a_report(tmp_path: Path, workspace: Path, aisec_bin: str) -> None:
    (workspace / "ok.txt").write_text("fine\n")
    named = run_step("run", tmp_path, workspace, {"category": "aisec-nightly", "command": "lint"}, _steps(aisec_bin))
    assert named.code == 0, named.stdout + named.stderr
    assert named.outputs["category"] == "aisec-nightly" and named.outputs["sarif-file"] == "aisec.sarif"
    sarif = json.loads((workspace / "aisec.sarif").read_text())
    assert sarif["runs"][0]["automationDetails"] == {"id": "aisec-nightly/"}
    (workspace / "aisec.sarif").unlink()
    # a usage error stops aisec before it writes the report: the upload step's condition is false
    failed = run_step("run", tmp_path, workspace, {"args": "--no-such-option"}, _steps(aisec_bin))
    assert failed.code == 2 and failed.outputs["exit-code"] == "2"
    assert failed.outputs["sarif-file"] == "" and not (workspace / "aisec.sarif").exists()


def test_two_steps_in_one_job_upload_under_different_categories(tmp_path: Path, workspace: Path, aisec_bin: str) -> None:
    # upload-sarif's `category` input does not replace the category a report carries, so the
    # report itself must hold the step's category, else the second upload replaces the first.
    _git_init(workspace)
    _plant(workspace / "app" / "config.py", seed=14)
    (workspace / "web").mkdir()
    (workspace / "web" / "index.js").write_text("export const x = 1;\n")
    ids = []
    for path, sarif in (("app", "app.sarif"), ("web", "web.sarif")):
        result = run_step("run", tmp_path, workspace, {"path": path, "sarif-file": sarif, "fail": "false"}, _steps(aisec_bin))
        assert result.code == 0, result.stdout + result.stderr
        report = json.loads((workspace / sarif).read_text())
        assert report["runs"][0]["automationDetails"]["id"] == result.outputs["category"] + "/"
        official = json.loads((SCHEMAS / "sarif-2.1.0-rtm.5.json").read_text())
        jsonschema.Draft4Validator(official).validate(report)
        ids.append(report["runs"][0]["automationDetails"]["id"])
    assert ids == ["aisec/scan/app/", "aisec/scan/web/"]


def test_install_step_gives_pip_the_cached_folder_and_the_release(tmp_path: Path, workspace: Path) -> None:
    # A stand-in interpreter: `-m venv DIR` makes DIR/bin/python, which records how pip is called.
    record = tmp_path / "pip-calls.jsonl"
    fake = tmp_path / "fake-python"
    fake.write_text(f"""#!{sys.executable}
import json, os, sys
from pathlib import Path
if sys.argv[1:3] == ["-m", "venv"]:
    (Path(sys.argv[3]) / "bin").mkdir(parents=True)
    target = Path(sys.argv[3]) / "bin" / "python"
    target.write_text(Path(__file__).read_text())
    target.chmod(0o755)
elif sys.argv[1:3] == ["-m", "pip"]:
    with open({str(record)!r}, "a") as fh:
        fh.write(json.dumps({{"args": sys.argv[3:], "cache": os.environ.get("PIP_CACHE_DIR")}}) + "\\n")
else:
    print("aisec 0.1.0")
""")
    fake.chmod(0o755)
    cache_dir = str(tmp_path / "pip-cache")
    keyed = run_step("install", tmp_path, workspace, {"python": str(fake), "version": "0.1.0"},
                     {"steps.cache-key.outputs.dir": cache_dir})
    assert keyed.code == 0, keyed.stdout + keyed.stderr
    shutil.rmtree(tmp_path / "runner_temp" / "aisec-venv")
    uncached = run_step("install", tmp_path, workspace, {"python": str(fake), "version": "0.1.0", "cache": "false"})
    assert uncached.code == 0, uncached.stdout + uncached.stderr
    first, second = (json.loads(line) for line in record.read_text().splitlines())
    assert first["cache"] == cache_dir and "aisec==0.1.0" in first["args"]
    assert second["cache"] is None, "no cache step, pip's own default"
