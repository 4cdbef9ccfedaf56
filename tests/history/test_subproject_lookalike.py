"""Only a real submodule pointer (``Subproject commit <sha>``) is passed over in a diff: a text
file whose added lines merely start with those words was skipped whole, keys and all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from aisec_cli.sources.history import FileChange, iter_changes
from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def test_a_real_pointer_is_still_passed_over() -> None:
    stream = (
        b"diff --git a/sub b/sub\nnew file mode 160000\nindex 0000000..1234567\n--- /dev/null\n+++ b/sub\n"
        b"@@ -0,0 +1 @@\n+Subproject commit " + b"a" * 40 + b"\n"
    )
    assert [e for e in iter_changes([stream], "staged") if isinstance(e, FileChange)] == []


def test_a_lookalike_text_file_is_scanned(git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    (git_repo / "notes.env").write_text(
        f"Subproject commit notes\nAWS_ACCESS_KEY_ID={keys.aws_access_key_id()}\n", encoding="utf-8"
    )
    git(git_repo, "add", "-A")
    result = aisec("scan", "--staged", "-f", "json", ".", cwd=git_repo)
    assert result.code == 1, result.stdout + result.stderr
    assert result.locations() == [
        ("notes.env", 2)
    ]
