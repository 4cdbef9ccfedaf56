"""Deliberate skips that share one reason (every image of a tree) are counted in one stderr
line, not listed one per file: the lines a user reads go to what they must act on."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def test_many_binary_files_are_one_counted_line_and_all_in_json(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    for n in range(6):
        (tmp_path / f"img{n}.png").write_bytes(PNG)
    (tmp_path / "app.py").write_text("print('hi')\n", encoding="utf-8")
    text = aisec("scan", ".", cwd=tmp_path)
    assert text.code == 0, text.stderr
    lines = [line for line in text.stderr.splitlines() if line.startswith("aisec:")]
    assert lines == [lines[0]] and lines[0].startswith("aisec: note: 6 files skipped, binary file"), text.stderr
    report = json.loads(aisec("scan", "-f", "json", ".", cwd=tmp_path).stdout)
    assert sorted(e["path"] for e in report["errors"] if e["kind"] == "skipped") == [f"img{n}.png" for n in range(6)]


def test_a_few_skips_are_still_named_one_by_one(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    for n in range(2):
        (tmp_path / f"img{n}.png").write_bytes(PNG)
    result = aisec("scan", ".", cwd=tmp_path)
    assert "aisec: note: img0.png: binary file" in result.stderr and "aisec: note: img1.png: binary file" in result.stderr, result.stderr
    assert "files skipped" not in result.stderr
