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


# -- AIS302: the reply collected by a printer object that a property hands out -----------------
# handle() returns self.printer(chunks): `printer` is a @property returning a printer instance,
# and calling that instance collects the streamed chunks; the CLI runs the result through a
# helper that calls os.system. Calling the property's own function with the chunks (it takes
# none) lost them.

PRINTER = """\
class TextPrinter:
    def __call__(self, chunks, live: bool = True) -> str:
        out = ""
        for chunk in chunks:
            out += chunk
            print(chunk, end="")
        return out
"""

HANDLER = """\
from openai import OpenAI

from app.printer import TextPrinter

client = OpenAI(timeout=30)


class Handler:
    def __init__(self, role: str):
        self.role = role

    @property
    def printer(self) -> TextPrinter:
        return TextPrinter()

    def stream(self, prompt: str):
        response = client.chat.completions.create(
            model="gpt-4o-mini", max_tokens=300, stream=True,
            messages=[{"role": "system", "content": self.role}, {"role": "user", "content": prompt}],
        )
        for chunk in response:
            yield chunk.choices[0].delta.content or ""

    def handle(self, prompt: str) -> str:
        chunks = self.stream(prompt)
        return self.printer(chunks, True)

    @property
    def banner(self) -> str:
        return "shell helper"
"""

CLI = """\
import os
import sys

from app.handler import Handler


def run_command(command: str) -> None:
    os.system(command)


def main() -> None:
    handler = Handler("Reply with one shell command only.")
    SOURCE
"""


def test_reply_collected_by_a_property_printer_reaches_the_shell(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    def tree(name: str, body: str) -> Path:
        return write_tree(tmp_path / name, {
            "app/__init__.py": "",
            "app/printer.py": PRINTER,
            "app/handler.py": HANDLER,
            "app/cli.py": CLI.replace("SOURCE", body),
        })

    sink_line = CLI.splitlines().index("    os.system(command)") + 1
    assert _lint(aisec, tree("reply", "run_command(handler.handle(sys.argv[1]))"), "AIS302") == [("cli.py", sink_line)]
    assert _lint(aisec, tree("banner", "run_command(handler.banner)"), "AIS302") == []


# -- AIS302: model-written commands written to the stdin of a long-lived shell -----------------
# A tool keeps one `bash` process (Popen(["bash"], stdin=PIPE), handed out by a getter typed
# `-> ShellSession`) and writes each command the model asks for to its stdin; a shell reading its
# stdin runs what it reads. The same write to
# a process that only reads data (`sort`, or bash running a fixed -c script) is no shell command.

SESSION = """\
import subprocess

from app.base import ToolSpec


class ShellSession:
    def __init__(self):
        self.process = subprocess.Popen(ARGV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run(self, command: str) -> str:
        assert self.process.stdin
        self.process.stdin.write(f"{command}\\n")
        self.process.stdin.flush()
        return self.process.stdout.readline()


_shell: ShellSession | None = None


def get_shell() -> ShellSession:
    global _shell
    if _shell is None:
        _shell = ShellSession()
    return _shell


def execute_shell(code: str) -> str:
    first = get_shell().run(code)
    shell = get_shell()
    return first + shell.run(code)


tool = ToolSpec(name="shell", execute=execute_shell)
"""

TOOL_BASE = """\
class ToolSpec:
    def __init__(self, name: str, execute):
        self.name = name
        self.execute = execute
"""

ONE_SHOT = """\
import subprocess
from openai import OpenAI

client = OpenAI(timeout=30)


def fix(task: str) -> str:
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{"role": "user", "content": task}])
    script = reply.choices[0].message.content
    return subprocess.run(ARGV, input=script, capture_output=True, text=True).stdout
"""


def test_model_commands_written_to_a_shells_stdin(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    def tree(name: str, argv: str) -> Path:
        return write_tree(tmp_path / name, {
            "app/__init__.py": "",
            "app/session.py": SESSION.replace("ARGV", argv),
            "app/base.py": TOOL_BASE,
            "app/oneshot.py": ONE_SHOT.replace("ARGV", argv),
        })

    write_line = next(n for n, line in enumerate(SESSION.splitlines(), 1) if "stdin.write" in line)
    run_line = ONE_SHOT.splitlines().index("    return subprocess.run(ARGV, input=script, capture_output=True, text=True).stdout") + 1
    assert _lint(aisec, tree("bash", '["bash"]'), "AIS302") == [("oneshot.py", run_line), ("session.py", write_line)]
    assert _lint(aisec, tree("bash_s", '["/bin/bash", "-s"]'), "AIS302") == [("oneshot.py", run_line), ("session.py", write_line)]
    local = tree("local", '["bash"]')
    session = local / "app" / "session.py"
    session.write_text(session.read_text().replace("    first = get_shell().run(code)\n", "    first = ''\n"))
    assert _lint(aisec, local, "AIS302") == [("oneshot.py", run_line), ("session.py", write_line)]
    assert _lint(aisec, tree("sort", '["sort"]'), "AIS302") == []
    assert _lint(aisec, tree("fixed", '["bash", "-c", "tr a-z A-Z"]'), "AIS302") == []


# -- AIS303: a `.run(text)` / `.query(text)` on an object of the file's own class --------------
# The receiver's name (`session`, `conversation`, `context`) reads like a database client to the
# name heuristic, but the method is the project's own, defined in the same file: its summary
# says what it does with the text (here: nothing SQL). An unknown `db.run(text)` is kept.

OWN_RUNNER = """\
from openai import OpenAI

client = OpenAI(timeout=30)


class Conversation:
    def __init__(self):
        self.turns: list[str] = []

    def run(self, text: str) -> int:
        self.turns.append(text)
        return len(self.turns)

    def query(self, text: str) -> list[str]:
        return [t for t in self.turns if text in t]


class Agent:
    def __init__(self, db):
        self.conversation = Conversation()
        self.db = db

    def step(self, task: str) -> None:
        reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{"role": "user", "content": task}])
        text = reply.choices[0].message.content or ""
        self.conversation.run(text)
        self.conversation.query(text)
        session = Conversation()
        session.run(text)
        self.db.run(text)
"""


def test_own_class_run_is_no_sql_sink(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = write_tree(tmp_path, {"agent.py": OWN_RUNNER})
    db_line = OWN_RUNNER.splitlines().index("        self.db.run(text)") + 1
    assert _lint(aisec, root, "AIS303") == [("agent.py", db_line)]
