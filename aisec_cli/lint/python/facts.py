"""Facts about one Python module, collected in one pass before the flow analysis.

Imports (local name → qualified name), functions and classes, which functions are web
route handlers, tool functions (model-controlled parameters), Gradio/Lambda handlers,
abstract LLM interfaces, and per-scope assignment indexes used to resolve `**kwargs`
dicts, client types and constants.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from aisec_cli.lint import sdk
from aisec_cli.core.lazyre import LazyRegex

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
ScopeNode = ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda

ROUTE_METHODS = frozenset(
    {"route", "get", "post", "put", "patch", "delete", "api_route", "websocket", "api_view", "head"}
)
TOOL_DECORATORS = frozenset({"tool", "function_tool", "tool_plain", "kernel_function", "ai_function"})
LIMIT_WORDS = LazyRegex(r"(?i)limit|throttl|quota|ratelimit|rate_limit|slowapi|too_many")
PROMPT_PARAM = LazyRegex(r"(?i)^(?:prompt|prompts|messages|message_log|prompt_messages|chat_history|conversation)$")
PROMPT_METHOD = LazyRegex(r"(?i)prompt|llm|completion|(?:^|_)chat(?:_|$)|generate_text|(?:^|_)ask_")
HTTP_CLASSES = LazyRegex(r"(?i)^(?:Request|HttpRequest|WSGIRequest|ASGIRequest|Response|BackgroundTasks|WebSocket)$")
DJANGO_VIEW_BASES = LazyRegex(r"(?i)View$|ViewSet$|APIView$|Mixin$")
# A commit id, whole or abbreviated as git prints it (at least 7 hex digits).
_COMMIT_ID = LazyRegex(r"^[0-9a-f]{7,40}$")


def dotted(node: ast.AST | None) -> str | None:
    """`a.b.c` for Name/Attribute chains, None otherwise."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def chain(node: ast.AST) -> tuple[ast.AST, list[str]]:
    """Root expression and attribute names of `root.a.b.c` (calls in between are kept in root)."""
    attrs: list[str] = []
    while isinstance(node, ast.Attribute):
        attrs.append(node.attr)
        node = node.value
    attrs.reverse()
    return node, attrs


def const_str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def is_true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def is_false(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def is_abstract(func: FunctionNode) -> bool:
    for dec in func.decorator_list:
        name = dotted(dec) or ""
        if name.endswith("abstractmethod"):
            return True
    body = list(func.body)
    if body and isinstance(body[0], ast.Expr) and const_str(body[0].value) is not None:
        body = body[1:]
    if not body:
        return True
    if len(body) != 1:
        return False
    stmt = body[0]
    if isinstance(stmt, ast.Pass):
        return True
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and stmt.value.value is Ellipsis:
        return True
    if isinstance(stmt, ast.Raise):
        exc = stmt.exc
        name = dotted(exc.func if isinstance(exc, ast.Call) else exc) or ""
        return name.endswith("NotImplementedError")
    return False


@dataclass(slots=True)
class ImportMap:
    names: dict[str, str] = field(default_factory=dict)

    def add(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.names[alias.asname] = alias.name
                else:
                    root = alias.name.split(".", 1)[0]
                    self.names.setdefault(root, root)
        else:
            module = ("." * node.level) + (node.module or "")
            for alias in node.names:
                if alias.name == "*":
                    continue
                self.names[alias.asname or alias.name] = f"{module}.{alias.name}" if module else alias.name

    def resolve(self, name: str | None) -> str:
        """Qualified name of a dotted local name (`genai.Client` → `google.genai.Client`)."""
        if not name:
            return ""
        head, _, rest = name.partition(".")
        target = self.names.get(head)
        if target is None:
            return name
        return f"{target}.{rest}" if rest else target

    def roots(self) -> set[str]:
        return {q.lstrip(".") for q in self.names.values()}


@dataclass(slots=True)
class RouteInfo:
    kind: str  # flask | fastapi | django | starlette | other
    anchor: ast.AST  # decorator / registration / def
    path_params: frozenset[str] = frozenset()
    limited: bool = False  # decorator / dependency limiter on the route itself


@dataclass(slots=True)
class ClassInfo:
    node: ast.ClassDef
    bases: tuple[str, ...]
    methods: dict[str, FunctionNode] = field(default_factory=dict)
    fields: dict[str, ast.expr | None] = field(default_factory=dict)  # annotation of class fields
    field_defaults: dict[str, ast.expr | None] = field(default_factory=dict)
    attr_types: dict[str, str] = field(default_factory=dict)  # self.x = Ctor() → qualname
    is_enum: bool = False
    is_model: bool = False  # pydantic BaseModel / dataclass
    is_settings: bool = False
    limited: bool = False  # DRF throttle_classes etc.
    is_view: bool = False


@dataclass(slots=True)
class Scope:
    """Assignments in one function (or the module), without nested functions."""

    node: ScopeNode
    assigns: dict[str, list[ast.expr]] = field(default_factory=dict)
    sub_assigns: dict[str, list[tuple[ast.expr, ast.expr]]] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    functions: dict[str, FunctionNode] = field(default_factory=dict)  # nested defs
    parent: Scope | None = None

    def lookup_types(self, name: str) -> str:
        scope: Scope | None = self
        while scope is not None:
            t = scope.types.get(name)
            if t:
                return t
            scope = scope.parent
        return ""

    def lookup_assigns(self, name: str) -> list[ast.expr]:
        scope: Scope | None = self
        while scope is not None:
            values = scope.assigns.get(name)
            if values:
                return values
            scope = scope.parent
        return []

    def lookup_function(self, name: str) -> FunctionNode | None:
        scope: Scope | None = self
        while scope is not None:
            fn = scope.functions.get(name)
            if fn is not None:
                return fn
            scope = scope.parent
        return None


@dataclass(slots=True)
class ModuleFacts:
    tree: ast.Module
    path: str
    imports: ImportMap
    scopes: dict[int, Scope] = field(default_factory=dict)  # id(scope node) → Scope
    func_scope: dict[int, Scope] = field(default_factory=dict)  # id(func) → its enclosing scope
    func_class: dict[int, str] = field(default_factory=dict)  # id(method) → class name
    classes: dict[str, ClassInfo] = field(default_factory=dict)
    routes: dict[int, RouteInfo] = field(default_factory=dict)
    tools: set[int] = field(default_factory=set)
    ui_handlers: set[int] = field(default_factory=set)  # gradio fn=
    lambda_handlers: set[int] = field(default_factory=set)
    abstract_llm: set[str] = field(default_factory=set)  # method/function names
    functions: list[FunctionNode] = field(default_factory=list)
    parents: dict[int, ast.AST] = field(default_factory=dict)
    app_limited: bool = False
    module_constants: dict[str, ast.expr] = field(default_factory=dict)
    is_django: bool = False
    ai_context: bool = False
    partials: dict[str, ast.Call] = field(default_factory=dict)
    call_cache: dict[int, object] = field(default_factory=dict)  # id(call) → ModelCall | None
    by_type: dict[type, list[ast.AST]] = field(default_factory=dict)
    _qual_cache: dict[int, str] = field(default_factory=dict)
    scope_nodes: dict[int, list[ast.AST]] = field(default_factory=dict)  # id(scope) → its nodes

    @property
    def module_scope(self) -> Scope:
        return self.scopes[id(self.tree)]

    def resolve(self, node: ast.AST | None) -> str:
        """Qualified name of a Name/Attribute chain (memoised per node)."""
        if node is None:
            return ""
        key = id(node)
        cached = self._qual_cache.get(key)
        if cached is None:
            cached = self.imports.resolve(dotted(node))
            self._qual_cache[key] = cached
        return cached

    def scope_of(self, node: ScopeNode) -> Scope:
        return self.scopes[id(node)]

    def of_type(self, *types: type) -> list[ast.AST]:
        """Every node of these exact types, in traversal order per type."""
        if len(types) == 1:
            return self.by_type.get(types[0], [])
        out: list[ast.AST] = []
        for t in types:
            out.extend(self.by_type.get(t, []))
        return out

    def nodes_of(self, node: ast.AST) -> list[ast.AST]:
        """Every node of a scope (module or function body), nested function bodies excluded."""
        return self.scope_nodes.get(id(node), [])

    def class_of(self, func: ast.AST) -> ClassInfo | None:
        name = self.func_class.get(id(func))
        return self.classes.get(name) if name else None

    def method(self, cls: ClassInfo | None, name: str) -> FunctionNode | None:
        seen: set[str] = set()
        while cls is not None and cls.node.name not in seen:
            seen.add(cls.node.name)
            fn = cls.methods.get(name)
            if fn is not None:
                return fn
            nxt = None
            for base in cls.bases:
                nxt = self.classes.get(base.rsplit(".", 1)[-1])
                if nxt is not None:
                    break
            cls = nxt
        return None

    def parent(self, node: ast.AST) -> ast.AST | None:
        return self.parents.get(id(node))


# ---------------------------------------------------------------------------------------


def _walk_scope(node: ScopeNode) -> Iterator[ast.AST]:
    """Nodes of one scope (kept for callers outside the indexed tree)."""
    stack: list[ast.AST] = list(reversed(list(ast.iter_child_nodes(node))))
    while stack:
        child = stack.pop()
        yield child
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(child))))


def annotation_type(facts: ModuleFacts, annotation: ast.AST | None) -> str:
    """The class an annotation names: `Cls`, `mod.Cls`, `"Cls"`, `Optional[Cls]`, `Cls | None`."""
    node = annotation
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            node = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return ""
    if isinstance(node, ast.Subscript) and (dotted(node.value) or "").rsplit(".", 1)[-1] == "Optional":
        node = node.slice
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        sides = [n for n in (node.left, node.right) if not (isinstance(n, ast.Constant) and n.value is None)]
        node = sides[0] if len(sides) == 1 else None
    if not isinstance(node, (ast.Name, ast.Attribute)):
        return ""
    name = dotted(node) or ""
    return facts.resolve(node) if name and name[:1].isupper() or "." in name else ""


def constructor_type(facts: ModuleFacts, value: ast.AST, scope: Scope | None = None) -> str:
    """The qualified constructor behind `X(...)`, `X(...).with_options(...)`, `a | b`."""
    node = value
    if isinstance(node, ast.Await):
        node = node.value
    # Peel chained configuration calls: OpenAI().with_options(...), llm.bind(...)
    while (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("with_options", "bind", "bind_tools", "with_config", "with_structured_output", "with_retry", "with_raw_response", "copy")
    ):
        inner = node.func.value
        if isinstance(inner, ast.Name) and scope is not None:
            return scope.lookup_types(inner.id)
        node = inner
    if isinstance(node, ast.Call):
        qual = facts.resolve(node.func)
        if qual.endswith("functools.partial") or qual == "partial":
            return "functools.partial"
        if qual in ("boto3.client", "boto3.session.Session.client") or qual.endswith(".client"):
            service = const_str(node.args[0]) if node.args else const_str(keyword(node, "service_name"))
            if service:
                return f"boto3.client:{service}"
        if isinstance(node.func, ast.Attribute) and node.func.attr in ("start_chat",):
            return "google.chat"
        if isinstance(node.func, ast.Attribute) and node.func.attr == "create" and (dotted(node.func) or "").endswith("chats.create"):
            return "google.chat"
        return qual
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return "langchain.runnable"
    return ""


def collect(tree: ast.Module, path: str) -> ModuleFacts:
    imports = ImportMap()
    facts = ModuleFacts(tree=tree, path=path, imports=imports)
    order = _traverse(facts)
    roots = imports.roots()
    facts.is_django = any(r.startswith(("django", "rest_framework", "ninja")) for r in roots)
    facts.ai_context = any(
        r.split(".", 1)[0] in _AI_ROOT_HEADS and any(r == root or r.startswith(root + ".") for root in sdk.AI_IMPORT_ROOTS)
        for r in roots
    )

    module_scope = Scope(tree)
    facts.scopes[id(tree)] = module_scope
    for scope_node in order:
        _index_scope(facts, scope_node, facts.scopes[id(scope_node)])

    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            facts.module_constants[stmt.targets[0].id] = stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            facts.module_constants[stmt.target.id] = stmt.value

    for cls in facts.classes.values():
        _class_details(facts, cls)
    for fn in facts.functions:
        _function_roles(facts, fn)
    _registrations(facts)
    return facts


_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
_FUNC_TYPES = frozenset(_FUNCS)
_IMPORT_TYPES = frozenset({ast.Import, ast.ImportFrom})
# expression contexts and operator singletons carry nothing the rules read
_SKIP_FIELDS = frozenset({"ctx", "op", "ops", "type_comment", "kind"})
_child_fields: dict[type, tuple[str, ...]] = {}
_AI_ROOT_HEADS = frozenset(r.split(".", 1)[0] for r in sdk.AI_IMPORT_ROOTS)


def _traverse(facts: ModuleFacts) -> list[ast.AST]:
    """One pass over the tree: parents, imports, and the nodes of every scope (a function's
    body is its own scope; its decorators, defaults and annotations belong to the outer one).
    Returns the scope nodes in creation order (outer before inner)."""
    tree = facts.tree
    parents = facts.parents
    scope_nodes = facts.scope_nodes
    scope_nodes[id(tree)] = []
    order: list[ast.AST] = [tree]
    stack: list[tuple[ast.AST, ast.AST, list[ast.AST]]] = [
        (child, tree, scope_nodes[id(tree)]) for child in reversed(tree.body)
    ]
    imports = facts.imports
    by_type = facts.by_type
    fields_of = _child_fields
    AST = ast.AST
    while stack:
        node, parent, bucket = stack.pop()
        parents[id(node)] = parent
        bucket.append(node)
        kind = type(node)
        group = by_type.get(kind)
        if group is None:
            by_type[kind] = [node]
        else:
            group.append(node)
        if kind in _FUNC_TYPES:
            inner: list[ast.AST] = []
            scope_nodes[id(node)] = inner
            order.append(node)
            for stmt in reversed(node.body):  # type: ignore[attr-defined]
                stack.append((stmt, node, inner))
            outer_parts: list[ast.AST] = [*node.decorator_list, node.args]  # type: ignore[attr-defined]
            if node.returns is not None:  # type: ignore[attr-defined]
                outer_parts.append(node.returns)  # type: ignore[attr-defined]
            for part in reversed(outer_parts):
                stack.append((part, node, bucket))
            continue
        if kind in _IMPORT_TYPES:
            imports.add(node)  # type: ignore[arg-type]
        names = fields_of.get(kind)
        if names is None:
            names = fields_of[kind] = tuple(f for f in kind._fields if f not in _SKIP_FIELDS)
        for name in names:
            value = getattr(node, name, None)
            if value is None:
                continue
            if type(value) is list:
                for item in reversed(value):
                    if isinstance(item, AST):
                        stack.append((item, node, bucket))
            elif isinstance(value, AST):
                stack.append((value, node, bucket))
    return order


def _index_scope(facts: ModuleFacts, node: ScopeNode, scope: Scope) -> None:
    for child in facts.scope_nodes[id(node)]:
        if isinstance(child, _FUNCS):
            facts.functions.append(child)
            facts.func_scope[id(child)] = scope
            owner = _owner_class(facts, child, node)
            if owner is not None:
                facts.func_class[id(child)] = owner.name
                facts.classes[owner.name].methods.setdefault(child.name, child)
            else:
                scope.functions.setdefault(child.name, child)
            inner = Scope(child, parent=scope)
            facts.scopes[id(child)] = inner
            for arg in _all_args(child.args):
                if arg.annotation is not None:
                    t = facts.resolve(arg.annotation) or annotation_type(facts, arg.annotation)  # Optional[Cls]
                    if t:
                        inner.types[arg.arg] = t
        elif isinstance(child, ast.ClassDef):
            bases = tuple(facts.resolve(b) or ast.unparse(b) for b in child.bases)
            facts.classes.setdefault(child.name, ClassInfo(child, bases))
            client_base = next((b for b in bases if sdk.is_client_class(b)), None)
            if client_base is not None and child.name not in facts.imports.names:
                facts.imports.names[child.name] = client_base  # `class C(Anthropic)`: C() builds an Anthropic client
        elif isinstance(child, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            _index_assign(facts, child, scope)
        elif isinstance(child, (ast.With, ast.AsyncWith)):
            for item in child.items:
                if isinstance(item.optional_vars, ast.Name):
                    scope.assigns.setdefault(item.optional_vars.id, []).append(item.context_expr)
                    t = constructor_type(facts, item.context_expr, scope)
                    if t:
                        scope.types[item.optional_vars.id] = t


def _owner_class(facts: ModuleFacts, func: ast.AST, scope_node: ast.AST) -> ast.ClassDef | None:
    parent = facts.parents.get(id(func))
    if isinstance(parent, ast.ClassDef):
        return parent
    return None


def _all_args(args: ast.arguments) -> list[ast.arg]:
    out = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    if args.vararg:
        out.append(args.vararg)
    if args.kwarg:
        out.append(args.kwarg)
    return out


def _index_assign(facts: ModuleFacts, node: ast.AST, scope: Scope) -> None:
    if isinstance(node, ast.Assign):
        targets, value = node.targets, node.value
    elif isinstance(node, ast.AnnAssign):
        if node.value is None:
            return
        targets, value = [node.target], node.value
    elif isinstance(node, ast.NamedExpr):
        targets, value = [node.target], node.value
    else:  # AugAssign: x += {...} is rare; record nothing
        return
    for target in targets:
        if isinstance(target, ast.Name):
            scope.assigns.setdefault(target.id, []).append(value)
            t = constructor_type(facts, value, scope)
            if t:
                scope.types[target.id] = t
                if t == "functools.partial" and isinstance(value, ast.Call):
                    facts.partials[target.id] = value
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id in ("self", "cls"):
            func = _enclosing_function(facts, node)
            cls_name = facts.func_class.get(id(func)) if func is not None else None
            t = constructor_type(facts, value, scope)
            if not t and isinstance(node, ast.AnnAssign):
                t = annotation_type(facts, node.annotation)  # self.x: Cls = make()
            if not t and isinstance(value, ast.Name):
                t = scope.lookup_types(value.id)  # self.x = x, x an annotated parameter
            if cls_name and t:
                facts.classes[cls_name].attr_types[target.attr] = t
            scope.assigns.setdefault(f"self.{target.attr}", []).append(value)
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            scope.sub_assigns.setdefault(target.value.id, []).append((target.slice, value))


def _enclosing_function(facts: ModuleFacts, node: ast.AST) -> FunctionNode | None:
    cur = facts.parents.get(id(node))
    while cur is not None and not isinstance(cur, (ast.FunctionDef, ast.AsyncFunctionDef)):
        cur = facts.parents.get(id(cur))
    return cur


def _class_details(facts: ModuleFacts, cls: ClassInfo) -> None:
    bases = " ".join(cls.bases)
    cls.is_enum = bool(re.search(r"(?:^|\.|\s)(?:Enum|StrEnum|IntEnum|Flag)\b", bases))
    cls.is_settings = "BaseSettings" in bases
    cls.is_model = cls.is_settings or bool(re.search(r"BaseModel|Schema|TypedDict|Struct", bases)) or any(
        (dotted(d) or "").endswith("dataclass") or (isinstance(d, ast.Call) and (dotted(d.func) or "").endswith("dataclass"))
        for d in cls.node.decorator_list
    )
    cls.is_view = bool(DJANGO_VIEW_BASES.search(bases)) or "MethodView" in bases or "HTTPEndpoint" in bases
    for stmt in cls.node.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            cls.fields[stmt.target.id] = stmt.annotation
            cls.field_defaults[stmt.target.id] = stmt.value
            t = annotation_type(facts, stmt.annotation)
            if t:  # `executor: Executor`; a pydantic tool's `db: SQLDatabase = Field(exclude=True)` too
                cls.attr_types.setdefault(stmt.target.id, t)
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    if target.id in ("throttle_classes", "throttle_scope") or LIMIT_WORDS.search(ast.unparse(stmt.value)):
                        if target.id.startswith("throttle") or "limit" in target.id.lower():
                            cls.limited = True
    for dec in cls.node.decorator_list:
        if LIMIT_WORDS.search(ast.unparse(dec)):
            cls.limited = True


def _written_names(node: ast.AST) -> str:
    """The names and attributes written in ``node`` (``limiter.limit``, ``RateLimiter``), not its
    strings: a route's path that names the plan's limits (``"/rate-limits"``) limits nothing."""
    return " ".join(
        n.id if isinstance(n, ast.Name) else n.attr if isinstance(n, ast.Attribute) else n.arg or ""
        for n in ast.walk(node)
        if isinstance(n, (ast.Name, ast.Attribute, ast.keyword))
    )


def _route_of(facts: ModuleFacts, fn: FunctionNode) -> RouteInfo | None:
    limited = False
    route: RouteInfo | None = None
    for dec in fn.decorator_list:
        if LIMIT_WORDS.search(_written_names(dec)):
            limited = True
        target = dec.func if isinstance(dec, ast.Call) else dec
        name = dotted(target) or ""
        last = name.rsplit(".", 1)[-1]
        qual = facts.resolve(target)
        if isinstance(dec, ast.Call) and last in ROUTE_METHODS and "." in name:
            path = const_str(dec.args[0]) if dec.args else const_str(keyword(dec, "path") or keyword(dec, "rule"))
            if path is None and last != "api_view":
                continue
            if last == "get" and path is not None and not path.startswith("/"):
                continue
            params = frozenset(
                a or b
                for a, b in re.findall(r"<(?:[^:<>]+:)?([A-Za-z_]\w*)>|\{([A-Za-z_]\w*)(?::[^}]*)?\}", path or "")
            )
            deps = keyword(dec, "dependencies")
            if deps is not None and LIMIT_WORDS.search(_written_names(deps)):
                limited = True
            kind = "flask" if last == "route" else "fastapi"
            if route is None:
                route = RouteInfo(kind, dec, params)
        elif qual in ("functions_framework.http", "functions_framework.cloud_event") or qual.startswith("azure.functions"):
            if route is None:
                route = RouteInfo("function", dec)
        elif last == "api_view" or qual.startswith(("django.views.decorators.http", "rest_framework.decorators.api_view")):
            if route is None:
                route = RouteInfo("django", dec)
    if route is None and facts.is_django:
        cls = facts.class_of(fn)
        args = fn.args.args
        if cls is not None and cls.is_view and fn.name in ("get", "post", "put", "patch", "delete", "create", "list", "update") and len(args) >= 2:
            route = RouteInfo("django", fn.decorator_list[0] if fn.decorator_list else fn)
            limited = limited or cls.limited
        elif cls is None and args and args[0].arg == "request" and facts.func_scope.get(id(fn)) is facts.module_scope:
            route = RouteInfo("django", fn.decorator_list[0] if fn.decorator_list else fn)
    if route is not None:
        for _arg, default in _defaults(fn):
            if default is not None and LIMIT_WORDS.search(ast.unparse(default)):
                limited = True
        route.limited = limited
    return route


def _defaults(fn: FunctionNode) -> list[tuple[ast.arg, ast.expr | None]]:
    pos = [*fn.args.posonlyargs, *fn.args.args]
    defaults: list[ast.expr | None] = [None] * (len(pos) - len(fn.args.defaults)) + list(fn.args.defaults)
    out = list(zip(pos, defaults, strict=True))
    out += list(zip(fn.args.kwonlyargs, fn.args.kw_defaults, strict=True))
    return out


def _function_roles(facts: ModuleFacts, fn: FunctionNode) -> None:
    route = _route_of(facts, fn)
    if route is not None:
        facts.routes[id(fn)] = route
    for dec in fn.decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        name = dotted(target) or ""
        last = name.rsplit(".", 1)[-1]
        if last in TOOL_DECORATORS or (last == "call_tool" and "." in name):
            facts.tools.add(id(fn))
    cls = facts.class_of(fn)
    if cls is not None and fn.name in ("_run", "_arun") and any("Tool" in b for b in cls.bases):
        facts.tools.add(id(fn))
    if cls is not None and fn.name in ("execute", "run", "__call__") and (
        "openai_schema" in cls.methods or any(b.rsplit(".", 1)[-1] == "OpenAISchema" for b in cls.bases)
    ):
        facts.tools.add(id(fn))  # a function-calling class: the model fills the parameters its schema lists
    args = [a.arg for a in fn.args.args]
    if args[:2] == ["event", "context"] or (fn.name.endswith("handler") and args[:1] == ["event"]):
        facts.lambda_handlers.add(id(fn))
    if is_abstract(fn) and (
        any(PROMPT_PARAM.match(a) for a in args) or PROMPT_METHOD.search(fn.name)
    ) and not fn.name.startswith(("system_", "user_", "assistant_")):
        facts.abstract_llm.add(fn.name)


def _registrations(facts: ModuleFacts) -> None:
    """Routes registered by call, Gradio/LangChain tool bindings, app-wide limiters."""
    module_fns = facts.module_scope.functions
    all_fns: dict[str, list[FunctionNode]] = {}
    for fn in facts.functions:
        all_fns.setdefault(fn.name, []).append(fn)

    def fn_named(node: ast.AST | None) -> list[FunctionNode]:
        if isinstance(node, ast.Name):
            return all_fns.get(node.id, [])
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            return all_fns.get(node.attr, [])
        return []

    for node in facts.of_type(ast.Call):
        assert isinstance(node, ast.Call)
        name = dotted(node.func) or ""
        last = name.rsplit(".", 1)[-1]
        qual = facts.resolve(node.func)
        text_kws = {kw.arg for kw in node.keywords}
        # App-wide limiters.
        if last in ("Limiter", "RateLimiter", "FastAPILimiter") and (
            "default_limits" in text_kws or "application_limits" in text_kws or last != "Limiter"
        ):
            if "default_limits" in text_kws or "application_limits" in text_kws:
                facts.app_limited = True
        if last in ("add_middleware", "wsgi_app", "before_request", "use") and node.args and LIMIT_WORDS.search(ast.unparse(node.args[0])):
            facts.app_limited = True
        if last in ("FastAPI", "APIRouter", "Blueprint") and any(
            kw.arg == "dependencies" and LIMIT_WORDS.search(ast.unparse(kw.value)) for kw in node.keywords
        ):
            facts.app_limited = True
        # Route registration by call.
        if last in ("add_url_rule", "add_api_route", "add_route", "Route", "api_route") and node.args:
            target = keyword(node, "view_func") or keyword(node, "endpoint")
            if target is None and len(node.args) >= 2:
                target = node.args[1]
            for fn in fn_named(target):
                if id(fn) not in facts.routes:
                    limited = any(LIMIT_WORDS.search(ast.unparse(d)) for d in fn.decorator_list)
                    facts.routes[id(fn)] = RouteInfo("starlette", node, limited=limited)
        # Gradio / Streamlit-like UI handlers: gr.Interface(fn=f), btn.click(f, ...), ChatInterface(f)
        if last in ("Interface", "ChatInterface") and qual.startswith("gradio"):
            target = keyword(node, "fn") or (node.args[0] if node.args else None)
            for fn in fn_named(target):
                facts.ui_handlers.add(id(fn))
        elif last in ("click", "submit", "change", "input", "upload", "then", "select") and (
            node.args or keyword(node, "fn")
        ) and "gradio" in facts.imports.roots() | {q.split(".")[0] for q in facts.imports.roots()}:
            target = keyword(node, "fn") or node.args[0]
            for fn in fn_named(target):
                facts.ui_handlers.add(id(fn))
        # LangChain / LlamaIndex tools from functions.
        if last in ("Tool", "StructuredTool", "from_function", "from_defaults", "FunctionTool", "ToolSpec") or qual.endswith(
            ("Tool.from_function", "FunctionTool.from_defaults")
        ):
            target = keyword(node, "func") or keyword(node, "fn") or keyword(node, "coroutine")
            if target is None and last == "ToolSpec":
                target = keyword(node, "execute")  # ToolSpec(name=..., execute=run_python)
            if target is None and node.args and last in ("from_function", "from_defaults", "FunctionTool"):
                target = node.args[0]
            for fn in fn_named(target):
                facts.tools.add(id(fn))
        # register_function / add_tool(fn)
        if last in ("register_function", "add_tool", "register_for_llm", "register_tool") and node.args:
            for fn in fn_named(node.args[0]):
                facts.tools.add(id(fn))
    _ = module_fns


def literal_keys(node: ast.AST | None) -> set[str] | None:
    """Keys of a dict literal / dict(...) call; None when unknown."""
    if isinstance(node, ast.Dict):
        keys: set[str] = set()
        for k in node.keys:
            if k is None:
                return None  # {**other}
            s = const_str(k)
            if s is None:
                return None
            keys.add(s)
        return keys
    if isinstance(node, ast.Call) and (dotted(node.func) or "") == "dict":
        if node.args:
            return None
        keys = set()
        for kw in node.keywords:
            if kw.arg is None:
                return None
            keys.add(kw.arg)
        return keys
    return None


def is_hex_commit(node: ast.AST | None) -> bool:
    """A string literal naming a commit (``"3f2a9c1"`` or all 40 hex digits), not a branch or tag."""
    s = const_str(node)
    return bool(s and _COMMIT_ID.match(s))
