"""Recognise model calls and client constructors; resolve keyword arguments."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from aisec_cli.lint import sdk, urls
from aisec_cli.lint.python.facts import (
    ClassInfo,
    ModuleFacts,
    Scope,
    chain,
    const_str,
    constructor_type,
    dotted,
    keyword,
)
from aisec_cli.core.lazyre import LazyRegex

_AI_CLASS = LazyRegex(
    r"(?i)chat|llm|openai|anthropic|claude|gemini|mistral|groq|cohere|ollama|chain|agent|executor|"
    r"engine|pipeline|crew|runnable|bedrock|vertex|generativemodel|predictor|assistant"
)
_NOT_AI_CLASS = LazyRegex(
    r"(?i)embedding|vectorstore|vector_store|store|retriever|loader|splitter|database|memory|"
    r"parser|tool|prompt|template|index|document|reader|client$|session|message|callback|graph$"
)
_HTTP_FUNCS = frozenset({"post", "get", "put", "request", "patch"})
_FRAMEWORK_ROOTS = (
    "langchain",
    "langgraph",
    "llama_index",
    "transformers",
    "crewai",
    "autogen",
    "pydantic_ai",
    "agents",
    "dspy",
    "haystack",
    "smolagents",
    "instructor",
)


@dataclass(frozen=True, slots=True)
class ModelCall:
    api: str
    provider: str
    receiver: str  # "client", "self.client" … for client tracking; "" if none
    desc: str
    partial: ast.Call | None = None
    url: str = ""


def type_provider(qual: str) -> str:
    root = qual.split(".", 1)[0]
    if qual.startswith("boto3.client:bedrock"):
        return "bedrock"
    if qual.startswith("google.genai"):
        return "google-genai"
    if qual.startswith(("google.generativeai", "vertexai")):
        return "google-generativeai"
    if root == "mistralai":
        return "mistralai"
    return root


def receiver_type(facts: ModuleFacts, scope: Scope, cls: ClassInfo | None, func: ast.AST) -> tuple[str, str, list[str]]:
    """(type qualname, receiver path, remaining attrs) of a callee expression."""
    root, attrs = chain(func)
    if isinstance(root, ast.Name):
        if root.id in ("self", "cls") and attrs and cls is not None:
            t = cls.attr_types.get(attrs[0], "")
            if not t:
                for base in cls.bases:
                    other = facts.classes.get(base.rsplit(".", 1)[-1])
                    if other is not None and attrs[0] in other.attr_types:
                        t = other.attr_types[attrs[0]]
                        break
            return t, f"self.{attrs[0]}", attrs[1:]
        t = scope.lookup_types(root.id)
        if t:
            return t, root.id, attrs
        qual = facts.imports.resolve(root.id)
        if qual != root.id:
            return qual, root.id, attrs
        return "", root.id, attrs
    if isinstance(root, ast.Call):
        return constructor_type(facts, root, scope), "", attrs
    if isinstance(root, ast.Await) and isinstance(root.value, ast.Call):
        return constructor_type(facts, root.value, scope), "", attrs
    return "", "", attrs


def classify(
    facts: ModuleFacts, scope: Scope, cls: ClassInfo | None, call: ast.Call
) -> ModelCall | None:
    key = id(call)
    if key in facts.call_cache:
        return facts.call_cache[key]  # type: ignore[return-value]
    result = _classify(facts, scope, cls, call)
    facts.call_cache[key] = result
    return result


def _classify(
    facts: ModuleFacts, scope: Scope, cls: ClassInfo | None, call: ast.Call
) -> ModelCall | None:
    func = call.func
    if isinstance(func, ast.Name) and func.id in facts.partials:
        partial = facts.partials[func.id]
        if partial.args:
            inner = classify_callee(facts, scope, cls, partial.args[0], call)
            if inner is not None:
                return ModelCall(inner.api, inner.provider, inner.receiver, inner.desc, partial)
        return None
    found = classify_callee(facts, scope, cls, func, call)
    if found is None and isinstance(func, ast.Name) and scope.lookup_function(func.id) is None:
        # completion = client.chat.completions.create; completion(...): the bound method, renamed
        for value in scope.lookup_assigns(func.id)[:4]:
            if isinstance(value, ast.Attribute):
                found = classify_callee(facts, scope, cls, value, call)
                if found is not None:
                    break
    return found


def classify_callee(
    facts: ModuleFacts, scope: Scope, cls: ClassInfo | None, func: ast.AST, call: ast.Call | None
) -> ModelCall | None:
    text = dotted(func) or ""
    desc = (text or _short(func)) + "()"
    qual = facts.resolve(func) if text else ""
    if qual in sdk.QUALIFIED_CALLS:
        api, provider = sdk.QUALIFIED_CALLS[qual]
        return ModelCall(api, provider, "", desc)
    session_t = session_object_type(facts, func)
    if session_t and _is_ai_object(session_t) and not session_t.startswith("transformers"):
        # st.session_state.chain({"question": q}): a chain kept across reruns
        return ModelCall("langchain", session_t.split(".", 1)[0], "", desc)
    if isinstance(func, ast.Name):
        t = scope.lookup_types(func.id)
        if t and not _is_ai_object(t):
            t = factory_type(facts, scope, func.id) or t
        if t.startswith("transformers.") and t.endswith("pipeline"):
            return ModelCall("transformers", "transformers", func.id, desc)
        if t and _is_ai_object(t) and not t.startswith("transformers"):
            # legacy LangChain: llm("prompt") / chain({"q": ...})
            return ModelCall("langchain", t.split(".", 1)[0], func.id, desc)
        if call is not None:
            http = _raw_http(facts, scope, qual, call, desc)
            if http is not None:
                return http
        return None
    if not isinstance(func, ast.Attribute):
        return None
    rtype, receiver, attrs = receiver_type(facts, scope, cls, func)
    _, all_attrs = chain(func)
    tprov = type_provider(rtype) if rtype else ""
    for shape in sdk.CHAIN_SHAPES:
        n = len(shape.suffix)
        if tuple(all_attrs[-n:]) != shape.suffix:
            continue
        if not shape.distinctive:
            if shape.api == "cohere.chat" and tprov != "cohere":
                continue
            if shape.api == "google.chat" and rtype != "google.chat":
                continue
            if shape.api == "anthropic.messages" and tprov != "anthropic":
                continue
        if shape.api.startswith("bedrock") and rtype and not rtype.startswith("boto3.client:bedrock"):
            if rtype.startswith("boto3"):
                continue
        if shape.api == "google.generativeai" and tprov == "google-genai":
            continue
        provider = tprov if tprov and tprov not in ("functools",) else shape.provider
        return ModelCall(shape.api, provider, receiver, desc)
    if tuple(all_attrs[-2:]) == sdk.COMPLETIONS_SUFFIX and (len(all_attrs) < 3 or all_attrs[-3] != "chat"):
        return ModelCall("openai.completions", tprov or "openai", receiver, desc)
    method = all_attrs[-1] if all_attrs else ""
    if method == "chat" and tprov == "ollama":
        return ModelCall("ollama", "ollama", receiver, desc)
    if method in sdk.LLM_METHODS:
        if rtype and _is_ai_object(rtype):
            api = "llamaindex" if rtype.startswith("llama_index") else (
                "transformers" if rtype.startswith("transformers") else "langchain"
            )
            if api == "transformers" and method != "generate":
                return None
            return ModelCall(api, rtype.split(".", 1)[0], receiver, desc)
        if not rtype or rtype in ("",):
            name = attrs[-2] if len(attrs) >= 2 else (receiver.rsplit(".", 1)[-1] if receiver else "")
            if name and sdk.LLM_RECEIVER.match(name) and not sdk.NOT_LLM_ENGINE.match(name) and method in sdk.LLM_RECEIVER_METHODS:
                if not (method in ("run", "query") and re.search(r"(?i)sql|db|database|graph|cursor", name)):
                    return ModelCall("langchain", "llm", receiver, desc)
    if (
        isinstance(func.value, ast.Name)
        and func.value.id in ("self", "cls")
        and method in facts.abstract_llm
        and cls is not None
    ):
        return ModelCall("abstract", "llm", "", desc)
    if call is not None:
        return _raw_http(facts, scope, qual, call, desc, rtype=rtype, method=method)
    return None


def factory_type(facts: ModuleFacts, scope: Scope, name: str, depth: int = 0) -> str:
    """The AI object a name holds when it was made by a same-file factory: `qa = build_chain(store)`."""
    for value in scope.lookup_assigns(name):
        t = _made_type(facts, scope, value, depth)
        if t:
            return t
    return ""


def _made_type(facts: ModuleFacts, scope: Scope, value: ast.AST, depth: int = 0) -> str:
    """An AI type built by `value`: a constructor, or a same-file function whose return is one."""
    t = constructor_type(facts, value, scope)
    if _is_ai_object(t):
        return t
    node = value.value if isinstance(value, ast.Await) else value
    if depth > 1 or not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        return ""
    fn = scope.lookup_function(node.func.id)
    if fn is None:
        return ""
    inner = facts.scopes.get(id(fn))
    if inner is None:
        return ""
    for ret in facts.nodes_of(fn):
        if isinstance(ret, ast.Return) and ret.value is not None:
            rt = _made_type(facts, inner, ret.value, depth + 1)
            if not rt and isinstance(ret.value, ast.Name):  # `chain = Chain(...); return chain`
                rt = inner.lookup_types(ret.value.id)
                if not _is_ai_object(rt):
                    rt = factory_type(facts, inner, ret.value.id, depth + 1)
            if rt:
                return rt
    return ""


def session_key(facts: ModuleFacts, node: ast.AST) -> str | None:
    """`st.session_state.k` / `["k"]` / `.get("k")`: the key ``k`` of Streamlit's session state."""
    if isinstance(node, ast.Attribute):
        owner, key = node.value, node.attr
    elif isinstance(node, ast.Subscript):
        owner, key = node.value, const_str(node.slice)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
        owner, key = node.func.value, const_str(node.args[0])  # st.session_state.get("k", default)
    else:
        return None
    return key if key is not None and facts.resolve(owner) == "streamlit.session_state" else None


def session_object_type(facts: ModuleFacts, func: ast.AST) -> str:
    """The AI object stored under a Streamlit session key anywhere in the file (`st.session_state.qa = make()`)."""
    key = session_key(facts, func)
    if key is None:
        return ""
    for assign in facts.of_type(ast.Assign):
        assert isinstance(assign, ast.Assign)
        if any(session_key(facts, target) == key for target in assign.targets):
            owner = facts.parent(assign)
            while owner is not None and not isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
                owner = facts.parent(owner)
            scope = facts.scopes.get(id(owner if owner is not None else facts.tree))
            if scope is None:
                continue
            t = _made_type(facts, scope, assign.value)
            if not t and isinstance(assign.value, ast.Name):
                t = scope.lookup_types(assign.value.id)
                t = t if _is_ai_object(t) else factory_type(facts, scope, assign.value.id)
            if t:
                return t
    return ""


def _is_ai_object(rtype: str) -> bool:
    if rtype == "langchain.runnable":
        return True
    if not rtype.startswith(_FRAMEWORK_ROOTS):
        return False
    last = rtype.rsplit(".", 1)[-1]
    if rtype.startswith("transformers"):
        return "from_pretrained" in rtype or last.startswith("AutoModel")
    if last.startswith(("create_", "initialize_agent")) and "agent" in last:
        return True
    return bool(_AI_CLASS.search(last)) and not _NOT_AI_CLASS.search(last)


def _raw_http(
    facts: ModuleFacts,
    scope: Scope,
    qual: str,
    call: ast.Call,
    desc: str,
    rtype: str = "",
    method: str = "",
) -> ModelCall | None:
    is_http = False
    if qual.startswith(("requests.", "httpx.")) and qual.rsplit(".", 1)[-1] in _HTTP_FUNCS:
        is_http = True
    elif method in _HTTP_FUNCS and rtype.startswith(("httpx.", "requests.", "aiohttp.")):
        is_http = True
    if not is_http:
        return None
    url_node = keyword(call, "url")
    if url_node is None and call.args:
        url_node = call.args[1] if (qual.endswith(".request") or method == "request") and len(call.args) > 1 else call.args[0]
    url = url_prefix(facts, scope, url_node)
    if url and urls.is_model_endpoint(url):
        return ModelCall("http", urls.provider_of(url) or "http", "", desc, url=url)
    return None


def url_prefix(facts: ModuleFacts, scope: Scope, node: ast.AST | None, depth: int = 0) -> str:
    """The constant text an URL expression starts with ("" if unknown)."""
    if node is None or depth > 4:
        return ""
    s = const_str(node)
    if s is not None:
        return s
    if isinstance(node, ast.JoinedStr):
        out = ""
        for part in node.values:
            if isinstance(part, ast.Constant):
                out += str(part.value)
            else:
                inner = url_prefix(facts, scope, part.value, depth + 1)  # type: ignore[attr-defined]
                if not inner:
                    return out + "\x00"
                out += inner
        return out
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = url_prefix(facts, scope, node.left, depth + 1)
        if not left or left.endswith("\x00"):
            return left
        right = url_prefix(facts, scope, node.right, depth + 1)
        return left + (right or "\x00")
    if isinstance(node, ast.Name):
        values = scope.lookup_assigns(node.id)
        if len(values) == 1:
            return url_prefix(facts, scope, values[0], depth + 1)
        const = facts.module_constants.get(node.id)
        if const is not None and not values:
            return url_prefix(facts, scope, const, depth + 1)
        return ""
    if isinstance(node, ast.Call):
        # os.getenv("X", "default") / os.environ.get("X", "default")
        name = dotted(node.func) or ""
        if name.endswith(("getenv", "environ.get")) and len(node.args) >= 2:
            return url_prefix(facts, scope, node.args[1], depth + 1)
    return ""


def _short(node: ast.AST) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # pragma: no cover - unparse of odd nodes
        return "call"
    return text if len(text) <= 60 else text[:57] + "..."


# ---------------------------------------------------------------------------------------
# Keyword resolution


class Unknown(Exception):
    """A **kwargs whose keys cannot be known statically."""


def resolve_kwargs(
    facts: ModuleFacts, scope: Scope, call: ast.Call, extra: ast.Call | None = None
) -> dict[str, ast.expr] | None:
    """Explicit keywords plus `**dict` literals / dict() / variables built in scope.

    None when some `**x` is unknown (give the code the benefit of the doubt).
    """
    out: dict[str, ast.expr] = {}
    for source in (extra, call):
        if source is None:
            continue
        for kw in source.keywords:
            if kw.arg is not None:
                out[kw.arg] = kw.value
                continue
            resolved = resolve_dict(facts, scope, kw.value)
            if resolved is None:
                return None
            out.update(resolved)
    return out


def resolve_dict(facts: ModuleFacts, scope: Scope, node: ast.AST | None, depth: int = 0) -> dict[str, ast.expr] | None:
    if node is None or depth > 5:
        return None
    if isinstance(node, ast.Dict):
        out: dict[str, ast.expr] = {}
        for k, v in zip(node.keys, node.values, strict=True):
            if k is None:
                inner = resolve_dict(facts, scope, v, depth + 1)
                if inner is None:
                    return None
                out.update(inner)
                continue
            s = const_str(k)
            if s is None:
                return None
            out[s] = v
        return out
    if isinstance(node, ast.Call):
        name = dotted(node.func) or ""
        if name == "dict":
            out = {}
            for arg in node.args:
                inner = resolve_dict(facts, scope, arg, depth + 1)
                if inner is None:
                    return None
                out.update(inner)
            for kw in node.keywords:
                if kw.arg is None:
                    inner = resolve_dict(facts, scope, kw.value, depth + 1)
                    if inner is None:
                        return None
                    out.update(inner)
                else:
                    out[kw.arg] = kw.value
            return out
        if isinstance(node.func, ast.Attribute) and node.func.attr == "copy":
            return resolve_dict(facts, scope, node.func.value, depth + 1)
        return None
    if isinstance(node, ast.IfExp):  # `**({"k": v} if c else {})`: the keys either branch may set
        body = resolve_dict(facts, scope, node.body, depth + 1)
        orelse = resolve_dict(facts, scope, node.orelse, depth + 1)
        if body is None or orelse is None:
            return None
        return {**orelse, **body}
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left = resolve_dict(facts, scope, node.left, depth + 1)
        right = resolve_dict(facts, scope, node.right, depth + 1)
        if left is None or right is None:
            return None
        return {**left, **right}
    if isinstance(node, ast.Name):
        values = scope.lookup_assigns(node.id)
        if not values:
            return None
        out = {}
        for value in values:
            inner = resolve_dict(facts, scope, value, depth + 1)
            if inner is None:
                return None
            out.update(inner)
        s: Scope | None = scope
        while s is not None:
            for key, value in s.sub_assigns.get(node.id, ()):
                k = const_str(key)
                if k is None:
                    return None
                out[k] = value
            s = s.parent
        return out
    return None


def dispatch_types(facts: ModuleFacts, scope: Scope, name: str) -> list[str]:
    """The classes a dispatch table may hand out: ``model = TABLE[kind]`` (or ``TABLE.get(kind)``)
    with ``TABLE = {"a": A(), "b": B()}`` gives ``[A, B]`` (qualified when imported)."""
    out: list[str] = []
    for value in scope.lookup_assigns(name):
        table: ast.AST | None = None
        if isinstance(value, ast.Subscript):
            table = value.value
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "get":
            table = value.func.value
        table = resolve_value(facts, scope, table) if isinstance(table, ast.Name) else None
        if not isinstance(table, ast.Dict):
            continue
        for item in table.values:
            t = constructor_type(facts, item, scope) if isinstance(item, ast.Call) else ""
            if t and t not in out:
                out.append(t)
    return out


def resolve_value(facts: ModuleFacts, scope: Scope, node: ast.AST | None, depth: int = 0) -> ast.AST | None:
    """Follow a Name to its single assignment (or module constant)."""
    while isinstance(node, ast.Name) and depth < 4:
        values = scope.lookup_assigns(node.id)
        if len(values) != 1:
            return node if not values else None
        node = values[0]
        depth += 1
    return node


def config_has(
    facts: ModuleFacts, scope: Scope, node: ast.AST | None, keys: tuple[str, ...], depth: int = 0
) -> bool | None:
    """Does a config object (dict, dict(), Config(...) call, variable) set one of ``keys``?"""
    if node is None or depth > 4:
        return None
    if isinstance(node, ast.Constant) and node.value is None:
        return False
    if isinstance(node, ast.Name):
        values = scope.lookup_assigns(node.id)
        if not values:
            return None
        results = [config_has(facts, scope, v, keys, depth + 1) for v in values]
        subs = []
        s: Scope | None = scope
        while s is not None:
            subs += [const_str(k) for k, _ in s.sub_assigns.get(node.id, ())]
            s = s.parent
        if any(k in keys for k in subs if k):
            return True
        if any(r is None for r in results):
            return None
        return any(results)
    if isinstance(node, ast.Call) and (dotted(node.func) or "") != "dict":
        kws = resolve_kwargs(facts, scope, node)
        if kws is None:
            return None
        if any(k in kws for k in keys):
            return True
        for k, v in kws.items():
            if isinstance(v, (ast.Dict, ast.Call)) and k not in ("http_options",):
                nested = config_has(facts, scope, v, keys, depth + 1)
                if nested:
                    return True
        return False
    d = resolve_dict(facts, scope, node)
    if d is None:
        return None
    if any(k in d for k in keys):
        return True
    for v in d.values():
        if isinstance(v, (ast.Dict, ast.Call)):
            if config_has(facts, scope, v, keys, depth + 1):
                return True
    return False


_BODY_ATTRS = frozenset({"json", "form", "values", "data", "POST", "body"})
_BODY_METHODS = frozenset({"get_json", "json"})
_REQUEST_NAMES = frozenset({"request", "req"})


def request_body(facts: ModuleFacts, scope: Scope, node: ast.AST | None, depth: int = 0) -> str:
    """The request-body expression a dict spread comes from (`request.get_json()`), or ""."""
    if node is None or depth > 4:
        return ""
    if isinstance(node, ast.Await):
        return request_body(facts, scope, node.value, depth + 1)
    if isinstance(node, ast.Name):
        for value in scope.lookup_assigns(node.id):
            found = request_body(facts, scope, value, depth + 1)
            if found:
                return found
        return ""
    if isinstance(node, ast.Dict):  # `{"model": M, **request.json}`
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None and (found := request_body(facts, scope, value, depth + 1)):
                return found
        return ""
    if isinstance(node, ast.Call):
        func = node.func
        name = dotted(func) or ""
        if name in ("json.loads", "orjson.loads", "dict") and node.args:
            return request_body(facts, scope, node.args[0], depth + 1)
        if isinstance(func, ast.Attribute) and func.attr in _BODY_METHODS and _is_request(facts, func.value):
            return f"{dotted(func.value)}.{func.attr}()"
        return ""
    if isinstance(node, ast.Attribute) and node.attr in _BODY_ATTRS and _is_request(facts, node.value):
        return f"{dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Subscript) and const_str(node.slice) == "body" and dotted(node.value) == "event":
        return 'event["body"]'
    return ""


def _is_request(facts: ModuleFacts, node: ast.AST) -> bool:
    name = dotted(node) or ""
    qual = facts.resolve(node)
    return qual in ("flask.request", "quart.request") or name in _REQUEST_NAMES or name.endswith(".request")


_WRITE_OPENERS = frozenset({"open", "io.open", "codecs.open", "builtins.open"})


def script_operand(elts: list[ast.expr]) -> ast.expr | None:
    """The script an interpreter argv runs: `[python, "-u", path, args...]` → path (None for -c/-m)."""
    for elt in elts[1:]:
        flag = const_str(elt)
        if flag is None:
            return elt
        if flag in ("-c", "-e", "--eval", "-m", "-Command", "/c"):
            return None
        if not flag.startswith("-"):
            return elt
    return None


def handles_writing(facts: ModuleFacts, scope: Scope, path: str) -> list[str]:
    """Names bound in scope to a file opened for writing at the literal ``path``."""
    out: list[str] = []
    current: Scope | None = scope
    while current is not None:
        for name, values in current.assigns.items():
            for value in values:
                if not isinstance(value, ast.Call) or facts.resolve(value.func) not in _WRITE_OPENERS or not value.args:
                    continue
                mode = const_str(value.args[1]) if len(value.args) > 1 else const_str(keyword(value, "mode"))
                if const_str(value.args[0]) == path and mode is not None and any(c in mode for c in "wax"):
                    out.append(name)
        current = current.parent
    return out


# Receivers whose `.query()/.sql()/.run()` take SQL (or Cypher) text: by type, and by name.
SQL_CLIENT_TYPES = r"SQLDatabase|Graph|neo4j|pyspark|duckdb|Session$|bigquery|snowflake|snowpark|clickhouse|databricks|trino|athena"
# By name, a word of the receiver's name: a short name only as the whole word (`con`, `duck_con`,
# `graph_tx`, `self.db`), not inside a longer one (`ctx`, `contacts`, `icon_set`, `feedback`); a
# longer one where it starts the word (`graph`, `graphdb`, not `paragraph`), sql/spark/db anywhere
# in it (`mysql`, `pyspark`, `mydb`).
_SHORT_SQL_NAMES = frozenset({"db", "tx", "con", "bq"})
_LONG_SQL_NAMES = LazyRegex(r"^(?:graph|neo4j|session|duck|bigquery|snow|warehouse|clickhouse|trino|athena)|sql|spark|db$")
_NAME_WORD = LazyRegex(r"[A-Za-z][a-z0-9]*|[0-9]+")


def sql_client_name(name: str) -> bool:
    """Does the receiver's name say it is a database client (`self.db`, `con`, `neo4j_graph`)?"""
    for word in _NAME_WORD.findall(name):
        lowered = word.lower()
        if lowered in _SHORT_SQL_NAMES or _LONG_SQL_NAMES.search(lowered):
            return True
    return False


def cursor_call(node: ast.AST) -> str:
    """`conn.cursor().execute(...)`: name the receiver "cursor" (dotted() gives nothing for a call)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "cursor":
        return "cursor"
    return ""


_BASE_URL_KEYS = ("base_url", "api_base", "openai_api_base", "openai_base_url", "base_path", "endpoint", "host")


def local_base_url(facts: ModuleFacts, scope: Scope, kwargs: dict[str, ast.expr]) -> bool:
    """Do these client arguments point it at a local inference server (Ollama, LM Studio, vLLM)?"""
    for key in _BASE_URL_KEYS:
        value = kwargs.get(key)
        if value is not None:
            prefix = url_prefix(facts, scope, value)
            if prefix and urls.is_local_server(prefix.split("\x00", 1)[0]):
                return True
            if any(urls.is_local_server_env(name) for name in _env_names(value)):
                return True
    return False


def _env_names(value: ast.expr) -> list[str]:
    """The environment variables an expression reads (`os.environ["X"]`, `os.getenv("X")`)."""
    names: list[str] = []
    for node in ast.walk(value):
        key: ast.expr | None = None
        if isinstance(node, ast.Subscript) and dotted(node.value) in ("os.environ", "environ"):
            key = node.slice
        elif isinstance(node, ast.Call) and dotted(node.func) in ("os.getenv", "os.environ.get", "getenv", "environ.get") and node.args:
            key = node.args[0]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.append(key.value)
    return names


def client_constructor(scope: Scope, call: ast.Call) -> ast.Call | None:
    """`client.chat.completions.create()` → the one `client = OpenAI(...)` in scope, if any."""
    root: ast.AST = call.func
    while isinstance(root, ast.Attribute):
        root = root.value
    if isinstance(root, ast.Call):
        return root
    path = dotted(root) if isinstance(root, ast.Name) else None
    if path is None:
        return None
    values = scope.lookup_assigns(path)
    if len(values) == 1 and isinstance(values[0], ast.Call):
        return values[0]
    return None
