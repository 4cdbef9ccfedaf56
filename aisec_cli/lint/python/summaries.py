"""Summaries of a Python module's top-level functions, for the modules that import it."""

from __future__ import annotations


from aisec_cli.lint.flow.project import Exported, ModuleSummary, Project
from aisec_cli.lint.flow.rules import flow_rule_ids
from aisec_cli.lint.python import facts as facts_mod
from aisec_cli.lint.python.analyzer import parse
from aisec_cli.lint.python.flow import ModuleFlow, signature
from aisec_cli.lint.settings import LintSettings


def module_summary(text: str, path: str, settings: LintSettings, rules: frozenset[str], project: Project) -> ModuleSummary:
    tree = parse(text, path)
    facts = facts_mod.collect(tree, path)
    flow = ModuleFlow(facts, text.splitlines(), settings, rules & flow_rule_ids(), project=project, export=True)
    flow.run()
    out = ModuleSummary(reexports=dict(facts.imports.names))
    for fn in facts.functions:
        if facts.parent(fn) is not tree:
            continue  # methods and nested functions are not importable by name
        summary = flow.summaries.get(id(fn))
        if summary is None or summary.empty():
            continue
        params, kwonly, vararg, kwarg = signature(fn)
        out.functions[fn.name] = Exported(params, summary, kwonly, vararg, kwarg)
    return out
