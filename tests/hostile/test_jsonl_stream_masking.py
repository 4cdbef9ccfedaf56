"""``scan --history``/``--staged -f jsonl`` on standard output streams each finding as it is met,
before the report is built, and so before the masking every other output gets: a key in the
commit message (``"commit": {"message": ...}``) or in a file's name was printed whole. The
matrix writes its reports to files, which are never streamed, so it did not see it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def _leaks(text: str, keys: list[str]) -> list[str]:
    return [k[:12] for k in keys if any(k[i:i + 16] in text for i in range(0, len(k) - 15, 4))]


@pytest.mark.parametrize("mode", ["--history", "--staged"])
def test_streamed_lines_are_masked(git_repo: Path, keys: KeyFactory, aisec: Callable[..., CliResult], mode: str) -> None:
    in_message, in_name, in_file = keys.anthropic(), keys.openai_project(), keys.anthropic()
    (git_repo / "a.env").write_text(f'ANTHROPIC_API_KEY="{in_file}"\n', encoding="utf-8")
    (git_repo / "msg.txt").write_text(f"rotate: the old key was {in_message}\n", encoding="utf-8")
    git(git_repo, "add", "a.env")
    git(git_repo, "commit", "-q", "-F", "msg.txt")
    (git_repo / f"{in_name}.txt").write_text("hello\n", encoding="utf-8")
    git(git_repo, "add", f"{in_name}.txt")
    if mode == "--history":
        git(git_repo, "commit", "-q", "-m", "named")
    streamed = aisec("scan", mode, "-f", "jsonl", ".", cwd=git_repo)
    assert streamed.code == 1, streamed.stderr
    assert streamed.stdout.count("\n") >= (2 if mode == "--history" else 1), streamed.stdout
    assert _leaks(streamed.stdout + streamed.stderr, [in_message, in_name, in_file]) == []
    written = aisec("scan", mode, "-f", f"jsonl={git_repo / 'out.jsonl'}", ".", cwd=git_repo)
    assert written.code == 1, written.stderr
    def shown(text: str) -> list[tuple[str, str]]:  # streamed lines come before the totals: compare what they name
        return sorted((f["rule_id"], f["location"]["path"]) for f in map(json.loads, text.splitlines()))

    assert shown(streamed.stdout) == shown((git_repo / "out.jsonl").read_text("utf-8"))
