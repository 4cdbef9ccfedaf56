"""A repository whose own config sets ``core.worktree`` to another folder (an archive handed over
for audit can carry one): git's listing describes that folder, not the one scanned. The tree scan
read git's names in the scanned folder (a file of the other folder "vanished"), and the untracked
files of the scanned folder were never listed: a key there passed, and lint examined no file at all
(exit 0). The folder scanned is now walked when git's work tree is not around it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git, new_repo
from tests.keyfactory import KeyFactory

UNSAFE = ("import openai\n\nclient = openai.OpenAI()\n"
          "r = client.chat.completions.create(model='m', messages=[{'role': 'user', 'content': 'hi'}])\n"
          "exec(r.choices[0].message.content)\n")


@pytest.fixture
def repo(tmp_path: Path, keys: KeyFactory) -> Path:
    repo = new_repo(tmp_path / "repo")
    (repo / "tracked.txt").write_text("hello\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "init")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "readme.txt").write_text("nothing here\n", encoding="utf-8")
    git(repo, "config", "core.worktree", str(elsewhere))
    (repo / "settings.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    (repo / "agent.py").write_text(UNSAFE, encoding="utf-8")
    return repo


def _paths(result: CliResult) -> set[str]:
    return {f["location"]["path"] for f in json.loads(result.stdout)["findings"]}


def test_the_scanned_folder_is_read_not_the_configured_work_tree(repo: Path, aisec: Callable[..., CliResult]) -> None:
    result = aisec("scan", "-f", "json", ".", cwd=repo)
    assert result.code == 1 and "settings.env" in _paths(result), (result.code, result.stdout[:1500], result.stderr)
    assert "vanished" not in result.stderr


def test_lint_reads_the_scanned_folder(repo: Path, aisec: Callable[..., CliResult]) -> None:
    result = aisec("lint", "-f", "json", ".", cwd=repo)
    assert result.code == 1 and "agent.py" in _paths(result), (result.code, result.stdout[:1500], result.stderr)
