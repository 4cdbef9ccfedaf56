"""Verdict shapes found wrong on real AI repositories, each rebuilt as a small repository of our own.

Every test pins one shape: the evidence that decides must be the code doing the control (a key
the owner configured, a check after the model call, a quota counted per user), not a name.
"""

from __future__ import annotations

from tests.checklist.conftest import Run
from tests.checklist.repos import GITIGNORE, PRECOMMIT


def _base() -> dict[str, str]:
    return {".gitignore": GITIGNORE, ".pre-commit-config.yaml": PRECOMMIT}


def _cited(run: Run, item: str, outcome: str | None = None) -> list[str]:
    return [f"{e['path']}:{e['line']}" for e in run.item(item)["evidence"] if e["path"] and (outcome is None or e["outcome"] == outcome)]


# -- a key box that is only the fallback for the owner's configured key -------------------------

OWNER_FIRST = '''\
import streamlit as st
import anthropic

st.title("Poem bot")
if "ANTHROPIC_API_KEY" in st.secrets:
    api_key = st.secrets["ANTHROPIC_API_KEY"]
else:
    api_key = st.sidebar.text_input("Anthropic API key", type="password")

topic = st.chat_input("A topic")
if topic and api_key:
    client = anthropic.Anthropic(api_key=api_key)
    poem = client.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=300,
        messages=[{"role": "user", "content": topic}],
    )
    st.write(poem.content[0].text)
'''

ENV_FIRST = '''\
import os

import streamlit as st
from openai import OpenAI

key = os.getenv("OPENAI_API_KEY") or st.sidebar.text_input("OpenAI API key", type="password")
ask = st.chat_input("Ask")
if ask and key:
    out = OpenAI(api_key=key).chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{"role": "user", "content": ask}])
    st.write(out.choices[0].message.content)
'''

PASTE_ONLY = '''\
import streamlit as st
from openai import OpenAI

key = st.sidebar.text_input("OpenAI API key", type="password")
ask = st.chat_input("Ask")
if ask and key:
    out = OpenAI(api_key=key).chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{"role": "user", "content": ask}])
    st.write(out.choices[0].message.content)
'''


def test_key_box_as_fallback_for_the_owners_secret_is_not_byok(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    for source in (OWNER_FIRST, ENV_FIRST):
        run = checklist(repo_of({**_base(), "app.py": source, "requirements.txt": "streamlit\nanthropic\nopenai\n"}))
        applicability = run.data["extra"]["applicability"]
        assert applicability["byok"] is False, applicability
        assert run.status("CHK13") != "SKIP" and run.status("CHK14") != "SKIP"
        assert "protect the server" not in run.item("CHK07")["reason"]


def test_owner_key_in_one_page_makes_the_app_not_byok(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "app.py": PASTE_ONLY, "pages/poem.py": OWNER_FIRST, "requirements.txt": "streamlit\nopenai\n"}))
    assert run.data["extra"]["applicability"]["byok"] is False
    # and a paste-only app still is bring-your-own-key
    only = checklist(repo_of({**_base(), "app.py": PASTE_ONLY, "requirements.txt": "streamlit\nopenai\n"}))
    assert only.data["extra"]["applicability"]["byok"] is True
    assert only.status("CHK14") == "SKIP"


# -- the request body parsed against a schema is input validation, not output validation -------

ROUTE_PARSES_REQUEST = '''\
import OpenAI from "openai";
import { z } from "zod";

const openai = new OpenAI();
const bodySchema = z.object({ question: z.string().max(500) });

export async function POST(req: Request) {
  const raw = await req.json();
  const body = bodySchema.parse(raw);
  const answer = await openai.chat.completions.create({
    model: "gpt-4o-mini",
    max_tokens: 300,
    messages: [{ role: "user", content: body.question }],
  });
  return Response.json({ text: answer.choices[0].message.content });
}
'''

ROUTE_PARSES_ANSWER = ROUTE_PARSES_REQUEST.replace(
    "  return Response.json({ text: answer.choices[0].message.content });",
    "  const reply = replySchema.parse(JSON.parse(answer.choices[0].message.content ?? \"{}\"));\n  return Response.json(reply);",
).replace("const bodySchema", "const replySchema = z.object({ text: z.string() });\nconst bodySchema")


def test_request_schema_parse_is_not_output_validation(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "app/api/ask/route.ts": ROUTE_PARSES_REQUEST, "package.json": '{"dependencies": {"openai": "4", "zod": "3"}}'}))
    assert run.status("CHK11") == "WARN", run.item("CHK11")
    assert "app/api/ask/route.ts:9" not in _cited(run, "CHK11", "supports")
    # the same schema call on the model's answer, after the call, is validation
    good = checklist(repo_of({**_base(), "app/api/ask/route.ts": ROUTE_PARSES_ANSWER, "package.json": '{"dependencies": {"openai": "4", "zod": "3"}}'}))
    assert good.status("CHK11") == "PASS", good.item("CHK11")


# -- a daily quota counted per signed-in user is a per-user limit --------------------------------

QUOTA_ROUTE = '''\
import OpenAI from "openai";
import { auth } from "@/lib/auth";
import { countRecentMessages } from "@/lib/db";

const openai = new OpenAI();
const DAILY_MESSAGES = 50;

export async function POST(req: Request) {
  const session = await auth();
  if (!session?.user) {
    return new Response("sign in first", { status: 401 });
  }
  const used = await countRecentMessages({
    id: session.user.id,
    hours: 24,
  });
  if (used >= DAILY_MESSAGES) {
    return new Response("daily quota reached", { status: 429 });
  }
  const { question } = await req.json();
  const answer = await openai.chat.completions.create({
    model: "gpt-4o-mini",
    max_tokens: 300,
    messages: [{ role: "user", content: String(question).slice(0, 2000) }],
  });
  return Response.json({ text: answer.choices[0].message.content });
}
'''


def test_quota_counted_per_signed_in_user_is_per_user(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "app/api/ask/route.ts": QUOTA_ROUTE, "package.json": '{"dependencies": {"openai": "4"}}'}
    run = checklist(repo_of(files))
    assert run.status("CHK08") == "PASS", run.item("CHK08")
    assert "app/api/ask/route.ts:13" in _cited(run, "CHK08", "supports")
    # the same quota counted over everybody is not keyed on the user
    shared = QUOTA_ROUTE.replace("countRecentMessages({\n    id: session.user.id,\n    hours: 24,\n  })", "countRecentMessages({ hours: 24 })")
    other = checklist(repo_of({**files, "app/api/ask/route.ts": shared}))
    assert other.status("CHK08") == "WARN", other.item("CHK08")


# -- a sanitizer applied to what the model returned is no injection check on the input ---------

CHART_SERVICE = '''\
from flask import Flask, request
from openai import OpenAI

app = Flask(__name__)
client = OpenAI()


def ask(prompt: str) -> str:
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=300, messages=[{"role": "user", "content": prompt}])
    return reply.choices[0].message.content or ""


def _sanitize_chart_code(code: str) -> str:
    return code.replace("fig.show()", "")


def chart_code(question: str) -> str:
    code = ask("Write plotting code for: " + question)
    return _sanitize_chart_code(code)


@app.post("/chart")
def chart():
    question = request.json["question"][:500]
    return {"code": chart_code(question)}
'''

CHART_SERVICE_CHECKED = CHART_SERVICE.replace(
    "    code = ask(\"Write plotting code for: \" + question)",
    "    question = sanitize_question(question)\n    code = ask(\"Write plotting code for: \" + question)",
).replace("def _sanitize_chart_code", "def sanitize_question(text: str) -> str:\n    return text.replace(\"ignore previous\", \"\")\n\n\ndef _sanitize_chart_code")


def test_sanitizer_on_model_output_is_not_an_injection_check(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    audit = "def _sanitize_parameters(params: dict) -> dict:\n    return {k: '***' if 'token' in k else v for k, v in params.items()}\n\n\nprint(_sanitize_parameters({'a': 1}))\n"
    run = checklist(repo_of({**_base(), "app.py": CHART_SERVICE, "audit.py": audit, "requirements.txt": "flask\nopenai\n"}))
    assert run.status("CHK06") == "FAIL", run.item("CHK06")
    assert "app.py:19" not in _cited(run, "CHK06", "supports")
    assert not [c for c in _cited(run, "CHK06") if c.startswith("audit.py")]
    # an injection check that exists but sits off the model's path is still worth a WARN
    guard = "def detect_prompt_injection(text: str) -> bool:\n    return 'ignore previous' in text.lower()\n"
    unused = checklist(repo_of({**_base(), "app.py": CHART_SERVICE, "guard.py": guard, "requirements.txt": "flask\nopenai\n"}))
    assert unused.status("CHK06") == "WARN", unused.item("CHK06")
    checked = checklist(repo_of({**_base(), "app.py": CHART_SERVICE_CHECKED, "requirements.txt": "flask\nopenai\n"}))
    assert checked.status("CHK06") == "PASS", checked.item("CHK06")


# -- a UI app on an SDK lint does not model is not "not a web application" ----------------------

REPLICATE_UI = '''\
import replicate
import streamlit as st

st.title("Llama chat")
prompt = st.chat_input("Say something")
if prompt:
    out = replicate.run("meta/llama-2-7b-chat", input={"prompt": prompt, "max_new_tokens": 200})
    st.write("".join(out))
'''


def test_unmodelled_sdk_in_a_ui_app_says_why_it_cannot_judge(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "streamlit_app.py": REPLICATE_UI, "requirements.txt": "streamlit\nreplicate\n"}))
    for item in ("CHK08", "CHK12"):
        assert run.status(item) == "MANUAL", run.item(item)
        reason = run.item(item)["reason"]
        assert "not a web application" not in reason and "no user-facing output" not in reason, reason
        assert "lint" in reason, reason


def test_manual_items_name_what_to_record(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "streamlit_app.py": REPLICATE_UI, "requirements.txt": "streamlit\nreplicate\n"}))
    fields = {
        "CHK04": ("keys", "environment"),
        "CHK05": ("keys", "last_rotated"),
        "CHK08": ("rate_limiting", "enforced_by", "per"),
        "CHK12": ("content_filtering", "enforced_by"),
        "CHK13": ("budgets", "daily_usd"),
        "CHK16": ("monitoring", "anomaly_alerts"),
    }
    for item, words in fields.items():
        assert run.status(item) == "MANUAL", (item, run.item(item))
        reason = run.item(item)["reason"]
        for word in words:
            assert word in reason, (item, reason)


# -- "key read from the environment" means the variable read names a key ------------------------

KEYLESS_AZURE = '''\
import os

from azure.identity import ManagedIdentityCredential, get_bearer_token_provider
from openai import AzureOpenAI

managed_credential = ManagedIdentityCredential(client_id=os.getenv("AZURE_CLIENT_ID"))
token_provider = get_bearer_token_provider(managed_credential, "https://cognitiveservices.azure.com/.default")
client = AzureOpenAI(azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"], azure_ad_token_provider=token_provider, api_version="2024-10-21")


def summarise(text: str) -> str:
    out = client.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{"role": "user", "content": text[:4000]}])
    return out.choices[0].message.content or ""
'''


def test_env_read_evidence_names_a_key_variable(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "summarise.py": KEYLESS_AZURE, "requirements.txt": "openai\nazure-identity\n"}))
    assert run.status("CHK01") == "PASS", run.item("CHK01")
    assert "summarise.py:6" not in _cited(run, "CHK01"), run.item("CHK01")
    assert "the environment" not in run.item("CHK01")["reason"]
    keyed = KEYLESS_AZURE.replace('azure_ad_token_provider=token_provider', 'api_key=os.environ["AZURE_OPENAI_API_KEY"]')
    run = checklist(repo_of({**_base(), "summarise.py": keyed, "requirements.txt": "openai\n"}))
    assert "summarise.py:8" in _cited(run, "CHK01", "supports")


# -- Azure OpenAI filters prompts and completions by default: not "no content filtering" --------

AZURE_ROUTE = '''\
import os

from flask import Flask, request
from openai import AzureOpenAI

app = Flask(__name__)
client = AzureOpenAI(azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"], api_key=os.environ["AZURE_OPENAI_API_KEY"], api_version="2024-10-21")


@app.post("/ask")
def ask():
    question = request.json["question"][:1000]
    out = client.chat.completions.create(model="chat", max_tokens=300, messages=[{"role": "user", "content": question}])
    return {"answer": out.choices[0].message.content}
'''


def test_azure_default_content_filter_is_a_warn_not_a_fail(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "app.py": AZURE_ROUTE, "requirements.txt": "flask\nopenai\n"}))
    assert run.status("CHK12") == "WARN", run.item("CHK12")
    reason = run.item("CHK12")["reason"]
    assert "Azure OpenAI" in reason and "content_filtering" in reason, reason
    plain = AZURE_ROUTE.replace(AZURE_ROUTE.split("client = ")[1].split("\n")[0], "OpenAI()").replace("import AzureOpenAI", "import OpenAI")
    assert "Azure" not in plain.split("app = ")[1]
    other = checklist(repo_of({**_base(), "app.py": plain, "requirements.txt": "flask\nopenai\n"}))
    assert other.status("CHK12") == "FAIL", other.item("CHK12")
    # one Azure route among routes on other providers leaves those unfiltered
    mixed = checklist(repo_of({**_base(), "app.py": AZURE_ROUTE, "other.py": plain, "requirements.txt": "flask\nopenai\n"}))
    assert mixed.status("CHK12") == "FAIL", mixed.item("CHK12")


# -- shapes found on repositories held out from the tuning (fixed after measuring) --------------

CHAIN_IN_SESSION = '''\
import streamlit as st
from langchain.chat_models import ChatOpenAI
from langchain.chains import ConversationChain


def make_chain():
    return ConversationChain(llm=ChatOpenAI(temperature=0))


if "chain" not in st.session_state:
    st.session_state.chain = make_chain()
question = st.text_input("Question")
if question:
    st.write(st.session_state.chain.run(question))
'''


def test_uncapped_model_constructor_fails_even_when_calls_are_not_followed(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "app.py": CHAIN_IN_SESSION, "requirements.txt": "streamlit\nlangchain\n"}))
    assert run.status("CHK07") == "FAIL", run.item("CHK07")
    assert "not in lint's table" not in run.item("CHK07")["reason"]


GRADIO_FRONT = '''\
import gradio as gr

from qa import answer

with gr.Blocks() as demo:
    box = gr.Textbox(label="Question")
    out = gr.Markdown()
    box.submit(answer, inputs=[box], outputs=[out])

demo.launch()
'''

QA_MODULE = '''\
from openai import OpenAI

client = OpenAI()


def answer(question: str) -> str:
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=300, messages=[{"role": "user", "content": question}])
    return reply.choices[0].message.content or ""
'''


def test_ui_app_calling_models_in_another_file_is_not_called_not_a_web_app(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "app.py": GRADIO_FRONT, "qa.py": QA_MODULE, "requirements.txt": "gradio\nopenai\n"}))
    for item in ("CHK08", "CHK12"):
        assert run.status(item) == "MANUAL", run.item(item)
        reason = run.item(item)["reason"]
        assert "not a web application" not in reason and "no user-facing output (" not in reason, reason
        assert "app.py" in reason, reason


REALTIME_HOOK = '''\
import { RealtimeSession, RealtimeAgent } from "@openai/agents/realtime";

export async function start(agent: RealtimeAgent, key: string, guardrails: any[]) {
  const session = new RealtimeSession(agent, {
    transport: "webrtc",
    outputGuardrails: guardrails ?? [],
  });
  await session.connect({ apiKey: key });
  return session;
}
'''

REALTIME_NO_GUARD = REALTIME_HOOK.replace("    outputGuardrails: guardrails ?? [],\n", "")


def test_output_guardrails_wired_into_an_agents_sdk_session(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "src/session.ts": REALTIME_HOOK, "package.json": '{"dependencies": {"@openai/agents": "0.1"}}'}
    # another file makes direct model calls: the session file still counts as AI code
    files["src/api/summary/route.ts"] = ROUTE_PARSES_ANSWER
    run = checklist(repo_of(files))
    assert run.status("CHK12") == "PASS", run.item("CHK12")
    bare = checklist(repo_of({**files, "src/session.ts": REALTIME_NO_GUARD}))
    assert bare.status("CHK12") != "PASS", bare.item("CHK12")


# -- a web app built from routers in other files is still a web application ----------------------

FASTAPI_MAIN = '''\
import fastapi

from service.routes import router


def create_app() -> fastapi.FastAPI:
    app = fastapi.FastAPI(title="Docs chat")
    app.include_router(router)
    return app
'''


def test_web_app_whose_routes_live_elsewhere_is_a_web_application(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "service/__init__.py": FASTAPI_MAIN, "service/rag.py": QA_MODULE, "requirements.txt": "fastapi\nopenai\n"}))
    for item in ("CHK08", "CHK12"):
        assert run.status(item) == "MANUAL", run.item(item)
        reason = run.item(item)["reason"]
        assert "not a web application" not in reason and "no user-facing output (" not in reason, reason
        assert "service/__init__.py" in reason, reason


def test_a_tool_key_from_the_environment_keeps_a_byok_app_byok(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    tool_key = PASTE_ONLY.replace("import streamlit as st\n", "import os\n\nimport streamlit as st\n\nSEARCH_KEY = os.getenv(\"FIRECRAWL_API_KEY\")\n")
    run = checklist(repo_of({**_base(), "app.py": tool_key, "requirements.txt": "streamlit\nopenai\n"}))
    assert run.data["extra"]["applicability"]["byok"] is True, run.data["extra"]["applicability"]


# -- a Chainlit app: the model is called from its message handler, not at module level ------------

CHAINLIT_APP = '''\
import chainlit as cl
from openai import AsyncOpenAI

client = AsyncOpenAI(timeout=30)


async def run_chain(messages: list[dict]) -> str:
    response = await client.chat.completions.create(model="gpt-4o", max_tokens=400, messages=messages)
    return response.choices[0].message.content or ""


@cl.on_message
async def on_message(message: cl.Message) -> None:
    answer = await run_chain([{"role": "user", "content": message.content}])
    await cl.Message(content=answer).send()
'''


def test_chainlit_handlers_make_a_ui_script(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "app.py": CHAINLIT_APP, "requirements.txt": "chainlit\nopenai\n"}))
    assert run.status("CHK08") == "FAIL", run.item("CHK08")
    assert "UI script" in run.item("CHK08")["reason"], run.item("CHK08")
    assert "app.py" in _cited(run, "CHK08")[0], run.item("CHK08")
    reason = run.item("CHK12")["reason"]
    assert "no user-facing output" not in reason and "none calls a model" not in reason, run.item("CHK12")


# -- a browser client built with the key the visitor typed is not a hardcoded key ----------------

BYOK_HOOK = '''\
import OpenAI from "openai";

export function useChat(openaiApiKey: string) {
  const openai = new OpenAI({ apiKey: openaiApiKey, dangerouslyAllowBrowser: true, timeout: 20000 });
  return async (text: string) => {
    const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: text }] });
    return r.choices[0].message.content;
  };
}
'''


def test_bring_your_own_key_browser_client_is_not_a_hardcoded_key(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "src/useChat.ts": BYOK_HOOK, "package.json": '{"dependencies": {"openai": "4"}}'}
    run = checklist(repo_of(files))
    assert run.status("CHK01") != "FAIL", run.item("CHK01")
    assert "hardcoded" not in run.item("CHK01")["reason"], run.item("CHK01")
    cited = [e for e in run.item("CHK01")["evidence"] if e["detail"].startswith("AIS103")]
    assert cited and all(e["outcome"] == "info" for e in cited), run.item("CHK01")


# -- the OpenAI Agents SDK in Python (`from agents import Runner`) is an AI SDK ----------------------

AGENTS_SERVER = '''\
from fastapi import FastAPI
from agents import (
    Agent,
    Runner,
)

app = FastAPI()
triage = Agent(name="Triage", instructions="Route the customer.", model="gpt-4.1")


@app.post("/chat")
async def chat(body: dict) -> dict:
    result = await Runner.run(triage, body["message"])
    return {"answer": result.final_output}
'''


def test_openai_agents_sdk_python_counts_as_ai_in_use(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "backend/server.py": AGENTS_SERVER, "backend/requirements.txt": "openai-agents\nfastapi\n"}))
    for item in ("CHK06", "CHK08", "CHK12", "CHK14"):
        assert run.status(item) != "SKIP", run.item(item)
    assert run.status("CHK08") == "FAIL", run.item("CHK08")


# -- an Arcjet limit counted per signed-in user ---------------------------------------------------

ARCJET_ROUTE = '''\
import OpenAI from "openai";
import arcjet, { fixedWindow } from "@arcjet/next";
import { currentUser } from "@clerk/nextjs/server";

const openai = new OpenAI({ timeout: 20000 });
const aj = arcjet({
  key: process.env.ARCJET_KEY!,
  rules: [fixedWindow({ mode: "LIVE", characteristics: ["userId"], window: "60s", max: 10 })],
});

export async function POST(req: Request) {
  const user = await currentUser();
  if (!user) return new Response("unauthorized", { status: 401 });
  const decision = await aj.protect(req, { userId: user.id });
  if (decision.isDenied()) return new Response("slow down", { status: 429 });
  const { prompt } = await req.json();
  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, messages: [{ role: "user", content: String(prompt).slice(0, 2000) }] });
  return Response.json({ answer: r.choices[0].message.content });
}
'''


def test_arcjet_limit_keyed_on_the_user_is_per_user(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "src/app/api/qa/route.ts": ARCJET_ROUTE, "package.json": '{"dependencies": {"openai": "4", "@arcjet/next": "1"}}'}
    run = checklist(repo_of(files))
    assert run.status("CHK08") == "PASS", run.item("CHK08")
    by_ip = checklist(repo_of({**files, "src/app/api/qa/route.ts": ARCJET_ROUTE.replace('characteristics: ["userId"]', 'characteristics: ["ip.src"]').replace("{ userId: user.id }", "{}")}))
    assert by_ip.status("CHK08") != "PASS", by_ip.item("CHK08")


# -- spend items on a bring-your-own-key app: the visitor's key pays, not the owner's -------------

GRADIO_BYOK = '''\
import os

import gradio as gr
from langchain.chains import ConversationalRetrievalChain
from langchain.chat_models import ChatOpenAI


def make_chain(key: str):
    if key:
        os.environ["OPENAI_API_KEY"] = key
        return ConversationalRetrievalChain.from_llm(ChatOpenAI(max_tokens=300, request_timeout=30), retriever=None)


def reply(question, history, chain):
    answer = chain({"question": question, "chat_history": history})["answer"]
    return history + [(question, answer)]


with gr.Blocks() as demo:
    key_box = gr.Textbox(
        placeholder="Paste your OpenAI API key (sk-...)",
        show_label=False,
        lines=1,
        type="password",
    )
    question = gr.Textbox(label="Question")
    state = gr.State()
    key_box.change(make_chain, inputs=[key_box], outputs=[state])
demo.launch()
'''


def test_multiline_key_box_makes_spend_items_skip(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "app.py": GRADIO_BYOK, "requirements.txt": "gradio\nlangchain\nopenai\n"}
    run = checklist(repo_of(files))
    for item in ("CHK13", "CHK14"):
        assert run.status(item) == "SKIP", run.item(item)
        assert "bring-your-own-key" in run.item(item)["reason"] and "app.py:20" in run.item(item)["reason"], run.item(item)


def test_owner_key_beside_a_multiline_key_box_is_not_byok(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    owner = GRADIO_BYOK.replace("def make_chain(key: str):\n", 'def make_chain(key: str):\n    key = key or os.getenv("OPENAI_API_KEY")\n')
    run = checklist(repo_of({**_base(), "app.py": owner, "requirements.txt": "gradio\nlangchain\nopenai\n"}))
    assert run.status("CHK14") != "SKIP", run.item("CHK14")


def test_visitor_key_browser_client_makes_spend_items_skip(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "src/useChat.ts": BYOK_HOOK, "package.json": '{"dependencies": {"openai": "4"}}'}
    run = checklist(repo_of(files))
    for item in ("CHK13", "CHK14"):
        assert run.status(item) == "SKIP", run.item(item)
        assert "visitor's own key" in run.item(item)["reason"], run.item(item)


# -- zod schemas that check the model's own output count as output validation -------------------

STREAM_OBJECT_ROUTE = '''\
import { streamObject } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";

const plan = z.object({ title: z.string(), steps: z.array(z.string()).max(10) });

export async function POST(req: Request) {
  const { topic } = await req.json();
  const result = await streamObject({
    model: openai("gpt-4o-mini"),
    maxTokens: 400,
    schema: plan,
    prompt: `Plan: ${String(topic).slice(0, 200)}`,
  });
  return result.toTextStreamResponse();
}
'''

PARSED_TEXT_ROUTE = '''\
import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";

const answerSchema = z.object({ label: z.enum(["spam", "ham"]) });

export async function POST(req: Request) {
  const body = await req.json();
  const { text } = await generateText({ model: openai("gpt-4o-mini"), maxTokens: 50, prompt: String(body.mail).slice(0, 500) });
  const verdict = answerSchema.parse(JSON.parse(text));
  return Response.json(verdict);
}
'''

REQUEST_ONLY_ROUTE = '''\
import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";

const requestSchema = z.object({ mail: z.string().max(500) });

export async function POST(req: Request) {
  const { mail } = requestSchema.parse(await req.json());
  const { text } = await generateText({ model: openai("gpt-4o-mini"), maxTokens: 50, prompt: mail });
  return Response.json({ text });
}
'''


def test_zod_schema_on_model_output_counts_for_chk11(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    pkg = '{"dependencies": {"ai": "4", "@ai-sdk/openai": "1", "zod": "3"}}'
    for route, line in ((STREAM_OBJECT_ROUTE, 9), (PARSED_TEXT_ROUTE, 10)):
        run = checklist(repo_of({**_base(), "package.json": pkg, "app/api/plan/route.ts": route}))
        assert run.status("CHK11") == "PASS", run.item("CHK11")
        assert f"app/api/plan/route.ts:{line}" in _cited(run, "CHK11", "supports"), run.item("CHK11")
    # a schema that checks only the request, before the call, is not output validation
    run = checklist(repo_of({**_base(), "package.json": pkg, "app/api/plan/route.ts": REQUEST_ONLY_ROUTE}))
    assert run.status("CHK11") == "WARN", run.item("CHK11")


# -- OpenAI Agents SDK: the output cap is ModelSettings(max_tokens=...) -------------------------

AGENTS_DEF = '''\
from agents import Agent, ModelSettings

triage = Agent(
    name="Triage",
    instructions="Route the traveller to the right desk.",
    model="gpt-4.1-mini",
)
'''

AGENTS_RUN = '''\
from agents import Runner
from fastapi import FastAPI

from desk.agents import triage

app = FastAPI()


@app.post("/chat")
async def chat(body: dict) -> dict:
    result = await Runner.run(triage, str(body.get("text", ""))[:2000])
    return {"reply": result.final_output}
'''

AGENTS_TEST = '''\
from agents import Agent


def test_agent_builds() -> None:
    assert Agent(name="probe", instructions="say hi").name == "probe"
'''


def test_agents_sdk_agent_without_max_tokens_is_not_capped(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "desk/__init__.py": "", "desk/agents.py": AGENTS_DEF, "desk/api.py": AGENTS_RUN,
             "requirements.txt": "openai-agents\nfastapi\n"}
    run = checklist(repo_of(files))
    assert run.status("CHK07") == "FAIL", run.item("CHK07")
    assert "desk/agents.py:3" in _cited(run, "CHK07", "contradicts"), run.item("CHK07")
    capped = AGENTS_DEF.replace('    model="gpt-4.1-mini",\n', '    model="gpt-4.1-mini",\n    model_settings=ModelSettings(max_tokens=600),\n')
    run = checklist(repo_of({**files, "desk/agents.py": capped, "tests/test_agents.py": AGENTS_TEST}))
    assert run.status("CHK07") != "FAIL", run.item("CHK07")
    assert not [c for c in _cited(run, "CHK07", "contradicts") if c.startswith(("desk/agents.py", "tests/"))], run.item("CHK07")


CREW_LOCAL_AGENTS = '''\
from crewai import Agent, Crew, Task

from agents import research_notes

writer = Agent(role="Writer", goal="Summarise the notes", backstory="An editor.", llm="gpt-4o-mini")
crew = Crew(agents=[writer], tasks=[Task(description=research_notes(), expected_output="a summary", agent=writer)])
print(crew.kickoff())
'''


def test_a_local_agents_module_is_not_the_agents_sdk(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "agents.py": "def research_notes() -> str:\n    return 'notes'\n", "main.py": CREW_LOCAL_AGENTS,
             "requirements.txt": "crewai\n"}
    run = checklist(repo_of(files))
    assert "Agents SDK" not in run.item("CHK07")["reason"], run.item("CHK07")
    assert "main.py:5" not in _cited(run, "CHK07", "contradicts"), run.item("CHK07")


GRADIO_BOX_ONLY = '''\
import gradio as gr
import openai

from qa import answer


def reply(key, question, history):
    openai.api_key = key
    return history + [(question, answer(question))]


with gr.Blocks() as demo:
    key_box = gr.Textbox(
        placeholder="Your OpenAI API key (sk-...)",
        lines=1,
        type="password",
    )
    question = gr.Textbox(label="Question")
demo.launch()
'''

QA_HELPER = '''\
from openai import OpenAI


def answer(question: str) -> str:
    r = OpenAI(timeout=30).chat.completions.create(model="gpt-4o-mini", max_tokens=200,
                                                   messages=[{"role": "user", "content": question}])
    return r.choices[0].message.content
'''


def test_key_box_in_the_ui_script_of_a_helper_that_calls_the_model(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "app.py": GRADIO_BOX_ONLY, "qa.py": QA_HELPER, "requirements.txt": "gradio\nopenai\n"}
    run = checklist(repo_of(files))
    for item in ("CHK13", "CHK14"):
        assert run.status(item) == "SKIP", run.item(item)
        assert "app.py:13" in run.item(item)["reason"], run.item(item)


# -- model calls recorded by a central log step away from the call sites --------------------------

PLUGIN_CALL = '''\
from openai import OpenAI

from jot.record import Reply


class Chat:
    def run(self, text: str) -> Reply:
        out = OpenAI(timeout=20).chat.completions.create(model="gpt-4o-mini", max_tokens=300,
                                                         messages=[{"role": "user", "content": text}])
        return Reply(text, out.choices[0].message.content or "")
'''

RECORD = '''\
import sqlite3


class Reply:
    def __init__(self, prompt: str, text: str) -> None:
        self.prompt = prompt
        self.text = text

    def log_to_db(self, db: sqlite3.Connection) -> None:
        db.execute("insert into replies(prompt, text) values (?, ?)", (self.prompt, self.text))
'''

JOT_CLI = '''\
import sqlite3
import sys

from jot.chat import Chat


def main() -> None:
    db = sqlite3.connect("replies.db")
    reply = Chat().run(sys.argv[1])
    print(reply.text)
    reply.log_to_db(db)
'''


def test_a_central_log_step_counts_as_logging_model_calls(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "jot/__init__.py": "", "jot/chat.py": PLUGIN_CALL, "jot/record.py": RECORD, "jot/cli.py": JOT_CLI,
             "requirements.txt": "openai\n"}
    run = checklist(repo_of(files))
    item = run.item("CHK15")
    assert "not logged" not in item["reason"], item
    assert "jot/cli.py:11" in _cited(run, "CHK15", "supports"), item
    assert item["status"] == "WARN", item
    unlogged = JOT_CLI.replace("    reply.log_to_db(db)\n", "")
    run = checklist(repo_of({**files, "jot/cli.py": unlogged}))
    assert run.item("CHK15")["reason"] == "model calls are not logged", run.item("CHK15")


# -- a "redact" step that trims what is stored after the call is not PII stripped before sending ---

STORE_AFTER = '''\
from openai import OpenAI


def drop_blobs(payload: dict) -> dict:
    for message in payload["messages"]:
        if isinstance(message.get("content"), list):
            message["content"] = [part for part in message["content"] if part.get("type") == "text"]
    return payload


def redact_blobs(payload: dict) -> dict:
    return drop_blobs(payload)


def ask(text: str, history: list) -> tuple[str, dict]:
    messages = history + [{"role": "user", "content": text}]
    out = OpenAI(timeout=20).chat.completions.create(model="gpt-4o-mini", max_tokens=300, messages=messages)
    kept = redact_blobs({"messages": messages})
    return out.choices[0].message.content or "", kept
'''


def test_redaction_after_the_model_call_is_not_pii_stripped_before_sending(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "ask.py": STORE_AFTER, "requirements.txt": "openai\n"}
    run = checklist(repo_of(files))
    item = run.item("CHK09")
    assert item["status"] == "WARN", item
    assert "ask.py:18" not in _cited(run, "CHK09", "supports"), item
    assert "ask.py:18" in _cited(run, "CHK09", "info"), item
    before = STORE_AFTER.replace(
        '    out = OpenAI(timeout=20).chat.completions.create(model="gpt-4o-mini", max_tokens=300, messages=messages)\n'
        '    kept = redact_blobs({"messages": messages})\n',
        '    kept = redact_blobs({"messages": messages})\n'
        '    out = OpenAI(timeout=20).chat.completions.create(model="gpt-4o-mini", max_tokens=300, messages=kept["messages"])\n')
    run = checklist(repo_of({**files, "ask.py": before}))
    assert run.status("CHK09") == "PASS", run.item("CHK09")
    assert "ask.py:17" in _cited(run, "CHK09", "supports"), run.item("CHK09")


# -- options passed through **kwargs: the output cap cannot be seen -------------------------------

OPTIONS_SPLAT = '''\
from openai import OpenAI


class Chat:
    def __init__(self, options: dict) -> None:
        self.options = options

    def run(self, text: str) -> str:
        kwargs = {k: v for k, v in self.options.items() if v is not None}
        out = OpenAI(timeout=20).chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": text[:4000]}],
            **kwargs,
        )
        return out.choices[0].message.content or ""
'''


def test_options_passed_through_kwargs_do_not_show_an_output_cap(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "chat.py": OPTIONS_SPLAT, "requirements.txt": "openai\n"}
    run = checklist(repo_of(files))
    item = run.item("CHK07")
    assert item["status"] == "WARN", item
    assert "output is capped" not in item["reason"], item
    assert "**kwargs" in item["reason"], item
    assert "chat.py:10" in _cited(run, "CHK07", "missing"), item
    capped = OPTIONS_SPLAT.replace('            model="gpt-4o-mini",\n', '            model="gpt-4o-mini",\n            max_tokens=400,\n')
    run = checklist(repo_of({**files, "chat.py": capped}))
    assert "**kwargs" not in run.item("CHK07")["reason"], run.item("CHK07")
    assert "chat.py:10" not in _cited(run, "CHK07", "missing"), run.item("CHK07")


# -- a Next.js route that destructures the request body over several lines -----------------------

DESTRUCTURED_ROUTE = '''\
import { openai } from '@ai-sdk/openai'
import { streamText, CoreMessage } from 'ai'

const SYSTEM = 'You help people plan trips.'

export async function POST(req: Request) {
  const {
    messages,
    tripId,
  }: {
    messages: CoreMessage[]
    tripId: string
  } = await req.json()

  const result = streamText({
    model: openai('gpt-4o-mini'),
    system: SYSTEM,
    messages,
    maxTokens: 400,
  })
  return result.toTextStreamResponse()
}
'''


def test_request_body_destructured_over_lines_reaches_the_model_unchecked(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "app/api/plan/route.ts": DESTRUCTURED_ROUTE, "package.json": '{"dependencies": {"ai": "^4", "@ai-sdk/openai": "^1"}}\n'}
    run = checklist(repo_of(files))
    item = run.item("CHK06")
    assert item["status"] == "FAIL", item
    assert "app/api/plan/route.ts:13" in _cited(run, "CHK06", "contradicts"), item
