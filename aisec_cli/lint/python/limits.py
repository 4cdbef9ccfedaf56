"""AIS401–AIS404 and AIS406 for Python: output caps, timeouts, retries, rate limits.

These rules ask "is a limit visible?" so they resolve what real code does: `**kwargs`
dicts built in the same file, `functools.partial`, wrappers passing a cap through,
client-level timeouts and `with_options`, LangChain constructor arguments, limiter
decorators, dependencies, app-wide defaults and in-handler quota checks.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Iterator

from aisec_cli.lint import sdk, urls
from aisec_cli.lint.hits import Hit
from aisec_cli.lint.python import calls
from aisec_cli.lint.python.facts import (
    ClassInfo,
    FunctionNode,
    ModuleFacts,
    Scope,
    const_str,
    dotted,
    keyword,
)
from aisec_cli.lint.python.flow import code_of, span_of
from aisec_cli.core.lazyre import LazyRegex

_INF_NAMES = LazyRegex(r"(?:^|\.)(?:inf|infinity|maxsize|MAX_INT)$", re.I)
_RETRY_KEYWORDS = ("max_retries", "num_retries", "maxRetries")
_LIMIT_WORDS_SET = frozenset(
    {"limit", "limits", "limiter", "ratelimit", "ratelimiter", "throttle", "throttled", "throttler", "quota",
     "quotas", "allowed", "allow", "consume", "rate", "budget", "spend", "spending", "hit", "acquire", "bucket"}
)


def limit_words(name: str) -> bool:
    words = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", name)
    return any(w.lower() in _LIMIT_WORDS_SET for w in words)


def iter_calls(facts: ModuleFacts) -> Iterator[tuple[ast.Call, Scope, ClassInfo | None, FunctionNode | None]]:
    yield from _scope_calls(facts, facts.tree, None)
    for fn in facts.functions:
        yield from _scope_calls(facts, fn, fn)


def _scope_calls(facts: ModuleFacts, node: ast.AST, fn: FunctionNode | None) -> Iterator[tuple[ast.Call, Scope, ClassInfo | None, FunctionNode | None]]:
    scope = facts.scope_of(node)  # type: ignore[arg-type]
    cls = facts.class_of(fn) if fn is not None else None
    for child in facts.nodes_of(node):
        if isinstance(child, ast.Call):
            yield child, scope, cls, fn


class Limits:
    def __init__(self, facts: ModuleFacts, lines: list[str], rules: frozenset[str]) -> None:
        self.facts = facts
        self.lines = lines
        self.rules = rules
        self.hits: list[Hit] = []
        self.model_calls: list[tuple[ast.Call, calls.ModelCall, Scope, FunctionNode | None]] = []
        self.all_calls = list(iter_calls(facts))
        for call, scope, cls, fn in self.all_calls:
            mc = calls.classify(facts, scope, cls, call)
            if mc is not None and not any(kw.arg == "mock_response" for kw in call.keywords):
                self.model_calls.append((call, mc, scope, fn))  # litellm's mock_response calls no model

    def hit(self, rule: str, node: ast.AST, message: str, **extra: object) -> None:
        if rule in self.rules:
            self.hits.append(Hit(rule, span_of(self.lines, node), message, code=code_of(node), extra=dict(extra)))

    def run(self) -> list[Hit]:
        self.body_spreads()
        self.output_caps()
        self.constructors()
        self.timeouts()
        self.retries()
        self.rate_limits()
        return self.hits

    # -- AIS405: a request body spread into the call --------------------------------------

    def body_spreads(self) -> None:
        """`create(**request.get_json())`: the client picks model, tools and token budget."""
        for call, mc, scope, _fn in self.model_calls:
            for kw in call.keywords:
                if kw.arg is not None:
                    continue
                body = calls.request_body(self.facts, scope, kw.value)
                if body:
                    self.hit(
                        "AIS405",
                        kw.value,
                        f"`{body}` is spread into `{mc.desc}`: the client chooses the model, tools and token budget.",
                    )

    # -- AIS401 ----------------------------------------------------------------------------

    def output_caps(self) -> None:
        facts = self.facts
        for call, mc, scope, _fn in self.model_calls:
            missing = self._missing_cap(call, mc, scope)
            if missing:
                self.hit(
                    "AIS401",
                    call,
                    f"`{mc.desc}` sets no output cap ({missing}): one request can spend the model's whole output budget.",
                )
        _ = facts

    def _missing_cap(self, call: ast.Call, mc: calls.ModelCall, scope: Scope) -> str:
        facts = self.facts
        kwargs = calls.resolve_kwargs(facts, scope, call, extra=mc.partial)
        if kwargs is None:
            return ""
        if mc.api == "http" and urls.is_local_server(mc.url):
            return ""
        ctor = calls.client_constructor(scope, call)
        if ctor is not None:
            ctor_kwargs = calls.resolve_kwargs(facts, scope, ctor)
            if ctor_kwargs is not None and calls.local_base_url(facts, scope, ctor_kwargs):
                return ""  # a client of a local inference server: no per-token bill
        if mc.api == "google.genai":
            config = kwargs.get("config")
            if config is None:
                return "config.max_output_tokens"
            has = calls.config_has(facts, scope, config, sdk.CONFIG_CAP_KEYS)
            return "config.max_output_tokens" if has is False else ""
        if mc.api == "google.generativeai":
            gen = kwargs.get("generation_config")
            if gen is not None:
                has = calls.config_has(facts, scope, gen, sdk.CONFIG_CAP_KEYS)
                return "generation_config.max_output_tokens" if has is False else ""
            ctor = self._receiver_constructor(call, scope)
            if ctor is None:
                return ""
            ckw = calls.resolve_kwargs(facts, scope, ctor)
            if ckw is None:
                return ""
            gen = ckw.get("generation_config")
            if gen is None:
                return "generation_config.max_output_tokens"
            has = calls.config_has(facts, scope, gen, sdk.CONFIG_CAP_KEYS)
            return "generation_config.max_output_tokens" if has is False else ""
        if mc.api == "bedrock.converse":
            inf = kwargs.get("inferenceConfig")
            if inf is None:
                return "inferenceConfig.maxTokens"
            has = calls.config_has(facts, scope, inf, ("maxTokens",))
            return "inferenceConfig.maxTokens" if has is False else ""
        if mc.api == "bedrock.invoke":
            body = kwargs.get("body")
            if isinstance(body, ast.Call) and (dotted(body.func) or "").endswith("dumps") and body.args:
                body = body.args[0]
            d = calls.resolve_dict(facts, scope, body) if body is not None else None
            if d is None or "anthropic_version" in d or "messages" in d and "max_tokens" in d:
                return ""
            has = calls.config_has(facts, scope, body, sdk.BEDROCK_CAP_KEYS)
            return "max tokens in the request body" if has is False else ""
        if mc.api == "http":
            if not urls.is_generation_endpoint(mc.url):
                return ""  # realtime sessions, audio, images: no output-token cap to set
            body = kwargs.get("json")
            d = calls.resolve_dict(facts, scope, body) if body is not None else None
            if d is None or mc.provider == "anthropic" or "/messages" in mc.url:
                return ""
            if ":generateContent" in mc.url or ":streamGenerateContent" in mc.url:
                has = calls.config_has(facts, scope, body, ("maxOutputTokens", "max_output_tokens"))
                return "generationConfig.maxOutputTokens" if has is False else ""
            if any(k in d for k in ("max_tokens", "max_completion_tokens", "max_output_tokens")):
                return ""
            return "max_tokens in the JSON body"
        caps = sdk.CAP_KEYS.get(mc.api)
        if not caps:
            return ""
        if any(key in kwargs for key in sdk.LEGACY_CAP_KEYS):
            return ""  # Anthropic's legacy text completions: capped by max_tokens_to_sample
        for key in caps:
            value = kwargs.get(key)
            if value is not None and not _may_be_none(value):
                return ""
        extra = kwargs.get("extra_body")
        if extra is not None and calls.config_has(facts, scope, extra, caps) is not False:
            return ""
        return " / ".join(caps)

    def _receiver_constructor(self, call: ast.Call, scope: Scope) -> ast.Call | None:
        func = call.func
        if not isinstance(func, ast.Attribute):
            return None
        base = func.value
        if isinstance(base, ast.Call):
            return base
        if isinstance(base, ast.Name):
            values = scope.lookup_assigns(base.id)
            if len(values) == 1 and isinstance(values[0], ast.Call):
                return values[0]
        if isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name) and base.value.id == "self":
            values = scope.lookup_assigns(f"self.{base.attr}")
            owner = self.facts.class_of(scope.node)
            for fn_scope in self.facts.scopes.values():
                if owner is not None and self.facts.class_of(fn_scope.node) is not owner:
                    continue  # `self.model` of another class in the module is another object
                values = values or fn_scope.assigns.get(f"self.{base.attr}", [])
            if len(values) == 1 and isinstance(values[0], ast.Call):
                return values[0]
        return None

    def constructors(self) -> None:
        """LangChain / LlamaIndex chat models built without an output cap."""
        facts = self.facts
        for call, scope, _cls, _fn in self.all_calls:
            qual = facts.resolve(call.func)
            if not qual:
                continue
            last = qual.rsplit(".", 1)[-1]
            root = qual.split(".", 1)[0]
            if root.startswith("langchain") and last in sdk.LANGCHAIN_CAPPED:
                keys: tuple[str, ...] = sdk.LANGCHAIN_CAP_KEYS
            elif root.startswith("langchain") and last in sdk.LANGCHAIN_FACTORIES:
                if self._factory_exempt(call, scope):
                    continue
                keys = sdk.LANGCHAIN_CAP_KEYS
            elif root == "llama_index" and last in sdk.LLAMAINDEX_CAPPED:
                keys = ("max_tokens",)
            else:
                continue
            kwargs = calls.resolve_kwargs(facts, scope, call)
            if kwargs is None:
                continue
            if any(k in kwargs and not _is_none(kwargs[k]) for k in keys):
                continue
            if calls.local_base_url(facts, scope, kwargs):
                continue  # a local inference server: no per-token bill
            mk = kwargs.get("model_kwargs")
            if mk is not None and calls.config_has(facts, scope, mk, keys) is not False:
                continue
            if self._bound_later(call, keys):
                continue
            self.hit("AIS401", call, f"`{last}(...)` is built without max_tokens: every call through it is uncapped.")

    def _factory_exempt(self, call: ast.Call, scope: Scope) -> bool:
        """`init_chat_model(...)` for a provider whose chat model is capped by default or local."""
        provider = const_str(calls.resolve_value(self.facts, scope, keyword(call, "model_provider"))) or ""
        model_node = call.args[0] if call.args else keyword(call, "model")
        model = const_str(calls.resolve_value(self.facts, scope, model_node)) or ""
        if not provider and ":" in model:
            provider = model.split(":", 1)[0]
        if provider:
            return provider.lower() in sdk.LANGCHAIN_FACTORY_EXEMPT_PROVIDERS
        return model.lower().startswith(sdk.LANGCHAIN_FACTORY_EXEMPT_PREFIXES)

    def _bound_later(self, ctor: ast.Call, keys: tuple[str, ...]) -> bool:
        parent = self.facts.parent(ctor)
        if isinstance(parent, ast.Attribute) and parent.attr in ("bind", "with_config"):
            grand = self.facts.parent(parent)
            if isinstance(grand, ast.Call) and any(kw.arg in keys for kw in grand.keywords):
                return True
        target = _assigned_name(self.facts, ctor)
        if not target:
            return False
        for call, _scope, _cls, _fn in self.all_calls:
            if isinstance(call.func, ast.Attribute) and call.func.attr in ("bind", "with_config") and dotted(call.func.value) == target:
                if any(kw.arg in keys for kw in call.keywords):
                    return True
        return False

    # -- AIS402 ----------------------------------------------------------------------------

    def timeouts(self) -> None:
        facts = self.facts
        for call, scope, _cls, _fn in self.all_calls:
            qual = facts.resolve(call.func)
            kind = sdk.CLIENTS.get(qual)
            if kind is None:
                continue
            kwargs = calls.resolve_kwargs(facts, scope, call)
            if kwargs is None or "http_client" in kwargs:
                continue
            if kind.http_options:
                ho = kwargs.get("http_options")
                if ho is not None and calls.config_has(facts, scope, ho, ("timeout",)) is not False:
                    continue
            else:
                values = [kwargs[k] for k in kind.timeout_keys if k in kwargs]
                if values and not all(_is_none(v) for v in values):
                    continue
            if self._with_options_timeout(call):
                continue
            if self._subclass_sets_timeout(call, kind.timeout_keys):
                continue
            target = _assigned_name(facts, call)
            if target and self._all_calls_timed(target):
                continue
            if self._tokenizer_only(call, target):
                continue
            key = "http_options.timeout" if kind.http_options else kind.timeout_keys[0]
            fix = 'http_options={"timeout": 60000}' if kind.http_options else (
                "timeout_ms=60000" if key == "timeout_ms" else "timeout=60.0"
            )
            self.hit(
                "AIS402",
                call,
                f"`{qual.rsplit('.', 1)[-1]}()` client has no {key}: "
                + kind.wait_text(),
                fix_argument=fix,
            )
        for call, mc, scope, _fn in self.model_calls:
            if mc.api != "http":
                continue
            qual = facts.resolve(call.func)
            if not qual.startswith("requests."):
                continue
            kwargs = calls.resolve_kwargs(facts, scope, call)
            if kwargs is None or ("timeout" in kwargs and not _is_none(kwargs["timeout"])):
                continue
            self.hit("AIS402", call, f"`{qual}()` to {mc.provider} has no timeout: requests waits for ever.", fix_argument="timeout=60")

    def _subclass_sets_timeout(self, call: ast.Call, keys: tuple[str, ...]) -> bool:
        """`class C(Anthropic)` whose __init__ passes a timeout (or unknown **kwargs) to super()."""
        name = dotted(call.func) or ""
        cls = self.facts.classes.get(name)
        init = cls.methods.get("__init__") if cls is not None else None
        if init is None:
            return False
        for node in ast.walk(init):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "__init__":
                if any(kw.arg in keys or kw.arg is None for kw in node.keywords) or len(node.args) > 1:
                    return True
        return False

    def _tokenizer_only(self, call: ast.Call, target: str) -> bool:
        """A client used only for its local tokenizer (legacy `count_tokens`, `get_tokenizer`)."""
        parent = self.facts.parent(call)
        if isinstance(parent, ast.Attribute):
            return parent.attr in sdk.LOCAL_TOKENIZER_METHODS
        if not target:
            return False
        uses = [node for node in self.facts.of_type(ast.Attribute) if dotted(node.value) == target]  # type: ignore[attr-defined]
        return bool(uses) and all(node.attr in sdk.LOCAL_TOKENIZER_METHODS for node in uses)  # type: ignore[attr-defined]

    def _with_options_timeout(self, call: ast.Call) -> bool:
        parent = self.facts.parent(call)
        if isinstance(parent, ast.Attribute) and parent.attr == "with_options":
            grand = self.facts.parent(parent)
            if isinstance(grand, ast.Call) and keyword(grand, "timeout") is not None:
                return True
        return False

    def _all_calls_timed(self, target: str) -> bool:
        through = 0
        for call, mc, _scope, _fn in self.model_calls:
            root, timed = _client_root(call.func)
            if root != target and mc.receiver != target:
                continue
            through += 1
            if not (timed or keyword(call, "timeout") is not None):
                return False
        if through:
            return True
        # client = client.with_options(timeout=...) reassigned
        for call, _scope, _cls, _fn in self.all_calls:
            if isinstance(call.func, ast.Attribute) and call.func.attr == "with_options" and dotted(call.func.value) == target:
                if keyword(call, "timeout") is not None and _assigned_name(self.facts, call) == target:
                    return True
        return False

    # -- AIS403 ----------------------------------------------------------------------------

    def retries(self) -> None:
        facts = self.facts
        for fn in facts.functions:
            for dec in fn.decorator_list:
                target = dec.func if isinstance(dec, ast.Call) else dec
                qual = facts.resolve(target)
                last = qual.rsplit(".", 1)[-1]
                if qual.startswith("tenacity") and last == "retry":
                    if not isinstance(dec, ast.Call):
                        self.hit("AIS403", dec, "`@retry` without arguments retries for ever (no stop=).")
                        continue
                    kwargs = calls.resolve_kwargs(facts, facts.scope_of(fn), dec)
                    if kwargs is None:
                        continue
                    stop = kwargs.get("stop")
                    if stop is None or (dotted(stop) or "").endswith("stop_never"):
                        self.hit("AIS403", dec, "tenacity `@retry` has no stop= condition: it retries for ever.")
                elif qual.startswith("backoff") and last in ("on_exception", "on_predicate") and isinstance(dec, ast.Call):
                    kwargs = calls.resolve_kwargs(facts, facts.scope_of(fn), dec)
                    if kwargs is None:
                        continue
                    if not any(k in kwargs and not _is_none(kwargs[k]) for k in ("max_tries", "max_time")):
                        self.hit("AIS403", dec, f"`@backoff.{last}` has neither max_tries nor max_time: it retries for ever.")
                elif qual in ("retry.retry", "retry.api.retry") and isinstance(dec, ast.Call):
                    tries = keyword(dec, "tries")
                    if tries is None or (isinstance(tries, ast.UnaryOp) and isinstance(tries.op, ast.USub)):
                        self.hit("AIS403", dec, "`@retry` from the retry package defaults to tries=-1 (for ever).")
        for call, scope, _cls, _fn in self.all_calls:
            qual = facts.resolve(call.func)
            if qual.startswith("tenacity") and qual.rsplit(".", 1)[-1] in ("Retrying", "AsyncRetrying"):
                kwargs = calls.resolve_kwargs(facts, scope, call)
                if kwargs is not None and "stop" not in kwargs:
                    self.hit("AIS403", call, "tenacity `Retrying` has no stop= condition: it retries for ever.")
            for kw in call.keywords:
                if kw.arg in _RETRY_KEYWORDS and _too_many(kw.value):
                    self.hit("AIS403", kw.value, f"`{kw.arg}={code_of(kw.value)}`: more than 10 retries multiplies cost and load.")
        self._while_true()

    def _while_true(self) -> None:
        model_fns = self._model_functions()
        for scope_node in [self.facts.tree, *self.facts.functions]:
            for node in self.facts.nodes_of(scope_node):
                if not isinstance(node, ast.While):
                    continue
                if not (isinstance(node.test, ast.Constant) and node.test.value):
                    continue
                if not self._loop_calls_model(node, model_fns):
                    continue
                if _interactive(self.facts, node) or _bounded_loop(node):
                    continue
                self.hit(
                    "AIS403",
                    node,
                    "`while True` around a model call only ends on success: failures or a model that never stops loop for ever.",
                )

    def _loop_calls_model(self, loop: ast.While, model_fns: set[int]) -> bool:
        model_ids = {id(c) for c, _mc, _s, _f in self.model_calls}
        for sub in _walk_body(loop.body):
            if isinstance(sub, ast.Call):
                if id(sub) in model_ids:
                    return True
                for fn in self._callees(sub):
                    if id(fn) in model_fns:
                        return True
        return False

    def _callees(self, call: ast.Call) -> list[FunctionNode]:
        func = call.func
        name = ""
        if isinstance(func, ast.Name):
            name = func.id
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls"):
            name = func.attr
        if not name:
            return []
        return [fn for fn in self.facts.functions if fn.name == name]

    def _model_functions(self) -> set[int]:
        """Functions that call a model directly or through same-file functions."""
        direct: set[int] = set()
        for _call, _mc, _scope, fn in self.model_calls:
            if fn is not None:
                direct.add(id(fn))
        callees: dict[int, set[int]] = {}
        for call, _scope, _cls, fn in self.all_calls:
            if fn is None:
                continue
            for target in self._callees(call):
                callees.setdefault(id(fn), set()).add(id(target))
        # nested functions count for their parent (generators passed to StreamingResponse)
        for fn in self.facts.functions:
            parent_scope = self.facts.func_scope.get(id(fn))
            if parent_scope is not None and not isinstance(parent_scope.node, ast.Module):
                callees.setdefault(id(parent_scope.node), set()).add(id(fn))
        result = set(direct)
        changed = True
        while changed:
            changed = False
            for caller, targets in callees.items():
                if caller not in result and targets & result:
                    result.add(caller)
                    changed = True
        return result

    # -- AIS404 / AIS406 -------------------------------------------------------------------

    def rate_limits(self) -> None:
        facts = self.facts
        if not facts.routes:
            return
        model_fns = self._model_functions()
        reads_usage = any(
            isinstance(n, ast.Attribute) and n.attr in ("usage", "usage_metadata") for n in facts.of_type(ast.Attribute)
        ) or any(const_str(n) == "usage" for n in facts.of_type(ast.Constant))
        first_route: ast.AST | None = None
        for fn in facts.functions:
            route = facts.routes.get(id(fn))
            if route is None or id(fn) not in model_fns or route.kind == "function":
                continue
            first_route = first_route or route.anchor
            if route.limited or facts.app_limited:
                continue
            cls = facts.class_of(fn)
            if cls is not None and cls.limited:
                continue
            if _limited_in_body(fn):
                continue
            self.hit(
                "AIS404",
                route.anchor,
                f"Route `{fn.name}` calls a model with no rate limit in sight (decorator, dependency, middleware or quota check).",
            )
        if first_route is not None and not reads_usage:
            self.hit("AIS406", first_route, "Routes call models but no code reads the response usage: per-user spend cannot be enforced.")


def _walk_body(body: list[ast.stmt]) -> Iterator[ast.AST]:
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        stack.extend(ast.iter_child_nodes(node))


def _limited_in_body(fn: FunctionNode) -> bool:
    for node in (n for stmt in fn.body for n in ast.walk(stmt)):
        if isinstance(node, ast.Call):
            name = dotted(node.func) or ""
            if limit_words(name.rsplit(".", 1)[-1]) or limit_words(name):
                return True
        if isinstance(node, ast.Constant) and node.value == 429:
            return True
        if isinstance(node, ast.Attribute) and node.attr in ("HTTP_429_TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"):
            return True
    return False


# helpers named for reading the user's next line: input_with_fallback, get_user_input, read_input
_INPUT_HELPER = LazyRegex(r"(?:get_|read_|ask_|prompt_)?(?:user_)?input(?:_\w*)?")


def _reads_input(facts: ModuleFacts, call: ast.Call) -> bool:
    """A call that waits for the user: an input helper by name, input passed along, a same-file reader."""
    name = (facts.resolve(call.func) or dotted(call.func) or "").rsplit(".", 1)[-1]
    if _INPUT_HELPER.fullmatch(name):
        return True
    if any(isinstance(a, ast.Name) and a.id == "input" for a in call.args):
        return True  # loop.run_in_executor(None, input)
    if isinstance(call.func, ast.Name):
        for fn in facts.functions:
            if fn.name == call.func.id and any(
                isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "input" for n in ast.walk(fn)
            ):
                return True
    return False


def _interactive(facts: ModuleFacts, loop: ast.While) -> bool:
    for node in _walk_body(loop.body):
        if isinstance(node, ast.Call):
            if _reads_input(facts, node):
                return True
            qual = facts.resolve(node.func)
            if qual in ("input", "raw_input") or qual.endswith(("chat_input", "prompt", "readline", "recv", "receive_text", "receive_json", "receive", "get")) and "queue" in qual.lower():
                return True
            if qual in ("input",) or qual.endswith(("Prompt.ask", "click.prompt", "typer.prompt", "sys.stdin.readline")):
                return True
            if isinstance(node.func, ast.Attribute) and node.func.attr in ("receive_text", "receive_json", "receive", "recv", "iter_text"):
                return True
    return False


def _bounded_loop(loop: ast.While) -> bool:
    counters: set[str] = set()
    for node in _walk_body(loop.body):
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            counters.add(node.target.id)
    for node in _walk_body(loop.body):
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.ExceptHandler) and _exits(node.body):
            return True
        if isinstance(node, ast.If):
            names = {n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)}
            test_text = ast.unparse(node.test)
            if (names & counters or re.search(r"(?i)time\(|deadline|elapsed|monotonic|max_|limit|attempt|retries|tries|iteration|step", test_text)) and _exits(node.body):
                return True
    return False


def _exits(body: list[ast.stmt]) -> bool:
    return any(isinstance(s, (ast.Break, ast.Return, ast.Raise)) for s in body) or any(
        isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) and (dotted(s.value.func) or "").endswith(("exit", "abort"))
        for s in body
    )


def _too_many(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return node.value > 10 or math.isinf(node.value)
    name = dotted(node) or ""
    if name and _INF_NAMES.search(name):
        return True
    if isinstance(node, ast.Call) and (dotted(node.func) or "") == "float" and node.args:
        s = const_str(node.args[0]) or ""
        return s.lower().lstrip("+") in ("inf", "infinity")
    return False


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _assigned_name(facts: ModuleFacts, call: ast.AST) -> str:
    """The variable (or self.attr) a constructor call is stored in, peeling with_options."""
    node = call
    parent = facts.parent(node)
    while isinstance(parent, ast.Attribute) and parent.attr == "with_options":
        grand = facts.parent(parent)
        if not isinstance(grand, ast.Call):
            break
        node, parent = grand, facts.parent(grand)
    if isinstance(parent, ast.Await):
        node, parent = parent, facts.parent(parent)
    if isinstance(parent, (ast.Assign, ast.AnnAssign)):
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        if len(targets) == 1:
            t = targets[0]
            if isinstance(t, ast.Name):
                return t.id
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                return f"self.{t.attr}"
    return ""


def _client_root(func: ast.AST) -> tuple[str, bool]:
    """(root client variable, went through with_options(timeout=...))."""
    node = func
    timed = False
    while True:
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name):
                return node.value.id, timed
            if isinstance(node.value, ast.Attribute) and isinstance(node.value.value, ast.Name) and node.value.value.id == "self":
                return f"self.{node.value.attr}", timed
            node = node.value
            continue
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute) and node.func.attr == "with_options":
                if keyword(node, "timeout") is not None:
                    timed = True
            node = node.func
            continue
        return "", timed


def _may_be_none(value: ast.expr) -> bool:
    """``None``, or a conditional with ``None`` in a branch: on that path the call has no cap."""
    if isinstance(value, ast.Constant):
        return value.value is None
    if isinstance(value, ast.IfExp):
        return _may_be_none(value.body) or _may_be_none(value.orelse)
    return False
