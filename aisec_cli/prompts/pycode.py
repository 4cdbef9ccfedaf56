"""Prompt texts written as string literals in Python, each with the slot it reaches.

A literal is followed (through local and module variables, f-strings, ``+``, ``.format()``,
``dedent()``) to the place that sends it: a chat message's ``role``, a ``system=`` /
``instructions=`` keyword, a LangChain ``SystemMessage`` / ``HumanMessage``, a
``("system", …)`` / ``("human", …)`` tuple, or the prompt argument of a model call (the lint
engine's definition of a model call, :func:`aisec_cli.lint.python.calls.classify`). Text that
reaches a system/developer/instruction slot is a ``system`` segment; user and assistant turns
are ``message`` segments; prompt-named variables and templates whose destination is not in the
file are ``template`` (or ``system`` when the developer named them as a system prompt).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any

from aisec_cli.lint import sdk
from aisec_cli.lint.python import calls, downlevel
from aisec_cli.lint.python import facts as pyfacts
from aisec_cli.prompts.segment import CODE, Segment

MIN_CHARS = 12
MAX_DEPTH = 5
HINTS = ("system", "prompt", "instructions", "template", "preamble", "message", "role")

SYSTEM_NAME = re.compile(
    r"(?i)(?:^|_)(?:system|sys)(?:_?(?:prompt|message|msg|instructions?|template))?$|^instructions$|^preamble$"
)
PROMPT_NAME = re.compile(r"(?i)(?:prompt|template|instructions?|preamble|persona)s?$")
SYSTEM_KEYS = ("system", "system_prompt", "systemprompt", "system_message", "instructions", "preamble",
               "developer_message", "system_instruction")
TEMPLATE_KEYWORDS = ("template", "prompt", "prompt_template")
# Keywords of a model call that carry the user's turn (the system ones are taken first).
USER_KEYWORDS = ("prompt", "input", "contents", "message", "query", "text", "inputs", "question")
ROLES = {
    "system": "system",
    "developer": "developer",
    "user": "user",
    "human": "user",
    "assistant": "assistant",
    "ai": "assistant",
    "model": "assistant",
    "tool": "tool",
    "function": "tool",
}
MESSAGE_CLASSES = (
    ("SystemMessagePromptTemplate", "system"),
    ("HumanMessagePromptTemplate", "user"),
    ("AIMessagePromptTemplate", "assistant"),
    ("SystemMessage", "system"),
    ("HumanMessage", "user"),
    ("AIMessage", "assistant"),
)
# LangChain's message classes in Python also include one whose role is an argument.
PY_MESSAGE_CLASSES = (*MESSAGE_CLASSES, ("ChatMessage", ""))
SYSTEM_ROLES = frozenset({"system", "developer"})


class _Reached:
    """Literal expressions found so far, with the slots they reach."""

    def __init__(self) -> None:
        self.nodes: dict[int, ast.AST] = {}
        self.roles: dict[int, set[str]] = {}
        self.fields: dict[int, str] = {}
        self.declared: dict[int, tuple[str, str]] = {}  # by name only: (kind, field)

    def reach(self, node: ast.AST, role: str, field: str) -> None:
        key = id(node)
        self.nodes[key] = node
        roles = self.roles.setdefault(key, set())
        if key not in self.fields or (role in SYSTEM_ROLES and not roles & SYSTEM_ROLES):
            self.fields[key] = field  # a system slot names the text over any other
        roles.add(role)

    def declare(self, node: ast.AST, kind: str, field: str) -> None:
        key = id(node)
        self.nodes[key] = node
        if key not in self.declared or (kind == "system" and self.declared[key][0] != "system"):
            self.declared[key] = (kind, field)


def python_segments(source: str, path: str = "<code>") -> list[Segment]:
    """Prompt texts of a Python module, each with the slot it reaches."""
    lower = source.lower()
    if not any(h in lower for h in HINTS):
        return []
    try:
        tree = downlevel.parse(source, path)
        facts = pyfacts.collect(tree, path)
    except (SyntaxError, ValueError, RecursionError):
        return []
    walker = _Walker(facts)
    walker.run()
    return _segments(source, walker.found)


class _Walker:
    def __init__(self, facts: pyfacts.ModuleFacts) -> None:
        self.facts = facts
        self.found = _Reached()

    def scope_of(self, node: ast.AST) -> tuple[pyfacts.Scope, pyfacts.ClassInfo | None]:
        cur = self.facts.parent(node)
        while cur is not None and not isinstance(cur, ast.FunctionDef | ast.AsyncFunctionDef):
            cur = self.facts.parent(cur)
        if cur is None:
            return self.facts.module_scope, None
        return self.facts.scopes.get(id(cur), self.facts.module_scope), self.facts.class_of(cur)

    # -- following a value to its literals ---------------------------------------------------

    def literals(self, value: ast.AST | None, scope: pyfacts.Scope, depth: int = 0) -> Iterator[ast.AST]:
        """The string expressions ``value`` may be (through variables and string operations)."""
        if value is None or depth > MAX_DEPTH:
            return
        if isinstance(value, ast.Constant):
            if isinstance(value.value, str):
                yield value
        elif isinstance(value, ast.JoinedStr | ast.BinOp):
            yield value
        elif isinstance(value, ast.Call):
            func = value.func
            if isinstance(func, ast.Attribute) and func.attr in ("format", "strip", "dedent", "format_map"):
                if _is_stringish(func.value):
                    yield value
                else:
                    yield from self.literals(func.value, scope, depth + 1)
            elif _call_name(func).endswith("dedent") and value.args:
                yield from self.literals(value.args[0], scope, depth + 1)
        elif isinstance(value, ast.Name):
            for assigned in scope.lookup_assigns(value.id)[-4:]:
                yield from self.literals(assigned, scope, depth + 1)
        elif isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) and value.value.id in ("self", "cls"):
            for assigned in scope.lookup_assigns(f"self.{value.attr}")[-4:]:
                yield from self.literals(assigned, scope, depth + 1)
        elif isinstance(value, ast.IfExp):
            yield from self.literals(value.body, scope, depth + 1)
            yield from self.literals(value.orelse, scope, depth + 1)
        elif isinstance(value, ast.List) and value.elts and all(_is_stringish(e) for e in value.elts):
            yield value  # instructions=["You are …", "Always …"] (Agno, CrewAI): one prompt, one line each

    def send(self, value: ast.AST | None, role: str, field: str, anchor: ast.AST, depth: int = 0) -> None:
        scope, _ = self.scope_of(anchor)
        for literal in self.literals(value, scope):
            self.found.reach(literal, role, field)
            if role not in SYSTEM_ROLES and depth < 2:
                # Text spliced into a user turn is part of that turn, whatever its name says
                # (a `preamble` pasted into the user message is not a system prompt).
                for part in _spliced(literal):
                    self.send(part, role, field, anchor, depth + 1)

    def declare(self, value: ast.AST | None, kind: str, field: str) -> None:
        if isinstance(value, ast.Constant | ast.JoinedStr | ast.BinOp | ast.Call):
            for literal in self.literals(value, self.facts.module_scope):
                self.found.declare(literal, kind, field)

    # -- the slots -------------------------------------------------------------------------------

    def run(self) -> None:
        facts = self.facts
        for node in facts.of_type(ast.Dict):
            self.dict_slot(node)  # type: ignore[arg-type]
        for node in facts.of_type(ast.Call):
            self.call_slot(node)  # type: ignore[arg-type]
        for node in facts.of_type(ast.Tuple):
            self.tuple_slot(node)  # type: ignore[arg-type]
        for node in facts.of_type(ast.Assign, ast.AnnAssign):
            self.named(node)

    def dict_slot(self, node: ast.Dict) -> None:
        pairs = {
            k.value: v for k, v in zip(node.keys, node.values, strict=False)
            if isinstance(k, ast.Constant) and isinstance(k.value, str)
        }
        role_node = pairs.get("role")
        if isinstance(role_node, ast.Constant) and isinstance(role_node.value, str):
            role = ROLES.get(role_node.value.lower())
            if role is not None:
                content = pairs.get("content", pairs.get("parts"))
                if isinstance(content, ast.List):  # multi-part content
                    for part in content.elts:
                        inner = _text_part(part)
                        self.send(inner, role, f"{role_node.value} message", node)
                else:
                    self.send(content, role, f"{role_node.value} message", node)
        for key in SYSTEM_KEYS:
            if key in pairs:
                self.send(pairs[key], "system", key, node)

    def call_slot(self, node: ast.Call) -> None:
        name = _call_name(node.func)
        last = name.rsplit(".", 1)[-1]
        taken: set[int] = set()
        for cls_name, role in PY_MESSAGE_CLASSES:
            if last == cls_name or name.endswith(f"{cls_name}.from_template"):
                content = node.args[0] if node.args else _keyword(node, "content") or _keyword(node, "template")
                if role:
                    self.send(content, role, cls_name, node)
                elif node.args or _keyword(node, "content") is not None:
                    chosen = _keyword(node, "role")
                    value = chosen.value if isinstance(chosen, ast.Constant) else None
                    if isinstance(value, str) and value.lower() in ROLES:
                        self.send(content, ROLES[value.lower()], cls_name, node)
                return
        for kw in node.keywords:
            if kw.arg is None:
                continue
            if kw.arg in SYSTEM_KEYS or kw.arg in sdk.SYSTEM_KEYWORDS or SYSTEM_NAME.search(kw.arg):
                self.send(kw.value, "system", kw.arg, node)
                taken.add(id(kw.value))
        if last in ("PromptTemplate", "from_template") or name.endswith("PromptTemplate.from_template"):
            value = node.args[0] if node.args else _keyword(node, "template")
            self.declare(value, "template", name)
            if isinstance(value, ast.Name):
                scope, _ = self.scope_of(node)
                for literal in self.literals(value, scope):
                    self.found.declare(literal, "template", name)
            return
        scope, cls = self.scope_of(node)
        try:
            model_call = calls.classify(self.facts, scope, cls, node)
        except Exception:  # noqa: BLE001 - the lint model is a hint here, never a failure
            model_call = None
        if model_call is None:
            for kw in node.keywords:
                if kw.arg in TEMPLATE_KEYWORDS and id(kw.value) not in taken:
                    self.declare(kw.value, "template", kw.arg)
            return
        for kw in node.keywords:
            if kw.arg in USER_KEYWORDS and id(kw.value) not in taken:
                self.send(kw.value, "user", f"{model_call.desc} {kw.arg}=", node)
        for arg in node.args:
            self.send(arg, "user", model_call.desc, node)

    def tuple_slot(self, node: ast.Tuple) -> None:
        if len(node.elts) != 2:
            return
        first = node.elts[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            return
        role = ROLES.get(first.value.lower())
        if role is None:
            return
        if role not in SYSTEM_ROLES and not isinstance(self.facts.parent(node), ast.List):
            return  # ("user", "bob") is a pair of words unless it sits in a message list
        self.send(node.elts[1], role, f"({first.value!r}, …)", node)

    def named(self, node: ast.AST) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]  # type: ignore[attr-defined]
        value = node.value  # type: ignore[attr-defined]
        for target in targets:
            name = target.id if isinstance(target, ast.Name) else target.attr if isinstance(target, ast.Attribute) else ""
            if not name:
                continue
            if SYSTEM_NAME.search(name):
                self.declare(value, "system", name)
            elif PROMPT_NAME.search(name):
                self.declare(value, "template", name)


# ---------------------------------------------------------------------------------- helpers


def _spliced(node: ast.AST) -> Iterator[ast.AST]:
    """Variables pasted into a string expression (f-string fields, ``+`` operands, ``.format`` arguments)."""
    if isinstance(node, ast.JoinedStr):
        for value in node.values:
            if isinstance(value, ast.FormattedValue) and isinstance(value.value, ast.Name | ast.Attribute):
                yield value.value
    elif isinstance(node, ast.BinOp):
        stack: list[ast.AST] = [node.right, node.left]  # a loop, not recursion: `+` chains can be long
        while stack:
            side = stack.pop()
            if isinstance(side, ast.Name | ast.Attribute):
                yield side
            elif isinstance(side, ast.BinOp):
                stack += [side.right, side.left]
            else:
                yield from _spliced(side)
    elif isinstance(node, ast.Call):
        for arg in (*node.args, *(kw.value for kw in node.keywords)):
            if isinstance(arg, ast.Name | ast.Attribute):
                yield arg
        if isinstance(node.func, ast.Attribute):
            yield from _spliced(node.func.value)


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return pyfacts.keyword(call, name)


def _text_part(part: ast.AST) -> ast.AST | None:
    if isinstance(part, ast.Dict):
        for k, v in zip(part.keys, part.values, strict=False):
            if isinstance(k, ast.Constant) and k.value == "text":
                return v
        return None
    return part


def _is_stringish(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant | ast.JoinedStr | ast.BinOp) or (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _is_stringish(node.func.value)
    )


def _call_name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        inner = _call_name(func.value)
        return f"{inner}.{func.attr}" if inner else func.attr
    return ""



def placement(found: Any, key: Any) -> tuple[str, str, str]:
    """(kind, field or name it was declared under, role) of one collected prompt string;
    ``found`` is a language's collector (``roles``, ``declared`` and ``fields`` by key)."""
    roles = found.roles.get(key, set())
    declared = found.declared.get(key)
    where = found.fields.get(key) or (declared[1] if declared else "")
    role = "system" if roles & SYSTEM_ROLES else ("user" if "user" in roles else next(iter(roles), ""))
    return kind_of(roles, declared), where, role

def kind_of(roles: set[str], declared: tuple[str, str] | None) -> str:
    """The segment kind from the slots a text reaches (or, failing that, what it is named)."""
    if roles & SYSTEM_ROLES:
        return "system"
    if roles - {""}:
        return "message"
    if declared is not None:
        return declared[0]
    return "template"


def _segments(source: str, found: _Reached) -> list[Segment]:
    lines = source.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    out: dict[tuple[int, int], Segment] = {}
    for key, node in found.nodes.items():
        kind, field, role = placement(found, key)
        seg = _py_string(node, source, lines, starts, kind, field, role)
        if seg is None or len(seg.text.strip()) < MIN_CHARS:
            continue
        where = (seg.line, seg.column)
        if where not in out or (kind == "system" and out[where].kind != "system"):
            out[where] = seg
    return sorted(out.values(), key=lambda s: (s.line, s.column))


def _py_string(
    node: ast.AST | None, source: str, lines: list[str], starts: list[int], kind: str, field: str, role: str
) -> Segment | None:
    if node is None:
        return None
    text: str | None = None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        parts: list[str] = []
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(value.value)
            elif isinstance(value, ast.FormattedValue):
                parts.append("{" + ast.unparse(value.value) + "}")
        text = "".join(parts)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        # a chain a + b + c + … nests on the left: walked as a loop (a long chain is valid Python)
        operands: list[ast.AST] = []
        while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            operands.append(node.right)
            node = node.left
        operands.append(node)
        acc: Segment | None = None
        for operand in reversed(operands):
            part = _py_string(operand, source, lines, starts, kind, field, role)
            if acc and part:
                acc = Segment(acc.text + part.text, kind, None, acc.line, acc.column, None, field, CODE, role)
            else:
                acc = acc or part
        return acc
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
        "format", "strip", "dedent", "format_map"
    ):
        return _py_string(node.func.value, source, lines, starts, kind, field, role)
    elif isinstance(node, ast.Call) and _call_name(node.func).endswith("dedent") and node.args:
        return _py_string(node.args[0], source, lines, starts, kind, field, role)
    elif isinstance(node, ast.List):
        items = [_py_string(e, source, lines, starts, kind, field, role) for e in node.elts]
        kept = [i for i in items if i is not None]
        if not kept:
            return None
        return Segment("\n".join(i.text for i in kept), kind, None, kept[0].line, kept[0].column, None, field, CODE, role)
    if text is None:
        return None
    line = getattr(node, "lineno", 1)
    col_bytes = getattr(node, "col_offset", 0)
    line_text = lines[line - 1] if 0 < line <= len(lines) else ""
    column = len(line_text.encode("utf-8")[:col_bytes].decode("utf-8", "replace"))
    offset = _exact_offset(source, starts[line - 1] + column if 0 < line <= len(starts) else None, text)
    return Segment(text, kind, offset, line, column + 1, None, field, CODE, role)


_PREFIX = re.compile(r"[rRbBuUfF]{0,2}(\"\"\"|'''|\"|')")


def _exact_offset(source: str, literal_start: int | None, text: str) -> int | None:
    """Offset of the string's content in ``source`` when the literal holds it verbatim."""
    if literal_start is None:
        return None
    match = _PREFIX.match(source, literal_start)
    if not match:
        return None
    content_start = match.end()
    if source.startswith(text, content_start):
        return content_start
    return None
