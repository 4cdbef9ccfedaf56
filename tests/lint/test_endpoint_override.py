"""AIS506: a server endpoint points a provider client at a base URL the request chooses.

Real files in a temporary project; Python and JS/TS, one file and across files (route → helper).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisec_cli.core.document import Document
from aisec_cli.core.findings import Severity
from aisec_cli.lint import LintSettings, lint_document
from tests.treefiles import write_tree as _tree

RULE = "AIS506"




def _found(root: Path, name: str) -> list[tuple[str, int, Severity]]:
    doc = Document(name, (root / name).read_text(encoding="utf-8"))
    findings, errors = lint_document(doc, LintSettings(project_root=str(root)))
    assert errors == []
    return sorted((f.location.path, f.location.line, f.severity) for f in findings if f.rule_id == RULE)


def _line(root: Path, name: str, needle: str) -> int:
    lines = (root / name).read_text(encoding="utf-8").splitlines()
    (n,) = [i for i, text in enumerate(lines, 1) if needle in text]
    return n


HIGH, MEDIUM = Severity.HIGH, Severity.MEDIUM

# -- Python --------------------------------------------------------------------------------

PY_POSITIVE = {
    "flask_no_key.py": (
        "from flask import Flask, request\nfrom openai import OpenAI\n\napp = Flask(__name__)\n\n\n"
        "@app.post('/chat')\ndef chat():\n"
        "    client = OpenAI(base_url=request.json['base_url'])  # SINK high\n"
        "    r = client.chat.completions.create(model='m', max_tokens=9, messages=[])\n"
        "    return r.choices[0].message.content\n"
    ),
    "fastapi_fallback.py": (
        "import os\nfrom fastapi import FastAPI\nfrom pydantic import BaseModel\nfrom openai import OpenAI\n\napp = FastAPI()\n\n\n"
        "class Req(BaseModel):\n    base_url: str\n    api_key: str | None = None\n\n\n"
        "@app.post('/chat')\ndef chat(req: Req):\n"
        "    key = req.api_key or os.environ['OPENAI_API_KEY']\n"
        "    client = OpenAI(\n        api_key=key,\n        base_url=req.base_url,  # SINK high\n    )\n"
        "    return client.models.list()\n"
    ),
    "langchain_settings.py": (
        "from flask import Flask, request\nfrom langchain_openai import ChatOpenAI\nfrom .config import settings\n\napp = Flask(__name__)\n\n\n"
        "@app.get('/ask')\ndef ask():\n"
        "    llm = ChatOpenAI(openai_api_base=request.args.get('api_base'), openai_api_key=settings.openai_api_key, max_tokens=9)  # SINK high\n"
        "    return llm.invoke('hi').content\n"
    ),
    "byok.py": (
        "from flask import Flask, request\nfrom openai import OpenAI\n\napp = Flask(__name__)\n\n\n"
        "@app.post('/chat')\ndef chat():\n    body = request.get_json()\n"
        "    client = OpenAI(api_key=body['api_key'], base_url=body['base_url'])  # SINK medium\n"
        "    return client.models.list()\n"
    ),
}




def test_python_route_to_helper_across_files(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "app/__init__.py": "",
        "app/llm.py": (
            "import os\nfrom openai import OpenAI\n\n\n"
            "def make_client(base_url, api_key=None):\n"
            "    return OpenAI(base_url=base_url, api_key=api_key or os.getenv('OPENAI_API_KEY'))\n"
        ),
        "app/routes.py": (
            "from flask import Flask, request\nfrom app.llm import make_client\n\napp = Flask(__name__)\n\n\n"
            "@app.post('/chat')\ndef chat():\n    data = request.get_json()\n"
            "    client = make_client(data['base_url'], data.get('api_key'))\n"
            "    return client.models.list()\n"
        ),
    })
    assert _found(root, "app/routes.py") == [("app/llm.py", 6, HIGH)]


PY_NEGATIVE = {
    "env_url.py": (
        "import os\nfrom flask import Flask, request\nfrom openai import OpenAI\n\napp = Flask(__name__)\n\n\n"
        "@app.post('/chat')\ndef chat():\n"
        "    client = OpenAI(base_url=os.environ['LLM_BASE_URL'], api_key=os.environ['OPENAI_API_KEY'])\n"
        "    return client.chat.completions.create(model='m', max_tokens=9, messages=[{'role': 'user', 'content': request.json['q']}])\n"
    ),
    "allow_list.py": (
        "import os\nfrom flask import Flask, request, abort\nfrom openai import OpenAI\n\napp = Flask(__name__)\n"
        "ALLOWED_BASE_URLS = {'https://api.openai.com/v1', 'https://api.groq.com/openai/v1'}\n\n\n"
        "@app.post('/chat')\ndef chat():\n    url = request.json['base_url']\n"
        "    if url not in ALLOWED_BASE_URLS:\n        abort(400)\n"
        "    return OpenAI(base_url=url, api_key=os.environ['OPENAI_API_KEY']).models.list()\n"
    ),
    "prefix_check.py": (
        "import os\nfrom flask import Flask, request, abort\nfrom openai import OpenAI\n\napp = Flask(__name__)\n\n\n"
        "@app.post('/chat')\ndef chat():\n    url = request.json['base_url']\n"
        "    if not url.startswith('https://gateway.internal.example.com/'):\n        abort(400)\n"
        "    return OpenAI(base_url=url).models.list()\n"
    ),
    "host_check.py": (
        "from urllib.parse import urlparse\nfrom flask import Flask, request, abort\nfrom openai import OpenAI\n\napp = Flask(__name__)\n"
        "ALLOWED_HOSTS = ('api.openai.com', 'api.groq.com')\n\n\n"
        "@app.post('/chat')\ndef chat():\n    url = request.json['base_url']\n"
        "    if urlparse(url).hostname not in ALLOWED_HOSTS:\n        abort(400)\n"
        "    return OpenAI(base_url=url).models.list()\n"
    ),
    "cli_arg.py": (
        "import sys\nfrom openai import OpenAI\n\n"
        "client = OpenAI(base_url=sys.argv[1])\nprint(client.models.list())\n"
    ),
    "dummy_key.py": (
        "from flask import Flask, request\nfrom openai import OpenAI\n\napp = Flask(__name__)\n\n\n"
        "@app.post('/local')\ndef local():\n"
        "    client = OpenAI(base_url=request.json['ollama_url'], api_key='ollama')\n"
        "    return client.models.list()\n"
    ),
}


@pytest.mark.parametrize("name", sorted(PY_NEGATIVE))
def test_python_not_a_finding(tmp_path: Path, name: str) -> None:
    root = _tree(tmp_path, {name: PY_NEGATIVE[name]})
    assert _found(root, name) == []


# -- JavaScript / TypeScript -----------------------------------------------------------------

JS_POSITIVE = {
    "app/api/a/route.ts": (
        "import { createOpenAI } from '@ai-sdk/openai'\nimport { generateText } from 'ai'\n\n"
        "export async function POST(req: Request) {\n  const { baseURL, prompt } = await req.json()\n"
        "  const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY, baseURL })  // SINK high\n"
        "  const r = await generateText({ model: openai('gpt-4o'), prompt, maxTokens: 9 })\n  return Response.json(r.text)\n}\n"
    ),
    "server/express.js": (
        "const express = require('express')\nconst OpenAI = require('openai')\nconst app = express()\n\n"
        "app.post('/chat', async (req, res) => {\n"
        "  const client = new OpenAI({ baseURL: req.body.baseURL })  // SINK high\n"
        "  res.json(await client.models.list())\n})\n"
    ),
    "server/langchain.ts": (
        "import express from 'express'\nimport { ChatOpenAI } from '@langchain/openai'\nconst app = express()\n\n"
        "app.get('/ask', async (req, res) => {\n"
        "  const llm = new ChatOpenAI({ maxTokens: 9, configuration: { baseURL: String(req.query.base) } })  // SINK high\n"
        "  res.send((await llm.invoke('hi')).content)\n})\n"
    ),
    "app/api/byok/route.ts": (
        "import { createOpenAI } from '@ai-sdk/openai'\n\n"
        "export async function POST(req: Request) {\n  const body = await req.json()\n"
        "  const openai = createOpenAI({ apiKey: body.apiKey, baseURL: body.baseURL })  // SINK medium\n"
        "  return Response.json({ ok: !!openai })\n}\n"
    ),
}


@pytest.mark.parametrize("name", sorted(PY_POSITIVE) + sorted(JS_POSITIVE))
def test_positive(tmp_path: Path, name: str) -> None:
    """One finding per file, on the line marked ``SINK``, high or medium as the mark says."""
    text = PY_POSITIVE.get(name) or JS_POSITIVE[name]
    root = _tree(tmp_path, {name: text})
    severity = HIGH if "SINK high" in text else MEDIUM
    assert _found(root, name) == [(name, _line(root, name, "SINK"), severity)]


# The shape of e2b-dev/fragments: the route hands the request's config to a helper in lib/.
FRAGMENTS = {
    "tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./*"]}}}\n',
    "lib/models.ts": (
        "import { createOpenAI } from '@ai-sdk/openai'\nimport { createOllama } from 'ollama-ai-provider'\n\n"
        "export type LLMModelConfig = { apiKey?: string; baseURL?: string }\n\n"
        "export function getModelClient(model: { id: string; providerId: string }, config: LLMModelConfig) {\n"
        "  const { id, providerId } = model\n  const { apiKey, baseURL } = config\n"
        "  const providerConfigs = {\n"
        "    openai: () => createOpenAI({ apiKey, baseURL })(id),\n"
        "    groq: () =>\n      createOpenAI({\n        apiKey: apiKey || process.env.GROQ_API_KEY,\n"
        "        baseURL: baseURL || 'https://api.groq.com/openai/v1',\n      })(id),\n"
        "    ollama: () => createOllama({ baseURL })(id),\n"
        "  }\n"
        "  const createClient = providerConfigs[providerId as keyof typeof providerConfigs]\n"
        "  return createClient()\n}\n"
    ),
    "app/api/chat/route.ts": (
        "import { streamText } from 'ai'\nimport { getModelClient, LLMModelConfig } from '@/lib/models'\n\n"
        "export async function POST(req: Request) {\n"
        "  const { messages, model, config }: { messages: any[]; model: any; config: LLMModelConfig } = await req.json()\n"
        "  const modelClient = getModelClient(model, config)\n"
        "  const stream = await streamText({ model: modelClient, messages, maxTokens: 100 })\n"
        "  return stream.toTextStreamResponse()\n}\n"
    ),
}


def test_javascript_fragments_shape_route_to_helper(tmp_path: Path) -> None:
    root = _tree(tmp_path, FRAGMENTS)
    # the groq client falls back to the server's GROQ_API_KEY in code (high); createOpenAI({ apiKey,
    # baseURL }) takes both from the request (medium: the SDK reads OPENAI_API_KEY only when the
    # request sends no key); ollama has no key to send.
    assert _found(root, "app/api/chat/route.ts") == [
        ("lib/models.ts", _line(root, "lib/models.ts", "openai: () =>"), MEDIUM),
        ("lib/models.ts", _line(root, "lib/models.ts", "baseURL: baseURL ||"), HIGH),
    ]


JS_NEGATIVE = {
    "app/api/env/route.ts": (
        "import OpenAI from 'openai'\n\n"
        "export async function POST(req: Request) {\n  const { prompt } = await req.json()\n"
        "  const client = new OpenAI({ baseURL: process.env.LLM_BASE_URL, apiKey: process.env.OPENAI_API_KEY })\n"
        "  const r = await client.chat.completions.create({ model: 'm', max_tokens: 9, messages: [{ role: 'user', content: prompt }] })\n"
        "  return Response.json(r.choices[0].message.content)\n}\n"
    ),
    "app/api/allowed/route.ts": (
        "import OpenAI from 'openai'\n\nconst ALLOWED = ['https://api.openai.com/v1', 'https://api.groq.com/openai/v1']\n\n"
        "export async function POST(req: Request) {\n  const { baseURL } = await req.json()\n"
        "  if (!ALLOWED.includes(baseURL)) {\n    return new Response('bad', { status: 400 })\n  }\n"
        "  const client = new OpenAI({ baseURL, apiKey: process.env.OPENAI_API_KEY })\n"
        "  return Response.json(await client.models.list())\n}\n"
    ),
    "app/api/prefix/route.ts": (
        "import OpenAI from 'openai'\n\n"
        "export async function POST(req: Request) {\n  const { baseURL } = await req.json()\n"
        "  if (!baseURL.startsWith('https://gateway.internal.example.com/')) {\n    return new Response('bad', { status: 400 })\n  }\n"
        "  const client = new OpenAI({ baseURL })\n"
        "  return Response.json(await client.models.list())\n}\n"
    ),
    "app/api/host/route.ts": (
        "import OpenAI from 'openai'\n\n"
        "export async function POST(req: Request) {\n  const { baseURL } = await req.json()\n"
        "  if (new URL(baseURL).hostname !== 'api.openai.com') {\n    return new Response('bad', { status: 400 })\n  }\n"
        "  return Response.json(await new OpenAI({ baseURL }).models.list())\n}\n"
    ),
    "app/api/ollama/route.ts": (
        "import { createOllama } from 'ollama-ai-provider'\n\n"
        "export async function POST(req: Request) {\n  const { baseURL } = await req.json()\n"
        "  const ollama = createOllama({ baseURL })\n"
        "  return Response.json({ ok: !!ollama })\n}\n"
    ),
}


@pytest.mark.parametrize("name", sorted(JS_NEGATIVE))
def test_javascript_not_a_finding(tmp_path: Path, name: str) -> None:
    root = _tree(tmp_path, {name: JS_NEGATIVE[name]})
    assert _found(root, name) == []


def test_message_says_whose_key_goes_where(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"byok.py": PY_POSITIVE["byok.py"], "flask_no_key.py": PY_POSITIVE["flask_no_key.py"]})
    for name, words in (("flask_no_key.py", "server's"), ("byok.py", "caller's own key")):
        findings, _ = lint_document(Document(name, (root / name).read_text(encoding="utf-8")), LintSettings(project_root=str(root)))
        (f,) = [f for f in findings if f.rule_id == RULE]
        assert "untrusted input from `request`" in f.message.lower()
        assert words in f.message, f.message


# -- a helper given the key as a parameter: the caller decides whose key it is ------------------


@pytest.mark.parametrize(("key", "severity"), [("os.environ['OPENAI_API_KEY']", HIGH), ("data['api_key']", MEDIUM)])
def test_python_helper_key_parameter_takes_the_callers_key(tmp_path: Path, key: str, severity: Severity) -> None:
    root = _tree(tmp_path, {
        "svc/__init__.py": "",
        "svc/clients.py": (
            "from openai import OpenAI\n\n\n"
            "def build(url, key):\n    return inner(url, key)\n\n\n"
            "def inner(u, k):\n    return OpenAI(base_url=u, api_key=k)\n"
        ),
        "svc/api.py": (
            "import os\nfrom flask import Flask, request\nfrom svc.clients import build\n\napp = Flask(__name__)\n\n\n"
            f"@app.post('/chat')\ndef chat():\n    data = request.get_json()\n    return build(data['base_url'], {key}).models.list()\n"
        ),
    })
    assert _found(root, "svc/api.py") == [("svc/clients.py", 9, severity)]


@pytest.mark.parametrize(("key", "severity"), [("process.env.OPENAI_API_KEY", HIGH), ("body.apiKey", MEDIUM)])
def test_javascript_helper_key_parameter_takes_the_callers_key(tmp_path: Path, key: str, severity: Severity) -> None:
    root = _tree(tmp_path, {
        "lib/client.ts": (
            "import OpenAI from 'openai'\n\n"
            "export function makeClient(baseURL: string, apiKey: string) {\n  return new OpenAI({ apiKey, baseURL })\n}\n"
        ),
        "app/api/x/route.ts": (
            "import { makeClient } from '../../../lib/client'\n\n"
            f"export async function POST(req: Request) {{\n  const body = await req.json()\n  const c = makeClient(body.baseURL, {key})\n"
            "  return Response.json(await c.models.list())\n}\n"
        ),
    })
    assert _found(root, "app/api/x/route.ts") == [("lib/client.ts", 4, severity)]


def test_cli_reports_the_fragments_shape_and_explains_the_rule(tmp_path: Path, aisec) -> None:  # type: ignore[no-untyped-def]
    root = _tree(tmp_path, FRAGMENTS)
    result = aisec("lint", "--select", RULE, "-f", "json", ".", cwd=root)
    assert result.code == 1, result.stderr
    report = json.loads(result.stdout)
    got = sorted((f["location"]["path"], f["location"]["line"], f["severity"]) for f in report["findings"])
    assert got == [("lib/models.ts", 10, "medium"), ("lib/models.ts", 14, "high")]
    for finding in report["findings"]:  # each step of the flow, from the route to the helper
        steps = finding["properties"]["flow"]
        assert steps[0] == "app/api/chat/route.ts:4: POST(req)" and "app/api/chat/route.ts:6: getModelClient()" in steps
        assert steps[-1].startswith(f"lib/models.ts:{finding['location']['line']}: createOpenAI(")
    explained = aisec("rules", "explain", RULE)
    assert explained.code == 0 and "base URL" in explained.stdout
