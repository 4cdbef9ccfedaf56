"""The JavaScript / TypeScript adapter of the flow core: walks tree-sitter statements and expressions."""

from __future__ import annotations

import re
from collections.abc import Iterable

from aisec_cli.core.findings import Severity
from aisec_cli.lint import sdk, urls
from aisec_cli.lint.flow import endpoint
from aisec_cli.lint.flow import rules as R
from aisec_cli.lint.flow.driver import ModuleDriver, callee_closure, relevant_units
from aisec_cli.lint.flow.env import merge as _merge
from aisec_cli.lint.flow.project import Project
from aisec_cli.lint.flow.rules import APP
from aisec_cli.lint.flow.sinks import table_sinks
from aisec_cli.lint.flow.state import FunctionState
from aisec_cli.lint.hits import Hit, Span
from aisec_cli.lint.javascript import facts as F
from aisec_cli.lint.javascript.parser import (
    FUNCTION_TYPES,
    Node,
    arguments,
    dotted,
    member_chain,
    object_pairs,
    sent_pairs,
    string_value,
    superclass,
    unwrap,
    walk,
    walk_scope,
)
from aisec_cli.lint.javascript.parser import (
    field as fld,
)
from aisec_cli.lint.keys import find_keys_in_text
from aisec_cli.lint.settings import LintSettings
from aisec_cli.lint.taint import (
    CLEAN,
    CLI,
    EVENT,
    FETCHED,
    LLM,
    PARAM,
    SECRET,
    TOOL,
    USER,
    USER_SCALAR,
    WEB,
    WIDGET,
    Label,
    Taint,
    clear,
    drop_kinds,
    drop_llm,
    overwritten,
    select_key,
    through,
    through_call,
    to_scalar,
    under_key,
    union,
    whole,
)
from aisec_cli.core.lazyre import LazyRegex

_CONN_STRING = LazyRegex(r"[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", re.I)
_COMPARE_OPS = frozenset({"===", "==", "!==", "!=", "<", ">", "<=", ">=", "instanceof", "in"})
_LOG_METHODS = frozenset({"log", "info", "warn", "error", "debug", "trace", "fatal", "verbose", "silly", "http"})
_LOGGER_NAME = LazyRegex(r"(?i)^(?:logger|log|pino|winston|bunyan|signale|consola|.*logger|.*log)$")
_SQL_RECEIVER = LazyRegex(r"(?i)db|pool|client|conn|connection|sql|pg|mysql|knex|sequelize|database|session|neo4j|tx|prisma|sqlite|" + F.SQL_CLIENT_NAMES)
_SQL_TEXT = LazyRegex(r"(?i)\b(?:select|insert|update|delete|create|drop|alter|where|match|merge)\b")
_HTML_TAG = LazyRegex(r"<\s*[a-zA-Z][a-zA-Z0-9]*[\s>/]")
_HTML_SANITIZERS = LazyRegex(r"(?i)(?:^|\.)(?:sanitize|sanitizeHtml|xss|escapeHtml|escape|esc|encode|filterXSS|purify|clean)$")
_REDACTOR = LazyRegex(r"(?i)redact|mask|anonymi[sz]|scrub|obfuscat")
_SCALAR_FUNCS = frozenset({"Number", "parseInt", "parseFloat", "Math.round", "Math.floor", "Math.ceil", "Math.abs"})
_CLEAN_FUNCS = frozenset({"Boolean", "Array.isArray", "Number.isInteger", "isNaN", "Date.now", "crypto.randomUUID", "typeof"})
_CLEAN_METHODS = frozenset({"includes", "startsWith", "endsWith", "indexOf", "has", "test", "digest", "length", "some", "every", "findIndex", "localeCompare"})
# array methods that hand back the items as they are (a list of objects stays one)
_KEEPS_ITEMS = frozenset({"slice", "filter", "concat", "reverse", "toReversed", "sort", "toSorted", "at", "find", "findLast", "flat"})
_MUTATORS = frozenset({"push", "unshift", "set", "add", "concat", "splice", "append"})
_FS_MODULES = ("fs", "node:fs", "fs/promises", "node:fs/promises", "fs-extra")
_FS_FUNCS = frozenset({"readFile", "readFileSync", "writeFile", "writeFileSync", "appendFile", "appendFileSync", "createReadStream", "createWriteStream", "unlink", "unlinkSync", "rm", "rmSync", "readdir", "readdirSync", "open", "openSync", "copyFile", "rename", "mkdir", "stat", "access", "outputFile", "readJson", "remove"})
_CP_MODULES = ("child_process", "node:child_process")
_SECRET_PROP = LazyRegex(r"(?i)^(?:api_?key|apikey|secret|secretkey|secret_key|password|passwd|token|accesstoken|access_token|authtoken|auth_token|clientsecret|client_secret)$")
_MESSAGES_NAME = LazyRegex(r"(?i)messages|history|conversation|contents")
_PROMPT_KEYS = frozenset({"messages", "prompt", "input", "contents", "system", "instructions", "systemInstruction", "content", "text"})
_COST_KEYS = frozenset({"model", "max_tokens", "max_completion_tokens", "max_output_tokens", "maxTokens", "maxOutputTokens", "n", "reasoning_effort"})
_OBJECT_GENERATORS = ("generateObject(", "streamObject(")
_SYSTEM_KEYS = frozenset({"system", "instructions", "systemInstruction", "system_instruction", "systemPrompt", "preamble"})
_JS_STRINGISH = frozenset(
    {"String", "JSON.stringify", "encodeURIComponent", "encodeURI", "btoa", "atob", "join", "concat", "replace",
     "replaceAll", "trim", "trimStart", "trimEnd", "split", "toString", "toUpperCase", "toLowerCase", "padStart",
     "padEnd", "repeat", "map", "filter", "flat", "flatMap", "reduce", "from", "of", "entries", "values", "keys",
     "get", "at", "find", "toJSON", "format", "Buffer.from", "Object.entries", "Object.values", "Object.assign",
     "structuredClone", "Array.from"}
)
_CALLBACK_METHODS = frozenset({"map", "forEach", "filter", "flatMap", "find", "findLast", "some", "every", "reduce", "reduceRight", "then", "sort", "each"})
_RETRIEVAL = LazyRegex(r"(?i)retriev|similaritySearch|searchDocuments|getRelevant|vectorSearch|semanticSearch|queryIndex|search\w*Memor|searchSimilar")
_JS_META = frozenset({"length", "type", "mediaType", "mimeType", "size", "role", "id", "status", "model", "stop_reason", "stopReason", "finish_reason", "usage"})
_REQUEST_CLEAN = frozenset({"method", "ip", "ips", "user", "session", "app", "protocol", "secure", "hostname", "signal", "cookies_secret"})


def _text(flow: JsFunctionFlow, node: Node) -> str:
    return flow.facts.src.text(node)


class JsModuleFlow(ModuleDriver):
    """Runs every function of a JS/TS module to a fixpoint and collects flow findings."""

    def __init__(
        self,
        facts: F.JsFacts,
        settings: LintSettings,
        rules: frozenset[str],
        path: str = "",
        project: Project | None = None,
        only: Node | None = None,
    ) -> None:
        super().__init__(settings, rules)
        self.facts = facts
        self.path = path
        self.project = project
        self.only = only  # summarising this function for other modules: it and what it calls
        self.prompt_cache: dict[int, set[str]] = {}
        self.maskers: dict[int, bool] = {}  # function node id → does it redact one of its parameters
        self._ancestry: dict[int, tuple[tuple[int, ...], bool]] | None = None

    def ancestry(self, node: Node) -> tuple[tuple[int, ...], bool]:
        """(ids of the functions around ``node``, innermost first; whether a route handler
        encloses it), for a function node or the module. Built in one walk down the tree:
        asking each node for its parents costs the tree's depth per step (cubic on deep nesting)."""
        if self._ancestry is None:
            table: dict[int, tuple[tuple[int, ...], bool]] = {}
            routes = self.facts.routes
            stack: list[tuple[Node, tuple[int, ...], bool]] = [(self.facts.root, (), False)]
            while stack:
                cur, around, in_route = stack.pop()
                is_function = cur.type in FUNCTION_TYPES
                if is_function:
                    table[cur.id] = (around, in_route)
                inner = (cur.id, *around) if is_function else around
                inner_route = in_route or cur.id in routes
                stack.extend((child, inner, inner_route) for child in cur.named_children)
            self._ancestry = table
        return self._ancestry.get(node.id, ((), False))

    def run(self) -> list[Hit]:
        functions = sorted(self.facts.all_functions, key=lambda n: -n.start_byte)
        for node in (self.facts.root, *functions):  # static per-scope facts, once
            JsFunctionFlow(self, node)._collect_prompt_names()
        relevant = self._relevant(functions, self.only)
        functions = [fn for fn in functions if fn.id in relevant]

        def one_round() -> None:
            JsFunctionFlow(self, self.facts.root).run()
            for fn in functions:
                JsFunctionFlow(self, fn).run()

        return self.fixpoint(one_round)

    def _relevant(self, functions: list[Node], only: Node | None = None) -> set[int]:
        """Functions the flow must visit (see :func:`relevant_units`): seeds are handlers and
        functions that name a source; closures share state with the functions around them,
        methods using ``this`` and React state share fields."""
        facts = self.facts
        if only is None and _has_source(self, facts.root):
            return {fn.id for fn in functions}
        handlers = facts.tools | facts.lambda_handlers | facts.callbacks_user | facts.socket_handlers | facts.extension_handlers | facts.request_shaped | set(facts.routes)
        seeds = {fn.id for fn in functions if fn.id in handlers or _has_source(self, fn)}
        callees: dict[int, list[int]] = {}
        shared: list[int] = []
        groups: list[list[int]] = []
        for fn in functions:
            out: list[int] = []
            uses_shared = False
            for node in walk_scope(fn):
                if node.type == "call_expression":
                    func = unwrap(fld(node, "function"))
                    if func is not None and func.type == "identifier":
                        out += [t.id for t in facts.functions.get(self.facts.src.text(func), ())]
                    elif func is not None and func.type == "member_expression":
                        prop = fld(func, "property")
                        if prop is not None:
                            out += [t.id for t in facts.functions.get(self.facts.src.text(prop), ())]
                elif node.type == "this" or (node.type == "identifier" and (self.facts.src.text(node) in facts.state_vars or self.facts.src.text(node) in facts.state_setters)):
                    uses_shared = True
            callees[fn.id] = out
            if uses_shared:
                shared.append(fn.id)
            chain = [fn.id, *self.ancestry(fn)[0]]
            if len(chain) > 1:
                groups.append(chain)
        groups.append(shared)
        if only is not None:  # summarising one function: it, its closures and what it calls
            return callee_closure({only.id}, callees, groups[:-1])
        # a closure and the functions around it share variables: relevance goes both ways
        relevant = relevant_units(seeds, callees, groups)
        while True:
            grown = relevant_units(relevant, callees, groups)
            if grown == relevant:
                return relevant
            relevant = grown


CHAIN_DEPTH = 64  # links past which a chain is evaluated innermost first (no deep recursion)
_CHAIN_TYPES = frozenset({
    "member_expression", "subscript_expression", "call_expression", "parenthesized_expression",
    "await_expression", "non_null_expression", "as_expression", "array", "unary_expression",
})


def _chain_child(node: Node) -> Node | None:
    """The link inside ``node`` in a chain of members, subscripts, calls and wrappers."""
    kind = node.type
    if kind in ("member_expression", "subscript_expression"):
        return fld(node, "object")
    if kind == "call_expression":
        func = fld(node, "function")
        return fld(func, "object") if func is not None and func.type == "member_expression" else func
    if kind == "unary_expression":
        return fld(node, "argument")
    if kind in ("parenthesized_expression", "await_expression", "non_null_expression", "as_expression"):
        return node.named_children[0] if node.named_children else None
    if kind == "array" and node.named_child_count == 1:
        return node.named_children[0]
    return None


def _chain_depth(node: Node, limit: int = CHAIN_DEPTH + 1) -> int:
    """How many links ``node``'s chain has, counted up to ``limit``."""
    depth = 0
    current: Node | None = node
    while current is not None and depth < limit:
        depth += 1
        current = _chain_child(current)
    return depth


class JsFunctionFlow(FunctionState):
    """The JS/TS adapter: walks one function's tree-sitter statements and expressions."""

    mod: JsModuleFlow

    def __init__(self, mod: JsModuleFlow, node: Node) -> None:
        super().__init__()
        self.mod = mod
        self.facts = mod.facts
        self.src = mod.facts.src
        self.node = node
        self.is_module = node.type == "program"
        self.route = None if self.is_module else self.facts.routes.get(node.id)
        around, inside_route = ((), False) if self.is_module else mod.ancestry(node)
        self.in_route = self.route is not None or inside_route
        self.param_names: list[str] = []
        self.prompt_names: set[str] = set()
        self.enclosing: list[int] = list(around)
        self._chain_memo: dict[int, Taint] | None = None  # links of a long chain being evaluated

    # -- driver ----------------------------------------------------------------------------

    def run(self) -> None:
        self._collect_prompt_names()
        if self.is_module:
            self.block(self.node.named_children)
            for name, taint in self.env.items():
                if "." not in name:
                    self.mod.set_global(name, taint)
            return
        self._seed_params()
        body = fld(self.node, "body")
        if body is None:
            return
        if body.type == "statement_block":
            self.block(body.named_children)
        else:
            taint = self.expr(body)
            self.summary.ret = union(self.summary.ret, taint)
        self.add_outer_sinks(self.node.start_point[0] + 1, self.param_names)
        self.mod.set_summary(self.node.id, self.summary)
        self.mod.set_env(self.node.id, self.env)

    def outer_param(self, label: Label) -> tuple[int, str] | None:
        if label.line == self.node.start_point[0] + 1 and label.origin in self.param_names:
            return None
        return None if self.is_module or not self.enclosing else (label.line, label.origin)

    def _params(self) -> list[tuple[str, Node, list[str]]]:
        """(name of the parameter slot, node, names it binds)."""
        return _parameters(self.node, self.src)

    def _seed_params(self) -> None:
        node = self.node
        facts = self.facts
        is_tool = node.id in facts.tools
        route = self.route
        line = node.start_point[0] + 1
        fname = facts.func_names.get(node.id, "function")
        for index, (slot, pattern, names) in enumerate(self._params()):
            self.param_names.append(slot)
            keys = _pattern_keys(pattern, self.src) if pattern.type == "object_pattern" else {}
            concrete: Taint = CLEAN
            origin = f"{fname}({slot if not slot.startswith('#') else ','.join(names)})"
            if is_tool:
                concrete = frozenset({Label(LLM, origin, line, category=TOOL)})
            elif route is not None:
                if index == 0 or (route.kind == "next" and index == 1):
                    concrete = frozenset({Label(USER, origin, line, category=WEB)})
            elif node.id in facts.request_shaped and index == 0:
                concrete = frozenset({Label(USER, origin, line, category=WEB)})
            elif node.id in facts.lambda_handlers and index == 0:
                concrete = frozenset({Label(USER, origin, line, category=EVENT)})
            elif node.id in facts.callbacks_user and index == 0:
                concrete = frozenset({Label(USER, origin, line, category=CLI)})
            elif node.id in facts.socket_handlers and index == 0:
                concrete = frozenset({Label(FETCHED, origin, line, category=APP)})
            elif node.id in facts.extension_handlers and index == 0 and self.mod.project is not None and self.mod.project.relays_model_output(self.mod.path):
                # a content script's message from its own background script, which streams a model's reply
                concrete = frozenset({Label(LLM, f"runtime.onMessage({origin.split('(', 1)[1]}", line, sdk="app-api")})
            seed = self.mod.get_seed((node.id, index))
            for name in names:
                symbolic = frozenset({Label(PARAM, slot, line)})
                if name in keys:  # `{appPath, apiKey}: Args`: each name stands for one field of the caller's object
                    symbolic = select_key(symbolic, keys[name])
                self.env[name] = union(symbolic, concrete, seed)

    def _collect_prompt_names(self) -> None:
        cached = self.mod.prompt_cache.get(self.node.id)
        if cached is not None:
            self.prompt_names = cached
            return
        names: set[str] = set()
        direct: set[str] = set()
        in_args: set[int] = set()
        role_objects: list[Node] = []
        for node in walk_scope(self.node):
            if node.type == "call_expression":
                mc = F.classify(self.facts, node)
                if mc is None:
                    continue
                self.mod.has_model_calls = True
                for arg in arguments(node):
                    pairs = object_pairs(arg, self.src)
                    parts = [arg] if pairs is None else [v for k, v in pairs.items() if k in _PROMPT_KEYS and v is not None]
                    for part in parts:
                        names |= _idents(part, self.src)
                        direct |= {self.src.text(n) for n in walk(part) if n.type in ("identifier", "shorthand_property_identifier")}
                        in_args |= {n.id for n in walk(part)}
            elif node.type == "object":
                pairs = object_pairs(node, self.src)
                if pairs and "role" in pairs and "content" in pairs and pairs["content"] is not None:
                    role_objects.append(node)
        for obj in role_objects:
            if obj.id in in_args or self._feeds(obj, direct):
                content = (object_pairs(obj, self.src) or {}).get("content")
                if content is not None:
                    names |= _idents(content, self.src)
        self.prompt_names = names
        self.mod.prompt_cache[self.node.id] = names

    def _feeds(self, node: Node, targets: set[str]) -> bool:
        cur = node
        while cur is not None and cur.type not in FUNCTION_TYPES and cur.type not in ("expression_statement", "lexical_declaration", "variable_declaration", "statement_block"):
            parent = cur.parent
            if parent is not None and parent.type == "arguments":
                call = parent.parent
                func = fld(call, "function") if call is not None else None
                if func is not None and func.type == "member_expression":
                    prop = fld(func, "property")
                    base = dotted(fld(func, "object"), self.src)
                    if prop is not None and self.src.text(prop) in _MUTATORS and base in targets:
                        return True
            if parent is not None and parent.type == "variable_declarator":
                name = fld(parent, "name")
                return name is not None and self.src.text(name) in targets
            if parent is not None and parent.type == "assignment_expression":
                left = fld(parent, "left")
                return left is not None and dotted(left, self.src) in targets
            cur = parent
        return False

    # -- statements ------------------------------------------------------------------------

    def block(self, stmts: Iterable[Node]) -> bool:
        for stmt in stmts:
            if not self.stmt(stmt):
                return False
        return True

    def stmt(self, node: Node) -> bool:
        t = node.type
        if t in ("lexical_declaration", "variable_declaration"):
            for decl in node.named_children:
                if decl.type == "variable_declarator":
                    value = fld(decl, "value")
                    name = fld(decl, "name")
                    if value is not None and name is not None:
                        self.bind(name, self.expr(value))
        elif t == "expression_statement":
            for child in node.named_children:
                self.expr(child)
                inner = unwrap(child)
                if inner is not None and inner.type == "call_expression" and _exit_call(self, inner):
                    return False
        elif t == "return_statement":
            for child in node.named_children:
                self.summary.ret = union(self.summary.ret, self.expr(child))
            return False
        elif t == "throw_statement":
            for child in node.named_children:
                self.expr(child)
            return False
        elif t in ("break_statement", "continue_statement"):
            return False
        elif t == "statement_block":
            return self.block(node.named_children)
        elif t == "if_statement":
            return self._if(node)
        elif t in ("for_statement", "while_statement", "do_statement", "for_in_statement"):
            self._loop(node)
        elif t == "try_statement":
            return self._try(node)
        elif t == "switch_statement":
            self._switch(node)
        elif t == "export_statement":
            decl = fld(node, "declaration")
            if decl is not None and decl.type in ("lexical_declaration", "variable_declaration"):
                self.stmt(decl)
            elif decl is None:
                for child in node.named_children:
                    if child.type not in FUNCTION_TYPES and child.type not in ("class_declaration", "class"):
                        self.expr(child)
        elif t == "labeled_statement":
            body = fld(node, "body")
            if body is not None:
                return self.stmt(body)
        return True

    def _if(self, node: Node) -> bool:
        cond = fld(node, "condition")
        self.expr(cond)
        when_true, when_false = guard_facts(self, cond)
        before = dict(self.env)
        self.validate(when_true)
        cons = fld(node, "consequence")
        body_live = self.stmt(cons) if cons is not None else True
        body_env = self.env
        self.env = dict(before)
        self.validate(when_false)
        alt = fld(node, "alternative")
        else_live = True
        if alt is not None:
            inner = [c for c in alt.named_children] if alt.type == "else_clause" else [alt]
            else_live = self.block(inner)
        else_env = self.env
        if body_live and else_live:
            self.env = _merge(body_env, else_env)
        elif body_live:
            self.env = body_env
        elif else_live:
            self.env = else_env
        else:
            self.env = _merge(body_env, else_env)
            return False
        return True

    def _loop(self, node: Node) -> None:
        before = dict(self.env)
        if node.type == "for_in_statement":
            right = fld(node, "right")
            left = fld(node, "left")
            taint = self.expr(right)
            for _ in range(2):
                if left is not None:
                    self.bind(left, taint)
                start = dict(self.env)
                body = fld(node, "body")
                if body is not None:
                    self.stmt(body)
                self.env = _merge(start, self.env)
        else:
            for part in ("initializer", "condition"):
                p = fld(node, part)
                if p is not None:
                    if p.type in ("lexical_declaration", "variable_declaration", "expression_statement"):
                        self.stmt(p)
                    else:
                        self.expr(p)
            for _ in range(2):
                start = dict(self.env)
                body = fld(node, "body")
                if body is not None:
                    self.stmt(body)
                self.env = _merge(start, self.env)
        self.env = _merge(before, self.env)

    def _try(self, node: Node) -> bool:
        before = dict(self.env)
        body = fld(node, "body")
        live = self.stmt(body) if body is not None else True
        envs = [self.env] if live else []
        start = _merge(before, self.env)
        handler = fld(node, "handler")
        if handler is not None:
            self.env = dict(start)
            hbody = fld(handler, "body")
            if hbody is None or self.stmt(hbody):
                envs.append(self.env)
        self.env = envs[0] if envs else start
        for other in envs[1:]:
            self.env = _merge(self.env, other)
        fin = fld(node, "finalizer")
        if fin is not None:
            for child in fin.named_children:
                self.stmt(child)
        return bool(envs)

    def _switch(self, node: Node) -> None:
        value = fld(node, "value")
        self.expr(value)
        subject = _path(self, unwrap(value.named_children[0]) if value is not None and value.named_children else value)
        body = fld(node, "body")
        if body is None:
            return
        before = dict(self.env)
        envs = []
        for case in body.named_children:
            self.env = dict(before)
            if case.type == "switch_case" and subject:
                self.validate({subject})
            stmts = [c for c in case.named_children if c != fld(case, "value")]
            self.block(stmts)
            envs.append(self.env)
        self.env = before
        for other in envs:
            self.env = _merge(self.env, other)

    # -- binding ---------------------------------------------------------------------------

    def bind(self, target: Node, taint: Taint) -> None:
        target = unwrap(target)
        if target is None:
            return
        t = target.type
        if t in ("identifier", "shorthand_property_identifier_pattern"):
            name = self.src.text(target)
            self.rebind_name(name, through(taint, name))
        elif t in ("object_pattern", "array_pattern"):
            for child in target.named_children:
                if child.type == "pair_pattern":
                    value = fld(child, "value")
                    key = fld(child, "key")
                    if value is not None:
                        keyed = t == "object_pattern" and key is not None and key.type != "computed_property_name"
                        self.bind(value, select_key(taint, self.src.text(key).strip("'\"")) if keyed and key is not None else whole(taint))
                elif child.type in ("object_assignment_pattern", "assignment_pattern"):
                    left = fld(child, "left")
                    if left is not None:
                        named = t == "object_pattern" and left.type == "shorthand_property_identifier_pattern"
                        self.bind(left, select_key(taint, self.src.text(left)) if named else taint)
                elif child.type == "shorthand_property_identifier_pattern" and t == "object_pattern":
                    self.bind(child, select_key(taint, self.src.text(child)))
                elif child.type == "rest_pattern":
                    for c in child.named_children:
                        self.bind(c, taint)
                else:
                    self.bind(child, taint)
        elif t in ("member_expression", "subscript_expression"):
            path = _path(self, target)
            if path:
                self.bind_path(path, through(taint, path))
                if path.startswith("this."):
                    self.mod.add_field(path, taint)
                base = path.split(".", 1)[0]
                escaped = path.endswith((".textContent", ".innerText", ".value"))  # set as text
                if base in self.env and base != "this" and not escaped:
                    # `o.k = x` holds x under k, `o.k.j = x` under the path of both keys; deeper, o whole
                    rest = path[len(base) + 1:] if path.startswith(base + ".") else ""
                    key = rest if rest and rest.count(".") <= 1 and "[" not in rest else None
                    self.env[base] = union(self.env[base], under_key(taint, key) if key else whole(taint))

    # -- lookups ---------------------------------------------------------------------------

    def lookup(self, path: str) -> Taint:
        if path in self.facts.state_vars:  # React state: whatever its setter was given anywhere
            return union(self.env.get(path, CLEAN), self.mod.get_field("state:" + path))
        if path in self.env:
            return self.env[path]
        if path.startswith("this."):
            return self.mod.get_field(path)
        for fn_id in self.enclosing:  # closures see the enclosing function's variables
            env = self.mod.get_env(fn_id)
            if env is not None and path in env:
                return env[path]
        if not self.is_module:
            found = self.mod.get_global(path)
            if found is not None:
                return found
        return CLEAN

    lookup_path = lookup

    def span(self, anchor: Node) -> Span:
        return self.src.span(anchor)

    def code(self, anchor: Node) -> str:
        return _short(self.src.text(anchor))

    # -- expressions -----------------------------------------------------------------------

    def expr(self, node: Node | None) -> Taint:
        if node is None:
            return CLEAN
        memo = self._chain_memo
        if memo is not None:
            found = memo.get(node.id)
            if found is not None:
                return found
        elif node.type in _CHAIN_TYPES and _chain_depth(node) > CHAIN_DEPTH:
            return self.deep_chain(node)
        return self._expr(node)

    def chain_child(self, node: Node) -> Node | None:
        return _chain_child(node)

    def node_key(self, node: Node) -> int:
        return int(node.id)

    def eval_link(self, node: Node) -> Taint:
        return self._expr(node)

    def _expr(self, node: Node) -> Taint:
        handler = getattr(self, "_e_" + node.type, None)
        if handler is not None:
            return handler(node)
        if node.type in ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "type_assertion", "await_expression", "spread_element", "template_substitution", "jsx_expression"):
            return union(*(self.expr(c) for c in node.named_children if not c.type.endswith("type") and c.type != "type_identifier"))
        return CLEAN

    def _e_identifier(self, node: Node) -> Taint:
        return self.lookup(self.src.text(node))

    _e_shorthand_property_identifier = _e_identifier

    def _e_string(self, node: Node) -> Taint:
        value = self.src.text(node)
        if len(value) >= 18 and (_CONN_STRING.search(value) or find_keys_in_text(value)):
            return frozenset({Label(SECRET, "credential literal", node.start_point[0] + 1)})
        return CLEAN

    def _e_template_string(self, node: Node) -> Taint:
        parts = [self.expr(c) for c in node.named_children if c.type == "template_substitution"]
        literal = self._e_string(node) if not parts else CLEAN
        return union(literal, *parts)

    def _e_binary_expression(self, node: Node) -> Taint:
        # a + b + c + … nests on the left: folded in a loop, so a long chain is no deep recursion
        spine: list[Node] = []
        cur: Node | None = node
        while cur is not None and cur.type == "binary_expression":
            spine.append(cur)
            cur = fld(cur, "left")
        acc = self.expr(cur)
        for step in reversed(spine):
            right = self.expr(fld(step, "right"))
            op = fld(step, "operator")
            op_text = self.src.text(op) if op is not None else ""
            if op_text in _COMPARE_OPS:
                acc = CLEAN
            elif op_text in ("-", "*", "/", "%", "**"):
                acc = to_scalar(union(acc, right))
            else:
                acc = union(acc, right)
        return acc

    def _e_unary_expression(self, node: Node) -> Taint:
        arg = fld(node, "argument")
        taint = self.expr(arg)
        op = self.src.text(node)[:1]
        if op in ("!", "t", "v"):  # !x, typeof, void
            return CLEAN
        return to_scalar(taint)

    def _e_ternary_expression(self, node: Node) -> Taint:
        # `c ? a : d ? b : …` nests in the alternative: walked in a loop, each branch with its
        # condition's facts, the environment as it was before the first condition afterwards
        parts: list[Taint] = []
        start: dict[str, Taint] | None = None
        current: Node | None = node
        while current is not None and current.type == "ternary_expression":
            cond = fld(current, "condition")
            self.expr(cond)
            when_true, when_false = guard_facts(self, cond)
            before = dict(self.env)
            start = before if start is None else start
            self.validate(when_true)
            parts.append(self.expr(fld(current, "consequence")))
            self.env = dict(before)
            self.validate(when_false)
            current = fld(current, "alternative")
        parts.append(self.expr(current))
        if start is not None:
            self.env = start
        return union(*parts)

    def _e_assignment_expression(self, node: Node) -> Taint:
        left, right = fld(node, "left"), fld(node, "right")
        taint = self.expr(right)
        if left is not None and left.type == "member_expression":
            prop = fld(left, "property")
            name = self.src.text(prop) if prop is not None else ""
            if name in ("innerHTML", "outerHTML", "srcdoc"):
                self.sink("AIS304", taint, node, f".{name} =")
        if left is not None:
            self.bind(left, taint)
        return taint

    def _e_augmented_assignment_expression(self, node: Node) -> Taint:
        left, right = fld(node, "left"), fld(node, "right")
        taint = self.expr(right)
        if left is not None:
            old = self.expr(left)
            merged = union(old, taint)
            if left.type == "member_expression":
                prop = fld(left, "property")
                if prop is not None and self.src.text(prop) in ("innerHTML", "outerHTML"):
                    self.sink("AIS304", merged, node, f".{self.src.text(prop)} +=")
            self.bind(left, merged)
            return merged
        return taint

    def _e_sequence_expression(self, node: Node) -> Taint:
        out = CLEAN
        for child in node.named_children:
            out = self.expr(child)
        return out

    def _e_array(self, node: Node) -> Taint:
        elts = [c for c in node.named_children if c.type != "comment"]
        taints = [self.expr(c) for c in elts]
        out = union(*taints)
        if len(elts) == 2:
            role = string_value(elts[0], self.src)
            if role in ("system", "developer"):
                if self.sink("AIS201", taints[1], elts[1], "system message"):
                    out = clear(out, ["AIS201"])
            if role in ("system", "developer", "human", "user", "ai", "assistant"):
                if self.sink("AIS104", taints[1], elts[1], f"{role} message"):
                    out = clear(out, ["AIS104"])
        return out

    def _e_object(self, node: Node) -> Taint:
        taints: list[Taint] = []
        spreads: list[tuple[int, Node]] = []
        pairs: dict[str, tuple[Node, Taint]] = {}
        for child in node.named_children:
            if child.type == "pair":
                key = fld(child, "key")
                value = fld(child, "value")
                vt = self.expr(value)
                if key is not None and value is not None:
                    k = self.src.text(key).strip("'\"")
                    pairs[k] = (value, vt)
                # each value under its key; a computed `[k]: v` may be any key
                taints.append(under_key(vt, k) if key is not None and key.type != "computed_property_name" else whole(vt))
            elif child.type == "shorthand_property_identifier":
                vt = self.expr(child)
                taints.append(under_key(vt, self.src.text(child)))
                pairs[self.src.text(child)] = (child, vt)
            elif child.type == "spread_element":
                taints.append(self.expr(child))
                spreads.append((len(taints) - 1, child))
        for index, spread in spreads:  # `{...headers, Authorization: "[REDACTED]"}`: keys set again after the spread
            after = {k for k, (v, _) in pairs.items() if v.start_byte > spread.start_byte or _pair_key(v).start_byte > spread.start_byte}
            taints[index] = overwritten(taints[index], after)
        out = union(*taints)
        role_node = pairs.get("role")
        role = string_value(role_node[0], self.src) if role_node else None
        slot = pairs.get("content") or pairs.get("parts")
        if slot is not None:
            if role in ("system", "developer"):
                if self.sink("AIS201", slot[1], _pair_anchor(slot[0]), f"{role} message"):
                    out = clear(out, ["AIS201"])
            if role_node is not None:
                if self.sink("AIS104", slot[1], _pair_anchor(slot[0]), "message content"):
                    out = clear(out, ["AIS104"])
            if role == "user" and "AIS202" in self.mod.rules and _instruction_template(self, slot[0]):
                self.sink("AIS202", slot[1], _pair_anchor(slot[0]), "user message template")
        prompt = pairs.get("prompt")
        if prompt is not None and "AIS202" in self.mod.rules and _instruction_template(self, prompt[0]) and _sdk_options(self, node):
            self.sink("AIS202", prompt[1], _pair_anchor(prompt[0]), "prompt template")
        if self.mod.has_model_calls:
            for key in ("maxOutputTokens", "max_output_tokens", "maxTokens"):
                if key in pairs:
                    self.sink("AIS405", pairs[key][1], _pair_anchor(pairs[key][0]), f"{key}:")
        if "__html" in pairs:
            self.sink("AIS304", pairs["__html"][1], pairs["__html"][0], "dangerouslySetInnerHTML")
            out = clear(out, ["AIS304"])
        return out

    def _e_member_expression(self, node: Node) -> Taint:
        path = _path(self, node)
        if path and path in self.env:
            return self.env[path]
        text = dotted(node, self.src)
        line = node.start_point[0] + 1
        if text.startswith("process.env.") or text.startswith("import.meta.env."):
            name = text.rsplit(".", 1)[-1]
            if sdk.SECRET_ENV_NAME.search(name) and not sdk.NOT_SECRET_ENV.search(name):
                return frozenset({Label(SECRET, f"environment variable {name}", line)})
            return CLEAN
        if text in ("process.env", "import.meta.env"):
            return frozenset({Label(SECRET, text, line)})
        if text.startswith("process.argv"):
            return frozenset({Label(USER, "process.argv", line, category=CLI)})
        if text.startswith(("location.", "window.location.", "document.location.")) and text.endswith(("search", "hash", "href")):
            return frozenset({Label(USER, text, line, category=WIDGET)})
        if path and path.startswith("this."):
            base = self.mod.get_field(path)
        else:
            obj = fld(node, "object")
            base = self.expr(obj)
        prop = fld(node, "property")
        name = self.src.text(prop) if prop is not None else ""
        base = select_key(base, name)
        if name in sdk.METADATA_ATTRS:
            base = _object_output(base) if name == "object" else drop_llm(base)
        if name == "length":
            return CLEAN
        if name in _REQUEST_CLEAN and any(lb.category == WEB for lb in base):
            base = frozenset(lb for lb in base if lb.category != WEB)
        if name == "value" and re.search(r"getElementById|querySelector|target|Input|input|textarea|current|\$\(", self.src.text(node)):
            base = union(base, frozenset({Label(USER, self.src.text(node)[:40], line, category=WIDGET)}))
        if sdk.PUBLIC_KEY_FIELD.match(name):
            base = drop_kinds(base, frozenset({SECRET}))
        if _SECRET_PROP.match(name):
            base = union(base, frozenset({Label(SECRET, self.src.text(node)[:60], line)}))
        return base

    def _e_subscript_expression(self, node: Node) -> Taint:
        path = _path(self, node)
        if path and path in self.env:
            return self.env[path]
        obj = fld(node, "object")
        index = fld(node, "index")
        obj_text = dotted(obj, self.src)
        key = string_value(index, self.src)
        line = node.start_point[0] + 1
        if obj_text in ("process.env", "import.meta.env") and key is not None:
            if sdk.SECRET_ENV_NAME.search(key) and not sdk.NOT_SECRET_ENV.search(key):
                return frozenset({Label(SECRET, f"environment variable {key}", line)})
            return CLEAN
        self.expr(index)
        if self._constant_container(obj):
            return CLEAN
        base = self.expr(obj)
        if key is not None:
            return select_key(base, key)
        if index is not None and index.type == "number":
            return base  # an element of a list keeps its items apart
        return whole(base)  # o[k]: any of its items

    def _constant_container(self, node: Node | None) -> bool:
        node = unwrap(node)
        if node is None:
            return False
        if node.type in ("object", "array"):
            return True
        if node.type == "identifier":
            name = self.src.text(node)
            if name in self.env and self.env[name]:
                return False
            values = self.facts.values.get(name, [])
            return len(values) == 1 and unwrap(values[0]) is not None and unwrap(values[0]).type in ("object", "array")
        return False

    def _e_call_expression(self, node: Node) -> Taint:
        return JsCall(self, node).run()

    def _e_new_expression(self, node: Node) -> Taint:
        return JsCall(self, node, new=True).run()

    def _e_arrow_function(self, node: Node) -> Taint:
        return CLEAN

    _e_function_expression = _e_arrow_function
    _e_function = _e_arrow_function

    def _e_jsx_element(self, node: Node) -> Taint:
        for sub in walk(node):
            if sub.type == "jsx_attribute":
                children = sub.named_children
                if children and self.src.text(children[0]) == "dangerouslySetInnerHTML" and len(children) > 1:
                    self.expr(children[1])
            elif sub.type == "jsx_expression" and sub.parent is not None and sub.parent.type in ("jsx_element",):
                self.expr(sub)
        return CLEAN

    _e_jsx_self_closing_element = _e_jsx_element
    _e_jsx_fragment = _e_jsx_element

    # -- sinks -----------------------------------------------------------------------------


class JsCall:
    def __init__(self, flow: JsFunctionFlow, node: Node, new: bool = False) -> None:
        self.flow = flow
        self.node = node
        self.new = new
        self.src = flow.src
        self.facts = flow.facts
        func = fld(node, "constructor" if new else "function")
        self.func = unwrap(func)
        self.name = dotted(self.func, self.src) if self.func is not None else ""
        self.qual = self.facts.resolve(self.func) if self.func is not None else ""
        self.method = ""
        if self.func is not None and self.func.type == "member_expression":
            prop = fld(self.func, "property")
            self.method = self.src.text(prop) if prop is not None else ""
        self.last = self.method or self.name.rsplit(".", 1)[-1]
        self.reported: set[str] = set()

    def run(self) -> Taint:
        flow, node = self.flow, self.node
        self.receiver = CLEAN
        if self.func is not None and self.func.type == "member_expression":
            self.receiver = flow.expr(fld(self.func, "object"))
        elif self.func is not None and self.func.type == "subscript_expression":
            obj = fld(self.func, "object")
            index = fld(self.func, "index")
            it = flow.expr(index)
            if not _map_like(flow, obj) and not (index is not None and string_value(index, self.src) is not None):
                flow.sink("AIS308", it, node, f"{_short(self.src.text(self.func))}()")
            self.receiver = flow.expr(obj) if not flow._constant_container(obj) else CLEAN
        elif self.func is not None and self.func.type in ("call_expression", "new_expression"):
            self.receiver = flow.expr(self.func)  # f(a)(b), new F(a)(): the inner call runs first (its sinks too)
        self.arg_nodes = arguments(node)
        self.args = [flow.expr(a) for a in self.arg_nodes]
        self.all_args = union(*self.args)
        if self.method in _CALLBACK_METHODS and self.receiver:
            index = 1 if self.method in ("reduce", "reduceRight") else 0
            for arg in self.arg_nodes:
                cb = unwrap(arg)
                if cb is not None and cb.type in FUNCTION_TYPES:
                    flow.mod.add_seed((cb.id, index), self.receiver)
        if self.func is not None and self.func.type == "identifier":
            state = self.facts.state_setters.get(self.src.text(self.func))
            if state is not None and self.all_args:
                flow.mod.add_field("state:" + state, self.all_args)
        source = self._source()
        if source is not None:
            self._sinks()
            return source
        mc = None if self.new else F.classify(self.facts, node)
        if mc is not None:
            self._model_sinks(mc)
            return frozenset({Label(LLM, mc.desc, node.start_point[0] + 1, sdk=mc.provider)})
        summary = self._same_file()
        if summary is None:
            summary = self._imported()
        self._sinks()
        self._mutation()
        if summary is not None:
            result = summary
            if _html_escaper(self.name):  # the project's own escapeHtml()/esc(): its output is text
                result = clear(result, ["AIS304"])
        else:
            result = self._transfer()
            if self.method not in _KEEPS_ITEMS and self.name not in ("Array.from", "structuredClone", "Object.assign"):
                result = whole(result)  # what a call makes of an object is not that object's items
        return clear(result, self.reported) if self.reported and result else result

    # -- sources ---------------------------------------------------------------------------

    def _source(self) -> Taint | None:
        line = self.node.start_point[0] + 1
        name, qual, last = self.name, self.qual, self.last
        if last in ("useChat", "useCompletion", "useAssistant", "useObject") and (qual.startswith(("ai", "@ai-sdk")) or not qual or qual == name):
            return frozenset({Label(LLM, f"{last}()", line, sdk="vercel-ai")})
        if name in ("prompt", "window.prompt"):
            return frozenset({Label(USER, "prompt()", line, category=WIDGET)})
        if name.endswith(("localStorage.getItem", "sessionStorage.getItem")):
            return frozenset({Label(USER, f"{name}()", line, category=WIDGET)})
        if name == "fetch" or qual.startswith(("axios", "got", "node-fetch", "undici", "ky")) and not self.new:
            args = self.arg_nodes
            url = F.url_prefix(self.facts, args[0]) if args else ""
            if name == "fetch" and url.startswith("/") and F.OWN_API.search(url):
                return frozenset({Label(LLM, f"fetch({url.split(chr(0))[0]})", line, sdk="app-api")})
            if url and urls.is_generation_endpoint(url):
                return None  # a model call, classified next
            if name == "fetch" or last in ("get", "post", "request") or qual in ("axios", "got"):
                self._sinks()
                category = APP if url.startswith("/") else ""
                return frozenset({Label(FETCHED, f"{name}({url.split(chr(0))[0][:40]})", line, category=category)})
        if last in ("load", "loadAndSplit") and re.search(r"(?i)loader", self.src.text(self.func or self.node)[:80]):
            return frozenset({Label(FETCHED, f"{name}()", line)})
        if last == "get" and self.func is not None and "searchParams" in self.src.text(self.func) and not self.flow.route:
            if "location" in self.src.text(self.func) or "URLSearchParams" in self.src.text(self.func):
                return frozenset({Label(USER, "URL query", line, category=WIDGET)})
        return None

    # -- model calls -----------------------------------------------------------------------

    def _model_sinks(self, mc: F.JsModelCall) -> None:
        flow = self.flow
        for arg in self.arg_nodes:
            pairs = _resolved_pairs(flow, arg)
            if not pairs:
                continue
            for key, value in pairs.items():
                if value is None:
                    continue
                vt = flow.expr(value)
                anchor = _pair_anchor(value)
                if key in _SYSTEM_KEYS:
                    flow.sink("AIS201", vt, anchor, f"{key}:")
                    flow.sink("AIS104", vt, anchor, f"{key}:")
                elif key in _PROMPT_KEYS:
                    flow.sink("AIS104", vt, anchor, f"{mc.desc} {key}")
                if key in _COST_KEYS and not (key == "model" and _table_checked(flow.src, value, pairs)):
                    flow.sink("AIS405", vt, anchor, f"{key}:")
                if key in ("messages", "contents", "history") and _whole_array(flow, value):
                    flow.sink("AIS405", vt, anchor, f"{key}: (whole array from the request)")
                if key in ("config", "generationConfig"):
                    inner = _resolved_pairs(flow, value) or {}
                    for k2, v2 in inner.items():
                        if k2 in _SYSTEM_KEYS and v2 is not None:
                            t2 = flow.expr(v2)
                            flow.sink("AIS201", t2, _pair_anchor(v2), f"config.{k2}")
                            flow.sink("AIS104", t2, _pair_anchor(v2), f"config.{k2}")

    # -- same-file functions ---------------------------------------------------------------

    def _targets(self) -> list[Node]:
        func = self.func
        if func is None:
            return []
        if func.type == "identifier":
            return self.facts.functions.get(self.src.text(func), [])[:3]
        if func.type == "member_expression":
            obj = unwrap(fld(func, "object"))
            if obj is not None and obj.type == "this":
                return self.facts.functions.get(self.method, [])[:3]
            written = _written_class(self.facts, obj, self.method) if obj is not None else ""
            if written and written not in self.facts.imports:  # an instance of a class of this file
                return [fn for fn in self.facts.functions.get(self.method, ()) if _class_of_method(fn, self.src) == written][:3]
        return []

    def _same_file(self) -> Taint | None:
        targets = self._targets()
        if not targets:
            return None
        result = CLEAN
        found = False
        callee = self.name or self.last
        for fn in targets:
            summary = self.flow.mod.get_summary(fn.id)
            if summary is None:
                continue
            found = True
            returned = self.flow.call_summary(summary, self._bind(fn), callee, self.node.start_point[0] + 1, self.node)
            if _masks_a_parameter(self.flow.mod, fn, self.src):
                # a display helper that redacts what it is given (on some branch): its text is meant to be shown
                returned = clear(returned, ["AIS601", "AIS102", "AIS104"])
            if _confines_a_path(fn, self.src):
                # resolves the path and throws when it leaves the base folder: what comes back stays inside
                returned = clear(returned, ["AIS305"])
            result = union(result, returned)
        return result if found else None

    def _imported(self) -> Taint | None:
        """A function of another module of the project: apply its summary."""
        mod = self.flow.mod
        target = _imported_target(mod, self.node) if mod.project is not None else None
        if target is None:
            return None
        concrete = any(lb.kind != PARAM for lb in self.all_args)
        if not concrete and not (self.all_args and (mod.has_model_calls or mod.only is not None)):
            # only what it returns matters: skip modules that hand out nothing
            rel = mod.project.js_file(mod.path, target[0])  # type: ignore[union-attr]
            if rel is None or not mod.project.may_produce(rel):  # type: ignore[union-attr]
                return None
        found = mod.project.js_function(mod.path, *target)  # type: ignore[union-attr]
        if found is None:
            return None
        _path, fn = found
        actual = {slot: self.args[i] for i, slot in enumerate(fn.params) if i < len(self.args)}
        return self.flow.call_summary(fn.summary, actual, self.name or self.last, self.node.start_point[0] + 1, self.node)

    def _bind(self, fn: Node) -> dict[str, Taint]:
        sub = JsFunctionFlow(self.flow.mod, fn)
        out: dict[str, Taint] = {}
        for i, (slot, _pattern, _names) in enumerate(sub._params()):
            if i < len(self.args):
                out[slot] = self.args[i]
        return out

    # -- transfer --------------------------------------------------------------------------

    def _transfer(self) -> Taint:
        name, qual, last = self.name, self.qual, self.last
        for sanitizer in self.flow.mod.settings.sanitizers:
            if sanitizer.matches(qual) or sanitizer.matches(name):
                return clear(union(self.all_args, self.receiver), sanitizer.rules or {"*"})
        if name in _CLEAN_FUNCS or last in _CLEAN_METHODS or last in ("digest", "hex"):
            return CLEAN
        if name in _SCALAR_FUNCS or qual in _SCALAR_FUNCS:
            return to_scalar(self.all_args)
        if name == "Object.keys":  # the names of a secret's fields, not their values
            return drop_kinds(self.all_args, frozenset({SECRET}))
        if last in ("geolocation", "ipAddress") and qual.startswith(("@vercel/functions", "@vercel/edge")):
            return CLEAN  # filled by the Vercel edge from the caller's IP, not written by the client
        if name == "Math.min" and any(not t for t in self.args):
            return clear(to_scalar(self.all_args), ["AIS405"])
        if _HTML_SANITIZERS.search(name) and (qual.startswith(("dompurify", "isomorphic-dompurify", "sanitize-html", "xss", "he", "escape-html", "lodash")) or _html_escaper(name)):
            return clear(union(self.all_args, self.receiver), ["AIS304"])
        if qual.startswith(("shell-quote", "shell-escape", "shescape")):
            return clear(self.all_args, ["AIS302"])
        if name in ("path.basename", "basename") or qual.endswith(("path.basename", "sanitize-filename")):
            return clear(self.all_args, ["AIS305"])
        if _REDACTOR.search(last):
            return clear(union(self.all_args, self.receiver), ["AIS601", "AIS102", "AIS104"])
        if last in ("slice", "substring", "substr") and self.receiver and self.arg_nodes:
            if _small_bounds(self.src, self.arg_nodes):
                return drop_kinds(self.receiver, frozenset({SECRET}))
            return self.receiver
        if _RETRIEVAL.search(last):
            return drop_kinds(union(self.receiver, self.all_args), frozenset({USER, USER_SCALAR}))
        if last == "get" and self.func is not None and self.func.type == "member_expression" and self.flow._constant_container(fld(self.func, "object")):
            return CLEAN
        if self.new and last not in ("URL", "String", "Buffer", "Request", "Headers"):
            # a constructed client / command object is not the secret it was given
            return drop_kinds(union(self.receiver, self.all_args), frozenset({SECRET}))
        if not any(lb.kind == SECRET for lb in self.receiver) and last not in _JS_STRINGISH and name not in _JS_STRINGISH:
            # a secret handed to fetch / a client / a helper does not come back in its result
            return union(self.receiver, through_call(self.all_args))
        if self.new or (self.func is not None and self.func.type == "identifier"):
            # a constructor consuming {apiKey: secret} returns an object, not the secret
            parts = []
            for arg, taint in zip(self.arg_nodes, self.args, strict=True):
                pairs = object_pairs(arg, self.src)
                if pairs is not None and any(_SECRET_PROP.match(k) for k in pairs):
                    parts.append(drop_kinds(taint, frozenset({SECRET})))
                else:
                    parts.append(taint)
            return union(self.receiver, *parts)
        return union(self.receiver, self.all_args)

    def _mutation(self) -> None:
        if self.func is None or self.func.type != "member_expression" or self.method not in _MUTATORS:
            return
        if not self.all_args:
            return
        # Set.add takes one value: later arguments of an `add` are a client's options, not items
        added = self.args[0] if self.method == "add" and self.args else self.all_args
        path = _path(self.flow, fld(self.func, "object"))
        if path:
            self.flow.bind_path(path, union(self.flow.lookup(path), added))
            if path.startswith("this."):
                self.flow.mod.add_field(path, added)

    # -- sinks -----------------------------------------------------------------------------

    def _arg(self, i: int) -> tuple[Taint, Node | None]:
        if i < len(self.args):
            return self.args[i], self.arg_nodes[i]
        return CLEAN, None

    # -- what the sink tables ask about this call (aisec_cli/lint/flow/sinks.py) --------------

    language = "javascript"

    def receiver_name(self) -> str:
        obj = fld(self.func, "object") if self.method else None
        return dotted(obj, self.src) if obj is not None else ""

    def positional(self, index: int) -> Taint | None:
        return self.args[index] if index < len(self.args) else None

    def keyword_arg(self, name: str) -> Taint | None:
        return None

    def every_arg(self) -> Taint:
        return self.all_args

    def _sinks(self) -> None:
        flow, node = self.flow, self.node
        name, qual, last, method = self.name, self.qual, self.last, self.method
        module = qual.split(".", 1)[0] if not qual.startswith("@") else qual
        # the sinks of the rules' tables (rules/lint.yaml `flow.sinks`)
        table_sinks(R.sink_index(), flow, self)
        # AIS301
        if name in ("setTimeout", "setInterval") and self.arg_nodes:
            first = unwrap(self.arg_nodes[0])
            if first is not None and first.type not in FUNCTION_TYPES and first.type != "identifier" or (first is not None and first.type == "identifier" and self.args[0]):
                flow.sink("AIS301", self.args[0], node, f"{name}(string)")
        # AIS302
        cp_func = qual.startswith(_CP_MODULES) or (method and self.facts.resolve(fld(self.func, "object")).startswith(_CP_MODULES))
        if cp_func or qual.startswith(("shelljs", "execa")):
            opts = _resolved_pairs(flow, self.arg_nodes[-1]) if self.arg_nodes else None
            shell = bool(opts) and "shell" in opts and self.src.text(opts["shell"]) not in ("false",)
            if last in ("exec", "execSync") or qual.startswith("shelljs") or last in ("execaCommand", "execaCommandSync"):
                flow.sink("AIS302", self._arg(0)[0], node, f"{last}()")
            elif last in ("spawn", "spawnSync", "execFile", "execFileSync", "execa", "fork"):
                if shell:
                    flow.sink("AIS302", union(*self.args[:2]), node, f"{last}(shell: true)")
                else:
                    flow.sink("AIS302", self._arg(0)[0], node, f"{last}() program", severity=Severity.LOW)
        # AIS303
        self._sql()
        # AIS304
        if method == "html" and self.func is not None and re.match(r"^\$|jQuery", self.src.text(self.func)):
            flow.sink("AIS304", self._arg(0)[0], node, "$(...).html()")
        elif method in ("send", "end", "write") and self.arg_nodes and flow.in_route:
            first = unwrap(self.arg_nodes[0])
            if first is not None and first.type == "template_string" and _HTML_TAG.search(self.src.text(first)):
                flow.sink("AIS304", self.args[0], node, f"res.{method}(html)")
        # AIS305
        if (module in _FS_MODULES or self.facts.resolve(fld(self.func, "object") if method else None).startswith(_FS_MODULES)) and last in _FS_FUNCS:
            flow.sink("AIS305", self._arg(0)[0], node, f"fs.{last}() path")
        elif name == "fetch" or qual.startswith(("axios", "got", "node-fetch", "undici", "ky")) or (module in ("http", "https", "node:http", "node:https") and last in ("get", "request")):
            taint, arg = self._arg(0)
            pairs = _resolved_pairs(flow, arg) if arg is not None and name != "fetch" else None
            if pairs is not None and pairs.get("url") is not None and "baseURL" not in pairs:
                # axios(config) / got(options): the request goes to the config's url; the model's
                # text in its data, params or headers is what is sent, not where
                arg = pairs["url"]
                taint = flow.expr(arg)
            if arg is not None and taint and not _host_fixed(flow, arg):
                flow.sink("AIS305", taint, node, f"{name or last}() URL")
        # AIS308
        if name in ("require", "import") and self.arg_nodes and string_value(self.arg_nodes[0], self.src) is None:
            flow.sink("AIS308", self._arg(0)[0], node, f"{name}()")
        # AIS201 / AIS104 message classes
        if self.new and last in ("SystemMessage", "SystemChatMessage"):
            taint, arg = self._arg(0)
            if arg is not None:
                flow.sink("AIS201", taint, arg, last)
                flow.sink("AIS104", taint, arg, last)
                self.reported |= {"AIS201", "AIS104"}
        elif self.new and last in ("HumanMessage", "AIMessage", "ChatMessage", "PromptTemplate"):
            taint, arg = self._arg(0)
            if arg is not None:
                flow.sink("AIS104", taint, arg, last)
                self.reported |= {"AIS104"}
        elif self.new or last in ("Agent", "getGenerativeModel"):  # constructors and model factories
            for arg in self.arg_nodes:
                pairs = object_pairs(arg, self.src) or {}
                for key, value in pairs.items():
                    if key in _SYSTEM_KEYS and value is not None and re.search(r"(?i)agent|model|chat|assistant", last):
                        vt = flow.expr(value)
                        flow.sink("AIS201", vt, value, f"{last}({key})")
                        flow.sink("AIS104", vt, value, f"{last}({key})")
        # AIS506 a client's base URL from the request
        if endpoint.RULE in flow.mod.rules and self.arg_nodes and endpoint.js_client(qual, self.new):
            self._endpoint()
        elif endpoint.RULE in flow.mod.rules and self.name == "fetch" and len(self.arg_nodes) >= 2:
            self._raw_endpoint()
        # AIS102 / AIS601 logging
        self._log()

    def _endpoint(self) -> None:
        """AIS506: the base-URL option of a client constructor / provider factory, and whose key goes along."""
        flow = self.flow
        pairs = _resolved_pairs(flow, self.arg_nodes[0])
        if not pairs:
            return
        url = next((pairs[k] for k in endpoint.JS_URL_KEYS if pairs.get(k) is not None), None)
        where = ""
        if url is None:
            for outer in endpoint.JS_NESTED:
                inner = _resolved_pairs(flow, pairs.get(outer)) or {}
                url = next((inner[k] for k in endpoint.JS_URL_KEYS if inner.get(k) is not None), None)
                if url is not None:
                    where = f"{outer}."
                    break
        if url is None:
            return
        key: Taint | None = None
        literal = False
        for name, value in pairs.items():
            if value is None or name in endpoint.JS_URL_KEYS or not endpoint.KEY_NAME.match(name):
                continue
            if self.src.text(value) in ("undefined", "null"):
                continue  # the SDK reads its environment variable
            key = union(key or CLEAN, flow.expr(value))
            literal = string_value(value, self.src) is not None
        label = f"{self.last}({{ {where}{self.src.text(_pair_key(url))}: … }})"
        endpoint.report(flow, flow.expr(url), key, literal, _pair_anchor(url), label, flow.lookup)

    def _raw_endpoint(self) -> None:
        """AIS506: `fetch(url, init)` to a URL the request chooses, with a server secret in the
        request options (an Authorization header): the key goes where the caller says."""
        secret = frozenset(lb for lb in self.args[1] if lb.kind == SECRET)
        if not secret:
            return  # the caller's own headers sent on: not the server's key
        if _origin_is_servers(self.flow, self.arg_nodes[0]):
            return  # the caller picks a path under the server's own upstream, not the host
        endpoint.report(self.flow, self.args[0], secret, False, self.arg_nodes[0], "fetch(url, { headers })", self.flow.lookup)

    def _sql(self) -> None:
        flow, node, method = self.flow, self.node, self.method
        if not method or not self.arg_nodes:
            return
        first = unwrap(self.arg_nodes[0])
        taint = self.args[0]
        if first is not None and first.type == "object":  # bigquery.query({query}), snowflake execute({sqlText})
            first = next((v for k, v in (object_pairs(first, self.src) or {}).items() if k in F.SQL_TEXT_KEYS and v is not None), None)
            taint = flow.expr(first) if first is not None else CLEAN
        if not taint or first is None:
            return
        obj = fld(self.func, "object")
        rname = dotted(obj, self.src).rsplit(".", 1)[-1] if obj is not None else ""
        sqlish = first.type == "template_string" and bool(_SQL_TEXT.search(self.src.text(first)))
        if first.type == "identifier":
            for v in self.facts.values.get(self.src.text(first), [])[:3]:
                if _SQL_TEXT.search(self.src.text(v)[:200]) and unwrap(v) is not None and unwrap(v).type in ("template_string", "binary_expression", "string"):
                    sqlish = True
        if method in ("$queryRawUnsafe", "$executeRawUnsafe", "unsafe", "raw"):
            flow.sink("AIS303", taint, node, f"{rname}.{method}()")
        elif method in ("query", "execute", "exec", "prepare", "run", "all") and (_SQL_RECEIVER.search(rname or "") or sqlish):
            if method in ("run", "all", "exec") and not (sqlish or re.search(r"(?i)db|sql|session|neo4j|tx|database|" + F.SQL_CLIENT_NAMES, rname or "")):
                return
            flow.sink("AIS303", taint, node, f"{rname}.{method}()")

    def _log(self) -> None:
        flow, node = self.flow, self.node
        if self.func is None or self.func.type != "member_expression" or self.method not in _LOG_METHODS:
            return
        obj = fld(self.func, "object")
        base = dotted(obj, self.src)
        is_console = base == "console"
        last_base = base.rsplit(".", 1)[-1] if base else ""
        is_logger = not is_console and bool(last_base) and bool(_LOGGER_NAME.match(last_base))
        if not (is_console or is_logger):
            return
        taint = self.all_args
        sink = f"{base}.{self.method}()"
        flow.sink("AIS102", taint, node, sink)
        if is_logger or (is_console and (flow.in_route or self.facts.server)):
            flow.concrete_hit = False
            if flow.sink("AIS601", taint, node, sink) and flow.concrete_hit:
                return
            refs = set()
            for arg in self.arg_nodes:
                refs |= _idents(arg, self.src, skip_clean=True)
            names = sorted(n for n in refs if n in flow.prompt_names or (flow.mod.has_model_calls and re.fullmatch(r"(?i)(?:full|user|system|final)?_?(?:prompt|messages)", n)))
            names = [n for n in names if not _constant_value(flow, n)]
            if names and "AIS601" in flow.mod.rules:
                span = flow.src.span(node)
                flow.mod.add_hit(Hit("AIS601", span, f"The prompt text `{names[0]}` is written to the log: `{sink}` (line {span.line}).", code=_short(self.src.text(node)), flow=(f"prompt variable {names[0]}", f"line {span.line}: {sink}")))


# ---------------------------------------------------------------------------------------
# guards and helpers


_DELIMITED = LazyRegex(r"<[a-z_]+>|```|\"\"\"|---|===|\[BEGIN|<<<", re.I)


def _instruction_template(flow: JsFunctionFlow, node: Node) -> bool:
    node = unwrap(node)
    if node is None or node.type not in ("template_string", "binary_expression"):
        return False
    text = " ".join(flow.src.text(n) for n in walk(node) if n.type in ("string_fragment",))
    return len(text.split()) >= 2 and not _DELIMITED.search(text)


def _object_output(taint: Taint) -> Taint:
    """``.object``: the model's answer of an AI SDK ``generateObject()``/``streamObject()``; of any
    other response, its type tag ("chat.completion")."""
    kept = frozenset(lb for lb in taint if lb.kind == LLM and lb.origin.startswith(_OBJECT_GENERATORS))
    return union(drop_llm(taint), kept)


def _sdk_options(flow: JsFunctionFlow, node: Node) -> bool:
    """Is this object the options of an AI SDK call (generateText / streamText / generateObject …),
    whose `prompt` is the user turn?"""
    holder = node.parent
    call = holder.parent if holder is not None and holder.type == "arguments" else None
    if call is None or call.type != "call_expression":
        return False
    model_call = F.classify(flow.facts, call)
    return model_call is not None and model_call.api == "vercel"


def _html_escaper(name: str) -> bool:
    """Is a function of this name an HTML escaper by its name (sanitizeHtml, escapeHtml, esc)?"""
    return _HTML_SANITIZERS.search(name) is not None and re.search(r"(?i)purify|sanitize|escape|^esc$", name) is not None


def _pair_key(value: Node) -> Node:
    """The key of the `key: value` pair holding ``value`` (a shorthand property is its own key)."""
    parent = value.parent
    key = fld(parent, "key") if parent is not None and parent.type == "pair" else None
    return key if key is not None else value


def _pair_anchor(value: Node) -> Node:
    """Report at the `key: value` pair (the key's line), not the value's first token."""
    parent = value.parent
    return parent if parent is not None and parent.type == "pair" else value


_SOURCE_NAMES = frozenset(
    {"process", "fetch", "axios", "got", "ky", "undici", "localStorage", "sessionStorage", "prompt", "location",
     "useChat", "useCompletion", "useAssistant", "useObject", "searchParams", "URLSearchParams", "argv", "env",
     "value", "load", "loadAndSplit", "secrets"}
)


def _has_source(mod: JsModuleFlow, scope: Node) -> bool:
    """Could this scope bring untrusted, secret or model-made data in (a model call, a request,
    the environment, a DOM input, a key-shaped literal)?"""
    src = mod.facts.src
    for node in walk_scope(scope):
        t = node.type
        if t == "call_expression":
            if F.classify(mod.facts, node) is not None:
                return True
            target = _imported_target(mod, node)
            if target is not None and mod.project is not None:
                rel = mod.project.js_file(mod.path, target[0])
                if rel is not None and mod.project.may_produce(rel):
                    return True
        elif t in ("identifier", "property_identifier", "shorthand_property_identifier"):
            name = src.text(node)
            if name in _SOURCE_NAMES or _SECRET_PROP.match(name):
                return True
        elif t in ("string", "template_string"):
            if node.end_byte - node.start_byte >= 18:
                value = src.text(node)
                if _CONN_STRING.search(value) or find_keys_in_text(value):
                    return True
    return False


def _imported_target(mod: JsModuleFlow, call: Node) -> tuple[str, str] | None:
    """(module specifier, exported name) when ``call`` calls a function of another project module."""
    if mod.project is None:
        return None
    func = unwrap(fld(call, "function"))
    src = mod.facts.src
    if func is None:
        return None
    if func.type == "identifier":
        entry = mod.facts.imports.get(src.text(func))
        if entry is None or entry[1] == "*":
            return None
        spec, symbol = entry
    elif func.type == "member_expression":
        obj, prop = unwrap(fld(func, "object")), fld(func, "property")
        if obj is None or prop is None:
            return None
        entry = mod.facts.imports.get(src.text(obj)) if obj.type == "identifier" else None
        if entry is not None and entry[1] in ("*", "default"):
            spec, symbol = entry[0], src.text(prop)
        else:
            method = _class_method(mod.facts, obj, src.text(prop))
            if method is None:
                return None
            spec, symbol = method
    else:
        return None
    if mod.project.js_file(mod.path, spec) is None:
        return None
    return spec, symbol


def _class_method(facts: F.JsFacts, obj: Node, method: str) -> tuple[str, str] | None:
    """(module specifier, ``Class.method``) for ``obj.method(...)`` when ``obj`` is an instance of
    an imported class: ``new Cls()`` itself, a variable or ``this.x`` field made with ``new Cls()``,
    or typed ``Cls`` (fields, parameters)."""
    written = _written_class(facts, obj, method)
    head, _, rest = written.partition(".")
    entry = facts.imports.get(head) if head else None
    if entry is None:
        return None
    spec, imported = entry
    if imported == "*":
        return (spec, f"{rest}.{method}") if rest and "." not in rest else None
    if rest:
        return None
    return spec, f"{imported}.{method}"


def _class_of_method(fn: Node, src: F.Source) -> str:
    """Name of the class a method is defined in ("" for other functions)."""
    body = fn.parent if fn.type == "method_definition" else None
    cls = body.parent if body is not None else None
    name = fld(cls, "name") if cls is not None else None
    return src.text(name) if name is not None else ""


def _written_class(facts: F.JsFacts, obj: Node, method: str) -> str:
    """The class of the object ``obj.method(...)`` is called on, as written ("" when unknown)."""
    if obj.type == "new_expression":
        ctor = fld(obj, "constructor")
        written = dotted(ctor, facts.src) if ctor is not None else ""
    elif obj.type == "this":  # this.m() with m inherited from an imported class
        cls = obj.parent
        while cls is not None and cls.type not in ("class_declaration", "class", "abstract_class_declaration"):
            cls = cls.parent
        body = fld(cls, "body") if cls is not None else None
        own = body is not None and any(
            m.type == "method_definition" and fld(m, "name") is not None and facts.src.text(fld(m, "name")) == method
            for m in body.named_children
        )
        written = superclass(cls, facts.src) if cls is not None and not own else ""
    else:
        written = facts.class_names.get(dotted(obj, facts.src) or "", "")
    return written


def guard_facts(flow: JsFunctionFlow, cond: Node | None) -> tuple[set[str], set[str]]:
    cond = unwrap(cond)
    if cond is None:
        return set(), set()
    src = flow.src
    if cond.type == "unary_expression" and src.text(cond).startswith("!"):
        t, f = guard_facts(flow, fld(cond, "argument"))
        return f, t
    if cond.type == "binary_expression":
        op = src.text(fld(cond, "operator")) if fld(cond, "operator") is not None else ""
        left, right = fld(cond, "left"), fld(cond, "right")
        if op in ("&&", "||"):
            a, b = guard_facts(flow, left), guard_facts(flow, right)
            if op == "&&":
                return a[0] | b[0], a[1] & b[1]
            return a[0] & b[0], a[1] | b[1]
        if op in ("===", "==", "!==", "!="):
            for x, y in ((left, right), (right, left)):
                if string_value(y, src) is not None or (unwrap(y) is not None and unwrap(y).type == "number"):
                    paths = _subject_paths(flow, x)
                    return (paths, set()) if op in ("===", "==") else (set(), paths)
        if op == "in":
            return _subject_paths(flow, left), set()
        return set(), set()
    if cond.type == "call_expression":
        func = unwrap(fld(cond, "function"))
        args = arguments(cond)
        if func is not None and func.type == "member_expression" and args:
            method = src.text(fld(func, "property")) if fld(func, "property") is not None else ""
            if method in ("includes", "has", "hasOwnProperty", "test", "hasOwn"):
                target = args[-1] if method == "hasOwn" else args[0]
                return _subject_paths(flow, target), set()
            if method == "startsWith" and "resolve" in src.text(func):
                return _subject_paths(flow, fld(func, "object")), set()
            if method == "startsWith" and urls.fixed_host_prefix(string_value(args[0], src) or ""):
                # url.startsWith("https://api.example.com/"): scheme and host are fixed
                return _subject_paths(flow, fld(func, "object")), set()
        if func is not None and src.text(func) in ("Object.hasOwn",) and len(args) == 2:
            return _subject_paths(flow, args[1]), set()
    return set(), set()


def _subject_paths(flow: JsFunctionFlow, node: Node | None) -> set[str]:
    out: set[str] = set()
    node = unwrap(node)
    while node is not None:
        p = _path(flow, node)
        if p:
            out.add(p)
        if node.type == "member_expression" and flow.src.text(fld(node, "property") or node) in ("hostname", "host", "origin", "protocol"):
            node = unwrap(fld(node, "object"))
            continue
        if node.type == "new_expression" and flow.src.text(fld(node, "constructor") or node) == "URL":
            args = arguments(node)
            node = unwrap(args[0]) if args else None
            continue
        if node.type == "call_expression":
            func = unwrap(fld(node, "function"))
            if func is not None and func.type == "member_expression" and flow.src.text(fld(func, "property") or func) in ("toLowerCase", "trim", "resolve", "normalize"):
                node = unwrap(fld(func, "object"))
                continue
            args = arguments(node)
            if func is not None and flow.src.text(func) in ("path.resolve", "path.normalize") and args:
                node = unwrap(args[-1])
                continue
        break
    return out


def _path(flow: JsFunctionFlow, node: Node | None) -> str:
    node = unwrap(node)
    if node is None:
        return ""
    if node.type in ("identifier", "this"):
        return flow.src.text(node)
    if node.type == "member_expression":
        base = _path(flow, fld(node, "object"))
        prop = fld(node, "property")
        return f"{base}.{flow.src.text(prop)}" if base and prop is not None else ""
    if node.type == "subscript_expression":
        key = string_value(fld(node, "index"), flow.src)
        base = _path(flow, fld(node, "object"))
        return f"{base}.{key}" if base and key is not None else ""
    return ""


def _parameters(fn: Node, src: F.Source) -> list[tuple[str, Node, list[str]]]:
    """A function's parameters: (name of the slot, pattern node, names it binds)."""
    single = fld(fn, "parameter")
    if single is not None:
        name = src.text(single)
        return [(name, single, [name])]
    params = fld(fn, "parameters")
    out: list[tuple[str, Node, list[str]]] = []
    if params is None:
        return out
    for i, p in enumerate(params.named_children):
        pattern = p
        if p.type in ("required_parameter", "optional_parameter"):
            pattern = fld(p, "pattern") or p.named_children[0]
        if pattern.type == "assignment_pattern":
            pattern = fld(pattern, "left") or pattern
        names = _bound_names(pattern, src)
        slot = names[0] if pattern.type == "identifier" and names else f"#{i}"
        out.append((slot, pattern, names))
    return out


_ESCAPE_CHECK = LazyRegex(r"""\.startsWith\(\s*["'`]\.\.|!\s*[\w.]+\.startsWith\(""")


def _confines_a_path(fn: Node, src: F.Source) -> bool:
    """A path helper that resolves the path against a base and throws when it escapes
    (``path.relative(base, p).startsWith("..")`` or ``!p.startsWith(base)``, then ``throw``)."""
    text = src.text(fn)
    return "throw " in text and ("path.relative(" in text or "path.resolve(" in text) and _ESCAPE_CHECK.search(text) is not None


def _masks_a_parameter(mod: JsModuleFlow, fn: Node, src: F.Source) -> bool:
    """Does this function pass one of its parameters to a redacting call (`redactSecrets({v: value})`)?"""
    known = mod.maskers.get(fn.id)
    if known is not None:
        return known
    names = {name for _slot, _pattern, bound in _parameters(fn, src) for name in bound}
    found = False
    for node in walk_scope(fn):
        if node.type != "call_expression":
            continue
        func = fld(node, "function")
        last = src.text(func).rsplit(".", 1)[-1] if func is not None else ""
        if last and _REDACTOR.search(last) and any(_idents(arg, src) & names for arg in arguments(node)):
            found = True
            break
    mod.maskers[fn.id] = found
    return found


def _pattern_keys(pattern: Node, src: F.Source) -> dict[str, str]:
    """Name → the property it reads, for the top-level fields of an object pattern
    (`{a, b: c, d = 1}` gives a→a, c→b, d→d); nested and computed fields are left out."""
    out: dict[str, str] = {}
    for child in pattern.named_children:
        if child.type == "shorthand_property_identifier_pattern":
            out[src.text(child)] = src.text(child)
        elif child.type == "object_assignment_pattern":
            left = fld(child, "left")
            if left is not None and left.type == "shorthand_property_identifier_pattern":
                out[src.text(left)] = src.text(left)
        elif child.type == "pair_pattern":
            key, value = fld(child, "key"), fld(child, "value")
            if value is not None and value.type == "assignment_pattern":
                value = fld(value, "left")
            if key is not None and value is not None and key.type != "computed_property_name" and value.type == "identifier":
                out[src.text(value)] = src.text(key).strip("'\"")
    return out


def _bound_names(pattern: Node, src: F.Source) -> list[str]:
    if pattern.type == "identifier":
        return [src.text(pattern)]
    names: list[str] = []
    for sub in walk(pattern):
        if sub.type in ("shorthand_property_identifier_pattern",):
            names.append(src.text(sub))
        elif sub.type == "identifier" and sub.parent is not None and sub.parent.type in ("pair_pattern", "array_pattern", "rest_pattern", "object_assignment_pattern", "assignment_pattern"):
            if sub.parent.type == "pair_pattern" and fld(sub.parent, "key") == sub:
                continue
            names.append(src.text(sub))
    return names


def _idents(node: Node, src: F.Source, skip_clean: bool = False) -> set[str]:
    out: set[str] = set()
    stack = [node]
    while stack:
        cur = stack.pop()
        if cur.type in ("identifier", "shorthand_property_identifier"):
            out.add(src.text(cur))
            continue
        if cur.type in FUNCTION_TYPES:
            continue
        if skip_clean and cur.type == "unary_expression":
            continue  # !x, typeof x: a boolean / a type name
        if skip_clean and cur.type == "member_expression":
            prop = fld(cur, "property")
            if prop is not None and src.text(prop) in sdk.METADATA_ATTRS | _JS_META:
                continue
            obj = fld(cur, "object")
            if obj is not None:
                stack.append(obj)
            continue
        if cur.type == "member_expression":
            obj = fld(cur, "object")
            if obj is not None:
                stack.append(obj)
            continue
        if cur.type == "pair":
            value = fld(cur, "value")
            if value is not None:
                stack.append(value)
            continue
        if skip_clean and cur.type == "call_expression":
            func = fld(cur, "function")
            text = src.text(func) if func is not None else ""
            if _REDACTOR.search(text) or re.search(r"(?i)hash|digest|length|Boolean", text):
                continue
        stack.extend(cur.named_children)
    return out


def _small_bounds(src: F.Source, args: list[Node]) -> bool:
    values = []
    for arg in args[:2]:
        text = src.text(arg).replace(" ", "")
        if not re.fullmatch(r"-?\d+", text):
            return False
        values.append(int(text))
    if len(values) == 1:
        return -6 <= values[0] < 0
    return values[0] in (0,) and 0 < values[1] <= 8


def _constant_value(flow: JsFunctionFlow, name: str) -> bool:
    values = flow.facts.values.get(name, [])
    return bool(values) and all(unwrap(v) is not None and unwrap(v).type == "string" for v in values)


def _resolved_pairs(flow: JsFunctionFlow, node: Node | None) -> dict[str, Node] | None:
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "identifier":
        values = flow.facts.values.get(flow.src.text(node), [])
        if len(values) == 1:
            return sent_pairs(values[0], flow.src)
        return None
    return sent_pairs(node, flow.src)


def _table_checked(src: F.Source, model: Node, pairs: dict[str, Node | None]) -> bool:
    """Another value of the same call reads ``TABLE[<the model expression>].field`` (no ``?.``):
    a model the table does not list throws before the request, so the table is the allow-list."""
    text = src.text(model).split(" as ", 1)[0].strip()
    if not text or len(text) > 120:
        return False
    rx = re.compile(r"\b[A-Za-z_$][\w$]*\s*\[\s*" + re.escape(text) + r"\s*\]\s*(?:\.(?!\.)|\[)")
    return any(v is not None and v is not model and rx.search(src.text(v)) for v in pairs.values())


def _whole_array(flow: JsFunctionFlow, node: Node, depth: int = 0) -> bool:
    node = unwrap(node)
    if node is None or depth > 3:
        return False
    if node.type == "array":
        return any(c.type == "spread_element" and _whole_array(flow, c.named_children[0], depth + 1) for c in node.named_children if c.named_children)
    if node.type == "call_expression":
        func = unwrap(fld(node, "function"))
        if func is not None and func.type == "member_expression" and flow.src.text(fld(func, "property") or func) in ("slice", "splice"):
            return False
        return False
    if node.type in ("identifier", "shorthand_property_identifier"):
        name = flow.src.text(node)
        values = flow.facts.values.get(name, [])
        if len(values) == 1 and unwrap(values[0]) is not None and unwrap(values[0]).type in ("array", "call_expression", "binary_expression"):
            return _whole_array(flow, values[0], depth + 1)
        if not _MESSAGES_NAME.search(name):
            return False
        return any(lb.kind == USER and lb.category in (WEB, EVENT) for lb in flow.lookup(name) if lb.active_for("AIS405"))
    if node.type in ("member_expression", "subscript_expression"):
        leaf = _path(flow, node).rsplit(".", 1)[-1]
        if not _MESSAGES_NAME.search(leaf):
            return False
        return any(lb.kind == USER and lb.category in (WEB, EVENT) for lb in flow.expr(node) if lb.active_for("AIS405"))
    return False


def _host_fixed(flow: JsFunctionFlow, node: Node, depth: int = 0) -> bool:
    """Is the scheme and host of this URL expression out of the model's hands?"""
    prefix = F.url_prefix(flow.facts, node)
    if prefix and (urls.fixed_host_prefix(prefix.split("\x00", 1)[0]) or prefix.startswith("/")):
        return True
    node = unwrap(node)
    if node is None or depth > 3:
        return False
    first = _first_operand(node)
    if first is not None and first is not node:
        return not any(lb.kind == LLM for lb in flow.expr(first))
    if node.type == "identifier":
        values = flow.facts.values.get(flow.src.text(node), [])
        return bool(values) and all(_host_fixed(flow, v, depth + 1) for v in values)
    return False


def _origin_is_servers(flow: JsFunctionFlow, node: Node, depth: int = 0) -> bool:
    """Does this URL begin with the server's own origin, closed by a `/` before any text the
    caller chooses (`${UPSTREAM}/${path}`, `BASE + '/v1/' + path`)? The caller then picks only a
    path on that host; text right after the origin (`${UPSTREAM}${x}`) could still name another."""
    prefix = F.url_prefix(flow.facts, node)
    if prefix and urls.fixed_host_prefix(prefix.split("\x00", 1)[0]):
        return True
    node = unwrap(node)
    if node is None or depth > 3:
        return False
    if node.type == "identifier":
        values = flow.facts.values.get(flow.src.text(node), [])
        return len(values) == 1 and _origin_is_servers(flow, values[0], depth + 1)
    parts = _leading_parts(flow, node)
    if parts is None:
        return False
    first, following = parts
    if any(lb.kind in (USER, PARAM) for lb in flow.expr(first)):
        return False
    return following.startswith("/") and not following.startswith("//")


def _leading_parts(flow: JsFunctionFlow, node: Node) -> tuple[Node, str] | None:
    """The leading expression of a template literal or `+` chain and the literal text right after it."""
    if node.type == "template_string":
        kids = [c for c in node.children if c.type in ("string_fragment", "template_substitution")]
        if len(kids) < 2 or kids[0].type != "template_substitution" or kids[1].type != "string_fragment":
            return None
        inner = kids[0].named_children[0] if kids[0].named_children else None
        return (inner, flow.src.text(kids[1])) if inner is not None else None
    if node.type == "binary_expression" and flow_op(node) == "+":
        chain: list[Node] = []
        cur: Node | None = node
        while cur is not None and cur.type == "binary_expression" and flow_op(cur) == "+":
            right = fld(cur, "right")
            if right is not None:
                chain.append(right)
            cur = unwrap(fld(cur, "left"))
        if cur is None or not chain:
            return None
        return cur, F.url_prefix(flow.facts, chain[-1])
    return None


def _first_operand(node: Node) -> Node | None:
    """Leftmost part of `a + b + c` or of a template literal."""
    if node.type == "binary_expression" and flow_op(node) == "+":
        left = unwrap(fld(node, "left"))
        return _first_operand(left) if left is not None and left.type == "binary_expression" else left
    if node.type == "template_string":
        for child in node.children:
            if child.type == "string_fragment":
                return None  # starts with text: url_prefix already judged it
            if child.type == "template_substitution":
                return child.named_children[0] if child.named_children else None
    return None


def flow_op(node: Node) -> str:
    op = fld(node, "operator")
    return op.type if op is not None else ""


def _map_like(flow: JsFunctionFlow, obj: Node | None) -> bool:
    obj = unwrap(obj)
    if obj is None:
        return False
    if obj.type == "identifier":
        values = flow.facts.values.get(flow.src.text(obj), [])
        return any(unwrap(v) is not None and unwrap(v).type == "new_expression" and "Map" in flow.src.text(v)[:20] for v in values)
    return False


def _exit_call(flow: JsFunctionFlow, call: Node) -> bool:
    func = fld(call, "function")
    text = flow.src.text(func) if func is not None else ""
    return text.rsplit(".", 1)[-1] in ("exit", "notFound", "redirect", "abort")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:197] + "..."


_ = (member_chain, walk_scope, FETCHED, USER_SCALAR)
