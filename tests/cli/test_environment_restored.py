"""A run inside a program's own process hands its environment back as it found it.

The command line hardens the environment its git processes inherit (no transport, no replace
refs, no grafts, no command from the repository's config). Called in-process (a test suite, a
tool embedding ``aisec_cli.cli.main``), those settings stayed behind: the caller's own git calls
afterwards could not fetch over any transport (``fatal: transport 'file' not allowed``).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from aisec_cli.cli import main
from tests.conftest import git


def test_main_leaves_the_environment_as_it_found_it(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello\n", encoding="utf-8")
    before = dict(os.environ)
    assert main(["scan", "-q", str(tmp_path)]) == 0
    assert dict(os.environ) == before


def test_the_callers_git_can_fetch_after_a_run(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q")
    (origin / "f.txt").write_text("x\n", encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "x")
    assert main(["scan", "-q", str(origin)]) == 0
    clone = subprocess.run(
        ["git", "clone", "-q", f"file://{origin}", str(tmp_path / "copy")], capture_output=True, text=True, check=False
    )
    assert clone.returncode == 0, clone.stderr
