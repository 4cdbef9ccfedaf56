"""The built wheel, installed into a fresh virtual environment, works away from the source tree."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from aisec_cli import __version__
from tests.conftest import REPO_ROOT, git
from tests.keyfactory import KeyFactory

pytestmark = pytest.mark.slow

DATA_FILES = {"sample-values.yaml", "verifiers.yaml"}  # data that rules use, not rule families
RULE_FILES = sorted(p.name for p in (REPO_ROOT / "rules").glob("*.yaml") if p.name not in DATA_FILES)
SCHEMAS = sorted(p.name for p in (REPO_ROOT / "rules" / "schema").glob("*.json"))
HOOKS = ("pre-commit", "pre-push")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    elsewhere: Path  # a folder far from the source tree

    @property
    def bin(self) -> Path:
        return self.venv / ("Scripts" if os.name == "nt" else "bin")

    def run(self, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("AISEC_", "PYTHON", "VIRTUAL_ENV"))}
        clean["PATH"] = f"{self.bin}{os.pathsep}{clean.get('PATH', '')}"
        clean.update(env or {})
        return subprocess.run(list(args), cwd=cwd or self.elsewhere, capture_output=True, text=True, env=clean, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO_ROOT)],
        capture_output=True, text=True, timeout=900,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (wheel,) = dist.glob("aisec-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    result = Installed(wheel, venv, base / "elsewhere")
    result.elsewhere.mkdir()
    pip = result.run(str(result.bin / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel))
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    yield result


def test_wheel_holds_rules_schemas_and_hooks(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    assert RULE_FILES, "the source tree has no rule files?"
    for rule_file in (*RULE_FILES, *DATA_FILES):
        assert f"aisec_cli/_rules/{rule_file}" in names
    for schema in SCHEMAS:
        assert f"aisec_cli/_rules/schema/{schema}" in names
    for hook in HOOKS:
        assert f"aisec_cli/_hooks/{hook}" in names, f"hooks/{hook} is not shipped in the wheel"
    assert not any(n.startswith(("tests/", "hooks/", "aisec_cli/_hooks/__init__")) for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(installed.wheel).read(entry_points).decode()
    assert "aisec = aisec_cli.cli:main" in text


def test_installed_package_is_the_wheel_not_the_source_tree(installed: Installed) -> None:
    where = installed.run(str(installed.bin / "python"), "-c", "import aisec_cli; print(aisec_cli.__file__)")
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(installed.venv)


def test_version_from_script_and_module(installed: Installed) -> None:
    script = installed.run(str(installed.bin / "aisec"), "--version")
    module = installed.run(str(installed.bin / "python"), "-m", "aisec_cli", "--version")
    assert script.returncode == 0 and module.returncode == 0
    assert script.stdout.strip() == module.stdout.strip() == f"aisec {__version__}"


def test_rules_of_every_family_are_listed(installed: Installed) -> None:
    result = installed.run(str(installed.bin / "aisec"), "rules", "--json")
    assert result.returncode == 0, result.stderr
    rules = json.loads(result.stdout)
    families = {r["family"] for r in rules}
    shipped = {Path(name).stem for name in RULE_FILES}
    assert shipped <= families, f"families without rules in the installed wheel: {shipped - families}"
    assert len({r["id"] for r in rules}) == len(rules)


def test_scan_finds_a_planted_key_from_another_folder(installed: Installed) -> None:
    keys = KeyFactory(seed=77)
    project = installed.elsewhere / "project"
    (project / "src").mkdir(parents=True)
    key = keys.openai_project()
    (project / "src" / "client.py").write_text(f"import openai\nclient = openai.OpenAI(api_key=\"{key}\")\n")
    (project / "README.md").write_text("nothing here\n")
    result = installed.run(str(installed.bin / "aisec"), "scan", "--format", "json", "project")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    found = [(f["rule_id"], f["location"]["path"], f["location"]["line"]) for f in report["findings"]]
    assert len(found) == 1, found
    rule_id, path, line = found[0]
    # relative to where aisec runs (no repository, no config file)
    assert rule_id.startswith("KEY") and path == "project/src/client.py" and line == 2
    assert key not in result.stdout
    clean = installed.run(str(installed.bin / "aisec"), "scan", "README.md", cwd=project)
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_hooks_install_works_from_the_wheel(installed: Installed) -> None:
    repo = installed.elsewhere / "hooked"
    repo.mkdir()
    git(repo, "init", "-q")
    result = installed.run(str(installed.bin / "aisec"), "hooks", "install", "--pre-push", cwd=repo)
    assert result.returncode == 0, result.stderr
    for hook in HOOKS:
        text = (repo / ".git" / "hooks" / hook).read_text()
        assert "aisec-managed-hook" in text
        recorded = next(l for l in text.splitlines() if l.startswith("AISEC_INSTALL_PYTHON="))
        interpreter = shlex.split(recorded.partition("=")[2])[0]
        assert Path(interpreter).parent == installed.bin


def test_shell_completion_from_the_wheel(installed: Installed) -> None:
    result = installed.run(
        str(installed.bin / "aisec"),
        env={"_AISEC_COMPLETE": "complete_bash", "COMP_WORDS": "aisec ru", "COMP_CWORD": "1"},
    )
    assert result.returncode == 0
    assert result.stdout.split() == ["rules"]
