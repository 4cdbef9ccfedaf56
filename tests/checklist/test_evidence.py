"""Verdicts backed by evidence that performs the control, and applicability.

Each fixture is a small repository the way a new user would write one (a Streamlit demo, a
Next.js route, a FastAPI service, a folder of notebooks). A name, an import, a constant, an empty
list or a UI comparison must support nothing; a moderation result that gates the answer, a bound
on what reaches the model, a cap checked before the call and logging beside the call do.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema

from tests.checklist.conftest import Run
from tests.checklist.repos import GITIGNORE, PRECOMMIT, Repo, good_project
from tests.keyfactory import KeyFactory

ROOT = Path(__file__).resolve().parents[2]
CHECKLIST_SCHEMA = ROOT / "aisec_cli" / "checklist" / "report.schema.json"


def _cited(run: Run, item: str) -> list[str]:
    return [f"{e['path']}:{e['line']}" for e in run.item(item)["evidence"] if e["path"]]


def _details(run: Run, item: str) -> str:
    return "\n".join(e["detail"] for e in run.item(item)["evidence"])


def _base() -> dict[str, str]:
    return {".gitignore": GITIGNORE, ".pre-commit-config.yaml": PRECOMMIT}


# -- a Streamlit demo where each visitor pastes their own key -----------------------------------

BYOK_APP = '''\
import streamlit as st
from openai import OpenAI

st.title("Recipe helper")
with st.sidebar:
    openai_api_key = st.text_input("OpenAI API Key", type="password")

question = st.chat_input("What is in your fridge?")
if question and openai_api_key:
    client = OpenAI(api_key=openai_api_key)
    reply = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
        max_tokens=400,
    )
    st.write(reply.choices[0].message.content)
'''


def test_byok_app_skips_cost_items_and_says_why(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "app.py": BYOK_APP, "requirements.txt": "streamlit\nopenai\n"}))
    applicability = run.data["extra"]["applicability"]
    assert applicability["byok"] is True and "app.py:6" in applicability["byok_reason"]
    for item in ("CHK13", "CHK14"):
        assert run.status(item) == "SKIP", run.item(item)
        assert "bring-your-own-key" in run.item(item)["reason"]
    # the input limits are still judged, for what they protect
    assert "protect the server" in run.item("CHK07")["reason"]
    assert "protect the server" in run.item("CHK08")["reason"]
    # the key box is not "user input reaching a prompt"; the chat input is
    assert "app.py:6" not in _cited(run, "CHK06")
    assert "app.py:8" in _cited(run, "CHK06")
    # no evidence line anywhere cites the import of streamlit
    for item in run.items.values():
        assert not any(e["detail"].endswith("import streamlit as st") for e in item["evidence"]), item["id"]


def test_server_key_app_is_not_byok_and_policy_overrides(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    server = BYOK_APP.replace('    openai_api_key = st.text_input("OpenAI API Key", type="password")\n', '    st.caption("Ask away")\n')
    server = server.replace("client = OpenAI(api_key=openai_api_key)", "client = OpenAI()").replace(" and openai_api_key", "")
    run = checklist(repo_of({**_base(), "app.py": server}))
    assert run.data["extra"]["applicability"]["byok"] is False
    assert run.status("CHK14") != "SKIP" and run.status("CHK13") != "SKIP"
    forced = checklist(repo_of({**_base(), "app.py": BYOK_APP, ".aisec/policy.yaml": "version: 1\nbyok: false\n"}))
    assert forced.data["extra"]["applicability"]["byok"] is False
    assert forced.status("CHK14") != "SKIP"


# -- a notebook collection -----------------------------------------------------------------------


def _notebook(*cells: str) -> str:
    return json.dumps(
        {
            "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": c.splitlines(keepends=True)} for c in cells],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        indent=1,
    )


NB_CALL = "from google import genai\nclient = genai.Client()\nresponse = client.models.generate_content(model='gemini-2.5-flash', contents='{topic}')\nprint(response.text)\n"


def _cookbook() -> dict[str, str]:
    files = _base()
    for n, topic in enumerate(("Summarize a poem", "Translate a menu", "Describe a photo", "Plan a trip")):
        files[f"examples/recipe_{n}.ipynb"] = _notebook(NB_CALL.replace("{topic}", topic))
    files["README.md"] = "# Gemini recipes\n\nEach notebook shows one use of the API.\n"
    return files


SERVICE_ITEMS = ("CHK04", "CHK05", "CHK08", "CHK13", "CHK14", "CHK15", "CHK16")


def test_notebook_collection_is_judged_as_examples(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of(_cookbook()))
    applicability = run.data["extra"]["applicability"]
    assert applicability["scope"] == "example" and "4 of 4 files" in applicability["scope_reason"]
    for item in SERVICE_ITEMS:
        assert run.status(item) == "MANUAL", (item, run.item(item)["reason"])
        assert run.item(item)["reason"].startswith("example collection"), run.item(item)["reason"]
    # what a notebook shows about its own calls is still judged
    assert run.status("CHK07") == "FAIL"


def test_policy_scope_service_overrides_the_detection(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = _cookbook()
    files[".aisec/policy.yaml"] = "version: 1\nscope: service\n"
    run = checklist(repo_of(files))
    assert run.data["extra"]["applicability"]["scope"] == "service"
    assert not any(run.item(i)["reason"].startswith("example collection") for i in SERVICE_ITEMS)


def test_an_application_with_one_example_folder_is_a_service(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = good_project()
    files["examples/try_it.ipynb"] = _notebook(NB_CALL.replace("{topic}", "Hello"))
    run = checklist(repo_of(files))
    assert run.data["extra"]["applicability"]["scope"] == "service"
    assert run.status("CHK08") == "PASS"


# -- content filtering -----------------------------------------------------------------------------

MODERATED = '''\
from fastapi import FastAPI
from openai import OpenAI

app = FastAPI()
client = OpenAI()
MODERATION_MODEL = "omni-moderation-latest"


@app.post("/answer")
def answer(question: str) -> dict:
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=300, messages=[{"role": "user", "content": question}])
    text = reply.choices[0].message.content or ""
    verdict = client.moderations.create(model=MODERATION_MODEL, input=text)
    if verdict.results[0].flagged:
        return {"answer": "Sorry, I cannot help with that."}
    return {"answer": text}
'''


def test_a_moderation_constant_alone_is_no_filter(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    named_only = MODERATED.replace(
        "    verdict = client.moderations.create(model=MODERATION_MODEL, input=text)\n    if verdict.results[0].flagged:\n        return {\"answer\": \"Sorry, I cannot help with that.\"}\n",
        "",
    )
    run = checklist(repo_of({**_base(), "api.py": named_only}))
    assert run.status("CHK12") == "FAIL", run.item("CHK12")
    assert "api.py:6" not in _cited(run, "CHK12")
    assert "api.py:9" in _cited(run, "CHK12")  # the route that returns model output


def test_a_moderation_result_that_gates_the_answer_passes(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "api.py": MODERATED}))
    assert run.status("CHK12") == "PASS", run.item("CHK12")
    supports = [e for e in run.item("CHK12")["evidence"] if e["outcome"] == "supports"]
    assert supports[0]["path"] == "api.py" and supports[0]["line"] == 13
    assert "result is tested" in supports[0]["why"]


def test_a_moderation_result_nobody_reads_is_a_warning(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    ignored = MODERATED.replace(
        "    if verdict.results[0].flagged:\n        return {\"answer\": \"Sorry, I cannot help with that.\"}\n", ""
    )
    run = checklist(repo_of({**_base(), "api.py": ignored}))
    assert run.status("CHK12") == "WARN", run.item("CHK12")
    assert "does not decide what is returned" in run.item("CHK12")["reason"]


GUARDED_ROUTE = """\
import { openai } from "@ai-sdk/openai";
import { generateText } from "ai";
import { createModerationGuardrail } from "@/lib/guardrails";

export const outputGuardrails = [createModerationGuardrail({ categories: ["hate", "violence"] })];

export async function POST(req: Request) {
  const { prompt } = await req.json();
  const result = await generateText({
    model: openai("gpt-4o-mini"),
    prompt,
    maxTokens: 500,
    experimental_output: { outputGuardrails: [createModerationGuardrail({ categories: ["hate"] })] },
  });
  return Response.json({ text: result.text });
}
"""

HEALTH_ROUTE = """\
export async function GET() {
  return Response.json({ ok: true });
}
"""


def test_a_typescript_output_guardrail_passes_and_the_health_route_is_not_cited(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**_base(), "app/api/chat/route.ts": GUARDED_ROUTE, "app/api/health/route.ts": HEALTH_ROUTE, "package.json": '{"dependencies": {"ai": "^4"}}\n'}
    run = checklist(repo_of(files))
    assert run.status("CHK12") == "PASS", run.item("CHK12")
    assert "app/api/chat/route.ts:13" in _cited(run, "CHK12")
    for item in run.items.values():
        assert not any(e["path"] == "app/api/health/route.ts" for e in item["evidence"]), item["id"]


# -- input size --------------------------------------------------------------------------------

UI_COMPONENT = """\
export function EventLog({ loggedEvents, prevEventLogs }) {
  if (loggedEvents.length > prevEventLogs.length) {
    scrollToBottom();
  }
  return null;
}
"""

OUTPUT_SCHEMA = '''\
from openai import OpenAI
from pydantic import BaseModel, Field

client = OpenAI()


class Summary(BaseModel):
    title: str = Field(max_length=80)


def summarize(text: str) -> Summary:
    reply = client.responses.parse(model="gpt-4o-mini", input=text, text_format=Summary, max_output_tokens=200)
    return reply.output_parsed
'''


def test_ui_comparisons_and_output_schemas_do_not_bound_the_input(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "components/EventLog.jsx": UI_COMPONENT, "summary.py": OUTPUT_SCHEMA}))
    assert run.status("CHK07") == "WARN", run.item("CHK07")
    assert "no input size limit" in run.item("CHK07")["reason"]
    assert not [c for c in _cited(run, "CHK07") if c.startswith(("components/EventLog.jsx", "summary.py:8"))]


def test_a_length_check_before_the_call_bounds_the_input(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    bounded = OUTPUT_SCHEMA.replace("def summarize(text: str) -> Summary:\n", "def summarize(text: str) -> Summary:\n    if len(text) > MAX_INPUT_CHARS:\n        raise ValueError('too long')\n")
    bounded = bounded.replace("client = OpenAI()\n", "client = OpenAI()\nMAX_INPUT_CHARS = 8000\n")
    run = checklist(repo_of({**_base(), "summary.py": bounded}))
    assert run.status("CHK07") == "PASS", run.item("CHK07")
    assert "summary.py:13" in _cited(run, "CHK07")


# -- spending caps ------------------------------------------------------------------------------


def test_an_empty_cost_list_is_no_spending_cap(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    report = "import anthropic\n\nclient = anthropic.Anthropic()\ndaily_costs = []\nmsg = client.messages.create(model='claude-sonnet-4-5', max_tokens=100, messages=[{'role': 'user', 'content': 'hi'}])\ndaily_costs.append(msg.usage.output_tokens)\n"
    run = checklist(repo_of({**_base(), "usage_report.py": report}))
    assert run.status("CHK13") == "MANUAL", run.item("CHK13")
    assert not _cited(run, "CHK13")


# -- rate limits -------------------------------------------------------------------------------

LIMITED_SERVICE = '''\
from fastapi import Depends, FastAPI, Request
from openai import OpenAI
from slowapi import Limiter

app = FastAPI()
client = OpenAI()


def user_id(request: Request) -> str:
    return request.headers["X-User"]


limiter = Limiter(key_func=user_id)


@app.post("/custom-auth")
def custom_auth(token: str) -> dict:
    return {"ok": token == "x"}


@app.post("/chat")
@limiter.limit("10/minute")
def chat(request: Request, message: str) -> dict:
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{"role": "user", "content": message[:MAX_CHARS]}])
    return {"answer": reply.choices[0].message.content}
'''


def test_rate_limit_evidence_is_about_routes_that_call_models(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "service.py": LIMITED_SERVICE}))
    assert run.status("CHK08") == "PASS", run.item("CHK08")
    cited = _cited(run, "CHK08")
    assert "service.py:21" in cited  # the limited route that calls the model
    assert "service.py:16" not in cited  # /custom-auth calls no model
    unlimited = LIMITED_SERVICE.replace('@limiter.limit("10/minute")\n', "")
    run = checklist(repo_of({**_base(), "service.py": unlimited}))
    assert run.status("CHK08") in ("FAIL", "WARN")
    assert "service.py:16" not in _cited(run, "CHK08")


# -- personal data ------------------------------------------------------------------------------

TUTORIAL = """\
# Extracting facts with the API

Input: "Ernest Hemingway was born on July 21, 1899 in Oak Park, Illinois."
Contact the author at jane.doe@example.com.
A strong passphrase looks like correct-horse-battery-staple.
"""


def test_sample_data_in_docs_is_not_personal_data(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = good_project()
    files["docs/tutorial/extract.md"] = TUTORIAL
    files["data/prompts/fewshot.md"] = "Write to jane.doe@example.com or call us.\n"
    run = checklist(repo_of(files))
    assert run.status("CHK09") == "PASS", run.item("CHK09")
    assert not [e for e in run.item("CHK09")["evidence"] if e["outcome"] == "contradicts"]


def test_real_looking_personal_data_in_a_data_file_still_fails(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = good_project()
    files["data/customers.csv"] = "name,email\nMaria Keller,maria.keller@gmail.com\n"
    run = checklist(repo_of(files))
    assert run.status("CHK09") == "FAIL"
    assert "data/customers.csv:2" in _cited(run, "CHK09")


# -- keys ----------------------------------------------------------------------------------------


def test_one_low_confidence_key_finding_warns_instead_of_failing(repo_of, checklist, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    files = good_project()
    files["settings.py"] = f'WEBHOOK_SIGNING_KEY = "{keys.chars(12)}9{keys.chars(14)}7{keys.chars(6)}"\n'
    run = checklist(repo_of(files))
    item = run.item("CHK01")
    assert item["status"] == "WARN", item
    assert "low-confidence" in item["reason"]
    strong = good_project()
    strong["settings.py"] = f'OPENAI_API_KEY = "{keys.openai_project()}"\n'
    assert checklist(repo_of(strong)).status("CHK01") == "FAIL"


# -- logging and output validation in JavaScript -------------------------------------------------

ROUTE_WITH_CATCH = """\
import OpenAI from "openai";

const openai = new OpenAI();

export async function POST(req: Request) {
  try {
    const { question } = await req.json();
    const completion = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, messages: [{ role: "user", content: question }] });
    const data = JSON.parse(completion.choices[0].message.content ?? "{}");
    return Response.json(data);
  } catch (err) {
    console.error("chat failed", err);
    return new Response("error", { status: 500 });
  }
}
"""


def test_error_logging_and_json_parse_support_nothing(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "app/api/ask/route.ts": ROUTE_WITH_CATCH}))
    assert run.status("CHK15") == "WARN", run.item("CHK15")
    assert "app/api/ask/route.ts:12" not in _cited(run, "CHK15")
    assert run.status("CHK11") == "WARN", run.item("CHK11")
    assert "JSON.parse" not in _details(run, "CHK11")


def test_logging_beside_the_call_passes(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    logged = ROUTE_WITH_CATCH.replace(
        "    const data = JSON.parse",
        '    console.info(JSON.stringify({ model: "gpt-4o-mini", tokens: completion.usage?.total_tokens }));\n    const data = JSON.parse',
    )
    run = checklist(repo_of({**_base(), "app/api/ask/route.ts": logged}))
    assert run.status("CHK15") == "PASS", run.item("CHK15")
    assert "app/api/ask/route.ts:9" in _cited(run, "CHK15")


# -- the report says why ----------------------------------------------------------------------------


def test_every_evidence_line_of_a_code_item_says_why(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of(good_project()))
    extra = run.data["extra"]
    jsonschema.Draft202012Validator(json.loads(CHECKLIST_SCHEMA.read_text())).validate(extra)
    for item_id in ("CHK06", "CHK07", "CHK08", "CHK09", "CHK11", "CHK12", "CHK14", "CHK15"):
        code = [e for e in run.item(item_id)["evidence"] if e["source"] in ("signals", "lint")]
        assert code, item_id
        assert all(e["why"] for e in code), (item_id, code)


Build = Callable[..., Repo]
