"""The one file runner isolates files: a detector's exception is an error entry for that file only."""

from __future__ import annotations

from pathlib import Path

from aisec_cli.sources import filescan
from aisec_cli.core.config import load_settings
from aisec_cli.core.document import Document
from aisec_cli.core.findings import Finding, Location, ScanError, Severity


def detector(document: Document) -> tuple[list[Finding], list[ScanError]]:
    if "boom" in document.text:
        raise RecursionError("maximum recursion depth exceeded")
    return [Finding("T001", Severity.HIGH, "found", Location(document.path, 1), "f" * 32)], []


def test_a_failing_file_does_not_hide_the_others(tmp_path: Path) -> None:
    for name, text in (("a.txt", "fine"), ("b.txt", "boom"), ("c.txt", "fine")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    settings = load_settings(tmp_path).evolve(root=tmp_path, jobs=1)
    report = filescan.run(filescan.Job("scan", ("T",), detector, settings), [tmp_path])
    assert {f.location.path for f in report.findings} == {"a.txt", "c.txt"}
    assert [(e.path, e.kind) for e in report.errors] == [("b.txt", "error")]
    assert "RecursionError" in report.errors[0].message
    assert report.stats["files_scanned"] == 3
