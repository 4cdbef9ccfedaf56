"""Literal, flag and limit rules for JS/TS: AIS101, AIS103, AIS401–AIS404, AIS501, AIS502."""

from __future__ import annotations

import re

from aisec_cli.core.findings import Severity
from aisec_cli.core.masking import mask
from aisec_cli.lint import keys, sdk, urls
from aisec_cli.lint.hits import Hit
from aisec_cli.lint.javascript import facts as F
from aisec_cli.lint.javascript.parser import (
    FUNCTION_TYPES,
    Node,
    arguments,
    dotted,
    field as fld,
    js_unescape,
    object_pairs,
    string_value,
    unwrap,
    walk,
    walk_scope,
)
from aisec_cli.lint.settings import LintSettings
from aisec_cli.core.lazyre import LazyRegex

_BASE_URL_KEYS = frozenset({"baseURL", "baseUrl", "base_url", "endpoint", "apiBase", "basePath", "apiUrl", "serverURL", "serverUrl", "api_base"})
_BASE_URL_NAME = LazyRegex(r"(?i)(?:base_?url|api_?base|endpoint|api_?url)$")
_CLIENT_MODULES = {"openai": "openai", "@anthropic-ai/sdk": "anthropic", "@google/genai": "google-genai", "groq-sdk": "groq", "@mistralai/mistralai": "mistralai"}
_LC_CAPPED = frozenset({"ChatOpenAI", "AzureChatOpenAI", "ChatGoogleGenerativeAI", "ChatGroq", "ChatMistralAI", "ChatVertexAI"})
_LC_CAP_KEYS = ("maxTokens", "max_tokens", "maxCompletionTokens", "maxOutputTokens", "max_completion_tokens")
_BYOK_SOURCES = LazyRegex(r"localStorage|sessionStorage|useState|props\.|\.value\b|prompt\(|searchParams|userKey|userApiKey|byok", re.I)
_LIMIT_WORDS = frozenset({"limit", "limiter", "ratelimit", "ratelimiter", "throttle", "quota", "consume", "allowed", "allow", "rate", "budget"})


def _limit_words(name: str) -> bool:
    return any(w.lower() in _LIMIT_WORDS for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", name))


class JsChecks:
    def __init__(self, facts: F.JsFacts, settings: LintSettings, rules: frozenset[str], is_test: bool) -> None:
        self.facts = facts
        self.src = facts.src
        self.settings = settings
        self.rules = rules
        self.is_test = is_test
        self.hits: list[Hit] = []
        self._seen: set[tuple[str, int, int]] = set()
        self.calls: list[Node] = []
        self.news: list[Node] = []
        self.model_calls: list[tuple[Node, F.JsModelCall]] = []
        self.subclasses: dict[str, tuple[str, bool]] = {}  # class → (SDK base, constructor passes a timeout)

    def hit(self, rule: str, node: Node, message: str, severity: Severity | None = None, secret: str = "", **extra: object) -> None:
        if rule not in self.rules:
            return
        span = self.src.span(node)
        key = (rule, span.line, span.col)
        if key in self._seen:
            return
        self._seen.add(key)
        code = " ".join(self.src.text(node).split())[:200]
        self.hits.append(Hit(rule, span, message, code=code, severity=severity, secret=secret, extra=dict(extra)))

    def run(self) -> list[Hit]:
        for node in walk(self.facts.root):
            t = node.type
            if t == "call_expression":
                self.calls.append(node)
                mc = F.classify(self.facts, node)
                if mc is not None:
                    self.model_calls.append((node, mc))
            elif t == "new_expression":
                self.news.append(node)
            elif t in ("class_declaration", "class"):
                self._class(node)
            elif t in ("string", "template_string"):
                self._literal(node)
            elif t == "pair":
                self._pair(node)
            elif t in ("member_expression", "subscript_expression"):
                self._env_read(node)
            elif t == "assignment_expression":
                self._assignment(node)
        self._constructors()
        self._init_chat_models()
        self._body_spreads()
        self._output_caps()
        self._raw_fetch_timeouts()
        self._loops()
        self._routes()
        return self.hits

    # -- literals ------------------------------------------------------------------------

    def _context(self, node: Node) -> tuple[str, str]:
        parent = node.parent
        if parent is not None and parent.type == "pair":
            key = fld(parent, "key")
            return (self.src.text(key).strip("'\"") if key is not None else ""), "pair"
        if parent is not None and parent.type == "variable_declarator":
            name = fld(parent, "name")
            return (self.src.text(name) if name is not None else ""), "name"
        if parent is not None and parent.type == "assignment_expression":
            left = fld(parent, "left")
            text = dotted(left, self.src) if left is not None else ""
            if not text and left is not None and left.type == "subscript_expression":
                text = string_value(fld(left, "index"), self.src) or ""
                return text, "env"
            return text.rsplit(".", 1)[-1], "env" if text.startswith("process.env") else "attribute"
        if parent is not None and parent.type == "arguments":
            return "", "arg"
        if parent is not None and parent.type == "binary_expression":
            return "", "expr"
        return "", ""

    def _literal(self, node: Node) -> None:
        text = self.src.text(node)
        if len(text) < 14 or len(text) > 2000:
            return
        value = text[1:-1]
        if node.type == "template_string" and "${" in value:
            value = re.split(r"\$\{", value, maxsplit=1)[0]
        value = js_unescape(value)
        context, kind = self._context(node)
        if "AIS101" in self.rules:
            match = None
            if " " in value.strip() and not value.startswith(("Bearer ", "bearer ")):
                found = [k for k in keys.find_keys_in_text(value) if k.provider != "generic"]
                match = found[0] if found and kind in ("pair", "name", "arg") else None
            elif not value.startswith("http"):
                match = keys.match_key(value, context)
            if match is not None:
                env = context if re.fullmatch(r"[A-Z][A-Z0-9_]*", context or "") and re.search(r"KEY|TOKEN|SECRET", context) else match.env_var
                self.hit(
                    "AIS101",
                    node,
                    f"Hard-coded {match.provider} key `{mask(match.value)}` in {'`' + context + '`' if context else 'the code'}: anyone with the source can use it.",
                    severity=Severity.LOW if self.is_test else None,
                    secret=match.value,
                    env_var=env,
                    literal=match.value,
                )
        if "AIS501" in self.rules and value.startswith("http://") and urls.plaintext_external(value):
            if (kind == "pair" and context in _BASE_URL_KEYS) or (kind in ("name", "env") and _BASE_URL_NAME.search(context) and self._ai_file()) or urls.provider_of(value):
                if not (self.is_test and (urls.reserved_example_host(value) or urls.private_network_host(value))):  # a test naming a reserved or LAN host sends nothing
                    self.hit("AIS501", node, f"`{value}` sends the API key and prompts over plain HTTP to a non-local host.", severity=Severity.LOW if self.is_test else None)

    def _ai_file(self) -> bool:
        return any(F.is_ai_module(m) for m, _ in self.facts.imports.values())

    def _pair(self, node: Node) -> None:
        key = fld(node, "key")
        value = unwrap(fld(node, "value"))
        if key is None or value is None:
            return
        k = self.src.text(key).strip("'\"")
        vtext = self.src.text(value)
        if k == "rejectUnauthorized" and vtext == "false":
            if self._ai_file():  # an agent of a file that sends no AI traffic (a crawler's fetch) is not AI traffic
                self.hit("AIS502", node, "`rejectUnauthorized: false` accepts any TLS certificate.")
        elif k == "NODE_TLS_REJECT_UNAUTHORIZED" and vtext.strip("'\"`") == "0":
            self.hit("AIS502", node, "NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS verification for the process.")
        elif k == "dangerouslyAllowBrowser" and vtext == "true":
            self._browser_flag(node)
        elif k in ("maxRetries", "retries", "max_retries") and _too_many(vtext):
            self.hit("AIS403", value, f"`{k}: {vtext}`: more than 10 retries multiplies cost and load.")
        elif k == "forever" and vtext == "true" and "retry" in self.src.text(node.parent.parent)[:80].lower() if node.parent is not None and node.parent.parent is not None else False:
            self.hit("AIS403", value, "`forever: true` retries without end.")

    def _browser_flag(self, pair: Node) -> None:
        obj = pair.parent
        new = obj.parent.parent if obj is not None and obj.parent is not None else None
        pairs = object_pairs(obj, self.src) or {}
        base = pairs.get("baseURL") or pairs.get("baseUrl")
        if base is not None:
            b = string_value(base, self.src) or self.src.text(base)
            if b.startswith("/") or "location.origin" in b or "window.location" in b:
                return  # proxy on the app's own origin
        api_key = pairs.get("apiKey")
        if api_key is None:
            source = "the default OPENAI_API_KEY / ANTHROPIC_API_KEY"
        else:
            source = self._key_source(api_key)
            if source is None:
                if self.settings.profile == "audit":
                    self.hit("AIS103", pair, "Bring-your-own-key browser client (key typed by the user).", severity=Severity.INFO)
                return
        _ = new
        self.hit("AIS103", pair, f"`dangerouslyAllowBrowser: true` ships {source} to every visitor's browser.")

    def _key_source(self, node: Node, depth: int = 0) -> str | None:
        """Where an apiKey value comes from: a description if it is the app's key, None for BYOK/unknown."""
        node = unwrap(node)
        if node is None or depth > 3:
            return None
        text = self.src.text(node)
        if "process.env" in text or "import.meta.env" in text:
            return f"`{text[:60]}`"
        s = string_value(node, self.src)
        if s is not None:
            return "a hard-coded key" if keys.match_key(s, "apiKey") else None
        if _BYOK_SOURCES.search(text):
            return None
        if node.type == "identifier":
            for value in self.facts.values.get(text, []):
                found = self._key_source(value, depth + 1)
                if found:
                    return found
        return None

    def _env_read(self, node: Node) -> None:
        text = dotted(node, self.src)
        if node.type == "subscript_expression":
            obj = dotted(fld(node, "object"), self.src)
            key = string_value(fld(node, "index"), self.src)
            if obj in ("process.env", "import.meta.env") and key:
                text = f"{obj}.{key}"
        if not text.startswith(("process.env.", "import.meta.env.")):
            return
        name = text.rsplit(".", 1)[-1]
        if not re.search(r"(?i)KEY|TOKEN|SECRET", name) or not sdk.AI_ENV_NAME.search(name):
            return
        if sdk.PUBLIC_ENV.match(name) or text.startswith("import.meta.env.VITE_"):
            self.hit("AIS103", node, f"`{text}` is inlined into the browser bundle: every visitor can read the key.")
        elif self.facts.use_client:
            self.hit("AIS103", node, f"`{text}` is read in a \"use client\" module: the key would be shipped to the browser.")

    def _assignment(self, node: Node) -> None:
        left, right = fld(node, "left"), fld(node, "right")
        if left is None or right is None:
            return
        target = dotted(left, self.src)
        if left.type == "subscript_expression":
            target = (string_value(fld(left, "index"), self.src) or "")
        if target.endswith("NODE_TLS_REJECT_UNAUTHORIZED") and (string_value(right, self.src) or self.src.text(right)).strip("'\"") == "0":
            self.hit("AIS502", node, "NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS verification for the process.")

    # -- constructors (AIS401 LangChain, AIS402) --------------------------------------------

    def _constructors(self) -> None:
        for node in self.news:
            ctor = fld(node, "constructor")
            if ctor is None:
                continue
            qual = self.facts.resolve(ctor)
            name = self.src.text(ctor)
            module = self.facts.module_of(name.split(".", 1)[0])
            args = arguments(node)
            opts = object_pairs(args[0], self.src) if args else {}
            if args and opts is None:
                opts = self._resolve_object(args[0])
            if name in self.subclasses:  # `class C extends Anthropic`: new C() builds an SDK client
                base, timed = self.subclasses[name]
                if timed:
                    continue
                module = self.facts.module_of(base.split(".", 1)[0])
                name = base
            if module in _CLIENT_MODULES and self._sdk_class(name) in sdk.JS_CLIENT_CLASSES | {"Mistral"}:
                self._timeout(node, name, module, opts)
            last = name.rsplit(".", 1)[-1]
            if last in _LC_CAPPED and (module.startswith("@langchain") or qual.startswith("@langchain")):
                if opts is None:
                    continue
                if any(k in opts for k in _LC_CAP_KEYS):
                    continue
                self.hit("AIS401", node, f"`new {last}(...)` is built without maxTokens: every call through it is uncapped.")

    def _sdk_class(self, name: str) -> str:
        """The SDK's own name for a class: `{ OpenAI: OpenAIApi } = require("openai")` and
        `import { OpenAI as OpenAIApi }` build an `OpenAI` under another name."""
        if "." not in name:
            entry = self.facts.imports.get(name)
            if entry is not None and entry[1] not in ("default", "*"):
                return entry[1]
        return name.rsplit(".", 1)[-1]

    def _init_chat_models(self) -> None:
        """LangChain's `initChatModel("gpt-4o", {modelProvider})`: the chat model it builds is
        uncapped without maxTokens, unless its provider caps by default or runs locally."""
        for node in self.calls:
            func = fld(node, "function")
            if func is None or func.type not in ("identifier", "member_expression"):
                continue
            name = self.src.text(func)
            if name.rsplit(".", 1)[-1] != "initChatModel":
                continue
            module = self.facts.module_of(name.split(".", 1)[0]) or ""
            if not module.startswith(("langchain", "@langchain")):
                continue
            args = arguments(node)
            opts = object_pairs(args[1], self.src) if len(args) > 1 else {}
            if len(args) > 1 and opts is None:
                opts = self._resolve_object(args[1])
            if opts is None or any(k in opts for k in _LC_CAP_KEYS):
                continue
            model = (string_value(args[0], self.src) if args else None) or string_value(opts.get("model"), self.src) or ""
            provider = string_value(opts.get("modelProvider"), self.src) or (model.split(":", 1)[0] if ":" in model else "")
            if provider.lower() in sdk.LANGCHAIN_FACTORY_EXEMPT_PROVIDERS or (not provider and model.lower().startswith(sdk.LANGCHAIN_FACTORY_EXEMPT_PREFIXES)):
                continue
            self.hit("AIS401", node, "`initChatModel(...)` builds a chat model without maxTokens: every call through it is uncapped.")

    def _class(self, node: Node) -> None:
        name = next((c for c in node.named_children if c.type in ("type_identifier", "identifier")), None)
        heritage = next((c for c in node.named_children if c.type == "class_heritage"), None)
        if name is None or heritage is None:
            return
        base = next((c for c in walk(heritage) if c.type in ("identifier", "member_expression")), None)
        if base is None:
            return
        base_name = self.src.text(base)
        if self.facts.module_of(base_name.split(".", 1)[0]) not in _CLIENT_MODULES:
            return
        timed = False
        for child in walk(node):
            if child.type == "call_expression" and (fld(child, "function") or child).type == "super":
                args = arguments(child)
                opts = object_pairs(args[0], self.src) if args else {}
                timed = timed or opts is None or "timeout" in opts
        self.subclasses[self.src.text(name)] = (base_name, timed)

    def _resolve_object(self, node: Node) -> dict[str, Node] | None:
        node = unwrap(node)
        if node is not None and node.type == "identifier":
            values = self.facts.values.get(self.src.text(node), [])
            if len(values) == 1:
                return object_pairs(values[0], self.src)
        return None

    def _timeout(self, node: Node, name: str, module: str, opts: dict[str, Node] | None) -> None:
        if opts is None:
            return
        if module == "@google/genai":
            http = object_pairs(opts.get("httpOptions"), self.src) if opts.get("httpOptions") is not None else {}
            if http is None or (http and "timeout" in http):
                return
        elif "timeout" in opts:
            if self.src.text(opts["timeout"]).strip() not in ("null", "undefined"):
                return
        elif module == "@mistralai/mistralai" and "timeoutMs" in opts:
            return
        if "httpAgent" in opts or "fetch" in opts:
            return
        parent = node.parent
        if parent is not None and parent.type == "member_expression" and self.src.text(fld(parent, "property") or parent) == "withOptions":
            return
        var = ""
        if parent is not None and parent.type == "variable_declarator":
            var = self.src.text(fld(parent, "name") or parent)
        elif parent is not None and parent.type == "assignment_expression":
            var = dotted(fld(parent, "left"), self.src)
        if var and self._all_calls_timed(var):
            return
        fix = "httpOptions: { timeout: 60_000 }" if module == "@google/genai" else "timeout: 60_000"
        kind = sdk.JS_CLIENTS.get(module) or sdk.ClientKind(module, ("timeout",), default_wait=None if module == "@mistralai/mistralai" else 600)
        self.hit("AIS402", node, f"`new {name.rsplit('.', 1)[-1]}()` has no timeout: {kind.wait_text()}", fix_argument=fix)

    def _all_calls_timed(self, var: str) -> bool:
        count = 0
        for call, mc in self.model_calls:
            if mc.receiver != var and not self.src.text(call).startswith(var + ".withOptions"):
                continue
            count += 1
            args = arguments(call)
            text = self.src.text(call)
            if ".withOptions(" in text and "timeout" in text:
                continue
            opts = object_pairs(args[1], self.src) if len(args) > 1 else None
            if not opts or "timeout" not in opts:
                return False
        return count > 0

    # -- AIS405: a request body spread into the call --------------------------------------

    def _body_spreads(self) -> None:
        """`create({...req.body})`, `Object.assign(params, req.body)`: the client picks the budget."""
        if "AIS405" not in self.rules:
            return
        for call, mc in self.model_calls:
            args = arguments(call)
            first = unwrap(args[0]) if args else None
            if first is None:
                continue
            objects = [first] if first.type == "object" else []
            if first.type == "identifier":
                name = self.src.text(first)
                objects += [v for v in (unwrap(v) for v in self.facts.values.get(name, [])) if v is not None and v.type == "object"]
                for other in self.calls:
                    if dotted(fld(other, "function"), self.src) != "Object.assign":
                        continue
                    oargs = arguments(other)
                    if oargs and self.src.text(unwrap(oargs[0]) or oargs[0]) == name:
                        body = next((b for b in map(self._request_body, oargs[1:]) if b), "")
                        if body:
                            self.hit("AIS405", other, f"`{body}` is merged into the `{mc.desc}` options: the client chooses the model, tools and token budget.")
            for obj in objects:
                for child in obj.named_children:
                    if child.type == "spread_element" and child.named_children:
                        body = self._request_body(child.named_children[0])
                        if body:
                            self.hit("AIS405", child, f"`{body}` is spread into `{mc.desc}`: the client chooses the model, tools and token budget.")

    def _request_body(self, node: Node | None, depth: int = 0) -> str:
        node = unwrap(node)
        if node is None or depth > 4:
            return ""
        if node.type == "await_expression" and node.named_children:
            return self._request_body(node.named_children[0], depth + 1)
        text = dotted(node, self.src) or ""
        if node.type == "member_expression" and re.fullmatch(r"(?:req|request|ctx\.request|c\.req|event)\.body", text):
            return text
        if node.type == "identifier":
            for value in self.facts.values.get(text, []):
                found = self._request_body(value, depth + 1)
                if found:
                    return found
            for value in self.facts.destructured.get(text, []):  # `const {config} = await req.json()`
                found = self._request_body(value, depth + 1)
                if found:
                    return found
            return ""
        if node.type == "call_expression":
            func = fld(node, "function")
            fname = dotted(func, self.src) or ""
            args = arguments(node)
            if fname == "JSON.parse" and args:
                return self._request_body(args[0], depth + 1)
            if re.fullmatch(r"(?:req|request|c\.req)\.json", fname):
                return f"{fname}()"
        return ""

    # -- AIS401 ----------------------------------------------------------------------------

    def _output_caps(self) -> None:
        for call, mc in self.model_calls:
            args = arguments(call)
            missing = ""
            if self._local_client(mc):
                continue  # a client of a local inference server: no per-token bill
            if mc.api in ("openai.chat", "openai.responses", "mistral.chat", "vercel"):
                opts = self._call_options(args[0] if args else None)
                if opts is None:
                    continue
                keys_needed = {
                    "openai.chat": ("max_tokens", "max_completion_tokens"),
                    "openai.responses": ("max_output_tokens",),
                    "mistral.chat": ("maxTokens", "max_tokens"),
                    "vercel": ("maxTokens", "maxOutputTokens"),
                }[mc.api]
                if not any(k in opts and not self._may_be_unset(opts[k]) for k in keys_needed):
                    missing = " / ".join(keys_needed)
            elif mc.api == "google.genai":
                opts = self._call_options(args[0] if args else None)
                if opts is None:
                    continue
                config = opts.get("config")
                if config is None:
                    missing = "config.maxOutputTokens"
                else:
                    cfg = self._call_options(config)
                    if cfg is not None and not any(k in cfg for k in ("maxOutputTokens", "max_output_tokens")):
                        missing = "config.maxOutputTokens"
            elif mc.api == "google.legacy":
                opts = self._call_options(args[0] if args else None) if args else None
                if opts is not None and "generationConfig" in opts:
                    continue
                model_cfg = self._model_ctor_options(call)
                if model_cfg is None:
                    continue
                gen = model_cfg.get("generationConfig")
                if gen is None:
                    missing = "generationConfig.maxOutputTokens"
                else:
                    g = self._call_options(gen)
                    if g is not None and "maxOutputTokens" not in g:
                        missing = "generationConfig.maxOutputTokens"
            elif mc.api == "http":
                if mc.provider == "anthropic" or "/messages" in mc.url or not urls.is_generation_endpoint(mc.url):
                    continue
                body = self._fetch_body(call)
                if body is None:
                    continue
                if not any(k in body for k in ("max_tokens", "max_completion_tokens", "max_output_tokens", "generationConfig")):
                    missing = "max_tokens in the JSON body"
            if missing:
                self.hit("AIS401", call, f"`{mc.desc}` sets no output cap ({missing}): one request can spend the model's whole output budget.")

    def _local_client(self, mc: F.JsModelCall) -> bool:
        """Is the call's client built here with a baseURL on this host (Ollama, LM Studio, vLLM)?"""
        if mc.api == "http":
            return urls.is_local_server(mc.url)
        values = self.facts.values.get(mc.receiver, []) if mc.receiver else []
        if any(self._local_new(value) for value in values):
            return True
        if not values:
            # a receiver not assigned here (`this.client`, a getter): local when every SDK client
            # this file builds is a local server's
            built = [n for n in self.news if self._sdk_new(n)]
            return bool(built) and all(self._local_new(n) for n in built)
        return False

    def _sdk_new(self, node: Node) -> bool:
        ctor = fld(node, "constructor")
        if ctor is None:
            return False
        name = self.src.text(ctor)
        return self.facts.module_of(name.split(".", 1)[0]) in _CLIENT_MODULES and self._sdk_class(name) in sdk.JS_CLIENT_CLASSES

    def _local_new(self, value: Node) -> bool:
        """Is this `new Client({ baseURL })` pointed at a local inference server?"""
        v = unwrap(value)
        if v is None or v.type != "new_expression":
            return False
        args = arguments(v)
        opts = self._call_options(args[0]) if args else None
        for key in ("baseURL", "baseUrl", "host"):
            if opts and key in opts:
                prefix = F.url_prefix(self.facts, opts[key])
                if prefix and urls.is_local_server(prefix.split("\x00", 1)[0]):
                    return True
                if any(urls.is_local_server_env(name) for name in self._env_names(opts[key])):
                    return True
        return False

    def _env_names(self, node: Node, depth: int = 0) -> list[str]:
        """The environment variables an expression reads (`process.env.X`, `import.meta.env.X`),
        also through a variable or field assigned once (`this.basePath = process.env.X`)."""
        out = []
        for child in walk(node):
            if child.type == "member_expression":
                text = self.src.text(child)
                for head in ("process.env.", "import.meta.env."):
                    if text.startswith(head) and "." not in text[len(head):]:
                        out.append(text[len(head):])
        target = unwrap(node)
        if not out and depth < 2 and target is not None and target.type in ("identifier", "member_expression"):
            values = self.facts.values.get(dotted(target, self.src) or "", [])
            if len(values) == 1:
                out = self._env_names(values[0], depth + 1)
        return out

    def _may_be_unset(self, node: Node | None) -> bool:
        """``null``/``undefined``, or a conditional with one of them in a branch: that path has no cap."""
        node = unwrap(node)
        if node is None:
            return False
        if node.type == "ternary_expression":
            return self._may_be_unset(fld(node, "consequence")) or self._may_be_unset(fld(node, "alternative"))
        return node.type in ("null", "undefined") or self.src.text(node).strip() in ("null", "undefined")

    def _call_options(self, node: Node | None, depth: int = 0) -> dict[str, Node] | None:
        node = unwrap(node)
        if node is None or depth > 3:
            return None
        if node.type == "identifier":
            values = self.facts.values.get(self.src.text(node), [])
            return self._call_options(values[0], depth + 1) if len(values) == 1 else None
        if node.type == "ternary_expression":  # `...(c ? { k: v } : {})`: the keys either branch may set
            then = self._call_options(fld(node, "consequence"), depth + 1)
            other = self._call_options(fld(node, "alternative"), depth + 1)
            return None if then is None or other is None else {**other, **then}
        if node.type != "object":
            return None
        out: dict[str, Node] = {}
        for child in node.named_children:
            if child.type == "spread_element":
                inner = self._call_options(child.named_children[0] if child.named_children else None, depth + 1)
                if inner is None:
                    return None
                out.update(inner)
            elif child.type == "pair":
                k = fld(child, "key")
                if k is not None:
                    out[self.src.text(k).strip("'\"")] = fld(child, "value")
            elif child.type == "shorthand_property_identifier":
                out[self.src.text(child)] = child
        return out

    def _model_ctor_options(self, call: Node) -> dict[str, Node] | None:
        func = fld(call, "function")
        obj = fld(func, "object") if func is not None else None
        if obj is None or obj.type != "identifier":
            return None
        for value in self.facts.values.get(self.src.text(obj), []):
            v = unwrap(value)
            if v is not None and v.type == "call_expression":
                args = arguments(v)
                return self._call_options(args[0]) if args else {}
        return None

    def _fetch_body(self, call: Node) -> dict[str, Node] | None:
        args = arguments(call)
        if len(args) < 2:
            return None
        opts = self._call_options(args[1])
        if opts is None:
            return None
        body = unwrap(opts.get("body"))
        if body is not None and body.type == "call_expression" and self.src.text(fld(body, "function") or body) == "JSON.stringify":
            inner = arguments(body)
            return self._call_options(inner[0]) if inner else None
        return None

    def _raw_fetch_timeouts(self) -> None:
        if self.facts.browser and not self.facts.server:
            return  # browser code: a hung request holds the visitor's tab, not a server worker
        for call, mc in self.model_calls:
            if mc.api != "http" or self.src.text(fld(call, "function") or call) != "fetch":
                continue
            args = arguments(call)
            opts = self._call_options(args[1]) if len(args) > 1 else {}
            if opts is None or "signal" in opts:
                continue
            self.hit("AIS402", call, f"`fetch()` to {mc.provider} has no signal / timeout: it can hang for ever.")

    # -- AIS403 loops ----------------------------------------------------------------------

    def _loops(self) -> None:
        model_ids = {c.id for c, _ in self.model_calls}
        model_fns = self._model_functions()
        for node in walk(self.facts.root):
            if node.type == "while_statement":
                cond = fld(node, "condition")
                if cond is None or self.src.text(cond).strip("() ") not in ("true", "1"):
                    continue
            elif node.type == "for_statement":
                if fld(node, "condition") is not None and self.src.text(fld(node, "condition")).strip("; ") not in ("", "true"):
                    continue
                if fld(node, "condition") is None and "(;;)" not in self.src.text(node).replace(" ", "")[:8]:
                    continue
            else:
                continue
            body = fld(node, "body")
            if body is None:
                continue
            calls_model = False
            interactive = False
            bounded = False
            counters: set[str] = set()
            for sub in walk_scope(body):
                if sub.type == "call_expression":
                    if sub.id in model_ids:
                        calls_model = True
                    func = fld(sub, "function")
                    ftext = self.src.text(func) if func is not None else ""
                    if ftext in self.facts.functions and any(f.id in model_fns for f in self.facts.functions[ftext]):
                        calls_model = True
                    if re.search(r"(?i)question|readline|prompt\b|rl\.", ftext):
                        interactive = True
                elif sub.type == "throw_statement":
                    bounded = True
                elif sub.type in ("update_expression", "augmented_assignment_expression"):
                    counters.add(self.src.text(sub).strip("+-= 0123456789;"))
            if calls_model and not interactive and not bounded:
                for sub in walk_scope(body):
                    if sub.type == "if_statement":
                        cond = self.src.text(fld(sub, "condition") or sub)
                        if any(c and c in cond for c in counters) or re.search(r"(?i)attempt|retries|tries|max|deadline|Date\.now|iteration|step", cond):
                            cons = self.src.text(fld(sub, "consequence") or sub)
                            if re.search(r"\b(?:break|return|throw)\b", cons):
                                bounded = True
                    elif sub.type == "catch_clause":
                        cbody = self.src.text(fld(sub, "body") or sub)
                        if re.search(r"\b(?:break|return|throw)\b", cbody):
                            bounded = True
            if calls_model and not interactive and not bounded:
                self.hit("AIS403", node, "`while (true)` around a model call only ends on success: failures loop for ever.")

    def _model_functions(self) -> set[int]:
        direct: set[int] = set()
        fn_of: dict[int, Node] = {}
        owners = _function_owners(self.facts.root)

        def _enclosing_function(node: Node) -> Node | None:
            return owners.get(node.id)

        for call, _mc in self.model_calls:
            fn = _enclosing_function(call)
            if fn is not None:
                direct.add(fn.id)
                fn_of[fn.id] = fn
        callers: dict[int, set[int]] = {}
        for call in self.calls:
            func = fld(call, "function")
            if func is None:
                continue
            name = self.src.text(func)
            if name.startswith("this."):
                name = name[5:]
            targets = self.facts.functions.get(name, [])
            caller = _enclosing_function(call)
            if caller is None:
                continue
            for t in targets:
                callers.setdefault(caller.id, set()).add(t.id)
            # functions defined inside a handler count for it
        for fn in self.facts.all_functions:
            outer = _enclosing_function(fn)
            if outer is not None:
                callers.setdefault(outer.id, set()).add(fn.id)
        result = set(direct)
        changed = True
        while changed:
            changed = False
            for caller, targets in callers.items():
                if caller not in result and targets & result:
                    result.add(caller)
                    changed = True
        return result

    # -- AIS404 / AIS406 -------------------------------------------------------------------

    def _routes(self) -> None:
        if not self.facts.routes:
            return
        model_fns = self._model_functions()
        reads_usage = "usage" in self.src.data.decode("utf-8", "replace")
        first = None
        for handler_id, route in self.facts.routes.items():
            if handler_id not in model_fns:
                continue
            first = first or route.anchor
            if route.limited or self.facts.app_limited:
                continue
            if route.kind == "next" and self.settings.nextjs_middleware_limits:
                continue
            if self._limited_in_body(route.handler):
                continue
            what = "export" if route.kind in ("next", "pages") else "route"
            self.hit("AIS404", route.anchor, f"This {what} calls a model with no rate limit in sight (middleware, limiter or quota check).")
        if first is not None and not reads_usage:
            self.hit("AIS406", first, "Routes call models but no code reads the response usage: per-user spend cannot be enforced.")

    def _limited_in_body(self, fn: Node) -> bool:
        for sub in walk(fn):
            if sub.type == "call_expression":
                func = fld(sub, "function")
                name = self.src.text(func) if func is not None else ""
                if _limit_words(name.rsplit(".", 1)[-1]) or _limit_words(name.split(".", 1)[0]):
                    return True
            elif sub.type == "number" and self.src.text(sub) == "429":
                return True
        return False


def _function_owners(root: Node) -> dict[int, Node | None]:
    """Node id → the innermost function around it, in one walk down the tree (asking each
    node for its parents costs the depth of the tree per step: cubic on a long call chain)."""
    owners: dict[int, Node | None] = {}
    stack: list[tuple[Node, Node | None]] = [(root, None)]
    while stack:
        node, owner = stack.pop()
        owners[node.id] = owner
        inner = node if node.type in FUNCTION_TYPES else owner
        stack.extend((child, inner) for child in node.named_children)
    return owners


def _too_many(text: str) -> bool:
    text = text.strip()
    if text in ("Infinity", "Number.POSITIVE_INFINITY", "Number.MAX_SAFE_INTEGER"):
        return True
    try:
        return float(text.replace("_", "")) > 10
    except ValueError:
        return False
