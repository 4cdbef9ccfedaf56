"""Cross-file flow: summaries of imported functions carry model output to sinks in other modules."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from aisec_cli.core.document import Document
from aisec_cli.lint import LintSettings, lint_document
from aisec_cli.lint.flow.project import Project
from tests.treefiles import write_tree as _tree

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"

PY_PROJECT = {
    "app/__init__.py": "",
    "app/services/__init__.py": "",
    "app/services/llm.py": (
        "from openai import OpenAI\n\n"
        "client = OpenAI(timeout=30, max_retries=2)\n\n\n"
        "def generate_sql(question: str) -> str:\n"
        "    r = client.chat.completions.create(model='m', max_tokens=200, messages=[{'role': 'user', 'content': question}])\n"
        "    return r.choices[0].message.content\n"
    ),
    "app/db.py": (
        "import sqlite3\n\n\n"
        "def run_query(sql):\n"
        "    cur = sqlite3.connect('x.db').cursor()\n"
        "    cur.execute(sql)\n"
        "    return cur.fetchall()\n\n\n"
        "def run_safe(value):\n"
        "    cur = sqlite3.connect('x.db').cursor()\n"
        "    cur.execute('SELECT * FROM t WHERE name = ?', (value,))\n"
    ),
    "app/main.py": (
        "from .services.llm import generate_sql as gen\n"
        "from app import db\n\n\n"
        "def answer(q):\n"
        "    sql = gen(q)\n"
        "    db.run_safe(sql)\n"
        "    return db.run_query(sql)\n"
    ),
}
JS_PROJECT = {
    "tsconfig.json": '{\n  // aliases\n  "compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./src/*"]},},\n}\n',
    "src/lib/llm.ts": (
        'import OpenAI from "openai";\n'
        "const openai = new OpenAI({ timeout: 20000, maxRetries: 2 });\n\n"
        "export async function ask(q: string): Promise<string> {\n"
        '  const r = await openai.chat.completions.create({ model: "m", max_tokens: 10, messages: [{ role: "user", content: q }] });\n'
        '  return r.choices[0].message.content ?? "";\n'
        "}\n"
    ),
    "src/lib/shell.ts": 'import { exec } from "child_process";\n\nfunction runShell(cmd: string) {\n  exec(cmd);\n}\nexport default runShell;\n',
    "src/app/api/fix/route.ts": (
        'import { ask as askModel } from "@/lib/llm";\n'
        'import run from "../../../lib/shell";\n\n'
        "export async function POST(req: Request) {\n"
        "  const { problem } = await req.json();\n"
        "  const cmd = await askModel(String(problem));\n"
        "  run(cmd);\n"
        "  return Response.json({ ok: true });\n"
        "}\n"
    ),
    "cjs/run.js": 'const { exec } = require("child_process");\nfunction go(c) { exec(c); }\nmodule.exports = { runIt: go };\n',
    "cjs/main.js": (
        'const OpenAI = require("openai");\n'
        'const tools = require("./run");\n'
        "const openai = new OpenAI({ timeout: 20000, maxRetries: 2 });\n"
        "async function main() {\n"
        '  const r = await openai.chat.completions.create({ model: "m", max_tokens: 10, messages: [{ role: "user", content: "x" }] });\n'
        "  tools.runIt(r.choices[0].message.content);\n"
        "}\n"
        "main();\n"
    ),
}




def _lint(root: Path, name: str, **settings: object) -> list:
    findings, errors = lint_document(Document(name, (root / name).read_text(encoding="utf-8")), LintSettings(project_root=str(root), **settings))  # type: ignore[arg-type]
    assert errors == []
    return findings


def test_python_relative_absolute_and_aliased_imports(tmp_path: Path) -> None:
    root = _tree(tmp_path, PY_PROJECT)
    findings = [f for f in _lint(root, "app/main.py") if f.rule_id == "AIS303"]
    assert len(findings) == 1  # run_safe binds the value as a parameter: not a second finding
    f = findings[0]
    assert (f.location.path, f.location.line) == ("app/db.py", 6)  # reported at the sink
    assert "app/services/llm.py, line 7" in f.message and "app/db.py, line 6" in f.message
    steps = [(s["path"], s["line"]) for s in f.properties["_flow_locations"]]
    assert steps == [("app/services/llm.py", 7), ("app/main.py", 6), ("app/main.py", 8), ("app/db.py", 6)]


def test_without_a_project_root_each_file_stands_alone(tmp_path: Path) -> None:
    root = _tree(tmp_path, PY_PROJECT)
    findings, _ = lint_document(Document("app/main.py", (root / "app/main.py").read_text()), LintSettings())
    assert not [f for f in findings if f.rule_id == "AIS303"]


def test_typescript_path_alias_default_export_and_commonjs(tmp_path: Path) -> None:
    root = _tree(tmp_path, JS_PROJECT)
    ts = [f for f in _lint(root, "src/app/api/fix/route.ts") if f.rule_id == "AIS302"]
    assert [(f.location.path, f.location.line) for f in ts] == [("src/lib/shell.ts", 4)]
    assert [s["path"] for s in ts[0].properties["_flow_locations"]] == [
        "src/lib/llm.ts", "src/app/api/fix/route.ts", "src/app/api/fix/route.ts", "src/lib/shell.ts"
    ]
    cjs = [f for f in _lint(root, "cjs/main.js") if f.rule_id == "AIS302"]
    assert [(f.location.path, f.location.line) for f in cjs] == [("cjs/run.js", 2)]


@pytest.mark.parametrize(
    ("files", "entry"),
    [
        (
            {
                "pkg/__init__.py": "from .impl import shell\n",
                "pkg/impl.py": "import os\n\n\ndef shell(cmd):\n    os.system(cmd)\n",
                "main.py": "from openai import OpenAI\nfrom pkg import shell\n\nc = OpenAI(timeout=9, max_retries=1)\n\n\ndef go():\n"
                "    r = c.chat.completions.create(model='m', max_tokens=5, messages=[])\n    shell(r.choices[0].message.content)\n",
            },
            "main.py",
        ),
        (
            {
                "lib/index.js": 'const { exec } = require("child_process");\nexports.shell = function (cmd) { exec(cmd); };\n',
                "main.mjs": 'import OpenAI from "openai";\nimport * as lib from "./lib/index.js";\nconst c = new OpenAI({ timeout: 9, maxRetries: 1 });\n'
                "export async function go() {\n  const r = await c.chat.completions.create({ model: 'm', max_tokens: 5, messages: [] });\n"
                "  lib.shell(r.choices[0].message.content);\n}\n",
            },
            "main.mjs",
        ),
    ],
    ids=["python-package-reexport", "js-namespace-import-of-exports"],
)
def test_same_cross_file_scenario_in_both_languages(tmp_path: Path, files: dict[str, str], entry: str) -> None:
    root = _tree(tmp_path, files)
    assert [f.rule_id for f in _lint(root, entry) if f.rule_id.startswith("AIS30")] == ["AIS302"]


def test_import_cycle_ends(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "a.py": "from b import helper\n\n\ndef run(x):\n    return helper(x)\n",
        "b.py": "import os\nfrom a import run\n\n\ndef helper(x):\n    os.system(x)\n    return run(x)\n",
        "main.py": "from openai import OpenAI\nfrom a import run\n\nc = OpenAI(timeout=9, max_retries=1)\n\n\ndef go():\n"
        "    r = c.chat.completions.create(model='m', max_tokens=5, messages=[])\n    run(r.choices[0].message.content)\n",
    })
    assert [(f.rule_id, f.location.path) for f in _lint(root, "main.py") if f.rule_id == "AIS302"] == [("AIS302", "b.py")]


def test_each_imported_module_is_summarised_once(tmp_path: Path) -> None:
    root = _tree(tmp_path, PY_PROJECT)
    project = Project(str(root), LintSettings(project_root=str(root)), frozenset({"AIS303"}))
    first = project.python_function("app/main.py", "app.db.run_query")
    again = project.python_function("app/other.py", "app.db.run_query")
    assert first is not None and again is not None and first[1] is again[1]


def test_hook_reports_in_the_given_files_only(tmp_path: Path, aisec) -> None:  # type: ignore[no-untyped-def]
    root = _tree(tmp_path, PY_PROJECT)
    result = aisec("hooks", "run", "--only", "lint", "--format", "json", "app/main.py", cwd=root)
    data = json.loads(result.stdout)
    found = [(f["rule_id"], f["location"]["path"], f["location"]["line"]) for f in data["findings"]]
    assert ("AIS303", "app/main.py", 8) in found  # the call that leads to the sink in app/db.py
    assert all(path == "app/main.py" for _, path, _ in found)
    message = next(f["message"] for f in data["findings"] if f["rule_id"] == "AIS303")
    assert "app/db.py, line 6" in message


def test_sarif_code_flows_validate(tmp_path: Path, aisec) -> None:  # type: ignore[no-untyped-def]
    root = _tree(tmp_path / "proj", PY_PROJECT)
    out = tmp_path / "lint.sarif"
    result = aisec("lint", "-f", f"sarif={out}", ".", cwd=root)
    assert result.code == 1, result.stderr
    sarif = json.loads(out.read_text())
    jsonschema.Draft4Validator(json.loads((SCHEMAS / "sarif-2.1.0-rtm.5.json").read_text())).validate(sarif)
    jsonschema.Draft202012Validator(json.loads((SCHEMAS / "github-sarif-subset.json").read_text())).validate(sarif)
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "AIS303"]
    assert len(results) == 1
    result_loc = results[0]["locations"][0]["physicalLocation"]
    assert result_loc["artifactLocation"]["uri"] == "app/db.py" and result_loc["region"]["startLine"] == 6
    steps = results[0]["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [(s["location"]["physicalLocation"]["artifactLocation"]["uri"], s["location"]["physicalLocation"]["region"]["startLine"]) for s in steps] == [
        ("app/services/llm.py", 7), ("app/main.py", 6), ("app/main.py", 8), ("app/db.py", 6)
    ]


def test_projects_without_a_model_call_skip_the_cross_file_analysis(tmp_path: Path) -> None:
    from aisec_cli.lint.flow.project import project_for

    root = _tree(tmp_path / "plain", {"db.py": PY_PROJECT["app/db.py"], "main.py": "import sys\nfrom db import run_query\n\nrun_query(sys.argv[1])\n"})
    assert project_for(LintSettings(project_root=str(root)), frozenset({"AIS303"})) is None
    ai = _tree(tmp_path / "ai", PY_PROJECT)
    assert project_for(LintSettings(project_root=str(ai)), frozenset({"AIS303"})) is not None


MERGE_PROJECT = {
    "b.py": "import os\n\n\ndef shell(cmd):\n    os.system(cmd)\n",
    **{
        f"{name}.py": "from openai import OpenAI\nfrom b import shell\n\nc = OpenAI(timeout=9, max_retries=1)\n\n\ndef go():\n"
        "    r = c.chat.completions.create(model='m', max_tokens=5, messages=[])\n    shell(r.choices[0].message.content)\n"
        for name in ("a1", "a2")
    },
    "a3.py": "import os\nfrom openai import OpenAI\n\nc = OpenAI(timeout=9, max_retries=1)\n\n\ndef go():\n"
    "    r = c.chat.completions.create(model='m', max_tokens=5, messages=[])\n    x = r.choices[0].message.content\n"
    "    os.system(x)\n    os.system(x)\n",
}


def test_two_sources_reaching_one_sink_are_one_finding(tmp_path: Path, aisec) -> None:  # type: ignore[no-untyped-def]
    root = _tree(tmp_path / "proj", MERGE_PROJECT)
    out = tmp_path / "lint.sarif"
    result = aisec("lint", "--format", "json", "-f", f"sarif={out}", ".", cwd=root)
    data = json.loads(result.stdout)
    found = sorted((f["location"]["path"], f["location"]["line"]) for f in data["findings"] if f["rule_id"] == "AIS302")
    # b.py:5 once (reached from a1.py and a2.py); the same code on two lines of a3.py stays two findings
    assert found == [("a3.py", 10), ("a3.py", 11), ("b.py", 5)]
    merged = next(f for f in data["findings"] if f["location"]["path"] == "b.py")
    assert "(a1.py, line 8)" in merged["message"] and "(a2.py, line 8)" in merged["message"]
    assert merged["properties"]["flow_paths"] == 2
    sarif = json.loads(out.read_text())
    jsonschema.Draft4Validator(json.loads((SCHEMAS / "sarif-2.1.0-rtm.5.json").read_text())).validate(sarif)
    result_b = next(r for r in sarif["runs"][0]["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "b.py")
    sources = [flow["threadFlows"][0]["locations"][0]["location"]["physicalLocation"]["artifactLocation"]["uri"] for flow in result_b["codeFlows"]]
    assert sources == ["a1.py", "a2.py"]


PY_METHODS = {
    "tools/__init__.py": "from .executor import Executor\n",
    "tools/executor.py": (
        "class Executor:\n"
        "    def __init__(self, env=None):\n"
        "        self.env = env or {}\n\n"
        "    def execute(self, code):\n"
        "        exec(code, self.env)\n\n"
        "    def describe(self, code):\n"
        "        return len(code)\n"
    ),
    "tools/safe.py": "class Executor:\n    def execute(self, code):\n        return code.strip()\n",
    "llm.py": (
        "from openai import OpenAI\n\n"
        "client = OpenAI(timeout=9, max_retries=1)\n\n\n"
        "class Generator:\n"
        "    def generate(self, q):\n"
        "        r = client.chat.completions.create(model='m', max_tokens=5, messages=[{'role': 'user', 'content': q}])\n"
        "        return r.choices[0].message.content\n\n"
        "    def name(self, q):\n"
        "        return 'gen'\n"
    ),
    "agent.py": (
        "from llm import Generator\n"
        "from tools import Executor\n"
        "from tools.executor import Executor as Direct\n"
        "from tools.safe import Executor as Safe\n\n\n"
        "class Agent:\n"
        "    runner: Direct\n\n"
        "    def __init__(self, runner: Direct):\n"
        "        self._executor = Executor()\n"
        "        self._gen = Generator()\n"
        "        self.runner = runner\n"
        "        self.safe = Safe()\n\n"
        "    def chat(self, q):\n"
        "        code = self._gen.generate(q)\n"
        "        self._executor.execute(code)\n"  # 18: sink in tools/executor.py:6
        "        self._executor.describe(code)\n"
        "        self.safe.execute(code)\n"
        "        return code\n\n"
        "    def other(self, q):\n"
        "        exec(self._gen.name(q))\n\n"  # 24: name() returns a constant
        "    def annotated(self, q):\n"
        "        self.runner.execute(self._gen.generate(q))\n\n\n"  # 27: via the class annotation
        "def local(q):\n"
        "    executor = Direct()\n"
        "    code = Generator().generate(q)\n"
        "    executor.execute(code)\n"  # 33
        "    exec(code)\n"  # 34: the returned model output, in this file
    ),
}


def test_python_methods_of_classes_in_other_modules(tmp_path: Path) -> None:
    root = _tree(tmp_path, PY_METHODS)
    findings = [f for f in _lint(root, "agent.py") if f.rule_id == "AIS301"]
    at = sorted((f.location.path, f.location.line) for f in findings)
    assert at == [("agent.py", 34), ("tools/executor.py", 6)]  # one sink, one finding; exec(code) in this file
    sink = next(f for f in findings if f.location.path == "tools/executor.py")
    steps = [(s["path"], s["line"]) for s in sink.properties["_flow_locations"]]
    assert steps == [("llm.py", 8), ("agent.py", 17), ("agent.py", 18), ("tools/executor.py", 6)]
    assert "`Generator.generate() (agent.py:17)`" in sink.message and "`Executor.execute() (line 18)`" in sink.message
    # reported at each call (as a hook does for the files it is given): the field made by a
    # constructor (18), the field typed by the class annotation (27) and the local instance (33)
    # reach the sink; describe() (19), the other module's Executor (20) and name() (24) do not
    calls = [f.location.line for f in _lint(root, "agent.py", report_only=frozenset({"agent.py"})) if f.rule_id == "AIS301"]
    assert sorted(calls) == [18, 27, 33, 34]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("class Agent:\n    def __init__(self):\n        self._gen = Generator()\n\n    def chat(self, q):\n        exec(self._gen.name(q))\n", []),
        ("def chat(q):\n    g = Generator()\n    exec(g.generate(q))\n", [("agent.py", 5)]),
        ("def chat(q, g: Generator):\n    exec(g.generate(q))\n", [("agent.py", 4)]),
        ("def chat(q):\n    Safe().execute(Generator().generate(q))\n", []),
    ],
    ids=["constant-method", "local-instance", "annotated-parameter", "safe-class-same-method-name"],
)
def test_python_method_returns_and_negatives(tmp_path: Path, entry: str, expected: list[tuple[str, int]]) -> None:
    files = {k: v for k, v in PY_METHODS.items() if k != "agent.py"}
    files["agent.py"] = "from llm import Generator\nfrom tools.safe import Executor as Safe\n" + entry
    root = _tree(tmp_path, files)
    assert sorted((f.location.path, f.location.line) for f in _lint(root, "agent.py") if f.rule_id == "AIS301") == expected


JS_METHODS = {
    "lib/executor.ts": (
        "export class Executor {\n"
        "  execute(code: string) {\n"
        "    eval(code);\n"
        "  }\n"
        "  describe(code: string) {\n"
        "    return code.length;\n"
        "  }\n"
        "}\n"
    ),
    "lib/llm.ts": (
        'import OpenAI from "openai";\n'
        "const openai = new OpenAI({ timeout: 9, maxRetries: 1 });\n"
        "export default class Generator {\n"
        "  async generate(q: string): Promise<string> {\n"
        '    const r = await openai.chat.completions.create({ model: "m", max_tokens: 5, messages: [{ role: "user", content: q }] });\n'
        '    return r.choices[0].message.content ?? "";\n'
        "  }\n"
        "  label(q: string) {\n"
        '    return "gen";\n'
        "  }\n"
        "}\n"
    ),
    "cjs/run.js": "class Runner {\n  run(c) {\n    eval(c);\n  }\n}\nmodule.exports = { Runner };\n",
    "main.ts": (
        'import { Executor } from "./lib/executor";\n'
        'import Generator from "./lib/llm";\n'
        'const { Runner } = require("./cjs/run");\n\n'
        "class Agent {\n"
        "  private executor = new Executor();\n"
        "  private gen: Generator;\n"
        "  constructor() {\n"
        "    this.gen = new Generator();\n"
        "  }\n"
        "  async chat(q: string) {\n"
        "    const code = await this.gen.generate(q);\n"
        "    this.executor.execute(code);\n"  # 13 → lib/executor.ts:3
        "    this.executor.describe(code);\n"
        "    eval(this.gen.label(q));\n"  # constant
        "    return code;\n"
        "  }\n"
        "}\n\n"
        "export async function local(q: string) {\n"
        "  const g = new Generator();\n"
        "  const out = await g.generate(q);\n"
        "  new Runner().run(out);\n"  # 23 → cjs/run.js:3
        "  eval(out);\n"  # 24
        "}\n"
    ),
}


def test_js_methods_of_classes_in_other_modules(tmp_path: Path) -> None:
    root = _tree(tmp_path, JS_METHODS)
    findings = [f for f in _lint(root, "main.ts") if f.rule_id == "AIS301"]
    # two sinks on line 3, column 4 of two other files: both kept
    assert sorted((f.location.path, f.location.line) for f in findings) == [("cjs/run.js", 3), ("lib/executor.ts", 3), ("main.ts", 24)]
    sink = next(f for f in findings if f.location.path == "lib/executor.ts")
    steps = [(s["path"], s["line"]) for s in sink.properties["_flow_locations"]]
    assert steps == [("lib/llm.ts", 5), ("main.ts", 12), ("main.ts", 13), ("lib/executor.ts", 3)]
    # at each call: the field made by `new` (13), `new Runner()` of a CommonJS class (23);
    # describe() (14) and the constant label() (15) are not sinks
    calls = [f.location.line for f in _lint(root, "main.ts", report_only=frozenset({"main.ts"})) if f.rule_id == "AIS301"]
    assert sorted(calls) == [13, 23, 24]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("export function chat(q: string, g: Generator, ex: Executor) {\n  ex.execute(q);\n  return g.label(q);\n}\n", []),
        ("export async function chat(q: string, g: Generator, ex: Executor) {\n  ex.execute(await g.generate(q));\n}\n", [5]),
        (
            (
                "class A {\n  constructor(private readonly ex: Executor, private gen: Generator) {}\n"
                "  async go(q: string) {\n    this.ex.execute(await this.gen.generate(q));\n  }\n}\n"
            ),
            [7],
        ),
        ("export async function chat(q: string, g: Generator, s: Safe) {\n  s.execute(await g.generate(q));\n}\n", []),
    ],
    ids=["typed-params-no-model-output", "typed-params", "constructor-parameter-properties", "safe-class-same-method-name"],
)
def test_js_method_calls_typed_by_annotations(tmp_path: Path, entry: str, expected: list[int]) -> None:
    files = {k: v for k, v in JS_METHODS.items() if k != "main.ts"}
    files["lib/safe.ts"] = "export class Executor {\n  execute(code: string) {\n    return code.trim();\n  }\n}\n"
    head = 'import { Executor } from "./lib/executor";\nimport Generator from "./lib/llm";\nimport { Executor as Safe } from "./lib/safe";\n'
    files["main.ts"] = head + entry
    root = _tree(tmp_path, files)
    found = [f.location.line for f in _lint(root, "main.ts", report_only=frozenset({"main.ts"})) if f.rule_id == "AIS301"]
    assert sorted(found) == expected


DEEP = {
    "d.py": "import os\n\n\ndef run(cmd):\n    os.system(cmd)\n",
    "c.py": "from d import run\n\n\ndef relay(x):\n    run(x)\n",
    "b.py": "from c import relay\n\n\ndef forward(x):\n    relay(x)\n",
    "base.py": (
        "class PromptBuilder:\n"
        "    def build(self, user, query):\n"
        "        return 'You are a helpful assistant.'\n\n\n"
        "class Memory:\n"
        "    def recall(self, query):\n"
        "        return self.search_text_memories(query=query)\n"
    ),
    "service.py": (
        "from base import Memory, PromptBuilder\n\n\n"
        "class Service:\n"
        "    def __init__(self, builder: PromptBuilder, memory: Memory | None = None):\n"
        "        self.builder = builder\n"
        "        self.memory = memory\n\n"
        "    def system(self, user, query):\n"
        "        return self.builder.build(user, query) + str(self.memory.recall(query))\n"
    ),
    "handler.py": "from service import Service\n\n\ndef system_for(svc: Service, user, query):\n    return svc.system(user, query)\n",
    "app.py": (
        "from flask import Flask, request\nfrom openai import OpenAI\nfrom b import forward\nfrom handler import system_for\n\n"
        "app = Flask(__name__)\nclient = OpenAI(timeout=9, max_retries=1)\n\n\n"
        "@app.post('/ask')\ndef ask():\n"
        "    q = request.json['q']\n"
        "    r = client.chat.completions.create(model='m', max_tokens=5, messages=[{'role': 'user', 'content': q}])\n"
        "    forward(r.choices[0].message.content)\n"
        "    system = system_for(None, request.json['user'], q)\n"
        "    client.chat.completions.create(model='m', max_tokens=5, messages=[{'role': 'system', 'content': system}])\n"
        "    return 'ok'\n"
    ),
}


def test_past_the_depth_bound_a_module_is_summarised_alone(tmp_path: Path) -> None:
    root = _tree(tmp_path, DEEP)
    found = _lint(root, "app.py")
    # app → b → c → d: the shell sink three modules away is found (d.py summarised on its own)
    assert [(f.location.path, f.location.line) for f in found if f.rule_id == "AIS302"] == [("d.py", 5)]
    # app → handler → service → base: the interface returns a constant and memories found for
    # a query are not the query, so the request's text is not in the system message
    assert not [f for f in found if f.rule_id == "AIS201"]


def test_python_inherited_methods_across_modules(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "core/__init__.py": "",
        "core/base.py": (
            "class Runner:\n    def run_code(self, code):\n        exec(code)\n\n    def show(self, code):\n        return 'done'\n\n\n"
            "class Middle(Runner):\n    pass\n"
        ),
        "agent.py": (
            "from openai import OpenAI\nfrom core.base import Middle\n\nclient = OpenAI(timeout=9, max_retries=1)\n\n\n"
            "class Agent(Middle):\n"
            "    def go(self, q):\n"
            "        r = client.chat.completions.create(model='m', max_tokens=5, messages=[{'role': 'user', 'content': q}])\n"
            "        code = r.choices[0].message.content\n"
            "        self.run_code(code)\n"  # 11: Runner.run_code, through Middle
            "        exec(self.show(code))\n\n\n"  # 12: show() returns a constant
            "def other(q):\n"
            "    r = client.chat.completions.create(model='m', max_tokens=5, messages=[{'role': 'user', 'content': q}])\n"
            "    Middle().run_code(r.choices[0].message.content)\n"  # 17
        ),
    })
    calls = [f.location.line for f in _lint(root, "agent.py", report_only=frozenset({"agent.py"})) if f.rule_id == "AIS301"]
    assert sorted(calls) == [11, 17]
    sinks = [(f.location.path, f.location.line) for f in _lint(root, "agent.py") if f.rule_id == "AIS301"]
    assert sinks == [("core/base.py", 3)]


def test_js_inherited_methods_across_modules(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "lib/base.ts": (
            "export class Runner {\n  runCode(code: string) {\n    eval(code);\n  }\n  show(code: string) {\n    return 'done';\n  }\n}\n"
            "export class Middle extends Runner {}\n"
        ),
        "main.ts": (
            'import OpenAI from "openai";\nimport { Middle } from "./lib/base";\n'
            "const openai = new OpenAI({ timeout: 9, maxRetries: 1 });\n\n"
            "class Agent extends Middle {\n"
            "  async go(q: string) {\n"
            '    const r = await openai.chat.completions.create({ model: "m", max_tokens: 5, messages: [{ role: "user", content: q }] });\n'
            '    const code = r.choices[0].message.content ?? "";\n'
            "    this.runCode(code);\n"  # 9: Runner.runCode, through Middle
            "    eval(this.show(code));\n"  # 10: show() returns a constant
            "  }\n"
            "}\n\n"
            "export async function other(q: string) {\n"
            '  const r = await openai.chat.completions.create({ model: "m", max_tokens: 5, messages: [{ role: "user", content: q }] });\n'
            '  new Middle().runCode(r.choices[0].message.content ?? "");\n'  # 16
            "}\n"
        ),
    })
    calls = [f.location.line for f in _lint(root, "main.ts", report_only=frozenset({"main.ts"})) if f.rule_id == "AIS301"]
    assert sorted(calls) == [9, 16]
    assert [(f.location.path, f.location.line) for f in _lint(root, "main.ts") if f.rule_id == "AIS301"] == [("lib/base.ts", 3)]


ITEMS_PY = {
    "svc/__init__.py": "",
    "svc/llm_notes.py": (
        "import logging\n"
        "from openai import OpenAI\n\n"
        "client = OpenAI(timeout=30, max_retries=2)\n\n\n"
        "class Analyst:\n"
        "    def gather(self, topic: str) -> list:\n"
        "        found = []\n"
        "        reply = client.chat.completions.create(model='m', max_tokens=50, messages=[{'role': 'user', 'content': topic}])\n"
        "        entry = {'heading': f'Notes on {topic}', 'link': 'internal://notes', 'text': reply.choices[0].message.content}\n"
        "        found.append(entry)\n"
        "        return found\n"
    ),
    "svc/front.py": (
        "import logging\n"
        "from svc.llm_notes import Analyst\n\n"
        "logger = logging.getLogger(__name__)\n\n\n"
        "def show(topic: str) -> None:\n"
        "    analyst = Analyst()\n"
        "    rows = analyst.gather(topic)\n"
        "    for n, row in enumerate(rows[:2]):\n"
        "        heading = row.get('heading', '?')\n"
        "        link = row['link']\n"
        "        text = row.get('text', '')\n"
        "        logger.debug('%s %s', n, heading)\n"
        "        logger.debug('at %s', link)\n"
        "        logger.debug('body %s', text)\n"
    ),
}
ITEMS_JS = {
    "lib/log.ts": "export const logger = { info: (m: unknown) => process.stdout.write(String(m)) };\n",
    "lib/llm.ts": (
        'import OpenAI from "openai";\n'
        "const client = new OpenAI({ timeout: 20000, maxRetries: 2 });\n\n"
        "export class Analyst {\n"
        "  async gather(topic: string) {\n"
        "    const found = [];\n"
        '    const reply = await client.chat.completions.create({ model: "m", max_tokens: 50, messages: [{ role: "user", content: topic }] });\n'
        '    const entry = { heading: `Notes on ${topic}`, link: "internal://notes", text: reply.choices[0].message.content };\n'
        "    found.push(entry);\n"
        "    return found;\n"
        "  }\n"
        "}\n"
    ),
    "lib/front.ts": (
        'import { Analyst } from "./llm";\n'
        'import { logger } from "./log";\n\n'
        "export async function show(topic: string) {\n"
        "  const rows = await new Analyst().gather(topic);\n"
        "  for (const row of rows.slice(0, 2)) {\n"
        "    const heading = row.heading;\n"
        '    const link = row["link"];\n'
        "    const text = row.text;\n"
        "    logger.info(heading);\n"
        "    logger.info(link);\n"
        "    logger.info(text);\n"
        "  }\n"
        "}\n"
    ),
}


@pytest.mark.parametrize(
    ("files", "entry", "line"),
    [(ITEMS_PY, "svc/front.py", 16), (ITEMS_JS, "lib/front.ts", 12)],
    ids=["python", "typescript"],
)
def test_list_of_dicts_keeps_each_key_apart(tmp_path: Path, files: dict[str, str], entry: str, line: int) -> None:
    """Only the key that holds the model's reply carries it; its sibling keys stay clean."""
    root = _tree(tmp_path, files)
    logged = [f.location.line for f in _lint(root, entry) if f.rule_id == "AIS601" and f.location.path == entry]
    assert logged == [line]


KEYED_PY = (
    "import json\nimport logging\nfrom openai import OpenAI\n\n"
    "logger = logging.getLogger(__name__)\nclient = OpenAI(timeout=30, max_retries=2)\n\n\n"
    "def run(topic, k):\n"
    "    r = client.chat.completions.create(model='m', max_tokens=50, messages=[{'role': 'user', 'content': topic}])\n"
    "    entry = {'heading': 'fixed', 'text': r.choices[0].message.content}\n"  # 11
    "    copy = {**entry, 'extra': 1}\n"
    "    wrapped = {'data': entry}\n"
    "    entry['note'] = 'ok'\n"
    "    logger.info(copy['heading'])\n"  # 15: clean
    "    logger.info(copy['text'])\n"  # 16
    "    logger.info(entry[k])\n"  # 17: any key
    "    logger.info(json.dumps(entry))\n"  # 18: the whole dict
    "    logger.info(wrapped['data']['text'])\n"  # 19
    "    logger.info(entry.get('note'))\n"  # 20: clean
    "    for key, value in entry.items():\n"
    "        logger.info(value)\n"  # 22
)
KEYED_JS = (
    'import OpenAI from "openai";\n'
    "const client = new OpenAI({ timeout: 20000, maxRetries: 2 });\n\n"
    "export async function run(topic: string, k: string) {\n"
    '  const r = await client.chat.completions.create({ model: "m", max_tokens: 50, messages: [{ role: "user", content: topic }] });\n'
    '  const entry = { heading: "fixed", text: r.choices[0].message.content };\n'  # 6
    "  const copy = { ...entry, extra: 1 };\n"
    "  const { heading, text } = copy;\n"
    "  logger.info(heading);\n"  # 9: clean
    "  logger.info(text);\n"  # 10
    "  logger.info(entry[k]);\n"  # 11: any key
    "  logger.info(JSON.stringify(entry));\n"  # 12: the whole object
    '  logger.info(copy["heading"]);\n'  # 13: clean
    "  for (const v of Object.values(entry)) logger.info(v);\n"  # 14
    "}\n"
)


@pytest.mark.parametrize(
    ("name", "text", "lines"),
    [("keyed.py", KEYED_PY, [16, 17, 18, 19, 22]), ("keyed.ts", KEYED_JS, [10, 11, 12, 14])],
    ids=["python", "typescript"],
)
def test_keys_apart_yet_the_whole_value_still_carries_the_reply(tmp_path: Path, name: str, text: str, lines: list[int]) -> None:
    """Spread copies keep each key, a computed key, a serialised dict and an items() loop read them all."""
    root = _tree(tmp_path, {name: text})
    assert sorted(f.location.line for f in _lint(root, name) if f.rule_id == "AIS601") == lines


GETATTR_PY = {
    "svc/__init__.py": "",
    "svc/llm_cost.py": (
        "import logging\n\n"
        "logger = logging.getLogger(__name__)\n\n\n"
        "def price(meta) -> None:\n"
        "    name = dict(meta or {}).get('model_name', '?')\n"
        "    logger.warning('no price for %s', name)\n"  # 8
        "\n\n"
        "def leak(text) -> None:\n"
        "    logger.warning('reply %s', text)\n"  # 12
    ),
    "svc/chat.py": (
        "from openai import OpenAI\n"
        "from svc.llm_cost import leak, price\n\n"
        "client = OpenAI(timeout=30, max_retries=2)\n\n\n"
        "def ask(q: str) -> None:\n"
        "    r = client.chat.completions.create(model='m', max_tokens=50, messages=[{'role': 'user', 'content': q}])\n"
        "    price(getattr(r, 'response_metadata', None))\n"
        "    leak(getattr(r, 'choices', None))\n"
    ),
}


def test_metadata_read_with_getattr_is_not_the_reply(tmp_path: Path) -> None:
    """`getattr(resp, "response_metadata")` is the response's metadata, like `resp.response_metadata`."""
    root = _tree(tmp_path, GETATTR_PY)
    found = [(f.location.path, f.location.line) for f in _lint(root, "svc/chat.py") if f.rule_id == "AIS601"]
    assert found == [("svc/llm_cost.py", 12)]


PARAMS_PY = {
    "svc/__init__.py": "",
    "svc/llm_run.py": (
        "def run(llm, params):\n"
        "    if llm.extra:\n"
        "        print('first message', params['messages'][0])\n"  # 3: no key here
        "        print('all', params)\n"  # 4: the whole dict holds the key
    ),
    "svc/llm.py": (
        "import litellm\n"
        "from svc.llm_run import run\n\n\n"
        "class Llm:\n"
        "    def __init__(self, api_key: str) -> None:\n"
        "        self.api_key = api_key\n"
        "        self.extra = True\n\n"
        "    def go(self, messages: list) -> None:\n"
        "        params = {'model': 'm', 'messages': messages}\n"
        "        if self.api_key:\n"
        "            params['api_key'] = self.api_key\n"
        "        run(self, params)\n"
        "        litellm.completion(**params)\n"
    ),
}


def test_a_callee_reading_one_key_of_a_dict_argument_gets_that_key_only(tmp_path: Path) -> None:
    """The key a caller stored under `api_key` is not in `params["messages"]` inside the callee."""
    root = _tree(tmp_path, PARAMS_PY)
    found = [(f.location.path, f.location.line) for f in _lint(root, "svc/llm.py") if f.rule_id == "AIS102"]
    assert found == [("svc/llm_run.py", 4)]


MODULE_ATTR_PY = {
    "wrapper.py": (
        "from openai import OpenAI\n\n"
        "client = OpenAI(timeout=9, max_retries=1)\n\n\n"
        "def helper(q):\n"
        "    r = client.chat.completions.create(model='m', max_tokens=5, messages=[{'role': 'user', 'content': q}])\n"
        "    return r.choices[0].message.content\n\n\n"
        "def label(q):\n"
        "    return 'fixed'\n"
    ),
    "pkg/__init__.py": "",
    "pkg/mod.py": "from wrapper import helper as _h\n\n\ndef helper(q):\n    return _h(q)\n",
    "pkg/shell.py": "import os\n\n\ndef run(cmd):\n    os.system(cmd)\n",
    "main.py": (
        "import os\n"
        "import wrapper\n"
        "import pkg.mod as m\n"
        "import pkg.mod\n"
        "import pkg.shell\n\n\n"
        "def go(q):\n"
        "    os.system(wrapper.helper(q))\n"  # 9
        "    os.system(m.helper(q))\n"  # 10
        "    os.system(pkg.mod.helper(q))\n"  # 11
        "    os.system(wrapper.label(q))\n"  # 12: a constant, not model output
        "    pkg.shell.run(wrapper.helper(q))\n"  # 13: sink in pkg/shell.py:5
        "    pkg.shell.run(wrapper.label(q))\n"  # 14: nothing reaches it
    ),
}


def test_python_calls_through_a_module_attribute(tmp_path: Path) -> None:
    """`import wrapper; wrapper.helper(q)` is followed like `from wrapper import helper`."""
    root = _tree(tmp_path, MODULE_ATTR_PY)
    found = sorted((f.location.path, f.location.line) for f in _lint(root, "main.py") if f.rule_id == "AIS302")
    assert found == [("main.py", 9), ("main.py", 10), ("main.py", 11), ("pkg/shell.py", 5)]
    sink = next(f for f in _lint(root, "main.py") if f.location.path == "pkg/shell.py")
    steps = [(s["path"], s["line"]) for s in sink.properties["_flow_locations"]]
    assert steps[0] == ("wrapper.py", 7) and steps[-1] == ("pkg/shell.py", 5)


MODULE_ATTR_JS = {
    "wrapper.ts": (
        'import OpenAI from "openai";\n'
        "const c = new OpenAI({ timeout: 9000, maxRetries: 1 });\n"
        "export async function helper(q: string): Promise<string> {\n"
        '  const r = await c.chat.completions.create({ model: "m", max_tokens: 5, messages: [{ role: "user", content: q }] });\n'
        '  return r.choices[0].message.content ?? "";\n'
        "}\n"
        "export function label(q: string): string {\n"
        '  return "fixed";\n'
        "}\n"
    ),
    "main.ts": (
        'import { exec } from "child_process";\n'
        'import * as w from "./wrapper";\n'
        "export async function go(q: string) {\n"
        "  exec(await w.helper(q));\n"  # 4
        "  exec(w.label(q));\n"  # 5: a constant
        "}\n"
    ),
}


def test_js_calls_through_a_namespace_import(tmp_path: Path) -> None:
    root = _tree(tmp_path, MODULE_ATTR_JS)
    found = [(f.location.path, f.location.line) for f in _lint(root, "main.ts") if f.rule_id == "AIS302"]
    assert found == [("main.ts", 4)]


def test_a_module_is_found_from_its_folders_exactly_as_the_listing_of_the_tree_finds_it(tmp_path: Path) -> None:
    root = _tree(
        tmp_path / "proj",
        {
            "a.py": "",
            "pkg/mod.py": "",
            "pkg/deep/x.ts": "",
            "pkg/notes.txt": "",
            "build/gen.py": "",
            "node_modules/lib/index.js": "",
            ".venv/site.py": "",
            "pkg/.hidden/y.py": "",
            "real/z.py": "",
        },
    )
    (root / "linked").symlink_to(root / "real", target_is_directory=True)  # not walked into
    (root / "pkg" / "alias.py").symlink_to(root / "a.py")  # a link to a file is listed
    (root / "pkg" / "dangling.py").symlink_to(root / "missing.py")  # so is a broken one
    (root / "pkg" / "folder.py").mkdir()  # a folder named like a module is not
    probes = [
        "a.py", "pkg/mod.py", "pkg/deep/x.ts", "pkg/notes.txt", "build/gen.py", "node_modules/lib/index.js",
        ".venv/site.py", "pkg/.hidden/y.py", "real/z.py", "linked/z.py", "pkg/alias.py", "pkg/dangling.py",
        "pkg/folder.py", "PKG/mod.py", "pkg//mod.py", "./a.py", "pkg/../a.py", "missing.py", "pkg/missing/q.py", "",
    ]
    lazy = Project(str(root), LintSettings(project_root=str(root)), frozenset())
    walked = Project(str(root), LintSettings(project_root=str(root)), frozenset())
    listing = walked._listing()
    assert listing is not None and walked._files_listed is not False
    assert {p: lazy._is_file(p) for p in probes} == {p: p in listing for p in probes}
    assert lazy._files_listed is False  # answered without listing the tree
    assert {p for p in probes if p in listing} == {"a.py", "pkg/mod.py", "pkg/deep/x.ts", "real/z.py", "pkg/alias.py", "pkg/dangling.py"}


def test_a_linted_module_that_calls_a_model_answers_without_listing_the_tree(tmp_path: Path) -> None:
    root = _tree(tmp_path / "ai", PY_PROJECT)
    project = Project(str(root), LintSettings(project_root=str(root)), frozenset({"AIS303"}))
    project.note("app/services/llm.py")
    assert project.active() and project._files_listed is False
    quiet = Project(str(root), LintSettings(project_root=str(root)), frozenset({"AIS303"}))
    quiet.note("app/db.py")  # no model call in it: the whole project is looked at, as before
    assert quiet.active() and quiet._files_listed is not False
