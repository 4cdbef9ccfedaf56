"""The hints under the table can be followed as written: the baseline hint says how the
baseline is used, and a key in a commit message is not told to take an ``aisec: ignore`` comment
(a message has no comment syntax, and the key stays in history until the commit is rewritten)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def _hint_lines(out: str) -> str:
    return " ".join(" ".join(line.split()) for line in out.splitlines() if not line[:1] in "┏┃┡│├└")


def test_following_the_baseline_hint_silences_todays_findings(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    (git_repo / "a.py").write_text(f'K = "{keys.anthropic()}"\n')
    first = aisec("scan", ".", cwd=git_repo, env={"COLUMNS": "200"})
    assert first.code == 1
    hints = _hint_lines(first.stdout)
    assert "--write-baseline .aisec-baseline.json" in hints
    assert "--baseline .aisec-baseline.json" in hints.replace("--write-baseline .aisec-baseline.json", "")
    assert aisec("scan", "--write-baseline", ".aisec-baseline.json", ".", cwd=git_repo).code == 0
    again = aisec("scan", "--baseline", ".aisec-baseline.json", ".", cwd=git_repo)
    assert again.code == 0, again.stdout


def test_a_key_in_a_commit_message_gets_the_advice_that_applies_to_messages(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    (git_repo / "a.txt").write_text("one\n")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "wire the client", "-m", f"tested with {keys.groq()}")
    result = aisec("scan", "--history", ".", cwd=git_repo, env={"COLUMNS": "200"})
    assert result.code == 1
    hints = _hint_lines(result.stdout)
    assert "COMMIT_MSG" in result.stdout
    assert "aisec: ignore[" not in hints  # a commit message cannot carry the comment
    assert "reword" in hints and "git rebase -i" in hints  # rewrite the message before it is pushed
    assert "--baseline" in hints


def test_a_file_finding_beside_a_message_finding_keeps_the_comment_hint(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    (git_repo / "a.py").write_text(f'K = "{keys.anthropic()}"\n')
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "wire the client", "-m", f"tested with {keys.groq()}")
    hints = _hint_lines(aisec("scan", "--history", ".", cwd=git_repo, env={"COLUMNS": "200"}).stdout)
    assert "aisec: ignore[" in hints and "git rebase -i" in hints


def test_a_message_being_written_is_told_to_edit_the_message(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    """The commit-msg hook stopped the commit: nothing is in history yet, so no rewrite, no
    baseline and no ignore comment (which would be committed with the key) are the advice."""
    message = git_repo / ".git" / "COMMIT_EDITMSG"
    message.write_text(f"wire the client\n\ntested with {keys.groq()}\n")
    for fmt in ("hook", "table"):
        result = aisec("scan", "--commit-msg", str(message), "-f", fmt, cwd=git_repo, env={"COLUMNS": "200"})
        assert result.code == 1
        hints = _hint_lines(result.stdout)
        assert "not made" in hints and "COMMIT_EDITMSG" in hints, hints
        assert "ignore[" not in hints and "baseline" not in hints and "rebase" not in hints, hints
