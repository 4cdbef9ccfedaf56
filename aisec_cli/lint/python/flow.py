"""The Python adapter of the flow core: walks ``ast`` statements and expressions.

Each function is walked statement by statement with an environment of access paths
(`x`, `self.x`, `req.model`, `body['k']`) to taint. Branches are merged; guards validate
paths in the branch where they hold. Parameters carry symbolic labels, so a function's
summary says which parameters reach its return value and which reach sinks; call sites
substitute their argument taint. The driver, environment, summaries, sinks and rule
tables live in :mod:`aisec_cli.lint.flow`; this module knows only Python syntax and its
sources and sinks.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import replace

from aisec_cli.core.findings import Severity
from aisec_cli.lint import sdk, urls
from aisec_cli.lint.flow import endpoint
from aisec_cli.lint.flow import rules as R
from aisec_cli.lint.flow.driver import (
    ModuleDriver,
    bottom_up,
    callee_closure,
    relevant_units,
)
from aisec_cli.lint.flow.env import merge as _merge
from aisec_cli.lint.flow.project import Exported, Project
from aisec_cli.lint.flow.sinks import table_sinks
from aisec_cli.lint.flow.state import FunctionState
from aisec_cli.lint.hits import Hit, Span
from aisec_cli.lint.keys import find_keys_in_text
from aisec_cli.lint.python import calls, guards
from aisec_cli.lint.python import taint_sources as S
from aisec_cli.lint.python.facts import (
    ClassInfo,
    FunctionNode,
    ModuleFacts,
    Scope,
    const_str,
    dotted,
    is_true,
    keyword,
)
from aisec_cli.lint.settings import LintSettings
from aisec_cli.lint.taint import (
    CLEAN,
    CLI,
    EVENT,
    ITEM_MARK,
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
    drop_web,
    drop_llm,
    overwritten,
    relevant,
    select_key,
    through,
    through_call,
    to_scalar,
    tuple_item,
    under_key,
    union,
    validated,
    whole,
)
from aisec_cli.core.lazyre import LazyRegex

_LOOP_PASSES = 2
_MODEL_FRAMEWORK_DESC = LazyRegex(r"\(\)$")
_SQL_TEXT = LazyRegex(r"(?i)\b(?:select|insert|update|delete|create|drop|alter|with|merge|match|where)\b")
# statement shapes, for receivers that are not visibly a database (agent.run(prompt) is prose)
_SQL_STATEMENT = LazyRegex(
    r"(?is)\bselect\b.+?\bfrom\b|\binsert\s+into\b|\bupdate\s+\S+\s+set\b|\bdelete\s+from\b|\bmerge\s+into\b|"
    r"\b(?:create|drop|alter|truncate)\s+(?:table|index|view|database|schema)\b|\bmatch\s*\(|\bwith\s+\w+\s+as\s*\("
)
# switches that turn logging of prompts / model data on or off (DONT_LOG_MODEL_DATA, LOG_PROMPTS)
_LOG_DATA_SWITCH = LazyRegex(r"(?i)(?:dont|do_not|no|skip)_?log|log_?(?:model|sensitive|prompt|content|payload|message|request|response)|redact|include_sensitive|sensitive_data")
_SECRET_WRAPPER = LazyRegex(r"\bSecret(?:Str|Bytes)?\b")
_SQL_RECEIVER = LazyRegex(r"(?i)cur|cursor|conn|connection|db|session|engine|con$|database|sql|tx|transaction|^c$|client|pool|graph|neo4j")
_SHELL_PROGRAMS = frozenset({"sh", "bash", "zsh", "dash", "cmd", "cmd.exe", "powershell", "pwsh", "/bin/sh", "/bin/bash"})
_PY_PROGRAMS = frozenset({"python", "python3", "sys.executable", "node", "ruby", "perl", "php"})
_CONN_STRING = LazyRegex(r"[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", re.I)
_STRINGISH_FUNCS = frozenset(
    {"str", "repr", "format", "f", "json.dumps", "dict", "list", "tuple", "set", "sorted", "reversed",
     "textwrap.dedent", "textwrap.indent", "textwrap.fill", "textwrap.shorten", "base64.b64encode",
     "base64.b64decode", "base64.urlsafe_b64encode", "urllib.parse.quote", "urllib.parse.urlencode",
     "urllib.parse.quote_plus", "string.Template", "yaml.dump", "yaml.safe_dump", "pprint.pformat",
     "bytes", "bytearray", "zip", "map", "filter", "next", "iter", "chain", "itertools.chain", "copy.copy", "enumerate",
     "copy.deepcopy", "Template", "jinja2.Template", "os.path.join", "pathlib.Path", "Path", "escape",
     "html.escape", "re.sub", "re.findall", "re.search", "re.match", "min", "max", "json.loads",
     "ast.literal_eval", "yaml.safe_load", "yaml.load", "orjson.loads", "loads", "markdown.markdown",
     "markdown", "dedent", "cast", "typing.cast"}
)
_STRINGISH_METHODS = frozenset(
    {"join", "format", "format_map", "replace", "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines",
     "encode", "decode", "upper", "lower", "title", "capitalize", "casefold", "center", "ljust", "rjust", "zfill",
     "expandtabs", "partition", "rpartition", "removeprefix", "removesuffix", "translate", "get", "items",
     "values", "keys", "copy", "pop", "popitem", "render", "substitute", "safe_substitute", "group", "groups",
     "sub", "findall", "search", "match", "as_posix", "get_secret_value", "model_dump", "dict", "json",
     "model_dump_json", "to_dict", "dumps", "__str__", "__repr__", "template"}
)
_META_KEYS = frozenset(
    {"usage", "usage_metadata", "id", "model", "finish_reason", "stop_reason", "created", "object", "role",
     "type", "index", "status", "total_tokens", "prompt_tokens", "completion_tokens", "input_tokens",
     "output_tokens", "system_fingerprint"}
)
_RETRIEVAL = LazyRegex(r"(?i)retriev|similarity_search|search_documents|get_relevant|vector_search|semantic_search|query_index|knn|search_(?:\w+_)?memor|search_similar")
# Rules about a value the caller chooses (a cost parameter, the provider's base URL): a value read
# from a stored row the caller only names by key is the operator's, not the caller's.
_STORED_ROW_RULES = frozenset({"AIS405", "AIS506"})
_ROW_FILTERS = frozenset({"filter", "filter_by", "exclude", "where", "afilter"})
_ROW_GETTERS = frozenset({"get", "aget", "get_or_none", "aget_or_none"})


def _stored_row_lookup(node: ast.Call, method: str) -> bool:
    """An ORM lookup: Django `Model.objects.filter(id=x)` / `.get(pk=x)`, SQLAlchemy
    `.filter(Model.id == x)`, `.filter_by(id=x)`, `select(M).where(M.id == x)`, `session.get(Model, x)`."""
    if not isinstance(node.func, ast.Attribute):
        return False
    if method in _ROW_FILTERS:
        return bool(node.keywords) or any(isinstance(a, ast.Compare) for a in node.args)
    if method in _ROW_GETTERS:
        receiver = dotted(node.func.value) or ""
        if receiver.endswith("objects") or ".objects." in receiver:
            return True  # Model.objects.get(pk=x)
        first = node.args[0] if node.args else None
        model = dotted(first) if first is not None else None
        return len(node.args) >= 2 and bool(model) and model.rsplit(".", 1)[-1][:1].isupper()  # session.get(Model, x)
    return False


_NOT_A_MAPPING = LazyRegex(r"(?i)client|session|http|request|api|url|conn|cache|redis|store|db\b|kv|secret|env|config|settings|cookies|headers|args|form|params|query|json")


def _mapping_get(node: ast.Call, facts: ModuleFacts) -> bool:
    """`m.get(key[, default])` with a computed key on a local mapping (not a module's get, an HTTP
    client, a store or a request's own fields)."""
    func = node.func
    if not isinstance(func, ast.Attribute) or func.attr != "get" or node.keywords or not 1 <= len(node.args) <= 2:
        return False
    if const_str(node.args[0]) is not None or isinstance(node.args[0], ast.Constant):
        return False
    if isinstance(func.value, ast.Name) and func.value.id in facts.imports.names:
        return False  # requests.get(url)
    receiver = dotted(func.value) or ""
    return bool(receiver) and not _NOT_A_MAPPING.search(receiver)


_MESSAGES_NAME = LazyRegex(r"(?i)messages|history|conversation|turns|contents|dialog")
_HTML_TAG = LazyRegex(r"<\s*[a-zA-Z][a-zA-Z0-9]*[\s>/]")


def span_of(lines: list[str], node: ast.AST) -> Span:
    line = getattr(node, "lineno", 1)
    end_line = getattr(node, "end_lineno", None) or line
    col = _char_col(lines, line, getattr(node, "col_offset", 0))
    end_col = _char_col(lines, end_line, getattr(node, "end_col_offset", None) or 0)
    return Span(line, col + 1, end_line, end_col + 1)


def _char_col(lines: list[str], line: int, byte_col: int) -> int:
    if 0 < line <= len(lines):
        text = lines[line - 1]
        if text.isascii():
            return byte_col
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace"))
    return byte_col


class _Region:
    """A source region from one node's start to another's end (a dict key to its value)."""

    __slots__ = ("lineno", "col_offset", "end_lineno", "end_col_offset", "code")

    def __init__(self, start: ast.AST, end: ast.AST) -> None:
        self.lineno = start.lineno  # type: ignore[attr-defined]
        self.col_offset = start.col_offset  # type: ignore[attr-defined]
        self.end_lineno = end.end_lineno  # type: ignore[attr-defined]
        self.end_col_offset = end.end_col_offset  # type: ignore[attr-defined]
        self.code = code_of(start) + ": " + code_of(end)


def _region(start: ast.AST | None, end: ast.AST) -> ast.AST:
    return _Region(start, end) if start is not None else end  # type: ignore[return-value]


def code_of(node: ast.AST) -> str:
    if isinstance(node, _Region):
        return node.code
    try:
        text = ast.unparse(node)
    except Exception:  # pragma: no cover
        return type(node).__name__
    return text if len(text) <= 200 else text[:197] + "..."


CHAIN_DEPTH = 64  # links past which a chain is evaluated innermost first (no deep recursion)
_CHAIN_TYPES = (ast.Attribute, ast.Subscript, ast.Starred, ast.Await, ast.Call, ast.UnaryOp)


def _chain_child(node: ast.AST) -> ast.AST | None:
    """The link inside ``node`` in a chain of attributes, subscripts and method calls."""
    if isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred, ast.Await)):
        return node.value
    if isinstance(node, ast.Call):
        return node.func.value if isinstance(node.func, ast.Attribute) else node.func
    if isinstance(node, ast.UnaryOp):
        return node.operand
    return None


def _chain_depth(node: ast.AST, limit: int = CHAIN_DEPTH + 1) -> int:
    """How many links ``node``'s chain has, counted up to ``limit``."""
    depth = 0
    current: ast.AST | None = node
    while current is not None and depth < limit:
        depth += 1
        current = _chain_child(current)
    return depth


class ModuleFlow(ModuleDriver):
    """Runs every function of a module to a fixpoint and collects flow findings."""

    def __init__(
        self,
        facts: ModuleFacts,
        lines: list[str],
        settings: LintSettings,
        rules: frozenset[str],
        project: Project | None = None,
        only: FunctionNode | None = None,
    ) -> None:
        super().__init__(settings, rules)
        self.facts = facts
        self.project = project
        self.only = only  # summarising this function for other modules: it and what it calls
        self._ai_module: bool | None = None
        self.lines = lines
        self.path = facts.path
        self.calls_model: set[int] = set()
        self.model_calls: list[tuple[ast.Call, calls.ModelCall]] = []
        self.prompt_cache: dict[int, set[str]] = {}
        self._funcs_by_name: dict[str, list[FunctionNode]] = {}
        self._installed: dict[str, list[FunctionNode]] | None = None
        for fn in facts.functions:
            self._funcs_by_name.setdefault(fn.name, []).append(fn)
        self._callees: dict[int, list[int]] = {}
        self.handed_calls: dict[int, ast.Call | None] = {}  # executor.submit(f, x) → the call f(x) it runs

    def handed_call(self, node: ast.Call) -> ast.Call | None:
        """The call a runner makes of the function it is handed (one node per runner call, kept)."""
        key = id(node)
        if key not in self.handed_calls:
            call = _handed_call(node, self.facts.resolve(node.func) if dotted(node.func) else "")
            if call is not None:
                self.facts.parents[id(call)] = node
            self.handed_calls[key] = call
        return self.handed_calls[key]

    def run(self) -> list[Hit]:
        functions = self._bottom_up()
        for node in (self.facts.tree, *functions):  # static per-scope facts, once
            FunctionFlow(self, node, self.facts.class_of(node) if node is not self.facts.tree else None)._collect_prompt_names()
        if self.only is not None:
            needed = callee_closure({id(self.only)}, self._callees)
            functions = [fn for fn in functions if id(fn) in needed]
            self._ai_module = True
        elif not self.has_model_calls and not _has_sources(self.facts) and not self.ai_module:
            return []  # nothing untrusted, secret or model-made can reach a sink in this file
        else:
            relevant = self._relevant()
            functions = [fn for fn in functions if id(fn) in relevant]

        def one_round() -> None:
            FunctionFlow(self, self.facts.tree, None).run()
            for fn in functions:
                FunctionFlow(self, fn, self.facts.class_of(fn)).run()

        return self.fixpoint(one_round)

    def start_round(self) -> None:
        self.model_calls = []

    def _relevant(self) -> set[int]:
        """Functions the flow must visit (see :func:`relevant_units`): seeds are functions
        with a source; a class's methods share its fields."""
        facts = self.facts
        # module-level sources reach functions through globals: then every function counts
        if any(_source_node(facts, node) or self._calls_project(node) for node in facts.nodes_of(facts.tree)):
            return {id(fn) for fn in facts.functions}
        seeds: set[int] = set()
        for fn in facts.functions:
            fid = id(fn)
            if fid in facts.tools or fid in facts.routes or fid in facts.ui_handlers or fid in facts.lambda_handlers:
                seeds.add(fid)
            elif any(_source_node(facts, node) or self._calls_project(node, fn) for node in facts.nodes_of(fn)):
                seeds.add(fid)
        by_class: dict[str, list[int]] = {}
        for fn in facts.functions:
            owner = facts.func_class.get(id(fn))
            if owner:
                by_class.setdefault(owner, []).append(id(fn))
        return relevant_units(seeds, self._callees, by_class.values())

    def _bottom_up(self) -> list[FunctionNode]:
        """Functions ordered callees first (by the names they call), so one round usually suffices."""
        by_id = {id(fn): fn for fn in self.facts.functions}
        callees = self._callees
        for fn in self.facts.functions:
            out: list[int] = []
            for node in self.facts.nodes_of(fn):
                if isinstance(node, ast.Call):
                    handed = self.handed_call(node)
                    for f in (node.func, handed.func) if handed is not None else (node.func,):
                        name = f.id if isinstance(f, ast.Name) else (f.attr if isinstance(f, ast.Attribute) else "")
                        if name:
                            out.extend(id(t) for t in self._funcs_by_name.get(name, ()))
                        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "self":
                            out.extend(id(t) for t in self.installed(f.attr))
            callees[id(fn)] = out
        return [by_id[i] for i in bottom_up(list(by_id), callees)]

    @property
    def ai_module(self) -> bool:
        """Calls a model or imports a module that does: symbolic parameters are followed into
        other modules too (elsewhere only concrete taint is, which keeps big trees fast)."""
        if self._ai_module is None:
            self._ai_module = self.has_model_calls or self._imports_project()
        return self._ai_module

    def _imports_project(self) -> bool:
        """Could a function of another module of the project bring model output in?"""
        project = self.project
        if project is None:
            return False
        for qual in self.facts.imports.names.values():
            rel = project.python_module(self.facts.path, qual + ".x")  # the module itself …
            rel = rel or project.python_module(self.facts.path, qual)  # … or the one defining it
            if rel is not None and project.may_produce(rel):
                return True
        return False

    def _calls_project(self, node: ast.AST, fn: FunctionNode | None = None) -> bool:
        """A call of a function another module of the project defines (its summary may carry
        taint), or of a method on a parameter or field typed with a class of such a module."""
        if self.project is None or not isinstance(node, ast.Call):
            return False
        name = dotted(node.func)
        if not name:
            return False
        if name.split(".", 1)[0] not in self.facts.imports.names:
            if fn is None or not isinstance(node.func, ast.Attribute):
                return False
            t, _, rest = calls.receiver_type(self.facts, self.facts.scope_of(fn), self.facts.class_of(fn), node.func)
            if "." not in t or len(rest) != 1:
                return False
            rel = self.project.python_module(self.facts.path, t)
            return rel is not None and self.project.may_produce(rel)
        rel = self.project.python_module(self.facts.path, self.facts.imports.resolve(name))
        return rel is not None and self.project.may_produce(rel)

    def functions_named(self, name: str) -> list[FunctionNode]:
        return self._funcs_by_name.get(name, [])

    def installed(self, attr: str) -> list[FunctionNode]:
        """Local functions a method installs as ``self.attr = fn`` (a runner set at connect time)."""
        if self._installed is None:
            found: dict[str, list[FunctionNode]] = {}
            for node in self.facts.of_type(ast.Assign):
                assert isinstance(node, ast.Assign)
                if not isinstance(node.value, ast.Name):
                    continue
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
                        local = [f for f in self.functions_named(node.value.id) if self.facts.class_of(f) is None]
                        found.setdefault(target.attr, []).extend(local)
            self._installed = found
        return self._installed.get(attr, [])


class FunctionFlow(FunctionState):
    """The Python adapter: walks one function's ``ast`` statements and expressions."""

    mod: ModuleFlow

    def __init__(self, mod: ModuleFlow, node: ast.Module | FunctionNode, cls: ClassInfo | None) -> None:
        super().__init__()
        self.mod = mod
        self.facts = mod.facts
        self.node = node
        self.cls = cls
        self.is_module = isinstance(node, ast.Module)
        self.scope: Scope = self.facts.scope_of(node)
        self.route = None if self.is_module else self.facts.routes.get(id(node))
        self.name = "<module>" if self.is_module else node.name  # type: ignore[union-attr]
        self.prompt_names: set[str] = set()
        self.param_names: list[str] = []
        self._chain_memo: dict[int, Taint] | None = None  # links of a long chain being evaluated

    def span(self, anchor: ast.AST) -> Span:
        return span_of(self.mod.lines, anchor)

    def code(self, anchor: ast.AST) -> str:
        return code_of(anchor)

    # -- driver ----------------------------------------------------------------------------

    def run(self) -> None:
        if self.is_module:
            self._collect_prompt_names()
            self.block(self.node.body)  # type: ignore[union-attr]
            for name, taint in self.env.items():
                if "." not in name and "[" not in name:
                    self.mod.set_global(name, taint)
            return
        fn: FunctionNode = self.node  # type: ignore[assignment]
        self._seed_params(fn)
        self._collect_prompt_names()
        self.block(fn.body)
        self.mod.set_summary(id(fn), self.summary)

    def _seed_params(self, fn: FunctionNode) -> None:
        facts = self.facts
        args = [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
        if fn.args.vararg:
            args.append(fn.args.vararg)
        if fn.args.kwarg:
            args.append(fn.args.kwarg)
        defaults = dict(_param_defaults(fn))
        is_tool = id(fn) in facts.tools
        is_ui = id(fn) in facts.ui_handlers
        is_lambda = id(fn) in facts.lambda_handlers
        for index, arg in enumerate(args):
            name = arg.arg
            self.param_names.append(name)
            if name in ("self", "cls") and index == 0 and self.cls is not None:
                continue
            taint: Taint = frozenset({Label(PARAM, name, fn.lineno)})
            concrete = self._param_source(fn, arg, defaults.get(name), is_tool, is_ui, is_lambda, index)
            self.env[name] = union(taint, concrete)

    def _param_source(
        self,
        fn: FunctionNode,
        arg: ast.arg,
        default: ast.expr | None,
        is_tool: bool,
        is_ui: bool,
        is_lambda: bool,
        index: int,
    ) -> Taint:
        name = arg.arg
        origin = f"{fn.name}({name})"
        annotation = arg.annotation
        ann_text = ast.unparse(annotation) if annotation is not None else ""
        if is_tool:
            if name in S.CONTEXT_PARAMS or "RunContext" in ann_text or "Context" in ann_text:
                return CLEAN
            return frozenset({Label(LLM, origin, fn.lineno, category=TOOL)})
        if is_lambda and name == "event":
            return frozenset({Label(USER, origin, fn.lineno, category=EVENT)})
        if is_ui:
            return frozenset({Label(USER, origin, fn.lineno, category=WIDGET)})
        if self.route is None or name in ("self", "cls"):
            return CLEAN
        if default is not None:
            dtext = dotted(default.func) if isinstance(default, ast.Call) else ""
            if dtext and dtext.rsplit(".", 1)[-1] in ("Depends", "Security"):
                return CLEAN
        if annotation is not None:
            if _is_literal_or_enum(self.facts, annotation):
                return CLEAN
            qual = self.facts.resolve(annotation)
            if qual and S.SAFE_PARAM_TYPES.search(qual):
                return CLEAN
            if qual in S.SCALAR_TYPES or ann_text in S.SCALAR_TYPES:
                if _bounded_default(default):
                    return CLEAN
                return frozenset({Label(USER_SCALAR, origin, fn.lineno, category=WEB)})
        if self.route.kind == "django" and index > 1 and self.cls is None:
            return frozenset({Label(USER, origin, fn.lineno, category=WEB)})
        return frozenset({Label(USER, origin, fn.lineno, category=WEB)})

    def _collect_prompt_names(self) -> None:
        """Names whose value is (part of) a prompt: prompt arguments of model calls in this
        function, and the content of message dicts that end up in those arguments."""
        cached = self.mod.prompt_cache.get(id(self.node))
        if cached is not None:
            self.prompt_names = cached
            return
        names: set[str] = set()
        direct: set[str] = set()
        role_dicts: list[ast.Dict] = []
        model_args: set[int] = set()
        for node in self.facts.nodes_of(self.node):
            if isinstance(node, ast.Call):
                mc = calls.classify(self.facts, self.scope, self.cls, node)
                if mc is None:
                    continue
                self.mod.has_model_calls = True
                if not self.is_module:
                    self.mod.calls_model.add(id(self.node))
                exprs: list[ast.AST] = list(node.args)
                exprs += [kw.value for kw in node.keywords if kw.arg in sdk.PROMPT_KEYWORDS]
                for expr in exprs:
                    found = _names_in(expr)
                    names |= found
                    direct |= {n.id for n in ast.walk(expr) if isinstance(n, ast.Name)}
                    model_args |= {id(n) for n in ast.walk(expr)}
            elif isinstance(node, ast.Dict):
                keys = [const_str(k) for k in node.keys]
                if "role" in keys and "content" in keys:
                    role_dicts.append(node)
        for d in role_dicts:
            if id(d) in model_args or self._feeds(d, direct):
                keys = [const_str(k) for k in d.keys]
                names |= _names_in(d.values[keys.index("content")])
        self.prompt_names = {
            n for n in names if n not in self.facts.module_constants or n in self.param_names
        }
        self.mod.prompt_cache[id(self.node)] = self.prompt_names

    def _feeds(self, node: ast.AST, targets: set[str]) -> bool:
        """Is this expression assigned / appended to one of ``targets``?"""
        cur: ast.AST | None = node
        while cur is not None and not isinstance(cur, ast.stmt):
            parent = self.facts.parent(cur)
            if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute) and parent.func.attr in S.MUTATORS:
                base = parent.func.value
                if isinstance(base, ast.Name) and base.id in targets:
                    return True
            cur = parent
        if isinstance(cur, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            tgts = cur.targets if isinstance(cur, ast.Assign) else [cur.target]
            return any(isinstance(t, ast.Name) and t.id in targets for t in tgts)
        return False

    # -- statements ------------------------------------------------------------------------

    def block(self, body: Iterable[ast.stmt]) -> bool:
        """Run statements; False when the block always leaves (return/raise/...)."""
        for stmt in body:
            if not self.stmt(stmt):
                return False
        return True

    def stmt(self, node: ast.stmt) -> bool:
        if isinstance(node, ast.Expr):
            self.expr(node.value)
            if isinstance(node.value, ast.Call) and _exit_call(node.value):
                return False
        elif isinstance(node, ast.Assign):
            taint = self.expr(node.value)
            for target in node.targets:
                self.assign(target, taint, node.value)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self.assign(node.target, self.expr(node.value), node.value)
        elif isinstance(node, ast.AugAssign):
            taint = self.expr(node.value)
            old = self.expr(node.target) if isinstance(node.target, (ast.Name, ast.Attribute, ast.Subscript)) else CLEAN
            self.assign(node.target, union(old, taint), node.value)
        elif isinstance(node, ast.Return):
            if node.value is not None:
                taint = self.expr(node.value)
                self._return_sinks(node, taint)
                self.summary.ret = union(self.summary.ret, taint)
            return False
        elif isinstance(node, ast.If):
            return self._if(node)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self._loop(node, node.body, node.orelse, target=node.target, iterable=node.iter)
        elif isinstance(node, ast.While):
            self.expr(node.test)
            self._loop(node, node.body, node.orelse)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                taint = self.expr(item.context_expr)
                if item.optional_vars is not None:
                    self.assign(item.optional_vars, taint, item.context_expr)
            return self.block(node.body)
        elif isinstance(node, (ast.Try, ast.TryStar)):
            return self._try(node)
        elif isinstance(node, ast.Raise):
            if node.exc is not None:
                self.expr(node.exc)
            return False
        elif isinstance(node, (ast.Continue, ast.Break)):
            return False
        elif isinstance(node, ast.Assert):
            t, _ = guards.facts(node.test)
            self.expr(node.test)
            self.validate(t)
        elif isinstance(node, ast.Match):
            self._match(node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for dec in getattr(node, "decorator_list", []):
                self.expr(dec)
        elif isinstance(node, ast.Delete):
            pass
        return True

    def _if(self, node: ast.If) -> bool:
        self.expr(node.test)
        when_true, when_false = guards.facts(node.test)
        before = dict(self.env)
        self.validate(when_true)
        body_live = self.block(node.body)
        body_env = self.env
        self.env = dict(before)
        self.validate(when_false)
        else_live = self.block(node.orelse)
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

    def _loop(
        self,
        node: ast.stmt,
        body: list[ast.stmt],
        orelse: list[ast.stmt],
        target: ast.AST | None = None,
        iterable: ast.AST | None = None,
    ) -> None:
        before = dict(self.env)
        iter_taint = self.expr(iterable) if iterable is not None else CLEAN
        # a loop over a non-empty literal whose body cannot skip a step runs its body at least once
        always = _runs_once(iterable, body)
        for n in range(_LOOP_PASSES):
            if (
                isinstance(target, ast.Tuple)
                and len(target.elts) == 2
                and isinstance(iterable, ast.Call)
                and ((dotted(iterable.func) or "") == "enumerate" or _constant_keys_items(self, iterable))
            ):
                self.assign(target.elts[0], CLEAN, None)  # the index is a number
                self.assign(target.elts[1], iter_taint, iterable)
            elif target is not None:
                self.assign(target, iter_taint, iterable)
            start = dict(self.env)
            self.block(body)
            if not (always and n == 0):
                self.env = _merge(start, self.env)
        if not always:
            self.env = _merge(before, self.env)
        self.block(orelse)

    def _try(self, node: ast.Try | ast.TryStar) -> bool:
        before = dict(self.env)
        live = self.block(node.body)
        after_body = self.env
        envs = [after_body] if live else []
        merged_start = _merge(before, after_body)
        for handler in node.handlers:
            self.env = dict(merged_start)
            if self.block(handler.body):
                envs.append(self.env)
        if live and node.orelse:
            self.env = dict(after_body)
            if self.block(node.orelse):
                envs[0] = self.env
            else:
                envs = envs[1:]
        self.env = envs[0] if envs else merged_start
        for other in envs[1:]:
            self.env = _merge(self.env, other)
        if node.finalbody:
            self.block(node.finalbody)
        return bool(envs)

    def _match(self, node: ast.Match) -> None:
        self.expr(node.subject)
        subject = guards.path_of(node.subject)
        before = dict(self.env)
        envs: list[dict[str, Taint]] = []
        for case in node.cases:
            self.env = dict(before)
            if subject and _literal_pattern(case.pattern):
                self.validate({subject})
            if self.block(case.body):
                envs.append(self.env)
        if not any(isinstance(c.pattern, ast.MatchAs) and c.pattern.pattern is None for c in node.cases):
            envs.append(before)
        self.env = envs[0] if envs else before
        for other in envs[1:]:
            self.env = _merge(self.env, other)

    # -- assignment ------------------------------------------------------------------------

    def assign(self, target: ast.AST, taint: Taint, value: ast.AST | None) -> None:
        if isinstance(target, ast.Name):
            self.rebind_name(target.id, through(taint, target.id))
        elif isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
                for t, v in zip(target.elts, value.elts, strict=True):
                    self.assign(t, self.expr_cached(v), v)
            elif any(isinstance(elt, ast.Starred) for elt in target.elts):
                for elt in target.elts:
                    self.assign(elt.value if isinstance(elt, ast.Starred) else elt, taint, None)
            else:
                for i, elt in enumerate(target.elts):
                    self.assign(elt, tuple_item(taint, i), None)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, taint, value)
        elif isinstance(target, ast.Attribute):
            path = guards.path_of(target)
            if path:
                self.bind_path(path, through(taint, path))
            self.session_write(target, taint)
            if isinstance(target.value, ast.Name) and target.value.id == "self" and self.cls is not None:
                self.mod.add_field((self.cls.node.name, target.attr), through(taint, f"self.{target.attr}"))
        elif isinstance(target, ast.Subscript):
            path = guards.path_of(target)
            if path:
                self.bind_path(path, taint)
            self.session_write(target, taint)
            base = guards.path_of(target.value)
            if base:
                key = const_str(target.slice)
                self.bind_path(base, union(self.lookup_path(base), under_key(taint, key) if key is not None else whole(taint)))
                if "." in base and base.startswith("self.") and self.cls is not None:
                    self.mod.add_field((self.cls.node.name, base.split(".", 1)[1]), taint)

    def expr_cached(self, node: ast.AST) -> Taint:
        return self.expr(node)

    # -- lookups ---------------------------------------------------------------------------

    def lookup_name(self, name: str) -> Taint:
        if name in self.env:
            return self.env[name]
        if not self.is_module:
            found = self.mod.get_global(name)
            if found is not None:
                return found
        return CLEAN

    def lookup_path(self, path: str) -> Taint:
        if path in self.env:
            return self.env[path]
        if path.startswith("self.") and self.cls is not None:
            attr = path[5:].split(".", 1)[0].split("[", 1)[0]
            if path == f"self.{attr}":
                return self.mod.get_field((self.cls.node.name, attr))
        if "." not in path and "[" not in path:
            return self.lookup_name(path)
        return CLEAN

    # -- expressions -----------------------------------------------------------------------

    def expr(self, node: ast.AST | None) -> Taint:
        if node is None:
            return CLEAN
        memo = self._chain_memo
        if memo is not None and id(node) in memo:
            return memo[id(node)]
        if memo is None and isinstance(node, _CHAIN_TYPES) and _chain_depth(node) > CHAIN_DEPTH:
            return self.deep_chain(node)
        method = getattr(self, "_e_" + type(node).__name__, None)
        if method is not None:
            return method(node)
        return CLEAN

    def chain_child(self, node: ast.AST) -> ast.AST | None:
        return _chain_child(node)

    def node_key(self, node: ast.AST) -> int:
        return id(node)

    def eval_link(self, node: ast.AST) -> Taint:
        method = getattr(self, "_e_" + type(node).__name__, None)
        return method(node) if method is not None else CLEAN

    def _e_Constant(self, node: ast.Constant) -> Taint:
        if isinstance(node.value, str) and len(node.value) >= 16 and (
            _CONN_STRING.search(node.value) or find_keys_in_text(node.value)
        ):
            return frozenset({Label(SECRET, "credential literal", node.lineno)})
        return CLEAN

    def _e_Name(self, node: ast.Name) -> Taint:
        taint = self.lookup_name(node.id)
        qual = self.facts.imports.resolve(node.id)
        if qual in S.REQUEST_OBJECTS:
            taint = union(taint, frozenset({Label(USER, qual.split(".")[-1], node.lineno, category=WEB)}))
        return taint

    def _e_JoinedStr(self, node: ast.JoinedStr) -> Taint:
        parts = [self.expr(v) for v in node.values]
        for i, v in enumerate(node.values[1:], 1):
            before = node.values[i - 1]
            if (
                isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Call) and v.value.args
                and self.facts.resolve(v.value.func) in S.SHELL_SANITIZERS
                and isinstance(before, ast.Constant) and _SHELL_SCRIPT_FLAG.search(str(before.value))
            ):
                # f"{shell} -c {shlex.quote(cmd)}": quoted for the outer shell, run as a script by the inner one
                parts[i] = union(parts[i], self.expr(v.value.args[0]))
        return union(*parts)

    def _e_FormattedValue(self, node: ast.FormattedValue) -> Taint:
        return union(self.expr(node.value), self.expr(node.format_spec))

    def _e_BinOp(self, node: ast.BinOp) -> Taint:
        operands: list[ast.AST] = []  # a + b + c + … nests on the left: a loop, so a long chain is no deep recursion
        while isinstance(node, ast.BinOp):
            operands.append(node.right)
            node = node.left
        operands.append(node)
        return union(*(self.expr(operand) for operand in reversed(operands)))

    def _e_BoolOp(self, node: ast.BoolOp) -> Taint:
        return union(*(self.expr(v) for v in node.values))

    def _e_UnaryOp(self, node: ast.UnaryOp) -> Taint:
        taint = self.expr(node.operand)
        if isinstance(node.op, ast.Not):
            return CLEAN
        return to_scalar(taint)

    def _e_Compare(self, node: ast.Compare) -> Taint:
        self.expr(node.left)
        for c in node.comparators:
            self.expr(c)
        return CLEAN

    def _e_IfExp(self, node: ast.IfExp) -> Taint:
        # `a if c else b if d else …` nests in the else branch: walked in a loop, each branch
        # with its test's facts, the environment as it was before the first test afterwards
        parts: list[Taint] = []
        start: dict[str, Taint] | None = None
        current: ast.AST = node
        while isinstance(current, ast.IfExp):
            self.expr(current.test)
            when_true, when_false = guards.facts(current.test)
            before = dict(self.env)
            start = before if start is None else start
            self.validate(when_true)
            parts.append(self.expr(current.body))
            self.env = dict(before)
            self.validate(when_false)
            current = current.orelse
        parts.append(self.expr(current))
        if start is not None:
            self.env = start
        return union(*parts)

    def _e_Await(self, node: ast.Await) -> Taint:
        return self.expr(node.value)

    def _e_Starred(self, node: ast.Starred) -> Taint:
        return self.expr(node.value)

    def _e_NamedExpr(self, node: ast.NamedExpr) -> Taint:
        taint = self.expr(node.value)
        self.assign(node.target, taint, node.value)
        return taint

    def _e_Yield(self, node: ast.Yield) -> Taint:
        taint = self.expr(node.value)
        self.summary.ret = union(self.summary.ret, taint)
        return CLEAN

    def _e_YieldFrom(self, node: ast.YieldFrom) -> Taint:
        taint = self.expr(node.value)
        self.summary.ret = union(self.summary.ret, taint)
        return CLEAN

    def _e_List(self, node: ast.List) -> Taint:
        return union(*(self.expr(e) for e in node.elts))

    _e_Set = _e_List

    def _e_Tuple(self, node: ast.Tuple) -> Taint:
        if any(isinstance(e, ast.Starred) for e in node.elts):
            taint = union(*(self.expr(e) for e in node.elts))
        else:  # each item under its position: `a, b = pair` takes its own item back
            taint = union(*(under_key(self.expr(e), f"{ITEM_MARK}{i}") for i, e in enumerate(node.elts)))
        if len(node.elts) == 2:
            role = const_str(node.elts[0])
            if role in ("system", "developer"):
                part = self.expr(node.elts[1])
                self.sink("AIS201", part, node.elts[1], "system message")
            if role in ("system", "developer", "human", "user", "ai", "assistant"):
                part = self.expr(node.elts[1])
                reported = self.sink("AIS104", part, node.elts[1], f"{role} message")
                taint = clear(taint, ["AIS104"]) if reported else taint
                if role in ("system", "developer"):
                    taint = clear(taint, ["AIS201"])
        return taint

    def _e_Dict(self, node: ast.Dict) -> Taint:
        values = [self.expr(v) for v in node.values]
        for k in node.keys:
            if k is not None:
                self.expr(k)
        keys = [const_str(k) if k is not None else None for k in node.keys]
        # a spread `**d` keeps d's keys (less those set again after it); a computed key is any key
        later = [{key for key in keys[i + 1:] if key is not None} for i in range(len(keys))]
        taint = union(*(
            under_key(t, key) if key is not None else (overwritten(t, later[i]) if k is None else whole(t))
            for i, (k, key, t) in enumerate(zip(node.keys, keys, values, strict=True))
        ))
        if "content" in keys or "text" in keys:
            slot = "content" if "content" in keys else "text"
            content = node.values[keys.index(slot)]
            content_taint = values[keys.index(slot)]
            role = const_str(node.values[keys.index("role")]) if "role" in keys else None
            if role is None and "role" in keys:
                role_node = node.values[keys.index("role")]
                role = _enum_role(role_node)
            if role in ("system", "developer"):
                anchor = _region(node.keys[keys.index(slot)], content)
                if self.sink("AIS201", content_taint, anchor, f"{role} message"):
                    taint = clear(taint, ["AIS201"])
            if "role" in keys:
                if self.sink("AIS104", content_taint, _region(node.keys[keys.index(slot)], content), "message content"):
                    taint = clear(taint, ["AIS104"])
            if role == "user" and "AIS202" in self.mod.rules and _instruction_template(content):
                self.sink("AIS202", content_taint, _region(node.keys[keys.index(slot)], content), "user message template")
        # Cost parameters in config dicts (Gemini config, Bedrock inferenceConfig)
        for key, value, vtaint in zip(keys, node.values, values, strict=True):
            if key in ("max_output_tokens", "maxTokens", "maxOutputTokens", "max_tokens", "max_completion_tokens") and self.mod.has_model_calls:
                self.sink("AIS405", vtaint, _region(node.keys[keys.index(key)], value), f"`{key}`")
        return taint

    def _e_ListComp(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp) -> Taint:
        saved = dict(self.env)
        for gen in node.generators:
            self.assign(gen.target, self.expr(gen.iter), gen.iter)
            for cond in gen.ifs:
                self.expr(cond)
        taint = self.expr(node.elt)
        self.env = _merge(saved, {k: v for k, v in self.env.items() if k in saved})
        return taint

    _e_SetComp = _e_ListComp
    _e_GeneratorExp = _e_ListComp

    def _e_DictComp(self, node: ast.DictComp) -> Taint:
        saved = dict(self.env)
        for gen in node.generators:
            self.assign(gen.target, self.expr(gen.iter), gen.iter)
        taint = union(self.expr(node.key), self.expr(node.value))
        self.env = saved
        return taint

    def _e_Lambda(self, node: ast.Lambda) -> Taint:
        return CLEAN

    def _e_Attribute(self, node: ast.Attribute) -> Taint:
        return union(self._attribute(node), self._session_read(node))

    def _session_key(self, node: ast.AST) -> str | None:
        return calls.session_key(self.facts, node)

    def _session_read(self, node: ast.AST) -> Taint:
        """Session state outlives a script run: what any run stored under a key is read back."""
        key = self._session_key(node)
        return self.mod.get_field(("streamlit.session_state", key)) if key is not None else CLEAN

    def session_write(self, node: ast.AST, taint: Taint) -> None:
        key = self._session_key(node)
        if key is not None and taint:
            self.mod.add_field(("streamlit.session_state", key), taint)

    def _attribute(self, node: ast.Attribute) -> Taint:
        path = guards.path_of(node)
        if path is not None and path in self.env:
            return self.env[path]
        qual = self.facts.resolve(node)
        if qual in ("sys.argv",):
            return frozenset({Label(USER, "sys.argv", node.lineno, category=CLI)})
        if qual == "os.environ":
            return frozenset({Label(SECRET, "os.environ", node.lineno)})
        if qual.startswith("streamlit.") and qual.endswith(("query_params",)):
            return frozenset({Label(USER, "st.query_params", node.lineno, category=WEB)})
        if qual.startswith("streamlit.secrets"):
            return frozenset({Label(SECRET, "st.secrets", node.lineno)})
        if isinstance(node.value, ast.Name) and node.value.id == "self" and self.cls is not None:
            base = self.mod.get_field((self.cls.node.name, node.attr))
        else:
            base = self.expr(node.value)
        if node.attr in sdk.METADATA_ATTRS:
            base = drop_llm(base)
        if node.attr == "name":
            base = _as_name(base)
            if isinstance(node.value, ast.Call) and self.facts.resolve(node.value.func).endswith(("Path", "PurePath")):
                base = clear(base, ["AIS305"])  # Path(x).name: the last component only
            elif isinstance(node.value, ast.Name) and self.scope.lookup_types(node.value.id).startswith("tempfile."):
                base = clear(base, ["AIS305"])  # a temporary file's name is random; what was written to it is not a path
        if node.attr in S.REQUEST_CLEAN_ATTRS and (any(lb.category == WEB for lb in base) or self._request_param(node.value)):
            base = drop_web(base)
        base = self._model_field(node, base)
        if sdk.PUBLIC_KEY_FIELD.match(node.attr):
            base = drop_kinds(base, frozenset({SECRET}))
        if (
            sdk.SECRET_NAME.search(node.attr)
            and not sdk.NOT_SECRET_NAME.search(node.attr)
            and not self._secretstr_field(node)
        ):
            base = union(base, frozenset({Label(SECRET, code_of(node), node.lineno)}))
        return base

    def _request_param(self, node: ast.expr) -> bool:
        """Is ``node`` a parameter typed as a request or websocket (a helper handed the route's
        request): its server-side attributes carry none of what the caller sent."""
        if not isinstance(node, ast.Name):
            return False
        return S.REQUEST_TYPE.search(self.scope.lookup_types(node.id) or "") is not None

    def _model_field(self, node: ast.Attribute, base: Taint) -> Taint:
        """`req.max_tokens` where req is a pydantic model of this file: look at the field."""
        if not base or not isinstance(node.value, ast.Name):
            return base
        type_name = self.scope.lookup_types(node.value.id)
        cls = self.facts.classes.get(type_name.rsplit(".", 1)[-1]) if type_name else None
        if cls is None or not cls.is_model:
            return base
        annotation = cls.fields.get(node.attr)
        default = cls.field_defaults.get(node.attr)
        if annotation is not None and _is_literal_or_enum(self.facts, annotation):
            return validated(base)
        text = (ast.unparse(annotation) if annotation is not None else "") + " " + (
            ast.unparse(default) if default is not None else ""
        )
        if re.search(r"\b(?:le|lt|max_length|max_items)\s*=", text) or _has_validator(cls, node.attr):
            return clear(base, ["AIS405"])
        if annotation is not None and ast.unparse(annotation) in ("int", "float", "bool"):
            return to_scalar(base)
        return base

    def _secretstr_field(self, node: ast.Attribute) -> bool:
        if not isinstance(node.value, ast.Name):
            return False
        for cls in self.facts.classes.values():
            ann = cls.fields.get(node.attr)
            if ann is not None and "SecretStr" in ast.unparse(ann):
                return True
        if node.value.id == "self" and self.cls is not None:
            # self.api_key set from an __init__ parameter typed as a secret wrapper (haystack Secret,
            # pydantic SecretStr): the object, not the value; resolve_value()/get_secret_value() is
            init = self.facts.method(self.cls, "__init__")
            for arg in (init.args.args + init.args.kwonlyargs) if init is not None else []:
                if arg.arg == node.attr and arg.annotation is not None and _SECRET_WRAPPER.search(ast.unparse(arg.annotation)):
                    return True
        return False

    def _e_Subscript(self, node: ast.Subscript) -> Taint:
        return union(self._subscript(node), self._session_read(node))

    def _subscript(self, node: ast.Subscript) -> Taint:
        path = guards.path_of(node)
        if path is not None and path in self.env:
            return self.env[path]
        qual = self.facts.resolve(node.value)
        if qual == "os.environ":
            return self._env_read(node.slice, node)
        if qual == "sys.argv":
            return frozenset({Label(USER, "sys.argv", node.lineno, category=CLI)})
        if qual.startswith("streamlit.secrets") or (isinstance(node.value, ast.Attribute) and node.value.attr == "secrets"):
            return frozenset({Label(SECRET, code_of(node), node.lineno)})
        index = self.expr(node.slice)
        # globals()[name] / locals()[name]: dynamic dispatch
        if isinstance(node.value, ast.Call) and (dotted(node.value.func) or "") in ("globals", "locals", "vars"):
            self.sink("AIS308", index, node, f"{dotted(node.value.func)}()[...]")
            return CLEAN
        if self._constant_container(node.value):
            return CLEAN  # allow-list lookup: the value comes from our own table
        base = self.expr(node.value)
        if isinstance(node.slice, ast.Slice) and _small_slice(node.slice):
            return drop_kinds(base, frozenset({SECRET}))
        key = const_str(node.slice)
        if key is not None:
            base = select_key(base, key)
        elif not isinstance(node.slice, ast.Slice) and not (isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int)):
            base = whole(base)  # d[k]: any of its items
        if key == "name":
            return _as_name(base)
        if key in _META_KEYS:
            return drop_llm(base)
        return base

    def _constant_container(self, node: ast.AST) -> bool:
        if isinstance(node, (ast.Dict, ast.List, ast.Tuple)):
            return _is_literal(node)
        if isinstance(node, ast.Name):
            if node.id in self.env and self.env[node.id]:
                return False
            value = self.facts.module_constants.get(node.id)
            if value is None:
                values = self.scope.lookup_assigns(node.id)
                value = values[0] if len(values) == 1 else None
            return value is not None and isinstance(value, (ast.Dict, ast.List, ast.Tuple, ast.Set)) and _is_literal(value)
        return False

    def _e_Call(self, node: ast.Call) -> Taint:
        return union(CallEval(self, node).run(), self._session_read(node))

    # -- sinks -----------------------------------------------------------------------------

    def _return_sinks(self, node: ast.Return, taint: Taint) -> None:
        """A Flask/Django route returning an HTML string built from model output."""
        if self.route is None or node.value is None:
            return
        value = node.value
        if isinstance(value, ast.JoinedStr):
            text = "".join(str(v.value) for v in value.values if isinstance(v, ast.Constant))
            if _HTML_TAG.search(text) and self.route.kind in ("flask", "django"):
                self.sink("AIS304", taint, node, "HTML response")


# SQLAlchemy Core constructors: they quote identifiers and bind values (text()/literal_column() do not)
_SQLA_BUILDERS = frozenset({"Table", "Column", "table", "column", "select", "insert", "update", "delete", "exists"})
_RAW_SQL_BUILDERS = frozenset({"text", "literal_column", "TextClause"})


def _runs_once(iterable: ast.AST | None, body: list[ast.stmt]) -> bool:
    """``for x in "abc"`` / ``for x in ("a", "b")`` whose body has no break, continue, return,
    raise or try: the body runs, whole, at least once."""
    if isinstance(iterable, (ast.Tuple, ast.List, ast.Set)):
        nonempty = bool(iterable.elts) and all(isinstance(e, ast.Constant) for e in iterable.elts)
    else:
        nonempty = bool(const_str(iterable))
    if not nonempty:
        return False
    skips = (ast.Break, ast.Continue, ast.Return, ast.Raise, ast.Try, ast.TryStar, ast.With, ast.AsyncWith, ast.If, ast.Match)
    return not any(isinstance(n, skips) for stmt in body for n in ast.walk(stmt))


def _loop_constant(func: ast.AST, name: str) -> str | None:
    """The constant string a ``for name in "…"`` loop of the function walks, if any."""
    for node in ast.walk(func):
        if isinstance(node, (ast.For, ast.AsyncFor)) and isinstance(node.target, ast.Name) and node.target.id == name:
            text = const_str(node.iter)
            if text is None and isinstance(node.iter, (ast.Tuple, ast.List, ast.Set)):
                items = [const_str(e) for e in node.iter.elts]
                text = "".join(i for i in items if i is not None and len(i) == 1) if all(items) else None
            return text
    return None


def _no_separator(text: str | None) -> bool:
    return text is not None and "/" not in text and "\\" not in text


def _slash_replaced(flow: "FunctionFlow", node: ast.Call) -> bool:
    """``s.replace("/", "_")``, or ``s.replace(ch, "")`` in a loop over characters that include
    "/": no path separator is left in the result (a file name, not a path)."""
    if len(node.args) != 2 or not _no_separator(const_str(node.args[1])):
        return False
    old = node.args[0]
    if const_str(old) == "/":
        return True
    if isinstance(old, ast.Name):
        chars = _loop_constant(flow.node, old.id)
        return chars is not None and "/" in chars
    return False


def _slashes_substituted(node: ast.Call) -> bool:
    """``re.sub(PATTERN, REPL, s)`` with constants that leave no "/" in a path-shaped probe."""
    pattern, repl = const_str(node.args[0]), const_str(node.args[1])
    if pattern is None or not _no_separator(repl) or any(k.arg in ("count", "flags") for k in node.keywords):
        return False
    try:
        probe = re.sub(pattern, repl or "", "a/b/../../c/ d")
    except (re.error, IndexError):
        return False
    return "/" not in probe


def _sqlalchemy_builder(qual: str) -> bool:
    return qual.split(".", 1)[0] == "sqlalchemy" and qual.rsplit(".", 1)[-1] in _SQLA_BUILDERS


# the text after this flag is a script the shell runs (`sh -c`, `cmd /c`, `powershell -Command`)
_SHELL_SCRIPT_FLAG = LazyRegex(
    r"(?:(?:^|\s)-c|\b(?:ba|z|da|k|fi)?sh(?:\.exe)?\s+(?:-\w+\s+)*-[a-z]*c|(?:^|\s)/[cC]|(?:^|\s)-(?:Command|EncodedCommand))\s+[\"']?$"
)

_THREAD_RUNNERS = frozenset({"asyncio.to_thread", "anyio.to_thread.run_sync", "starlette.concurrency.run_in_threadpool", "fastapi.concurrency.run_in_threadpool"})
_THREAD_CLASSES = frozenset({"threading.Thread", "multiprocessing.Process", "threading.Timer"})


def _handed_call(node: ast.Call, qual: str) -> ast.Call | None:
    """``pool.submit(f, x)``, ``asyncio.to_thread(f, x)``, ``loop.run_in_executor(None, f, x)``,
    ``Thread(target=f, args=(x,))``, ``runner(f, args=(x,), kwargs={...})``: the call ``f(x)``
    the runner makes (None for other calls)."""
    func = node.func
    method = func.attr if isinstance(func, ast.Attribute) else ""
    target: ast.expr | None = None
    args: list[ast.expr] = []
    keywords: list[ast.keyword] = []
    if (method == "submit" or qual in _THREAD_RUNNERS) and node.args:
        target, args, keywords = node.args[0], node.args[1:], node.keywords
    elif method == "run_in_executor" and len(node.args) >= 2:
        target, args = node.args[1], node.args[2:]
    elif (
        qual in _THREAD_CLASSES
        or (qual.endswith(".Thread") and qual.startswith("threading"))
        or (node.args and isinstance(node.args[0], (ast.Name, ast.Attribute)) and isinstance(keyword(node, "args"), (ast.Tuple, ast.List)))
    ):
        # a runner of the project's own, handed a function and the arguments to call it with
        # (run_with_timeout(fn, args=(x,), kwargs={...})), makes that call like a Thread does
        target = keyword(node, "target") or (node.args[0] if node.args else None)
        given = keyword(node, "args")
        if isinstance(given, (ast.Tuple, ast.List)):
            args = list(given.elts)
        elif given is not None:
            args = [ast.copy_location(ast.Starred(value=given, ctx=ast.Load()), given)]
        named = keyword(node, "kwargs")
        if isinstance(named, ast.Dict) and all(const_str(k) is not None for k in named.keys):
            keywords = [ast.keyword(arg=const_str(k), value=v) for k, v in zip(named.keys, named.values, strict=True)]
        elif named is not None:
            keywords = [ast.keyword(arg=None, value=named)]
    if not isinstance(target, (ast.Name, ast.Attribute)):
        return None
    call = ast.Call(func=target, args=list(args), keywords=list(keywords))
    return ast.copy_location(call, node)


# builtins that hand back the items of a list as they are (a list of dicts stays one)
_KEEPS_ITEMS = frozenset({"enumerate", "list", "tuple", "reversed", "sorted", "iter", "next", "filter", "zip", "dict", "copy.copy", "copy.deepcopy"})


class CallEval:
    """Evaluate one call: sources, model calls, same-file summaries, sanitisers, sinks."""

    def __init__(self, flow: FunctionFlow, node: ast.Call) -> None:
        self.flow = flow
        self.node = node
        self.facts = flow.facts
        func = node.func
        self.name = dotted(func) or ""
        self.qual = self.facts.resolve(func) if self.name else ""
        self.last = (self.name or (func.attr if isinstance(func, ast.Attribute) else "")).rsplit(".", 1)[-1]
        self.method = func.attr if isinstance(func, ast.Attribute) else ""

    def run(self) -> Taint:
        flow, node = self.flow, self.node
        func = node.func
        receiver = CLEAN
        if isinstance(func, ast.Attribute):
            receiver = flow.expr(func.value)
        elif not isinstance(func, ast.Name):
            receiver = flow.expr(func)
        self.receiver = receiver
        self.args = [flow.expr(a) for a in node.args]
        self.kwargs: dict[str, Taint] = {}
        self.star_kwargs = CLEAN
        for kw in node.keywords:
            t = flow.expr(kw.value)
            if kw.arg is None:
                self.star_kwargs = union(self.star_kwargs, t)
            else:
                self.kwargs[kw.arg] = t
        self.all_args = union(*self.args, *self.kwargs.values(), self.star_kwargs)

        result = self._source()
        if result is not None:
            self._sinks()
            return result
        model = calls.classify(self.facts, flow.scope, flow.cls, node)
        if model is not None:
            self._model_call_sinks(model)
            flow.mod.model_calls.append((node, model))
            return frozenset({Label(LLM, model.desc, node.lineno, sdk=model.provider)})
        handed = flow.mod.handed_call(node)
        summary_result = flow.expr(handed) if handed is not None else self._same_file_call()
        if summary_result is None:
            summary_result = self._imported_call()
        if summary_result is None:
            summary_result = self._imported_method_call()
        if summary_result is None:
            summary_result = self._dispatch_call()
        self.reported: set[str] = set()
        self._sinks()
        self._mutation()
        if summary_result is not None:
            result = summary_result
        else:
            result = self._transfer()
            if self.qual not in _KEEPS_ITEMS and self.method not in ("copy", "get", "pop", "setdefault"):
                result = whole(result)  # what a call makes of a dict is not that dict's items
        return clear(result, self.reported) if self.reported and result else result

    # -- sources ---------------------------------------------------------------------------

    def _source(self) -> Taint | None:
        node, qual, last = self.node, self.qual, self.last
        line = node.lineno
        if qual in ("input", "raw_input", "click.prompt", "typer.prompt", "getpass.getpass"):
            kind = SECRET if qual == "getpass.getpass" else USER
            return frozenset({Label(kind, f"{qual}()", line, category=CLI)})
        if qual.endswith(("sys.stdin.read", "sys.stdin.readline", "sys.stdin.readlines")):
            return frozenset({Label(USER, "sys.stdin", line, category=CLI)})
        if last == "parse_args" and isinstance(node.func, ast.Attribute):
            return frozenset({Label(USER, "command-line arguments", line, category=CLI)})
        if qual in S.ENV_READERS or qual.endswith(("environ.get", ".getenv")) or (
            last in ("config", "env", "str") and qual.startswith(("decouple", "environ"))
        ):
            return self._env_read(node.args[0] if node.args else keyword(node, "key"), node)
        if S.SECRET_FETCHERS.search(last) and isinstance(node.func, ast.Attribute):
            return frozenset({Label(SECRET, f"{self.name or last}()", line)})
        if qual.startswith("streamlit.") or (self.name.startswith(("st.", "st_")) and "streamlit" in self.facts.imports.roots()):
            if last in S.STREAMLIT_TEXT:
                return frozenset({Label(USER, f"st.{last}()", line, category=WIDGET)})
            if last == "number_input":
                if keyword(node, "max_value") is not None or len(node.args) >= 3:
                    return CLEAN
                return frozenset({Label(USER_SCALAR, f"st.{last}()", line, category=WIDGET)})
            if last in S.STREAMLIT_BOUNDED:
                return CLEAN
            if last == "experimental_get_query_params":
                return frozenset({Label(USER, "st.query_params", line, category=WEB)})
        # json.loads(call["arguments"]) in a function-call dispatcher: the model wrote them
        if (
            _arguments_decoded(qual, node)
            and not any(lb.kind == LLM for lb in self.args[0])
            and (self.facts.ai_context or self.flow.mod.has_model_calls or _declares_function_tools(self.facts))
        ):
            return union(self.args[0], frozenset({Label(LLM, code_of(node.args[0]), line, category=TOOL)}))
        if last in ("model_dump", "dict", "model_dump_json", "json") and isinstance(node.func, ast.Attribute):
            if self._settings_object(node.func.value):
                return frozenset({Label(SECRET, f"{code_of(node.func.value)}.{last}()", line)})
        if (
            S.HTTP_FETCH.match(qual)
            and calls._raw_http(self.facts, self.flow.scope, qual, node, "") is None
        ):
            return frozenset({Label(FETCHED, f"{self.name}()", line)})
        if qual.startswith(S.FETCH_ROOTS) and not qual.startswith("wikipedia") or (
            isinstance(node.func, ast.Attribute)
            and last in ("search", "get_contents", "scrape_url", "crawl_url", "results", "text")
            and self._typed(node.func.value, S.FETCH_ROOTS)
        ):
            return frozenset({Label(FETCHED, f"{self.name or last}()", line)})
        if last in S.LOADER_METHODS and isinstance(node.func, ast.Attribute):
            rtype, _, _ = calls.receiver_type(self.facts, self.flow.scope, self.flow.cls, node.func)
            rname = dotted(node.func.value) or ""
            if S.LOADER_CLASS.search(rtype.rsplit(".", 1)[-1] if rtype else "") or re.search(r"(?i)loader|reader|scraper|crawler$", rname):
                return frozenset({Label(FETCHED, f"{self.name or last}()", line)})
        if last == "get" and isinstance(node.func, ast.Attribute):
            rtype, _, _ = calls.receiver_type(self.facts, self.flow.scope, self.flow.cls, node.func)
            if rtype.startswith(("aiohttp.ClientSession", "httpx.Client", "httpx.AsyncClient", "requests.Session", "requests.session")):
                if calls._raw_http(self.facts, self.flow.scope, "", node, "", rtype=rtype, method=last) is None:
                    return frozenset({Label(FETCHED, f"{self.name or last}()", line)})
        return None

    def _typed(self, node: ast.AST, roots: tuple[str, ...]) -> bool:
        if isinstance(node, ast.Name):
            return self.flow.scope.lookup_types(node.id).startswith(roots)
        if isinstance(node, ast.Call):
            return self.facts.resolve(node.func).startswith(roots)
        return False

    def _settings_object(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Name):
            t = self.flow.scope.lookup_types(node.id)
            cls = self.facts.classes.get(t.rsplit(".", 1)[-1]) if t else None
            if cls is not None:
                return cls.is_settings and _has_plain_secret_field(cls)
            return node.id in ("settings", "SETTINGS") or node.id.endswith("_settings")
        return False

    # -- model calls -----------------------------------------------------------------------

    def _model_call_sinks(self, model: calls.ModelCall) -> None:
        flow, node = self.flow, self.node
        # AIS201: privileged slots given as keywords
        for kw in node.keywords:
            if kw.arg in sdk.SYSTEM_KEYWORDS and (kw.arg != "system_message" or model.api != "abstract"):
                if flow.sink("AIS201", self.kwargs[kw.arg], kw, f"{kw.arg}="):
                    self.kwargs[kw.arg] = clear(self.kwargs[kw.arg], ["AIS201"])
        # AIS104: a credential anywhere in the prompt arguments
        prompt_parts = [t for t in self.args] + [
            t for k, t in self.kwargs.items() if k in sdk.PROMPT_KEYWORDS
        ]
        anchor: ast.AST = node
        for kw in node.keywords:
            if kw.arg in sdk.PROMPT_KEYWORDS and relevant(self.kwargs[kw.arg], R.kinds_of("AIS104"), "AIS104"):
                anchor = kw if kw.value.lineno == node.lineno or kw.arg in sdk.SYSTEM_KEYWORDS else node
                break
        flow.sink("AIS104", union(*prompt_parts), anchor, f"{model.desc} prompt")
        # AIS405: request-controlled cost parameters
        for kw in node.keywords:
            if kw.arg in sdk.COST_KEYWORDS:
                flow.sink("AIS405", self.kwargs[kw.arg], kw, f"{kw.arg}=")
            elif kw.arg in ("messages", "contents", "input", "chat_history", "history") and _whole_array(flow, kw.value):
                flow.sink("AIS405", self.kwargs[kw.arg], kw, f"{kw.arg}= (whole array from the request)")
            elif kw.arg in ("reasoning", "config", "generation_config", "inferenceConfig"):
                pass  # dict literals are checked where they are built
        if model.api == "langchain" and node.args and self.method in ("invoke", "ainvoke", "stream") and _whole_array(flow, node.args[0]):
            flow.sink("AIS405", self.args[0], node.args[0], "messages (whole array from the request)")
        # AIS506: litellm.completion(api_base=...) from the request
        if self.qual.startswith("litellm.") and endpoint.RULE in flow.mod.rules:
            self._endpoint_sink(self.qual)

    # -- same-file functions ---------------------------------------------------------------

    def _targets(self) -> list[tuple[FunctionNode, bool]]:
        """Same-file functions this call may run, with `bound` (skip self)."""
        func = self.node.func
        flow = self.flow
        if isinstance(func, ast.Name):
            fn = flow.scope.lookup_function(func.id)
            if fn is not None:
                return [(fn, False)]
            cls = self.facts.classes.get(func.id)
            if cls is not None and "__init__" in cls.methods:
                return [(cls.methods["__init__"], True)]
            return []
        if isinstance(func, ast.Attribute):
            base = func.value
            if isinstance(base, ast.Name) and base.id in ("self", "cls"):
                fn = self.facts.method(flow.cls, func.attr)
                if fn is not None and _is_property(fn):
                    return []  # self.printer(x) calls the object the property returns, not the property
                installed = [(f, False) for f in flow.mod.installed(func.attr)[:12]]
                if fn is None:
                    candidates = [f for f in flow.mod.functions_named(func.attr) if self.facts.class_of(f) is not None]
                    return installed + [(f, not _is_static(f)) for f in candidates[:3]]
                return installed + [(fn, not _is_static(fn))]
            if isinstance(base, ast.Name):
                cls = self.facts.classes.get(base.id)
                if cls is not None:
                    fn = self.facts.method(cls, func.attr)
                    if fn is not None:
                        return [(fn, not _is_static(fn))]
                t = flow.scope.lookup_types(base.id)
                cls = self.facts.classes.get(t.rsplit(".", 1)[-1]) if t else None
                if cls is None and t and "." not in t and (getter := flow.scope.lookup_function(t)) is not None:
                    cls = self.facts.classes.get(_returned_class(getter))  # shell = get_shell() -> ShellSession
                if cls is not None:
                    fn = self.facts.method(cls, func.attr)
                    if fn is not None:
                        return [(fn, True)]
            elif isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name) and base.value.id == "self":
                t, _, rest = calls.receiver_type(self.facts, flow.scope, flow.cls, func)
                cls = self.facts.classes.get(t) if t and "." not in t else None  # self.x = Cls(): a class of this file
                fn = self.facts.method(cls, func.attr) if cls is not None and rest == [func.attr] else None
                if fn is not None:
                    return [(fn, True)]
            elif isinstance(base, ast.Call) and isinstance(base.func, ast.Name) and flow.scope.lookup_function(base.func.id) is None:
                cls = self.facts.classes.get(base.func.id)  # Cls(...).m(x): a class of this file, built on the spot
                fn = self.facts.method(cls, func.attr) if cls is not None else None
                if fn is not None:
                    return [(fn, not _is_static(fn))]
            elif isinstance(base, ast.Call) and isinstance(base.func, ast.Name):
                # get_shell().run(x): a getter of this file typed `-> ShellSession`, a class of this file
                getter = flow.scope.lookup_function(base.func.id)
                cls = self.facts.classes.get(_returned_class(getter)) if getter is not None else None
                fn = self.facts.method(cls, func.attr) if cls is not None else None
                if fn is not None:
                    return [(fn, not _is_static(fn))]
        if isinstance(func, ast.Subscript) and isinstance(func.value, ast.Name):
            # TOOLS[name](**args): every function in a same-file registry dict
            value = self.facts.module_constants.get(func.value.id)
            if isinstance(value, ast.Dict):
                out = []
                for v in value.values:
                    if isinstance(v, ast.Name):
                        fn = flow.scope.lookup_function(v.id)
                        if fn is not None:
                            out.append((fn, False))
                return out
        return []

    def _same_file_call(self) -> Taint | None:
        targets = self._targets()
        if not targets:
            return None
        result = CLEAN
        any_summary = False
        callee_name = self.name or self.last
        for fn, bound in targets:
            summary = self.flow.mod.get_summary(id(fn))
            if summary is None:
                continue
            any_summary = True
            actual = self._bind(fn, bound)
            result = union(result, self.flow.call_summary(summary, actual, callee_name, self.node.lineno, self.node))
        if not any_summary:
            return None
        return result

    def _bind(self, fn: FunctionNode, bound: bool) -> dict[str, Taint]:
        params, kwonly, vararg, kwarg = signature(fn)
        return self._bind_signature(params[1:] if bound and params else params, kwonly, vararg, kwarg)

    def _bind_signature(self, params: tuple[str, ...], kwonly: tuple[str, ...], vararg: str, kwarg: str) -> dict[str, Taint]:
        """Parameter name → the taint this call passes for it."""
        out: dict[str, Taint] = {}
        for i, taint in enumerate(self.args):
            if isinstance(self.node.args[i], ast.Starred):
                for p in params[i:]:
                    out[p] = union(out.get(p, CLEAN), taint)
                if vararg:
                    out[vararg] = taint
                break
            if i < len(params):
                out[params[i]] = taint
            elif vararg:
                out[vararg] = union(out.get(vararg, CLEAN), taint)
        for name, taint in self.kwargs.items():
            if name in params or name in kwonly:
                out[name] = taint
            elif kwarg:
                out[kwarg] = union(out.get(kwarg, CLEAN), taint)
        if self.star_kwargs:
            for p in [*params, *kwonly]:
                out[p] = union(out.get(p, CLEAN), self.star_kwargs)
            if kwarg:
                out[kwarg] = union(out.get(kwarg, CLEAN), self.star_kwargs)
        return out

    def _imported_call(self) -> Taint | None:
        """A function of another module of the project: apply its summary."""
        project = self.flow.mod.project
        if project is None or not self.name or (self.qual == self.name and "." not in self.name):
            return None  # a bare name that no import binds: a local or builtin function
        if self.name.split(".", 1)[0] not in self.facts.imports.names:
            return None  # `import wrapper` binds `wrapper`: `wrapper.helper(q)` goes on
        concrete = any(lb.kind != PARAM for lb in self.all_args)
        if not concrete and not (self.all_args and self.flow.mod.ai_module):
            # only what it returns matters: skip modules that hand out nothing
            rel = project.python_module(self.facts.path, self.qual)
            if rel is None or not project.may_produce(rel):
                return None
        found = project.python_function(self.facts.path, self.qual)
        if found is None and self.qual.count(".") >= 1 and self.name.count(".") >= 1:
            owner, _, member = self.qual.rpartition(".")  # `Adapters.lookup(...)`: a static or class method
            found = project.python_method(self.facts.path, owner, member)
        if found is None:
            return None
        _path, fn = found
        actual = self._bind_signature(fn.params, fn.kwonly, fn.vararg, fn.kwarg)
        if fn.receiver:
            actual[fn.receiver] = CLEAN  # the class itself
        return self.flow.call_summary(fn.summary, actual, self.name, self.node.lineno, self.node)

    def _imported_method_call(self) -> Taint | None:
        """``obj.m(...)`` on an instance of a class another module of the project defines (its
        type from ``obj = Cls(...)``, ``self.obj = Cls(...)`` or an annotation), or ``self.m(...)``
        with ``m`` inherited from such a class: apply the summary of ``Cls.m``."""
        project = self.flow.mod.project
        func = self.node.func
        if project is None or not isinstance(func, ast.Attribute) or not self.facts.imports.names:
            return None
        cls = self.flow.cls
        if isinstance(func.value, ast.Name) and func.value.id == "self" and cls is not None:
            if self.facts.method(cls, func.attr) is not None:
                return None
            types = [b for b in cls.bases if "." in b]
        else:
            rtype, _path, rest = calls.receiver_type(self.facts, self.flow.scope, cls, func)
            if "." not in rtype or rest != [func.attr]:  # a bare name: a class of this file (see _targets)
                return None
            types = [rtype]
        concrete = any(lb.kind != PARAM for lb in self.all_args)
        for rtype in types:
            if not concrete and not (self.all_args and self.flow.mod.ai_module):
                rel = project.python_module(self.facts.path, rtype)
                if rel is None or not project.may_produce(rel):
                    continue
            found = project.python_method(self.facts.path, rtype, func.attr)
            if found is None:
                continue
            return self._call_exported(found[1], f"{rtype.rsplit('.', 1)[-1]}.{func.attr}")
        return None

    def _call_exported(self, fn: Exported, callee: str) -> Taint:
        """The call run through the summary of ``fn``, a method another module defines."""
        actual = self._bind_signature(fn.params, fn.kwonly, fn.vararg, fn.kwarg)
        if fn.receiver:
            actual[fn.receiver] = self.receiver
        return self.flow.call_summary(fn.summary, actual, callee, self.node.lineno, self.node)

    def _dispatch_call(self) -> Taint | None:
        """``model = TABLE[kind]; model.run(x)`` with ``TABLE = {"a": A(), "b": B()}``: any of the
        classes' ``run`` may run, so the call returns (and sinks) what each of them does."""
        func = self.node.func
        if not isinstance(func, ast.Attribute) or not isinstance(func.value, ast.Name) or func.value.id in ("self", "cls"):
            return None
        types = calls.dispatch_types(self.facts, self.flow.scope, func.value.id)
        project = self.flow.mod.project
        result: Taint | None = None
        for rtype in types[:12]:
            callee = f"{rtype.rsplit('.', 1)[-1]}.{func.attr}"
            if "." not in rtype:
                cls = self.facts.classes.get(rtype)
                fn = self.facts.method(cls, func.attr) if cls is not None else None
                summary = self.flow.mod.get_summary(id(fn)) if fn is not None else None
                if fn is None or summary is None:
                    continue
                actual = self._bind(fn, not _is_static(fn))
                taint = self.flow.call_summary(summary, actual, callee, self.node.lineno, self.node)
            else:
                found = project.python_method(self.facts.path, rtype, func.attr) if project is not None else None
                if found is None:
                    continue
                taint = self._call_exported(found[1], callee)
            result = union(result or CLEAN, taint)
        return result

    # -- value transfer --------------------------------------------------------------------

    def _transfer(self) -> Taint:
        node, qual, last = self.node, self.qual, self.last
        if self.method in ("get", "pop", "setdefault") and node.args and const_str(node.args[0]) is not None:
            self.receiver = select_key(self.receiver, const_str(node.args[0]) or "")
        for sanitizer in self.flow.mod.settings.sanitizers:
            if sanitizer.matches(qual) or sanitizer.matches(self.name):
                return clear(self.all_args | self.receiver, sanitizer.rules or {"*"})
        if qual in S.CLEANING_BUILTINS or S.HASHERS.search(qual) or self.method in S.CLEAN_METHODS:
            return CLEAN
        if qual in S.SCALAR_BUILTINS:
            return to_scalar(self.all_args)
        if qual == "map" and len(self.args) == 2 and (dotted(node.args[0]) or "") in S.SCALAR_BUILTINS:
            return to_scalar(self.args[1])  # map(int, parts): numbers
        if qual == "min" and any(not t for t in self.args):
            return clear(to_scalar(self.all_args), ["AIS405"])
        if qual in S.HTML_SANITIZERS or (last in ("escape", "clean", "sanitize") and qual.split(".")[0] in ("html", "markupsafe", "bleach", "nh3", "flask", "jinja2")):
            return clear(union(self.all_args, self.receiver), ["AIS304"])
        if qual in S.SHELL_SANITIZERS:
            return clear(self.all_args, ["AIS302", "AIS301"])
        if _sqlalchemy_builder(qual) and not self._raw_sql_argument():
            # Table(name, metadata, autoload_with=engine), select(table.c[col]): SQLAlchemy quotes
            # the identifiers it is given and binds the values; the statement is not text
            return clear(union(self.receiver, self.all_args), ["AIS303"])
        if qual in ("os.path.basename", "werkzeug.utils.secure_filename", "secure_filename"):
            return clear(self.all_args, ["AIS305"])
        if self.method == "replace" and _slash_replaced(self.flow, self.node):
            return clear(union(self.receiver, self.all_args), ["AIS305"])
        if qual == "re.sub" and len(self.args) >= 3 and _slashes_substituted(self.node):
            return clear(union(*self.args), ["AIS305"])
        if S.LOG_REDACTOR.search(last) or qual.startswith(("scrubadub.", "presidio")):
            return clear(union(self.all_args, self.receiver), ["AIS601", "AIS102", "AIS104"])
        if qual in ("functools.partial", "partial"):
            return CLEAN
        if isinstance(node.func, ast.Attribute) and last == "get" and self.flow._constant_container(node.func.value):
            return self.args[1] if len(self.args) > 1 else CLEAN
        if last == "get_secret_value":
            return union(self.receiver, frozenset({Label(SECRET, code_of(node), node.lineno)}))
        if qual in ("getattr",) and len(self.args) >= 2:
            attr = const_str(node.args[1])
            if attr is not None and attr in sdk.METADATA_ATTRS:  # getattr(r, "usage", None) is r.usage
                return union(drop_llm(self.args[0]), *self.args[2:])
            return self.args[0] if len(self.args) >= 1 else CLEAN
        if _stored_row_lookup(node, self.method):
            # a row the server stores, picked by the caller's key: its values (a model name, a base
            # URL) are what was written there, not the key the caller sent
            return union(self.receiver, clear(self.all_args, _STORED_ROW_RULES))
        if self.method == "get" and node.args and const_str(node.args[0]) == "name":
            return _as_name(self.receiver)
        if _mapping_get(node, self.facts):
            # m.get(key) is m[key]: one of the mapping's own values, whatever the key's text
            return union(whole(self.receiver), *self.args[1:])
        if self.method == "get" and node.args and const_str(node.args[0]) in _META_KEYS:
            return drop_llm(self.receiver)
        func = node.func
        module_function = (  # `jwt.decode(token, key)`: a module's function, not str.decode
            isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in self.facts.imports.names
        )
        http_request = self.method in _HTTP_VERBS and any(kw.arg in _HTTP_KEYWORDS for kw in node.keywords)
        if http_request or not _stringish(qual, "" if module_function else self.method, self.receiver):
            # a secret handed to an HTTP call, client or helper does not come back in its result;
            # what comes back from a call made with model output is derived from it, not the text
            args_no_secret = through_call(self.all_args)
            if _RETRIEVAL.search(last) and not self.receiver_is_user():
                return drop_kinds(union(self.receiver, args_no_secret), frozenset({USER, USER_SCALAR}))
            return union(self.receiver, args_no_secret)
        if _RETRIEVAL.search(last) and not self.receiver_is_user():
            # documents found for a query are not the query: the user's text does not flow on
            return drop_kinds(union(self.receiver, self.all_args), frozenset({USER, USER_SCALAR}))
        if not self.receiver and node.keywords:
            # A constructor / function consuming a credential keyword (password=, api_key=)
            # returns an object, not the credential.
            consumed = [
                t for k, t in self.kwargs.items() if sdk.SECRET_NAME.search(k) and not sdk.NOT_SECRET_NAME.search(k)
            ]
            if consumed:
                others = union(*self.args, *(t for k, t in self.kwargs.items() if not sdk.SECRET_NAME.search(k)), self.star_kwargs)
                return others
        return union(self.receiver, self.all_args)

    def _raw_sql_argument(self) -> bool:
        """Is an argument raw SQL text (``text(...)``, ``literal_column(...)``), directly or by name?"""
        for arg in [*self.node.args, *(kw.value for kw in self.node.keywords)]:
            value = calls.resolve_value(self.facts, self.flow.scope, arg) if isinstance(arg, ast.Name) else arg
            for inner in ast.walk(value) if value is not None else ():
                if isinstance(inner, ast.Call) and self.facts.resolve(inner.func).rsplit(".", 1)[-1] in _RAW_SQL_BUILDERS:
                    return True
        return False

    def receiver_is_user(self) -> bool:
        return any(lb.kind in (USER, USER_SCALAR) for lb in self.receiver)

    def _mutation(self) -> None:
        func = self.node.func
        if not isinstance(func, ast.Attribute) or self.method not in S.MUTATORS:
            return
        if not self.all_args:
            return
        path = guards.path_of(func.value)
        if path is None:
            return
        flow = self.flow
        flow.bind_path(path, union(flow.lookup_path(path), self.all_args))
        flow.session_write(func.value, self.all_args)
        if path.startswith("self.") and flow.cls is not None:
            flow.mod.add_field((flow.cls.node.name, path[5:].split(".", 1)[0]), self.all_args)

    # -- sinks -----------------------------------------------------------------------------

    def _arg(self, index: int, *names: str) -> tuple[Taint, ast.AST | None]:
        for name in names:
            if name in self.kwargs:
                return self.kwargs[name], keyword(self.node, name)
        if index < len(self.args):
            return self.args[index], self.node.args[index]
        return CLEAN, None

    # -- what the sink tables ask about this call (aisec_cli/lint/flow/sinks.py) --------------

    language = "python"

    def receiver_name(self) -> str:
        func = self.node.func
        if not isinstance(func, ast.Attribute):
            return ""
        rtype, _, _ = calls.receiver_type(self.facts, self.flow.scope, self.flow.cls, func)
        return rtype.rsplit(".", 1)[-1] if rtype else (dotted(func.value) or "")

    def positional(self, index: int) -> Taint | None:
        return self.args[index] if index < len(self.args) else None

    def keyword_arg(self, name: str) -> Taint | None:
        return self.kwargs.get(name)

    def every_arg(self) -> Taint:
        return self.all_args

    def _sinks(self) -> None:
        flow, node, qual, last, method = self.flow, self.node, self.qual, self.last, self.method
        name = self.name
        # the sinks of the rules' tables (rules/lint.yaml `flow.sinks`)
        table_sinks(R.sink_index(), flow, self)
        # AIS302 shell
        shell_kw = keyword(node, "shell")
        if (qual.startswith("subprocess.") and last in ("run", "call", "check_call", "check_output", "Popen")) or qual == "asyncio.create_subprocess_exec":
            taint, argnode = self._arg(0, "args")
            if shell_kw is not None and not (isinstance(shell_kw, ast.Constant) and not shell_kw.value):
                flow.sink("AIS302", taint, node, f"{qual}(shell=True)")
            elif argnode is not None:
                self._argv_sink(argnode, taint, qual)
        self._stdin_sink()
        # AIS303 SQL
        self._sql_sink()
        # AIS304 HTML
        self._html_sink()
        # AIS305 path / URL / deserializer
        self._path_url_sink()
        # AIS308 dynamic dispatch
        if method == "__getattribute__" and node.args:
            flow.sink("AIS308", self.args[0], node, "__getattribute__()")
        elif method == "get" and node.args and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Call) and (dotted(node.func.value.func) or "") in ("globals", "locals", "vars"):
            flow.sink("AIS308", self.args[0], node, f"{dotted(node.func.value.func)}().get()")
        # AIS201 / AIS104 via message classes and AI constructors
        self._prompt_object_sinks()
        # AIS506 a client's base URL from the request
        if endpoint.RULE in flow.mod.rules and endpoint.py_client(qual):
            self._endpoint_sink(qual.rsplit(".", 1)[-1])
        # AIS102 / AIS601 logging
        self._log_sink(name)

    def _endpoint_sink(self, what: str) -> None:
        """AIS506: the base-URL keyword of a client constructor (or litellm call), and whose key goes along."""
        for kw in self.node.keywords:
            if kw.arg in endpoint.PY_URL_KEYWORDS:
                url_kw = kw
                break
        else:
            return
        key: Taint | None = None
        literal = False
        for kw in self.node.keywords:
            if kw.arg and kw.arg not in endpoint.PY_URL_KEYWORDS and (
                endpoint.KEY_NAME.match(kw.arg) or (sdk.SECRET_NAME.search(kw.arg) and not sdk.NOT_SECRET_NAME.search(kw.arg))
            ):
                if isinstance(kw.value, ast.Constant) and kw.value.value is None:
                    continue  # api_key=None: the SDK reads its environment variable
                key = union(key or CLEAN, self.kwargs[kw.arg])
                literal = isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str)
        endpoint.report(self.flow, self.kwargs[url_kw.arg or ""], key, literal, url_kw, f"{what}({url_kw.arg}=)", self.flow.lookup_name)

    def _argv_sink(self, argnode: ast.AST, taint: Taint, qual: str) -> None:
        flow = self.flow
        value = calls.resolve_value(self.facts, flow.scope, argnode) if isinstance(argnode, ast.Name) else argnode
        if isinstance(value, (ast.List, ast.Tuple)) and value.elts:
            first = value.elts[0]
            program = (const_str(first) or dotted(first) or "").rsplit("/", 1)[-1]
            elts = value.elts
            if program in _SHELL_PROGRAMS and any(const_str(e) in ("-c", "/c", "-Command") for e in elts):
                rest = union(*(flow.expr(e) for e in elts[1:]))
                flow.sink("AIS302", rest, self.node, f"{qual}([{program}, -c, ...])")
                return
            if program in _PY_PROGRAMS or (dotted(first) or "") == "sys.executable":
                if any(const_str(e) in ("-c", "-e", "--eval") for e in elts):
                    rest = union(*(flow.expr(e) for e in elts[1:]))
                    flow.sink("AIS301", rest, self.node, f"{qual}([{program}, -c, ...])")
                    return
            if (program in _PY_PROGRAMS or program in _SHELL_PROGRAMS or (dotted(first) or "") == "sys.executable") and self._script_written(elts, program, qual):
                return
            flow.sink("AIS302", flow.expr(first), self.node, f"{qual}() program", severity=Severity.LOW)
            return
        if isinstance(value, ast.Call) and (dotted(value.func) or "").endswith("split"):
            flow.sink("AIS302", taint, self.node, f"{qual}(shlex.split(...)) program", severity=Severity.LOW)
            return
        if isinstance(value, (ast.Constant, ast.JoinedStr, ast.BinOp)):
            return  # a string without shell=True is a program name
        flow.sink("AIS302", taint, self.node, f"{qual}() program", severity=Severity.LOW)

    def _stdin_sink(self) -> None:
        """Text written to the stdin of a shell or interpreter that reads its commands there:
        ``subprocess.run(["bash"], input=x)``, ``proc.stdin.write(x)`` / ``proc.communicate(x)``
        on ``proc = Popen(["bash"], stdin=PIPE)`` (a long-lived shell session)."""
        flow, node, func = self.flow, self.node, self.node.func
        if self.qual.startswith("subprocess.") and self.last in ("run", "check_output", "call", "check_call"):
            data, argv = keyword(node, "input"), (node.args[0] if node.args else keyword(node, "args"))
        elif isinstance(func, ast.Attribute) and func.attr == "write" and isinstance(func.value, ast.Attribute) and func.value.attr == "stdin":
            data, argv = (node.args[0] if node.args else None), _popen_argv(self.facts, flow.scope, func.value.value)
        elif isinstance(func, ast.Attribute) and func.attr == "communicate":
            data, argv = (node.args[0] if node.args else keyword(node, "input")), _popen_argv(self.facts, flow.scope, func.value)
        else:
            return
        if data is None or argv is None:
            return
        program = _stdin_reader(self.facts, flow.scope, argv)
        if program:
            rule = "AIS302" if program in _SHELL_PROGRAMS else "AIS301"
            flow.sink(rule, flow.expr(data), node, f"stdin of `{program}` (it runs what it reads)")

    def _script_written(self, elts: list[ast.expr], program: str, qual: str) -> bool:
        """An interpreter or shell run on a file whose contents came from the model."""
        flow = self.flow
        script = calls.script_operand(elts)
        if script is None:
            return False
        taint = flow.expr(script)
        if (path := const_str(script)) is not None:
            taint = union(taint, *(flow.lookup_name(n) for n in calls.handles_writing(self.facts, flow.scope, path)))
        rule = "AIS302" if program in _SHELL_PROGRAMS else "AIS301"
        return flow.sink(rule, taint, self.node, f"{qual}([{program or 'sys.executable'}, <file the model wrote>])")

    def _sql_sink(self) -> None:
        flow, node, qual, method = self.flow, self.node, self.qual, self.method
        if qual in ("pandas.read_sql", "pandas.read_sql_query", "pd.read_sql", "duckdb.sql", "duckdb.query", "duckdb.execute", "sqlalchemy.text") and qual != "sqlalchemy.text":
            taint, _ = self._arg(0, "sql")
            flow.sink("AIS303", taint, node, f"{qual}()")
            return
        if not method or not isinstance(node.func, ast.Attribute):
            return
        rname = dotted(node.func.value) or calls.cursor_call(node.func.value)
        rtype, _, _ = calls.receiver_type(self.facts, flow.scope, flow.cls, node.func)
        first = node.args[0] if node.args else (keyword(node, "sql") or keyword(node, "query") or keyword(node, "statement"))
        if first is None:
            return
        taint, _ = self._arg(0, "sql", "query", "statement", "operation")
        if not taint:
            return
        sqlish = _looks_sql(first, flow)
        if method in ("execute", "executemany", "executescript", "exec_driver_sql", "read_sql", "read_sql_query", "raw", "mogrify", "fetch", "fetchrow", "fetchval"):
            if sqlish or _SQL_RECEIVER.search(rname.rsplit(".", 1)[-1] or rname) or rtype.startswith(("sqlite3", "psycopg", "sqlalchemy", "pymysql", "mysql", "duckdb", "asyncpg")):
                if not self._sql_validated(first):
                    flow.sink("AIS303", taint, node, f"{rname or method}.{method}()")
        elif method in ("run", "query", "sql", "cypher", "read_query", "write_query") and (
            (calls.sql_client_name(rname) and not self._targets())  # the file's own method: its summary tells
            or re.search(calls.SQL_CLIENT_TYPES, rtype)
            or (sqlish and _looks_sql(first, flow, pattern=_SQL_STATEMENT))
        ):
            if not self._sql_validated(first):
                flow.sink("AIS303", taint, node, f"{rname or method}.{method}()")

    def _sql_validated(self, node: ast.AST) -> bool:
        """Generated SQL parsed with sqlglot/sqlparse in this function: treated as checked."""
        if not isinstance(node, ast.Name):
            return False
        for other in self.facts.nodes_of(self.flow.node):
            if isinstance(other, ast.Call):
                q = self.facts.resolve(other.func)
                if q.startswith(("sqlglot.", "sqlparse.")) and any(isinstance(a, ast.Name) and a.id == node.id for a in other.args):
                    return True
        return False

    def _html_sink(self) -> None:
        flow, node, qual, last = self.flow, self.node, self.qual, self.last
        unsafe = keyword(node, "unsafe_allow_html")
        if last in ("markdown", "write", "caption", "text", "html") and is_true(unsafe):
            taint = union(*self.args, self.kwargs.get("body", CLEAN))
            flow.sink("AIS304", taint, node, f"{self.name}(unsafe_allow_html=True)")
            return
        if qual.endswith(("components.v1.html", "components.html")) or (last == "html" and "components" in self.name):
            taint, _ = self._arg(0, "html")
            flow.sink("AIS304", taint, node, f"{self.name}()")
        elif last in ("render_template_string", "Template", "from_string") or qual.endswith("render_template_string"):
            taint, tnode = self._arg(0, "source")
            template = const_str(tnode) or ""
            if "|safe" in template.replace(" ", "") or "autoescape false" in template:
                taint = union(taint, *self.kwargs.values())
            if last != "Template" or taint:
                flow.sink("AIS304", taint, node, f"{last}()")
        elif last == "HTMLResponse" or qual.endswith("responses.HTMLResponse"):
            taint, _ = self._arg(0, "content")
            flow.sink("AIS304", taint, node, "HTMLResponse()")
        elif last == "HTML" and qual.startswith("IPython"):
            taint, _ = self._arg(0, "data")
            flow.sink("AIS304", taint, node, "IPython HTML()")
        elif last in ("Response", "make_response", "HttpResponse"):
            mt = keyword(node, "mimetype") or keyword(node, "media_type") or keyword(node, "content_type")
            if "html" in (const_str(mt) or ""):
                taint, _ = self._arg(0, "content", "response")
                flow.sink("AIS304", taint, node, f"{last}(text/html)")

    def _path_url_sink(self) -> None:
        flow, node, qual, last, method = self.flow, self.node, self.qual, self.last, self.method
        if method in ("read_text", "read_bytes", "write_text", "write_bytes", "unlink", "rmdir", "mkdir", "touch", "rename", "iterdir", "rglob") and isinstance(node.func, ast.Attribute):
            if not isinstance(node.func.value, ast.Name) or node.func.value.id not in ("self",):
                if method == "open" or method in ("read_text", "read_bytes", "write_text", "write_bytes", "unlink", "rmdir", "mkdir", "touch", "rename", "iterdir", "rglob"):
                    flow.sink("AIS305", self.receiver, node, f"Path.{method}()")
            return
        if method == "open" and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Call):
            inner = self.facts.resolve(node.func.value.func)
            if inner.endswith(("Path", "PurePath")):
                flow.sink("AIS305", self.receiver, node, "Path.open()")
            return
        is_url = False
        if (qual.startswith(("requests.", "httpx.")) and last in ("get", "post", "put", "patch", "delete", "head", "options", "request", "stream")) or qual in ("urllib.request.urlopen", "urllib.request.Request", "urllib2.urlopen", "urlopen", "aiohttp.request"):
            is_url = True
        elif method in ("get", "post", "put", "patch", "delete", "head", "request", "stream") and isinstance(node.func, ast.Attribute):
            rtype, _, _ = calls.receiver_type(self.facts, flow.scope, flow.cls, node.func)
            if rtype.startswith(("aiohttp.", "httpx.", "requests.")):
                is_url = True
        if is_url:
            index = 1 if last == "request" else 0
            taint, argnode = self._arg(index, "url")
            if argnode is not None and taint and not _host_fixed(flow, argnode):
                flow.sink("AIS305", taint, node, f"{self.name or method}() URL")
            return
        if qual in ("yaml.load", "yaml.load_all"):
            loader = keyword(node, "Loader") or (node.args[1] if len(node.args) > 1 else None)
            loader_name = dotted(loader) or ""
            if not loader_name.endswith(("SafeLoader", "CSafeLoader", "BaseLoader")):
                taint, _ = self._arg(0, "stream")
                flow.sink("AIS305", taint, node, f"{qual}() unsafe loader")

    def _prompt_object_sinks(self) -> None:
        flow, node, qual, last = self.flow, self.node, self.qual, self.last
        if last in ("SystemMessage", "SystemMessagePromptTemplate") or (
            last == "from_template" and isinstance(node.func, ast.Attribute) and "System" in (dotted(node.func.value) or "")
        ):
            taint, anchor = self._arg(0, "content", "template")
            if anchor is not None:
                flow.sink("AIS201", taint, anchor, f"{last}")
                flow.sink("AIS104", taint, anchor, f"{last}")
                self.reported |= {"AIS201", "AIS104"}
            return
        if last in ("HumanMessage", "AIMessage", "ChatMessage", "UserMessage", "PromptTemplate", "from_template", "Message", "ChatMessageContent"):
            taint, anchor = self._arg(0, "content", "template", "text")
            if last == "ChatMessage":
                role = keyword(node, "role")
                role_text = (const_str(role) or dotted(role) or "").lower()
                if role_text.endswith("system"):
                    if anchor is not None:
                        flow.sink("AIS201", taint, anchor, "ChatMessage(role=SYSTEM)")
            if anchor is not None and (last != "from_template" or "Prompt" in self.name):
                flow.sink("AIS104", taint, anchor, f"{last}")
                self.reported |= {"AIS201", "AIS104"}
            return
        # System-slot keywords on AI constructors (Agent(instructions=), GenerativeModel(system_instruction=), ...)
        if not any(kw.arg in sdk.SYSTEM_KEYWORDS for kw in node.keywords):
            return
        ai_root = qual.split(".", 1)[0] in {r.split(".")[0] for r in sdk.AI_IMPORT_ROOTS}
        is_ai = ai_root or (
            re.search(r"(?i)agent|model|config|engine|assistant|chat|llm", last or "")
            and not _DTO_NAME.search(last or "")  # the app's own ChatBody / ChatRequest: a request record
        )
        if not is_ai:
            return
        for kw in node.keywords:
            if kw.arg in sdk.SYSTEM_KEYWORDS and kw.arg != "system":
                flow.sink("AIS201", self.kwargs[kw.arg], kw, f"{last}({kw.arg}=)")
                flow.sink("AIS104", self.kwargs[kw.arg], kw, f"{last}({kw.arg}=)")
                self.reported |= {"AIS201", "AIS104"}
            elif kw.arg in ("max_output_tokens", "max_tokens", "model", "model_name") and (last.startswith("Chat") or "Config" in last):
                flow.sink("AIS405", self.kwargs[kw.arg], kw, f"{last}({kw.arg}=)")

    def _log_sink(self, name: str) -> None:
        flow, node, qual = self.flow, self.node, self.qual
        is_print = qual == "print"
        is_log = False
        if isinstance(node.func, ast.Attribute) and node.func.attr in S.LOG_METHODS:
            base = node.func.value
            base_name = dotted(base) or ""
            last_base = base_name.rsplit(".", 1)[-1]
            if base_name == "logging" or S.LOGGER_NAME.match(last_base) or base_name.endswith(("app.logger", "current_app.logger")):
                is_log = True
            elif isinstance(base, ast.Call) and (dotted(base.func) or "").endswith(("getLogger", "get_logger", "bind")):
                is_log = True
            elif self.facts.imports.resolve(base_name).startswith(("loguru", "structlog", "logging")):
                is_log = True
        elif qual in ("logging.info", "logging.debug", "logging.warning", "logging.error", "logging.critical", "logging.exception", "logging.log"):
            is_log = True
        if not (is_print or is_log):
            return
        taint = union(*self.args, *(t for k, t in self.kwargs.items() if k not in ("extra", "exc_info", "stack_info")))
        for arg in node.args:
            if isinstance(arg, ast.Name) and self._settings_object(arg) and arg.id not in ("settings",):
                taint = union(taint, frozenset({Label(SECRET, f"settings object {arg.id}", node.lineno)}))
        func = node.func
        if not name and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call):
            name = f"{dotted(func.value.func) or '…'}().{func.attr}"  # get_logger().debug(...)
        sink = "print()" if is_print else f"{name}()"
        flow.sink("AIS102", taint, node, sink)
        if (is_log or (is_print and flow.route is not None)) and not self._log_switch_guarded():
            flow.concrete_hit = False
            if flow.sink("AIS601", taint, node, sink) and flow.concrete_hit:
                return
            refs = set()
            for arg in [*node.args, *[kw.value for kw in node.keywords]]:
                refs |= _names_in(arg, skip_clean=True)
            hit_names = sorted(n for n in refs if n in flow.prompt_names or (flow.mod.has_model_calls and S.PROMPT_NAME.match(n)))
            modules = {a.asname or a.name.split(".", 1)[0] for imp in self.facts.of_type(ast.Import) for a in imp.names}  # type: ignore[attr-defined]
            hit_names = [n for n in hit_names if not _all_clean(flow, n) and n not in modules]
            if hit_names and "AIS601" in flow.mod.rules:
                span = span_of(flow.mod.lines, node)
                message = f"The prompt text `{hit_names[0]}` is written to the log: `{sink}` (line {span.line})."
                flow.mod.add_hit(Hit("AIS601", span, message, code=code_of(node), flow=(f"prompt variable {hit_names[0]}", f"line {span.line}: {sink}")))

    def _log_switch_guarded(self) -> bool:
        """The log call sits under a switch that turns logging of model data on or off."""
        cur = self.facts.parent(self.node)
        while cur is not None and cur is not self.flow.node:
            if isinstance(cur, ast.If) and _LOG_DATA_SWITCH.search(ast.unparse(cur.test)):
                return True
            cur = self.facts.parent(cur)
        return False

    def _env_read(self, key: ast.AST | None, node: ast.AST) -> Taint:
        return self.flow._env_read(key, node)


def _env_read(self: FunctionFlow, key: ast.AST | None, node: ast.AST) -> Taint:
    name = const_str(key)
    if name is None and isinstance(key, ast.Name):
        value = self.facts.module_constants.get(key.id)
        name = const_str(value)
    if name and sdk.SECRET_ENV_NAME.search(name) and not sdk.NOT_SECRET_ENV.search(name):
        return frozenset({Label(SECRET, f"environment variable {name}", getattr(node, "lineno", 0))})
    return CLEAN


FunctionFlow._env_read = _env_read  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------
# helpers


def signature(fn: FunctionNode) -> tuple[tuple[str, ...], tuple[str, ...], str, str]:
    """(positional parameters, keyword-only ones, *args name, **kwargs name)."""
    args = fn.args
    return (
        tuple(a.arg for a in (*args.posonlyargs, *args.args)),
        tuple(a.arg for a in args.kwonlyargs),
        args.vararg.arg if args.vararg else "",
        args.kwarg.arg if args.kwarg else "",
    )


def _param_defaults(fn: FunctionNode) -> list[tuple[str, ast.expr | None]]:
    pos = [*fn.args.posonlyargs, *fn.args.args]
    defaults: list[ast.expr | None] = [None] * (len(pos) - len(fn.args.defaults)) + list(fn.args.defaults)
    out = [(a.arg, d) for a, d in zip(pos, defaults, strict=True)]
    out += [(a.arg, d) for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults, strict=True)]
    return out


def _is_literal_or_enum(facts: ModuleFacts, annotation: ast.AST) -> bool:
    text = ast.unparse(annotation)
    if re.search(r"\bLiteral\[", text):
        return True
    for name in re.findall(r"[A-Za-z_][\w.]*", text):
        cls = facts.classes.get(name.rsplit(".", 1)[-1])
        if cls is not None and cls.is_enum:
            return True
    return False


def _bounded_default(default: ast.AST | None) -> bool:
    if isinstance(default, ast.Call):
        return any(kw.arg in ("le", "lt") for kw in default.keywords)
    return False


def _has_validator(cls: ClassInfo, field_name: str) -> bool:
    for fn in cls.methods.values():
        for dec in fn.decorator_list:
            if isinstance(dec, ast.Call) and (dotted(dec.func) or "").endswith(("validator", "field_validator")):
                if any(const_str(a) == field_name for a in dec.args):
                    return True
    return False


def _has_plain_secret_field(cls: ClassInfo) -> bool:
    for name, ann in cls.fields.items():
        if sdk.SECRET_NAME.search(name) and "SecretStr" not in (ast.unparse(ann) if ann is not None else ""):
            return True
    return False


def _is_literal(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, (ast.Call, ast.Attribute, ast.Subscript, ast.JoinedStr)):
            if isinstance(sub, ast.Attribute) or isinstance(sub, ast.Call):
                continue  # references to functions / enums in a registry are fine
    return True


def _small_slice(node: ast.Slice) -> bool:
    def const(v: ast.AST | None) -> int | None:
        if v is None:
            return None
        if isinstance(v, ast.Constant) and isinstance(v.value, int):
            return v.value
        if isinstance(v, ast.UnaryOp) and isinstance(v.op, ast.USub) and isinstance(v.operand, ast.Constant) and isinstance(v.operand.value, int):
            return -v.operand.value
        return -999

    lower, upper = const(node.lower), const(node.upper)
    if lower is not None and lower < 0 and lower >= -6 and upper is None:
        return True
    if lower in (None, 0) and upper is not None and 0 < upper <= 8:
        return True
    return False


def _names_in(node: ast.AST, skip_clean: bool = False) -> set[str]:
    out: set[str] = set()
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, ast.Name):
            out.add(cur.id)
            continue
        if isinstance(cur, ast.Call):
            fname = dotted(cur.func) or ""
            if skip_clean and (fname in S.CLEANING_BUILTINS or S.HASHERS.search(fname) or S.LOG_REDACTOR.search(fname.rsplit(".", 1)[-1]) or fname in S.SCALAR_BUILTINS):
                continue
            if isinstance(cur.func, ast.Attribute):
                if skip_clean and cur.func.attr in S.CLEAN_METHODS:
                    continue
                stack.append(cur.func.value)
            stack.extend(cur.args)
            stack.extend(kw.value for kw in cur.keywords)
            continue
        if isinstance(cur, ast.Attribute):
            if skip_clean and cur.attr in sdk.METADATA_ATTRS:
                continue
            stack.append(cur.value)
            continue
        if isinstance(cur, (ast.Lambda, ast.Compare)):
            continue
        if isinstance(cur, ast.IfExp):
            stack.extend((cur.body, cur.orelse))
            continue
        if isinstance(cur, ast.UnaryOp) and isinstance(cur.op, ast.Not):
            continue
        stack.extend(ast.iter_child_nodes(cur))
    return out


def _all_clean(flow: FunctionFlow, name: str) -> bool:
    """A prompt variable whose value is a constant string (nothing user- or model-made)."""
    values = flow.scope.lookup_assigns(name)
    return bool(values) and all(isinstance(v, ast.Constant) for v in values)


def _enum_role(node: ast.AST) -> str | None:
    text = (dotted(node) or "").lower()
    if text.endswith(".system"):
        return "system"
    if text.endswith(".developer"):
        return "developer"
    return None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _looks_sql(node: ast.AST, flow: FunctionFlow, depth: int = 0, pattern: LazyRegex = _SQL_TEXT) -> bool:
    if depth > 4:
        return False
    if isinstance(node, ast.JoinedStr):
        text = " ".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        return bool(pattern.search(text))
    if isinstance(node, ast.BinOp):
        return _looks_sql(node.left, flow, depth + 1, pattern) or _looks_sql(node.right, flow, depth + 1, pattern)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(pattern.search(node.value))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _looks_sql(node.func.value, flow, depth + 1, pattern)
    if isinstance(node, ast.Call) and (dotted(node.func) or "").endswith("text") and node.args:
        return True
    if isinstance(node, ast.Name):
        values = flow.scope.lookup_assigns(node.id)
        return any(_looks_sql(v, flow, depth + 1, pattern) for v in values[:3] if not isinstance(v, ast.Name))
    return False


def _host_fixed(flow: FunctionFlow, node: ast.AST, depth: int = 0) -> bool:
    """Is the scheme and host of this URL expression out of the model's hands?"""
    prefix = calls.url_prefix(flow.facts, flow.scope, node)
    if prefix and urls.fixed_host_prefix(prefix.split("\x00", 1)[0]):
        return True
    if depth > 3:
        return False
    first: ast.AST | None = None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        first = node.left
        while isinstance(first, ast.BinOp) and isinstance(first.op, ast.Add):
            first = first.left
    elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.FormattedValue):
        first = node.values[0].value
    if first is not None:
        return not any(lb.kind == LLM for lb in flow.expr(first))
    if isinstance(node, ast.Name):
        values = flow.scope.lookup_assigns(node.id)
        return bool(values) and all(_host_fixed(flow, v, depth + 1) for v in values)
    return False


def _whole_array(flow: FunctionFlow, node: ast.AST, depth: int = 0) -> bool:
    """Is this messages value the request's own array (not a list we built)?"""
    if depth > 3:
        return False
    if isinstance(node, ast.List):
        return any(isinstance(e, ast.Starred) and _whole_array(flow, e.value, depth + 1) for e in node.elts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _whole_array(flow, node.left, depth + 1) or _whole_array(flow, node.right, depth + 1)
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        return False
    if isinstance(node, ast.Name):
        values = flow.scope.lookup_assigns(node.id)
        if values:
            return any(_whole_array(flow, v, depth + 1) for v in values)
        taint = flow.lookup_name(node.id)
        return any(lb.kind == USER and lb.category == WEB for lb in taint) and node.id in flow.param_names and _is_list_param(flow, node.id)
    if isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        if isinstance(node, ast.Call):
            if not (isinstance(node.func, ast.Attribute) and node.func.attr == "get"):
                return False
        leaf = (guards.path_of(node) or "").rsplit(".", 1)[-1].split("[")[-1].strip("'\"]")
        if not _MESSAGES_NAME.search(leaf):
            return False
        taint = flow.expr(node)
        return any(lb.kind == USER and lb.category in (WEB, EVENT) for lb in taint if lb.active_for("AIS405"))
    return False


def _is_list_param(flow: FunctionFlow, name: str) -> bool:
    fn = flow.node
    if isinstance(fn, ast.Module):
        return False
    for arg in [*fn.args.args, *fn.args.kwonlyargs]:
        if arg.arg == name and arg.annotation is not None:
            return bool(re.match(r"(?i)(?:typing\.)?(?:list|List|Sequence)\b", ast.unparse(arg.annotation)))
    return False


NAME = "name"  # label category: a model-chosen tool / function name (not response text)


def _constant_keys_items(flow: FunctionFlow, call: ast.Call) -> bool:
    """`for k, v in D.items()` where D is a dict literal with constant keys."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "items" and isinstance(func.value, ast.Name)):
        return False
    values = flow.scope.lookup_assigns(func.value.id) or (
        [flow.facts.module_constants[func.value.id]] if func.value.id in flow.facts.module_constants else []
    )
    return len(values) == 1 and isinstance(values[0], ast.Dict) and all(
        k is not None and isinstance(k, ast.Constant) for k in values[0].keys
    )


def _call_arguments(node: ast.AST) -> bool:
    """`call["arguments"]`, `call.get("arguments")`, `call.function.arguments` (also `... or "{}"`)."""
    if isinstance(node, ast.BoolOp) and node.values:
        node = node.values[0]
    if isinstance(node, ast.Attribute):
        return node.attr == "arguments"
    if isinstance(node, ast.Subscript):
        return const_str(node.slice) == "arguments"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
        return const_str(node.args[0]) == "arguments"
    return False


def _arguments_decoded(qual: str, node: ast.Call) -> bool:
    return qual in _JSON_LOADS and bool(node.args) and _call_arguments(node.args[0])


_JSON_LOADS = frozenset({"json.loads", "orjson.loads", "ujson.loads"})


def _declares_function_tools(facts: ModuleFacts) -> bool:
    """The file declares function-calling schemas (`{"name": ..., "parameters": {...}}`)."""
    for d in facts.of_type(ast.Dict):
        assert isinstance(d, ast.Dict)
        keys = {const_str(k) for k in d.keys if k is not None}
        if "parameters" in keys and "name" in keys:
            return True
    return False


def _as_name(taint: Taint) -> Taint:
    if not taint:
        return taint
    return frozenset(replace(lb, category=NAME) if lb.kind == LLM and lb.category != TOOL else lb for lb in taint)


# session.get(url, headers=...): an HTTP request (what it sends is not what it returns), not dict.get
_HTTP_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request"})
_HTTP_KEYWORDS = frozenset({"headers", "params", "json", "timeout", "auth", "cookies", "allow_redirects", "follow_redirects", "verify", "ssl"})


def _stringish(qual: str, method: str, receiver: Taint) -> bool:
    """Calls whose result carries their arguments' text (so a secret in, a secret out)."""
    if any(lb.kind == SECRET for lb in receiver):
        return True
    if method:
        return method in _STRINGISH_METHODS
    return qual in _STRINGISH_FUNCS or qual.rsplit(".", 1)[-1] in _STRINGISH_FUNCS


_SOURCE_IMPORTS = ("flask", "quart", "fastapi", "starlette", "django", "rest_framework", "streamlit", "gradio",
                   "bottle", "sanic", "tornado", "aws_lambda", "mcp", "fastmcp", "chainlit", "functions_framework",
                   "click", "typer", "argparse", "getpass", "pydantic_settings", "decouple", "environ")
_SOURCE_NAMES = frozenset({"input", "raw_input", "argv", "stdin", "environ", "getenv", "secrets", "parse_args", "request"})
_FETCH_CALLS = LazyRegex(
    r"^(?:requests|httpx|aiohttp|urllib\.request|urllib2)\.|^urlopen$|Loader$|Reader$|^(?:tavily|duckduckgo_search|ddgs|trafilatura|firecrawl)"
)


def _source_node(facts: ModuleFacts, node: ast.AST) -> bool:
    """Could this node bring untrusted, secret or model-made data into a function?"""
    if isinstance(node, ast.Call):
        if facts.call_cache.get(id(node)) is not None:
            return True
        name = dotted(node.func)
        if name:
            qual = facts.imports.resolve(name)
            if _arguments_decoded(qual, node):
                return True
            return bool(_FETCH_CALLS.search(qual)) or qual.startswith(("streamlit.", "gradio.", "click.", "typer.", "getpass.")) or name in ("input", "raw_input")
        return False
    if isinstance(node, ast.Name):
        return node.id in _SOURCE_NAMES
    if isinstance(node, ast.Attribute):
        return node.attr in _SOURCE_NAMES or bool(sdk.SECRET_NAME.search(node.attr) and not sdk.NOT_SECRET_NAME.search(node.attr))
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 16:
        return ("://" in node.value and "@" in node.value) or bool(find_keys_in_text(node.value))
    return False


def _has_sources(facts: ModuleFacts) -> bool:
    """Cheap check: could anything untrusted, secret or model-made enter this module?"""
    if facts.tools or facts.routes or facts.ui_handlers or facts.lambda_handlers or facts.abstract_llm:
        return True
    for qual in facts.imports.names.values():
        if qual.lstrip(".").startswith(_SOURCE_IMPORTS):
            return True
    resolve = facts.imports.resolve
    for node in facts.of_type(ast.Name, ast.Attribute, ast.Call, ast.Constant):
        if isinstance(node, ast.Name):
            if node.id in _SOURCE_NAMES:
                return True
        elif isinstance(node, ast.Attribute):
            if node.attr in _SOURCE_NAMES or (sdk.SECRET_NAME.search(node.attr) and not sdk.NOT_SECRET_NAME.search(node.attr)):
                return True
        elif isinstance(node, ast.Call):
            name = dotted(node.func)
            if name and (_FETCH_CALLS.search(resolve(name)) or _arguments_decoded(resolve(name), node)):
                return True
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 16 and "://" in node.value and "@" in node.value:
            return True
    return False


_DELIMITED = LazyRegex(r"<[a-z_]+>|```|\"\"\"|---|===|\[BEGIN|<<<", re.I)


def _instruction_template(node: ast.AST) -> bool:
    """Constant instruction text with untrusted text formatted in, without delimiters."""
    parts: list[str] = []
    if isinstance(node, ast.JoinedStr):
        parts = [str(v.value) for v in node.values if isinstance(v, ast.Constant)]
    elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        parts = [str(n.value) for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        parts = [const_str(node.func.value) or ""]
    text = " ".join(parts)
    return len(text.split()) >= 2 and not _DELIMITED.search(text)


def _exit_call(call: ast.Call) -> bool:
    name = dotted(call.func) or ""
    return name.rsplit(".", 1)[-1] in ("abort", "exit", "_exit", "stop", "fail", "throw") and name not in ("self.stop",)


def _literal_pattern(pattern: ast.pattern) -> bool:
    if isinstance(pattern, ast.MatchValue):
        return True
    if isinstance(pattern, ast.MatchOr):
        return all(_literal_pattern(p) for p in pattern.patterns)
    return False


_DTO_NAME = LazyRegex(r"(?:Body|Request|Input|Payload|Schema|DTO)$")


def _returned_class(fn: FunctionNode) -> str:
    """The class name a function's return annotation names (``-> Cls``, ``-> "Cls"``,
    ``-> Cls | None``, ``-> Optional[Cls]``), or ""."""
    ann = fn.returns
    if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
        return ann.value.strip()
    if isinstance(ann, ast.BinOp) and isinstance(ann.op, ast.BitOr):
        sides = [a for a in (ann.left, ann.right) if not (isinstance(a, ast.Constant) and a.value is None)]
        ann = sides[0] if len(sides) == 1 else None
    if isinstance(ann, ast.Subscript) and (dotted(ann.value) or "").rsplit(".", 1)[-1] == "Optional":
        ann = ann.slice
    return ann.id if isinstance(ann, ast.Name) else ""


def _popen_argv(facts: ModuleFacts, scope: Scope, proc: ast.expr) -> ast.AST | None:
    """The argv of the ``subprocess.Popen(...)`` that ``proc`` (a local or ``self.x``) holds."""
    value = calls.resolve_value(facts, scope, proc) if isinstance(proc, ast.Name) else None
    candidates: list[ast.AST] = [value] if value is not None else []
    if not candidates:
        text = ast.unparse(proc)
        for node in ast.walk(facts.tree):
            if isinstance(node, ast.Assign) and any(ast.unparse(t) == text for t in node.targets):
                candidates.append(node.value)
            elif isinstance(node, ast.AnnAssign) and node.value is not None and ast.unparse(node.target) == text:
                candidates.append(node.value)
    for value in candidates:
        if isinstance(value, ast.Await):
            value = value.value
        if isinstance(value, ast.Call) and facts.resolve(value.func).endswith(("subprocess.Popen", "create_subprocess_exec")):
            return value.args[0] if value.args else keyword(value, "args")
    return None


def _stdin_reader(facts: ModuleFacts, scope: Scope, argv: ast.AST) -> str:
    """The shell or interpreter an argv starts when it reads its commands from stdin ("" when
    it runs a -c script or a file and stdin is only data)."""
    value = calls.resolve_value(facts, scope, argv) if isinstance(argv, ast.Name) else argv
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        words = value.value.split()
        items: list[str | None] = list(words)
    elif isinstance(value, (ast.List, ast.Tuple)) and value.elts:
        items = [const_str(e) for e in value.elts]
    else:
        return ""
    if not items or items[0] is None:
        return ""
    program = items[0].rsplit("/", 1)[-1]
    if program not in _SHELL_PROGRAMS and program not in _PY_PROGRAMS:
        return ""
    for item in items[1:]:
        if item is None or not item.startswith("-") or item in ("-c", "/c", "-Command", "-e", "--eval", "-m"):
            return ""  # a script, a file or a module runs; stdin is its data
    return program


def _is_property(fn: FunctionNode) -> bool:
    """A @property / @cached_property: reading it runs the function, calling it calls its value."""
    return any((dotted(d) or "").rsplit(".", 1)[-1] in ("property", "cached_property") for d in fn.decorator_list)


def _is_static(fn: FunctionNode) -> bool:
    """A @staticmethod takes no self: a call through self or the class binds from its first parameter."""
    return any((dotted(d) or "") == "staticmethod" for d in fn.decorator_list)
