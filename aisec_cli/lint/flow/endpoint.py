"""AIS506: a provider client whose base URL the request chooses — and whose key goes with it.

The adapters find the client constructors and hand over the taint of the base-URL argument
and of the key argument (None when the call passes no key); this module decides whose key
travels to the chosen host and reports, the same for both languages. The flow core reports
only request data (the rule's ``only_categories``) and symbolic parameters, so a helper's
summary carries the sink to the route that calls it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aisec_cli.core.findings import Severity
from aisec_cli.core.lazyre import LazyRegex
from aisec_cli.lint.flow.sinks import Reporter
from aisec_cli.lint.taint import PARAM, USER, Label, Taint, holds_secret

RULE = "AIS506"

# Python keyword arguments that set where a client sends its requests.
PY_URL_KEYWORDS = (
    "base_url", "api_base", "openai_api_base", "openai_base_url", "azure_endpoint",
    "anthropic_api_url", "base_path", "endpoint", "inference_server_url",
)
# Keyword arguments / option keys that carry the key (besides names shaped like a secret).
KEY_NAME = LazyRegex(r"(?i)^(?:api_?key|\w*_api_?key|\w*ApiKey|token|api_?token|auth_?token|authToken|access_?token)$")
# JS option keys (top level, or under LangChain's `configuration`).
JS_URL_KEYS = ("baseURL", "baseUrl", "basePath", "endpoint", "apiBase", "anthropicApiUrl")
JS_NESTED = ("configuration", "clientOptions")

# Clients that hold no key of the server's (local model servers): nothing to leak.
_KEYLESS_PY = LazyRegex(r"(?:^|\.)(?:ollama\.\w+|ChatOllama|Ollama|OllamaLLM|OllamaEmbeddings|HuggingFacePipeline|OpenAILike)$")
_KEYLESS_JS_MODULES = frozenset({"ollama", "ollama-ai-provider", "ollama-ai-provider-v2", "@ai-sdk/openai-compatible"})
_JS_CLIENT_MODULES = frozenset({"openai", "@anthropic-ai/sdk", "groq-sdk", "@mistralai/mistralai", "cohere-ai", "together-ai"})


def py_client(qual: str) -> bool:
    """Is ``qual`` a Python client constructor this rule looks at (a key-less one is not)?"""
    from aisec_cli.lint import sdk

    if not qual or _KEYLESS_PY.search(qual):
        return False
    last = qual.rsplit(".", 1)[-1]
    if sdk.is_client_class(qual):
        return True
    if qual.startswith("llama_index") and last in sdk.LLAMAINDEX_CAPPED:
        return True
    return qual.startswith(("langchain", "huggingface_hub.")) and (last.startswith(("Chat", "Azure")) or last == "InferenceClient")


def js_client(qual: str, new: bool) -> bool:
    """Is ``qual`` (``module.member`` as the JS adapter resolves it) a client constructor or
    provider factory whose key comes from the server when none is passed?"""
    module, member = _js_module(qual)
    if not module or module in _KEYLESS_JS_MODULES:
        return False
    if module in _JS_CLIENT_MODULES:
        return new
    if module.startswith("@ai-sdk/"):
        return member.startswith("create") and not new
    if module.startswith("@langchain/"):
        return new and (member.startswith(("Chat", "Azure")) or member in ("OpenAI", "Anthropic")) and "Ollama" not in member
    return False


def _js_module(qual: str) -> tuple[str, str]:
    if qual.startswith("@"):
        scope, _, rest = qual.partition("/")
        pkg, _, member = rest.partition(".")
        return f"{scope}/{pkg}", member
    module, _, member = qual.partition(".")
    return module, member


def owner(key: Taint | None, literal: bool, lookup: Callable[[str], Taint] = lambda name: frozenset()) -> Severity | None:
    """Whose key goes to the chosen host: the server's (high), the caller's own (medium), or
    none (a literal placeholder key of a local server: not reported)."""
    if key is None:
        return Severity.HIGH  # the SDK reads its environment variable: the server's key
    if holds_secret(key, lookup):
        return Severity.HIGH  # the environment, settings, or a fallback to them
    if any(lb.kind in (USER, PARAM) for lb in key):
        return Severity.MEDIUM  # the request's own key (the SDK falls back to its env variable when it is empty)
    if literal:
        return None
    return Severity.HIGH  # a value of the server's own (a field, a setting, a call)


def report(
    flow: Reporter, url: Taint, key: Taint | None, literal_key: bool, anchor: Any, label: str, lookup: Callable[[str], Taint]
) -> bool:
    """Report request data in ``url`` at ``anchor`` with the severity of whose key goes along
    (``lookup``: a variable's taint where the client is built)."""
    if not url:
        return False
    severity = owner(key, literal_key, lookup)
    if severity is None:
        return False
    whose = "with the server's key" if severity is Severity.HIGH else "with the caller's own key (the SDK reads the server's env key when it is empty)"
    escalate: tuple[Label, Severity] | None = None
    params = sorted((lb for lb in key or () if lb.kind == PARAM), key=Label.rank)
    if severity is Severity.MEDIUM and params and not any(lb.kind == USER for lb in key or ()):
        escalate = (params[0], Severity.HIGH)  # a helper's key parameter: the caller's argument decides
    return flow.sink(RULE, url, anchor, f"{label}, sent {whose}", severity=severity, escalate=escalate)
