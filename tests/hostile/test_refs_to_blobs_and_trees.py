"""A tag may name a blob or a tree instead of a commit (``git tag keys <blob>``, as projects
publish a signing key; or an annotated tag of one), and ``git push`` sends it like any tag. git
log walks commits only: the pre-push scan of such a push exited 0 over a key in the blob, and
``scan --history`` never read blobs and trees that only a tag reaches. Now the blobs and trees
the refs of a history scan (or the refs being pushed) point at, directly or through tags, are
read too, named after the ref (``refs/tags/<name>``, ``refs/tags/<name>:<path>`` in a tree)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory

ZERO = "0" * 40


def _object(repo: Path, text: str) -> str:
    return subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, input=text, capture_output=True,
                          text=True, check=True).stdout.strip()


def _tree(repo: Path, blob: str) -> str:
    listing = f"100644 blob {blob}\tsettings.env\n"
    return subprocess.run(["git", "mktree"], cwd=repo, input=listing, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "readme.txt").write_text("hello\n", encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "first")
    return git_repo


def _paths(result: CliResult) -> list[str]:
    return sorted(f["location"]["path"] for f in json.loads(result.stdout)["findings"])


@pytest.mark.parametrize("kind", ["blob", "tree", "annotated-blob"])
def test_a_pushed_tag_naming_a_blob_or_tree_with_a_key_is_scanned(
    aisec: Callable[..., CliResult], repo: Path, keys: KeyFactory, kind: str
) -> None:
    blob = _object(repo, f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n')
    target = _tree(repo, blob) if kind == "tree" else blob
    if kind == "annotated-blob":
        git(repo, "tag", "-a", "keys", "-m", "the signing key", target)
    else:
        git(repo, "tag", "keys", target)
    tip = git(repo, "rev-parse", "refs/tags/keys").strip()
    pushed = f"refs/tags/keys {tip} refs/tags/keys {ZERO}\n"
    result = aisec("scan", "--pre-push", "-f", "json", cwd=repo, stdin=pushed)
    assert result.code == 1, (result.code, result.stderr)
    expected = "refs/tags/keys:settings.env" if kind == "tree" else "refs/tags/keys"
    assert _paths(result) == [expected], result.stdout


@pytest.mark.parametrize("kind", ["blob", "tree"])
def test_history_reads_blobs_and_trees_only_a_tag_reaches(
    aisec: Callable[..., CliResult], repo: Path, keys: KeyFactory, kind: str
) -> None:
    blob = _object(repo, f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n')
    git(repo, "tag", "keys", _tree(repo, blob) if kind == "tree" else blob)
    result = aisec("scan", "--history", "-f", "json", ".", cwd=repo)
    assert result.code == 1, (result.code, result.stderr)
    assert _paths(result) == ["refs/tags/keys:settings.env" if kind == "tree" else "refs/tags/keys"], result.stdout


def test_a_tag_of_binary_data_is_listed_not_read(aisec: Callable[..., CliResult], repo: Path) -> None:
    blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, input=bytes(range(256)) * 64,
                          capture_output=True, check=True).stdout.decode().strip()
    git(repo, "tag", "data", blob)
    result = aisec("scan", "--history", "-f", "json", ".", cwd=repo)
    assert result.code == 0, (result.code, result.stderr)
    errors = json.loads(result.stdout)["errors"]
    assert [(e["path"], e["kind"]) for e in errors] == [("refs/tags/data", "skipped")], errors
