"""A local `git replace` (or graft) cannot hide a committed key from the history scan: the pushed
commits hold it, so aisec reads the objects as they are."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.conftest import git
from tests.keyfactory import KeyFactory


def _git_as_the_user_sees_it(repo: Path, *args: str) -> str:
    """git with the user's environment (an in-process aisec run may have hardened this one's)."""
    env = {k: v for k, v in os.environ.items() if k not in ("GIT_NO_REPLACE_OBJECTS", "GIT_GRAFT_FILE")}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True).stdout


def _commit(repo: Path, message: str) -> str:
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def test_a_replaced_commit_is_scanned_as_committed(git_repo: Path, keys: KeyFactory, aisec) -> None:  # type: ignore[no-untyped-def]
    key = keys.anthropic()
    (git_repo / "app.py").write_text("x = 1\n", encoding="utf-8")
    git(git_repo, "add", ".")
    base = _commit(git_repo, "init")
    (git_repo / "settings.py").write_text(f'KEY = "{key}"\n', encoding="utf-8")
    git(git_repo, "add", "settings.py")
    leaked = _commit(git_repo, "add settings")
    git(git_repo, "rm", "-q", "settings.py")
    _commit(git_repo, "remove settings")
    # a stand-in for the leaking commit, with the tree of the one before it, put in its place
    tree = git(git_repo, "rev-parse", f"{base}^{{tree}}").strip()
    stand_in = git(git_repo, "commit-tree", tree, "-p", base, "-m", "add settings").strip()
    git(git_repo, "replace", leaked, stand_in)
    assert key not in _git_as_the_user_sees_it(git_repo, "log", "-p")  # git itself now shows the stand-in
    result = aisec("scan", "--history", ".", "-f", "json", cwd=git_repo)
    data = json.loads(result.stdout)
    assert result.code == 1, result.stdout + result.stderr
    assert [(f["rule_id"], f["location"]["path"]) for f in data["findings"]] == [("KEY005", "settings.py")]
    assert key not in result.stdout + result.stderr


def test_a_graft_that_skips_the_leaking_commit_does_not_hide_it(git_repo: Path, keys: KeyFactory, aisec) -> None:  # type: ignore[no-untyped-def]
    key = keys.anthropic()
    (git_repo / "app.py").write_text("x = 1\n", encoding="utf-8")
    git(git_repo, "add", ".")
    base = _commit(git_repo, "init")
    (git_repo / "settings.py").write_text(f'KEY = "{key}"\n', encoding="utf-8")
    git(git_repo, "add", "settings.py")
    _commit(git_repo, "add settings")
    git(git_repo, "rm", "-q", "settings.py")
    last = _commit(git_repo, "remove settings")
    (git_repo / ".git" / "info").mkdir(exist_ok=True)
    (git_repo / ".git" / "info" / "grafts").write_text(f"{last} {base}\n", encoding="utf-8")
    assert "add settings" not in _git_as_the_user_sees_it(git_repo, "log", "--oneline")  # git itself skips it now
    result = aisec("scan", "--history", ".", "-f", "json", cwd=git_repo)
    assert result.code == 1, result.stdout + result.stderr
    assert [f["rule_id"] for f in json.loads(result.stdout)["findings"]] == ["KEY005"]
