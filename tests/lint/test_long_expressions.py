"""Valid Python the interpreter runs is examined however long its `+` chains are (no "nested too deeply")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TERMS = 2000  # CPython compiles and runs this; the analysers recursed once per operand


def _long_concatenation(terms: int) -> str:
    body = "\n".join(["    'part of a long literal ' +"] * terms)
    return (
        "from openai import OpenAI\n\n"
        "client = OpenAI(timeout=10, max_retries=1)\n"
        "system_prompt = (\n" + body + "\n    'the end')\n"
        "reply = client.chat.completions.create(model='m', max_tokens=10, messages=[\n"
        "    {'role': 'system', 'content': system_prompt + ' You are a helpful assistant.'}])\n"
        "code = reply.choices[0].message.content\n"
        "exec('x = ' + " + " + ".join(["'1'"] * 3) + " + code)\n"
    )


def test_the_source_compiles_so_it_must_be_analysed(tmp_path: Path) -> None:
    compile(_long_concatenation(TERMS), "app.py", "exec")  # the premise: the interpreter takes it


@pytest.mark.parametrize("command", ["lint", "prompts"])
def test_a_long_plus_chain_is_analysed_not_given_up(tmp_path: Path, aisec, command: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "app.py").write_text(_long_concatenation(TERMS), encoding="utf-8")
    result = aisec(command, ".", "-f", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert not data.get("incomplete"), data.get("errors")
    assert [e for e in data.get("errors", []) if e["kind"] == "error"] == []
    assert "Traceback" not in result.stderr
    if command == "lint":
        assert result.code == 1, result.stderr
        assert "AIS301" in {f["rule_id"] for f in data["findings"]}
    else:
        assert result.code in (0, 1), result.stderr


def _long_js_concatenation(terms: int) -> str:
    body = "\n".join(["    'part of a long literal ' +"] * terms)
    return (
        'const OpenAI = require("openai");\n'
        "const openai = new OpenAI({ timeout: 20000, maxRetries: 2 });\n"
        "async function main(req) {\n"
        "  const system = (\n" + body + "\n    'the end');\n"
        "  const r = await openai.chat.completions.create({ model: 'm', max_tokens: 10, "
        "messages: [{ role: 'system', content: system }] });\n"
        "  eval('x = ' + " + " + ".join(["'1'"] * 3) + " + r.choices[0].message.content);\n"
        "}\n"
        "module.exports = { main };\n"
    )


@pytest.mark.parametrize("command", ["lint", "prompts"])
def test_a_long_javascript_plus_chain_is_analysed_not_given_up(tmp_path: Path, aisec, command: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "app.js").write_text(_long_js_concatenation(3000), encoding="utf-8")
    result = aisec(command, ".", "-f", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert not data.get("incomplete"), data.get("errors")
    assert "Traceback" not in result.stderr
    if command == "lint":
        assert result.code == 1, result.stderr
        assert "AIS301" in {f["rule_id"] for f in data["findings"]}
    else:
        assert result.code in (0, 1), result.stderr


PY_HEAD = (
    "from openai import OpenAI\n\n"
    "client = OpenAI(timeout=10, max_retries=1)\n"
    "reply = client.chat.completions.create(model='m', max_tokens=10, messages=[{'role': 'user', 'content': 'x'}])\n"
    "code = reply.choices[0].message.content\n"
)
JS_HEAD = (
    'const OpenAI = require("openai");\n'
    "const openai = new OpenAI({ timeout: 20000, maxRetries: 2 });\n"
    "async function main() {\n"
    "  const r = await openai.chat.completions.create({ model: 'm', max_tokens: 10, messages: [] });\n"
    "  const code = r.choices[0].message.content;\n"
)
LONG = 1200  # well past the analysers' old recursion depth, inside what CPython compiles
SHAPES = {
    "subscripts.py": PY_HEAD + "table = {}\nx = table" + "['k']" * LONG + "\nexec(code)\n",
    "attributes.py": PY_HEAD + "import os\nx = os" + ".path" * LONG + "\nexec(code)\n",
    "conditional.py": PY_HEAD + "x = (\n" + " if code else\n".join(["code"] * LONG) + ")\nexec(x)\n",
    "calls.js": JS_HEAD + "  const x = code" + "\n    .trim()" * LONG + ";\n  eval(x);\n}\nmain();\n",
    "promises.js": JS_HEAD + "  Promise.resolve(code)" + "\n    .then((v) => v)" * 400 + "\n    .then((v) => eval(v));\n}\nmain();\n",
    "arrays.js": JS_HEAD + "  const x = " + "[" * LONG + "code" + "]" * LONG + ";\n  eval(x);\n}\nmain();\n",
    "methods.py": PY_HEAD + "x = (code" + "\n    .strip()" * 900 + ")\nexec(x)\n",
    "conditional.js": JS_HEAD + "  const x = " + " ? code :\n".join(["code"] * LONG) + ";\n  eval(x);\n}\nmain();\n",
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_long_chains_of_other_shapes_are_analysed(tmp_path: Path, aisec, name: str) -> None:  # type: ignore[no-untyped-def]
    if name.endswith(".py"):
        compile(SHAPES[name], name, "exec")  # the premise: the interpreter takes it
    (tmp_path / name).write_text(SHAPES[name], encoding="utf-8")
    result = aisec("lint", ".", "-f", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert not data.get("incomplete"), data.get("errors")
    assert result.code == 1 and "AIS301" in {f["rule_id"] for f in data["findings"]}, result.stderr
