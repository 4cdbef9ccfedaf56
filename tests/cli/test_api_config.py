"""``aisec_cli.api`` scan/lint read the same configuration as the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli import api
from tests.conftest import CliResult
from tests.keyfactory import KeyFactory


def _ids(findings: object) -> set[tuple[str, str]]:
    return {(f.rule_id, f.location.path) for f in findings}  # type: ignore[attr-defined]


def _cli_ids(result: CliResult) -> set[tuple[str, str]]:
    return {(f["rule_id"], f["location"]["path"]) for f in json.loads(result.stdout)["findings"]}


@pytest.fixture
def project(tmp_path: Path, keys: KeyFactory) -> Path:
    (tmp_path / "a.py").write_text(f'k = "{keys.openai_project()}"\n', encoding="utf-8")
    (tmp_path / "b.py").write_text(f'g = "{keys.groq()}"\n', encoding="utf-8")
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "c.py").write_text(f'h = "{keys.huggingface()}"\n', encoding="utf-8")
    (tmp_path / "m.py").write_text(
        "import torch\nfrom transformers import AutoModel\nm = AutoModel.from_pretrained('org/model')\n",
        encoding="utf-8",
    )
    return tmp_path


def test_scan_paths_reads_pyproject_like_the_cli(project: Path, aisec: Callable[..., CliResult]) -> None:
    unconfigured = _ids(api.scan_paths([project]).findings)
    assert {r for r, _ in unconfigured} == {"KEY001", "KEY020", "KEY016"}
    (project / "pyproject.toml").write_text(
        '[tool.aisec]\nexclude = ["vendor/"]\nignore = ["KEY020"]\n', encoding="utf-8"
    )
    from_api = _ids(api.scan_paths([project]).findings)
    assert from_api == {("KEY001", "a.py")}
    assert from_api == _cli_ids(aisec("scan", "-f", "json", str(project), cwd=project))


def test_scan_paths_reads_aisec_toml_and_a_named_file(project: Path, tmp_path: Path) -> None:
    (project / ".aisec.toml").write_text('ignore = ["KEY001", "KEY016"]\n', encoding="utf-8")
    assert _ids(api.scan_paths([project]).findings) == {("KEY020", "b.py")}
    other = tmp_path / "elsewhere.toml"
    other.write_text('ignore = ["KEY020"]\n', encoding="utf-8")
    assert {r for r, _ in _ids(api.scan_paths([project], config=other).findings)} == {"KEY001", "KEY016"}


def test_lint_paths_takes_the_configured_profile(project: Path, aisec: Callable[..., CliResult]) -> None:
    assert "AIS505" not in {r for r, _ in _ids(api.lint_paths([project]).findings)}
    (project / "pyproject.toml").write_text('[tool.aisec.lint]\nprofile = "audit"\n', encoding="utf-8")
    from_api = _ids(api.lint_paths([project]).findings)
    assert ("AIS505", "m.py") in from_api
    assert from_api == _cli_ids(aisec("lint", "-f", "json", str(project), cwd=project))
    assert ("AIS505", "m.py") not in _ids(api.lint_paths([project], profile="default").findings)
