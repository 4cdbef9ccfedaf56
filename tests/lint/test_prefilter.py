"""The lint prefilter: built from the rule tables, and safe (never loses a finding)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from aisec_cli.core.document import Document
from aisec_cli.lint import LintSettings, lint_document, prefilter, sdk, urls
from aisec_cli.lint.engine import language_of
from aisec_cli.lint.python import facts as facts_mod
from tests.lint.keygen import expand
from tests.treefiles import write_tree

FIXTURES = Path(__file__).parent / "fixtures"
FILES = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and language_of(p.name) not in (None, "minified"))
PY = prefilter.TextGate("python")


def _lint(path: str, text: str, **options: object) -> set[tuple[str, str, int, str]]:
    findings, errors = lint_document(Document(path, text), LintSettings(**options))  # type: ignore[arg-type]
    assert [e for e in errors if e.kind == "error"] == []
    return {(f.rule_id, f.location.path, f.location.line, f.message) for f in findings}


@pytest.mark.parametrize("profile", ["default", "audit"])
def test_every_fixture_yields_the_same_findings_with_and_without_the_prefilter(profile: str) -> None:
    differences = []
    flagged = 0
    for path in FILES:
        text = expand(path.read_text(encoding="utf-8"))
        name = path.relative_to(FIXTURES).as_posix()
        on = _lint(name, text, profile=profile)
        off = _lint(name, text, profile=profile, prefilter=False)
        flagged += bool(off)
        if on != off:
            differences.append((name, sorted(off - on), sorted(on - off)))
    assert differences == []
    assert flagged > 150  # the comparison saw real findings, not only clean files


# -- across files ---------------------------------------------------------------------------

LLM = (
    "from openai import OpenAI\n\n"
    "client = OpenAI(timeout=30, max_retries=2)\n\n\n"
    "def ask(question):\n"
    "    r = client.chat.completions.create(model='m', max_tokens=50, messages=[{'role': 'user', 'content': question}])\n"
    "    return r.choices[0].message.content\n"
)
# No word any rule starts from: the model call is in llm.py, the sink here.
RUNNER = "from llm import ask\n\n\ndef go(q):\n    code = ask(q)\n    exec(code)\n"
WRAPPER = "from llm import ask\n\n\ndef helper(q):\n    return ask(q).strip()\n"
RUNNER_VIA_WRAPPER = "from wrapper import helper\n\n\ndef go(q):\n    exec(helper(q))\n"


def _cli_findings(aisec, root: Path, *paths: str) -> set[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    result = aisec("lint", "--isolated", "-f", "json", *paths, cwd=root)
    assert result.code in (0, 1), result.stderr
    return {(f["rule_id"], f["location"]["path"], f["location"]["line"]) for f in json.loads(result.stdout)["findings"]}


def test_the_cross_file_test_files_have_no_trigger_of_their_own() -> None:
    for text in (RUNNER, WRAPPER, RUNNER_VIA_WRAPPER):
        assert not PY.search(text)
    assert PY.search(LLM)


def test_model_call_in_one_file_sink_in_another_is_found_when_only_the_sink_file_is_linted(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = write_tree(tmp_path, {"llm.py": LLM, "runner.py": RUNNER})
    assert ("AIS301", "runner.py", 6) in _cli_findings(aisec, root, "runner.py")
    assert ("AIS301", "runner.py", 6) in _cli_findings(aisec, root, ".")


def test_a_chain_of_two_imports_to_the_model_call_is_followed(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = write_tree(tmp_path, {"llm.py": LLM, "wrapper.py": WRAPPER, "runner.py": RUNNER_VIA_WRAPPER})
    assert ("AIS301", "runner.py", 5) in _cli_findings(aisec, root, "runner.py")


def test_cross_file_findings_are_the_same_with_and_without_the_prefilter(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "llm.py": LLM,
            "runner.py": RUNNER,
            "wrapper.py": WRAPPER,
            "via.py": RUNNER_VIA_WRAPPER,
            "via_module.py": "import wrapper\n\n\ndef go(q):\n    exec(wrapper.helper(q))\n",
            "shell.py": "import subprocess\n\n\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\n",
            "agent.py": "from llm import ask\nfrom shell import run\n\n\ndef act(q):\n    run(ask(q))\n",
            "plain.py": "def add(a, b):\n    '''Sum.'''\n    return a + b\n",
        },
    )
    for rel in ("runner.py", "via.py", "via_module.py", "agent.py", "plain.py", "wrapper.py"):
        text = (root / rel).read_text(encoding="utf-8")
        on = _lint(rel, text, project_root=str(root))
        off = _lint(rel, text, project_root=str(root), prefilter=False)
        assert on == off, rel
    assert {f[0] for f in _lint("agent.py", (root / "agent.py").read_text(), project_root=str(root))} == {"AIS302"}


def test_a_file_without_triggers_in_a_project_without_model_calls_is_not_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aisec_cli.lint.python import analyzer

    parsed: list[str] = []
    real = analyzer.analyze

    def counting(text: str, path: str, *args: object) -> object:
        parsed.append(path)
        return real(text, path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(analyzer, "analyze", counting)
    root = write_tree(tmp_path, {"util.py": "def helper(x):\n    return sorted(x)\n", "main.py": "from util import helper\n\nprint(helper([2, 1]))\n"})
    for rel in ("util.py", "main.py"):
        assert _lint(rel, (root / rel).read_text(), project_root=str(root)) == set()
    assert parsed == []
    write_tree(root, {"llm.py": LLM, "main.py": "from llm import ask\n\nprint(ask('x'))\n"})
    _lint("main.py", (root / "main.py").read_text(), project_root=str(tmp_path / "other"))  # another project: a fresh view
    parsed.clear()
    _lint("main.py", (root / "main.py").read_text(), project_root=str(root) + "/")
    assert parsed == ["main.py"]  # imports a module that calls a model: parsed


# -- built from the tables --------------------------------------------------------------------


def test_every_ai_package_import_is_a_trigger() -> None:
    for root in sorted(sdk.AI_IMPORT_ROOTS):
        head, _, rest = root.partition(".")
        assert PY.search(f"import {root}\n"), root
        assert PY.search(f"    from {root} import thing\n"), root
        assert PY.search(f"import os, json as j, {root}\n"), root
        if rest:
            assert PY.search(f"from {head} import {rest}\n"), root


def test_every_distinctive_model_call_shape_is_a_trigger() -> None:
    for shape in sdk.CHAIN_SHAPES:
        if shape.distinctive:
            call = ".".join(shape.suffix)
            assert PY.search(f"r = c.{call}(model=m)\n"), call
            assert PY.search(f"r = (c.{call.replace('.', chr(10) + '    .', 1)}(model=m))\n"), call


def test_receivers_named_like_chains_and_llms_are_triggers() -> None:
    for name in ("llm", "qa_chain", "agent_executor", "query_engine", "conversation", "rag"):
        for method in sorted(sdk.LLM_RECEIVER_METHODS):
            assert sdk.LLM_RECEIVER.match(name)
            assert PY.search(f"out = self.{name}.{method}(q)\n"), (name, method)


def test_provider_hosts_are_triggers() -> None:
    for host in urls.PROVIDER_HOSTS:
        assert PY.search(f"URL = 'https://{host}/v1/x'\n"), host


def test_provider_key_prefixes_are_triggers(keys) -> None:  # type: ignore[no-untyped-def]
    for make in (keys.openai_project, keys.anthropic, keys.groq, keys.huggingface, keys.google, keys.aws_access_key_id):
        value = make()
        assert PY.search(f"K = {value!r}\n"), make.__name__


def test_abstract_prompt_methods_are_triggers() -> None:
    assert PY.search("class Base:\n    def complete_prompt(self, x):\n        raise NotImplementedError\n")
    assert PY.search("class Base:\n    def run(self,\n            messages,  # the chat\n    ):\n        ...\n")


def test_plain_code_has_no_trigger() -> None:
    text = (
        "import itertools\nfrom .core import Basic, sympify\n\n\n"
        "def sort_key(expr, order=None):\n    '''Return a key.'''\n    print(expr)\n"
        "    return tuple(sorted(itertools.chain(expr.args, [order])))\n"
    )
    assert not PY.search(text)


def test_identifier_regexes_are_searched_at_word_boundaries() -> None:
    assert prefilter.in_text(r"(?i)^(?:llm|.*_chain)$") == r"\b(?:llm|\w*_chain)\b"
    assert prefilter.in_text(r"[^$]x$") == r"[^$]x\b"
    pattern = re.compile(prefilter.in_text(facts_mod.PROMPT_PARAM.pattern), re.I)
    assert pattern.search("def f(self, prompt):") and not pattern.search("def f(self, prompter):")


def test_import_extraction_covers_what_the_python_facts_record() -> None:
    text = (
        "import os, a.b, c.d as e\n"
        "from . import x\nfrom ..pkg.mod import (\n    f as g,  # note\n    h,\n)\n"
        "if True: import q\n"
        "def inner():\n    from r.s import t\n"
    )
    imports = facts_mod.ImportMap()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.add(node)
    assert set(imports.names.values()) <= set(prefilter.python_imports(text))


def test_every_js_ai_module_and_client_class_is_a_trigger() -> None:
    js = prefilter.TextGate("javascript")
    for module in sorted(sdk.JS_AI_MODULES):
        assert js.search(f'import x from "{module}";\n'), module
        assert js.search(f"const x = require('{module}');\n"), module
    for name in sorted(sdk.JS_CLIENT_CLASSES):
        assert js.search(f"const c = new {name}({{}});\n"), name
    assert not js.search("export function add(a, b) {\n  return a + b;\n}\n")


def test_an_import_continued_with_a_backslash_is_a_trigger() -> None:
    assert PY.search("from \\\n    openai import OpenAI\n")
    assert PY.search("import os, \\\n    anthropic\n")


USER_RULE = """\
version: 1
family: lint
rules:
  - id: AIS398
    name: argv-into-yaml-load
    title: Command-line input parsed as YAML objects
    severity: high
    profile: default
    languages: [python, javascript]
    anchor: sink
    scope: line
    flow:
      kinds: [user]
      sink: is parsed with yaml.load
      sinks:
        - python: [yaml.load]
        - javascript: [jsyaml.load]
    docs: {what: w, why: w, example: w, fix: w, references: []}
"""


def test_a_user_flow_rule_from_any_source_is_not_hidden_by_the_prefilter(tmp_path: Path, aisec) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "tool.py").write_text("import sys\nimport yaml\n\nyaml.load(sys.argv[1])\n", encoding="utf-8")
    (tmp_path / "tool.js").write_text('const jsyaml = require("js-yaml");\n\nfunction h(req) {\n  return jsyaml.load(req.query.doc);\n}\nmodule.exports = { h };\n', encoding="utf-8")
    assert not PY.search((tmp_path / "tool.py").read_text())  # nothing the bundled rules start from
    (tmp_path / "rules.yaml").write_text(USER_RULE, encoding="utf-8")
    result = aisec("lint", "--isolated", "--rule-file", "rules.yaml", "-f", "json", "tool.py", cwd=tmp_path)
    found = {(f["rule_id"], f["location"]["path"], f["location"]["line"]) for f in json.loads(result.stdout)["findings"]}
    assert ("AIS398", "tool.py", 4) in found


def test_a_file_that_imports_nothing_does_not_make_the_project_read_every_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aisec_cli.lint.flow.project import Project

    asked: list[str] = []
    real = Project.active
    monkeypatch.setattr(Project, "active", lambda self: asked.append("active") or real(self))
    root = write_tree(tmp_path, {"util.py": "def helper(x):\n    return sorted(x)\n"})
    assert _lint("util.py", (root / "util.py").read_text(), project_root=str(root)) == set()
    assert asked == []
    # it imports the project: whether any module calls a model decides (asked once)
    (root / "main.py").write_text("from util import helper\n\nprint(helper([2, 1]))\n", encoding="utf-8")
    assert _lint("main.py", (root / "main.py").read_text(), project_root=str(root)) == set()
    assert asked == ["active"]


def test_a_notebook_nested_too_deeply_is_read_as_text_not_raised() -> None:
    deep = '{"cells": [' + "[" * 100_000 + "]" * 100_000 + '], "x": "from openai import OpenAI"}'
    assert isinstance(PY.search(deep), bool)  # read as text: a verdict, never a RecursionError
    assert PY.search('{"cells": [' + "[" * 100_000 + "]" * 100_000 + "]}") is False
