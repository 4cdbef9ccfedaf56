"""Files git lists that are not in the working tree say why: outside a sparse checkout, or
deleted and not yet committed (the report said "file vanished before it could be read")."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def test_files_outside_a_sparse_checkout_and_deleted_files_are_named(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    for folder in ("far", "near"):
        (git_repo / folder).mkdir()
    (git_repo / "far" / "secret.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    (git_repo / "near" / "notes.txt").write_text("hello\n", encoding="utf-8")
    (git_repo / "near" / "gone.txt").write_text("bye\n", encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "files")
    git(git_repo, "sparse-checkout", "set", "near")
    (git_repo / "near" / "gone.txt").unlink()
    assert not (git_repo / "far").exists()
    result = aisec("scan", "-f", "json", ".", cwd=git_repo)
    report = json.loads(result.stdout)
    listed = {e["path"]: (e["kind"], e["message"]) for e in report["errors"]}
    assert listed["far/secret.env"][0] == "skipped" and "sparse checkout" in listed["far/secret.env"][1]
    assert listed["near/gone.txt"][0] == "skipped" and "deleted" in listed["near/gone.txt"][1]
    assert report["incomplete"] is False and result.code == 0
    history = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert [f["location"]["path"] for f in json.loads(history.stdout)["findings"]] == ["far/secret.env"]
