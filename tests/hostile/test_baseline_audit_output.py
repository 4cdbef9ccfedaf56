"""``aisec baseline audit`` shows each entry of a baseline file, a file any pull request can edit:
its rule and path, and the current finding's message and evidence, were written to the
terminal as they were, so escape sequences in them drove the reviewer's terminal and a newline
in a path started a line of its own."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult
from tests.keyfactory import KeyFactory

RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_entries_and_evidence_are_shown_escaped(
    git_repo: Path, keys: KeyFactory, aisec: Callable[..., CliResult]
) -> None:
    (git_repo / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"  # \x1b]0;owned\x07\x1b[2J\u202e\n',
                                    encoding="utf-8")
    assert aisec("scan", "--write-baseline", "base.json", ".", cwd=git_repo).code == 0
    data = json.loads((git_repo / "base.json").read_text(encoding="utf-8"))
    data["sections"]["scan"].append({"fingerprint": "0" * 32, "key": "1" * 32, "rule": "KEY\x1b[5m001",
                                     "path": "p\x1b[31m\n::error::forged.env", "verdict": "false-positive"})
    (git_repo / "base.json").write_text(json.dumps(data), encoding="utf-8")
    result = aisec("baseline", "audit", "--all", "-b", "base.json", ".", cwd=git_repo, stdin="s\ns\n")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.code == 0, result.stderr
    assert "[2/2]" in result.stdout and "k.env" in result.stdout
    assert not RAW.findall(result.stdout), [line for line in result.stdout.splitlines() if RAW.search(line)]
    assert not any(line.startswith("::") for line in result.stdout.splitlines())
    assert "p\\x1b[31m\\n::error::forged.env" in result.stdout
