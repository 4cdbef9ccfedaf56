"""A diff line longer than the parser's line cap (minified JSON, a bundled script) is read whole
from its blob, as the tree scan reads the file: a key at the end of a 5 MB one-line file was a
``skipped`` note and exit 0 in ``--history``/``--staged`` while ``scan .`` found it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.sources.history import LINE_CAP, BinaryChange, FileChange, PatchParser
from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def _minified(key: str) -> str:
    fields = ",".join(f'"k{n}":"{n}"' for n in range(LINE_CAP // 12 + 1000))
    return "{" + fields + f',"anthropic_api_key":"{key}"' + "}"


def test_the_parser_hands_the_file_over_whole_without_buffering_the_line() -> None:
    line = b"+" + b"x" * (LINE_CAP + 10) + b"\n"
    stream = b"diff --git a/b.js b/b.js\n--- a/b.js\n+++ b/b.js\n@@ -0,0 +1,2 @@\n" + line + b"+short\n"
    parser = PatchParser("staged")
    events = []
    for i in range(0, len(stream), 1 << 16):
        events += parser.feed(stream[i : i + (1 << 16)])
        assert parser._pending_size <= LINE_CAP
    events += parser.close()
    whole = [e for e in events if isinstance(e, BinaryChange)]
    assert [(e.path, e.long_line) for e in whole] == [("b.js", True)]
    assert not [e for e in events if not isinstance(e, (BinaryChange, FileChange))]


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["--staged", "--history"])
def test_a_key_at_the_end_of_a_long_line_is_found(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory, mode: str
) -> None:
    key = keys.anthropic()
    (git_repo / "config.min.json").write_text(_minified(key), encoding="utf-8")
    git(git_repo, "add", "-A")
    if mode == "--history":
        git(git_repo, "commit", "-q", "-m", "build output")
    result = aisec("scan", mode, "-f", "json", ".", cwd=git_repo)
    assert result.code == 1, result.stdout[-2000:] + result.stderr
    report = json.loads(result.stdout)
    assert [(f["location"]["path"], f["location"]["line"]) for f in report["findings"]] == [("config.min.json", 1)]
    assert report["errors"] == [] and report["incomplete"] is False
    assert key not in result.stdout + result.stderr


@pytest.mark.slow
def test_over_the_size_cap_it_is_listed(git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    (git_repo / "config.min.json").write_text(_minified(keys.anthropic()), encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "build output")
    result = aisec("scan", "--history", "--max-file-size", "5MB", "-f", "json", ".", cwd=git_repo)
    report = json.loads(result.stdout)
    entries = [(e["path"].split("@")[0], e["kind"]) for e in report["errors"]]
    assert ("config.min.json", "skipped") in entries, report["errors"]
    assert report["incomplete"] is False
