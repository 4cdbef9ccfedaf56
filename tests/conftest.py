"""Shared fixtures: key factory, real git repositories in temporary folders, CLI runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from aisec_cli.secrets import plugin
from tests.keyfactory import KeyFactory

# What every entry point does (the command line, aisec_cli.api, the git hook): tests that call
# an engine directly get the masking net's key finder and the detect-secrets reader too.
plugin.install()

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def keys() -> KeyFactory:
    return KeyFactory(seed=20261127)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No AISEC_* or CI settings leak into tests from the developer's shell."""
    for name in list(os.environ):
        if name.startswith("AISEC_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    full_env = {**os.environ, **(env or {})}
    out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=full_env, check=True)
    return out.stdout


def new_repo(path: Path) -> Path:
    """An empty git repository at ``path`` (created with its parents), identity configured."""
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", "Test Dev")
    git(path, "config", "user.email", "dev@example.com")
    git(path, "config", "commit.gpgsign", "false")
    return path


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """An empty git repository with an identity configured."""
    return new_repo(tmp_path / "repo")


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    def locations(self) -> list[tuple[str, int]]:
        """(path, line) of every finding of a ``-f json`` report, in report order."""
        return [(f["location"]["path"], f["location"]["line"]) for f in json.loads(self.stdout)["findings"]]


@pytest.fixture
def aisec() -> Callable[..., CliResult]:
    """Run the real ``aisec`` entry point in a subprocess (``python -m aisec_cli``)."""

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: str | None = None) -> CliResult:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
        full_env.update(env or {})
        out = subprocess.run(
            [sys.executable, "-m", "aisec_cli", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            env=full_env,
            input=stdin,
            timeout=600,
        )
        return CliResult(out.returncode, out.stdout, out.stderr)

    return run


@pytest.fixture
def write() -> Callable[[Path, str], Path]:
    def _write(path: Path, content: str | bytes) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def iter_files(root: Path) -> Iterator[Path]:
    yield from (p for p in root.rglob("*") if p.is_file())
