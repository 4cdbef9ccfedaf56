"""A new branch's pre-push scan skipped every commit that *any* remote-tracking ref holds: a
history whose commits are on a private remote (where the project lived, a backup) was pushed to a
new public remote unread — a key committed and removed long ago went out with exit 0. A push
publishes commits to the remote it goes to: now the commits that remote's tracking refs do not
hold are scanned (the remote is the hook's first argument; ``PRE_COMMIT_REMOTE_NAME`` under
pre-commit). A push to the remote that already has the history still scans only what is new."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory

ZERO = "0" * 40


@pytest.fixture
def moved(git_repo: Path, tmp_path: Path, keys: KeyFactory) -> Path:
    """A repository whose history (a key committed, then removed) is on its remote ``private``."""
    (git_repo / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "key")
    git(git_repo, "rm", "-q", "k.env")
    git(git_repo, "commit", "-q", "-m", "removed")
    for name in ("private", "public"):
        git(tmp_path, "init", "-q", "--bare", str(tmp_path / f"{name}.git"))
        git(git_repo, "remote", "add", name, str(tmp_path / f"{name}.git"))
    git(git_repo, "push", "-q", "--no-verify", "private", "main")
    git(git_repo, "fetch", "-q", "private")
    return git_repo


def _pushed(repo: Path) -> str:
    return f"refs/heads/main {git(repo, 'rev-parse', 'HEAD').strip()} refs/heads/main {ZERO}\n"


def _paths(result: CliResult) -> list[str]:
    return [f["location"]["path"] for f in json.loads(result.stdout)["findings"]]


@pytest.mark.parametrize("variable", ["PRE_COMMIT_REMOTE_NAME", "AISEC_PUSH_REMOTE"])
def test_history_pushed_to_a_new_remote_is_scanned(aisec: Callable[..., CliResult], moved: Path, variable: str) -> None:
    env = {variable: "public"}
    if variable == "PRE_COMMIT_REMOTE_NAME":
        env.update({"PRE_COMMIT": "1", "PRE_COMMIT_TO_REF": git(moved, "rev-parse", "HEAD").strip()})
        result = aisec("scan", "--pre-push", "-f", "json", cwd=moved, env=env)
    else:
        result = aisec("scan", "--pre-push", "-f", "json", cwd=moved, env=env, stdin=_pushed(moved))
    assert result.code == 1, (result.code, result.stderr)
    assert _paths(result) == ["k.env"], result.stdout


def test_a_push_to_the_remote_that_has_the_history_scans_only_what_is_new(
    aisec: Callable[..., CliResult], moved: Path
) -> None:
    (moved / "notes.txt").write_text("new\n", encoding="utf-8")
    git(moved, "add", "-A")
    git(moved, "commit", "-q", "-m", "new")
    result = aisec("scan", "--pre-push", "-f", "json", cwd=moved, env={"AISEC_PUSH_REMOTE": "private"},
                   stdin=f"refs/heads/side {git(moved, 'rev-parse', 'HEAD').strip()} refs/heads/side {ZERO}\n")
    assert result.code == 0, (result.code, result.stdout, result.stderr)
    assert json.loads(result.stdout)["stats"]["commits_scanned"] == 1


def test_the_installed_hook_blocks_the_push_to_a_new_remote(aisec: Callable[..., CliResult], moved: Path) -> None:
    if shutil.which("aisec", path="/usr/bin:/bin"):
        pytest.skip("aisec is installed system-wide")
    assert aisec("hooks", "install", "--pre-push", cwd=moved).code == 0
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["git", "push", "-q", "public", "main"], cwd=moved, capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode != 0 and "k.env" in done.stdout + done.stderr, done.stdout + done.stderr
    assert git(moved, "ls-remote", "public").strip() == ""
