"""A file tracked by Git LFS is a three-line pointer in git; its content is pushed to the LFS
store. ``--staged``/``--history``/``--pre-push`` read the pointer only, so a key in an
LFS-tracked ``.json`` or ``.csv`` went out with exit 0. The object is read from the local LFS
store (``.git/lfs/objects``) when it is there, and listed as skipped when it is not.

git-lfs itself is not needed: a pointer and a stored object are plain files (the spec's layout).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from aisec_cli.sources.history import BinaryChange, iter_changes
from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def _store(repo: Path, content: bytes, keep: bool = True) -> str:
    """The pointer text for ``content``; the object is put where git-lfs keeps it (``keep``)."""
    oid = hashlib.sha256(content).hexdigest()
    if keep:
        folder = repo / ".git" / "lfs" / "objects" / oid[:2] / oid[2:4]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / oid).write_bytes(content)
    return f"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {len(content)}\n"


def _plant(repo: Path, keys: KeyFactory, keep: bool = True) -> None:
    (repo / ".gitattributes").write_text("*.json filter=lfs diff=lfs merge=lfs -text\n", encoding="utf-8")
    content = json.dumps({"settings": {"debug": True, "anthropic_api_key": keys.anthropic()}}, indent=2).encode()
    (repo / "config.json").write_text(_store(repo, content, keep), encoding="utf-8")
    git(repo, "add", "-A")


def test_the_parser_names_the_object_of_a_pointer() -> None:
    oid = "ab" * 32
    stream = (
        b"diff --git a/c.json b/c.json\nnew file mode 100644\n--- /dev/null\n+++ b/c.json\n@@ -0,0 +1,3 @@\n"
        b"+version https://git-lfs.github.com/spec/v1\n+oid sha256:" + oid.encode() + b"\n+size 120\n"
        b"diff --git a/d.txt b/d.txt\n--- a/d.txt\n+++ b/d.txt\n@@ -1,0 +2,2 @@\n+oid sha256:" + oid.encode() + b"\n+x\n"
    )
    events = list(iter_changes([stream], "staged"))
    assert [(e.path, e.lfs_oid) for e in events if isinstance(e, BinaryChange)] == [("c.json", oid)]
    assert len([e for e in events if not isinstance(e, BinaryChange)]) == 1  # d.txt: ordinary lines


def test_a_file_that_only_looks_like_a_pointer_is_scanned_as_text(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    """The parser names a candidate from the added lines; the blob must be a pointer to be one."""
    (git_repo / "notes.txt").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "notes")
    with open(git_repo / "notes.txt", "a", encoding="utf-8") as handle:
        handle.write("oid sha256:" + "cd" * 32 + "\n")
    git(git_repo, "commit", "-q", "-am", "checksum")
    report = json.loads(aisec("scan", "--history", "-f", "json", ".", cwd=git_repo).stdout)
    assert [f["location"]["path"] for f in report["findings"]] == ["notes.txt"] and report["errors"] == []


def test_staged_and_history_read_the_stored_object(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    _plant(git_repo, keys)
    staged = aisec("scan", "--staged", "-f", "json", ".", cwd=git_repo)
    assert staged.code == 1, staged.stdout + staged.stderr
    assert staged.locations() == [
        ("config.json", 4)
    ]
    git(git_repo, "commit", "-q", "-m", "config")
    history = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert history.code == 1, history.stdout + history.stderr
    report = json.loads(history.stdout)
    assert [(f["location"]["path"], f["location"]["line"]) for f in report["findings"]] == [("config.json", 4)]
    assert report["errors"] == []


def test_an_object_not_stored_locally_is_listed(git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    _plant(git_repo, keys, keep=False)
    staged = aisec("scan", "--staged", "-f", "json", ".", cwd=git_repo)
    report = json.loads(staged.stdout)
    assert [(e["path"], e["kind"]) for e in report["errors"]] == [("config.json", "skipped")]
    assert "LFS" in report["errors"][0]["message"] and report["incomplete"] is False
