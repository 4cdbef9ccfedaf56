"""The SDK surface: which calls are model calls, which constructors build clients, which
attributes of a response are metadata, which keywords cap output.

Tables only; the analysers interpret them.
"""

from __future__ import annotations

from dataclasses import dataclass
from aisec_cli.core.lazyre import LazyRegex

# ---------------------------------------------------------------------------------------
# Model-call shapes (method chains, matched as suffixes of `a.b.c(...)`)


@dataclass(frozen=True, slots=True)
class CallShape:
    api: str  # openai.chat | openai.responses | ... (keys of CAP_KEYS)
    provider: str  # default provider when the receiver type is unknown
    suffix: tuple[str, ...]
    distinctive: bool = True  # matches without knowing the receiver's type


CHAIN_SHAPES: tuple[CallShape, ...] = (
    CallShape("openai.chat", "openai", ("beta", "chat", "completions", "parse")),
    CallShape("openai.chat", "openai", ("chat", "completions", "create")),
    CallShape("openai.chat", "openai", ("chat", "completions", "parse")),
    CallShape("openai.chat", "openai", ("chat", "completions", "stream")),
    CallShape("openai.chat", "openai", ("ChatCompletion", "create")),
    CallShape("openai.chat", "openai", ("ChatCompletion", "acreate")),
    CallShape("openai.completions", "openai", ("Completion", "create")),
    CallShape("openai.responses", "openai", ("responses", "create")),
    CallShape("openai.responses", "openai", ("responses", "parse")),
    CallShape("openai.responses", "openai", ("responses", "stream")),
    CallShape("anthropic.messages", "anthropic", ("messages", "create")),
    CallShape("anthropic.messages", "anthropic", ("messages", "stream")),
    CallShape("anthropic.messages", "anthropic", ("completions", "create"), distinctive=False),
    CallShape("google.genai", "google-genai", ("models", "generate_content")),
    CallShape("google.genai", "google-genai", ("models", "generate_content_stream")),
    CallShape("google.generativeai", "google-generativeai", ("generate_content",)),
    CallShape("google.generativeai", "google-generativeai", ("generate_content_async",)),
    CallShape("google.chat", "google-genai", ("send_message",), distinctive=False),
    CallShape("google.chat", "google-genai", ("send_message_stream",), distinctive=False),
    CallShape("mistral.chat", "mistralai", ("chat", "complete")),
    CallShape("mistral.chat", "mistralai", ("chat", "complete_async")),
    CallShape("mistral.chat", "mistralai", ("chat", "stream")),
    CallShape("mistral.chat", "mistralai", ("chat", "stream_async")),
    CallShape("cohere.chat", "cohere", ("chat",), distinctive=False),
    CallShape("cohere.chat", "cohere", ("chat_stream",), distinctive=False),
    CallShape("bedrock.converse", "bedrock", ("converse",)),
    CallShape("bedrock.converse", "bedrock", ("converse_stream",)),
    CallShape("bedrock.invoke", "bedrock", ("invoke_model",)),
    CallShape("bedrock.invoke", "bedrock", ("invoke_model_with_response_stream",)),
)
# `completions.create` after something other than `chat` (legacy text completions).
COMPLETIONS_SUFFIX = ("completions", "create")

# Fully qualified functions that are model calls.
QUALIFIED_CALLS: dict[str, tuple[str, str]] = {
    "litellm.completion": ("litellm", "litellm"),
    "litellm.acompletion": ("litellm", "litellm"),
    "litellm.text_completion": ("litellm", "litellm"),
    "ollama.chat": ("ollama", "ollama"),
    "ollama.generate": ("ollama", "ollama"),
    "agents.Runner.run": ("agents", "openai-agents"),
    "agents.Runner.run_sync": ("agents", "openai-agents"),
    "agents.Runner.run_streamed": ("agents", "openai-agents"),
    "ai.generateText": ("vercel", "vercel-ai"),
    "ai.streamText": ("vercel", "vercel-ai"),
    "ai.generateObject": ("vercel", "vercel-ai"),
}

# Output caps per API: any one of these keywords is enough. Empty tuple: exempt.
CAP_KEYS: dict[str, tuple[str, ...]] = {
    "openai.chat": ("max_tokens", "max_completion_tokens"),
    "openai.completions": ("max_tokens",),
    "openai.responses": ("max_output_tokens",),
    "mistral.chat": ("max_tokens",),
    "cohere.chat": ("max_tokens",),
    "litellm": ("max_tokens", "max_completion_tokens"),
    "anthropic.messages": (),
    "ollama": (),
    "agents": (),
    "google.chat": (),
    "langchain": (),
    "llamaindex": (),
    "transformers": (),
    "abstract": (),
    "vercel": ("maxTokens", "maxOutputTokens"),
}
# Caps of legacy APIs, understood whatever the receiver was taken to be.
LEGACY_CAP_KEYS = ("max_tokens_to_sample",)
# Client methods that run locally (the legacy Anthropic SDK's tokenizer): no request is made.
LOCAL_TOKENIZER_METHODS = frozenset({"count_tokens", "get_tokenizer"})
CONFIG_CAP_KEYS = ("max_output_tokens", "maxOutputTokens", "max_tokens")
BEDROCK_CAP_KEYS = (
    "maxTokens",
    "max_tokens",
    "max_gen_len",
    "max_tokens_to_sample",
    "maxTokenCount",
    "max_new_tokens",
    "textGenerationConfig",
)

# ---------------------------------------------------------------------------------------
# Client constructors (AIS402) and the keyword that sets their timeout.


@dataclass(frozen=True, slots=True)
class ClientKind:
    provider: str
    timeout_keys: tuple[str, ...]
    http_options: bool = False  # google-genai: http_options.timeout
    default_wait: int | None = 600  # seconds the SDK waits per attempt when none is set (None: not stated here)

    def wait_text(self) -> str:
        """The end of the AIS402 message: what the SDK does when no timeout is set."""
        if self.http_options:
            return "the SDK sets no timeout by default, a stalled request waits for ever."
        if self.default_wait is None:
            return "the SDK's own default wait applies to every attempt."
        return f"the SDK waits up to {self.default_wait} s per attempt."


CLIENTS: dict[str, ClientKind] = {
    **{
        f"openai.{n}": ClientKind("openai", ("timeout",))
        for n in ("OpenAI", "AsyncOpenAI", "AzureOpenAI", "AsyncAzureOpenAI")
    },
    **{
        f"anthropic.{n}": ClientKind("anthropic", ("timeout",))
        for n in (
            "Anthropic",
            "AsyncAnthropic",
            "AnthropicBedrock",
            "AsyncAnthropicBedrock",
            "AnthropicVertex",
            "AsyncAnthropicVertex",
        )
    },
    "groq.Groq": ClientKind("groq", ("timeout",), default_wait=None),
    "groq.AsyncGroq": ClientKind("groq", ("timeout",), default_wait=None),
    "cohere.ClientV2": ClientKind("cohere", ("timeout",), default_wait=300),
    "cohere.Client": ClientKind("cohere", ("timeout",), default_wait=300),
    "cohere.AsyncClientV2": ClientKind("cohere", ("timeout",), default_wait=300),
    "cohere.AsyncClient": ClientKind("cohere", ("timeout",), default_wait=300),
    "mistralai.Mistral": ClientKind("mistralai", ("timeout_ms",), default_wait=None),
    "google.genai.Client": ClientKind("google-genai", (), http_options=True),
}
# Other constructors whose result is a model client (for output taint and AIS101/501).
OTHER_CLIENTS: dict[str, str] = {
    "together.Together": "together",
    "fireworks.client.Fireworks": "fireworks",
    "google.generativeai.GenerativeModel": "google-generativeai",
    "vertexai.generative_models.GenerativeModel": "vertexai",
    "vertexai.preview.generative_models.GenerativeModel": "vertexai",
    "replicate.Client": "replicate",
    "huggingface_hub.InferenceClient": "huggingface",
    "ollama.Client": "ollama",
    "ollama.AsyncClient": "ollama",
}



def is_client_class(qual: str) -> bool:
    """A qualified SDK client or chat-model class (subclasses of it are clients too)."""
    if qual in CLIENTS or qual in OTHER_CLIENTS:
        return True
    last = qual.rsplit(".", 1)[-1]
    return qual.startswith("langchain") and (last in LANGCHAIN_CAPPED or last in LANGCHAIN_OTHER)


# LangChain / LlamaIndex chat model classes (by class name, module must be langchain*/llama_index*).
LANGCHAIN_CAPPED = frozenset(
    {
        "ChatOpenAI",
        "AzureChatOpenAI",
        "ChatGoogleGenerativeAI",
        "ChatVertexAI",
        "ChatMistralAI",
        "ChatGroq",
        "ChatCohere",
        "ChatLiteLLM",
        "ChatDeepSeek",
        "ChatXAI",
        "ChatTogether",
        "ChatFireworks",
        "ChatPerplexity",
        "ChatOpenRouter",
    }
)
LANGCHAIN_OTHER = frozenset(
    {
        "ChatAnthropic",
        "ChatBedrock",
        "ChatBedrockConverse",
        "ChatOllama",
        "ChatHuggingFace",
        "HuggingFaceEndpoint",
        "HuggingFacePipeline",
        "Ollama",
        "OllamaLLM",
        "LLMChain",
        "ConversationChain",
        "RetrievalQA",
        "ConversationalRetrievalChain",
        "AgentExecutor",
        "SQLDatabaseChain",
        "LLMMathChain",
        "GraphCypherQAChain",
    }
)
LANGCHAIN_CAP_KEYS = ("max_tokens", "max_completion_tokens", "max_output_tokens", "max_new_tokens")
# LangChain's universal constructors (`init_chat_model("gpt-4o", model_provider="openai")`): the
# chat model they build is capped by LANGCHAIN_CAP_KEYS, unless the provider's class has a default
# cap of its own or runs locally (providers named by `model_provider=` or a "provider:model" prefix).
LANGCHAIN_FACTORIES = frozenset({"init_chat_model"})
LANGCHAIN_FACTORY_EXEMPT_PROVIDERS = frozenset(
    {"anthropic", "bedrock", "bedrock_converse", "anthropic_bedrock", "ollama", "huggingface"}
)
# Model-name prefixes from which init_chat_model infers one of those providers.
LANGCHAIN_FACTORY_EXEMPT_PREFIXES = ("claude", "anthropic.")
LLAMAINDEX_CAPPED = frozenset({"OpenAI", "AzureOpenAI", "OpenAILike", "Groq", "MistralAI", "LiteLLM"})
LLM_METHODS = frozenset(
    {
        "invoke",
        "ainvoke",
        "stream",
        "astream",
        "batch",
        "abatch",
        "predict",
        "apredict",
        "run",
        "arun",
        "complete",
        "acomplete",
        "chat",
        "achat",
        "stream_complete",
        "stream_chat",
        "query",
        "aquery",
        "run_sync",
        "generate",
        "call",
    }
)
# Receiver names that, without type information, are taken to be LLMs / chains.
LLM_RECEIVER = LazyRegex(
    r"(?i)^(?:llm|.*_llm|llm_.*|chat_?model|.*_chain|chain|chain_.*|.*chain|agent|.*_agent|"
    r"agent_?executor|executor|qa|query_engine|chat_engine|.*_engine|conversation|pipe|"
    r"generator|text_generator|runnable|rag)$"
)
# ... except an engine named for a web search, a database or templates (`search_engine.run(q)`).
NOT_LLM_ENGINE = LazyRegex(r"(?i)^(?:(?:web_)?search|db|database|sql|template|rules?)_engine$")
LLM_RECEIVER_METHODS = frozenset(
    {"invoke", "ainvoke", "predict", "apredict", "run", "arun", "query", "aquery",
     "complete", "acomplete", "chat", "achat", "run_sync", "stream", "astream"}
)

# Response attributes that are metadata, not model text.
METADATA_ATTRS = frozenset(
    {
        "usage",
        "usage_metadata",
        "model",
        "id",
        "created",
        "object",
        "finish_reason",
        "stop_reason",
        "stop_sequence",
        "system_fingerprint",
        "response_metadata",
        "status_code",
        "status",
        "index",
        "role",
        "type",
        "total_tokens",
        "prompt_tokens",
        "completion_tokens",
        "input_tokens",
        "output_tokens",
        "logprobs",
        "ResponseMetadata",
        "headers",
        "elapsed",
        "ok",
        "encoding",
        "url",
        "error",  # a failed request's or stream's error: the server's message, not model text
        "search_entry_point",  # Gemini grounding: Google's own search-suggestions markup, shown as is
    }
)

# Keywords that are "privileged prompt slots" (AIS201) on AI calls/constructors.
SYSTEM_KEYWORDS = frozenset(
    {"system", "instructions", "system_instruction", "system_prompt", "system_message", "preamble"}
)
PROMPT_KEYWORDS = frozenset(
    {"messages", "prompt", "input", "contents", "system", "instructions", "system_instruction",
     "system_prompt", "system_message", "message", "query", "inputs", "text", "preamble",
     "chat_history", "content"}
)
COST_KEYWORDS = frozenset(
    {"model", "max_tokens", "max_completion_tokens", "max_output_tokens", "n",
     "reasoning_effort", "model_name", "maxTokens", "maxOutputTokens", "max_new_tokens"}
)

# Known AI packages (import roots) – what makes a file "AI code".
AI_IMPORT_ROOTS = frozenset(
    {
        "openai",
        "anthropic",
        "google.genai",
        "google.generativeai",
        "vertexai",
        "cohere",
        "mistralai",
        "groq",
        "litellm",
        "langchain",
        "langchain_core",
        "langchain_community",
        "langchain_openai",
        "langchain_anthropic",
        "langchain_google_genai",
        "langchain_experimental",
        "langgraph",
        "llama_index",
        "transformers",
        "boto3",
        "ollama",
        "together",
        "huggingface_hub",
        "sentence_transformers",
        "torch",
        "agents",
        "autogen",
        "autogen_ext",
        "crewai",
        "pydantic_ai",
        "mcp",
        "fastmcp",
        "instructor",
        "replicate",
        "datasets",
        "dspy",
        "haystack",
        "semantic_kernel",
        "smolagents",
    }
)
JS_AI_MODULES = frozenset(
    {
        "openai",
        "@anthropic-ai/sdk",
        "@google/genai",
        "@google/generative-ai",
        "ai",
        "@ai-sdk/openai",
        "@ai-sdk/anthropic",
        "@ai-sdk/google",
        "groq-sdk",
        "@mistralai/mistralai",
        "cohere-ai",
        "langchain",
        "@langchain/openai",
        "@langchain/anthropic",
        "@langchain/core",
        "ollama",
        "@modelcontextprotocol/sdk",
    }
)
JS_CLIENTS: dict[str, ClientKind] = {
    "openai": ClientKind("openai", ("timeout",)),
    "@anthropic-ai/sdk": ClientKind("anthropic", ("timeout",)),
    "@google/genai": ClientKind("google-genai", (), http_options=True),
    "groq-sdk": ClientKind("groq", ("timeout",), default_wait=None),
}
JS_CLIENT_CLASSES = frozenset({"OpenAI", "AzureOpenAI", "Anthropic", "GoogleGenAI", "Groq"})
JS_CAP_KEYS: dict[str, tuple[str, ...]] = {
    "openai.chat": ("max_tokens", "max_completion_tokens"),
    "openai.completions": ("max_tokens",),
    "openai.responses": ("max_output_tokens",),
    "anthropic.messages": (),
    "google.genai": ("maxOutputTokens", "max_output_tokens"),
    "vercel": ("maxTokens", "maxOutputTokens"),
}

# Public env prefixes inlined into browser bundles (AIS103).
PUBLIC_ENV = LazyRegex(r"^(?:NEXT_PUBLIC_|VITE_|REACT_APP_|PUBLIC_|EXPO_PUBLIC_|NUXT_PUBLIC_|GATSBY_)")
AI_ENV_NAME = LazyRegex(
    r"(?i)OPENAI|ANTHROPIC|CLAUDE|GEMINI|GOOGLE_(?:GENERATIVE_)?AI|GENAI|GROQ|MISTRAL|COHERE|"
    r"HUGGING|(?:^|_)HF_|REPLICATE|TOGETHER|PERPLEXITY|DEEPSEEK|(?:^|_)XAI|OPENROUTER|FIREWORKS|"
    r"(?:^|_)LLM|(?:^|_)AI_API|ELEVENLABS|AZURE_OPENAI"
)
SECRET_ENV_NAME = LazyRegex(
    r"(?i)(?:KEY|SECRET|TOKEN|PASSWORD|PASSWD|PWD|CREDENTIALS?)$|API_?KEY|SECRET|PASSWORD|_TOKEN_?"
)
# the public half of a key pair (Langfuse pk-lf-…, Stripe publishable keys): shown to clients by design
PUBLIC_KEY_FIELD = LazyRegex(r"(?i)^(?:public_?key|publishable_?key|pub_?key)$")
# a size counted in tokens (`*_MODEL_TOKEN_LIMIT`, `*_TOKEN_BUDGET`, `*_CONTEXT_TOKEN_WINDOW`) is a number
NOT_SECRET_ENV = LazyRegex(
    r"(?i)MAX_TOKENS|TOKENS$|TOKENIZER|_MODEL$|_URL$|_HOST$|_ID$|PUBLIC|PUBLISHABLE|"
    r"TOKEN_(?:LIMIT|BUDGET|WINDOW|COUNT|LENGTH|LEN|SIZE|MAX|MIN)$"
)
SECRET_NAME = LazyRegex(
    r"(?i)(?:^|_)(?:api_?key|apikey|secret(?:_?key)?|client_secret|access_?key|private_?key|"
    r"password|passwd|pwd|auth_?token|access_?token|api_?token|bearer_?token|admin_?token|"
    r"refresh_?token|secret_?token|service_?token|bot_?token|credentials?)$|"
    r"(?:^|_)(?:openai|anthropic|gemini|google|groq|mistral|cohere|hf|huggingface|together|"
    r"deepseek|stripe|github|slack|aws|db|database|admin|service)_(?:key|token)$"
)
NOT_SECRET_NAME = LazyRegex(r"(?i)max_?tokens?|num_?tokens|tokens?_?(?:count|used|limit)|_?tokenizer")
