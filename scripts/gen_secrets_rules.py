"""Generate rules/secrets.yaml from the compact table below (run once; the YAML is the source).

Kept in the repository so the table can be regenerated consistently; after generation the
YAML file is what aisec loads and what reviewers edit.
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

WHY_KEY = (
    "A provider key in source code or config is readable by everyone with access to the "
    "repository, its forks, CI logs and every clone, and it stays in git history after the "
    "line is deleted. Leaked AI keys are abused within minutes for paid inference, data "
    "access (files, assistants, fine-tunes, vector stores) and to run up the owner's bill."
)
FIX = (
    "Revoke the key in the provider's console now (deleting the line is not enough: it "
    "remains in history), issue a new one, and load it at run time from an environment "
    "variable or a secrets manager ({env} = os.environ[\"{env}\"]). Add the file that held "
    "it to .gitignore if it is a local env file."
)
REFS = ["OWASP LLM02:2025 Sensitive Information Disclosure", "CWE-798: Use of Hard-coded Credentials"]

# id, name, provider, severity, kind, pattern, context keywords, env var, extra
R = []
def rule(id, name, provider, title, pattern, kind="prefix", severity="critical", keywords=(),
         env="API_KEY", entropy=3.0, lines=(3, 1), example="", extra=None):
    R.append(dict(id=id, name=name, provider=provider, title=title, pattern=pattern, kind=kind,
                  severity=severity, keywords=list(keywords), env=env, entropy=entropy,
                  lines=list(lines), example=example, extra=extra or {}))

P, E = "{{pre}}", "{{post}}"
# ---- prefixed formats -------------------------------------------------------------------
rule("KEY001", "openai-project-key", "OpenAI", "OpenAI project API key",
     r"\b(?P<secret>sk-proj-[A-Za-z0-9_-]{20,250})" + E, env="OPENAI_API_KEY", entropy=4.0,
     example='client = OpenAI(api_key="sk-proj-<164 characters>")')
rule("KEY002", "openai-service-account-key", "OpenAI", "OpenAI service-account key",
     r"\b(?P<secret>sk-(?:svcacct|service)-[A-Za-z0-9_-]{20,250})" + E, env="OPENAI_API_KEY", entropy=4.0)
rule("KEY003", "openai-admin-key", "OpenAI", "OpenAI admin key",
     r"\b(?P<secret>sk-admin-[A-Za-z0-9_-]{20,250})" + E, env="OPENAI_ADMIN_KEY", entropy=4.0)
rule("KEY004", "openai-legacy-key", "OpenAI", "OpenAI user API key (legacy format)",
     r"\b(?P<secret>sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})\b", env="OPENAI_API_KEY", entropy=3.5)
rule("KEY005", "anthropic-api-key", "Anthropic", "Anthropic API key",
     r"\b(?P<secret>sk-ant-api\d\d-[A-Za-z0-9_-]{80,120})" + E, env="ANTHROPIC_API_KEY", entropy=4.0)
rule("KEY006", "anthropic-admin-key", "Anthropic", "Anthropic admin key",
     r"\b(?P<secret>sk-ant-admin\d\d-[A-Za-z0-9_-]{80,120})" + E, env="ANTHROPIC_ADMIN_KEY", entropy=4.0)
rule("KEY007", "google-api-key", "Google", "Google API key (Gemini / AI Studio)",
     r"\b(?P<secret>AIza[0-9A-Za-z_-]{35})" + E, env="GEMINI_API_KEY", entropy=3.5, severity="high")
rule("KEY008", "google-gemini-key", "Google", "Google Gemini API key (new format)",
     r"\b(?P<secret>AQ\.Ab8RN6[A-Za-z0-9_-]{38,60})" + E, env="GEMINI_API_KEY", entropy=3.5)
rule("KEY009", "google-service-account-key", "Google", "Google Cloud service-account private key",
     r'(?P<secret>-----BEGIN (?:RSA )?PRIVATE KEY-----(?:\\\\n|\\n|\s)[A-Za-z0-9+/=\\\s]{64,})',
     kind="context", keywords=["service_account", "gserviceaccount.com", "private_key_id"],
     lines=(40, 40), env="GOOGLE_APPLICATION_CREDENTIALS", entropy=3.5,
     extra={"assignment": False, "priority": 5})
rule("KEY010", "azure-openai-key", "Azure OpenAI", "Azure OpenAI / AI services key",
     r"\b(?P<secret>[A-Za-z0-9]{52}JQQJ99[A-Za-z0-9][A-L][A-Za-z0-9]{12}[A-Z]{5}COG[A-Za-z0-9]{4})\b",
     env="AZURE_OPENAI_API_KEY", entropy=3.5)
rule("KEY012", "aws-access-key-id", "AWS", "AWS access key id",
     r"\b(?P<secret>(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})\b", severity="high",
     env="AWS_ACCESS_KEY_ID", entropy=2.8, extra={"allow": ["EXAMPLE$"]})
rule("KEY014", "aws-bedrock-api-key", "AWS Bedrock", "Amazon Bedrock API key (long-lived)",
     r"\b(?P<secret>ABSK[A-Za-z0-9+/]{100,268}={0,2})", env="AWS_BEARER_TOKEN_BEDROCK", entropy=4.0)
rule("KEY015", "aws-bedrock-short-lived-key", "AWS Bedrock", "Amazon Bedrock API key (short-lived)",
     r"\b(?P<secret>bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%]{20,1000})",
     env="AWS_BEARER_TOKEN_BEDROCK", entropy=3.5, severity="high")
rule("KEY016", "huggingface-token", "Hugging Face", "Hugging Face access token",
     r"\b(?P<secret>hf_[A-Za-z0-9]{30,40})\b", env="HF_TOKEN", entropy=3.5)
rule("KEY017", "huggingface-org-token", "Hugging Face", "Hugging Face organisation token (legacy)",
     r"\b(?P<secret>api_org_[A-Za-z0-9]{30,40})\b", env="HF_TOKEN", entropy=3.5)
rule("KEY020", "groq-api-key", "Groq", "Groq API key",
     r"\b(?P<secret>gsk_[A-Za-z0-9]{48,56})\b", env="GROQ_API_KEY", entropy=3.8)
rule("KEY021", "replicate-api-token", "Replicate", "Replicate API token",
     r"\b(?P<secret>r8_[A-Za-z0-9]{35,40})\b", env="REPLICATE_API_TOKEN", entropy=3.5)
rule("KEY022", "perplexity-api-key", "Perplexity", "Perplexity API key",
     r"\b(?P<secret>pplx-[A-Za-z0-9]{40,56})\b", env="PERPLEXITY_API_KEY", entropy=3.8)
rule("KEY023", "xai-api-key", "xAI", "xAI (Grok) API key",
     r"\b(?P<secret>xai-[A-Za-z0-9_-]{70,120})" + E, env="XAI_API_KEY", entropy=4.0)
rule("KEY025", "together-api-key", "Together AI", "Together AI API key",
     r"\b(?P<secret>tgp_v1_[A-Za-z0-9_-]{40,48})" + E, env="TOGETHER_API_KEY", entropy=3.8)
rule("KEY027", "fireworks-api-key", "Fireworks AI", "Fireworks AI API key",
     r"\b(?P<secret>fw_[A-Za-z0-9]{20,40})\b", env="FIREWORKS_API_KEY", entropy=3.5,
     extra={"min_digits": 1})
rule("KEY029", "openrouter-api-key", "OpenRouter", "OpenRouter API key",
     r"\b(?P<secret>sk-or-v1-[a-f0-9]{64})\b", env="OPENROUTER_API_KEY", entropy=3.0)
rule("KEY030", "anyscale-api-key", "Anyscale", "Anyscale Endpoints key",
     r"\b(?P<secret>esecret_[a-z0-9]{20,40})\b", env="ANYSCALE_API_KEY", entropy=3.3, severity="high")
rule("KEY031", "langsmith-personal-token", "LangSmith", "LangSmith personal access token",
     r"\b(?P<secret>lsv2_pt_[a-f0-9]{32}_[a-f0-9]{10})\b", env="LANGSMITH_API_KEY", entropy=3.0, severity="high")
rule("KEY032", "langsmith-service-key", "LangSmith", "LangSmith service key",
     r"\b(?P<secret>lsv2_sk_[a-f0-9]{32}_[a-f0-9]{10}|ls__[a-f0-9]{32})\b", env="LANGSMITH_API_KEY",
     entropy=3.0, severity="high")
rule("KEY033", "langfuse-secret-key", "Langfuse", "Langfuse secret key",
     r"\b(?P<secret>sk-lf-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b",
     env="LANGFUSE_SECRET_KEY", entropy=3.0, severity="high")
rule("KEY034", "pinecone-api-key", "Pinecone", "Pinecone API key",
     r"\b(?P<secret>pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{50,70})\b", env="PINECONE_API_KEY", entropy=3.8, severity="high")
rule("KEY037", "wandb-api-key", "Weights & Biases", "Weights & Biases API key",
     r"\b(?P<secret>wandb_v1_[A-Za-z0-9_]{70,90})\b", env="WANDB_API_KEY", entropy=3.8, severity="high")
rule("KEY038", "elevenlabs-api-key", "ElevenLabs", "ElevenLabs API key",
     r"\b(?P<secret>sk_[a-f0-9]{48})\b", env="ELEVENLABS_API_KEY", entropy=3.0)
rule("KEY042", "voyage-api-key", "Voyage AI", "Voyage AI API key",
     r"\b(?P<secret>(?:pa|al)-[A-Za-z0-9_-]{43})" + E, env="VOYAGE_API_KEY", entropy=4.0,
     extra={"min_digits": 2})
rule("KEY045", "cerebras-api-key", "Cerebras", "Cerebras API key",
     r"\b(?P<secret>csk-[a-z0-9]{44,52})\b", env="CEREBRAS_API_KEY", entropy=3.5)
rule("KEY046", "nvidia-api-key", "NVIDIA", "NVIDIA NIM / build.nvidia.com API key",
     r"\b(?P<secret>nvapi-[A-Za-z0-9_-]{56,72})" + E, env="NVIDIA_API_KEY", entropy=4.0)
rule("KEY047", "databricks-token", "Databricks", "Databricks personal access token",
     r"\b(?P<secret>dapi[a-f0-9]{32}(?:-\d)?)\b", env="DATABRICKS_TOKEN", entropy=3.0)
rule("KEY048", "jina-api-key", "Jina AI", "Jina AI API key",
     r"\b(?P<secret>jina_[A-Za-z0-9]{50,70})\b", env="JINA_API_KEY", entropy=3.8, severity="high")
rule("KEY049", "tavily-api-key", "Tavily", "Tavily API key",
     r"\b(?P<secret>tvly-(?:dev-|prod-)?[A-Za-z0-9]{4,}(?:-[A-Za-z0-9]{4,}){0,3})\b",
     env="TAVILY_API_KEY", entropy=3.5, severity="high")
rule("KEY056", "runpod-api-key", "RunPod", "RunPod API key",
     r"\b(?P<secret>rpa_[A-Za-z0-9]{40,50})\b", env="RUNPOD_API_KEY", entropy=3.5)
rule("KEY058", "minimax-api-key", "MiniMax", "MiniMax API key",
     r"\b(?P<secret>sk-api-[A-Za-z0-9_-]{100,130})" + E, env="MINIMAX_API_KEY", entropy=4.0)
rule("KEY061", "sourcegraph-cody-key", "Sourcegraph", "Sourcegraph Cody gateway key",
     r"\b(?P<secret>slk_[a-f0-9]{64})\b", env="SRC_ACCESS_TOKEN", entropy=3.0, severity="high")
rule("KEY063", "devin-api-key", "Devin", "Devin (Cognition) API key",
     r"\b(?P<secret>apk_(?:user_)?[A-Za-z0-9+/=_-]{80,180}|cog_[a-z2-7]{52})" + E,
     env="DEVIN_API_KEY", entropy=4.0, severity="high")
rule("KEY066", "voiceflow-api-key", "Voiceflow", "Voiceflow API key",
     r"\b(?P<secret>VF\.(?:DM|WS)\.[A-Za-z0-9]{20,32}\.[A-Za-z0-9]{12,24})\b", env="VOICEFLOW_API_KEY",
     entropy=3.5, severity="high")
rule("KEY067", "saladcloud-api-key", "SaladCloud", "SaladCloud API key",
     r"\b(?P<secret>salad_cloud_[A-Za-z0-9_]{30,80})\b", env="SALAD_API_KEY", entropy=3.8, severity="high")
rule("KEY064", "openai-compatible-key", "OpenAI-compatible", "OpenAI-compatible API key (sk-)",
     r"\b(?P<secret>sk-[A-Za-z0-9_-]{20,250})" + E, env="OPENAI_API_KEY", entropy=3.8, severity="high",
     extra={"priority": 30, "min_digits": 2, "confidence": "medium"})
rule("KEY090", "private-key", "PEM", "Private key block",
     r"(?P<secret>-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----(?:\\\\n|\\n|\s)[A-Za-z0-9+/=\\\s]{64,})",
     severity="high", env="PRIVATE_KEY_PATH", entropy=4.0, extra={"priority": 40})

# ---- formats that need context -----------------------------------------------------------
def ctx(id, name, provider, title, shape, keywords, env, severity="critical", entropy=3.0, lines=(5, 2), extra=None):
    rule(id, name, provider, title, shape, kind="context", severity=severity, keywords=keywords,
         env=env, entropy=entropy, lines=lines, extra=extra)

HEX32 = r"\b(?P<secret>[a-f0-9]{32}|[A-F0-9]{32})\b"
HEX40 = r"\b(?P<secret>[a-f0-9]{40})\b"
HEX64 = r"\b(?P<secret>[a-f0-9]{64})\b"
UUID = r"\b(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"
ctx("KEY011", "azure-openai-legacy-key", "Azure OpenAI", "Azure OpenAI key (32-hex format)", HEX32,
    ["azure", "openai.azure.com", "cognitiveservices", "api-key"], "AZURE_OPENAI_API_KEY")
ctx("KEY013", "aws-secret-access-key", "AWS", "AWS secret access key",
    r"(?:^|[^A-Za-z0-9/+_-])(?P<secret>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=_-]|$)",
    ["aws_secret", "aws-secret", "secret_access_key", "secretaccesskey", "secret-access-key", "aws_secret_key", "aws_", "aws-", "aws:", "amazonaws.com", "boto3"],
    "AWS_SECRET_ACCESS_KEY", entropy=4.2, extra={"min_digits": 2})
ctx("KEY018", "cohere-api-key", "Cohere", "Cohere API key", r"\b(?P<secret>[A-Za-z0-9]{40})\b",
    ["cohere", "co_api_key"], "COHERE_API_KEY", entropy=4.0, extra={"min_digits": 1})
ctx("KEY019", "mistral-api-key", "Mistral", "Mistral API key", r"\b(?P<secret>[A-Za-z0-9]{32})\b",
    ["mistral", "codestral"], "MISTRAL_API_KEY", entropy=3.8, extra={"min_digits": 1})
ctx("KEY024", "deepseek-api-key", "DeepSeek", "DeepSeek API key", r"\b(?P<secret>sk-[a-f0-9]{32})\b",
    ["deepseek"], "DEEPSEEK_API_KEY", extra={"priority": 15})
ctx("KEY026", "together-legacy-key", "Together AI", "Together AI API key (64-hex format)", HEX64,
    ["together"], "TOGETHER_API_KEY")
ctx("KEY028", "fireworks-legacy-key", "Fireworks AI", "Fireworks AI API key (unprefixed)",
    r"\b(?P<secret>[A-Za-z0-9]{40,56})\b", ["fireworks"], "FIREWORKS_API_KEY", entropy=4.0,
    extra={"min_digits": 1})
ctx("KEY035", "pinecone-legacy-key", "Pinecone", "Pinecone API key (UUID format)", UUID,
    ["pinecone"], "PINECONE_API_KEY", severity="high")
ctx("KEY036", "wandb-legacy-key", "Weights & Biases", "Weights & Biases API key (40-hex format)", HEX40,
    ["wandb", "weights_and_biases", "api.wandb.ai"], "WANDB_API_KEY", severity="high")
ctx("KEY039", "elevenlabs-legacy-key", "ElevenLabs", "ElevenLabs API key (32-hex format)", HEX32,
    ["elevenlabs", "eleven_labs", "xi-api-key", "xi_api_key"], "ELEVENLABS_API_KEY")
ctx("KEY040", "stability-api-key", "Stability AI", "Stability AI API key",
    r"\b(?P<secret>sk-[A-Za-z0-9]{40,56})\b", ["stability", "stablediffusion", "dreamstudio"],
    "STABILITY_API_KEY", extra={"priority": 15})
ctx("KEY041", "ai21-api-key", "AI21 Labs", "AI21 Studio API key",
    r"\b(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9]{32})\b",
    ["ai21"], "AI21_API_KEY", severity="high", entropy=3.2)
ctx("KEY043", "deepgram-api-key", "Deepgram", "Deepgram API key", HEX40,
    ["deepgram"], "DEEPGRAM_API_KEY", severity="high")
ctx("KEY044", "assemblyai-api-key", "AssemblyAI", "AssemblyAI API key", HEX32,
    ["assemblyai", "assembly_ai", "aai.settings"], "ASSEMBLYAI_API_KEY", severity="high")
ctx("KEY050", "serpapi-key", "SerpAPI", "SerpAPI key", HEX64,
    ["serpapi", "serp_api", "googlesearch"], "SERPAPI_API_KEY", severity="high",
    extra={"assignment": True})
ctx("KEY051", "qdrant-api-key", "Qdrant", "Qdrant Cloud API key",
    r"(?:^|[^A-Za-z0-9_.\-])(?P<secret>eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}|[A-Za-z0-9_-]{32,64})(?:[^A-Za-z0-9_.\-]|$)",
    ["qdrant"], "QDRANT_API_KEY", severity="high", entropy=3.8, extra={"min_digits": 1})
ctx("KEY052", "weaviate-api-key", "Weaviate", "Weaviate Cloud API key",
    r"\b(?P<secret>[A-Za-z0-9]{32,64})\b", ["weaviate"], "WEAVIATE_API_KEY", severity="high",
    entropy=3.8, extra={"min_digits": 1})
ctx("KEY053", "litellm-key", "LiteLLM", "LiteLLM proxy key",
    r"\b(?P<secret>sk-[A-Za-z0-9_-]{16,64})" + E, ["litellm", "master_key", ":4000"],
    "LITELLM_MASTER_KEY", severity="high", entropy=3.3, extra={"priority": 16, "min_digits": 1})
ctx("KEY054", "crazyrouter-key", "Crazyrouter", "Crazyrouter / one-api relay key",
    r"\b(?P<secret>sk-[A-Za-z0-9]{32,64})\b", ["crazyrouter", "one-api", "new-api", "oneapi"],
    "CRAZYROUTER_API_KEY", severity="high", extra={"priority": 14})
ctx("KEY055", "moonshot-api-key", "Moonshot AI", "Moonshot / Kimi API key",
    r"\b(?P<secret>sk-[A-Za-z0-9_-]{40,56})" + E, ["moonshot", "kimi"], "MOONSHOT_API_KEY",
    extra={"priority": 14})
ctx("KEY057", "braintrust-api-key", "Braintrust", "Braintrust API key",
    r"\b(?P<secret>sk-[A-Za-z0-9]{40,56})\b", ["braintrust"], "BRAINTRUST_API_KEY", severity="high",
    extra={"priority": 14})
ctx("KEY059", "zai-api-key", "Z.ai", "Z.ai / GLM (Zhipu) API key",
    r"\b(?P<secret>[a-f0-9]{32}\.[A-Za-z0-9]{16})\b", ["zai", "z.ai", "glm", "zhipu", "bigmodel"],
    "ZAI_API_KEY", severity="high", extra={"assignment": False})
ctx("KEY060", "ollama-api-key", "Ollama", "Ollama API key",
    r"\b(?P<secret>[a-f0-9]{32}\.[A-Za-z0-9_-]{24})" + E, ["ollama"], "OLLAMA_API_KEY", severity="high",
    extra={"assignment": False})
ctx("KEY062", "cursor-admin-key", "Cursor", "Cursor admin API key", r"\b(?P<secret>key_[a-f0-9]{64})\b",
    ["cursor"], "CURSOR_API_KEY", severity="high", extra={"assignment": False})
ctx("KEY065", "clarifai-pat", "Clarifai", "Clarifai personal access token", HEX32,
    ["clarifai"], "CLARIFAI_PAT", severity="high")
ctx("KEY068", "upstage-api-key", "Upstage", "Upstage API key", r"\b(?P<secret>up_[A-Za-z0-9]{25,40})\b",
    ["upstage"], "UPSTAGE_API_KEY", severity="high", extra={"assignment": False})
ctx("KEY069", "deepai-api-key", "DeepAI", "DeepAI API key", UUID.replace("\\b(?P<secret>", "\\b(?P<secret>") ,
    ["deepai"], "DEEPAI_API_KEY", severity="high")

# ---- generic ------------------------------------------------------------------------------
_GENERIC_NAME = r"[A-Za-z0-9_.-]*(?:api[_-]?key|apikey|api[_-]?token|access[_-]?token|auth[_-]?token|secret[_-]?key|client[_-]?secret|_token|_key|private[_-]?key)"
rule("KEY901", "generic-ai-key-assignment", "unknown", "High-entropy value assigned to an API-key name",
     # name = value | name: value | "NAME", "value" (env setdefault / tuples, upper-case names only)
     r"(?:(?i:" + _GENERIC_NAME + r")[\"'`\\]*\]?[ \t]*(?::=|=>|=|:)[ \t]*|[\"'][A-Z0-9_]*(?:API_KEY|TOKEN|SECRET|_KEY)[\"'][ \t]*,[ \t]*)"
     r"(?:[\"'`]|\\\")?(?P<secret>[A-Za-z0-9_./+-]{20,200}={0,2})(?:[\"'`\\\s,;)}\]]|$)",
     kind="generic", severity="medium", keywords=["key", "token", "secret"], entropy=3.7,
     env="SERVICE_API_KEY", extra={"min_digits": 2, "confidence": "low",
                                   "allow": [r"\.[a-z]{2,12}$", r"^[a-z0-9-]+(\.[a-z0-9-]+)+$"]})

def to_yaml(r):
    extra = dict(r["extra"])
    out = {
        "id": r["id"], "name": r["name"], "title": r["title"] + " hardcoded" if not r["title"].endswith("name") else r["title"],
        "severity": r["severity"],
        "tags": ["LLM02", "CWE-798", "secrets"],
        "provider": r["provider"], "kind": r["kind"], "pattern": r["pattern"],
    }
    if r["keywords"]:
        out["context"] = {"keywords": r["keywords"], "lines": r["lines"]}
    out["entropy"] = r["entropy"]
    out.update(extra)
    kind_what = {
        "prefix": "by its distinctive prefix and shape, anywhere in a file",
        "context": "by its shape (which alone is ambiguous) when a provider keyword (" + ", ".join(r["keywords"]) + ") stands within a few lines and the value is assigned to a key-like name",
        "generic": "as a long, high-entropy literal assigned to a key-like name (*_API_KEY, api_token, …); it catches providers aisec does not know yet",
    }[r["kind"]]
    out["docs"] = {
        "what": f"{r['title']} ({r['provider']}) written into a file, found {kind_what}.",
        "why": WHY_KEY,
        "example": r["example"] or f'{r["env"]} = "<the key itself>"',
        "fix": FIX.format(env=r["env"]),
        "references": REFS,
    }
    return out

doc = {
    "version": 1,
    "family": "secrets",
    "macros": {"pre": r"(?:^|[^A-Za-z0-9_\-])", "post": r"(?:[^A-Za-z0-9_\-]|$)"},
    "rules": [to_yaml(r) for r in sorted(R, key=lambda r: r["id"])],
}
for r in doc["rules"]:
    r["pattern"] = r["pattern"].replace("{{post}}", doc["macros"]["post"])
header = "# AI-provider key formats. Generated by scripts/gen_secrets_rules.py, then the source of truth.\n# Patterns are in the RE2 subset; (?P<secret>…) marks the value.\n"
text = header + yaml.safe_dump(doc, sort_keys=False, width=100, allow_unicode=True)
Path(sys.argv[1] if len(sys.argv) > 1 else "rules/secrets.yaml").write_text(text)
print(len(R), "rules")
