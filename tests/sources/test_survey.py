"""filescan.survey: the one runner gathering per-file facts (the checklist's tree pass)."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from aisec_cli.core.config import Settings
from aisec_cli.core.document import Document
from aisec_cli.core.findings import ScanError
from aisec_cli.sources import filescan, files


def _lines(document: Document) -> tuple[tuple[str, int, str] | None, Sequence[ScanError]]:
    """Facts: (name, lines, first line); nothing for empty files; a problem for 'odd' files."""
    if document.path.endswith("boom.txt"):
        raise RuntimeError("examiner bug")
    problems = [ScanError(document.path, "odd file", "warning")] if "odd" in document.path else []
    if not document.text:
        return None, problems
    return (document.path, document.text.count("\n") + 1, document.text.split("\n", 1)[0]), problems


def _tree(root: Path, count: int) -> None:
    for i in range(count):
        (root / f"f{i:03d}.txt").write_text(f"file {i}\nsecond\n", encoding="utf-8")
    (root / "empty.txt").write_text("", encoding="utf-8")
    (root / "odd.txt").write_text("odd\n", encoding="utf-8")
    (root / "blob.bin").write_bytes(b"\0\1\2binary")


@pytest.mark.parametrize("jobs", [1, 2])
def test_facts_in_discovery_order_errors_and_counts(tmp_path: Path, jobs: int) -> None:
    _tree(tmp_path, 70)  # more than MIN_PARALLEL_ITEMS: jobs=2 runs on a real pool
    calls: list[int] = []
    surveyed = filescan.survey(
        filescan.Survey("facts", _lines, Settings(root=tmp_path, jobs=jobs)), [tmp_path], batch_size=8,
        started=lambda: calls.append(1),
    )
    names = [fact[0] for fact in surveyed.facts]
    assert names == sorted(names) and len(names) == 71  # 70 + odd.txt; empty.txt gave None
    assert surveyed.facts[0] == ("f000.txt", 3, "file 0")
    assert [(e.path, e.message, e.kind) for e in surveyed.errors] == [
        ("blob.bin", files.BINARY, "skipped"),  # listed: not examined on purpose
        ("odd.txt", "odd file", "warning"),
    ]
    assert surveyed.stats["files_scanned"] == 72 and surveyed.stats["files_skipped"] == 1  # the binary file
    assert calls == [1]  # started once, after the workers ran


def test_an_examiner_failure_is_an_error_entry_and_the_run_goes_on(tmp_path: Path) -> None:
    _tree(tmp_path, 2)
    (tmp_path / "boom.txt").write_text("x\n", encoding="utf-8")
    surveyed = filescan.survey(filescan.Survey("facts", _lines, Settings(root=tmp_path, jobs=1)), [tmp_path])
    failed = [e for e in surveyed.errors if e.path == "boom.txt"]
    assert len(failed) == 1 and failed[0].kind == "error" and "facts engine failed" in failed[0].message
    assert {f[0] for f in surveyed.facts} == {"f000.txt", "f001.txt", "odd.txt"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_an_error(tmp_path: Path) -> None:
    secret = tmp_path / "locked.txt"
    secret.write_text("x\n", encoding="utf-8")
    secret.chmod(0)
    surveyed = filescan.survey(filescan.Survey("facts", _lines, Settings(root=tmp_path, jobs=1)), [tmp_path])
    assert [e.path for e in surveyed.errors if e.kind == "error"] == ["locked.txt"]


def test_started_is_called_when_there_is_nothing_to_read(tmp_path: Path) -> None:
    calls: list[int] = []
    surveyed = filescan.survey(
        filescan.Survey("facts", _lines, Settings(root=tmp_path, jobs=1)), [tmp_path], started=lambda: calls.append(1)
    )
    assert surveyed.facts == () and calls == [1]


def _text(document: Document) -> tuple[str, Sequence[ScanError]]:
    return document.text, ()


def test_the_view_is_the_decoded_text_or_the_file_as_read(tmp_path: Path) -> None:
    cell = {"cell_type": "code", "metadata": {}, "source": ["print('cell')\n"], "outputs": [], "execution_count": None}
    (tmp_path / "n.ipynb").write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1), encoding="utf-8")
    settings = Settings(root=tmp_path, jobs=1)
    (as_read,) = filescan.survey(filescan.Survey("v", _text, settings, view="file"), [tmp_path]).facts
    (decoded,) = filescan.survey(filescan.Survey("v", _text, settings, view="text"), [tmp_path]).facts
    assert as_read == (tmp_path / "n.ipynb").read_text(encoding="utf-8")
    assert "print('cell')\\n" in as_read and "print('cell')\\n" not in decoded  # JSON-escaped only as read
    assert "print('cell')" in decoded
