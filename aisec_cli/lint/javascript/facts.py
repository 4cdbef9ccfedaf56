"""Facts about one JS/TS module: imports, functions, routes, tools, client types."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aisec_cli.lint import sdk, urls
from aisec_cli.lint.javascript.parser import (
    FUNCTION_TYPES,
    Node,
    Source,
    arguments,
    dotted,
    field as fld,
    member_chain,
    object_pairs,
    string_value,
    unwrap,
    walk,
)
from aisec_cli.core.lazyre import LazyRegex

HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "all", "use", "options"})
NEXT_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
LIMIT_RE = LazyRegex(r"(?i)limit|throttl|quota|slowdown|slow_down|ratelimit|rate_limit|bottleneck")
OWN_API = LazyRegex(r"(?i)chat|complet|\bai\b|/ai|llm|ask|generat|answer|reply|assistant|gpt|claude|gemini|prompt|message|summar")
JS_SHAPES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("chat", "completions", "create"), "openai.chat", "openai"),
    (("chat", "completions", "parse"), "openai.chat", "openai"),
    (("chat", "completions", "stream"), "openai.chat", "openai"),
    (("beta", "chat", "completions", "parse"), "openai.chat", "openai"),
    (("responses", "create"), "openai.responses", "openai"),
    (("responses", "stream"), "openai.responses", "openai"),
    (("messages", "create"), "anthropic.messages", "anthropic"),
    (("messages", "stream"), "anthropic.messages", "anthropic"),
    (("models", "generateContent"), "google.genai", "google-genai"),
    (("models", "generateContentStream"), "google.genai", "google-genai"),
    (("generateContent",), "google.legacy", "google-generativeai"),
    (("generateContentStream",), "google.legacy", "google-generativeai"),
    (("sendMessage",), "google.chat", "google-genai"),
    (("chat", "complete"), "mistral.chat", "mistralai"),
    (("chat", "stream"), "mistral.chat", "mistralai"),
)
LC_METHODS = frozenset({"invoke", "stream", "call", "predict", "batch", "run"})
LLM_NAME = LazyRegex(r"(?i)^(?:llm|.*Llm|.*LLM|model|chatModel|chat_model|chain|.*Chain|agent|.*Agent|executor|runnable|rag)$")


@dataclass(slots=True)
class JsRoute:
    kind: str  # express | next | pages | hono
    anchor: Node
    handler: Node
    limited: bool = False


@dataclass(slots=True)
class JsModelCall:
    api: str
    provider: str
    desc: str
    receiver: str = ""
    url: str = ""


@dataclass(slots=True)
class JsFacts:
    src: Source
    root: Node
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)  # local → (module, imported)
    functions: dict[str, list[Node]] = field(default_factory=dict)  # name → function nodes
    func_names: dict[int, str] = field(default_factory=dict)  # node id → name
    all_functions: list[Node] = field(default_factory=list)
    routes: dict[int, JsRoute] = field(default_factory=dict)  # handler id → route
    tools: set[int] = field(default_factory=set)
    lambda_handlers: set[int] = field(default_factory=set)
    # functions shaped like a request handler that no route in this file mounts (a controller
    # whose router lives elsewhere): `(req, res)`, or a first `req`/`request` parameter whose
    # body, query, params or json() the function reads; their request is untrusted input
    request_shaped: set[int] = field(default_factory=set)
    callbacks_user: set[int] = field(default_factory=set)  # readline answers etc.
    socket_handlers: set[int] = field(default_factory=set)  # ws.onmessage / EventSource handlers
    extension_handlers: set[int] = field(default_factory=set)  # chrome.runtime.onMessage listeners
    state_vars: dict[str, str] = field(default_factory=dict)  # React state variable → setter
    state_setters: dict[str, str] = field(default_factory=dict)  # setter → state variable
    types: dict[str, str] = field(default_factory=dict)  # variable → constructor
    # variable, `this.x` field or typed parameter → its class as written (`Executor`, `ns.Cls`)
    class_names: dict[str, str] = field(default_factory=dict)
    values: dict[str, list[Node]] = field(default_factory=dict)  # variable → assigned values
    # variable bound by an object pattern (`const {a, ...rest} = v`) → the destructured values v
    destructured: dict[str, list[Node]] = field(default_factory=dict)
    app_limited: bool = False
    use_client: bool = False
    browser: bool = False
    server: bool = False
    call_cache: dict[int, JsModelCall | None] = field(default_factory=dict)

    def text(self, node: Node) -> str:
        return self.src.text(node)

    def module_of(self, name: str) -> str:
        entry = self.imports.get(name)
        return entry[0] if entry else ""

    def resolve(self, node: Node | None) -> str:
        """`module.imported.rest` for an identifier/member chain rooted at an import."""
        text = dotted(node, self.src)
        if not text:
            return ""
        head, _, rest = text.partition(".")
        entry = self.imports.get(head)
        if entry is None:
            return text
        module, imported = entry
        base = module if imported in ("default", "*") else f"{module}.{imported}"
        return f"{base}.{rest}" if rest else base


def collect(root: Node, src: Source, path: str) -> JsFacts:
    facts = JsFacts(src=src, root=root)
    first = root.named_children[0] if root.named_children else None
    if first is not None and first.type == "expression_statement":
        value = string_value(first.named_children[0] if first.named_children else None, src)
        facts.use_client = value == "use client"
    for node in walk(root):
        t = node.type
        if t == "import_statement":
            _import(facts, node)
        elif t in FUNCTION_TYPES:
            facts.all_functions.append(node)
            name = _function_name(facts, node)
            if name:
                facts.functions.setdefault(name, []).append(node)
                facts.func_names[node.id] = name
        elif t == "variable_declarator":
            name_node, value = fld(node, "name"), fld(node, "value")
            if name_node is not None and name_node.type == "identifier" and value is not None:
                name = src.text(name_node)
                facts.values.setdefault(name, []).append(value)
                ctor = constructor_type(facts, value)
                if ctor:
                    facts.types[name] = ctor
                _class_name(facts, name, value)
                _require(facts, name, value)
            elif name_node is not None and name_node.type == "object_pattern" and value is not None:
                _require_destructure(facts, name_node, value)
                for bound in walk(name_node):
                    if bound.type in ("shorthand_property_identifier_pattern", "identifier") and bound.parent is not None and (
                        bound.parent == name_node or bound.parent.type in ("rest_pattern", "pair_pattern", "object_assignment_pattern")
                    ) and not (bound.parent.type == "pair_pattern" and fld(bound.parent, "key") == bound):
                        facts.destructured.setdefault(src.text(bound), []).append(value)
            elif name_node is not None and name_node.type == "array_pattern" and value is not None:
                _use_state(facts, name_node, value)
        elif t == "assignment_expression":
            left, value = fld(node, "left"), fld(node, "right")
            if left is not None and value is not None and src.text(left).endswith((".onmessage", ".onMessage")):
                fn = unwrap(value)
                if fn is not None and fn.type in FUNCTION_TYPES:
                    facts.socket_handlers.add(fn.id)
            if left is not None and value is not None:
                name = dotted(left, src)
                if name:
                    facts.values.setdefault(name, []).append(value)
                    ctor = constructor_type(facts, value)
                    if ctor:
                        facts.types[name] = ctor
                    _class_name(facts, name, value)
        elif t in ("public_field_definition", "field_definition"):
            _field(facts, node)
        elif t in ("required_parameter", "optional_parameter"):
            _typed_parameter(facts, node)
        elif t == "identifier" and src.text(node) in ("document", "window", "localStorage"):
            facts.browser = True
    for node in walk(root):
        if node.type == "call_expression":
            _registration(facts, node)
        elif node.type == "export_statement":
            _next_route(facts, node, path)
    facts.request_shaped = {
        fn.id for fn in facts.all_functions
        if fn.id not in facts.routes and fn.id not in facts.lambda_handlers and (_looks_req_res(fn, src) or _reads_request(fn, src))
    }
    facts.server = bool(facts.routes) or any(m in ("express", "fastify", "hono", "next/server", "http") for m, _ in facts.imports.values())
    return facts


def _import(facts: JsFacts, node: Node) -> None:
    src = facts.src
    source = string_value(fld(node, "source"), src) or ""
    for clause in node.named_children:
        if clause.type != "import_clause":
            continue
        for part in clause.named_children:
            if part.type == "identifier":
                facts.imports[src.text(part)] = (source, "default")
            elif part.type == "namespace_import":
                ident = [c for c in part.named_children if c.type == "identifier"]
                if ident:
                    facts.imports[src.text(ident[0])] = (source, "*")
            elif part.type == "named_imports":
                for spec in part.named_children:
                    if spec.type != "import_specifier":
                        continue
                    name = fld(spec, "name")
                    alias = fld(spec, "alias")
                    if name is not None:
                        facts.imports[src.text(alias or name)] = (source, src.text(name))


def _require(facts: JsFacts, name: str, value: Node) -> None:
    value = unwrap(value)
    if value is not None and value.type == "await_expression" and value.named_children:
        value = unwrap(value.named_children[0])
    if value is None or value.type != "call_expression":
        return
    func = fld(value, "function")
    if func is not None and facts.src.text(func) in ("require", "import"):
        args = arguments(value)
        module = string_value(args[0], facts.src) if args else None
        if module:
            facts.imports[name] = (module, "default")
    elif func is not None and func.type == "member_expression":
        # const OpenAI = require("openai").OpenAI
        root, attrs = member_chain(func, facts.src)
        _ = root, attrs


def _use_state(facts: JsFacts, pattern: Node, value: Node) -> None:
    """const [answer, setAnswer] = useState(...)"""
    value = unwrap(value)
    if value is None or value.type != "call_expression":
        return
    func = fld(value, "function")
    if func is None or facts.src.text(func).rsplit(".", 1)[-1] not in ("useState", "useReducer", "useRef"):
        return
    names = [c for c in pattern.named_children if c.type == "identifier"]
    if len(names) == 2:
        state, setter = facts.src.text(names[0]), facts.src.text(names[1])
        facts.state_vars[state] = setter
        facts.state_setters[setter] = state


def _require_destructure(facts: JsFacts, pattern: Node, value: Node) -> None:
    value = unwrap(value)
    if value is None or value.type != "call_expression":
        return
    func = fld(value, "function")
    if func is None or facts.src.text(func) != "require":
        return
    args = arguments(value)
    module = string_value(args[0], facts.src) if args else None
    if not module:
        return
    for child in pattern.named_children:
        if child.type == "shorthand_property_identifier_pattern":
            facts.imports[facts.src.text(child)] = (module, facts.src.text(child))
        elif child.type == "pair_pattern":
            key, val = fld(child, "key"), fld(child, "value")
            if key is not None and val is not None:
                facts.imports[facts.src.text(val)] = (module, facts.src.text(key))


def _function_name(facts: JsFacts, node: Node) -> str:
    name = fld(node, "name")
    if name is not None and node.type != "method_definition":
        return facts.src.text(name)
    if node.type == "method_definition" and name is not None:
        return facts.src.text(name)
    parent = node.parent
    if parent is not None and parent.type == "variable_declarator":
        n = fld(parent, "name")
        if n is not None and n.type == "identifier":
            return facts.src.text(n)
    if parent is not None and parent.type == "pair":
        key = fld(parent, "key")
        if key is not None:
            return facts.src.text(key).strip("'\"")
    if parent is not None and parent.type == "assignment_expression":
        left = fld(parent, "left")
        if left is not None:
            return dotted(left, facts.src).rsplit(".", 1)[-1]
    return ""


def _class_name(facts: JsFacts, name: str, value: Node | None) -> None:
    """``name = new Cls(...)``: remember ``Cls`` as written (for methods of imported classes)."""
    value = unwrap(value)
    if value is not None and value.type == "new_expression":
        ctor = fld(value, "constructor")
        written = dotted(ctor, facts.src) if ctor is not None else ""
        if written:
            facts.class_names[name] = written


def _type_name(facts: JsFacts, annotation: Node | None) -> str:
    """The class a TypeScript annotation names (`: Cls`, `: ns.Cls`, `: Cls | null`)."""
    node = annotation.named_children[0] if annotation is not None and annotation.named_children else None
    if node is not None and node.type == "union_type":
        parts = [c for c in node.named_children if facts.src.text(c) not in ("null", "undefined")]
        node = parts[0] if len(parts) == 1 else None
    if node is None or node.type not in ("type_identifier", "nested_type_identifier"):
        return ""
    return facts.src.text(node)


def _field(facts: JsFacts, node: Node) -> None:
    """A class field: ``x = new Cls()`` or ``x: Cls`` is the type of ``this.x``."""
    name = fld(node, "name") or fld(node, "property")
    if name is None:
        return
    key = "this." + facts.src.text(name)
    value = fld(node, "value")
    if value is not None:
        facts.values.setdefault(key, []).append(value)
        ctor = constructor_type(facts, value)
        if ctor:
            facts.types[key] = ctor
        _class_name(facts, key, value)
    if key not in facts.class_names:
        written = _type_name(facts, fld(node, "type"))
        if written:
            facts.class_names[key] = written


def _typed_parameter(facts: JsFacts, node: Node) -> None:
    """``(g: Cls)``, and ``constructor(private g: Cls)`` which also makes ``this.g``."""
    pattern = fld(node, "pattern")
    written = _type_name(facts, fld(node, "type"))
    if pattern is None or pattern.type != "identifier" or not written:
        return
    name = facts.src.text(pattern)
    facts.class_names.setdefault(name, written)
    if any(c.type == "accessibility_modifier" or facts.src.text(c) == "readonly" for c in node.children):
        facts.class_names.setdefault("this." + name, written)


def constructor_type(facts: JsFacts, value: Node) -> str:
    value = unwrap(value)
    if value is not None and value.type == "await_expression" and value.named_children:
        value = unwrap(value.named_children[0])
    if value is None:
        return ""
    if value.type == "new_expression":
        ctor = fld(value, "constructor")
        return facts.resolve(ctor) if ctor is not None else ""
    if value.type == "call_expression":
        func = fld(value, "function")
        if func is None:
            return ""
        if func.type == "member_expression":
            prop = fld(func, "property")
            name = facts.src.text(prop) if prop is not None else ""
            if name in ("getGenerativeModel",):
                return "@google/generative-ai.model"
            if name in ("startChat",):
                return "google.chat"
            if name == "create" and facts.src.text(func).endswith("chats.create"):
                return "google.chat"
            if name in ("withOptions",):
                inner = fld(func, "object")
                return constructor_type(facts, inner) if inner is not None else ""
        qual = facts.resolve(func)
        if qual.startswith(("@ai-sdk/", "ai.")) or qual in ("@ai-sdk/openai.openai", "@ai-sdk/anthropic.anthropic"):
            return qual
        return qual
    if value.type == "binary_expression":
        return ""
    return ""


def _handler_of(args: list[Node]) -> Node | None:
    for arg in reversed(args):
        node = unwrap(arg)
        if node is not None and node.type in FUNCTION_TYPES:
            return node
    return None


def _registration(facts: JsFacts, call: Node) -> None:
    src = facts.src
    func = fld(call, "function")
    if func is None:
        return
    args = arguments(call)
    if func.type == "member_expression":
        prop = fld(func, "property")
        method = src.text(prop) if prop is not None else ""
        obj_text = src.text(fld(func, "object")) if fld(func, "object") is not None else ""
        if method == "use" and args:
            if any(LIMIT_RE.search(src.text(a)) or _is_limiter_value(facts, a) for a in args):
                facts.app_limited = True
            return
        if method == "register" and args and LIMIT_RE.search(src.text(args[0])):
            facts.app_limited = True
            return
        if method in HTTP_METHODS and method not in ("use",) and args:
            path = string_value(args[0], src)
            if path is None or not path.startswith("/"):
                return
            handler = _handler_of(args[1:])
            if handler is None and len(args) >= 2:
                last = unwrap(args[-1])
                if last is not None and last.type == "identifier":
                    fns = facts.functions.get(src.text(last), [])
                    handler = fns[0] if fns else None
            if handler is None:
                return
            middle = args[1:-1]
            limited = any(LIMIT_RE.search(src.text(m)) or _is_limiter_value(facts, m) for m in middle)
            if len(args) >= 2:
                opts = object_pairs(args[1], src)
                if opts and any(LIMIT_RE.search(k) for k in opts):
                    limited = True
            kind = "hono" if re.search(r"(?i)hono", " ".join(m for m, _ in facts.imports.values())) else "express"
            facts.routes[handler.id] = JsRoute(kind, call, handler, limited)
            _ = obj_text
            return
        if method in ("tool", "registerTool", "addTool") and args:
            handler = _handler_of(args)
            if handler is not None:
                facts.tools.add(handler.id)
            return
        if method == "addListener" and args and re.search(r"\b(?:chrome|browser)\.runtime\.onMessage$", obj_text):
            handler = _handler_of(args)
            if handler is not None:
                facts.extension_handlers.add(handler.id)
            return
        if method in ("addEventListener", "on") and len(args) >= 2 and string_value(args[0], src) == "message":
            handler = _handler_of(args[1:])
            if handler is not None and re.search(r"(?i)socket|ws\b|source|stream|channel", obj_text):
                facts.socket_handlers.add(handler.id)
            return
        if method == "question" and len(args) >= 2:
            handler = _handler_of(args)
            if handler is not None:
                facts.callbacks_user.add(handler.id)
    qual = facts.resolve(func)
    name = src.text(func)
    if (qual in ("ai.tool", "@openai/agents.tool", "@langchain/core/tools.tool") or name in ("tool", "tool.define")) and args:
        pairs = object_pairs(args[0], src) or (object_pairs(args[1], src) if len(args) > 1 else None) or {}
        execute = pairs.get("execute") or pairs.get("func")
        if execute is not None and unwrap(execute) is not None and unwrap(execute).type in FUNCTION_TYPES:
            facts.tools.add(unwrap(execute).id)
        elif name == "tool" and args and unwrap(args[0]) is not None and unwrap(args[0]).type in FUNCTION_TYPES:
            facts.tools.add(unwrap(args[0]).id)


def _is_limiter_value(facts: JsFacts, node: Node) -> bool:
    node = unwrap(node)
    if node is None or node.type != "identifier":
        return False
    for value in facts.values.get(facts.src.text(node), []):
        if LIMIT_RE.search(facts.src.text(value)[:200]):
            return True
    return False


def _next_route(facts: JsFacts, node: Node, path: str) -> None:
    src = facts.src
    decl = fld(node, "declaration")
    text = src.text(node)[:40]
    is_default = text.startswith("export default")
    candidates: list[tuple[str, Node]] = []
    if decl is not None:
        if decl.type in ("function_declaration", "generator_function_declaration"):
            name = fld(decl, "name")
            candidates.append((src.text(name) if name is not None else "", decl))
        elif decl.type in ("lexical_declaration", "variable_declaration"):
            for d in decl.named_children:
                if d.type == "variable_declarator":
                    n, v = fld(d, "name"), unwrap(fld(d, "value"))
                    if n is not None and v is not None and v.type in FUNCTION_TYPES:
                        candidates.append((src.text(n), v))
                    elif n is not None and v is not None and v.type == "identifier":
                        # `export const POST = handle`: the route is the file's own function
                        fns = facts.functions.get(src.text(v), [])
                        if len(fns) == 1:
                            candidates.append((src.text(n), fns[0]))
    elif is_default:
        for child in node.named_children:
            c = unwrap(child)
            if c is not None and c.type in FUNCTION_TYPES:
                candidates.append(("default", c))
    for name, fn in candidates:
        params = fld(fn, "parameters")
        n_params = len(params.named_children) if params is not None else 0
        if name in NEXT_METHODS:
            facts.routes[fn.id] = JsRoute("next", node, fn)
        elif name in ("handler", "lambdaHandler") or (name == "default" and n_params >= 2) or (is_default and "/api/" in path.replace("\\", "/") and n_params >= 1):
            if name in ("handler", "lambdaHandler") and n_params >= 1 and not _looks_req_res(fn, src):
                facts.lambda_handlers.add(fn.id)
            else:
                facts.routes[fn.id] = JsRoute("pages", node, fn)
    # exports.handler = async (event) => ...
    _ = path


def _reads_request(fn: Node, src: Source) -> bool:
    """A first parameter named req/request whose body, query, params or json() the function reads."""
    params = fld(fn, "parameters")
    first = src.text(params.named_children[0]).split(":")[0].strip() if params is not None and params.named_children else ""
    if first not in ("req", "request"):
        return False
    body = fld(fn, "body")
    return body is not None and _REQUEST_READ[first].search(src.text(body)) is not None


_REQUEST_READ = {
    name: LazyRegex(rf"\b{name}\.(?:body|query|params)\b|\b{name}\.json\(")
    for name in ("req", "request")
}


def _looks_req_res(fn: Node, src: Source) -> bool:
    params = fld(fn, "parameters")
    names = [src.text(p).split(":")[0].strip() for p in params.named_children] if params is not None else []
    return len(names) >= 2 and names[0] in ("req", "request") and names[1] in ("res", "response")


def classify(facts: JsFacts, call: Node) -> JsModelCall | None:
    key = call.id
    if key in facts.call_cache:
        return facts.call_cache[key]
    result = _classify(facts, call)
    facts.call_cache[key] = result
    return result


def _classify(facts: JsFacts, call: Node) -> JsModelCall | None:
    src = facts.src
    func = unwrap(fld(call, "function"))
    if func is None:
        return None
    text = dotted(func, src) or src.text(func)[:60]
    desc = text + "()"
    qual = facts.resolve(func)
    if qual in ("ai.generateText", "ai.streamText", "ai.generateObject", "ai.streamObject"):
        return JsModelCall("vercel", "vercel-ai", desc)
    if func.type == "identifier":
        if src.text(func) == "fetch":
            args = arguments(call)
            url = url_prefix(facts, args[0]) if args else ""
            if url and urls.is_model_endpoint(url):
                return JsModelCall("http", urls.provider_of(url) or "http", desc, url=url)
        return None
    if func.type != "member_expression":
        return None
    root, attrs = member_chain(func, src)
    receiver = ""
    rtype = ""
    if root is not None and root.type in ("identifier", "this"):
        if root.type == "this" and attrs:
            receiver = f"this.{attrs[0]}"
            rtype = facts.types.get(receiver, "")
        else:
            receiver = src.text(root)
            rtype = facts.types.get(receiver, "") or facts.resolve(root)
    elif root is not None and root.type in ("new_expression", "call_expression"):
        rtype = constructor_type(facts, root)
    for suffix, api, provider in JS_SHAPES:
        n = len(suffix)
        if tuple(attrs[-n:]) != suffix:
            continue
        if api == "google.chat" and rtype != "google.chat":
            continue
        prov = _provider_of_type(rtype) or provider
        return JsModelCall(api, prov, desc, receiver)
    method = attrs[-1] if attrs else ""
    if method in ("chat", "chatStream") and rtype.startswith("cohere-ai"):
        return JsModelCall("cohere.chat", "cohere", desc, receiver)  # `chat` alone names no SDK
    if method in LC_METHODS:
        if rtype.startswith(("@langchain", "langchain")) and re.search(r"(?i)chat|llm|openai|anthropic|model|chain|agent", rtype):
            return JsModelCall("langchain", "langchain", desc, receiver)
        name = attrs[-2] if len(attrs) >= 2 else receiver
        if name and LLM_NAME.match(name.rsplit(".", 1)[-1]) and method in ("invoke", "stream", "call", "predict"):
            return JsModelCall("langchain", "llm", desc, receiver)
    if method in ("post", "request") and facts.resolve(root).startswith("axios"):
        args = arguments(call)
        url = url_prefix(facts, args[0]) if args else ""
        if url and urls.is_model_endpoint(url):
            return JsModelCall("http", urls.provider_of(url) or "http", desc, url=url)
    return None


def _provider_of_type(rtype: str) -> str:
    if not rtype:
        return ""
    module = rtype.split(".", 1)[0] if not rtype.startswith("@") else rtype.rsplit(".", 1)[0]
    return {
        "openai": "openai",
        "@anthropic-ai/sdk": "anthropic",
        "@google/genai": "google-genai",
        "@google/generative-ai": "google-generativeai",
        "groq-sdk": "groq",
        "@mistralai/mistralai": "mistralai",
        "cohere-ai": "cohere",
    }.get(module, "")


def url_prefix(facts: JsFacts, node: Node | None, depth: int = 0) -> str:
    node = unwrap(node)
    if node is None or depth > 4:
        return ""
    s = string_value(node, facts.src)
    if s is not None:
        return s
    if node.type == "template_string":
        out = ""
        for child in node.children:
            if child.type == "string_fragment":
                out += facts.src.text(child)
            elif child.type == "template_substitution":
                inner = url_prefix(facts, child.named_children[0] if child.named_children else None, depth + 1)
                if not inner:
                    return out + "\x00"
                out += inner
        return out
    if node.type == "binary_expression":
        left = url_prefix(facts, fld(node, "left"), depth + 1)
        if not left or left.endswith("\x00"):
            return left
        return left + (url_prefix(facts, fld(node, "right"), depth + 1) or "\x00")
    if node.type == "identifier":
        values = facts.values.get(facts.src.text(node), [])
        if len(values) == 1:
            return url_prefix(facts, values[0], depth + 1)
    if node.type == "new_expression":
        ctor = facts.src.text(fld(node, "constructor")) if fld(node, "constructor") is not None else ""
        if ctor == "URL":
            args = arguments(node)
            if len(args) >= 2:
                base = url_prefix(facts, args[1], depth + 1)
                return base + "/" if base else ""
            return url_prefix(facts, args[0], depth + 1) if args else ""
    return ""


def is_ai_module(module: str) -> bool:
    return module in sdk.JS_AI_MODULES or module.startswith(("@langchain/", "@ai-sdk/", "@google/"))


# SQL clients beyond the usual pools (BigQuery, Snowflake, DuckDB, ...), by receiver name, and the
# option keys that carry the SQL text when the first argument is an options object.
SQL_CLIENT_NAMES = r"bigquery|bq|snowflake|snow|duckdb|duck|warehouse|clickhouse|trino|athena"
SQL_TEXT_KEYS = frozenset({"query", "sqlText", "sql", "text"})
