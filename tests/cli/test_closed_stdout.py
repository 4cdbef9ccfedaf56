"""Standard output closed before the report is written (``aisec scan . | head -1``): the run
never exits 0 (a CI step with pipefail would read that as clean), it says so in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.keyfactory import KeyFactory


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
@pytest.mark.parametrize("argv", [
    ["scan", "-f", "json", "."],
    ["lint", "-f", "json", "."],
    ["hooks", "run", "-f", "json", "client.py"],
])
def test_a_closed_stdout_is_an_error_not_a_clean_run(tmp_path: Path, keys: KeyFactory, argv: list[str]) -> None:
    (tmp_path / "client.py").write_text(
        f'from openai import OpenAI\nclient = OpenAI(api_key="{keys.openai_project()}")\n', encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before aisec writes a byte
    try:
        done = subprocess.run([sys.executable, "-m", "aisec_cli", *argv], cwd=tmp_path, env=env, stdout=write_end,
                              stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=120)
    finally:
        os.close(write_end)
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr and "internal error" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("aisec: error:")]
    assert len(errors) == 1 and "standard output" in errors[0], stderr


@pytest.mark.parametrize("argv", [["scan"], ["lint"], ["hooks", "run"], ["hooks", "run", "--only"]])
def test_control_characters_in_an_error_line_are_escaped(tmp_path: Path, argv: list[str]) -> None:
    """A name holding ESC or a newline (typed, pasted or handed over by a hook) is shown
    escaped in the one error line: it neither drives the terminal nor starts a second line."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    name = "\x1b]0;owned\x07\x1b[2Jgone\nsecond line.py"
    done = subprocess.run([sys.executable, "-m", "aisec_cli", *argv, name], cwd=tmp_path, env=env,
                          capture_output=True, stdin=subprocess.DEVNULL, timeout=120)
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, stderr
    assert "\x1b" not in stderr and "\x07" not in stderr, repr(stderr)
    lines = [line for line in stderr.splitlines() if line.startswith(("aisec: error:", "aisec: warning:"))]
    assert len(lines) == 1 and "\\x1b" in lines[0] and "\\nsecond line.py" in lines[0], repr(stderr)
    assert not any(line.startswith("second line") for line in stderr.splitlines()), repr(stderr)
