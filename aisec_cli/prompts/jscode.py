"""Prompt texts written as string literals in JavaScript and TypeScript, with the slot each reaches.

Parsed with the lint engine's tree-sitter front end; "a model call" is the lint engine's
(:func:`aisec_cli.lint.javascript.facts.classify`: OpenAI, Anthropic, Google, Mistral,
LangChain, the Vercel AI SDK). A literal is followed through variables, ``+``, ``.trim()``,
``[...].join()`` and tagged templates to ``{role: …, content: …}`` messages, ``system:`` /
``systemPrompt:`` / ``instructions:`` properties, ``new SystemMessage(…)`` / ``HumanMessage``,
``["system", …]`` / ``["human", …]`` tuples, and the prompt of a model call (``prompt:``,
``input:``, a string argument). Template literals keep their ``${…}`` substitutions, which the
hardening checks read as placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from aisec_cli.lint.javascript import facts as jsfacts
from aisec_cli.lint.javascript.parser import (
    JsParseProblem,
    Node,
    Source,
    arguments,
    dotted,
    field,
    parse,
    unwrap,
    walk,
)
from aisec_cli.prompts.pycode import (
    MESSAGE_CLASSES,
    MIN_CHARS,
    ROLES,
    SYSTEM_ROLES,
    placement,
)
from aisec_cli.prompts.segment import CODE, Segment

MAX_DEPTH = 5
SYSTEM_PROP = re.compile(
    r"(?i)^(?:system|system_?prompt|system_?message|system_?instructions?|instructions|preamble|developer_?message)$"
)
SYSTEM_VAR = re.compile(
    r"(?i)(?:^|_)(?:system|sys)(?:_?(?:prompt|message|msg|instructions?|template))?$"
    r"|^(?:system|sys)(?:Prompt|Message|Instructions?|Template)$|^instructions$"
)
PROMPT_VAR = re.compile(r"(?i)(?:prompt|template|instructions?|preamble|persona)s?$")
TEMPLATE_PROPS = ("template", "prompt", "promptTemplate")
USER_PROPS = ("prompt", "input", "contents", "message", "query", "question")
HINTS = ("system", "prompt", "instructions", "template", "preamble", "message", "role")


def javascript_segments(source: str, path: str = "code.ts") -> list[Segment]:
    """Prompt texts of a JS/TS module, each with the slot it reaches."""
    lower = source.lower()
    if not any(h in lower for h in HINTS):
        return []
    data = source.encode("utf-8", "surrogatepass")
    try:
        root = parse(data, path)
    except (JsParseProblem, ImportError, ValueError):
        return []
    except Exception:  # noqa: BLE001 - tree-sitter missing or incompatible: no JS extraction
        return []
    src = Source(data)
    facts = jsfacts.collect(root, src, path)
    walker = _Walker(facts, src)
    walker.run(root)
    return walker.segments(source)


class _Walker:
    def __init__(self, facts: jsfacts.JsFacts, src: Source) -> None:
        self.facts = facts
        self.src = src
        self.nodes: dict[int, Node] = {}
        self.roles: dict[int, set[str]] = {}
        self.fields: dict[int, str] = {}
        self.declared: dict[int, tuple[str, str]] = {}

    # -- following a value to its literals ---------------------------------------------------

    def literals(self, value: Node | None, depth: int = 0) -> Iterator[Node]:
        value = unwrap(value)
        if value is None or depth > MAX_DEPTH:
            return
        if value.type in ("string", "template_string", "binary_expression"):
            yield value
        elif value.type == "call_expression":
            func = unwrap(field(value, "function"))
            args = field(value, "arguments")
            if args is not None and args.type == "template_string":  # dedent`…`
                yield args
            elif func is not None and func.type == "member_expression":
                prop = field(func, "property")
                method = self.src.text(prop) if prop is not None else ""
                inner = unwrap(field(func, "object"))
                if method == "join" and inner is not None and inner.type == "array":
                    yield value
                elif method in ("trim", "trimStart", "trimEnd", "replace", "replaceAll", "concat"):
                    yield from self.literals(inner, depth + 1)
        elif value.type in ("identifier", "member_expression"):
            name = dotted(value, self.src)
            for assigned in self.facts.values.get(name, [])[-4:]:
                yield from self.literals(assigned, depth + 1)
        elif value.type == "ternary_expression":
            yield from self.literals(field(value, "consequence"), depth + 1)
            yield from self.literals(field(value, "alternative"), depth + 1)

    def send(self, value: Node | None, role: str, where: str, depth: int = 0) -> None:
        for literal in self.literals(value):
            key = literal.id
            self.nodes[key] = literal
            roles = self.roles.setdefault(key, set())
            if key not in self.fields or (role in SYSTEM_ROLES and not roles & SYSTEM_ROLES):
                self.fields[key] = where
            roles.add(role)
            if role not in SYSTEM_ROLES and depth < 2:
                # Text spliced into a user turn is part of that turn, whatever its name says.
                for part in _spliced(literal):
                    self.send(part, role, where, depth + 1)

    def declare(self, value: Node | None, kind: str, where: str) -> None:
        value = unwrap(value)
        if value is None or value.type in ("identifier", "member_expression"):
            return  # a new name for a text declared elsewhere
        for literal in self.literals(value):
            key = literal.id
            self.nodes[key] = literal
            if key not in self.declared or (kind == "system" and self.declared[key][0] != "system"):
                self.declared[key] = (kind, where)

    # -- the slots -------------------------------------------------------------------------------

    def run(self, root: Node) -> None:
        for node in walk(root):
            kind = node.type
            if kind == "object":
                self.object_slot(node)
            elif kind in ("new_expression", "call_expression"):
                self.call_slot(node)
            elif kind == "array":
                self.tuple_slot(node)
            elif kind == "variable_declarator":
                name = field(node, "name")
                value = field(node, "value")
                if name is None or value is None or name.type != "identifier":
                    continue
                ident = self.src.text(name)
                if SYSTEM_VAR.search(ident):
                    self.declare(value, "system", ident)
                elif PROMPT_VAR.search(ident):
                    self.declare(value, "template", ident)

    def pairs(self, node: Node) -> dict[str, Node]:
        out: dict[str, Node] = {}
        for child in node.named_children:
            if child.type == "pair":
                key = field(child, "key")
                value = field(child, "value")
                if key is None or value is None:
                    continue
                name = _plain(key, self.src) if key.type == "string" else self.src.text(key)
                if name is not None:
                    out[name] = value
            elif child.type == "shorthand_property_identifier":
                out[self.src.text(child)] = child
        return out

    def object_slot(self, node: Node) -> None:
        pairs = self.pairs(node)
        role_node = pairs.get("role")
        role_text = _plain(role_node, self.src) if role_node is not None else None
        if role_text is not None and role_text.lower() in ROLES:
            role = ROLES[role_text.lower()]
            content = unwrap(pairs.get("content") or pairs.get("parts"))
            if content is not None and content.type == "array":
                for part in content.named_children:
                    inner = self.pairs(part).get("text") if part.type == "object" else part
                    self.send(inner, role, f"{role_text} message")
            else:
                self.send(content, role, f"{role_text} message")
        for key, value in pairs.items():
            if SYSTEM_PROP.match(key):
                self.send(value, "system", key)
        model_call = self._call_of_argument(node)
        for key, value in pairs.items():
            if SYSTEM_PROP.match(key):
                continue
            if model_call is not None and key in USER_PROPS:
                self.send(value, "user", f"{model_call.desc} {key}:")
            elif key in TEMPLATE_PROPS:
                self.declare(value, "template", key)

    def _call_of_argument(self, node: Node) -> jsfacts.JsModelCall | None:
        """The model call this object literal is an argument of, if any."""
        parent = node.parent
        if parent is None or parent.type != "arguments":
            return None
        call = parent.parent
        if call is None or call.type != "call_expression":
            return None
        return self._classify(call)

    def _classify(self, call: Node) -> jsfacts.JsModelCall | None:
        try:
            return jsfacts.classify(self.facts, call)
        except Exception:  # noqa: BLE001 - the lint model is a hint here, never a failure
            return None

    def call_slot(self, node: Node) -> None:
        callee = field(node, "constructor") or field(node, "function")
        if callee is None:
            return
        name = self.src.text(callee)
        args = arguments(node)
        first = args[0] if args else None
        last = name.rsplit(".", 1)[-1]
        for cls_name, role in MESSAGE_CLASSES:
            if last == cls_name or name.endswith(f"{cls_name}.fromTemplate"):
                if first is not None and unwrap(first) is not None and unwrap(first).type == "object":
                    first = self.pairs(unwrap(first)).get("content")
                self.send(first, role, cls_name)
                return
        if name.endswith(("PromptTemplate.fromTemplate", "fromTemplate")) and first is not None:
            self.declare(first, "template", name)
            for literal in self.literals(first):
                self.declared.setdefault(literal.id, ("template", name))
                self.nodes[literal.id] = literal
            return
        if node.type != "call_expression":
            return
        model_call = self._classify(node)
        if model_call is None:
            return
        for arg in args:
            if unwrap(arg) is not None and unwrap(arg).type != "object":
                self.send(arg, "user", model_call.desc)

    def tuple_slot(self, node: Node) -> None:
        items = node.named_children
        if len(items) != 2:
            return
        first = _plain(items[0], self.src)
        if first is None or first.lower() not in ROLES:
            return
        role = ROLES[first.lower()]
        if role not in SYSTEM_ROLES and (node.parent is None or node.parent.type != "array"):
            return  # ["user", "bob"] is a pair of words unless it sits in a message list
        self.send(items[1], role, f"[{first!r}, …]")

    # -- segments ----------------------------------------------------------------------------

    def segments(self, source: str) -> list[Segment]:
        lines = source.split("\n")
        out: dict[tuple[int, int], Segment] = {}
        for key, node in self.nodes.items():
            kind, where, role = placement(self, key)
            seg = _string(node, self.src, lines, kind, where, role)
            if seg is None or len(seg.text.strip()) < MIN_CHARS:
                continue
            at = (seg.line, seg.column)
            if at not in out or (kind == "system" and out[at].kind != "system"):
                out[at] = seg
        return sorted(out.values(), key=lambda s: (s.line, s.column))


def _spliced(node: Node) -> Iterator[Node]:
    """Variables pasted into a string expression (``${…}`` fields, ``+`` operands)."""
    if node.type == "template_string":
        for child in node.named_children:
            if child.type == "template_substitution" and child.named_children:
                inner = unwrap(child.named_children[0])
                if inner is not None and inner.type in ("identifier", "member_expression"):
                    yield inner
    elif node.type == "binary_expression":
        for side in _operands(node):
            if side.type in ("identifier", "member_expression"):
                yield side
            else:
                yield from _spliced(side)


def _operands(node: Node) -> list[Node]:
    """The operands of a chain of binary expressions, left to right (a loop: chains can be long)."""
    out: list[Node] = []
    stack: list[Node | None] = [field(node, "right"), field(node, "left")]
    while stack:
        side = unwrap(stack.pop())
        if side is None:
            continue
        if side.type == "binary_expression":
            stack += [field(side, "right"), field(side, "left")]
        else:
            out.append(side)
    return out


def _plain(node: Node | None, src: Source) -> str | None:
    """The value of a plain string literal node (no substitutions)."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "string":
        return "".join(src.text(c) for c in node.named_children if c.type in ("string_fragment", "escape_sequence"))
    if node.type == "template_string" and not any(c.type == "template_substitution" for c in node.named_children):
        return src.text(node)[1:-1]
    return None


def _text(node: Node, src: Source) -> str | None:
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "string":
        return _unescape("".join(src.text(c) for c in node.named_children if c.type in ("string_fragment", "escape_sequence")))
    if node.type == "template_string":
        return _unescape(src.text(node)[1:-1])
    if node.type == "binary_expression":
        parts = [_text(n, src) for n in _operands(node)]
        kept = [p for p in parts if p is not None]
        return "".join(kept) if kept else None
    if node.type == "call_expression":  # [...].join(sep)
        func = unwrap(field(node, "function"))
        array = unwrap(field(func, "object")) if func is not None and func.type == "member_expression" else None
        if array is None or array.type != "array":
            return None
        args = arguments(node)
        sep = _plain(args[0], src) if args else ","
        items = [_text(item, src) for item in array.named_children]
        kept = [i for i in items if i is not None]
        return _unescape(sep or "").join(kept) if kept else None
    return None


def _string(node: Node, src: Source, lines: list[str], kind: str, where: str, role: str) -> Segment | None:
    text = _text(node, src)
    if text is None:
        return None
    row, col_bytes = node.start_point
    line_text = lines[row] if row < len(lines) else ""
    column = len(line_text.encode("utf-8")[:col_bytes].decode("utf-8", "replace"))
    return Segment(text, kind, None, row + 1, column + 1, None, where, CODE, role)


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return re.sub(r"\\(n|t|r|`|'|\"|\\)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), text)

