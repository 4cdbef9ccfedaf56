"""One ``git cat-file --batch`` answers every read: asking it for an object of another kind
(a folder's tree, a commit) must not leave that object's content in the pipe, where the next
read took it for its own header and every later blob of the run came back unread or wrong."""

from __future__ import annotations

from pathlib import Path

from aisec_cli.sources.gitrepo import BlobReader, Unread
from tests.conftest import git


def test_a_tree_or_commit_asked_for_does_not_shift_the_next_answer(git_repo: Path) -> None:
    (git_repo / "src").mkdir()
    (git_repo / "src" / "app.py").write_text("print('app')\n")
    (git_repo / "notes.txt").write_text("notes\n")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "one")
    reader = BlobReader(git_repo, 1 << 20)
    try:
        assert isinstance(reader.fetch(b"HEAD:src"), Unread)  # a tree
        assert reader.read(b"HEAD:notes.txt") == b"notes\n"
        assert isinstance(reader.fetch(b"HEAD"), Unread)  # a commit
        assert reader.read(b"HEAD:src/app.py") == b"print('app')\n"
        commit = reader.fetch(b"HEAD", kind=b"commit")
        assert isinstance(commit, bytes) and commit.startswith(b"tree ")
    finally:
        reader.close()
