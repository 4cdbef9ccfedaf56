"""System prompts written as string literals in JavaScript and TypeScript (tree-sitter).

Found: ``{role: "system", content: …}`` objects, ``system:`` / ``systemPrompt:`` /
``instructions:`` properties, ``new SystemMessage(…)``, ``["system", …]`` tuples (LangChain),
and variables named like ``SYSTEM_PROMPT`` or ``promptTemplate``. Template literals keep their
``${…}`` substitutions, which the hardening checks read as placeholders.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from aisec_cli.prompts.sources import Segment

_SYSTEM_PROP = re.compile(r"(?i)^(?:system|system_?prompt|system_?message|instructions|preamble|developer_?message)$")
_SYSTEM_VAR = re.compile(r"(?i)(?:^|_)(?:system|sys)(?:_?(?:prompt|message|msg|instructions?|template))?$|^(?:system|sys)(?:Prompt|Message|Instructions?|Template)$|^instructions$")
_PROMPT_VAR = re.compile(r"(?i)(?:prompt|template|instructions?|preamble|persona)s?$")
_HINTS = ("system", "prompt", "instructions", "template", "preamble", "Message")


@cache
def _parser(typescript: bool, tsx: bool) -> Any:
    try:
        from tree_sitter import Language, Parser

        if typescript:
            import tree_sitter_typescript as tsts

            language = Language(tsts.language_tsx() if tsx else tsts.language_typescript())
        else:
            import tree_sitter_javascript as tsjs

            language = Language(tsjs.language())
        return Parser(language)
    except Exception:  # noqa: BLE001 - tree-sitter missing or incompatible: no JS extraction
        return None


def javascript_segments(source: str, typescript: bool = False) -> list[Segment]:
    if not any(h in source for h in _HINTS):
        return []
    parser = _parser(typescript, typescript)
    if parser is None:
        return []
    data = source.encode("utf-8", "surrogatepass")
    try:
        tree = parser.parse(data)
    except Exception:  # noqa: BLE001
        return []
    lines = source.split("\n")
    found: dict[tuple[int, int], Segment] = {}
    constants: dict[str, Any] = {}
    for node in _walk(tree.root_node):
        if node.type == "variable_declarator":
            name = node.child_by_field_name("name")
            value = node.child_by_field_name("value")
            if name is not None and value is not None and name.type == "identifier":
                constants[_text(data, name)] = value

    def add(value: Any, kind: str, field: str) -> None:
        if value is None:
            return
        if value.type == "identifier" and _text(data, value) in constants:
            value = constants[_text(data, value)]
        seg = _string(value, data, lines, kind, field)
        if seg is not None and len(seg.text.strip()) >= 12:
            key = (seg.line, seg.column)
            if key not in found or (kind == "system" and found[key].kind != "system"):
                found[key] = seg

    for node in _walk(tree.root_node):
        kind = node.type
        if kind == "object":
            pairs = _pairs(node, data)
            role = pairs.get("role")
            if role is not None and _plain(role, data) in ("system", "developer"):
                add(pairs.get("content"), "system", f"{_plain(role, data)} message")
            for key, value in pairs.items():
                if _SYSTEM_PROP.match(key):
                    add(value, "system", key)
                elif key in ("template", "prompt", "promptTemplate"):
                    add(value, "template", key)
        elif kind == "variable_declarator":
            name = node.child_by_field_name("name")
            value = node.child_by_field_name("value")
            if name is None or value is None:
                continue
            ident = _text(data, name)
            if _SYSTEM_VAR.search(ident):
                add(value, "system", ident)
            elif _PROMPT_VAR.search(ident):
                add(value, "template", ident)
        elif kind in ("new_expression", "call_expression"):
            callee = node.child_by_field_name("constructor") or node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            if callee is None or args is None:
                continue
            name = _text(data, callee)
            first = next((c for c in args.named_children), None)
            if name.endswith("SystemMessage") and first is not None:
                if first.type == "object":
                    add(_pairs(first, data).get("content"), "system", name)
                else:
                    add(first, "system", name)
            elif name.endswith(("PromptTemplate.fromTemplate", "fromTemplate")) and first is not None:
                add(first, "template", name)
        elif kind == "array":
            items = node.named_children
            if len(items) == 2 and _plain(items[0], data) in ("system", "developer"):
                add(items[1], "system", f"[{_plain(items[0], data)!r}, …]")
    return sorted(found.values(), key=lambda s: (s.line, s.column))


def _walk(node: Any) -> Any:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def _text(data: bytes, node: Any) -> str:
    return data[node.start_byte : node.end_byte].decode("utf-8", "replace")


def _pairs(node: Any, data: bytes) -> dict[str, Any]:
    pairs: dict[str, Any] = {}
    for child in node.named_children:
        if child.type != "pair":
            continue
        key = child.child_by_field_name("key")
        value = child.child_by_field_name("value")
        if key is None or value is None:
            continue
        name = _plain(key, data) if key.type == "string" else _text(data, key)
        pairs[name] = value
    return pairs


def _plain(node: Any, data: bytes) -> str | None:
    """The value of a plain string literal node (no substitutions)."""
    if node.type == "string":
        return "".join(_text(data, c) for c in node.named_children if c.type in ("string_fragment", "escape_sequence"))
    if node.type == "template_string" and not any(c.type == "template_substitution" for c in node.named_children):
        return _text(data, node)[1:-1]
    return None


def _string(node: Any, data: bytes, lines: list[str], kind: str, field: str) -> Segment | None:
    if node.type == "string":
        text = "".join(_text(data, c) for c in node.named_children if c.type in ("string_fragment", "escape_sequence"))
        text = _unescape(text)
    elif node.type == "template_string":
        raw = _text(data, node)[1:-1]
        text = _unescape(raw)
    elif node.type == "binary_expression":
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        parts = [_string(n, data, lines, kind, field) for n in (left, right) if n is not None]
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return Segment("".join(p.text for p in parts), kind, None, parts[0].line, parts[0].column, None, field)
    elif node.type in ("parenthesized_expression", "as_expression", "satisfies_expression"):
        inner = next((c for c in node.named_children), None)
        return _string(inner, data, lines, kind, field) if inner is not None else None
    else:
        return None
    row, col_bytes = node.start_point
    line_text = lines[row] if row < len(lines) else ""
    column = len(line_text.encode("utf-8")[:col_bytes].decode("utf-8", "replace"))
    return Segment(text, kind, None, row + 1, column + 1, None, field)


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return re.sub(r"\\(n|t|r|`|'|\"|\\)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), text)
