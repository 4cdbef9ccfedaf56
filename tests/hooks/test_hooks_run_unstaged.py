"""``aisec hooks run`` without file names checks what git has staged; a staged file whose working
copy differs (``git add -p``, or an edit after ``git add``) would be read from the working tree:
a key in the index, removed from the working copy only, passed. The run refuses instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import git
from tests.keyfactory import KeyFactory


def _hooks_run(cwd: Path, *names: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AISEC_", "PRE_COMMIT"))}
    return subprocess.run([sys.executable, "-m", "aisec_cli", "hooks", "run", *names], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


def test_a_staged_key_hidden_by_an_unstaged_edit_is_never_clean(git_repo: Path, keys: KeyFactory) -> None:
    (git_repo / "readme.txt").write_text("hello\n", encoding="utf-8")
    git(git_repo, "add", "readme.txt")
    git(git_repo, "commit", "-q", "-m", "c")
    (git_repo / "cfg.py").write_text(f'KEY = "{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "add", "cfg.py")
    (git_repo / "cfg.py").write_text("KEY = None\n", encoding="utf-8")  # the index still holds the key
    result = _hooks_run(git_repo)
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.startswith("aisec: error:")]
    assert len(errors) == 1 and "cfg.py" in errors[0] and "scan --staged" in errors[0], result.stderr
    # staged and working copy the same again: checked as usual (and the key is found)
    (git_repo / "cfg.py").write_text(f'KEY = "{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "add", "cfg.py")
    assert _hooks_run(git_repo).returncode == 1


def test_named_files_are_checked_as_given(git_repo: Path, keys: KeyFactory) -> None:
    """pre-commit names the files (after stashing unstaged edits): nothing changes there."""
    (git_repo / "cfg.py").write_text(f'KEY = "{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "add", "cfg.py")
    (git_repo / "cfg.py").write_text("KEY = None\n", encoding="utf-8")
    assert _hooks_run(git_repo, "cfg.py").returncode == 0
