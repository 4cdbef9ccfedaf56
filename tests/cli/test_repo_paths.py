"""Reported paths are the repository's, whatever is scanned and from wherever aisec runs."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import git
from tests.keyfactory import KeyFactory


def _paths(stdout: str) -> list[str]:
    return [f["location"]["path"] for f in json.loads(stdout)["findings"]]


def _repo(git_repo: Path, keys: KeyFactory, write) -> str:  # type: ignore[no-untyped-def]
    key = keys.openai_project()
    write(git_repo / "app" / "main.py", f'KEY = "{key}"\n')
    write(git_repo / "README.md", "demo\n")
    git(git_repo, "add", ".")
    return key


def test_subfolder_scans_report_repository_paths(aisec, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    _repo(git_repo, keys, write)
    from_root = aisec("scan", "app", "-f", "json", cwd=git_repo)
    from_sub = aisec("scan", ".", "-f", "json", cwd=git_repo / "app")
    one_file = aisec("scan", "main.py", "-f", "json", cwd=git_repo / "app")
    assert _paths(from_root.stdout) == _paths(from_sub.stdout) == _paths(one_file.stdout) == ["app/main.py"]
    fps = {json.loads(r.stdout)["findings"][0]["fingerprint"] for r in (from_root, from_sub, one_file)}
    assert len(fps) == 1
    sarif = json.loads(aisec("scan", ".", "-f", "sarif", cwd=git_repo / "app").stdout)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "app/main.py"
    lint = aisec("lint", ".", "-f", "json", cwd=git_repo / "app")
    assert _paths(lint.stdout) and set(_paths(lint.stdout)) == {"app/main.py"}


def test_baseline_from_root_matches_a_subfolder_scan(aisec, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    _repo(git_repo, keys, write)
    assert aisec("scan", ".", "--write-baseline", ".aisec-baseline.json", cwd=git_repo).code == 0
    result = aisec("scan", ".", "--baseline", "../.aisec-baseline.json", cwd=git_repo / "app")
    assert result.code == 0, result.stdout
    assert aisec("scan", ".", cwd=git_repo / "app").code == 1


def test_root_config_exclude_applies_in_a_subfolder(aisec, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    _repo(git_repo, keys, write)
    write(git_repo / "pyproject.toml", '[tool.aisec]\nexclude = ["app/main.py"]\n')
    assert aisec("scan", ".", cwd=git_repo / "app").code == 0
    assert aisec("scan", "app", cwd=git_repo).code == 0
    assert aisec("scan", ".", "--isolated", cwd=git_repo / "app").code == 1


def test_nested_config_patterns_are_relative_to_their_folder(aisec, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    _repo(git_repo, keys, write)
    write(git_repo / "app" / "sub" / "main.py", f'KEY = "{keys.openai_project()}"\n')
    write(git_repo / "app" / ".aisec.toml", 'exclude = ["/main.py"]\n')
    result = aisec("scan", ".", "-f", "json", cwd=git_repo / "app")
    assert _paths(result.stdout) == ["app/sub/main.py"]


def test_outside_git_the_config_folder_is_the_root(aisec, tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "proj"
    write(project / "app" / "main.py", f'KEY = "{keys.openai_project()}"\n')
    write(project / ".aisec.toml", "jobs = 1\n")
    result = aisec("scan", ".", "-f", "json", cwd=project / "app")
    assert _paths(result.stdout) == ["app/main.py"]
    bare = tmp_path / "bare"
    write(bare / "x" / "main.py", f'KEY = "{keys.openai_project()}"\n')
    assert _paths(aisec("scan", ".", "-f", "json", cwd=bare / "x").stdout) == ["main.py"]
