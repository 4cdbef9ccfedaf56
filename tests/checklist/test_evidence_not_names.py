"""A control counts by what its code does, not by its name.

Every shape here is built twice: once with the name of a control and a body that does nothing
(a decoy: ``def sanitize_input(text): return text``), once with a body that does the work. The
decoy must not move an item to PASS (nor soften a FAIL); the real one must.
"""

from __future__ import annotations

from tests.checklist.conftest import Run
from tests.checklist.repos import GITIGNORE, PRECOMMIT


def _base() -> dict[str, str]:
    return {".gitignore": GITIGNORE, ".pre-commit-config.yaml": PRECOMMIT}


def _why(run: Run, item: str) -> str:
    return f"{run.status(item)}: {run.item(item)['reason']}"


# -- one route, every control a call of a helper module ------------------------------------------

ROUTE = '''\
from fastapi import FastAPI, Request
from openai import OpenAI

from guards import audit_log, check_daily_budget, count_tokens, is_harmful, redact_pii, sanitize_input, validate_output

app = FastAPI()
client = OpenAI(timeout=20)


@app.post("/chat")
async def chat(request: Request) -> dict:
    body = await request.json()
    user = body["user"]
    question = sanitize_input(body["question"])
    question = redact_pii(question)
    tokens = count_tokens(question)
    if check_daily_budget(user, tokens):
        return {"error": "over budget"}
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{"role": "user", "content": question}])
    audit_log(f"model call gpt-4o-mini tokens={reply.usage.total_tokens}")
    answer = validate_output(reply.choices[0].message.content or "")
    if is_harmful(answer):
        return {"answer": "[blocked]"}
    return {"answer": answer}
'''

GUARDS_DECOY = '''\
"""Security controls."""


def sanitize_input(text: str) -> str:
    """Strip prompt-injection attempts."""
    return text


def redact_pii(text: str) -> str:
    """Remove personal data."""
    return text


def count_tokens(text: str) -> int:
    return 0


def check_daily_budget(user: str, tokens: int) -> bool:
    return False


def audit_log(message: str) -> None:
    pass


def validate_output(text: str) -> str:
    ...
    return text


def is_harmful(text: str) -> bool:
    # TODO: call the moderation API
    return False
'''

GUARDS_REAL = '''\
"""Security controls."""
import logging
import re

_log = logging.getLogger("audit")
_spent: dict[str, int] = {}
DAILY_TOKENS = 200_000
_INJECTION = re.compile(r"ignore (all )?previous instructions", re.I)
BLOCKLIST = ("bomb recipe", "credit card dump")


def sanitize_input(text: str) -> str:
    """Strip prompt-injection attempts."""
    if _INJECTION.search(text):
        raise ValueError("prompt injection")
    return text


def redact_pii(text: str) -> str:
    return re.sub(r"\\S+@\\S+", "[EMAIL]", text)


def count_tokens(text: str) -> int:
    return len(text) // 4 + 1


def check_daily_budget(user: str, tokens: int) -> bool:
    _spent[user] = _spent.get(user, 0) + tokens
    return _spent[user] > DAILY_TOKENS


def audit_log(message: str) -> None:
    _log.info(message)


def validate_output(text: str) -> str:
    if "<script" in text.lower():
        raise ValueError("unsafe output")
    return text


def is_harmful(text: str) -> bool:
    return any(word in text.lower() for word in BLOCKLIST)
'''


def _route_repo(repo_of, guards: str):  # type: ignore[no-untyped-def]
    return repo_of({**_base(), "app.py": ROUTE, "guards.py": guards, "requirements.txt": "fastapi\nopenai\n"})


def test_controls_named_but_empty_do_not_pass(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(_route_repo(repo_of, GUARDS_DECOY))
    assert run.status("CHK06") == "FAIL", _why(run, "CHK06")
    assert run.status("CHK09") == "WARN", _why(run, "CHK09")
    assert run.status("CHK11") == "WARN", _why(run, "CHK11")
    assert run.status("CHK12") == "FAIL", _why(run, "CHK12")
    assert run.status("CHK13") == "MANUAL", _why(run, "CHK13")
    assert run.status("CHK14") == "WARN", _why(run, "CHK14")
    assert run.status("CHK15") == "WARN", _why(run, "CHK15")
    assert "not logged" in run.item("CHK15")["reason"]
    # the decoy is named in the evidence as what it is
    hollow = [e for e in run.item("CHK06")["evidence"] if "does nothing" in (e["why"] or "")]
    assert hollow and hollow[0]["path"] == "app.py", run.item("CHK06")["evidence"]


def test_controls_with_real_bodies_pass(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(_route_repo(repo_of, GUARDS_REAL))
    for item in ("CHK06", "CHK09", "CHK11", "CHK12", "CHK13", "CHK14", "CHK15"):
        assert run.status(item) == "PASS", (item, _why(run, item))


def test_a_name_defined_both_empty_and_real_is_given_the_benefit(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    """An abstract base with an empty body and a subclass that does the work: the name is real."""
    base = GUARDS_DECOY + '''

class Guard:
    def sanitize_input(self, text: str) -> str:
        raise NotImplementedError
'''
    files = {**_base(), "app.py": ROUTE, "guards.py": base, "requirements.txt": "fastapi\nopenai\n",
             "strict.py": 'import re\n\n\ndef sanitize_input(text: str) -> str:\n    return re.sub(r"(?i)ignore previous instructions", "", text)\n'}
    run = checklist(repo_of(files))
    assert run.status("CHK06") == "PASS", _why(run, "CHK06")


SAME_FILE_DECOY = '''\
from fastapi import FastAPI, Request
from openai import OpenAI

app = FastAPI()
client = OpenAI(timeout=20)


def sanitize(text: str) -> str:
    return text


@app.post("/chat")
async def chat(request: Request) -> dict:
    body = await request.json()
    question = sanitize(body["question"])
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{"role": "user", "content": question}])
    return {"answer": reply.choices[0].message.content}
'''


def test_empty_check_in_the_same_file_is_no_check(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "app.py": SAME_FILE_DECOY, "requirements.txt": "fastapi\nopenai\n"}))
    assert run.status("CHK06") == "FAIL", _why(run, "CHK06")
    real = SAME_FILE_DECOY.replace("    return text\n", "    return text.replace('ignore previous instructions', '')\n", 1)
    run = checklist(repo_of({**_base(), "app.py": real, "requirements.txt": "fastapi\nopenai\n"}))
    assert run.status("CHK06") == "PASS", _why(run, "CHK06")


JS_ROUTE = '''\
import OpenAI from "openai";
import { sanitizeInput } from "@/lib/guards";

const client = new OpenAI({ timeout: 20000 });

export async function POST(req: Request) {
  const body = await req.json();
  const question = sanitizeInput(body.question);
  const reply = await client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: question }] });
  return Response.json({ answer: reply.choices[0].message.content });
}
'''

JS_DECOY = 'export function sanitizeInput(text: string): string {\n  // TODO\n  return text;\n}\n'
JS_DECOY_ARROW = "export const sanitizeInput = (text: string): string => text;\n"
JS_REAL = 'export function sanitizeInput(text: string): string {\n  if (/ignore previous instructions/i.test(text)) throw new Error("injection");\n  return text;\n}\n'


def test_empty_check_in_typescript_is_no_check(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    pkg = '{"dependencies": {"openai": "4"}}'
    for decoy in (JS_DECOY, JS_DECOY_ARROW):
        run = checklist(repo_of({**_base(), "app/api/chat/route.ts": JS_ROUTE, "lib/guards.ts": decoy, "package.json": pkg}))
        assert run.status("CHK06") == "FAIL", _why(run, "CHK06")
    run = checklist(repo_of({**_base(), "app/api/chat/route.ts": JS_ROUTE, "lib/guards.ts": JS_REAL, "package.json": pkg}))
    assert run.status("CHK06") == "PASS", _why(run, "CHK06")


# -- an input bound that is only a constant's name -------------------------------------------------

STREAMLIT_BOUND = '''\
import streamlit as st
from openai import OpenAI

MAX_PROMPT_CHARS = 2000
client = OpenAI(timeout=20)
question = st.chat_input("Ask")
if question{check}:
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{{"role": "user", "content": question}}])
    st.write(reply.choices[0].message.content)
'''


def test_a_size_constant_never_compared_bounds_nothing(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    reqs = "streamlit\nopenai\n"
    run = checklist(repo_of({**_base(), "app.py": STREAMLIT_BOUND.format(check=""), "requirements.txt": reqs}))
    assert run.status("CHK07") == "WARN", _why(run, "CHK07")
    assert "no input size limit" in run.item("CHK07")["reason"]
    run = checklist(repo_of({**_base(), "app.py": STREAMLIT_BOUND.format(check=" and len(question) <= MAX_PROMPT_CHARS"), "requirements.txt": reqs}))
    assert run.status("CHK07") == "PASS", _why(run, "CHK07")


# -- a rate limiter that is only a name -----------------------------------------------------------

STREAMLIT_LIMITED = '''\
import time

import streamlit as st
from openai import OpenAI

client = OpenAI(timeout=20)
_calls: dict[str, list[float]] = {{}}


def rate_limit(user_id: str) -> None:
{body}


user_id = st.session_state.get("user_id", "anonymous")
question = st.chat_input("Ask")
if question:
    rate_limit(user_id)
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{{"role": "user", "content": question}}])
    st.write(reply.choices[0].message.content)
'''

LIMIT_BODY = '''\
    now = time.time()
    recent = [t for t in _calls.get(user_id, []) if now - t < 60]
    if len(recent) >= 5:
        st.error("Too many questions: wait a minute")
        st.stop()
    _calls[user_id] = recent + [now]'''

UNUSED_LIMITER_CLASS = '''\
import streamlit as st
from openai import OpenAI

client = OpenAI(timeout=20)


class RateLimiter:
    """Allows `per_user` requests a minute."""

    def __init__(self, per_user: int = 5) -> None:
        self.per_user = per_user


question = st.chat_input("Ask")
if question:
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{"role": "user", "content": question}])
    st.write(reply.choices[0].message.content)
'''


def test_a_limiter_that_is_only_a_name_limits_nothing(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    reqs = "streamlit\nopenai\n"
    for decoy in (STREAMLIT_LIMITED.format(body='    """Limit each user to 5 questions a minute."""\n    pass'), UNUSED_LIMITER_CLASS):
        run = checklist(repo_of({**_base(), "app.py": decoy, "requirements.txt": reqs}))
        assert run.status("CHK08") == "FAIL", _why(run, "CHK08")
    run = checklist(repo_of({**_base(), "app.py": STREAMLIT_LIMITED.format(body=LIMIT_BODY), "requirements.txt": reqs}))
    assert run.status("CHK08") == "PASS", _why(run, "CHK08")


# -- an output guardrail list with nothing in it ---------------------------------------------------

AGENT = '''\
from agents import Agent, Runner, output_guardrail


@output_guardrail
async def no_card_numbers(ctx, agent, output):
    ...


agent = Agent(name="support", instructions="Answer billing questions.", output_guardrails={guards})


def answer(question: str) -> str:
    return Runner.run_sync(agent, question).final_output
'''


def test_an_empty_output_guardrail_list_guards_nothing(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    reqs = "openai-agents\n"
    run = checklist(repo_of({**_base(), "bot.py": AGENT.format(guards="[]"), "requirements.txt": reqs}))
    assert run.status("CHK12") != "PASS", _why(run, "CHK12")
    run = checklist(repo_of({**_base(), "bot.py": AGENT.format(guards="[no_card_numbers]"), "requirements.txt": reqs}))
    assert run.status("CHK12") == "PASS", _why(run, "CHK12")


# -- usage alerts that are only words --------------------------------------------------------------

PAGES = '''\
"""Data helpers."""


def remove_outliers(rows: list[float]) -> list[float]:
    mean = sum(rows) / len(rows)
    return [r for r in rows if abs(r - mean) < 3 * mean]


def next_page(cursor: int) -> int:
    return cursor + 1


def clean(rows: list[float]) -> list[float]:
    kept = remove_outliers(rows)
    notify_user(f"{len(rows) - len(kept)} rows dropped")
    return kept


def notify_user(text: str) -> None:
    print(text)
'''

SPIKES = '''\
"""Token usage watch, run every hour."""
import os

import requests

from usage import tokens_per_hour


def detect_token_spike(history: list[int], now: int) -> bool:
    return bool(history) and now > 3 * sum(history) / len(history)


def watch() -> None:
    history, now = tokens_per_hour()
    if detect_token_spike(history, now):
        notify_oncall(f"token usage spike: {now} tokens this hour")


def notify_oncall(text: str) -> None:
    requests.post(os.environ["ALERT_WEBHOOK"], json={"text": text}, timeout=10)
'''

SIMPLE_CALL = '''\
from openai import OpenAI

client = OpenAI(timeout=20)


def ask(question: str) -> str:
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{"role": "user", "content": question}])
    return reply.choices[0].message.content or ""
'''


def test_outlier_and_page_helpers_are_no_usage_alerts(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "ask.py": SIMPLE_CALL, "data.py": PAGES, "requirements.txt": "openai\n"}))
    assert run.status("CHK16") == "MANUAL", _why(run, "CHK16")
    run = checklist(repo_of({**_base(), "ask.py": SIMPLE_CALL, "watch.py": SPIKES, "requirements.txt": "openai\n"}))
    assert run.status("CHK16") == "PASS", _why(run, "CHK16")


# -- a prompt template's example transcript (private-gpt) ------------------------------------------

TEMPLATE = '''\
Transcribe the audio. Answer in JSON.

**Example:**
```json
{
  "transcript": "Speaker A: Good morning everyone and welcome to the 2024 Innovation Summit.\\n\\nSpeaker B: Thank you. I'm thrilled to be here.",
  "speakers": ["Speaker A", "Speaker B"]
}
```
'''


def test_a_conference_name_in_an_example_transcript_is_no_address(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "ask.py": SIMPLE_CALL, "prompts/transcription.j2": TEMPLATE, "requirements.txt": "openai\n"}
    run = checklist(repo_of(files))
    assert run.status("CHK09") == "WARN", _why(run, "CHK09")
    real = TEMPLATE.replace("Innovation Summit.", "Innovation Summit. Send the badges to Jane Miller, 1234 Oak Street, Springfield, IL 62704.")
    run = checklist(repo_of({**files, "prompts/transcription.j2": real}))
    assert run.status("CHK09") == "FAIL", _why(run, "CHK09")


# -- imports and look-alike calls -------------------------------------------------------------------

ROUTE_PLAIN = '''\
import html
import re

import tiktoken
from fastapi import FastAPI, Request
from llm_guard.input_scanners import PromptInjection
from openai import OpenAI

app = FastAPI()
client = OpenAI(timeout=20)
encoding = tiktoken.get_encoding("cl100k_base")


@app.post("/chat")
async def chat(request: Request) -> dict:
    body = await request.json()
    question = body["question"]
{before}    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{{"role": "user", "content": question}}])
    answer = reply.choices[0].message.content or ""
{after}    return {{"answer": answer}}
'''


def _plain(repo_of, before: str = "", after: str = ""):  # type: ignore[no-untyped-def]
    return repo_of({**_base(), "app.py": ROUTE_PLAIN.format(before=before, after=after), "requirements.txt": "fastapi\nopenai\ntiktoken\nllm-guard\n"})


def test_imported_checks_that_never_run_are_no_checks(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    # llm_guard and tiktoken imported, re.escape on the answer: no injection check, no estimate, no output escaping
    run = checklist(_plain(repo_of, after='    pattern = re.escape(answer)\n'))
    assert run.status("CHK06") == "FAIL", _why(run, "CHK06")
    assert run.status("CHK11") == "WARN", _why(run, "CHK11")
    assert run.status("CHK14") == "FAIL", _why(run, "CHK14")
    run = checklist(_plain(
        repo_of,
        before="    question, valid, _ = PromptInjection().scan(question)\n    if not valid:\n        return {\"error\": \"rejected\"}\n"
               "    if len(encoding.encode(question)) > 2000:\n        return {\"error\": \"too long\"}\n",
        after="    answer = html.escape(answer)\n    used = reply.usage.total_tokens\n",
    ))
    assert run.status("CHK06") == "PASS", _why(run, "CHK06")
    assert run.status("CHK11") == "PASS", _why(run, "CHK11")
    assert run.status("CHK14") == "PASS", _why(run, "CHK14")


DASHBOARD = (  # Grafana's default annotation is named "Annotations & Alerts"
    '{"title": "LLM tokens",\n "annotations": {"list": [{"builtIn": 1, "name": "Annotations & Alerts"}]},\n'
    ' "panels": [{"title": "tokens per minute", "type": "graph"}]}\n'
)
ALERT_RULES = "groups:\n  - name: llm\n    rules:\n      - alert: TokenSpendSpike\n        expr: rate(llm_tokens_total[5m]) > 5000\n"


def test_a_dashboard_is_no_alert(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "ask.py": SIMPLE_CALL, "ops/dashboard.json": DASHBOARD, "requirements.txt": "openai\n"}))
    assert run.status("CHK16") == "MANUAL", _why(run, "CHK16")
    run = checklist(repo_of({**_base(), "ask.py": SIMPLE_CALL, "ops/alerts.yml": ALERT_RULES, "requirements.txt": "openai\n"}))
    assert run.status("CHK16") == "PASS", _why(run, "CHK16")


# -- a dependency listed but never used -----------------------------------------------------------

FLASK_ROUTE = '''\
from flask import Flask, request
from openai import OpenAI
{imports}
app = Flask(__name__)
client = OpenAI(timeout=20)


@app.post("/ask")
def ask() -> dict:
    question = request.json["question"]
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{{"role": "user", "content": question}}])
    answer = reply.choices[0].message.content or ""
{check}    return {{"answer": answer}}
'''


def test_a_moderation_library_only_listed_does_not_soften_unfiltered_output(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    reqs = "flask\nopenai\ndetoxify\n"
    run = checklist(repo_of({**_base(), "app.py": FLASK_ROUTE.format(imports="", check=""), "requirements.txt": reqs}))
    assert run.status("CHK12") == "FAIL", _why(run, "CHK12")
    used = FLASK_ROUTE.format(imports="from detoxify import Detoxify\n", check='    if Detoxify("original").predict(answer)["toxicity"] > 0.5:\n        return {"answer": "[blocked]"}\n')
    run = checklist(repo_of({**_base(), "app.py": used, "requirements.txt": reqs}))
    assert run.status("CHK12") == "PASS", _why(run, "CHK12")


# -- personal data in a test fixture is not data the application sends --------------------------------

PEOPLE = (
    "name,email,phone,street\n"
    "Jane Miller,jane.miller@example-mail.com,+1 415 555 0132,1234 Oak Street\n"
    "Tom Becker,tom.becker@example-mail.com,+1 415 555 0187,88 Pine Avenue\n"
)


def test_personal_data_in_a_test_fixture_decides_nothing(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "ask.py": SIMPLE_CALL, "requirements.txt": "openai\n"}
    run = checklist(repo_of({**files, "tests/fixtures/people.csv": PEOPLE}))
    assert run.status("CHK09") == "WARN", _why(run, "CHK09")
    run = checklist(repo_of({**files, "data/people.csv": PEOPLE}))
    assert run.status("CHK09") == "FAIL", _why(run, "CHK09")


# -- a scanner named in a comment of a hook or a workflow ----------------------------------------------

HUSKY = "#!/usr/bin/env sh\n# gitleaks protect --staged  (turned off: too slow on CI images)\nnpm test\n"
WORKFLOW = "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      # - uses: gitleaks/gitleaks-action@v2\n      - run: npm test\n"


def test_a_scanner_in_a_comment_scans_nothing(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {".gitignore": GITIGNORE, "ask.py": SIMPLE_CALL, "requirements.txt": "openai\n"}
    run = checklist(repo_of({**files, ".husky/pre-commit": HUSKY, ".github/workflows/ci.yml": WORKFLOW}))
    assert run.status("CHK03") == "FAIL", _why(run, "CHK03")
    live = {".husky/pre-commit": HUSKY.replace("# gitleaks", "gitleaks"), ".github/workflows/ci.yml": WORKFLOW}
    run = checklist(repo_of({**files, **live}))
    assert run.status("CHK03") == "PASS", _why(run, "CHK03")
    run = checklist(repo_of({**files, ".github/workflows/ci.yml": WORKFLOW.replace("# - uses", "- uses")}))
    assert run.status("CHK03") == "WARN", _why(run, "CHK03")


# -- a parameter's type name is not user input -------------------------------------------------------

LIBRARY = '''\
from dataclasses import dataclass

from openai import OpenAI

client = OpenAI(timeout=20)


@dataclass
class LlmRequest:
    text: str


def send_request(request: LlmRequest) -> str:
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{"role": "user", "content": request.text}])
    return reply.choices[0].message.content or ""
'''

SERVICE = '''\
from fastapi import FastAPI
from openai import OpenAI
from pydantic import BaseModel

app = FastAPI()
client = OpenAI(timeout=20)


class ChatRequest(BaseModel):
    text: str


@app.post("/chat")
async def chat(body: ChatRequest) -> dict:
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{"role": "user", "content": body.text}])
    return {"answer": reply.choices[0].message.content}
'''


def test_a_request_type_in_a_library_function_is_not_user_input(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "llm/client.py": LIBRARY, "requirements.txt": "openai\n"}))
    assert run.status("CHK06") == "MANUAL", _why(run, "CHK06")
    assert "other files" in run.item("CHK06")["reason"]
    run = checklist(repo_of({**_base(), "app.py": SERVICE, "requirements.txt": "fastapi\nopenai\n"}))
    assert run.status("CHK06") == "FAIL", _why(run, "CHK06")


ROUTE_MODULE_CALLS = ROUTE.replace(
    "from guards import audit_log, check_daily_budget, count_tokens, is_harmful, redact_pii, sanitize_input, validate_output\n",
    "import guards\n",
).replace("sanitize_input(body", "guards.sanitize_input(body").replace("redact_pii(question)", "guards.redact_pii(question)")


def test_an_empty_check_called_through_its_module_is_no_check(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "app.py": ROUTE_MODULE_CALLS, "requirements.txt": "fastapi\nopenai\n"}
    run = checklist(repo_of({**files, "guards.py": GUARDS_DECOY}))
    assert run.status("CHK06") == "FAIL", _why(run, "CHK06")
    assert run.status("CHK09") == "WARN", _why(run, "CHK09")
    run = checklist(repo_of({**files, "guards.py": GUARDS_REAL}))
    assert run.status("CHK06") == "PASS", _why(run, "CHK06")
    assert run.status("CHK09") == "PASS", _why(run, "CHK09")


# -- a daily limit of something else in a configuration file -------------------------------------------

MAILER = "mailer:\n  provider: smtp\n  daily_limit: 500\n  daily_quota_reset: '00:00'\n"
PROXY = "model_list:\n  - model_name: gpt-4o-mini\n    litellm_params:\n      model: openai/gpt-4o-mini\nlitellm_settings:\n  max_budget: 20\n  budget_duration: 1d\n"


def test_a_daily_limit_of_something_else_is_no_spending_cap(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "ask.py": SIMPLE_CALL, "requirements.txt": "openai\n"}
    run = checklist(repo_of({**files, "config/mailer.yaml": MAILER}))
    assert run.status("CHK13") == "MANUAL", _why(run, "CHK13")
    run = checklist(repo_of({**files, "proxy/config.yaml": PROXY}))
    assert run.status("CHK13") == "PASS", _why(run, "CHK13")
