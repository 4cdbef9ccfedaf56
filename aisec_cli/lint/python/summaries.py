"""A parsed Python module of the project, summarising its functions and class methods for importers."""

from __future__ import annotations

import ast

from aisec_cli.lint.flow.project import PY_SUFFIXES, Exported, Project, register_loader
from aisec_cli.lint.flow.rules import flow_rule_ids
from aisec_cli.lint.python import facts as facts_mod
from aisec_cli.lint.python.analyzer import parsed
from aisec_cli.lint.python.facts import FunctionNode
from aisec_cli.lint.python.flow import ModuleFlow, signature
from aisec_cli.lint.settings import LintSettings


class PythonModule:
    """One module's syntax tree and facts, kept while its functions are summarised."""

    def __init__(self, text: str, path: str, settings: LintSettings, rules: frozenset[str], project: Project) -> None:
        self.facts = parsed(text, path)
        self.tree = self.facts.tree
        self.lines = text.splitlines()
        self.settings = settings
        self.rules = rules & flow_rule_ids()
        self.project = project
        self.reexports = dict(self.facts.imports.names)
        self.functions: dict[str, FunctionNode] = {}
        self.methods: set[str] = set()
        # top-level class → its bases as qualified import names (inherited methods are looked up there)
        self.bases: dict[str, tuple[str, ...]] = {
            name: tuple(b for b in info.bases if b) for name, info in self.facts.classes.items() if self.facts.parent(info.node) is self.tree
        }
        for fn in self.facts.functions:
            parent = self.facts.parent(fn)
            if parent is self.tree:  # nested functions are not importable
                self.functions[fn.name] = fn
            elif isinstance(parent, ast.ClassDef) and self.facts.parent(parent) is self.tree:
                key = f"{parent.name}.{fn.name}"  # a method: called on an instance made elsewhere
                self.functions.setdefault(key, fn)
                if not _static(fn, "staticmethod"):  # `Adapters.lookup(user, x)`: no receiver
                    self.methods.add(key)

    def names(self) -> set[str]:
        return set(self.functions)

    def summarise(self, name: str, shallow: bool = False) -> Exported | None:
        fn = self.functions[name]
        project = None if shallow else self.project
        flow = ModuleFlow(self.facts, self.lines, self.settings, self.rules, project=project, only=fn)
        flow.run()
        summary = flow.summaries.get(id(fn))
        if summary is None:
            return None  # an empty summary is kept: nothing the call is given comes back from it
        params, kwonly, vararg, kwarg = signature(fn)
        if name in self.methods and params:
            return Exported(params[1:], summary, kwonly, vararg, kwarg, receiver=params[0])
        return Exported(params, summary, kwonly, vararg, kwarg)


def _static(fn: FunctionNode, *kinds: str) -> bool:
    kinds = kinds or ("staticmethod", "classmethod")
    return any(isinstance(d, ast.Name) and d.id in kinds for d in fn.decorator_list)


register_loader(PY_SUFFIXES, PythonModule)
