"""The lint engine's contract: bad input, masking, profiles, settings, locations, rule docs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from aisec_cli.core.document import Document
from aisec_cli.core.findings import Severity
from aisec_cli.core.rules import DOC_HEADINGS, bundled_rules
from aisec_cli.lint import LintSettings, lint_document
from aisec_cli.lint.settings import Sanitizer
from tests.keyfactory import KeyFactory

ROOT = Path(__file__).resolve().parents[2]

EXEC_FLOW = """from openai import OpenAI

client = OpenAI(timeout=30)


def run(q):
    r = client.chat.completions.create(model="m", max_tokens=10, messages=[{"role": "user", "content": q}])
    code = r.choices[0].message.content
    exec(code)
"""


def lint(path: str, text: str, **settings: object) -> tuple[list, list]:
    return lint_document(Document(path, text), LintSettings.build(**settings))  # type: ignore[arg-type]


def ids(findings: list) -> set[tuple[str, int]]:
    return {(f.rule_id, f.location.line) for f in findings}


# -- bad input -----------------------------------------------------------------------------


def test_syntax_error_is_a_scan_error_not_a_crash() -> None:
    findings, errors = lint("broken.py", "import openai\ndef f(:\n    pass\n")
    assert findings == []
    assert len(errors) == 1 and "syntax error at line 2" in errors[0].message


NEWER_SYNTAX = [
    'd = {"k": 1}\nprint(f"value {d["k"]}")\n',  # PEP 701 quotes reused inside an f-string (3.12)
    "type Rows = list[dict[str, int]]\n",  # PEP 695 type alias (3.12)
    "def first[T](xs: list[T]) -> T:\n    return xs[0]\n",  # PEP 695 generic function (3.12)
    "class Box[T]:\n    item: T\n",  # PEP 695 generic class (3.12)
]


@pytest.mark.parametrize("newer", NEWER_SYNTAX)
def test_newer_python_syntax_is_analysed(newer: str) -> None:
    """Valid Python for the project's interpreter, only newer than aisec's: the file is read
    through a rewrite into this interpreter's syntax, so a model reply run with exec is seen
    (before, on 3.11, the file was not examined and the run was incomplete)."""
    text = "import openai\n" + newer + EXEC_FLOW.split("\n", 1)[1]
    findings, errors = lint("app.py", text)
    assert errors == []
    exec_line = text.splitlines().index("    exec(code)") + 1
    assert ("AIS301", exec_line) in ids(findings)


def test_newer_syntax_beside_a_real_error_is_still_an_error() -> None:
    findings, errors = lint("app.py", 'import openai\nd = {"k": 1}\nprint(f"value {d["k"]}")\ndef f(:\n    pass\n')
    assert findings == []
    assert len(errors) == 1 and errors[0].kind == "error", errors


def test_broken_source_stays_a_skip() -> None:
    for text in ("import openai\ndef f(:\n    pass\n", "import openai\ntype = 3\ntype x\n", "import openai\nprint 'hello'\n"):
        _, errors = lint("broken.py", text)
        assert len(errors) == 1 and errors[0].kind == "skipped", (text, errors)


def test_python2_source_is_reported_as_python2() -> None:
    findings, errors = lint("old.py", "import openai\nprint 'hello'\nexcept_x = 1\n")
    assert findings == []
    assert errors and errors[0].message.startswith("Python 2 source")


def test_minified_bundle_is_skipped() -> None:
    body = "var a=1;" * 5000 + "eval(openai)"
    findings, errors = lint("dist/app.js", body)
    assert findings == [] and errors[0].kind == "skipped" and "minified" in errors[0].message
    _, errors = lint("vendor/app.min.js", "eval(x)")
    assert errors[0].kind == "skipped"


def test_huge_file_is_skipped_by_size() -> None:
    text = ("x = 'openai'\n" * 20000)
    findings, errors = lint("big.py", text, max_file_bytes=100_000)
    assert findings == [] and "too large" in errors[0].message


def test_undecodable_source_is_an_error() -> None:
    text = "import openai\nname = '\udcff'\n"  # surrogate from a non-UTF-8 byte
    findings, errors = lint("latin1.py", text)
    assert findings == [] and "UTF-8" in errors[0].message


def test_broken_js_is_reported_and_ok_js_still_analysed() -> None:
    _, errors = lint("bad.ts", "import OpenAI from 'openai';\n" + "function (((( {{{{ ]]]] \n" * 40)
    assert errors and errors[0].kind == "skipped"  # not valid source: listed, the run stays complete
    findings, errors = lint("ok.js", "const r = await openai.chat.completions.create({model: 'm', max_tokens: 5});\neval(r.choices[0].message.content);\n")
    assert errors == [] and ("AIS301", 2) in ids(findings)


def test_non_source_files_are_ignored() -> None:
    assert lint("README.md", "exec(openai)") == ([], [])


# -- findings ------------------------------------------------------------------------------


def test_flow_finding_points_at_the_sink_and_says_what_flowed_where() -> None:
    findings, _ = lint("app.py", EXEC_FLOW)
    (f,) = [f for f in findings if f.rule_id == "AIS301"]
    assert (f.location.line, f.location.column) == (9, 5)
    assert f.location.end_column == 15
    assert "client.chat.completions.create()" in f.message and "line 7" in f.message and "`exec()`" in f.message
    assert f.properties["flow"][0].startswith("line 7") and f.properties["flow"][-1].startswith("line 9")
    assert f.properties["sdk"] == "openai"
    assert f.severity is Severity.CRITICAL
    assert f.snippet == "exec(code)"


def test_columns_count_characters_not_bytes() -> None:
    text = EXEC_FLOW.replace("    exec(code)", "    é = 1; exec(code)")
    findings, _ = lint("app.py", text)
    (f,) = [f for f in findings if f.rule_id == "AIS301"]
    assert f.location.column == 12  # "é" is one character (two UTF-8 bytes)


def test_fingerprint_survives_edits_above_the_finding() -> None:
    a, _ = lint("app.py", EXEC_FLOW)
    b, _ = lint("app.py", "# a new comment\n\n" + EXEC_FLOW)
    fa = next(f for f in a if f.rule_id == "AIS301")
    fb = next(f for f in b if f.rule_id == "AIS301")
    assert fa.location.line + 2 == fb.location.line
    assert fa.fingerprint == fb.fingerprint


def test_key_is_masked_in_snippet_message_and_properties(keys: KeyFactory) -> None:
    key = keys.anthropic()
    text = f'import anthropic\nclient = anthropic.Anthropic(api_key="{key}", timeout=5)\n'
    findings, _ = lint("app.py", text)
    (f,) = [f for f in findings if f.rule_id == "AIS101"]
    blob = json.dumps([f.message, f.snippet, dict(f.properties)])
    assert key not in blob and key[-40:] not in blob
    assert "sk-ant-api03-…" in f.snippet
    assert f.properties["env_var"] == "ANTHROPIC_API_KEY"


def test_hardcoded_key_in_tests_folder_is_low(keys: KeyFactory) -> None:
    text = f'from openai import OpenAI\nc = OpenAI(api_key="{keys.openai_project()}", timeout=5)\n'
    (prod,) = lint("app/main.py", text)[0]
    (test,) = lint("tests/test_main.py", text)[0]
    assert prod.severity is Severity.CRITICAL and test.severity is Severity.LOW


# -- settings ------------------------------------------------------------------------------


AUDIT_ONLY = """from transformers import AutoModel
m = AutoModel.from_pretrained("org/model")
"""


def test_audit_profile_adds_audit_rules() -> None:
    assert lint("m.py", AUDIT_ONLY)[0] == []
    findings, _ = lint("m.py", AUDIT_ONLY, profile="audit")
    assert {f.rule_id for f in findings} == {"AIS505"}
    with pytest.raises(ValueError):
        LintSettings(profile="paranoid")


def test_select_and_ignore() -> None:
    assert {f.rule_id for f in lint("app.py", EXEC_FLOW, select=["AIS3"])[0]} == {"AIS301"}
    assert "AIS301" not in {f.rule_id for f in lint("app.py", EXEC_FLOW, ignore=["AIS301"])[0]}


def test_configured_sanitizer_clears_a_flow_but_a_name_alone_does_not() -> None:
    text = EXEC_FLOW.replace("exec(code)", "exec(sanitize_code(code))") + "\n\ndef sanitize_code(c):\n    return c.replace('fig.show()', '')\n"
    assert ("AIS301", 9) in ids(lint("app.py", text)[0])
    text2 = text.replace("from openai import OpenAI", "from openai import OpenAI\nfrom safety.sandbox import sanitize_code")
    text2 = text2.split("\n\ndef sanitize_code")[0]
    assert ("AIS301", 10) in ids(lint("app.py", text2)[0])
    assert not any(f.rule_id == "AIS301" for f in lint("app.py", text2, sanitizers=["safety.sandbox.sanitize_code"])[0])
    # a sanitizer configured for other rules does not clear code execution
    assert any(f.rule_id == "AIS301" for f in lint("app.py", text2, sanitizers=["safety.sandbox.sanitize_code:AIS304"])[0])


def test_sanitizer_spec_parsing() -> None:
    s = Sanitizer.parse("pkg.mod.clean:ais304, AIS301")
    assert s.name == "pkg.mod.clean" and s.rules == frozenset({"AIS304", "AIS301"})
    assert s.matches("clean") and s.matches("pkg.mod.clean") and not s.matches("other")


def test_nextjs_middleware_fact_clears_route_rate_limit() -> None:
    text = (FIXTURES_DIR / "AIS404" / "pos_next_route.ts").read_text(encoding="utf-8")
    assert any(f.rule_id == "AIS404" for f in lint("app/api/chat/route.ts", text)[0])
    assert not any(f.rule_id == "AIS404" for f in lint("app/api/chat/route.ts", text, nextjs_middleware_limits=True)[0])


def test_torch_pin_fact() -> None:
    text = "import torch\nstate = torch.load('m.pt')\n"
    assert any(f.rule_id == "AIS504" for f in lint("m.py", text)[0])
    assert lint("m.py", text, torch_min_version=(2, 6))[0] == []


FIXTURES_DIR = Path(__file__).parent / "fixtures"


# -- cross-function flow (the vanna CVE-2024-5565 shape) -------------------------------------


def test_flow_through_methods_and_a_function_named_sanitize() -> None:
    text = (FIXTURES_DIR / "AIS301" / "pos_vanna_like.py").read_text(encoding="utf-8")
    (f,) = [f for f in lint("vanna_like.py", text)[0] if f.rule_id == "AIS301"]
    assert "self.submit_prompt()" in f.message
    assert any("generate_chart_code" in step for step in f.properties["flow"])


# -- rules metadata ------------------------------------------------------------------------


def test_rule_file_validates_and_every_rule_has_docs() -> None:
    data = yaml.safe_load((ROOT / "rules" / "lint.yaml").read_text(encoding="utf-8"))
    for name in ("rule-file", "lint"):
        schema = json.loads((ROOT / "rules" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator(schema).validate(data)
    rules = bundled_rules("lint")
    assert len(rules) == 27
    assert sum(1 for r in rules if r.data["profile"] == "default") == 24
    for rule in rules:
        text = rule.explain()
        for key, heading in DOC_HEADINGS:
            assert f"## {heading}" in text, (rule.id, key)
        assert rule.tags and rule.name and rule.title


def test_schema_rejects_an_unknown_profile() -> None:
    data = yaml.safe_load((ROOT / "rules" / "lint.yaml").read_text(encoding="utf-8"))
    data["rules"][0]["profile"] = "sometimes"
    schema = json.loads((ROOT / "rules" / "schema" / "lint.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(data)


# -- key shapes ----------------------------------------------------------------------------


def test_key_shapes(keys: KeyFactory) -> None:
    from aisec_cli.lint.keys import match_key

    assert match_key(keys.openai_project()).provider == "openai"  # type: ignore[union-attr]
    assert match_key(keys.anthropic()).provider == "anthropic"  # type: ignore[union-attr]
    assert match_key(keys.google()).provider == "google"  # type: ignore[union-attr]
    assert match_key(keys.groq()).provider == "groq"  # type: ignore[union-attr]
    assert match_key("Bearer " + keys.huggingface()).provider == "huggingface"  # type: ignore[union-attr]
    # unprefixed formats need a keyword that says "key"
    cohere = keys.chars(40)
    assert match_key(cohere) is None and match_key(cohere, "cohere_api_key") is not None
    for placeholder in ("sk-...", "sk-your-key-here", "YOUR_API_KEY", "<your-openai-key>", "sk-proj-XXXXXXXXXXXXXXXXXXXXXXXX", "EMPTY", "ollama", "sk-no-key-required"):
        assert match_key(placeholder, "api_key") is None, placeholder
    # key-named constants holding words are not keys
    assert match_key("amazon-bedrock-guardrailAssessment", "GUARDRAILS_BODY_KEY") is None


# -- notebooks, audit-only rules, containment -------------------------------------------------


def test_notebook_code_cells_are_linted_with_notebook_lines() -> None:
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": ["# exec(model output) is bad\n"]},
            {"cell_type": "code", "source": ["%pip install openai\n", "from openai import OpenAI\n", "c = OpenAI(timeout=5)\n"]},
            {"cell_type": "code", "source": ["r = c.chat.completions.create(model='m', max_tokens=5, messages=[])\n", "exec(r.choices[0].message.content)"]},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text = json.dumps(nb, indent=1)
    findings, errors = lint("demo.ipynb", text)
    assert errors == []
    (f,) = findings
    exec_line = next(n for n, line in enumerate(text.splitlines(), 1) if "exec(r.choices" in line)
    assert (f.rule_id, f.location.line) == ("AIS301", exec_line)
    assert f"(line {exec_line})" in f.message
    assert lint("bad.ipynb", "{not json openai")[1][0].kind == "skipped"  # not a notebook: listed, the run stays complete


def test_instruction_template_is_audit_only() -> None:
    text = (
        "from flask import request\nfrom openai import OpenAI\nc = OpenAI(timeout=5)\n"
        "def f():\n    t = request.json['t']\n"
        "    return c.chat.completions.create(model='m', max_tokens=5, messages=[\n"
        "        {'role': 'user', 'content': f'Summarize this page: {t}'},\n"
        "        {'role': 'user', 'content': f'Summarize the text between the tags.<document>{t}</document>'}])\n"
    )
    assert lint("a.py", text)[0] == []
    findings, _ = lint("a.py", text, profile="audit")
    assert ids(findings) == {("AIS202", 7)}


def test_an_analyser_bug_becomes_a_scan_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import aisec_cli.lint.python.analyzer as analyzer

    def boom(*args: object, **kwargs: object) -> list:
        raise KeyError("unexpected")

    monkeypatch.setattr(analyzer, "analyze", boom)
    findings, errors = lint("app.py", EXEC_FLOW)
    assert findings == [] and "lint failed" in errors[0].message


@pytest.mark.parametrize("split", [30, 60, 100])
def test_a_key_split_across_literals_is_masked_in_every_snippet(keys: KeyFactory, split: int) -> None:
    """``OpenAI(api_key="sk-proj-…" + "…")``: the AIS101 message was masked, but the line shown
    as evidence (for AIS101 and for every other finding on it) kept the second literal raw."""
    key = keys.openai_project()
    text = (
        "from openai import OpenAI\n"
        f'client = OpenAI(api_key="{key[:split]}" + "{key[split:]}")\n'
        f'KEY = ("{key[:split]}"\n       "{key[split:]}")\n'
    )
    findings, _ = lint("app.py", text)
    assert {f.rule_id for f in findings} >= {"AIS101", "AIS402"}
    shown = "\n".join(f"{f.snippet}\n{f.message}\n{f.properties}" for f in findings)
    body = key[len("sk-proj-"):]
    runs = [body[i : i + 12] for i in range(len(body) - 11) if body[i : i + 12] in shown]
    assert runs == [], runs
