"""A key used as a file's name (``<token>.txt``, a credentials file named after its key) is a
finding, and no report prints the key: paths are masked like every other place a key shows."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


@pytest.mark.parametrize("fmt", ["json", "sarif", "hook", "table", "junit", "gitlab", "markdown"])
def test_scan_finds_it_and_masks_it_everywhere(
    tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory, fmt: str
) -> None:
    key = keys.anthropic()
    (tmp_path / "creds").mkdir()
    (tmp_path / "creds" / f"{key}.txt").write_text("hello\n", encoding="utf-8")
    (tmp_path / f"{keys.openai_project()}.bin").write_bytes(b"\0\1\2" * 100)  # listed as skipped
    result = aisec("scan", "-f", fmt, ".", cwd=tmp_path)
    assert result.code == 1, result.stdout + result.stderr
    assert key not in result.stdout + result.stderr
    assert key[12:40] not in result.stdout + result.stderr
    for other in tmp_path.glob("sk-*.bin"):
        assert other.stem not in result.stdout + result.stderr


def test_the_finding_names_the_file_masked(tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    key = keys.anthropic()
    (tmp_path / f"{key}.txt").write_text("nothing secret inside\n", encoding="utf-8")
    (tmp_path / "notes-2026-release-candidate-final.txt").write_text("hello\n", encoding="utf-8")
    report = json.loads(aisec("scan", "-f", "json", ".", cwd=tmp_path).stdout)
    found = report["findings"]
    assert len(found) == 1
    assert found[0]["location"]["path"].startswith("sk-ant-api03-") and found[0]["location"]["path"].endswith(".txt")
    assert "file name" in found[0]["message"]


def test_staged_and_history_find_it(git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    key = keys.anthropic()
    (git_repo / f"{key}.key").write_text("x\n", encoding="utf-8")
    git(git_repo, "add", "-A")
    staged = aisec("scan", "--staged", "-f", "json", ".", cwd=git_repo)
    assert staged.code == 1 and key not in staged.stdout + staged.stderr
    git(git_repo, "commit", "-q", "-m", "x")
    history = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert history.code == 1 and key not in history.stdout + history.stderr
    assert len(json.loads(history.stdout)["findings"]) == 1
