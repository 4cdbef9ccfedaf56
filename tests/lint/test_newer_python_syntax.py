"""Python newer than aisec's interpreter is read, not skipped: 3.12 f-strings (quotes reused,
backslashes, comments and line breaks inside a field), 3.12 type parameters and 3.14 t-strings
are rewritten line for line into syntax 3.11 parses, for lint, prompts and notebooks alike.

Before, on 3.11, such a file was "not examined": every lint and checklist run on a codebase
written for 3.12 ended incomplete (exit 2), and ``aisec prompts`` silently read nothing of it.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.core.document import Document
from aisec_cli.lint.python.downlevel import downlevel, parse
from aisec_cli.prompts.material import segments
from tests.conftest import CliResult

REPLY_RUN = (
    "from openai import OpenAI\n"
    "client = OpenAI(timeout=30)\n"
    "def run(q):\n"
    '    r = client.chat.completions.create(model="m", max_tokens=10, messages=[{"role": "user", "content": q}])\n'
    "    code = r.choices[0].message.content\n"
    "    exec(code)\n"
)

SHAPES = {
    "quotes reused in a field": 'row = {"name": "x"}\nlabel = f"name: {row["name"]}"\n',
    "backslash in a field": 'items = ["a"]\nlabel = f"{"\\n".join(items)}"\n',
    "comment and line breaks in a one-line f-string's field": "a = b = 1\nlabel = f'{\n    a  # the first\n    + b\n}'\n",
    "nested f-string in the same quote": 'x = 1\nlabel = f"{f"{x}"}"\n',
    "escape in a nested f-string": "pairs = [(1, 2)]\nlabel = f\"\"\"{' '.join([f'Q: {q}\\nA: {a}' for q, a in pairs])}\"\"\"\n",
    "format spec with a nested field and a conversion": 'w = 5\nlabel = f"{"v"!r:>{w}}"\n',
    "type alias": "type Rows = list[dict[str, int]]\n",
    "generic type alias": "type Pair[T] = tuple[T, T]\n",
    "generic function with a bound": "def first[T: (int, str)](xs: list[T]) -> T:\n    return xs[0]\n",
    "generic async function": "async def first[T](xs: list[T]) -> T:\n    return xs[0]\n",
    "generic class": "class Box[T]:\n    item: T\n",
    "t-string": 'name = "x"\nlabel = t"hello {name}"\n',
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_each_newer_shape_parses_on_the_same_lines(shape: str) -> None:
    text = SHAPES[shape] + REPLY_RUN
    tree = parse(text)
    (call,) = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "exec"]
    assert call.lineno == text.splitlines().index("    exec(code)") + 1
    rewritten = downlevel(text)
    if rewritten is not None:
        assert rewritten.count("\n") == text.count("\n")


def test_names_inside_rewritten_fields_survive() -> None:
    tree = parse('label = f"{row["name"]} {"\\n".join(items)} {f"{inner}"}"\n')
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert {"row", "items", "inner"} <= names
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert "name" in strings  # a nested string keeps its text when it has no quote or backslash


def test_source_without_newer_syntax_is_left_alone() -> None:
    text = 'x = f"{a!r}" + rf"\\d{b}" + "plain {c}"\ntype = 3\ntype(x)\ndef f(a=[1]):\n    return a\n'
    assert downlevel(text) is None


@pytest.mark.parametrize(
    "broken",
    [
        'label = f"{row["name"]}\n',  # the f-string never closes
        'label = f"{row["name"]}"\ndef f(:\n    pass\n',  # a real error beside newer syntax
        "type Rows = \n",
    ],
)
def test_a_real_syntax_error_is_still_raised(broken: str) -> None:
    with pytest.raises(SyntaxError):
        parse(broken)


def _json(result: CliResult) -> dict:  # type: ignore[type-arg]
    assert result.code in (0, 1), result.stdout + result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_lint_reports_the_flow_in_a_312_module(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    text = SHAPES["quotes reused in a field"] + SHAPES["generic class"] + REPLY_RUN
    (tmp_path / "app.py").write_text(text)
    data = _json(aisec("lint", "-f", "json", ".", cwd=tmp_path))
    assert data["errors"] == []
    assert [(f["rule_id"], f["location"]["line"]) for f in data["findings"] if f["rule_id"] == "AIS301"] == [
        ("AIS301", text.splitlines().index("    exec(code)") + 1)
    ]


def test_a_notebook_cell_in_312_syntax_is_analysed(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    cells = [SHAPES["quotes reused in a field"], REPLY_RUN]
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": c.splitlines(keepends=True), "outputs": [], "execution_count": None} for c in cells],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (tmp_path / "nb.ipynb").write_text(json.dumps(notebook, indent=1))
    data = _json(aisec("lint", "-f", "json", ".", cwd=tmp_path))
    assert data["errors"] == []
    assert "AIS301" in {f["rule_id"] for f in data["findings"]}


def test_prompts_read_the_system_prompt_of_a_312_module() -> None:
    source = (
        "import anthropic\n"
        "client = anthropic.Anthropic()\n"
        'settings = {"tone": "calm"}\n'
        'SYSTEM = f"You are the support agent of a bicycle shop. Keep a {settings["tone"]} tone with every customer."\n'
        "def answer(q):\n"
        "    return client.messages.create(model='claude', max_tokens=200, system=SYSTEM,\n"
        "        messages=[{'role': 'user', 'content': q}])\n"
    )
    found, _ = segments(Document("shop/bot.py", source), explicit=False)
    assert [(s.kind, s.role) for s in found if "bicycle shop" in s.text] == [("system", "system")]
