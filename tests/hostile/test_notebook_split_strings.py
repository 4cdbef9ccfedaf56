"""A notebook's multi-line strings (cell sources, stream and display outputs) are lists whose
elements are joined with nothing between them (nbformat); an element need not end at a line
break. A key cut across two or three elements reads whole in Jupyter, and was not seen by the
tree, staged or history scan (each JSON line was decoded on its own)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def _notebook(source_key: str, output_key: str, three_way: str) -> str:
    cells = [
        {"cell_type": "code", "execution_count": 1, "metadata": {},
         "source": ["import os\n", f'os.environ["ANTHROPIC_API_KEY"] = "{source_key[:41]}', f'{source_key[41:]}"\n'],
         "outputs": [{"output_type": "stream", "name": "stdout",
                      "text": [f"the key is {output_key[:12]}", f"{output_key[12:]}\n", "done\n"]}]},
        {"cell_type": "code", "execution_count": 2, "metadata": {},
         "source": [f'API_KEY = "{three_way[:20]}', three_way[20:60], f'{three_way[60:]}"\n', "print(1)\n"],
         "outputs": []},
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def _lines(text: str, *parts: str) -> set[int]:
    """The lines of the .ipynb where each key's first part stands."""
    rows = text.split("\n")
    return {next(n for n, row in enumerate(rows, 1) if part in row) for part in parts}


def _found(result: CliResult) -> set[tuple[str, int]]:
    return {(f["location"]["path"], f["location"]["line"]) for f in json.loads(result.stdout)["findings"]}


@pytest.mark.parametrize("mode", ["tree", "staged", "history"])
def test_a_key_cut_across_list_elements_is_found_where_it_starts(git_repo: Path, keys: KeyFactory, mode: str,
                                                                aisec: Callable[..., CliResult]) -> None:
    source_key, output_key, three_way = keys.anthropic(), keys.openai_project(), keys.anthropic()
    text = _notebook(source_key, output_key, three_way)
    (git_repo / "demo.ipynb").write_text(text, encoding="utf-8")
    git(git_repo, "add", "-A")
    if mode == "history":
        git(git_repo, "commit", "-q", "-m", "notebook")
    args = {"tree": (), "staged": ("--staged",), "history": ("--history",)}[mode]
    result = aisec("scan", *args, "-f", "json", ".", cwd=git_repo)
    assert result.code == 1, result.stderr
    wanted = {("demo.ipynb", n) for n in _lines(text, source_key[:41], output_key[:12], three_way[:20])}
    assert wanted <= _found(result), (sorted(wanted), sorted(_found(result)))
    assert len(json.loads(result.stdout)["findings"]) == 3  # each key once
    assert not any(k[12:40] in result.stdout for k in (source_key, output_key, three_way))


def test_elements_that_end_at_a_line_break_are_not_glued(git_repo: Path, keys: KeyFactory,
                                                        aisec: Callable[..., CliResult]) -> None:
    key = keys.anthropic()
    cells = [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
              "source": [f'API_KEY = "{key}"\n', f'OTHER = "{key}"\n']}]
    (git_repo / "two.ipynb").write_text(json.dumps({"cells": cells, "nbformat": 4}, indent=1), encoding="utf-8")
    result = aisec("scan", "-f", "json", ".", cwd=git_repo)
    assert result.code == 1 and len(_found(result)) == 2, result.stdout
