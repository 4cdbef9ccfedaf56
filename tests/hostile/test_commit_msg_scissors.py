"""A scissors line typed into a message given with -m or -F: git keeps what follows it (it cuts
there only for ``commit -v`` or ``--cleanup=scissors``), so the commit-msg check must read it.
It dropped everything after the line, so a key under it passed the hook and was committed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from aisec_cli.sources.messages import editor_message
from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory

CUT = "# ------------------------ >8 ------------------------\n"


def test_a_key_under_a_typed_scissors_line_is_found(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    key = keys.anthropic()
    message = git_repo / "msg.txt"
    message.write_text(f"rotate the key\n{CUT}old one: {key}\n", encoding="utf-8")
    result = aisec("scan", "--commit-msg", "-f", "json", str(message), cwd=git_repo)
    assert result.code == 1, (result.stdout[-300:], result.stderr)
    assert [f["location"]["line"] for f in json.loads(result.stdout)["findings"]] == [3]
    assert key not in result.stdout
    git(git_repo, "commit", "-q", "--allow-empty", "-F", str(message))
    assert key in git(git_repo, "log", "-1", "--format=%B")  # what the hook let through is in history


def test_git_commit_v_appendix_is_still_dropped(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    removed = keys.groq()
    message = git_repo / "COMMIT_EDITMSG"
    message.write_text(
        f"drop the old key\n\n# Please enter the commit message.\n{CUT}"
        "# Do not modify or remove the line above.\n# Everything below it will be ignored.\n"
        f"diff --git a/.env b/.env\nindex 1..2 100644\n--- a/.env\n+++ b/.env\n@@ -1 +0,0 @@\n-GROQ_API_KEY={removed}\n",
        encoding="utf-8",
    )
    result = aisec("scan", "--commit-msg", str(message), cwd=git_repo)
    assert result.code == 0, (result.stdout, result.stderr)


def test_editor_message_cuts_only_before_a_diff() -> None:
    assert editor_message(f"s\n{CUT}diff --git a/x b/x\n+x\n") == "s\n"
    assert editor_message(f"s\n{CUT}# advice\n# more\n\ndiff --cc x\n") == "s\n"
    assert editor_message(f"s\n{CUT}# advice only\n") == "s\n"
    assert editor_message(f"s\n{CUT}") == "s\n"
    assert editor_message(f"s\n{CUT}typed text\n") == f"s\n{CUT}typed text\n"
    assert editor_message(f"s\n{CUT}# c\ntyped\ndiff --git a/x b/x\n") == f"s\n{CUT}# c\ntyped\ndiff --git a/x b/x\n"
