"""Analyse one JS/TS source: parse with tree-sitter, collect facts, run flow and checks."""

from __future__ import annotations

from aisec_cli.lint.hits import Hit
from aisec_cli.lint.javascript import facts as facts_mod
from aisec_cli.lint.javascript.checks import JsChecks
from aisec_cli.lint.javascript.flow import JsModuleFlow
from aisec_cli.lint.javascript.parser import JsParseProblem, Source, parse
from aisec_cli.lint.settings import LintSettings

__all__ = ["JsParseProblem", "analyze_js"]

FLOW_RULES = frozenset(
    {"AIS102", "AIS104", "AIS201", "AIS202", "AIS301", "AIS302", "AIS303", "AIS304", "AIS305", "AIS308", "AIS405", "AIS601"}
)


def analyze_js(text: str, path: str, settings: LintSettings, rules: frozenset[str], is_test: bool, typescript: bool = False) -> list[Hit]:
    data = text.encode("utf-8", "surrogatepass")
    root = parse(data, path)
    src = Source(data)
    facts = facts_mod.collect(root, src, path)
    hits: list[Hit] = []
    if rules & FLOW_RULES:
        hits += JsModuleFlow(facts, settings, rules & FLOW_RULES).run()
    hits += JsChecks(facts, settings, rules, is_test).run()
    _ = typescript
    return hits
