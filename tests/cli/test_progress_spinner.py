"""A spinner on standard error for long commands on a terminal; never in CI, under pre-commit or with --no-progress."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.terminal import read_until_closed


def _tree(root: Path, files: int = 400) -> None:
    """Files with a system prompt and a model call each: every command has real work on every
    file, so a run lasts well past the spinner's 0.4 s delay even on a fast machine."""
    body = (
        "from openai import OpenAI\nclient = OpenAI()\n"
        'SYSTEM_PROMPT = "You are the support assistant for a bookshop. Answer questions about orders and stock."\n'
        "def ask(q):\n    return client.chat.completions.create(model='m', max_tokens=100, messages=["
        "{'role': 'system', 'content': SYSTEM_PROMPT}, {'role': 'user', 'content': q}])\n"
        + "".join(f"def f{i}(x):\n    return x + {i}\n" for i in range(40))
    )
    for n in range(files):
        path = root / f"pkg{n % 10}" / f"m{n}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")


def _run_with_terminal_stderr(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
    leader, follower = pty.openpty()
    full = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_") and k not in ("CI", "PRE_COMMIT")}
    full.update(env)
    out_path = cwd.parent / "stdout.txt"
    with open(out_path, "wb") as out_file:  # a file, not a pipe: a full pipe would stall the run
        proc = subprocess.Popen([sys.executable, "-m", "aisec_cli", *args], cwd=cwd, stdout=out_file, stderr=follower, env=full)
    os.close(follower)
    err = read_until_closed(leader)
    code = proc.wait(timeout=300)
    out = out_path.read_bytes()
    os.close(leader)
    return code, out.decode(), err.decode(errors="replace")


@pytest.mark.slow
@pytest.mark.parametrize("command", [["lint", "-j", "1"], ["prompts", "-j", "1"]])
def test_spinner_on_a_terminal_and_not_elsewhere(tmp_path: Path, command: list[str]) -> None:
    tmp_path = tmp_path / "tree"
    _tree(tmp_path)
    code, out, err = _run_with_terminal_stderr([*command, ".", "-f", "json"], tmp_path, {"TERM": "xterm"})
    assert code in (0, 1)
    json.loads(out)  # standard output stays clean
    assert "aisec" in err and ("checking" in err)
    for extra_env, flag in (({"CI": "true"}, []), ({"PRE_COMMIT": "1"}, []), ({}, ["--no-progress"])):
        code, out, err = _run_with_terminal_stderr([*command, ".", "-f", "json", *flag], tmp_path, {"TERM": "xterm", **extra_env})
        json.loads(out)
        assert "checking" not in err, (extra_env, flag)


@pytest.mark.slow
def test_baseline_prune_shows_the_spinner_and_takes_no_progress(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    _tree(tree)
    subprocess.run([sys.executable, "-m", "aisec_cli", "lint", ".", "--write-baseline", ".aisec-baseline.json"],
                   cwd=tree, capture_output=True, check=False)
    assert (tree / ".aisec-baseline.json").is_file()
    code, _, err = _run_with_terminal_stderr(["baseline", "prune"], tree, {"TERM": "xterm"})
    assert code == 0 and "re-checking" in err, err
    code, _, err = _run_with_terminal_stderr(["baseline", "prune", "--no-progress"], tree, {"TERM": "xterm"})
    assert code == 0 and "re-checking" not in err, err
