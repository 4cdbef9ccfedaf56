"""One flow core, two languages: the same scenario written in Python and in JS gives the same rule ids."""

from __future__ import annotations

import pytest

from aisec_cli.core.document import Document
from aisec_cli.lint import LintSettings, lint_document
from aisec_cli.lint.flow.rules import flow_rules

FLOW_IDS = frozenset(flow_rules())

PY_HEAD = """import logging
import os
import subprocess
from openai import OpenAI

client = OpenAI(timeout=30, max_retries=2)
log = logging.getLogger(__name__)


def ask(q: str) -> str:
    r = client.chat.completions.create(model="m", max_tokens=10, messages=[{"role": "user", "content": q}])
    return r.choices[0].message.content
"""
JS_HEAD = """const { exec } = require("child_process");
const OpenAI = require("openai");
const openai = new OpenAI({ timeout: 20000, maxRetries: 2 });
const log = require("pino")();

async function ask(q) {
  const r = await openai.chat.completions.create({ model: "m", max_tokens: 10, messages: [{ role: "user", content: q }] });
  return r.choices[0].message.content;
}
"""

# name: (Python body, JS body, flow rule ids expected in both)
SCENARIOS: dict[str, tuple[str, str, set[str]]] = {
    "model-output-executed": (
        "def main():\n    out = ask('x')\n    exec(out)\n",
        "async function main() {\n  const out = await ask('x');\n  eval(out);\n}\n",
        {"AIS301"},
    ),
    "model-output-to-shell-through-helper": (
        "def run(cmd):\n    os.system(cmd)\n\n\ndef main():\n    run(ask('x'))\n",
        "function run(cmd) {\n  exec(cmd);\n}\n\nasync function main() {\n  run(await ask('x'));\n}\n",
        {"AIS302"},
    ),
    "allow-listed-command-is-clean": (
        "ALLOWED = ('ls', 'pwd')\n\n\ndef main():\n    out = ask('x')\n    if out in ALLOWED:\n        os.system(out)\n",
        "const ALLOWED = ['ls', 'pwd'];\n\nasync function main() {\n  const out = await ask('x');\n  if (ALLOWED.includes(out)) {\n    exec(out);\n  }\n}\n",
        set(),
    ),
    "item-path-set-on-one-branch-only": (
        "def main(flag):\n    d = {'k': ask('x')}\n    if flag:\n        d['k'] = 'ls'\n    os.system(d['k'])\n",
        "async function main(flag) {\n  const d = { k: await ask('x') };\n  if (flag) {\n    d['k'] = 'ls';\n  }\n  exec(d['k']);\n}\n",
        {"AIS302"},
    ),
    "constant-command-is-clean": (
        "def main():\n    cmd = 'ls -l'\n    os.system(cmd)\n",
        "function main() {\n  const cmd = 'ls -l';\n  exec(cmd);\n}\n",
        set(),
    ),
    "model-output-logged": (
        "def main():\n    out = ask('x')\n    log.info('answer %s', out)\n",
        "async function main() {\n  const out = await ask('x');\n  log.info('answer', out);\n}\n",
        {"AIS601"},
    ),
    "model-output-printed-by-a-command-line-tool": (
        "def main():\n    out = ask('x')\n    print(out)\n",
        "async function main() {\n  const out = await ask('x');\n  console.log(out);\n}\n",
        set(),
    ),
    "secret-used-as-a-key-then-result-logged": (
        "import jwt\n\n\ndef main(token):\n    claims = jwt.decode(token, os.environ['JWT_SECRET_KEY'], algorithms=['HS256'])\n    log.info('user %s', claims)\n",
        "async function get(token) {\n  const r = await fetch('https://api.example.com/x', { headers: { Authorization: token } });\n  return r.json();\n}\n\n"
        "async function main() {\n  const data = await get(process.env.API_TOKEN);\n  log.info('data', data);\n}\n",
        set(),
    ),
    "model-output-through-a-method-of-a-field": (
        "class Runner:\n    def go(self, code):\n        exec(code)\n\n    def show(self, code):\n        return 'ok'\n\n\n"
        "class Agent:\n    def __init__(self):\n        self.runner = Runner()\n\n    def main(self):\n"
        "        out = ask('x')\n        self.runner.show(out)\n        self.runner.go(out)\n",
        "class Runner {\n  go(code) {\n    eval(code);\n  }\n  show(code) {\n    return 'ok';\n  }\n}\n\n"
        "class Agent {\n  constructor() {\n    this.runner = new Runner();\n  }\n  async main() {\n"
        "    const out = await ask('x');\n    this.runner.show(out);\n    this.runner.go(out);\n  }\n}\n",
        {"AIS301"},
    ),
    "model-output-to-a-method-that-does-not-run-it": (
        "class Runner:\n    def show(self, code):\n        return 'ok'\n\n\n"
        "class Agent:\n    def __init__(self):\n        self.runner = Runner()\n\n    def main(self):\n"
        "        exec(self.runner.show(ask('x')))\n",
        "class Runner {\n  show(code) {\n    return 'ok';\n  }\n}\n\n"
        "class Agent {\n  constructor() {\n    this.runner = new Runner();\n  }\n  async main() {\n"
        "    eval(this.runner.show(await ask('x')));\n  }\n}\n",
        set(),
    ),
    "secret-logged": (
        "def main():\n    print('key', os.environ['OPENAI_API_KEY'])\n",
        "function main() {\n  console.log('key', process.env.OPENAI_API_KEY);\n}\n",
        {"AIS102"},
    ),
}


def _flow_ids(path: str, text: str) -> set[str]:
    findings, errors = lint_document(Document(path, text), LintSettings())
    assert errors == []
    return {f.rule_id for f in findings if f.rule_id in FLOW_IDS}


@pytest.mark.parametrize("language", ["python", "javascript"])
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_same_scenario_same_rules(scenario: str, language: str) -> None:
    py, js, expected = SCENARIOS[scenario]
    if language == "python":
        got = _flow_ids("app.py", PY_HEAD + "\n\n" + py)
    else:
        got = _flow_ids("app.js", JS_HEAD + "\n" + js)
    assert got == expected


def test_rule_tables_come_from_the_catalog() -> None:
    tables = flow_rules()
    assert {"AIS301", "AIS302", "AIS303", "AIS601", "AIS405"} <= set(tables)
    assert tables["AIS601"].skip_categories == {"tool", "name", "derived"}
    assert tables["AIS405"].only_categories == {"web", "widget", "event"}
    assert all(t.kinds and t.sink for t in tables.values())


def test_javascript_no_longer_imports_python_flow() -> None:
    from pathlib import Path

    import aisec_cli.lint.javascript as js

    for source in Path(js.__file__).parent.glob("*.py"):
        assert "lint.python" not in source.read_text(encoding="utf-8"), source.name


def test_equal_paths_from_one_source_pick_the_same_one_whatever_the_order() -> None:
    # two paths of the same length from one source: the one kept must not depend on the order
    # the labels are met in (a set's order changes with the hash seed, so reports would too)
    from aisec_cli.lint.taint import LLM, Label, union

    one = Label(LLM, "client.chat.completions.create()", 9, via=("resp", "text", "beta"))
    other = Label(LLM, "client.chat.completions.create()", 9, via=("resp", "text", "alpha"))
    longer = Label(LLM, "client.chat.completions.create()", 9, via=("resp", "a", "b", "c"))
    forward = union(frozenset({one}), frozenset({other}), frozenset({longer}))
    backward = union(frozenset({longer}), frozenset({other}), frozenset({one}))
    assert forward == backward == frozenset({other})
