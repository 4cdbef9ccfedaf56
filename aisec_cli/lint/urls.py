"""URL facts: provider endpoints, loopback and internal hosts."""

from __future__ import annotations

import ipaddress
import re
from aisec_cli.core.lazyre import LazyRegex

PROVIDER_HOSTS: dict[str, str] = {
    "api.openai.com": "openai",
    "api.anthropic.com": "anthropic",
    "generativelanguage.googleapis.com": "google",
    "aiplatform.googleapis.com": "google",
    "api.groq.com": "groq",
    "api.mistral.ai": "mistral",
    "api.cohere.ai": "cohere",
    "api.cohere.com": "cohere",
    "openrouter.ai": "openrouter",
    "api.together.xyz": "together",
    "api.together.ai": "together",
    "api.deepseek.com": "deepseek",
    "api.perplexity.ai": "perplexity",
    "api-inference.huggingface.co": "huggingface",
    "router.huggingface.co": "huggingface",
    "api.x.ai": "xai",
    "api.fireworks.ai": "fireworks",
    "api.replicate.com": "replicate",
    "api.elevenlabs.io": "elevenlabs",
    "api.stability.ai": "stability",
    "api.assemblyai.com": "assemblyai",
    "api.deepinfra.com": "deepinfra",
    "api.cerebras.ai": "cerebras",
    "api.sambanova.ai": "sambanova",
    "api.novita.ai": "novita",
    "api.moonshot.ai": "moonshot",
    "dashscope.aliyuncs.com": "dashscope",
    "api.voyageai.com": "voyage",
    "api.jina.ai": "jina",
}
_GENERATION_PATH = LazyRegex(
    r"/(?:v\d[^/]*/)?(?:chat/completions|completions|responses|messages|chat|generate)\b|"
    r":(?:generateContent|streamGenerateContent)\b"
)
# Other paid provider endpoints: realtime sessions and ephemeral keys, audio, images, video,
# embeddings, predictions. Model calls for timeouts (AIS402) and rate limits (AIS404), but
# they have no output-token cap to set (AIS401).
_MODEL_PATH = LazyRegex(
    r"/(?:v\d[^/]*/)?(?:realtime(?:/|\b)|audio/|images/|videos?\b|embeddings\b|predictions\b|"
    r"text-to-speech|speech-to-text|sound-generation|generation/|transcript|rerank|models/[^/?#]+/(?:predictions|invoke|converse))"
)
# Local inference servers (Ollama, LM Studio, vLLM, llama.cpp, TGI on this host): no per-token bill.
_LOCAL_PORTS = frozenset({"11434", "1234", "8080", "8000", "5000", "5001", "7860", "3000", "4891"})
_LOCAL_SERVICE = LazyRegex(r"(?i)^(?:ollama|lmstudio|lm-studio|vllm|llamacpp|llama-cpp|llama\.cpp|tgi|localai|text-generation-inference)$")
_URL = LazyRegex(r"^(https?)://([^/?#\s]*)(.*)$", re.I)


def split(url: str) -> tuple[str, str, str] | None:
    """(scheme, host, rest) of an absolute http(s) URL, else None."""
    m = _URL.match(url.strip())
    if not m:
        return None
    netloc = m.group(2)
    host = netloc.rsplit("@", 1)[-1]
    if host.startswith("["):
        host = host[1 : host.find("]")] if "]" in host else host[1:]
    else:
        host = host.split(":", 1)[0]
    return m.group(1).lower(), host.lower(), m.group(3)


def provider_of(url: str) -> str | None:
    parts = split(url)
    if not parts:
        return None
    host = parts[1]
    for known, provider in PROVIDER_HOSTS.items():
        if host == known or host.endswith("." + known):
            return provider
    if host.endswith(".openai.azure.com"):
        return "azure-openai"
    return None


def is_generation_endpoint(url: str) -> bool:
    """A provider URL whose path generates text (not /models or /embeddings)."""
    parts = split(url)
    if not parts or provider_of(url) is None:
        return False
    return bool(_GENERATION_PATH.search(parts[2]))


def is_model_endpoint(url: str) -> bool:
    """A paid provider URL that runs a model: generation, realtime sessions, audio, images, ..."""
    parts = split(url)
    if not parts or provider_of(url) is None:
        return False
    return bool(_GENERATION_PATH.search(parts[2]) or _MODEL_PATH.search(parts[2]))


def is_local_server(url: str) -> bool:
    """A base URL on this host (or a compose service named for a local inference server)."""
    parts = split(url)
    if not parts:
        return False
    host = parts[1]
    if _LOCAL_SERVICE.match(host):
        return True
    if host in ("localhost", "host.docker.internal", "0.0.0.0", "gateway.docker.internal") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# an environment variable named for a server that runs on the operator's own machine
# (`LMSTUDIO_BASE_PATH`, `OLLAMA_BASE_URL`, `KOBOLD_CPP_BASE_PATH`): the URL it holds is that server
_LOCAL_SERVER_ENV = LazyRegex(
    r"(?i)(?:^|_)(?:OLLAMA|LMSTUDIO|LM_STUDIO|LOCAL_?AI|KOBOLD(?:_?CPP)?|LEMONADE|DOCKER_MODEL_RUNNER|"
    r"TEXT_GEN_WEB_?UI|TEXTGEN_?WEBUI|LLAMA_?CPP|LLAMAFILE|GPT4ALL|OMLX)_"
)


def is_local_server_env(name: str) -> bool:
    """Does this environment variable name a local inference server's address?"""
    return _LOCAL_SERVER_ENV.search(name) is not None and re.search(r"(?i)(?:URL|PATH|HOST|BASE|ENDPOINT)", name) is not None


def is_internal_host(host: str) -> bool:
    """Loopback, docker host, single-label service names, cluster-internal names."""
    host = host.strip("[]").lower()
    if not host:
        return True
    if host in ("localhost", "host.docker.internal", "0.0.0.0", "gateway.docker.internal"):
        return True
    if host.endswith((".localhost", ".svc", ".svc.cluster.local", ".cluster.local", ".internal")):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return "." not in host  # compose / k8s service name: "ollama", "vllm"
    return ip.is_loopback or ip.is_unspecified


def plaintext_external(url: str) -> bool:
    """http:// to a host that is not loopback / internal."""
    parts = split(url)
    if not parts or parts[0] != "http":
        return False
    return not is_internal_host(parts[1])


_RESERVED_HOST = LazyRegex(r"(?i)^(?:[a-z0-9-]+\.)*(?:example\.(?:com|net|org)|[a-z0-9-]+\.(?:test|invalid|example))\.?(?::\d+)?$")


def reserved_example_host(url: str) -> bool:
    """Host is an RFC 2606 / RFC 6761 name kept for documentation and tests: no real server."""
    parts = split(url)
    return bool(parts) and bool(_RESERVED_HOST.match(parts[1].rsplit("@", 1)[-1]))


def private_network_host(url: str) -> bool:
    """Host is a private-range (RFC 1918 / unique-local / link-local) address: a LAN machine, not the internet."""
    parts = split(url)
    if not parts:
        return False
    host = parts[1].rsplit("@", 1)[-1].strip("[]")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_private and not ip.is_loopback


def fixed_host_prefix(prefix: str) -> bool:
    """Does this constant URL prefix already fix scheme and host (SSRF not possible)?"""
    m = re.match(r"^[a-z][a-z0-9+.-]*://[^/?#]+[/?#]", prefix.strip(), re.I)
    return bool(m)
