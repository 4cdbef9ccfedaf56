"""Lint shapes found by hand review of public AI applications never linted before (round 8).

Real files in a temporary project, linted through the real CLI; each case pairs the shape with
the nearby code that must keep (or keep out of) the finding.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult
from tests.lint.cli_findings import rule_locations as _lint
from tests.treefiles import write_tree as _tree

# -- AIS402: an SDK client class renamed where it is imported ---------------------------------

RENAMED_REQUIRE = """\
class OpenAiLLM {
  constructor() {
    const { OpenAI: OpenAIApi } = require("openai");
    this.openai = new OpenAIApi({ apiKey: process.env.OPEN_AI_KEY });
  }
}

class TimedLLM {
  constructor() {
    const { OpenAI: OpenAIApi } = require("openai");
    this.openai = new OpenAIApi({ apiKey: process.env.OPEN_AI_KEY, timeout: 20_000 });
  }
}
module.exports = { OpenAiLLM, TimedLLM };
"""

RENAMED_IMPORT = """\
import { Anthropic as AnthropicApi } from "@anthropic-ai/sdk";
import { Helper as OpenAI } from "./helper";

export const client = new AnthropicApi({ apiKey: process.env.ANTHROPIC_API_KEY });
export const notAClient = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
"""


def test_client_class_renamed_at_require_or_import_still_needs_a_timeout(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = _tree(tmp_path, {"server/providers/openai.js": RENAMED_REQUIRE, "server/providers/anthropic.ts": RENAMED_IMPORT})
    # the renamed OpenAI class without a timeout (line 4) is reported, the timed one (line 11) is not;
    # a project class imported under an SDK's name is not an SDK client
    assert _lint(aisec, root, "AIS402") == [("anthropic.ts", 4), ("openai.js", 4)]


# -- AIS102: a secret kept under one key of an object does not leak into its other keys ------

NESTED_KEYS_TS = """\
import { logger } from "./log";
import OpenAI from "openai";

async function createToken(client: any) {
  const response = await client.send("x");
  const token = response.authToken?.["X-aws-proxy-auth"];
  return { value: token, expiresAtMs: Date.now() };
}

export async function run(client: any, sessions: any, id: string) {
  const session = sessions.get(id);
  session.authToken = await createToken(client);
  logger.debug("executing operation", { endpoint: session.endpoint, id });
  logger.debug("token", { token: session.authToken.value });
}
"""

NESTED_KEYS_PY = """\
import logging
import os

logger = logging.getLogger(__name__)


def make_token():
    return {"value": os.environ["SANDBOX_API_TOKEN"], "expires": 60}


def run(url):
    session = {"endpoint": url}
    session["auth"] = make_token()
    logger.info("executing operation at %s", session["endpoint"])
    cfg = {"auth": {"token": os.environ["SANDBOX_API_TOKEN"]}, "endpoint": url}
    logger.info("endpoint %s", cfg["endpoint"])
    logger.info("auth %s", cfg["auth"])
    logger.info("session %s", session["auth"]["value"])
"""


def test_secret_under_a_nested_key_stays_under_that_key(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = _tree(tmp_path, {"worker/sandbox.ts": NESTED_KEYS_TS, "worker/sandbox.py": NESTED_KEYS_PY})
    # the endpoint beside the token is not the token; the token itself (one level down) still is
    assert _lint(aisec, root, "AIS102") == [("sandbox.py", 17), ("sandbox.py", 18), ("sandbox.ts", 14)]


OBJECT_KEYS_TS = """\
import { logger } from "./log";
import OpenAI from "openai";

export async function token(client: any) {
  const response = await client.send("x");
  logger.debug("created auth token", { authTokenKeys: Object.keys(response.authToken ?? {}) });
  logger.debug("created auth token", { authTokenValues: Object.values(response.authToken ?? {}) });
  return response.authToken;
}
"""


def test_the_key_names_of_a_secret_object_are_not_the_secret(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = _tree(tmp_path, {"worker/token.ts": OBJECT_KEYS_TS})
    assert _lint(aisec, root, "AIS102") == [("token.ts", 7)]


# -- AIS102: a token limit read from the environment is a number, not a token ----------------

TOKEN_LIMIT_JS = """\
const { OpenAI } = require("openai");

function promptWindowLimit() {
  const limit = process.env.AWS_BEDROCK_LLM_MODEL_TOKEN_LIMIT || 8191;
  console.log(`using a context window of ${limit}`);
  const budget = Number(process.env.CHAT_TOKEN_BUDGET);
  console.log(`budget ${budget}`);
  console.log(`token ${process.env.BEDROCK_SESSION_TOKEN}`);
  return Number(limit);
}
module.exports = { promptWindowLimit, OpenAI };
"""

TOKEN_LIMIT_PY = """\
import logging
import os

from openai import OpenAI

log = logging.getLogger(__name__)
limit = os.environ.get("AZURE_OPENAI_MODEL_TOKEN_LIMIT", "4096")
log.info("context window %s", limit)
log.info("window %s", os.getenv("LLM_CONTEXT_TOKEN_WINDOW"))
log.info("key %s", os.getenv("AZURE_OPENAI_TOKEN"))
client = OpenAI(timeout=10)
"""


def test_a_token_limit_from_the_environment_is_not_a_secret(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = _tree(tmp_path, {"server/limits.js": TOKEN_LIMIT_JS, "app/limits.py": TOKEN_LIMIT_PY})
    # limits, budgets and windows measured in tokens are numbers; a session token is a credential
    assert _lint(aisec, root, "AIS102") == [("limits.js", 8), ("limits.py", 10)]


# -- AIS401: a client pointed at a local inference server through its own environment variable -

LOCAL_ENV_JS = """\
const { OpenAI: OpenAIApi } = require("openai");

function parseBasePath(path) {
  return path.replace(/\\/+$/, "");
}

class LMStudioLLM {
  constructor() {
    this.lmstudio = new OpenAIApi({ baseURL: parseBasePath(process.env.LMSTUDIO_BASE_PATH), apiKey: null, timeout: 60_000 });
  }
  async chat(messages) {
    return this.lmstudio.chat.completions.create({ model: "local-model", messages });
  }
}

class TextGenLLM {
  constructor() {
    this.basePath = process.env.TEXT_GEN_WEB_UI_BASE_PATH;
    this.textgen = new OpenAIApi({ baseURL: this.basePath, apiKey: null, timeout: 60_000 });
  }
  async chat(messages) {
    return this.textgen.chat.completions.create({ model: "local-model", messages });
  }
}

class GenericLLM {
  constructor() {
    this.openai = new OpenAIApi({ baseURL: process.env.GENERIC_OPEN_AI_BASE_PATH, apiKey: process.env.GENERIC_OPEN_AI_API_KEY, timeout: 60_000 });
  }
  async chat(messages) {
    return this.openai.chat.completions.create({ model: "gpt-4o", messages });
  }
}
module.exports = { LMStudioLLM, TextGenLLM, GenericLLM };
"""

LOCAL_ENV_PY = """\
import os

from openai import OpenAI

ollama = OpenAI(base_url=os.environ["OLLAMA_BASE_URL"], api_key="ollama", timeout=30)
hosted = OpenAI(base_url=os.getenv("LLM_BASE_URL"), timeout=30)
mlx = OpenAI(base_url=os.getenv("OMLX_LLM_BASE_PATH"), api_key="none", timeout=30)


def ask_local(messages):
    mlx.chat.completions.create(model="qwen3", messages=messages)
    return ollama.chat.completions.create(model="llama3", messages=messages)


def ask_hosted(messages):
    return hosted.chat.completions.create(model="gpt-4o", messages=messages)
"""


def test_client_of_a_local_server_named_by_its_environment_variable_needs_no_cap(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = _tree(tmp_path, {"server/providers.js": LOCAL_ENV_JS, "app/providers.py": LOCAL_ENV_PY})
    # LM Studio / Ollama run on the operator's machine and bill nobody; a generic base URL may be a paid API
    assert _lint(aisec, root, "AIS401") == [("providers.js", 31), ("providers.py", 16)]


# -- AIS506: a raw fetch to a URL the request names, with the server's key in its headers ------

PROXY_ROUTE = """\
import { NextRequest, NextResponse } from "next/server";

export async function POST(req: NextRequest) {
  const fetchUrl = `${req.headers.get("x-base-url")}/v1/chat/completions`;
  const headers = new Headers({ "Content-Type": "application/json" });
  const baseUrl = req.headers.get("x-base-url");
  if (baseUrl?.includes("api.openai.com")) {
    headers.set("Authorization", `Bearer ${process.env.OPENAI_API_KEY}`);
  }
  const res = await fetch(fetchUrl, { method: "POST", headers, body: req.body });
  return new NextResponse(res.body);
}
"""

FORWARD_ROUTE = """\
import { NextRequest, NextResponse } from "next/server";

export async function POST(req: NextRequest) {
  const target = `${req.headers.get("x-base-url")}/v1/chat/completions`;
  const forwarded = await fetch(target, { method: "POST", headers: { Authorization: req.headers.get("Authorization") ?? "" }, body: req.body });
  const fixed = await fetch("https://api.openai.com/v1/chat/completions", {
    method: "POST",
    headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` },
    body: req.body,
  });
  return new NextResponse(forwarded.body ?? fixed.body);
}
"""


def test_fetch_to_a_request_chosen_url_with_the_server_key_is_ais506(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = _tree(tmp_path, {"app/api/proxy/route.ts": PROXY_ROUTE, "app/api/forward/route.ts": FORWARD_ROUTE})
    # a substring test (`includes("api.openai.com")`) is no allow-list: https://api.openai.com.evil.example passes it;
    # the caller's own Authorization sent on, or the server key sent to a fixed host, is not this rule
    assert _lint(aisec, root, "AIS506") == [("route.ts", 10)]


# -- AIS304: a short escape helper (`esc()`) escapes ------------------------------------------

ESC_JS = """\
import OpenAI from "openai";

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
}

export async function show(el, client) {
  const r = await client.chat.completions.create({ model: "gpt-4o", messages: [], max_tokens: 100 });
  const text = r.choices[0].message.content;
  el.innerHTML = `<div class="title">${esc(text)}</div>`;
  el.innerHTML = `<div class="title">${text}</div>`;
}
"""


def test_model_output_through_a_short_escape_helper_is_not_xss(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = _tree(tmp_path, {"web/show.js": ESC_JS})
    assert _lint(aisec, root, "AIS304") == [("show.js", 11)]


# -- Next.js route exported under its method name as an alias (`export const POST = handle`) ---

ALIAS_ROUTE = """\
import { NextRequest } from "next/server";
import { handle as proxyHandler } from "../../proxy";

async function handle(req: NextRequest, { params }: { params: { path: string[] } }) {
  return proxyHandler(req, { params });
}

export const GET = handle;
export const POST = handle;
export const runtime = "edge";
"""

PROXY_HELPER = """\
import { NextRequest, NextResponse } from "next/server";

export async function handle(req: NextRequest, { params }: { params: { path: string[] } }) {
  const fetchUrl = `${req.headers.get("x-base-url")}/v1/chat/completions`;
  const headers = new Headers({ "Content-Type": "application/json" });
  headers.set("Authorization", `Bearer ${process.env.OPENAI_API_KEY}`);
  const res = await fetch(fetchUrl, { method: "POST", headers, body: req.body });
  return new NextResponse(res.body);
}
"""


def test_route_exported_as_an_alias_of_a_local_function_is_a_route(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = _tree(tmp_path, {"app/api/[provider]/[...path]/route.ts": ALIAS_ROUTE, "app/api/proxy.ts": PROXY_HELPER})
    assert _lint(aisec, root, "AIS506") == [("proxy.ts", 7)]


# -- AIS102: the public half of a key pair is public -------------------------------------------

PUBLIC_KEY_TS = """\
import { logger } from "./log";
import OpenAI from "openai";

export async function verify(prisma: any, presented: string) {
  const record = await prisma.apiKey.findUnique({ where: { publicKey: presented } });
  logger.error(`No organization found for key: ${record.publicKey}`);
  logger.error(`stored secret: ${record.secretKey}`);
  return record;
}
"""

PUBLIC_KEY_PY = """\
import logging

from openai import OpenAI

log = logging.getLogger(__name__)


def verify(db, presented):
    record = db.api_key.get(presented)
    log.error("no organization for key %s", record.public_key)
    log.error("stored secret %s", record.secret_key)
    return record
"""


def test_the_public_key_of_a_key_pair_is_not_a_secret(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = _tree(tmp_path, {"web/auth.ts": PUBLIC_KEY_TS, "app/auth.py": PUBLIC_KEY_PY})
    assert _lint(aisec, root, "AIS102") == [("auth.py", 11), ("auth.ts", 7)]


LOCAL_GETTER_JS = """\
const OpenAI = require("openai");

class LMStudioProvider {
  constructor(config = {}) {
    const client = new OpenAI({ baseURL: process.env.LMSTUDIO_BASE_PATH, apiKey: null, timeout: 60_000 });
    this._client = client;
    this.model = config.model;
  }
  get client() {
    return this._client;
  }
  async chat(messages) {
    return await this.client.chat.completions.create({ model: this.model, messages });
  }
}
module.exports = { LMStudioProvider };
"""

MIXED_GETTER_JS = """\
const OpenAI = require("openai");

class Provider {
  constructor(config = {}) {
    this._local = new OpenAI({ baseURL: process.env.OLLAMA_BASE_URL, apiKey: null, timeout: 60_000 });
    this._paid = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, timeout: 60_000 });
    this.model = config.model;
  }
  get client() {
    return this.model.startsWith("gpt") ? this._paid : this._local;
  }
  async chat(messages) {
    return await this.client.chat.completions.create({ model: this.model, messages });
  }
}
module.exports = { Provider };
"""


def test_a_client_behind_a_getter_in_a_file_that_builds_only_local_clients(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = _tree(tmp_path, {"agents/lmstudio.js": LOCAL_GETTER_JS, "agents/mixed.js": MIXED_GETTER_JS})
    # the only client this file builds is LM Studio's; a file that also builds a hosted client stays reported
    assert _lint(aisec, root, "AIS401") == [("mixed.js", 13)]


# -- AIS102: a copy of the headers whose Authorization is overwritten with a placeholder ------

REDACTED_COPY_TS = """\
import OpenAI from "openai";

export async function upload(url: string, args: { accessToken: string }, body: string) {
  const headers = { Authorization: `Bearer ${args.accessToken}`, "Content-Type": "application/json" };
  const response = await fetch(url, { method: "POST", headers, body });
  if (!response.ok) {
    console.error("upload failed", { url, headers: { ...headers, Authorization: "[REDACTED]" } });
    console.error("upload failed", { url, headers: { ...headers, "Content-Type": "text/plain" } });
  }
  return response;
}
"""

REDACTED_COPY_PY = """\
import logging
import os

from openai import OpenAI

log = logging.getLogger(__name__)


def upload(session, url, body):
    headers = {"Authorization": f"Bearer {os.environ['DRIVE_API_TOKEN']}", "Content-Type": "application/json"}
    response = session.post(url, headers=headers, data=body, timeout=10)
    log.error("upload failed %s", {**headers, "Authorization": "[REDACTED]"})
    log.error("upload failed %s", {**headers, "Content-Type": "text/plain"})
    return response
"""


def test_a_copy_whose_secret_key_is_overwritten_is_not_the_secret(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = _tree(tmp_path, {"nodes/drive.ts": REDACTED_COPY_TS, "app/drive.py": REDACTED_COPY_PY})
    assert _lint(aisec, root, "AIS102") == [("drive.py", 13), ("drive.ts", 8)]
