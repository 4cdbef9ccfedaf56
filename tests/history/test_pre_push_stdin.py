"""scan --pre-push reads git's ref lines from standard input under max-file-size, like a file.

A stream over the cap or holding NUL bytes is not the text git gives a pre-push hook: one
clean error line and exit 2 (never a traceback, never a pass), after reading at most the cap.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HANG_GUARD = 300


def pre_push(repo: Path, data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AISEC_", "PRE_COMMIT"))}
    env.pop("CI", None)
    return subprocess.run(
        [sys.executable, "-m", "aisec_cli", "scan", "--pre-push", "--no-progress", "-f", "json", *args],
        cwd=repo,
        input=data,
        capture_output=True,
        env=env,
        timeout=HANG_GUARD,
    )


def _one_error_line(result: subprocess.CompletedProcess[bytes], words: str) -> None:
    assert result.returncode == 2, result.stderr[-2000:]
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.startswith("aisec: error:")]
    assert len(lines) == 1 and words in lines[0], err


def test_stream_over_the_cap_is_an_error(git_repo: Path) -> None:
    result = pre_push(git_repo, b"refs/heads/main " * 1_200_000)  # 19 MB: far more than any push's ref lines
    _one_error_line(result, "MiB")


def test_nul_stream_is_an_error(git_repo: Path) -> None:
    result = pre_push(git_repo, b"\0" * 1_048_576)
    _one_error_line(result, "NUL")


def test_ordinary_ref_lines_still_work(git_repo: Path) -> None:
    (git_repo / "a.txt").write_text("hello\n", encoding="utf-8")
    subprocess.run(["git", "add", "a.txt"], cwd=git_repo, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "a"], cwd=git_repo, check=True)
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=git_repo, capture_output=True, text=True, check=True).stdout.strip()
    line = f"refs/heads/main {sha} refs/heads/main {'0' * 40}\n".encode()
    result = pre_push(git_repo, line, "--max-file-size", "1MB")
    assert result.returncode == 0, result.stderr[-2000:]
