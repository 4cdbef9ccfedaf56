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
