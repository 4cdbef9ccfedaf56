"""Sinks as data: a sink added in a rule file's `flow.sinks` table is found in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from aisec_cli.core.rules import rules_dir

RULE_FILE = """\
version: 1
family: lint
rules:
  - id: AIS399
    name: llm-output-to-template-engine
    title: Model output compiled as a template
    severity: high
    profile: default
    languages: [python, javascript]
    anchor: sink
    scope: line
    flow:
      kinds: [llm]
      sink: is compiled as a template
      sinks:
        - python: [mako.template.Template]
          keywords: [text]
          label: "{callee}()"
        - javascript: [handlebars.compile]
          label: Handlebars.compile()
        - methods: [render_unsafe]
          receiver: Renderer
          severity: low
          label: "{receiver}.{method}()"
    docs:
      what: Model output compiled as a template.
      why: Template injection.
      example: "Template(reply)"
      fix: Render model output as data.
      references: []
"""

PY_APP = """\
from mako.template import Template
from openai import OpenAI

client = OpenAI(timeout=30, max_retries=2)


class Renderer:
    def render_unsafe(self, text):
        return text


def page(q):
    r = client.chat.completions.create(model="m", max_tokens=10, messages=[{"role": "user", "content": q}])
    reply = r.choices[0].message.content
    Template(text=reply)
    Template("<p>fixed</p>")
    Renderer().render_unsafe(reply)
    return reply
"""

JS_APP = """\
const Handlebars = require("handlebars");
const OpenAI = require("openai");
const openai = new OpenAI({ timeout: 20000, maxRetries: 2 });

async function page(q) {
  const r = await openai.chat.completions.create({ model: "m", max_tokens: 10, messages: [{ role: "user", content: q }] });
  const reply = r.choices[0].message.content;
  Handlebars.compile(reply);
  Handlebars.compile("<p>{{x}}</p>");
  return reply;
}
module.exports = { page };
"""


def _write(root: Path) -> Path:
    (root / "app.py").write_text(PY_APP, encoding="utf-8")
    (root / "app.js").write_text(JS_APP, encoding="utf-8")
    rule_file = root / "my-rules.yaml"
    rule_file.write_text(RULE_FILE, encoding="utf-8")
    return rule_file


def test_a_sink_added_in_a_rule_file_is_found_in_both_languages(tmp_path: Path, aisec) -> None:  # type: ignore[no-untyped-def]
    rule_file = _write(tmp_path)
    result = aisec("lint", "--rule-file", str(rule_file), "--format", "json", ".", cwd=tmp_path)
    data = json.loads(result.stdout)
    found = sorted((f["location"]["path"], f["location"]["line"]) for f in data["findings"] if f["rule_id"] == "AIS399")
    assert found == [("app.js", 8), ("app.py", 15), ("app.py", 17)]  # the constant templates are not
    messages = {f["location"]["line"]: f["message"] for f in data["findings"] if f["rule_id"] == "AIS399"}
    assert "is compiled as a template: `Template()`" in messages[15]
    assert "`Renderer.render_unsafe()`" in messages[17]
    severities = {f["location"]["line"]: f["severity"] for f in data["findings"] if f["rule_id"] == "AIS399"}
    assert severities == {8: "high", 15: "high", 17: "low"}  # the rule's, or the entry's own
    assert "`Handlebars.compile()`" in messages[8]


def test_without_the_rule_file_nothing_is_reported(tmp_path: Path, aisec) -> None:  # type: ignore[no-untyped-def]
    _write(tmp_path)
    data = json.loads(aisec("lint", "--format", "json", ".", cwd=tmp_path).stdout)
    assert not [f for f in data["findings"] if f["rule_id"] == "AIS399"]


def test_a_bad_sink_table_is_refused(tmp_path: Path, aisec) -> None:  # type: ignore[no-untyped-def]
    rule_file = _write(tmp_path)
    rule_file.write_text(RULE_FILE.replace("keywords: [text]", "keywords: text"), encoding="utf-8")
    result = aisec("lint", "--rule-file", str(rule_file), ".", cwd=tmp_path)
    assert result.code == 2 and "invalid rule file" in result.stderr and "sinks" in result.stderr


def test_bundled_sink_tables_fit_the_schema_and_name_known_rules() -> None:
    document = yaml.safe_load((rules_dir() / "lint.yaml").read_text(encoding="utf-8"))
    schema = json.loads((rules_dir() / "schema" / "lint.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    with_tables = [r["id"] for r in document["rules"] if (r.get("flow") or {}).get("sinks")]
    assert {"AIS301", "AIS302", "AIS304", "AIS305", "AIS308"} <= set(with_tables)
