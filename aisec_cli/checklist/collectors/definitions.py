"""The functions a file defines, empty or not: a control named by a call counts only if it does something.

``sanitize_input(text)`` says nothing when the project's ``sanitize_input`` is ``return text``.
For every function or method a source file defines (Python through lint's parse, JavaScript
and TypeScript through lint's tree-sitter parse), this records whether its body is *hollow*:
nothing but a docstring, comments, ``pass``/``...``, log or print lines, ``raise
NotImplementedError``, and at most a ``return`` of a constant or of one of its own parameters.
Pure: text in, two sets of names out. Only files defining a function whose name sounds like a
control are parsed.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

# the words of the names the checklist's control signals match (sanitize_input, redact, audit_log …)
_CONTROL = (
    r"saniti|inject|clean|filter|valid|check|guard|screen|moderat|safe|harm|toxic|redact|anonymi|pseudonymi"
    r"|pii|mask|scrub|escape|limit|throttl|allow|truncat|budget|spend|cost|token|log|record|save|store|persist"
    r"|audit|alert|notify|anomal|spike|outlier|verify|estimate|count|quota"
)
_PY_DEF = re.compile(rf"(?im)^[ \t]*(?:async[ \t]+)?def[ \t]+\w*(?:{_CONTROL})\w*[ \t]*\(")
_JS_DEF = re.compile(
    rf"(?i)\bfunction\*?\s+\w*(?:{_CONTROL})\w*\s*[(<]|\b\w*(?:{_CONTROL})\w*\s*=\s*(?:async\s+)?(?:function\b|\(|\w+\s*=>)"
    rf"|^[ \t]*(?:(?:public|private|protected|static|async)\s+)*\w*(?:{_CONTROL})\w*\s*\([^)\n]*\)\s*(?::[^{{\n]*)?\{{",
    re.MULTILINE,
)
_PY_SUFFIXES = (".py", ".pyw", ".pyi")
_JS_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")
_LOGGERS = frozenset({"print", "log", "logger", "logging", "_log", "_logger", "LOG", "LOGGER", "console", "warnings"})


@dataclass(frozen=True, slots=True)
class Definitions:
    """Names of the functions one file defines: with an empty body, with one that only logs
    (empty for a check, the work itself for a logging helper), and with a working one."""

    hollow: frozenset[str] = frozenset()
    logs_only: frozenset[str] = frozenset()
    working: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.hollow or self.logs_only or self.working)


EMPTY, LOGS, WORKS = "empty", "logs", "works"


def defined(path: str, text: str) -> Definitions:
    """The control-sounding functions ``text`` (the source at ``path``) defines."""
    lower = path.lower()
    if lower.endswith(_PY_SUFFIXES) and _PY_DEF.search(text):
        return _python(path, text)
    if lower.endswith(_JS_SUFFIXES) and _JS_DEF.search(text):
        return _javascript(path, text)
    return Definitions()


# -- Python ------------------------------------------------------------------------------------


def _python(path: str, text: str) -> Definitions:
    try:
        from aisec_cli.lint.python.analyzer import PythonSyntaxProblem, parsed
    except ImportError:  # no lint engine: names are not judged (the items needing lint say so)
        return Definitions()
    try:
        tree = parsed(text, path).tree  # lint's parse of the same text (kept for the file it lints)
    except PythonSyntaxProblem:
        return Definitions()
    found: dict[str, set[str]] = {EMPTY: set(), LOGS: set(), WORKS: set()}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found[_py_body(node)].add(node.name)
    return Definitions(frozenset(found[EMPTY]), frozenset(found[LOGS]), frozenset(found[WORKS]))


def _py_body(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """EMPTY, LOGS (log or print lines and an empty end) or WORKS."""
    params = {a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)}
    if fn.args.vararg is not None:
        params.add(fn.args.vararg.arg)
    body = list(fn.body)
    logs = False
    while body and (inert := _py_inert(body[0])):
        logs = logs or inert == LOGS
        body.pop(0)
    quiet = LOGS if logs else EMPTY
    if not body:
        return quiet
    if len(body) > 1:
        return WORKS
    last = body[0]
    if isinstance(last, ast.Return):
        value = last.value
        empty = value is None or isinstance(value, ast.Constant) or (isinstance(value, ast.Name) and value.id in params)
        return quiet if empty else WORKS
    if isinstance(last, ast.Raise) and last.exc is not None:
        exc = last.exc.func if isinstance(last.exc, ast.Call) else last.exc
        return quiet if isinstance(exc, ast.Name) and exc.id == "NotImplementedError" else WORKS
    return WORKS


def _py_inert(stmt: ast.stmt) -> str:
    """EMPTY for a statement that does nothing, LOGS for a log or print line, '' otherwise."""
    if isinstance(stmt, ast.Pass):
        return EMPTY
    if isinstance(stmt, ast.Expr):
        value = stmt.value
        if isinstance(value, ast.Constant):  # docstring, `...`
            return EMPTY
        if isinstance(value, ast.Call):
            func = value.func
            while isinstance(func, ast.Attribute):
                func = func.value
            return LOGS if isinstance(func, ast.Name) and func.id in _LOGGERS else ""
    return ""


# -- JavaScript / TypeScript ---------------------------------------------------------------------

_JS_FUNCTIONS = frozenset({"function_declaration", "generator_function_declaration", "method_definition", "function_expression", "function", "arrow_function"})


def _javascript(path: str, text: str) -> Definitions:
    try:
        from aisec_cli.lint.javascript.parser import JsParseProblem, parse
    except ImportError:
        return Definitions()
    data = text.encode("utf-8", "surrogatepass")
    try:
        root = parse(data, path)
    except (JsParseProblem, ValueError):
        return Definitions()
    found: dict[str, set[str]] = {EMPTY: set(), LOGS: set(), WORKS: set()}
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.type not in _JS_FUNCTIONS:
            continue
        name = _js_name(node, data)
        if name:
            found[_js_body(node, data)].add(name)
    return Definitions(frozenset(found[EMPTY]), frozenset(found[LOGS]), frozenset(found[WORKS]))


def _text(node: Any, data: bytes) -> str:
    return data[node.start_byte:node.end_byte].decode("utf-8", "replace")


def _js_name(node: Any, data: bytes) -> str:
    named = node.child_by_field_name("name")
    if named is not None and node.type != "function_expression":
        return _text(named, data)
    parent = node.parent
    if parent is not None and parent.type in ("variable_declarator", "public_field_definition", "pair", "assignment_expression"):
        target = parent.child_by_field_name("name") or parent.child_by_field_name("key") or parent.child_by_field_name("left")
        if target is not None:
            return _text(target, data).rsplit(".", 1)[-1]
    return ""


def _js_params(node: Any, data: bytes) -> set[str]:
    params = node.child_by_field_name("parameters") or node.child_by_field_name("parameter")
    if params is None:
        return set()
    if params.type == "identifier":
        return {_text(params, data)}
    out = set()
    for child in params.named_children:
        pattern = child.child_by_field_name("pattern") or child
        if pattern.type == "identifier":
            out.add(_text(pattern, data))
    return out


_JS_LITERALS = frozenset({"string", "number", "true", "false", "null", "undefined", "template_string"})


def _js_value_hollow(value: Any, params: set[str], data: bytes) -> bool:
    while value is not None and value.type in ("parenthesized_expression", "as_expression", "non_null_expression"):
        value = value.named_children[0] if value.named_children else None
    if value is None:
        return True
    if value.type in _JS_LITERALS and not (value.type == "template_string" and value.named_children):
        return True
    return value.type == "identifier" and _text(value, data) in params


def _js_body(node: Any, data: bytes) -> str:
    """EMPTY, LOGS (console or logger lines and an empty end) or WORKS."""
    params = _js_params(node, data)
    body = node.child_by_field_name("body")
    if body is None:
        return WORKS
    if body.type != "statement_block":  # an arrow function's expression body
        if _js_log_call(body, data):
            return LOGS
        return EMPTY if _js_value_hollow(body, params, data) else WORKS
    statements = [c for c in body.named_children if c.type != "comment"]
    marks = [_js_inert(c, data) for c in statements]
    quiet = LOGS if LOGS in marks else EMPTY
    statements = [c for c, mark in zip(statements, marks) if not mark]
    if not statements:
        return quiet
    if len(statements) > 1:
        return WORKS
    last = statements[0]
    if last.type == "return_statement":
        values = [c for c in last.named_children if c.type != "comment"]
        return quiet if _js_value_hollow(values[0] if values else None, params, data) else WORKS
    return WORKS


def _js_log_call(value: Any, data: bytes) -> bool:
    if value.type != "call_expression":
        return False
    func = value.child_by_field_name("function")
    return func is not None and _text(func, data).split(".", 1)[0] in ("console", "logger", "log")


def _js_inert(stmt: Any, data: bytes) -> str:
    """EMPTY for a statement that does nothing, LOGS for a console or logger line, '' otherwise."""
    if stmt.type == "empty_statement":
        return EMPTY
    if stmt.type != "expression_statement" or not stmt.named_children:
        return ""
    value = stmt.named_children[0]
    if value.type == "string":  # "use strict"
        return EMPTY
    return LOGS if _js_log_call(value, data) else ""
