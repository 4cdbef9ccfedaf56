"""Real git repositories built commit by commit, with fixed dates, for history scans."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

BASE_TIME = 1_700_000_000  # 2023-11-14: every commit gets BASE_TIME + n hours


@dataclass
class Repo:
    """A git repository in a temporary folder; each commit gets the next fixed date."""

    path: Path
    tick: int = 0
    shas: dict[str, str] = field(default_factory=dict)  # commit message -> sha

    def git(self, *args: str, env: dict[str, str] | None = None, check: bool = True, stdin: bytes | None = None) -> str:
        full = {**os.environ, **self._dates(), **(env or {})}
        out = subprocess.run(["git", *args], cwd=self.path, capture_output=True, env=full, input=stdin, check=False)
        if check and out.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {out.stderr.decode(errors='replace')}")
        return out.stdout.decode("utf-8", "replace")

    def _dates(self) -> dict[str, str]:
        stamp = f"@{BASE_TIME + self.tick * 3600} +0000"
        return {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}

    def write(self, name: str | bytes, content: str | bytes) -> Path:
        path = self.path / os.fsdecode(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    def commit(self, message: str, *files: tuple[str, str | bytes], add_all: bool = True) -> str:
        for name, content in files:
            self.write(name, content)
        self.tick += 1
        if add_all:
            self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "--no-verify", "-m", message)
        sha = self.git("rev-parse", "HEAD").strip()
        self.shas[message] = sha
        return sha

    def mv(self, old: str, new: str) -> None:
        (self.path / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)

    def merge(self, branch: str, message: str, resolve: Callable[[], None] | None = None) -> str:
        """Merge ``branch`` into the current branch; ``resolve`` edits files before committing."""
        self.tick += 1
        self.git("merge", "-q", "--no-ff", "--no-commit", branch, check=False)
        if resolve is not None:
            resolve()
        self.git("add", "-A")
        self.git("commit", "-q", "--no-verify", "-m", message)
        sha = self.git("rev-parse", "HEAD").strip()
        self.shas[message] = sha
        return sha

    def iso(self, sha: str) -> str:
        return self.git("show", "-s", "--format=%aI", sha).strip()


@pytest.fixture
def repo(git_repo: Path) -> Repo:
    return Repo(git_repo)


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[[str], Repo]:
    def build(name: str) -> Repo:
        path = tmp_path / name
        path.mkdir()
        made = Repo(path)
        made.git("init", "-q", "-b", "main")
        made.git("config", "user.name", "Test Dev")
        made.git("config", "user.email", "dev@example.com")
        made.git("config", "commit.gpgsign", "false")
        return made

    return build


def run_cli(*args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("AISEC_", "PRE_COMMIT"))}
    full.pop("CI", None)
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "aisec_cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=stdin if stdin is not None else "",
        env=full,
        timeout=600,
    )


def scan_json(repo: Repo, *args: str, code: int | None = None, **kw: Any) -> dict[str, Any]:
    """``aisec scan ARGS -f json`` in ``repo``; asserts the exit code when given."""
    out = run_cli("scan", *args, "-f", "json", "--no-progress", cwd=repo.path, **kw)
    assert "Traceback" not in out.stderr, out.stderr
    if code is not None:
        assert out.returncode == code, out.stdout + out.stderr
    return json.loads(out.stdout)


def where(finding: dict[str, Any]) -> tuple[str, str, int]:
    """(commit sha, path, line) of a JSON finding."""
    return (finding["commit"]["sha"], finding["location"]["path"], finding["location"]["line"])
