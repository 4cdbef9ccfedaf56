"""A scanned repository's own config is input: ``diff.interHunkContext`` there merges hunks
with context lines, which the -U0 parser counted wrong — findings on the wrong line, and an
inline suppression on that wrong line silenced the key."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


@pytest.mark.parametrize("mode", ["--staged", "--history"])
def test_inter_hunk_context_in_the_repository_config_changes_nothing(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory, mode: str
) -> None:
    (git_repo / "f.env").write_text("a\nb\nc\nd\ne\nf\n", encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "one")
    key = keys.anthropic()
    # line 2 carries an inline suppression; the key, on line 5, must still be reported there
    (git_repo / "f.env").write_text(f"A\nb # aisec: ignore\nc\nd\nKEY=\"{key}\"\nf\n", encoding="utf-8")
    git(git_repo, "config", "diff.interHunkContext", "10")
    git(git_repo, "add", "-A")
    if mode == "--history":
        git(git_repo, "commit", "-q", "-m", "two")
    result = aisec("scan", mode, "-f", "json", ".", cwd=git_repo)
    report = json.loads(result.stdout)
    assert [(f["location"]["path"], f["location"]["line"]) for f in report["findings"]] == [("f.env", 5)], result.stdout
    assert result.code == 1


def test_log_options_cannot_merge_hunks(git_repo: Path, aisec: Callable[..., CliResult]) -> None:
    (git_repo / "a.txt").write_text("x\n", encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "one")
    result = aisec("scan", "--history", "--log-opts", "--inter-hunk-context=5", ".", cwd=git_repo)
    assert result.code == 2 and "aisec: error: --log-opts" in result.stderr


def test_log_show_root_false_in_the_repository_config_hides_no_root_commit(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    """``log.showRoot=false`` made git print the first commit without its diff: its keys passed."""
    (git_repo / "a.env").write_text(f'KEY="{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "root")
    git(git_repo, "config", "log.showRoot", "false")
    result = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    report = json.loads(result.stdout)
    assert [(f["location"]["path"], f["location"]["line"]) for f in report["findings"]] == [("a.env", 1)]
    assert report["stats"]["commits_scanned"] == 1 and result.code == 1


@pytest.mark.parametrize("mode", ["--staged", "--history"])
def test_a_tiny_big_file_threshold_in_the_repository_config_hides_no_key(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory, mode: str
) -> None:
    """``core.bigFileThreshold=100`` makes git show every larger file as "Binary files … differ"."""
    git(git_repo, "config", "core.bigFileThreshold", "100")
    (git_repo / "app.env").write_text("# " + "x" * 200 + f'\nANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    if mode == "--history":
        git(git_repo, "commit", "-q", "-m", "x")
    result = aisec("scan", mode, "-f", "json", ".", cwd=git_repo)
    report = json.loads(result.stdout)
    assert [(f["location"]["path"], f["location"]["line"]) for f in report["findings"]] == [("app.env", 2)], result.stdout
