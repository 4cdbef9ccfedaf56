"""A repository's own git config never makes aisec run a command: ``core.fsmonitor`` in a
scanned repository's ``.git/config`` (an archive handed over for audit, a checkout from an
untrusted source) was run by the ``git ls-files`` / ``git diff`` aisec starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git

COMMANDS = [["scan", "."], ["scan", "--staged", "."], ["lint", "."], ["redact", "--check", "."], ["hooks", "run"]]


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell command as the hook")
@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a))
def test_a_repository_configured_fsmonitor_is_never_run(git_repo: Path, tmp_path: Path, argv: list[str]) -> None:
    marker = tmp_path / "ran"
    (git_repo / "a.py").write_text("x = 1\n", encoding="utf-8")
    git(git_repo, "add", "a.py")
    git(git_repo, "commit", "-q", "-m", "c")
    (git_repo / "b.py").write_text("y = 2\n", encoding="utf-8")
    git(git_repo, "add", "b.py")
    git(git_repo, "config", "core.fsmonitor", f"echo ran >> '{marker}'; false")  # set last: git add would run it
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AISEC_", "GIT_CONFIG"))}
    done = subprocess.run([sys.executable, "-m", "aisec_cli", *argv], cwd=git_repo, env=env, capture_output=True,
                          text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr
    assert not marker.exists(), f"{argv}: the repository's core.fsmonitor command ran"


API_CALLS = {
    "scan_paths": "api.scan_paths([root])",
    "lint_paths": "api.lint_paths([root])",
    "run_checklist": "api.run_checklist(root)",
}


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell command as the hook")
@pytest.mark.parametrize("call", sorted(API_CALLS))
def test_the_library_runs_no_command_from_the_repository_either(git_repo: Path, tmp_path: Path, call: str) -> None:
    # aisec used as a library (a service auditing uploaded repositories): no CLI entry point
    # hardened the environment, yet git must not run the repository's fsmonitor command
    marker = tmp_path / "ran"
    (git_repo / "a.py").write_text("x = 1\n", encoding="utf-8")
    git(git_repo, "add", "a.py")
    git(git_repo, "commit", "-q", "-m", "c")
    git(git_repo, "config", "core.fsmonitor", f"echo ran >> '{marker}'; false")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AISEC_", "GIT_CONFIG"))}
    code = f"from pathlib import Path\nfrom aisec_cli import api\nroot = Path({str(git_repo)!r})\n{API_CALLS[call]}\n"
    done = subprocess.run([sys.executable, "-c", code], cwd=git_repo, env=env, capture_output=True, text=True,
                          timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert not marker.exists(), f"{call}: the repository's core.fsmonitor command ran"
