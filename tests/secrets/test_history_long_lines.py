"""A line of history longer than the parser's line cap is never buffered whole: the file is
read whole from its blob instead, never passed over in silence."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.sources.history import LINE_CAP, BinaryChange, FileChange, PatchParser
from aisec_cli.core.findings import ScanError
from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def test_the_parser_notes_a_cut_line_whatever_the_chunking() -> None:
    line = b"+" + b"x" * (LINE_CAP + 10) + b"\n"
    stream = b"diff --git a/b.js b/b.js\n--- a/b.js\n+++ b/b.js\n@@ -0,0 +1,2 @@\n" + line + b"+short\n"
    for size in (len(stream), 1 << 20, 4096):
        parser = PatchParser("staged")
        events = []
        for i in range(0, len(stream), size):
            events += parser.feed(stream[i : i + size])
        events += parser.close()
        notes = [e for e in events if isinstance(e, ScanError)]
        read = sum(len(e.document.text) for e in events if isinstance(e, FileChange))
        whole = [(e.path, e.long_line) for e in events if isinstance(e, BinaryChange)]
        if read >= LINE_CAP + 10 + len("short") + 1:
            assert notes == [] and whole == [], size  # read whole (one chunk held the line): nothing to note
        else:  # cut: the file is handed over whole, its blob read back (tests/history/test_long_line_blob.py)
            assert notes == [] and whole == [("b.js", True)], (size, notes)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["--staged", "--history"])
def test_a_key_past_the_cap_is_not_passed_over_in_silence(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory, mode: str
) -> None:
    key = keys.anthropic()
    (git_repo / "bundle.js").write_text("var a=1;" * (LINE_CAP // 8 + 10) + f'k="{key}";\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    if mode == "--history":
        git(git_repo, "commit", "-q", "-m", "bundle")
    result = aisec("scan", mode, "-f", "json", ".", cwd=git_repo)
    report = json.loads(result.stdout)
    noted = [e for e in report["errors"] if e["path"].startswith("bundle.js")]
    assert report["findings"] or noted, result.stdout
    assert key not in result.stdout + result.stderr
