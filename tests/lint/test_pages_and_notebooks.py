"""`aisec lint` on HTML pages / templates and on notebooks with magics and broken cells (real CLI)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult

FLOW = ["from openai import OpenAI\n", "client = OpenAI(timeout=5)\n",
        'r = client.chat.completions.create(model="m", max_tokens=5, messages=[])\n',
        "exec(r.choices[0].message.content)\n"]


def _code(source: object) -> dict[str, object]:
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source}


def _nb(cells: list[object]) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def _lint(aisec: Callable[..., CliResult], cwd: Path, *paths: str) -> dict:  # type: ignore[type-arg]
    result = aisec("lint", "--isolated", "-f", "json", *paths, cwd=cwd)
    assert "Traceback" not in result.stderr, result.stderr[-800:]
    return json.loads(result.stdout)  # type: ignore[no-any-return]


PAGE = """<!doctype html>
<html><head><script src="/app.js"></script></head>
<body>
<div id="out"></div>
<script>
  async function ask(q) {
    const res = await fetch("/api/chat", { method: "POST", body: JSON.stringify({ q }) });
    const data = await res.json();
    document.getElementById("out").innerHTML = data.reply;
  }
</script>
</body></html>
"""


def test_script_blocks_of_pages_and_templates_are_linted_at_page_lines(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "static" / "index.html").write_text(PAGE)
    template = "{% extends 'base.html' %}\n{% block body %}\n" + PAGE.replace("<script>\n", "<script>\n  const who = {{ user|tojson }};\n")
    (tmp_path / "templates" / "chat.html.j2").write_text(template)
    (tmp_path / "templates" / "safe.htm").write_text(PAGE.replace("innerHTML", "textContent"))
    (tmp_path / "templates" / "plain.html").write_text("<p>el.innerHTML = reply</p>\n")
    data = _lint(aisec, tmp_path, ".")
    got = sorted((f["location"]["path"], f["rule_id"], f["location"]["line"]) for f in data["findings"])
    assert got == [
        ("static/index.html", "AIS304", _line_of(PAGE, "innerHTML")),
        ("templates/chat.html.j2", "AIS304", _line_of(template, "innerHTML")),
    ]
    assert data["errors"] == []


def test_magics_never_drop_a_notebook(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    cells = [
        _code(["%%bash\n", "pip install openai \\\n", "   pandas\n", "echo done > log.txt\n"]),
        _code(["!pip install -q langchain \\\n", "    langchain-openai\n", "files = !ls data\n"]),
        _code(["for f in files:\n", "    !echo {f}\n", "    %time len(f)\n"]),
        _code(["import os\n", "%env OPENAI_LOG=debug\n", "os.getcwd?\n"]),
        _code(FLOW),
    ]
    text = _nb(cells)
    (tmp_path / "nb.ipynb").write_text(text)
    data = _lint(aisec, tmp_path, "nb.ipynb")
    assert [(f["rule_id"], f["location"]["line"]) for f in data["findings"]] == [("AIS301", _line_of(text, "exec(r.choices"))]
    assert data["errors"] == []


def test_line_magics_inside_a_python_cell_magic_are_read_as_magics(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    # `%%capture` (and `%%time`, …) run their body as notebook Python, line magics included:
    # the body was passed on raw, so `%pip` made the whole cell a syntax error and it was skipped
    cells = [
        _code(["%%capture --no-stderr\n", "%pip install -U --quiet openai\n", "!echo ready\n", *FLOW]),
        _code(["%%time\n", "files = !ls data\n", "for f in files:\n", "    %time len(f)\n"]),
    ]
    text = _nb(cells)
    (tmp_path / "nb.ipynb").write_text(text)
    data = _lint(aisec, tmp_path, "nb.ipynb")
    assert [(f["rule_id"], f["location"]["line"]) for f in data["findings"]] == [("AIS301", _line_of(text, "exec(r.choices"))]
    assert data["errors"] == []


def test_a_cell_that_does_not_parse_is_skipped_with_its_cause(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    cells = [
        _code(['start = "2024-01-05"\n', "x = 010\n"]),  # a real Python 2 octal, next to a date string
        _code(['report_day = "2024-01-05"\n', "if report_day:\n", "print('unclosed'\n"]),  # a syntax error, no Python 2
        _code(FLOW),
    ]
    text = _nb(cells)
    (tmp_path / "nb.ipynb").write_text(text)
    data = _lint(aisec, tmp_path, "nb.ipynb")
    assert [(f["rule_id"], f["location"]["line"]) for f in data["findings"]] == [("AIS301", _line_of(text, "exec(r.choices"))]
    problems = sorted((e["kind"], e["message"]) for e in data["errors"])
    assert [kind for kind, _ in problems] == ["skipped", "skipped"], problems
    first, second = (message for _, message in problems)
    assert first.startswith("cell 1:") and "Python 2" in first and f"line {_line_of(text, 'x = 010')}" in first, first
    assert second.startswith("cell 2:") and "Python 2" not in second and "syntax error" in second, second


def test_an_uncapped_call_in_a_notebook_is_low(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    # a notebook is run by its author on their own key: no caller can spend it (a script is not)
    src = [
        "from openai import OpenAI\n",
        "client = OpenAI(timeout=30)\n",
        'r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])\n',
    ]
    (tmp_path / "nb.ipynb").write_text(_nb([_code(src)]))
    (tmp_path / "script.py").write_text("".join(src))
    data = _lint(aisec, tmp_path, "nb.ipynb", "script.py")
    sev = {f["location"]["path"]: f["severity"] for f in data["findings"] if f["rule_id"] == "AIS401"}
    assert sev == {"nb.ipynb": "low", "script.py": "medium"}


# Single-file components: the <script> blocks (TypeScript included) run in the visitor's browser
# like a page's; the markup around them ({#if}, {{ }}, v-html text) is not JavaScript.
SVELTE = """<script lang="ts">
  import { onMount } from "svelte";
  let box: HTMLDivElement;
  export let question: string = "";

  async function ask(): Promise<void> {
    const res = await fetch("/api/chat", { method: "POST", body: JSON.stringify({ question }) });
    const data: { reply: string } = await res.json();
    box.innerHTML = data.reply;
  }
  $: count = question.length;
  onMount(ask);
</script>

{#if count > 0}
  <div bind:this={box}>el.innerHTML = reply</div>
{/if}
"""

VUE = """<template>
  <div>{{ answer }}</div>
</template>

<script setup lang="ts">
import OpenAI from "openai";
const client = new OpenAI({ apiKey: import.meta.env.VITE_OPENAI_API_KEY, dangerouslyAllowBrowser: true });
</script>
"""


def test_script_blocks_of_svelte_and_vue_components_are_linted(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "Chat.svelte").write_text(SVELTE)
    (tmp_path / "src" / "Safe.svelte").write_text(SVELTE.replace("innerHTML", "textContent"))
    (tmp_path / "src" / "Ask.vue").write_text(VUE)
    (tmp_path / "src" / "Plain.vue").write_text("<template><p>el.innerHTML = reply</p></template>\n")
    data = _lint(aisec, tmp_path, ".")
    got = sorted((f["location"]["path"], f["rule_id"], f["location"]["line"]) for f in data["findings"])
    assert ("src/Chat.svelte", "AIS304", _line_of(SVELTE, "box.innerHTML")) in got
    assert ("src/Ask.vue", "AIS103", _line_of(VUE, "VITE_OPENAI")) in got
    assert all(path in ("src/Chat.svelte", "src/Ask.vue") for path, _rule, _line in got), got
    assert data["errors"] == []
