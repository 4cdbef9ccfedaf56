"""``aisec lint --diff`` on a terminal: the diff quotes the lines of the files it would fix, and
a line holding escape sequences or bidirectional controls (a pull request's code) was written
to the terminal raw, so it could rewrite what the reviewer saw. On a terminal they are shown
escaped; into a pipe the diff stays byte-exact (``| git apply`` still works)."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import git
from tests.keyfactory import KeyFactory
from tests.terminal import read_until_closed

HOSTILE = "\x1b]0;owned\x07\x1b[2K\x1b[1A\u202e"
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _project(root: Path, keys: KeyFactory) -> None:
    (root / "app.py").write_text(
        f'from openai import OpenAI\n\nclient = OpenAI(api_key="{keys.openai_project()}")  # {HOSTILE}\n',
        encoding="utf-8",
    )


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    env.update({"NO_COLOR": "1", "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    return env


def test_on_a_terminal_the_quoted_lines_are_escaped(git_repo: Path, keys: KeyFactory) -> None:
    _project(git_repo, keys)
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "aisec_cli", "lint", "--diff", "--no-progress", "."],
                               cwd=git_repo, stdin=subprocess.DEVNULL, stdout=follower, stderr=subprocess.PIPE, env=_env())
    os.close(follower)
    output = read_until_closed(leader).decode("utf-8", "replace").replace("\r\n", "\n")
    _, stderr = process.communicate(timeout=300)
    os.close(leader)
    assert process.returncode == 1, stderr
    assert "+client = OpenAI(api_key=os.environ" in output, output
    assert not RAW.findall(output), [line for line in output.splitlines() if RAW.search(line)]
    assert "\\x1b]0;owned\\x07" in output and "\\u202e" in output


def test_into_a_pipe_the_diff_applies_byte_for_byte(git_repo: Path) -> None:
    # no key: a diff that removes one shows it masked, and cannot be applied in any case
    (git_repo / "app.py").write_text(f"from openai import OpenAI\n\nclient = OpenAI()  # {HOSTILE}\n", encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "c")
    done = subprocess.run([sys.executable, "-m", "aisec_cli", "lint", "--diff", "--no-progress", "."], cwd=git_repo,
                          capture_output=True, env=_env(), stdin=subprocess.DEVNULL, timeout=300)
    assert done.returncode == 1, done.stderr
    assert HOSTILE.encode() in done.stdout
    applied = subprocess.run(["git", "apply", "--check", "-"], cwd=git_repo, input=done.stdout, capture_output=True)
    assert applied.returncode == 0, applied.stderr
