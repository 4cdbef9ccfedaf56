"""tree-sitter parsing for JavaScript, TypeScript and TSX, plus small node helpers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from aisec_cli.core.lazyre import LazyRegex
from aisec_cli.lint.hits import Span

Node = Any  # tree_sitter.Node (kept loose: the binding has no stable stubs)


class JsParseProblem(Exception):
    """The source could not be parsed well enough to analyse."""


@cache
def _language(kind: str) -> Any:
    import tree_sitter as ts

    if kind == "javascript":
        import tree_sitter_javascript as tsj

        return ts.Language(tsj.language())
    import tree_sitter_typescript as tst

    if kind == "tsx":
        return ts.Language(tst.language_tsx())
    return ts.Language(tst.language_typescript())


def parse(source: bytes, path: str) -> Node:
    """Parse with the grammar the extension calls for; JS files fall back to TSX (JSX + types)."""
    import tree_sitter as ts

    lower = path.lower()
    if lower.endswith((".ts", ".mts", ".cts")):
        kinds = ["typescript", "tsx"]
    elif lower.endswith(".tsx"):
        kinds = ["tsx"]
    else:
        kinds = ["javascript", "tsx"]
    best = None
    best_errors = None
    for kind in kinds:
        parser = ts.Parser(_language(kind))
        tree = parser.parse(source)
        root = tree.root_node
        if not root.has_error:
            return root
        errors = _error_bytes(root)
        if best is None or errors < best_errors:  # type: ignore[operator]
            best, best_errors = root, errors
    assert best is not None
    broken = _error_bytes(best)
    if broken > max(200, len(source) // 10):
        raise JsParseProblem(f"syntax errors ({broken} of {len(source)} bytes unparsable): not analysed")
    return best


def _error_bytes(root: Node) -> int:
    total = 0
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            total += max(1, node.end_byte - node.start_byte)
            continue
        if node.has_error:
            stack.extend(node.children)
    return total


class Source:
    """Text access for spans: tree-sitter columns are UTF-8 byte offsets."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.lines = data.split(b"\n")
        self.ascii = data.isascii()

    def text(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def span(self, node: Node) -> Span:
        (r1, c1), (r2, c2) = node.start_point, node.end_point
        return Span(r1 + 1, self._col(r1, c1) + 1, r2 + 1, self._col(r2, c2) + 1)

    def _col(self, row: int, byte_col: int) -> int:
        if self.ascii or row >= len(self.lines):
            return byte_col
        return len(self.lines[row][:byte_col].decode("utf-8", "replace"))


def walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        cur = stack.pop()
        yield cur
        stack.extend(reversed(cur.named_children))


FUNCTION_TYPES = frozenset(
    {"function_declaration", "function_expression", "arrow_function", "method_definition", "function", "generator_function_declaration", "generator_function"}
)


def walk_scope(node: Node) -> Iterator[Node]:
    """Nodes of one function body without entering nested functions."""
    stack = list(reversed(node.named_children))
    while stack:
        cur = stack.pop()
        yield cur
        if cur.type in FUNCTION_TYPES:
            continue
        stack.extend(reversed(cur.named_children))


def field(node: Node, name: str) -> Node | None:
    return node.child_by_field_name(name)


def unwrap(node: Node | None) -> Node | None:
    """Strip parentheses, TS casts, non-null assertions, await."""
    while node is not None and node.type in (
        "parenthesized_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
        "type_assertion",
    ):
        node = node.named_children[0] if node.named_children else None
    return node


def string_value(node: Node | None, src: Source) -> str | None:
    """The value of a string literal (a template without substitutions too), escapes decoded."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "string":
        text = src.text(node)
        return js_unescape(text[1:-1]) if len(text) >= 2 else ""
    if node.type == "template_string" and not any(c.type == "template_substitution" for c in node.named_children):
        text = src.text(node)
        return js_unescape(text[1:-1])
    return None


_JS_ESCAPE = LazyRegex(r"\\(?:u\{([0-9A-Fa-f]{1,6})\}|u([0-9A-Fa-f]{4})|x([0-9A-Fa-f]{2})|(\r\n|[\s\S]))")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _unescaped(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2) or match.group(3)
    if code is not None:
        value = int(code, 16)
        return chr(value) if value <= 0x10FFFF else match.group()
    char = match.group(4)
    if char in ("\n", "\r", "\r\n", "\u2028", "\u2029"):
        return ""  # a line continuation
    if char in ("u", "x"):
        return match.group()  # malformed: left as written
    return _SIMPLE_ESCAPES.get(char, char)


def js_unescape(text: str) -> str:
    """A JavaScript string literal's body as the program sees it (``\\u002d`` is ``-``)."""
    return _JS_ESCAPE.sub(_unescaped, text) if "\\" in text else text


def dotted(node: Node | None, src: Source) -> str:
    """`a.b.c` for identifier / member chains (`this` allowed), '' otherwise."""
    node = unwrap(node)
    parts: list[str] = []
    while node is not None and node.type == "member_expression":
        prop = field(node, "property")
        if prop is None:
            return ""
        parts.append(src.text(prop))
        node = unwrap(field(node, "object"))
    if node is None:
        return ""
    if node.type in ("identifier", "this", "super"):
        parts.append(src.text(node))
        return ".".join(reversed(parts))
    if node.type == "meta_property":
        parts.append("import.meta")
        return ".".join(reversed(parts))
    return ""


def member_chain(node: Node, src: Source) -> tuple[Node | None, list[str]]:
    """Root node and property names of a member chain (root may be a call)."""
    node = unwrap(node)
    attrs: list[str] = []
    while node is not None and node.type == "member_expression":
        prop = field(node, "property")
        attrs.append(src.text(prop) if prop is not None else "")
        node = unwrap(field(node, "object"))
    attrs.reverse()
    return node, attrs


def object_pairs(node: Node | None, src: Source) -> dict[str, Node] | None:
    """Keys → value nodes of an object literal (None if spreads or computed keys)."""
    node = unwrap(node)
    if node is None or node.type != "object":
        return None
    out: dict[str, Node] = {}
    for child in node.named_children:
        if child.type == "pair":
            key = field(child, "key")
            if key is None:
                return None
            if key.type in ("property_identifier", "identifier"):
                out[src.text(key)] = field(child, "value")
            elif key.type == "string":
                out[src.text(key)[1:-1]] = field(child, "value")
            else:
                return None
        elif child.type == "shorthand_property_identifier":
            out[src.text(child)] = child
        elif child.type == "method_definition":
            name = field(child, "name")
            if name is not None:
                out[src.text(name)] = child
        elif child.type == "spread_element":
            return None
        elif child.type == "comment":
            continue
    return out


def sent_pairs(node: Node | None, src: Source) -> dict[str, Node] | None:
    """Keys → value nodes of an object literal whose written value is surely the one kept.

    Unlike `object_pairs`, spreads are allowed: a spread whose keys are known (`...{a: 1}`,
    `...(flag && {a: 1})`, `...(flag ? {a: 1} : {})`) overrides only those keys written before
    it; any other spread or a computed key may override every key written before it.
    """
    node = unwrap(node)
    if node is None or node.type != "object":
        return None
    out: dict[str, Node] = {}
    for child in node.named_children:
        if child.type == "spread_element":
            keys = _spread_keys(child.named_children[0] if child.named_children else None, src)
            if keys is None:
                out.clear()
            else:
                for key in keys:
                    out.pop(key, None)
            continue
        one = _literal_pair(child, src)
        if one is None:
            out.clear()
        elif one:
            out[one[0]] = one[1]
    return out


def _literal_pair(child: Node, src: Source) -> tuple[str, Node] | tuple[()] | None:
    """(key, value) of one object member; () for members that set nothing; None if unknown."""
    if child.type == "pair":
        key = field(child, "key")
        value = field(child, "value")
        if key is None or value is None:
            return None
        if key.type in ("property_identifier", "identifier"):
            return src.text(key), value
        if key.type == "string":
            return src.text(key)[1:-1], value
        return None
    if child.type == "shorthand_property_identifier":
        return src.text(child), child
    if child.type == "method_definition":
        name = field(child, "name")
        return (src.text(name), child) if name is not None else None
    return ()


def _spread_keys(node: Node | None, src: Source) -> set[str] | None:
    """The keys a spread operand may set, when they are written out; None otherwise."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "object":
        pairs = object_pairs(node, src)
        return set(pairs) if pairs is not None else None
    if node.type == "binary_expression" and src.text(field(node, "operator") or node) == "&&":
        return _spread_keys(field(node, "right"), src)
    if node.type == "ternary_expression":
        a = _spread_keys(field(node, "consequence"), src)
        b = _spread_keys(field(node, "alternative"), src)
        return a | b if a is not None and b is not None else None
    if node.type in ("null", "undefined", "false"):
        return set()
    return None


def arguments(call: Node) -> list[Node]:
    args = field(call, "arguments")
    if args is None:
        return []
    if args.type == "template_string":
        return [args]
    return [c for c in args.named_children if c.type != "comment"]


def superclass(cls: Node, src: Source) -> str:
    """The class ``cls`` extends, as written (``Base``, ``ns.Base``); "" when none."""
    for child in cls.named_children:
        if child.type == "class_heritage":
            for part in child.named_children:
                value = field(part, "value") if part.type == "extends_clause" else part
                return dotted(value, src) if value is not None else ""
    return ""
