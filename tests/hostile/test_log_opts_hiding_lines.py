"""--log-opts that hide added lines from git's diff: refused, never a clean history scan.

``--output-indicator-new=X`` marks added lines with another character (the parser saw none),
``--ignore-matching-lines``/``-I`` drops hunks whose lines match, and ``--no-diff-merges`` drops
the diff of a merge (a key only in a conflict resolution), and a forbidden flag bundled after another
(``-ws``: git reads it as ``-w -s``, no patch) was not seen: each made ``scan --history`` exit 0
on a history that holds a key, while ``--diff-merges=off`` was already refused.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory

HIDING = ["--output-indicator-new=X", "--output-indicator-old=+", "--output-indicator-context=+", "-ws", "-wzI.",
          "--ignore-matching-lines=.*", "-I.", "-wI.", "--no-diff-merges"]


@pytest.fixture
def merged(git_repo: Path, keys: KeyFactory) -> Path:
    """A key added in a plain commit and one only in a merge's conflict resolution."""
    (git_repo / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    (git_repo / "c.env").write_text("A=1\nB=2\n", encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "base")
    git(git_repo, "checkout", "-q", "-b", "side")
    (git_repo / "c.env").write_text("A=side\nB=2\n", encoding="utf-8")
    git(git_repo, "commit", "-q", "-am", "side")
    git(git_repo, "checkout", "-q", "main")
    (git_repo / "c.env").write_text("A=main\nB=2\n", encoding="utf-8")
    git(git_repo, "commit", "-q", "-am", "main")
    subprocess.run(["git", "merge", "-q", "side"], cwd=git_repo, capture_output=True, check=False)  # a conflict
    (git_repo / "c.env").write_text(f'A=merged\nANTHROPIC_API_KEY="{keys.anthropic()}"\nB=2\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "merge")
    return git_repo


def test_both_keys_are_found_without_options(merged: Path, aisec: Callable[..., CliResult]) -> None:
    result = aisec("scan", "--history", "-f", "json", ".", cwd=merged)
    assert result.code == 1, result.stderr
    assert sorted(p for p, _ in result.locations()) == ["c.env", "k.env"]


@pytest.mark.parametrize("option", HIDING)
def test_options_that_hide_added_lines_are_refused(merged: Path, aisec: Callable[..., CliResult], option: str) -> None:
    result = aisec("scan", "--history", f"--log-opts={option}", "-f", "json", ".", cwd=merged)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.code == 2, (option, result.code, result.stdout[:300], result.stderr)
    assert result.stderr.startswith("aisec: error: --log-opts:"), result.stderr
    assert not result.stdout or json.loads(result.stdout)["findings"]


@pytest.mark.parametrize("option", ["--first-parent", "-w", "--no-renames", "--author=Test", "-M50%"])
def test_options_that_keep_added_lines_still_work(merged: Path, aisec: Callable[..., CliResult], option: str) -> None:
    result = aisec("scan", "--history", f"--log-opts={option}", "-f", "json", ".", cwd=merged)
    assert result.code == 1, (option, result.stderr)
    assert "c.env" in {p for p, _ in result.locations()}


def test_a_bundle_is_read_up_to_the_flag_that_takes_a_value() -> None:
    from aisec_cli.sources.history import check_log_options

    for option in ("-ws", "-wz", "-aI.", "-wp"):
        assert check_log_options([option]) == option
    for option in ("-S-s", "-Gsz", "-n5", "-10", "-M50%", "-wG-s", "-O/dev/null"):
        assert check_log_options([option]) is None, option
