"""Helpers for the hook tests: what the CLI offers right now, and a committed copy of this repo."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import typer

from tests.conftest import REPO_ROOT, git

MANIFEST = REPO_ROOT / ".pre-commit-hooks.yaml"
HOOKS_DIR = REPO_ROOT / "hooks"


def cli_options() -> dict[str, set[str]]:
    """Registered subcommands of ``aisec`` and the options each takes (what ``aisec --help`` lists)."""
    from aisec_cli.cli import app

    group = typer.main.get_command(app)
    commands = getattr(group, "commands", {})
    return {name: {opt for param in cmd.params for opt in param.opts} for name, cmd in commands.items()}


def missing(command: str, *options: str) -> str | None:
    """Why a test of ``aisec COMMAND OPTIONS`` cannot run yet (``None``: it can)."""
    offered = cli_options()
    if command not in offered:
        return f"`aisec {command}` is not registered yet"
    absent = [o for o in options if o not in offered[command]]
    if absent:
        return f"`aisec {command}` has no {', '.join(absent)} option yet"
    return None


def source_files(root: Path = REPO_ROOT) -> list[str]:
    """The working tree as git sees it: tracked plus untracked files that are not ignored."""
    out = subprocess.run(
        ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    )
    return sorted({os.fsdecode(n) for n in out.stdout.split(b"\0") if n})


def committed_copy(dest: Path) -> tuple[Path, str]:
    """This repository's working tree copied to ``dest`` as a fresh one-commit git repo (path, sha)."""
    dest.mkdir(parents=True)
    for name in source_files():
        src = REPO_ROOT / name
        if not src.is_file():  # deleted but still in the index
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "config", "user.name", "Hook Author")
    git(dest, "config", "user.email", "hooks@example.com")
    git(dest, "config", "commit.gpgsign", "false")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "--no-verify", "-m", "snapshot of the working tree")
    return dest, git(dest, "rev-parse", "HEAD").strip()
