"""Guards: conditions after which a value counts as validated (allow-lists, constant
comparisons, `is_relative_to`, `hostname in ALLOWED`, full-match patterns).

`facts(test)` returns two sets of access paths: validated when the test is true, and
validated when it is false. Regex substitutions are not guards (they never appear here).
"""

from __future__ import annotations

import ast

from aisec_cli.lint import urls
from aisec_cli.lint.python.facts import dotted

_POSITIVE_METHODS = frozenset(
    {"isalnum", "isdigit", "isidentifier", "isdecimal", "isnumeric", "isalpha", "is_relative_to"}
)
_MATCH_FUNCS = frozenset({"fullmatch", "match"})
_URL_PARTS = frozenset({"hostname", "netloc", "host"})


def path_of(node: ast.AST | None) -> str | None:
    """Access path of `x`, `x.a`, `x["k"]`, `x.get("k")`; None for anything else (walked in a
    loop from the outside in: a long chain of attributes is valid Python)."""
    suffixes: list[str] = []
    while True:
        if isinstance(node, ast.Name):
            return node.id + "".join(reversed(suffixes)) if node.id else None
        if isinstance(node, ast.Attribute):
            suffixes.append(f".{node.attr}")
            node = node.value
        elif isinstance(node, ast.Subscript):
            key = node.slice
            if not (isinstance(key, ast.Constant) and isinstance(key.value, (str, int))):
                return None
            suffixes.append(f"[{key.value!r}]")
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            if not (node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                return None
            suffixes.append(f"[{node.args[0].value!r}]")
            node = node.func.value
        else:
            return None


def _subject(node: ast.AST) -> ast.AST:
    """`urlparse(x).hostname` → x ; `Path(x).resolve()` → x ; `x.strip().lower()` → x."""
    while True:
        if isinstance(node, ast.Attribute) and node.attr in _URL_PARTS:
            node = node.value
            continue
        if isinstance(node, ast.Call):
            name = dotted(node.func) or ""
            last = name.rsplit(".", 1)[-1]
            if last in ("urlparse", "urlsplit", "Path", "PurePath", "realpath", "abspath", "normpath", "resolve", "lower", "strip", "upper", "casefold", "str") and (node.args or isinstance(node.func, ast.Attribute)):
                if isinstance(node.func, ast.Attribute) and last in ("resolve", "lower", "strip", "upper", "casefold"):
                    node = node.func.value
                    continue
                if node.args:
                    node = node.args[0]
                    continue
        return node


def _paths(node: ast.AST) -> set[str]:
    out: set[str] = set()
    p = path_of(node)
    if p:
        out.add(p)
    inner = _subject(node)
    if inner is not node:
        q = path_of(inner)
        if q:
            out.add(q)
    return out


def _constant_like(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(_constant_like(e) for e in node.elts)
    if isinstance(node, (ast.Name, ast.Attribute)):
        return True  # ALLOWED, settings.ALLOWED_MODELS, MyEnum
    if isinstance(node, ast.Call):
        name = dotted(node.func) or ""
        return name.rsplit(".", 1)[-1] in ("keys", "values", "set", "frozenset", "list", "tuple")
    return False


def _fixed_hosts(node: ast.AST) -> bool:
    """A constant URL prefix (or a tuple of them) that fixes scheme and host."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and urls.fixed_host_prefix(node.value)
    if isinstance(node, (ast.Tuple, ast.List)):
        return bool(node.elts) and all(_fixed_hosts(e) for e in node.elts)
    return False


def facts(test: ast.AST) -> tuple[set[str], set[str]]:
    """(validated if test is true, validated if test is false)."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        t, f = facts(test.operand)
        return f, t
    if isinstance(test, ast.BoolOp):
        parts = [facts(v) for v in test.values]
        if isinstance(test.op, ast.And):
            true = set().union(*(p[0] for p in parts))
            false = set.intersection(*(p[1] for p in parts)) if parts else set()
            return true, false
        true = set.intersection(*(p[0] for p in parts)) if parts else set()
        false = set().union(*(p[1] for p in parts))
        return true, false
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        op, left, right = test.ops[0], test.left, test.comparators[0]
        if isinstance(op, (ast.In, ast.NotIn)) and _constant_like(right):
            paths = _paths(left)
            return (paths, set()) if isinstance(op, ast.In) else (set(), paths)
        if isinstance(op, (ast.Eq, ast.NotEq, ast.Is, ast.IsNot)):
            for a, b in ((left, right), (right, left)):
                if isinstance(b, ast.Constant) and b.value is not None and isinstance(b.value, (str, int)):
                    paths = _paths(a)
                    return (paths, set()) if isinstance(op, (ast.Eq, ast.Is)) else (set(), paths)
        return set(), set()
    if isinstance(test, ast.Call):
        name = dotted(test.func) or ""
        last = name.rsplit(".", 1)[-1]
        if isinstance(test.func, ast.Attribute) and last in _POSITIVE_METHODS:
            return _paths(test.func.value), set()
        if last in _MATCH_FUNCS and len(test.args) >= 2:
            pattern = test.args[0]
            if last == "fullmatch" or (
                isinstance(pattern, ast.Constant) and isinstance(pattern.value, str) and pattern.value.endswith(("$", r"\Z"))
            ):
                return _paths(test.args[1]), set()
        if last == "fullmatch" and isinstance(test.func, ast.Attribute) and test.args:
            return _paths(test.args[0]), set()
        if last in ("startswith",) and isinstance(test.func, ast.Attribute) and test.args and _constant_like(test.args[0]):
            # realpath(p).startswith(BASE): a containment check for paths
            inner = test.func.value
            if isinstance(inner, ast.Call) and (dotted(inner.func) or "").rsplit(".", 1)[-1] in ("realpath", "abspath", "resolve", "str"):
                return _paths(inner), set()
            if _fixed_hosts(test.args[0]):
                # url.startswith("https://api.example.com/"): scheme and host are fixed
                return _paths(inner), set()
        if last in ("hasOwnProperty", "has_key") and test.args:
            return _paths(test.args[0]), set()
        if last in ("commonpath",):
            return set(), set()
    return set(), set()


def always_exits(body: list[ast.stmt]) -> bool:
    """Does this block always leave (return / raise / continue / break / abort)?"""
    if not body:
        return False
    last = body[-1]
    if isinstance(last, (ast.Return, ast.Raise, ast.Continue, ast.Break)):
        return True
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
        name = dotted(last.value.func) or ""
        if name.rsplit(".", 1)[-1] in ("abort", "exit", "_exit", "stop", "fail", "throw", "raise_error"):
            return True
    if isinstance(last, ast.If):
        return always_exits(last.body) and always_exits(last.orelse)
    if isinstance(last, ast.Try):
        return always_exits(last.body) and all(always_exits(h.body) for h in last.handlers)
    if isinstance(last, (ast.With, ast.AsyncWith)):
        return always_exits(last.body)
    return False
