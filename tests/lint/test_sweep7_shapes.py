"""Lint shapes found by hand review of public AI applications never linted before (round 12).

Real files in a temporary project, linted through the real CLI; each case pairs the shape with
the nearby code that must keep (or keep out of) the finding.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult
from tests.lint.cli_findings import rule_locations as _lint
from tests.treefiles import write_tree

# -- AIS201 (JS): the request's text in `system:`, however deep the object that carries it -------
# `complete({ options: { prompt, systemPrompt: <request> } })` and a callee that reads
# `options.systemPrompt` into `system:`.

COMPLETE = """\
import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";

export async function complete({ options, markdown }) {
  const result = await generateText({
    model: openai("gpt-4o"),
    prompt: options.prompt + "\\n\\n" + markdown,
    system: options.systemPrompt,
    maxTokens: 100,
  });
  return result.text;
}
"""

HEADER = """\
import express from "express";
import { complete } from "./complete";

const app = express();
"""

CLIENT_SYSTEM = """\
app.post("/custom", async (req, res) => {
  const out = await complete({
    options: { prompt: "Summarise the page.", systemPrompt: req.body.systemPrompt },
    markdown: req.body.page,
  });
  res.json({ out });
});
"""


def test_the_clients_own_system_prompt_in_a_nested_options_object_is_found(
    tmp_path: Path, aisec: Callable[..., CliResult]
) -> None:
    # Telling the fields of a nested options object apart, two keys down (and so the field
    # assigned after the object was built, `request.options.systemPrompt = …`), was tried this
    # round and taken back: it made the flow fixpoint four times slower on a large Python library.
    root = write_tree(tmp_path, {"src/complete.js": COMPLETE, "src/routes.js": HEADER + CLIENT_SYSTEM})
    assert _lint(aisec, root, "AIS201") == [("complete.js", 8)]


# -- AIS303: a database client's short name inside a longer word ------------------------------
# `con` (DuckDB) and `tx` (a Neo4j transaction) name a database client as a whole word of the
# receiver; inside `ctx`, `contacts` or `icon_set` they name no database, and `.run()` / `.query()`
# there is no SQL sink.

SQL_NAMES = """\
from openai import OpenAI

client = OpenAI(timeout=10)


def answer(question: str) -> str:
    reply = client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": question}], max_tokens=200
    )
    return reply.choices[0].message.content


def handle(ctx, contacts, icon_set, question: str) -> None:
    text = answer(question)
    ctx.run(text)
    contacts.query(text)
    icon_set.run(text)


def store(con, tx, duck_con, graph_tx, question: str) -> None:
    text = answer(question)
    con.sql(text)
    tx.run(text)
    duck_con.query(text)
    graph_tx.run(text)
"""


def test_a_database_clients_short_name_counts_as_a_whole_word(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = write_tree(tmp_path, {"app/agent.py": SQL_NAMES})
    assert _lint(aisec, root, "AIS303") == [("agent.py", 22), ("agent.py", 23), ("agent.py", 24), ("agent.py", 25)]


# -- keys two levels down: a dict returned in a tuple keeps its keys --------------------------
# `return content, [{"args": call["args"]}]` then `meta.get("args", {}).get("query")` at the
# caller: the tool arguments the model chose still reach the log through the tuple's item.

TOOL_META = """\
import logging

from langchain_openai import ChatOpenAI

logger = logging.getLogger(__name__)
llm = ChatOpenAI(model="gpt-4o", max_tokens=300, timeout=30)


def complete_with_tools(messages):
    response = llm.invoke(messages)
    meta = []
    for call in response.tool_calls:
        meta.append({"tool": call["name"], "args": call["args"]})
    return response.content, meta


def chat(messages):
    content, meta = complete_with_tools(messages)
    for item in meta:
        query = item.get("args", {}).get("query", "")
        logger.info(f"searched the web for {query}")
    return content
"""


def test_a_dict_in_a_returned_tuple_keeps_its_keys(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = write_tree(tmp_path, {"app/chat.py": TOOL_META})
    assert _lint(aisec, root, "AIS601") == [("chat.py", 21)]


# -- AIS305: the answer of a web service is not the request body it was sent --------------------
# A job posted to an image service with the model's prompt in its JSON answers with the service's
# own status URL: polling that URL is no model-chosen address. The model's own text as the URL,
# and a raw call to a model provider whose reply is used as one, stay found.

POLL = """\
import requests
from openai import OpenAI

client = OpenAI(timeout=10)


def ask(question: str) -> str:
    reply = client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": question}], max_tokens=50
    )
    return reply.choices[0].message.content


def draw(question: str) -> bytes:
    prompt = ask(question)
    job = requests.post("https://images.example.com/v1/jobs", json={"input": {"prompt": prompt}}, timeout=5).json()
    status_url = job["urls"]["get"]
    return requests.get(status_url, timeout=5).content


def open_link(question: str) -> bytes:
    return requests.get(ask(question), timeout=5).content


def open_raw(question: str) -> bytes:
    body = {"model": "gpt-4o", "max_tokens": 50, "messages": [{"role": "user", "content": question}]}
    data = requests.post("https://api.openai.com/v1/chat/completions", json=body, timeout=5).json()
    return requests.get(data["choices"][0]["message"]["content"], timeout=5).content
"""


def test_the_answer_of_a_web_service_is_not_the_request_it_was_sent(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = write_tree(tmp_path, {"app/images.py": POLL})
    assert _lint(aisec, root, "AIS305") == [("images.py", 22), ("images.py", 28)]


# -- AIS601: an engine named for a web search is no model -------------------------------------
# Without types, `*_engine.run()` is taken for a LlamaIndex query or chat engine; a search engine,
# a database engine or a template engine so named returns no model text.

ENGINES = """\
import logging

logger = logging.getLogger(__name__)


async def look_up(search_engine, db_engine, query_engine, question: str):
    found = await search_engine.run(question, 5, True)
    logger.info(found)
    rows = db_engine.query(question)
    logger.info(rows)
    answer = query_engine.query(question)
    logger.info(answer)
    return found, rows, answer
"""


def test_an_engine_named_for_a_search_or_a_database_is_no_model(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = write_tree(tmp_path, {"app/lookup.py": ENGINES, "requirements.txt": "llama-index\n"})
    assert _lint(aisec, root, "AIS601") == [("lookup.py", 12)]
