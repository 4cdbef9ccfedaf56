"""Failures stay small: one file's engine error is an entry, an internal error is one line and exit 2."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from aisec_cli import cli
from aisec_cli.sources import filescan
from aisec_cli.core.config import Settings
from aisec_cli.core.document import Document
from aisec_cli.core.findings import Finding, Location, ScanError, Severity, fingerprint
from tests.keyfactory import KeyFactory


def _detector(document: Document) -> tuple[Sequence[Finding], Sequence[ScanError]]:
    if "explode" in document.text:
        raise TypeError(f"cannot handle {document.text!r}")  # the message quotes the input
    line = document.text.count("\n", 0, document.text.find("needle")) + 1
    return [Finding("AIS999", Severity.HIGH, "needle", Location(document.path, line), fingerprint("AIS999", document.path, "needle"))], []


def test_an_engine_exception_on_one_file_is_an_error_entry_and_the_rest_is_reported(tmp_path: Path, keys: KeyFactory) -> None:
    secret = keys.openai_project()
    (tmp_path / "a.txt").write_text("needle\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"explode {secret}\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("x\nneedle\n", encoding="utf-8")
    settings = Settings(root=tmp_path, jobs=1)
    report = filescan.run(filescan.Job("lint", ("AIS",), _detector, settings), [tmp_path])
    assert sorted(f.location.path for f in report.findings) == ["a.txt", "c.txt"]
    assert report.incomplete
    [error] = [e for e in report.errors if e.blocks]
    assert error.path == "b.txt"
    assert "TypeError" in error.message and "lint engine failed" in error.message
    assert secret[8:20] not in error.message  # never the exception's text: it may quote the input


def test_an_unexpected_exception_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from aisec_cli.secrets import run as secrets_run

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(secrets_run, "scan_tree", broken)
    code = cli.main(["scan", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aisec: internal error in 'aisec scan': RuntimeError at ")
    assert "--debug" in lines[0]
    code = cli.main(["scan", "--debug", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" in err and "boom" in err


def test_file_names_cannot_inject_lines_or_markup(tmp_path: Path, keys: KeyFactory, aisec) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "x\n::error title=owned::y.py").write_text(f'KEY = "{keys.openai_project()}"\n', encoding="utf-8")
    (tmp_path / "[bold]z.py").write_text(f'KEY = "{keys.openai_project()}"\n', encoding="utf-8")
    (tmp_path / "e\x1b[31m.py").write_text(f'KEY = "{keys.openai_project()}"\n', encoding="utf-8")
    for fmt in ("table", "hook", "markdown", "github", "junit"):
        out = aisec("scan", "-f", fmt, str(tmp_path))
        assert out.code == 1, (fmt, out.stderr)
        assert "::error title=owned" not in [line[:20] for line in out.stdout.splitlines()], fmt
        assert not any(line.startswith("::error title=owned") for line in (out.stdout + out.stderr).splitlines()), fmt
        assert "\x1b" not in out.stdout, fmt
        if fmt in ("table", "hook", "markdown"):
            assert "x\\n::error title=owned::y.py" in out.stdout, fmt
            assert "[bold]z.py" in out.stdout, fmt  # shown as named, not read as Rich markup
    data = json.loads(aisec("scan", "-f", "json", str(tmp_path)).stdout)
    # every format, JSON included, carries the one escaped form of a name (docs/output-formats.md)
    assert {f["location"]["path"] for f in data["findings"]} >= {"x\\n::error title=owned::y.py", "[bold]z.py"}


def test_a_file_that_is_not_valid_source_is_skipped_not_incomplete(tmp_path: Path, aisec) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "old.py").write_text("import openai\nprint 'python 2'\n", encoding="utf-8")
    out = aisec("lint", "-f", "json", str(tmp_path))
    data = json.loads(out.stdout)
    assert out.code == 0, out.stderr
    assert data["incomplete"] is False
    assert [e["kind"] for e in data["errors"] if e["path"] == "old.py"] == ["skipped"]
    assert re.search(r"old\.py", out.stderr) is None or "aisec: note: old.py" in out.stderr  # a skip is a note, never an error
