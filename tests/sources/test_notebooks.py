"""Notebooks: malformed cells are reported and skipped, the rest is linted at the right lines."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.core.document import Document
from aisec_cli.sources.notebooks import read_cells
from tests.conftest import CliResult

FLOW = ["from openai import OpenAI\n", "client = OpenAI()\n",
        'r = client.chat.completions.create(model="m", max_tokens=5, timeout=5, messages=[])\n',
        "exec(r.choices[0].message.content)\n"]


def _code(source: object) -> dict[str, object]:
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source}


def _nb(cells: object, **dump: object) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, **dump) + "\n"  # type: ignore[arg-type]


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


BAD_CELLS: list[object] = [
    _code(7), _code({"a": 1}), _code([1, 2]), _code(None), _code(["ok\n", 3]), "not a cell", 5, None,
    {"cell_type": 3, "source": "x"},
]


def test_malformed_cells_are_reported_and_the_rest_is_linted(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    text = _nb([*BAD_CELLS[:4], _code(["# naïve ✓ café\n"]), _code(FLOW), *BAD_CELLS[4:]], indent=1, ensure_ascii=False)
    (tmp_path / "nb.ipynb").write_text(text, encoding="utf-8")
    result = aisec("lint", "-f", "json", "nb.ipynb", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr[-800:]
    data = json.loads(result.stdout)
    assert [(f["rule_id"], f["location"]["line"]) for f in data["findings"]] == [("AIS301", _line_of(text, "exec(r.choices"))]
    problems = [e for e in data["errors"] if e["path"] == "nb.ipynb"]
    assert len(problems) == 8 and all(e["kind"] == "skipped" for e in problems), problems
    assert {e["message"].split(":")[0] for e in problems} == {f"cell {n}" for n in (1, 2, 3, 4, 7, 8, 9, 10)}
    assert result.code != 0


@pytest.mark.parametrize(
    "body", ['{"cells": {"a": "openai"}}', '{"cells": 5, "x": "openai"}', '[1, "openai"]', '"openai"', "{not json openai"]
)
def test_not_a_notebook_is_one_error(body: str, tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    (tmp_path / "nb.ipynb").write_text(body)
    (tmp_path / "ok.ipynb").write_text(_nb([_code(FLOW)], indent=1))
    result = aisec("lint", "-f", "json", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr[-800:]
    data = json.loads(result.stdout)
    assert [f["location"]["path"] for f in data["findings"]] == ["ok.ipynb"]  # the other file is still analysed
    errors = [e for e in data["errors"] if e["path"] == "nb.ipynb"]
    assert len(errors) == 1 and errors[0]["kind"] == "skipped"  # not a notebook: listed, run complete


@pytest.mark.parametrize(
    "dump", [{"indent": 1, "ensure_ascii": False}, {"indent": 1}, {"indent": 2, "sort_keys": True}, {}],
    ids=["nbformat", "ascii", "indent2", "minified"],
)
def test_lines_map_to_the_notebook(dump: dict[str, object]) -> None:
    cells = [_code(["x = 'naïve ✓'\n", "y = '\\\\ \" \\t'\n", "z = 1"]), {"cell_type": "markdown", "metadata": {}, "source": ["# ✓\n"]},
             _code("a = 1\nb = 2\n"), _code([]), _code(["c = 3\n", "d = 4"])]
    text = _nb(cells, **dump)
    read = read_cells(Document("n.ipynb", text))
    assert read.problems == []
    assert [c.index for c in read.cells] == [1, 2, 3, 4, 5]
    code = [c for c in read.cells if c.kind == "code"]
    assert [line.rstrip("\n") for line in code[0].lines] == ["x = 'naïve ✓'", "y = '\\\\ \" \\t'", "z = 1"]
    if "indent" not in dump:
        assert {n for c in read.cells for n in c.numbers} == {1}
        return
    assert code[0].numbers == [_line_of(text, "x = "), _line_of(text, "y = "), _line_of(text, "z = 1")]
    assert code[1].numbers == [_line_of(text, "a = 1")] * 2  # one JSON string: one line
    assert code[3].numbers == [_line_of(text, "c = 3"), _line_of(text, "d = 4")]


def test_deeply_nested_notebook_is_an_error_not_a_crash(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    deep = '{"cells": [' + "[" * 100_000 + "]" * 100_000 + "], \"x\": \"openai\"}"
    (tmp_path / "deep.ipynb").write_text(deep)
    (tmp_path / "ok.ipynb").write_text(_nb([_code(FLOW)], indent=1))
    for command in ("lint", "scan"):
        result = aisec(command, "-f", "json", ".", cwd=tmp_path)
        assert "Traceback" not in result.stderr and "RecursionError" not in result.stdout, result.stderr[-800:]
        data = json.loads(result.stdout)
        if command == "lint":
            assert [f["location"]["path"] for f in data["findings"]] == ["ok.ipynb"]
            assert [e["kind"] for e in data["errors"] if e["path"] == "deep.ipynb"] == ["error"]


def _big_notebook(cells: int) -> str:
    body = [_code(FLOW[:2])] + [_code([f"v{i} = {i}\n", f"w{i} = 'é {i}'"]) for i in range(cells)] + [_code(FLOW[2:])]
    return _nb(body, indent=1, ensure_ascii=False)


def _lint_with_guard(tmp_path: Path, cells: int, limit: float) -> None:
    (tmp_path / "big.ipynb").write_text(_big_notebook(cells), encoding="utf-8")
    # raise lint's 2 MB cap on analysed code so every cell goes through the reader and the analyser
    (tmp_path / ".aisec.toml").write_text("[lint]\nmax-file-bytes = 100000000\n")
    out = subprocess.run([sys.executable, "-m", "aisec_cli", "lint", "-f", "json", "big.ipynb"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=limit)  # hang guard, not a benchmark
    assert "Traceback" not in out.stderr
    assert [f["rule_id"] for f in json.loads(out.stdout)["findings"]] == ["AIS301"]


def test_ten_thousand_cells_with_a_finding(tmp_path: Path) -> None:
    _lint_with_guard(tmp_path, 10_000, 120)


@pytest.mark.slow
def test_hundred_thousand_cells_do_not_hang(tmp_path: Path) -> None:
    _lint_with_guard(tmp_path, 100_000, 300)
