"""Is this string literal an AI provider key? (keyword + prefix + length + randomness)

Vendor regexes alone miss synthetic and truncated keys (no `T3BlbkFJ` marker), so a
literal counts as a key when it has a known prefix and a long, random-looking body, or
when the keyword it is assigned to says "key" and the value looks random. Placeholders
("sk-...", "YOUR_API_KEY", "sk-your-key-here", "EMPTY", "ollama") never count.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from aisec_cli.core.lazyre import LazyRegex
from aisec_cli.secrets import filters

# (prefix regex, provider, env var name, minimum body length)
_PREFIXES: tuple[tuple[re.Pattern[str], str, str, int], ...] = tuple(
    (LazyRegex(p), provider, env, n)
    for p, provider, env, n in (
        (r"sk-ant-(?:api|admin)\d\d-", "anthropic", "ANTHROPIC_API_KEY", 20),
        (r"sk-or-v1-", "openrouter", "OPENROUTER_API_KEY", 24),
        (r"sk-lf-", "langfuse", "LANGFUSE_SECRET_KEY", 20),
        (r"sk-(?:proj|svcacct|service|admin)-", "openai", "OPENAI_API_KEY", 20),
        (r"sk-", "openai", "OPENAI_API_KEY", 20),
        (r"AIza", "google", "GOOGLE_API_KEY", 30),
        (r"gsk_", "groq", "GROQ_API_KEY", 24),
        (r"hf_", "huggingface", "HF_TOKEN", 24),
        (r"api_org_", "huggingface", "HF_TOKEN", 24),
        (r"r8_", "replicate", "REPLICATE_API_TOKEN", 24),
        (r"pplx-", "perplexity", "PERPLEXITY_API_KEY", 24),
        (r"xai-", "xai", "XAI_API_KEY", 24),
        (r"tgp_v1_", "together", "TOGETHER_API_KEY", 24),
        (r"fw_", "fireworks", "FIREWORKS_API_KEY", 20),
        (r"lsv2_(?:pt|sk)_", "langsmith", "LANGSMITH_API_KEY", 24),
        (r"pcsk_", "pinecone", "PINECONE_API_KEY", 24),
        (r"nvapi-", "nvidia", "NVIDIA_API_KEY", 24),
        (r"tvly-(?:dev-|prod-)?", "tavily", "TAVILY_API_KEY", 20),
        (r"jina_", "jina", "JINA_API_KEY", 24),
        (r"csk-", "cerebras", "CEREBRAS_API_KEY", 24),
        (r"AKIA|ASIA", "aws", "AWS_ACCESS_KEY_ID", 16),
        (r"ABSK", "aws-bedrock", "AWS_BEARER_TOKEN_BEDROCK", 40),
    )
)

_PLACEHOLDER = LazyRegex(
    r"(?i)your|xxxx|\.\.\.|…|<|>|\{|\}|\$|example|placeholder|replace|insert|changeme|"
    r"dummy|fake|sample|redacted|here|todo|none|null|not[-_]?needed|no[-_]?key|"
    r"0000000|xxxxxx|secret[-_]?key|api[-_]?key|my[-_]?key|test[-_]?key|"
    r"^(?:empty|ollama|lm-studio|lmstudio|vllm|local|anything|token)$"
)
_BODY_CHARS = LazyRegex(r"^[A-Za-z0-9_\-+/=.]+$")
_KEYWORD = LazyRegex(
    r"(?i)(?:^|_|-)(?:api_?key|apikey|api_?token|access_?key|secret(?:_access)?_?key|"
    r"secret|token|auth_?token|x-api-key|api-key|key)$"
)
_GENERIC_KEYWORD = LazyRegex(
    r"(?i)api_?key|apikey|api_?token|secret|access_?key|auth_?token|access_?token|private_?key|password|"
    r"(?:^|_|-)token$|(?:cohere|mistral|together|deepseek|azure|openai|anthropic|gemini|google|groq|hf|"
    r"huggingface|pinecone|elevenlabs|replicate|voyage|ai21|co)_?(?:api_?)?key"
)
_WEAK_KEYWORD = LazyRegex(r"(?i)(?:^|_)(?:cohere|co|mistral|together|azure|aws_secret)")


@dataclass(frozen=True, slots=True)
class KeyMatch:
    value: str
    provider: str
    env_var: str


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    if not text:
        return 0.0
    counts = Counter(text)
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def _random_looking(body: str, *, min_len: int) -> bool:
    if len(body) < min_len or not _BODY_CHARS.match(body):
        return False
    classes = sum(
        1
        for test in (str.islower, str.isupper, str.isdigit)
        if any(test(ch) for ch in body)
    )
    if classes < 2:
        return False
    if entropy(body) < 3.2:
        return False
    # Words separated by dashes ("no-key-required-for-local") are not random.
    parts = re.split(r"[-_]", body)
    if len(parts) >= 3 and all(p.isalpha() and p.islower() for p in parts if p):
        return False
    return True


def _has_words(value: str) -> bool:
    """Long letter runs with few case changes are words ("guardrailAssessment"), not key bodies."""
    for run in re.findall(r"[A-Za-z]{10,}", value):
        changes = sum(1 for a, b in zip(run, run[1:], strict=False) if a.isupper() != b.isupper())
        if changes / (len(run) - 1) < 0.2:
            return True
    return False


def is_placeholder(value: str) -> bool:
    return bool(_PLACEHOLDER.search(value))


_ANY_PREFIX = LazyRegex("|".join(f"(?:{p.pattern})" for p, _, _, _ in _PREFIXES))


def match_key(value: str, keyword: str = "") -> KeyMatch | None:
    """The key this literal is, or None. ``keyword`` is the name it is assigned to."""
    value = value.strip()
    if not keyword and not _ANY_PREFIX.search(value):
        return None
    if value.startswith(("Bearer ", "bearer ", "Token ")):
        value = value.split(" ", 1)[1].strip()
    if len(value) < 16 or len(value) > 400 or " " in value or "\n" in value:
        return None
    if is_placeholder(value) or filters.is_sequential(filters.body(value)) or filters.is_public_by_design(value):
        return None  # "sk-supersecret-1234567890ABCDEF": a test's made-up value
    for pattern, provider, env, min_body in _PREFIXES:
        m = pattern.match(value)
        if m:
            body = value[m.end() :]
            if provider == "aws" and not re.fullmatch(r"[A-Z0-9]{16}", body):
                return None
            if provider == "aws" or _random_looking(body, min_len=min_body):
                return KeyMatch(value, provider, env)
            return None
    if keyword and _GENERIC_KEYWORD.search(keyword):
        # Unprefixed formats (Cohere 40, Mistral 32, AWS secret 40, hex keys) need the keyword,
        # and must look machine-made: digits in it, no long runs of letters (words).
        digits = sum(ch.isdigit() for ch in value)
        if filters.looks_like_identifier(value):
            return None  # "SECRET_TOOL_ARGUMENT_123": a name, not a key
        if digits >= 1 and not _has_words(value) and _random_looking(value, min_len=24) and entropy(value) >= 3.7:
            env = keyword.upper().replace("-", "_")
            if not env.endswith(("KEY", "TOKEN", "SECRET")):
                env = "API_KEY"
            provider = "generic"
            weak = _WEAK_KEYWORD.search(keyword)
            if weak:
                provider = weak.group(0).strip("_").lower()
            return KeyMatch(value, provider, env)
    return None


def find_keys_in_text(text: str) -> list[KeyMatch]:
    """Key-shaped tokens inside a longer string (a header value, a prompt)."""
    found: list[KeyMatch] = []
    if not _ANY_PREFIX.search(text):
        return found
    for token in re.findall(r"[A-Za-z0-9_\-+/=.]{16,}", text):
        m = match_key(token)
        if m:
            found.append(m)
    return found


def is_key_keyword(name: str) -> bool:
    return bool(_KEYWORD.search(name))
