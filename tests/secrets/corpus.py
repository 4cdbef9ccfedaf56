"""A labelled detection set built at run time: every key format in every place keys hide,
plus look-alikes that must stay quiet. Used by the detection test and bench/secrets_eval.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tests.keyfactory import KeyFactory


@dataclass(frozen=True)
class Spec:
    """A provider format: how to build a key and the names that go with it."""

    builder: str
    provider: str  # expected provider label (rule's provider)
    env: str  # env-var name holding it
    domain: str  # API host
    ctx: bool = False  # needs context (keyword) to be found


SPECS = [
    Spec("openai_project", "OpenAI", "OPENAI_API_KEY", "api.openai.com"),
    Spec("openai_service_account", "OpenAI", "OPENAI_API_KEY", "api.openai.com"),
    Spec("openai_admin", "OpenAI", "OPENAI_ADMIN_KEY", "api.openai.com"),
    Spec("openai_legacy", "OpenAI", "OPENAI_API_KEY", "api.openai.com"),
    Spec("anthropic", "Anthropic", "ANTHROPIC_API_KEY", "api.anthropic.com"),
    Spec("anthropic_admin", "Anthropic", "ANTHROPIC_ADMIN_KEY", "api.anthropic.com"),
    Spec("google", "Google", "GEMINI_API_KEY", "generativelanguage.googleapis.com"),
    Spec("gemini_new", "Google", "GOOGLE_API_KEY", "generativelanguage.googleapis.com"),
    Spec("azure_openai", "Azure OpenAI", "AZURE_OPENAI_API_KEY", "contoso.openai.azure.com"),
    Spec("azure_legacy", "Azure OpenAI", "AZURE_OPENAI_API_KEY", "contoso.openai.azure.com", ctx=True),
    Spec("aws_access_key_id", "AWS", "AWS_ACCESS_KEY_ID", "bedrock-runtime.us-east-1.amazonaws.com"),
    Spec("aws_secret", "AWS", "AWS_SECRET_ACCESS_KEY", "bedrock-runtime.us-east-1.amazonaws.com", ctx=True),
    Spec("bedrock_long", "AWS Bedrock", "AWS_BEARER_TOKEN_BEDROCK", "bedrock-runtime.us-east-1.amazonaws.com"),
    Spec("bedrock_short", "AWS Bedrock", "AWS_BEARER_TOKEN_BEDROCK", "bedrock-runtime.us-east-1.amazonaws.com"),
    Spec("huggingface", "Hugging Face", "HF_TOKEN", "huggingface.co"),
    Spec("huggingface_org", "Hugging Face", "HUGGINGFACEHUB_API_TOKEN", "huggingface.co"),
    Spec("cohere", "Cohere", "COHERE_API_KEY", "api.cohere.com", ctx=True),
    Spec("mistral", "Mistral", "MISTRAL_API_KEY", "api.mistral.ai", ctx=True),
    Spec("groq", "Groq", "GROQ_API_KEY", "api.groq.com"),
    Spec("replicate", "Replicate", "REPLICATE_API_TOKEN", "api.replicate.com"),
    Spec("perplexity", "Perplexity", "PERPLEXITY_API_KEY", "api.perplexity.ai"),
    Spec("xai", "xAI", "XAI_API_KEY", "api.x.ai"),
    Spec("deepseek", "DeepSeek", "DEEPSEEK_API_KEY", "api.deepseek.com", ctx=True),
    Spec("together", "Together AI", "TOGETHER_API_KEY", "api.together.xyz"),
    Spec("together_legacy", "Together AI", "TOGETHER_API_KEY", "api.together.xyz", ctx=True),
    Spec("fireworks", "Fireworks AI", "FIREWORKS_API_KEY", "api.fireworks.ai"),
    Spec("openrouter", "OpenRouter", "OPENROUTER_API_KEY", "openrouter.ai"),
    Spec("anyscale", "Anyscale", "ANYSCALE_API_KEY", "api.endpoints.anyscale.com"),
    Spec("langsmith_pat", "LangSmith", "LANGSMITH_API_KEY", "api.smith.langchain.com"),
    Spec("langsmith_service", "LangSmith", "LANGCHAIN_API_KEY", "api.smith.langchain.com"),
    Spec("langfuse_secret", "Langfuse", "LANGFUSE_SECRET_KEY", "cloud.langfuse.com"),
    Spec("pinecone", "Pinecone", "PINECONE_API_KEY", "api.pinecone.io"),
    Spec("pinecone_legacy", "Pinecone", "PINECONE_API_KEY", "api.pinecone.io", ctx=True),
    Spec("wandb_legacy", "Weights & Biases", "WANDB_API_KEY", "api.wandb.ai", ctx=True),
    Spec("wandb_v1", "Weights & Biases", "WANDB_API_KEY", "api.wandb.ai"),
    Spec("elevenlabs", "ElevenLabs", "ELEVENLABS_API_KEY", "api.elevenlabs.io"),
    Spec("elevenlabs_legacy", "ElevenLabs", "ELEVENLABS_API_KEY", "api.elevenlabs.io", ctx=True),
    Spec("stability", "Stability AI", "STABILITY_API_KEY", "api.stability.ai", ctx=True),
    Spec("ai21", "AI21 Labs", "AI21_API_KEY", "api.ai21.com", ctx=True),
    Spec("voyage", "Voyage AI", "VOYAGE_API_KEY", "api.voyageai.com"),
    Spec("deepgram", "Deepgram", "DEEPGRAM_API_KEY", "api.deepgram.com", ctx=True),
    Spec("assemblyai", "AssemblyAI", "ASSEMBLYAI_API_KEY", "api.assemblyai.com", ctx=True),
    Spec("cerebras", "Cerebras", "CEREBRAS_API_KEY", "api.cerebras.ai"),
    Spec("nvidia", "NVIDIA", "NVIDIA_API_KEY", "integrate.api.nvidia.com"),
    Spec("databricks", "Databricks", "DATABRICKS_TOKEN", "adb-1234.azuredatabricks.net"),
    Spec("jina", "Jina AI", "JINA_API_KEY", "api.jina.ai"),
    Spec("tavily", "Tavily", "TAVILY_API_KEY", "api.tavily.com"),
    Spec("serpapi", "SerpAPI", "SERPAPI_API_KEY", "serpapi.com", ctx=True),
    Spec("qdrant", "Qdrant", "QDRANT_API_KEY", "xyz.cloud.qdrant.io", ctx=True),
    Spec("weaviate", "Weaviate", "WEAVIATE_API_KEY", "xyz.weaviate.cloud", ctx=True),
    Spec("litellm", "LiteLLM", "LITELLM_MASTER_KEY", "litellm.internal:4000", ctx=True),
    Spec("relay", "Crazyrouter", "CRAZYROUTER_API_KEY", "crazyrouter.com", ctx=True),
    Spec("moonshot", "Moonshot AI", "MOONSHOT_API_KEY", "api.moonshot.ai", ctx=True),
    Spec("runpod", "RunPod", "RUNPOD_API_KEY", "api.runpod.io"),
    Spec("braintrust", "Braintrust", "BRAINTRUST_API_KEY", "api.braintrust.dev", ctx=True),
    Spec("minimax", "MiniMax", "MINIMAX_API_KEY", "api.minimax.io"),
    Spec("zai", "Z.ai", "ZAI_API_KEY", "api.z.ai", ctx=True),
    Spec("ollama", "Ollama", "OLLAMA_API_KEY", "ollama.com", ctx=True),
    Spec("sourcegraph", "Sourcegraph", "SRC_ACCESS_TOKEN", "sourcegraph.com"),
    Spec("cursor", "Cursor", "CURSOR_API_KEY", "api.cursor.com", ctx=True),
    Spec("devin", "Devin", "DEVIN_API_KEY", "api.devin.ai"),
    Spec("ai71", "AI71", "AI71_API_KEY", "api.ai71.ai"),
    Spec("baseten", "Baseten", "BASETEN_API_KEY", "inference.baseten.co", ctx=True),
    Spec("browser_use", "Browser Use", "BROWSER_USE_API_KEY", "api.browser-use.com"),
    Spec("composio", "Composio", "COMPOSIO_API_KEY", "backend.composio.dev", ctx=True),
    Spec("coze", "Coze", "COZE_API_TOKEN", "api.coze.com", ctx=True),
    Spec("dify", "Dify", "DIFY_API_KEY", "api.dify.ai", ctx=True),
    Spec("e2b", "E2B", "E2B_API_KEY", "api.e2b.dev"),
    Spec("edenai", "Eden AI", "EDENAI_API_KEY", "api.edenai.run", ctx=True),
    Spec("exa", "Exa", "EXA_API_KEY", "api.exa.ai", ctx=True),
    Spec("fal", "fal.ai", "FAL_KEY", "queue.fal.run", ctx=True),
    Spec("firecrawl", "Firecrawl", "FIRECRAWL_API_KEY", "api.firecrawl.dev"),
    Spec("friendli", "Friendli", "FRIENDLI_TOKEN", "api.friendli.ai"),
    Spec("greptile", "Greptile", "GREPTILE_API_KEY", "api.greptile.com", ctx=True),
    Spec("kling", "Kling AI", "KLING_SECRET_KEY", "api.klingai.com", ctx=True),
    Spec("lighton", "LightOn", "LIGHTON_API_KEY", "paradigm.lighton.ai", ctx=True),
    Spec("llamacloud", "LlamaCloud", "LLAMA_CLOUD_API_KEY", "api.cloud.llamaindex.ai"),
    Spec("mastra", "Mastra", "MASTRA_CLOUD_ACCESS_TOKEN", "cloud.mastra.ai", ctx=True),
    Spec("mem0", "Mem0", "MEM0_API_KEY", "api.mem0.ai"),
    Spec("modal", "Modal", "MODAL_TOKEN_SECRET", "api.modal.com", ctx=True),
    Spec("ngc", "NVIDIA NGC", "NGC_API_KEY", "api.ngc.nvidia.com", ctx=True),
    Spec("privateai", "Private AI", "PRIVATEAI_API_KEY", "api.private-ai.com", ctx=True),
    Spec("retell", "Retell AI", "RETELL_API_KEY", "api.retellai.com", ctx=True),
    Spec("runway", "Runway", "RUNWAYML_API_SECRET", "api.dev.runwayml.com"),
    Spec("scale", "Scale AI", "SCALE_API_KEY", "api.scale.com", ctx=True),
    Spec("tavus", "Tavus", "TAVUS_API_KEY", "tavusapi.com", ctx=True),
    Spec("vapi", "Vapi", "VAPI_API_KEY", "api.vapi.ai", ctx=True),
    Spec("vastai", "Vast.ai", "VAST_API_KEY", "console.vast.ai", ctx=True),
    Spec("minimax_cp", "MiniMax", "MINIMAX_API_KEY", "api.minimax.io"),
    Spec("voiceflow_legacy", "Voiceflow", "VOICEFLOW_API_KEY", "general-runtime.voiceflow.com"),
    Spec("kagi", "Kagi", "KAGI_API_KEY", "kagi.com", ctx=True),
    Spec("zai_upper", "Z.ai", "ZHIPU_API_KEY", "open.bigmodel.cn", ctx=True),
    Spec("openai_none", "OpenAI", "OPENAI_API_KEY", "api.openai.com"),
]


def _extra_builders(f: KeyFactory) -> dict[str, Callable[[], str]]:
    return {
        "azure_legacy": lambda: f.hex(32),
        "together_legacy": lambda: f.hex(64),
        "pinecone_legacy": f.uuid,
        "wandb_legacy": lambda: f.hex(40),
        "elevenlabs_legacy": lambda: f.hex(32),
        "cohere": lambda: f.chars(40),
        "mistral": lambda: f.chars(32),
        "ai21": f.uuid,
        "deepgram": lambda: f.hex(40),
        "assemblyai": lambda: f.hex(32),
        "serpapi": lambda: f.hex(64),
        "qdrant": f.jwt,
        "weaviate": lambda: f.chars(40),
        "moonshot": lambda: "sk-" + f.chars(48),
        "braintrust": lambda: "sk-" + f.chars(48),
    }


@dataclass(frozen=True)
class Case:
    """One file: its name, content, and the (line, provider) pairs that must be found."""

    name: str
    content: str
    expected: tuple[tuple[int, str], ...]


def _prov(spec: Spec) -> str:
    return spec.env.split("_")[0].lower()


PLACES: dict[str, Callable[[Spec, str], tuple[str, str, int]]] = {}


def place(name: str):  # type: ignore[no-untyped-def]
    def deco(fn):  # type: ignore[no-untyped-def]
        PLACES[name] = fn
        return fn

    return deco


@place("python")
def _python(s: Spec, k: str) -> tuple[str, str, int]:
    return "settings.py", f'import os\n\n{s.env} = "{k}"\nprint("ready")\n', 3


@place("python_client")
def _client(s: Spec, k: str) -> tuple[str, str, int]:
    body = f'from sdk import Client\n\n# talks to https://{s.domain}\nclient = Client(\n    api_key="{k}",\n)\n'
    return "client.py", body, 5


@place("env_quoted")
def _env_q(s: Spec, k: str) -> tuple[str, str, int]:
    return ".env", f'DEBUG=1\n{s.env}="{k}"\n', 2


@place("env_unquoted_crlf_export")
def _env_u(s: Spec, k: str) -> tuple[str, str, int]:
    return ".env.local", f"# local settings\r\nexport {s.env}={k}\r\nPORT=8080\r\n", 2


@place("yaml_nested")
def _yaml(s: Spec, k: str) -> tuple[str, str, int]:
    return "config.yaml", f"providers:\n  {_prov(s)}:\n    base_url: https://{s.domain}\n    api_key: {k}\n", 4


@place("json")
def _json(s: Spec, k: str) -> tuple[str, str, int]:
    text = json.dumps({"service": {_prov(s): {"endpoint": f"https://{s.domain}", "apiKey": k}}}, indent=2)
    return "settings.json", text + "\n", 5


@place("toml")
def _toml(s: Spec, k: str) -> tuple[str, str, int]:
    return "app.toml", f'[{_prov(s)}]\nhost = "{s.domain}"\napi_key = "{k}"\n', 3


@place("ini")
def _ini(s: Spec, k: str) -> tuple[str, str, int]:
    return "app.ini", f"[{_prov(s)}]\nhost = {s.domain}\napi_key = {k}\n", 3


@place("dockerfile")
def _docker(s: Spec, k: str) -> tuple[str, str, int]:
    return "Dockerfile", f"FROM python:3.12-slim\nENV {s.env}={k}\nCMD [\"python\", \"app.py\"]\n", 2


@place("shell")
def _shell(s: Spec, k: str) -> tuple[str, str, int]:
    return "run.sh", f'#!/bin/sh\nexport {s.env}="{k}"\npython app.py\n', 2


@place("terraform")
def _tf(s: Spec, k: str) -> tuple[str, str, int]:
    return "main.tf", f'variable "{s.env.lower()}" {{\n  type    = string\n  default = "{k}"\n}}\n', 3


@place("markdown")
def _md(s: Spec, k: str) -> tuple[str, str, int]:
    return "README.md", f"# Setup\n\nRun:\n\n```sh\nexport {s.env}={k}\n```\n", 6


@place("minified_js")
def _minjs(s: Spec, k: str) -> tuple[str, str, int]:
    return "bundle.min.js", f'!function(){{var e={{a:1}};const {_prov(s)}Cfg={{baseURL:"https://{s.domain}",apiKey:"{k}"}};e.c={_prov(s)}Cfg}}();\n', 1


@place("notebook")
def _nb(s: Spec, k: str) -> tuple[str, str, int]:
    cell = {"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [],
            "source": ["import os\n", f'os.environ["{s.env}"] = "{k}"\n']}
    nb = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    text = json.dumps(nb, indent=1)
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "os.environ" in l)
    return "analysis.ipynb", text + "\n", line


@place("mcp_config")
def _mcp(s: Spec, k: str) -> tuple[str, str, int]:
    cfg = {"mcpServers": {_prov(s): {"command": "npx", "args": ["-y", "server"], "env": {s.env: k}}}}
    text = json.dumps(cfg, indent=2)
    line = next(i for i, l in enumerate(text.splitlines(), 1) if s.env in l)
    return ".cursor/mcp.json", text + "\n", line


@place("url_query")
def _url(s: Spec, k: str) -> tuple[str, str, int]:
    return "fetch.py", f'import requests\n\nURL = "https://{s.domain}/v1/search?api_key={k}&q=llm"\nrequests.get(URL)\n', 3


@place("header")
def _header(s: Spec, k: str) -> tuple[str, str, int]:
    return "call.py", f'{_prov(s)}_headers = {{\n    "Authorization": "Bearer {k}",\n}}\n', 2


@place("json_escaped")
def _escaped(s: Spec, k: str) -> tuple[str, str, int]:
    inner = json.dumps({s.env: k})
    return "payload.json", json.dumps({"body": inner}) + "\n", 1


@place("positional_sdk_argument")
def _positional(s: Spec, k: str) -> tuple[str, str, int]:
    sdk = s.env.split("_")[0].capitalize()
    return "sdk_call.py", f'import {sdk.lower()}\n\nclient = {sdk.lower()}.{sdk}Client(\n    "{k}"\n)\n', 4


@place("yaml_deep")
def _yaml_deep(s: Spec, k: str) -> tuple[str, str, int]:
    body = f"llm:\n  {_prov(s)}:\n    model: large\n    temperature: 0.2\n    max_tokens: 512\n    api_key: {k}\n"
    return "llm.yaml", body, 6


@place("xml_config")
def _xml(s: Spec, k: str) -> tuple[str, str, int]:
    return "app.config", f'<appSettings>\n  <add key="{s.env}" value="{k}" />\n</appSettings>\n', 2


@place("environ_assignment")
def _environ(s: Spec, k: str) -> tuple[str, str, int]:
    return "boot.py", f'import os\nos.environ["{s.env}"] = "{k}"\n', 2


def positives(seed: int = 7) -> Iterator[Case]:
    factory = KeyFactory(seed)
    extra = _extra_builders(factory)
    for spec in SPECS:
        build = extra.get(spec.builder) or factory.by_name(spec.builder)
        for place_name, fn in PLACES.items():
            key = build()
            name, content, line = fn(spec, key)
            folder = f"{spec.builder}/{place_name}"
            yield Case(f"{folder}/{name}", content, ((line, spec.provider),))


def negatives(seed: int = 11) -> Iterator[Case]:
    """Look-alikes and placeholders: nothing here is a key."""
    f = KeyFactory(seed)
    png = base64.b64encode(bytes(f.rng.getrandbits(8) for _ in range(3000))).decode()
    sha1 = hashlib.sha1(b"x", usedforsecurity=False).hexdigest()
    cases = {
        "placeholders.py": "\n".join([
            'OPENAI_API_KEY = "sk-..."',
            'OPENAI_API_KEY = "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
            'ANTHROPIC_API_KEY = "<your-key>"',
            'GROQ_API_KEY = "YOUR_API_KEY"',
            'api_key = "${OPENAI_API_KEY}"',
            'api_key = os.environ["OPENAI_API_KEY"]',
            'key = os.getenv("ANTHROPIC_API_KEY")',
            'OPENAI_API_KEY = "sk-proj-REDACTED"',
            'OPENAI_API_KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789abcdef"',
            'COHERE_API_KEY = "your-cohere-api-key-goes-here-please"',
            'MISTRAL_API_KEY = "' + "a" * 32 + '"',
            'HF_TOKEN = "hf_' + "x" * 34 + '"',
            'PINECONE_API_KEY = "<PINECONE_API_KEY>"',
            'api_key: "{{ secrets.OPENAI_API_KEY }}"',
            'OPENAI_API_KEY = "sk-proj-****************************************"',
            'AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"',
            'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
        ]) + "\n",
        "ids.py": "\n".join([
            f'completion_id = "chatcmpl-{f.chars(29)}"',
            f'org = "org-{f.chars(24)}"',
            f'file_id = "file-{f.chars(24)}"',
            f'assistant = "asst_{f.chars(24)}"',
            f'thread = "thread_{f.chars(24)}"',
            f'message = "msg_01{f.chars(22)}"',
            f'request_id = "req_{f.chars(24)}"',
            f'LANGFUSE_PUBLIC_KEY = "{f.langfuse_public()}"',
            f'trace_id = "{f.uuid()}"',
            f'model = "ft:gpt-4o-mini-2024-07-18:acme::{f.chars(8)}"',
            'AZURE_OPENAI_DEPLOYMENT = "gpt-4o-2024-08-06"',
            'OPENAI_MODEL = "gpt-4.1-mini"',
        ]) + "\n",
        "hashes.txt": "\n".join([
            f"sha256: {f.hex(64)}",
            f"md5 {f.hex(32)}  openai-1.0.tar.gz",
            f"commit {f.hex(40)}",
            f"Merge: {f.hex(7)} {f.hex(7)}",
            f'ETag: "{f.hex(32)}"',
            f"checksum = {f.hex(64)}",
        ]) + "\n",
        "package-lock.json": json.dumps({"packages": {"node_modules/openai": {
            "version": "4.0.0",
            "resolved": "https://registry.npmjs.org/openai/-/openai-4.0.0.tgz",
            "integrity": "sha512-" + base64.b64encode(bytes(f.rng.getrandbits(8) for _ in range(64))).decode(),
        }}}, indent=2) + "\n",
        "page.html": f'<img alt="logo" src="data:image/png;base64,{png}">\n',
        "gitlog.txt": "\n".join(f"commit {f.hex(40)}\nAuthor: Dev <dev@example.com>\n\n    fix openai client\n" for _ in range(5)),
        "uuids.yaml": "\n".join(f"- id: {f.uuid()}" for _ in range(10)) + "\n",
        "code.py": "\n".join([
            "def get_api_key(settings):",
            "    api_key = settings.OPENAI_API_KEY_FROM_ENVIRONMENT",
            "    token = request.headers.get('Authorization')",
            "    cache_key = f'user:{user_id}:profile'",
            "    return api_key",
            f"SECRET_KEY_SETTING_NAME = 'ai_provider_api_key_for_production_use'",
        ]) + "\n",
        "docs.md": "Set `OPENAI_API_KEY` to your key (it starts with `sk-proj-`).\n"
                   "Anthropic keys look like `sk-ant-api03-...`.\n",
        "sha.txt": f"{sha1}\n",
    }
    for name, content in cases.items():
        yield Case(f"negatives/{name}", content, ())
