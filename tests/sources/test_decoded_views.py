"""The runner hands engines decoded text: notebooks decoded once, in sources/decoding.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.core.config import Settings
from aisec_cli.core.document import Document
from aisec_cli.core.findings import Finding, ScanError
from aisec_cli.secrets.engine import build_engine
from aisec_cli.sources import decoding, filescan
from aisec_cli.sources.notebooks import NotebookProblem, read_cells
from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def _notebook(pem: str) -> str:
    """A notebook whose code cell holds a PEM key in one string (its newlines JSON-escaped)."""
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Notes\n", "some prose\n"]},
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [],
         "source": ["import os\n", f"KEY = {json.dumps(pem)}\n", "print(1)"]},
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def test_the_searchable_view_decodes_the_key_and_keeps_its_line(keys: KeyFactory) -> None:
    text = _notebook(keys.pem_private_key())
    shown = decoding.searchable(Document("n.ipynb", text))
    line = _line_of(text, "BEGIN")
    assert '\\"-----BEGIN' in text.split("\n")[line - 1]  # as read: JSON-escaped quotes
    assert 'KEY = "-----BEGIN' in shown.text.split("\n")[line - 1]  # handed over: decoded, same line
    handed = [(f.rule_id, f.location.line) for f in build_engine().scan(shown)]
    assert ("KEY090", line) in handed


def test_scan_cli_finds_the_decoded_key_at_the_notebook_line(
    tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    text = _notebook(keys.pem_private_key())
    (tmp_path / "n.ipynb").write_text(text, encoding="utf-8")
    result = aisec("scan", "-f", "json", ".", cwd=tmp_path)
    found = [(f["rule_id"], f["location"]["line"]) for f in json.loads(result.stdout)["findings"]]
    assert ("KEY090", _line_of(text, "BEGIN")) in found


def test_history_scan_is_handed_the_same_view(git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    text = _notebook(keys.pem_private_key())
    (git_repo / "n.ipynb").write_text(text, encoding="utf-8")
    git(git_repo, "add", "n.ipynb")
    git(git_repo, "commit", "-q", "-m", "nb")
    result = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    found = [(f["rule_id"], f["location"]["line"]) for f in json.loads(result.stdout)["findings"]]
    assert ("KEY090", _line_of(text, "BEGIN")) in found


def test_views() -> None:
    doc = Document("a.py", 'x = "a\\nb"\n')
    assert decoding.view(doc, "file") is doc
    assert decoding.view(doc, "text") is doc  # only notebooks are decoded
    nb = Document("n.ipynb", '{"cells": [\n {"source": ["a = \\"q\\"\\n"]}\n]}')
    shown = decoding.view(nb, "text")
    assert shown.text.split("\n")[1] == ' {"source": ["a = "q" "]}'
    assert list(shown.line_numbers or ()) == [1, 2, 3]
    with pytest.raises(ValueError, match="unknown document view"):
        decoding.view(doc, "cells?")


def test_code_cells_keeps_the_notebook_lines(keys: KeyFactory) -> None:
    text = _notebook("plain")
    doc = Document("n.ipynb", text)
    code, problems = decoding.code_cells(doc)
    assert problems == []
    lines = code.text.split("\n")
    assert lines[:3] == ["import os", 'KEY = "plain"', "print(1)"]
    assert list(code.line_numbers or ())[:3] == [_line_of(text, "import os"), _line_of(text, "KEY ="), _line_of(text, "print(1)")]
    assert "# Notes" not in code.text
    both, _ = decoding.code_cells(doc, ("markdown", "code"))
    assert both.text.startswith("# Notes\nsome prose\n\nimport os")
    assert [c.kind for c in read_cells(doc).cells] == ["markdown", "code"]


def test_code_cells_reports_bad_cells_and_non_notebooks() -> None:
    doc = Document("n.ipynb", json.dumps({"cells": [{"cell_type": "code", "source": 5}, {"cell_type": "code", "source": "x = 1"}]}))
    code, problems = decoding.code_cells(doc)
    assert code.text.split("\n")[0] == "x = 1"
    assert len(problems) == 1 and problems[0].startswith("cell 1:")
    with pytest.raises(NotebookProblem):
        decoding.code_cells(Document("n.ipynb", "not json"))


class _Recorder:
    """A detector that keeps the texts it is handed (runs in this process: jobs=1)."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, document: Document) -> tuple[list[Finding], list[ScanError]]:
        self.seen.append(document.text)
        return [], []


@pytest.mark.parametrize("view", ["text", "file"])
def test_the_runner_hands_the_view_the_job_asks_for(tmp_path: Path, view: str) -> None:
    text = '{"cells": [\n {"source": ["a = \\"q\\"\\n"]}\n]}'
    (tmp_path / "n.ipynb").write_text(text, encoding="utf-8")
    recorder = _Recorder()
    settings = Settings(root=tmp_path, jobs=1)
    filescan.run(filescan.Job("scan", ("T",), recorder, settings, view=view), [tmp_path])
    assert recorder.seen == [text if view == "file" else decoding.searchable(Document("n.ipynb", text)).text]
