"""The bad-input matrix's runner on a hang: the run counts as a hang and everything it started is
ended with it. Only the aisec process was killed, so a git child waiting on a FIFO lived on after
the matrix (and the test suite) had finished, one per hanging run."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.matrix.cases import CASES, Planted, run_command


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def test_a_hanging_run_takes_its_children_with_it(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    fake = tmp_path / "fake-python"  # stands for an aisec run whose git child never returns
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > '{pid_file}'\nwait\n", encoding="utf-8")
    fake.chmod(0o755)
    case = next(c for c in CASES if c.name == "binary")
    out = tmp_path / "out"
    out.mkdir()
    outcome = run_command(case, "scan", tmp_path, Planted(), out, 2.0, python=str(fake))
    assert outcome.hangs, outcome
    deadline = time.monotonic() + 10
    child = int(pid_file.read_text(encoding="ascii"))
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = _alive(child)
    if alive:
        os.kill(child, 9)
    assert not alive, "the hanging run's child process was left running"
