"""Run the real ``aisec checklist`` command on fixture repositories."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Mapping
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.checklist.repos import AS_OF, Repo, make_repo


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def data(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.stdout)
        return loaded

    @property
    def items(self) -> dict[str, dict[str, Any]]:
        return {i["id"]: i for i in self.data["extra"]["items"]}

    def item(self, item_id: str) -> dict[str, Any]:
        return self.items[item_id]

    def status(self, item_id: str) -> str:
        return str(self.item(item_id)["status"])

    def locations(self, item_id: str, outcome: str | None = None) -> list[str]:
        out = []
        for ev in self.item(item_id)["evidence"]:
            if outcome is not None and ev["outcome"] != outcome:
                continue
            if ev["path"]:
                out.append(f"{ev['path']}:{ev['line']}" if ev["line"] else ev["path"])
        return out


def run_cli(*args: str) -> Run:
    """``aisec`` in this process (the same entry point as the console script)."""
    from aisec_cli.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def checklist() -> Callable[..., Run]:
    """``aisec checklist REPO --as-of AS_OF -f json`` plus extra arguments."""

    def go(repo: Repo | Path, *extra: str, fmt: str = "json") -> Run:
        path = repo.path if isinstance(repo, Repo) else repo
        return run_cli("checklist", str(path), "--as-of", AS_OF, "-f", fmt, "--jobs", "1", *extra)

    return go


@pytest.fixture
def repo_of(tmp_path: Path) -> Callable[..., Repo]:
    counter = iter(range(1000))

    def build(files: Mapping[str, str | None], **kwargs: Any) -> Repo:
        return make_repo(tmp_path / f"repo{next(counter)}", files, **kwargs)

    return build


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys, "argv", ["aisec"])
    # the checklist looks at this clone's installed hooks only outside CI
    for name in ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "CIRCLECI", "JENKINS_URL", "TF_BUILD", "TEAMCITY_VERSION", "BITBUCKET_BUILD_NUMBER"):
        monkeypatch.delenv(name, raising=False)
