"""Lint shapes found by hand review of public AI applications never linted before (round 11).

Real files in a temporary project, linted through the real CLI; each case pairs the shape with
the nearby code that must keep (or keep out of) the finding.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult
from tests.lint.cli_findings import rule_locations as _lint
from tests.treefiles import write_tree

# -- AIS401: an uncapped chat model built inside a test suite ----------------------------------
# A test (often replayed from recorded cassettes) runs on its author's key and serves no caller
# who could spend it, like its clients' timeouts; the same constructor in the package is kept.

AGENT = """\
from langchain_openai import ChatOpenAI


class Worker:
    def __init__(self, role: str):
        self.role = role
        self.llm = ChatOpenAI(model="gpt-4o", temperature=0)

    def act(self, task: str) -> str:
        return self.llm.invoke(f"{self.role}: {task}").content
"""

SUITE = """\
from langchain_openai import ChatOpenAI

from pkg.agent import Worker


def test_worker_answers():
    worker = Worker("writer")
    worker.llm = ChatOpenAI(model="gpt-4o-mini")
    assert worker.act("say hi")
"""


def test_uncapped_model_in_a_test_suite_is_not_reported(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = write_tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/agent.py": AGENT,
        "tests/agent_test.py": SUITE,
        "tests/test_worker.py": SUITE,
        "spec/worker.spec.ts": 'import { ChatOpenAI } from "@langchain/openai";\n'
        'it("answers", async () => { const m = new ChatOpenAI({ model: "gpt-4o" }); await m.invoke("hi"); });\n',
    })
    assert _lint(aisec, root, "AIS401") == [("agent.py", 7)]


# -- AIS405: a client-chosen model looked up in a constant table inside the same call ----------
# `LIMITS[model].maxOutput` throws for a model the table does not list before any request is
# sent: the table is the allow-list. An optional lookup (`?.`) lets any model through.

ROUTE = """\
import OpenAI from "openai";

const LIMITS: Record<string, { maxOutput: number }> = {
  "gpt-4o-mini": { maxOutput: 2048 },
  "gpt-4o": { maxOutput: 4096 },
};

export async function POST(request: Request) {
  const { settings, prompt } = await request.json();
  const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, timeout: 30000 });
  const reply = await client.chat.completions.create({
    model: settings.model,
    messages: [{ role: "user", content: prompt }],
    max_tokens: LIMITS[settings.model].maxOutput,
  });
  return Response.json({ text: reply.choices[0].message.content });
}
"""


def test_model_looked_up_in_a_constant_table_in_the_call_is_allow_listed(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = write_tree(tmp_path, {
        "app/api/listed/route.ts": ROUTE,
        "app/api/optional/route.ts": ROUTE.replace("LIMITS[settings.model].maxOutput", "LIMITS[settings.model]?.maxOutput ?? 1024"),
        "app/api/other/route.ts": ROUTE.replace("LIMITS[settings.model].maxOutput", "LIMITS[settings.tier].maxOutput"),
    })
    model_line = ROUTE.splitlines().index("    model: settings.model,") + 1
    assert _lint(aisec, root, "AIS405") == [("route.ts", model_line), ("route.ts", model_line)]


# -- AIS303: a model-filled tool argument handed to a project's own timeout runner -------------
# run_with_timeout(fn, args=(x,), kwargs={...}) calls fn(*args, **kwargs) on a thread; the tool
# hands it the database's raw-SQL method and the model's query; the database is a field typed on
# the tool's pydantic base class.

RUNNER = """\
import threading


def run_with_timeout(func, args=(), kwargs=None, timeout_duration=60):
    kwargs = kwargs or {}
    box = []

    def wrapper():
        box.append(func(*args, **kwargs))

    worker = threading.Thread(target=wrapper)
    worker.start()
    worker.join(timeout=timeout_duration)
    return box[0]
"""

DATABASE = """\
from sqlalchemy import create_engine, text


class Database:
    def __init__(self, url: str):
        self.engine = create_engine(url)

    def run_sql(self, command: str, top_k: int = 10) -> list:
        with self.engine.connect() as conn:
            return conn.execute(text(command)).fetchmany(top_k)

    def count_rows(self, table: str, top_k: int = 10) -> int:
        with self.engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM logs WHERE source = :s"), {"s": table}).scalar()
"""

QUERY_TOOL = """\
from langchain_core.tools import BaseTool
from pydantic import BaseModel, Field

from app.db import Database
from app.timeouts import run_with_timeout


class WarehouseTool(BaseModel):
    db: Database = Field(exclude=True)


class QueryTool(WarehouseTool, BaseTool):
    name: str = "sql_db_query"
    description: str = "Run a SQL query against the warehouse"

    def _run(self, query: str) -> str:
        rows = run_with_timeout(self.db.METHOD, args=(query,), kwargs={"top_k": 5}, timeout_duration=30)
        return str(rows)
"""


def test_tool_argument_through_a_project_timeout_runner_reaches_sql(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    def tree(name: str, method: str) -> Path:
        return write_tree(tmp_path / name, {
            "app/__init__.py": "",
            "app/timeouts.py": RUNNER,
            "app/db.py": DATABASE,
            "app/tools.py": QUERY_TOOL.replace("METHOD", method),
        })

    sink_line = DATABASE.splitlines().index("            return conn.execute(text(command)).fetchmany(top_k)") + 1
    assert _lint(aisec, tree("raw", "run_sql"), "AIS303") == [("db.py", sink_line)]
    assert _lint(aisec, tree("bound", "count_rows"), "AIS303") == []
