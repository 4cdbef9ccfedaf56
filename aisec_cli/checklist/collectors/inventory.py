"""Where a file calls models, in lint's terms: the model calls, the code on their path, the routes.

The checklist does not decide a second time what "a model call" or "a route" is: it asks the
lint engine's analysers (the SDK table, the module facts and the same-file call graph that the
AIS401/AIS404 rules use) and keeps the answer as plain line numbers. Evidence for an item is then
taken only from the code on a model call's path: the functions that call a model directly or
through same-file functions (and, for scripts and notebooks, the module body that does).
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aisec_cli.core.document import Document


@dataclass(frozen=True, slots=True)
class ModelCallSite:
    line: int
    provider: str
    desc: str  # `client.chat.completions.create()` …
    opaque_cap: bool = False  # options come through an unknown `**kwargs` and no cap keyword is written


@dataclass(frozen=True, slots=True)
class RouteSite:
    """A route (HTTP handler) whose handler calls a model, directly or through same-file code."""

    line: int  # the decorator / registration / export
    start: int  # handler body
    end: int
    name: str
    limited: bool  # a limiter on the route itself or on the whole app


@dataclass(frozen=True, slots=True)
class ModelPaths:
    """One file's model calls, the line spans of the code on their path, and its model routes."""

    path: str
    calls: tuple[ModelCallSite, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    routes: tuple[RouteSite, ...] = ()
    ui_script: bool = False  # a Streamlit / Gradio / Chainlit script that calls models
    code_lines: frozenset[int] = frozenset()  # notebooks: the lines of code cells (outputs are not code)
    reach: tuple[int, ...] = ()  # lines that call a same-file function which calls a model
    helpers: tuple[tuple[int, int], ...] = ()  # same-file functions the path calls (its response handlers, its checks)

    def calls_in(self, span: tuple[int, int]) -> list[int]:
        """Lines in ``span`` that call a model, directly or through a same-file function."""
        return [n for n in (*(c.line for c in self.calls), *self.reach) if span[0] <= n <= span[1]]

    def on_path(self, line: int) -> bool:
        if self.code_lines and line not in self.code_lines:
            return False
        return any(start <= line <= end for start, end in self.spans)

    def on_helper_path(self, line: int) -> bool:
        """On the path, or in a same-file function that code on the path calls (``self._to_answer(resp)``)."""
        if self.on_path(line):
            return True
        if self.code_lines and line not in self.code_lines:
            return False
        return any(start <= line <= end for start, end in self.helpers)

    def span_of(self, line: int) -> tuple[int, int] | None:
        """The narrowest model-path span holding ``line``."""
        holding = [s for s in self.spans if s[0] <= line <= s[1] and (not self.code_lines or line in self.code_lines)]
        return min(holding, key=lambda s: s[1] - s[0]) if holding else None


_UI_MODULES = frozenset({"streamlit", "gradio", "chainlit", "mesop", "nicegui"})


def _mapper(numbers: Sequence[int] | None) -> Any:
    if not numbers:
        return lambda n: n
    return lambda n: numbers[n - 1] if 0 < n <= len(numbers) else n


def python_paths(doc: Document) -> ModelPaths | None:
    """Model paths of a Python source or notebook (``None``: no model call, or not parseable)."""
    from aisec_cli.lint.python import facts as facts_mod
    from aisec_cli.lint.python.analyzer import PythonSyntaxProblem, parse
    from aisec_cli.lint.python.limits import Limits

    source = doc
    if doc.path.lower().endswith(".ipynb"):
        from aisec_cli.lint.notebook import NotebookProblem, notebook_to_python

        try:
            source, _ = notebook_to_python(doc)
        except NotebookProblem:
            return None
    real = _mapper(source.line_numbers)
    try:
        tree = parse(source.text, doc.path)
    except PythonSyntaxProblem:
        return None
    facts = facts_mod.collect(tree, doc.path)
    lines = source.text.splitlines()
    limits = Limits(facts, lines, frozenset())
    if not limits.model_calls:
        return None
    model_fns = limits._model_functions()  # lint's same-file call graph, read only
    calls = tuple(
        ModelCallSite(real(call.lineno), mc.provider, mc.desc, _opaque_cap(facts, scope, call, mc))
        for call, mc, scope, _fn in limits.model_calls
    )
    spans: list[tuple[int, int]] = []
    module_level = any(fn is None for _c, _m, _s, fn in limits.model_calls)
    by_id = {id(fn): fn for fn in facts.functions}
    for fn_id in model_fns:
        fn = by_id.get(fn_id)
        if fn is not None:
            spans.append((real(fn.lineno), real(fn.end_lineno or fn.lineno)))
    if module_level or any(_called_at_module_level(facts, by_id[i]) for i in model_fns if i in by_id):
        spans.append((1, real(len(lines) or 1)))
    routes = []
    for fn_id, route in facts.routes.items():
        fn = by_id.get(fn_id)
        if fn is None or fn_id not in model_fns or route.kind == "function":
            continue
        cls = facts.class_of(fn)
        limited = route.limited or facts.app_limited or (cls is not None and cls.limited)
        anchor = getattr(route.anchor, "lineno", fn.lineno)
        routes.append(RouteSite(real(anchor), real(fn.lineno), real(fn.end_lineno or fn.lineno), fn.name, limited))
    ui_import = bool(_UI_MODULES & {q.split(".", 1)[0] for q in facts.imports.names.values()})
    # Chainlit / NiceGUI / Mesop run the model from handlers the framework calls per visitor message
    ui = ui_import and (module_level or any(_ui_handler(facts, by_id[i]) for i in model_fns if i in by_id))
    code_lines = frozenset(source.line_numbers or ()) if source is not doc else frozenset()
    reach = _reaching_calls(facts, {getattr(by_id[i], "name", "") for i in model_fns if i in by_id}, real)
    helpers = tuple(sorted({(real(by_id[i].lineno), real(by_id[i].end_lineno or by_id[i].lineno)) for i in _helper_functions(limits, model_fns) if i in by_id}))
    return ModelPaths(doc.path, calls, tuple(sorted(set(spans))), tuple(routes), ui or bool(facts.ui_handlers & model_fns), code_lines, reach, helpers)


def _helper_functions(limits: Any, model_fns: set[int], depth: int = 2) -> set[int]:
    """Same-file functions called from the model-calling functions (two calls deep), which are
    not model-calling themselves: where the response is handed on and the input checked."""
    found: set[int] = set()
    frontier = set(model_fns)
    for _ in range(depth):
        reached: set[int] = set()
        for call, _scope, _cls, fn in limits.all_calls:
            if fn is None or id(fn) not in frontier:
                continue
            reached |= {id(t) for t in limits._callees(call)} - model_fns - found
        if not reached:
            break
        found |= reached
        frontier = reached
    return found


_CAP_WORDS = ("max", "config", "limit", "token", "settings")


def _opaque_cap(facts: Any, scope: Any, call: ast.Call, mc: Any) -> bool:
    """Does the call take its options from a `**kwargs` lint cannot resolve, with no cap-like keyword
    written at the call? (lint gives such calls the benefit of the doubt for AIS401.)"""
    from aisec_cli.lint.python import calls as calls_mod

    if not any(kw.arg is None for kw in call.keywords):
        return False
    if any(kw.arg is not None and any(w in kw.arg.lower() for w in _CAP_WORDS) for kw in call.keywords):
        return False
    return calls_mod.resolve_kwargs(facts, scope, call, extra=getattr(mc, "partial", None)) is None


def _ui_handler(facts: Any, fn: Any) -> bool:
    """Is this function registered with a UI framework by a decorator (``@cl.on_message``)?"""
    for dec in getattr(fn, "decorator_list", ()):
        target = dec.func if isinstance(dec, ast.Call) else dec
        if facts.resolve(target).split(".", 1)[0] in _UI_MODULES:
            return True
    return False


def _reaching_calls(facts: Any, names: set[str], real: Any) -> tuple[int, ...]:
    """Lines calling a same-file model function by name (``ask(...)``, ``self.ask(...)``)."""
    names.discard("")
    if not names:
        return ()
    out: set[int] = set()
    for node in ast.walk(facts.tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in names:
            out.add(real(node.lineno))
    return tuple(sorted(out))


def _called_at_module_level(facts: Any, fn: ast.AST) -> bool:
    """A model-calling function that the module body itself calls (a script's main path)."""
    name = getattr(fn, "name", "")
    if not name or facts.func_scope.get(id(fn)) is not facts.module_scope:
        return False
    for node in facts.nodes_of(facts.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name:
            return True
    return False


def javascript_paths(doc: Document, settings: Any) -> ModelPaths | None:
    """Model paths of a JavaScript / TypeScript source (``None``: no model call)."""
    from aisec_cli.lint.javascript import facts as facts_mod
    from aisec_cli.lint.javascript.checks import JsChecks
    from aisec_cli.lint.javascript.parser import Source, parse

    data = doc.text.encode("utf-8", "surrogatepass")
    try:
        root = parse(data, doc.path)
    except Exception:  # noqa: BLE001 - lint reports unparsable sources itself
        return None
    facts = facts_mod.collect(root, Source(data), doc.path)
    checks = JsChecks(facts, settings, frozenset(), False)
    checks.run()
    if not checks.model_calls:
        return None
    model_fns = checks._model_functions()  # lint's same-file call graph, read only
    calls = tuple(ModelCallSite(node.start_point[0] + 1, mc.provider, mc.desc) for node, mc in checks.model_calls)
    spans: list[tuple[int, int]] = []
    for fn in facts.all_functions:
        if fn.id in model_fns:
            spans.append((fn.start_point[0] + 1, fn.end_point[0] + 1))
    top = [node for node, _ in checks.model_calls if _enclosing(node) is None]
    if top:
        spans.append((1, root.end_point[0] + 1))
    routes = []
    for handler_id, route in facts.routes.items():
        if handler_id not in model_fns:
            continue
        handler = route.handler
        limited = route.limited or facts.app_limited or checks._limited_in_body(handler)
        name = facts.func_names.get(handler_id, "") or route.kind
        routes.append(RouteSite(route.anchor.start_point[0] + 1, handler.start_point[0] + 1, handler.end_point[0] + 1, name, limited))
    return ModelPaths(doc.path, calls, tuple(sorted(set(spans))), tuple(routes))


def _enclosing(node: Any) -> Any:
    from aisec_cli.lint.javascript.parser import FUNCTION_TYPES

    cur = node.parent
    while cur is not None and cur.type not in FUNCTION_TYPES:
        cur = cur.parent
    return cur


def model_paths(doc: Document, language: str, settings: Any) -> ModelPaths | None:
    """Dispatch on lint's language of the document."""
    if language in ("python", "notebook"):
        return python_paths(doc)
    if language in ("javascript", "typescript"):
        return javascript_paths(doc, settings)
    return None
