"""Analyse one JS/TS source: parse with tree-sitter, collect facts, run flow and checks."""

from __future__ import annotations

from aisec_cli.lint.flow.project import project_for
from aisec_cli.lint.flow.rules import flow_rule_ids
from aisec_cli.lint.hits import Hit
from aisec_cli.lint.javascript import facts as facts_mod
from aisec_cli.lint.javascript.checks import JsChecks
from aisec_cli.lint.javascript.flow import JsModuleFlow
from aisec_cli.lint.javascript.parser import JsParseProblem, Source, parse
from aisec_cli.lint.settings import LintSettings

__all__ = ["JsParseProblem", "analyze_js"]



def analyze_js(text: str, path: str, settings: LintSettings, rules: frozenset[str], is_test: bool, typescript: bool = False) -> list[Hit]:
    data = text.encode("utf-8", "surrogatepass")
    root = parse(data, path)
    src = Source(data)
    facts = facts_mod.collect(root, src, path)
    hits: list[Hit] = []
    flow_rules = rules & flow_rule_ids()
    if flow_rules:
        hits += JsModuleFlow(facts, settings, flow_rules, path, project=project_for(settings, flow_rules, path)).run()
    hits += JsChecks(facts, settings, rules, is_test).run()
    _ = typescript
    return hits
