"""Lint shapes found by hand review of public AI applications never linted before (round 10).

Real files in a temporary project, linted through the real CLI; each case pairs the shape with
the nearby code that must keep (or keep out of) the finding.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult
from tests.lint.cli_findings import rule_locations as _lint
from tests.treefiles import write_tree

# -- AIS302: the model client wrapped in a package that re-exports it ------------------------
# app/models/__init__.py re-exports Gateway from gateway.py, which picks a provider module from
# a table; the agent imports the package, never the module that calls the SDK.

PROVIDER = """\
from openai import OpenAI


class HostedModel:
    def __init__(self):
        self.client = OpenAI(timeout=60)

    def generate(self, name: str, prompt: str) -> str:
        reply = self.client.chat.completions.create(
            model=name, max_tokens=600, messages=[{"role": "user", "content": prompt}]
        )
        return reply.choices[0].message.content
"""

OFFLINE = """\
class CannedModel:
    def generate(self, name: str, prompt: str) -> str:
        return "echo offline"
"""

GATEWAY = """\
from .hosted import HostedModel
from .offline import CannedModel


class Gateway:
    def __init__(self, name: str):
        self.name = name

    def complete(self, prompt: str, kind: str) -> str:
        table = {"hosted": HostedModel(), "offline": CannedModel()}
        engine = table[kind]
        return engine.generate(self.name, prompt).strip()
"""

CANNED_GATEWAY = """\
from .offline import CannedModel


class Gateway:
    def complete(self, prompt: str, kind: str) -> str:
        return CannedModel().generate(kind, prompt).strip()
"""

AGENT = """\
import subprocess

from app.models import Gateway


class Executor:
    def __init__(self, model_name: str):
        self.llm = Gateway(model_name)

    def run(self, task: str, workdir: str) -> None:
        answer = self.llm.complete(f"Shell commands for: {task}", "hosted")
        for line in answer.splitlines():
            subprocess.run(line.split(" "), cwd=workdir)
"""


def test_model_wrapper_reexported_by_its_package_reaches_the_agent(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = write_tree(tmp_path / "live", {
        "app/__init__.py": "",
        "app/models/__init__.py": "from .gateway import Gateway\n",
        "app/models/gateway.py": GATEWAY,
        "app/models/hosted.py": PROVIDER,
        "app/models/offline.py": OFFLINE,
        "app/agents/executor.py": AGENT,
    })
    # the model's text picks the program that runs (line 13 of the agent)
    assert _lint(aisec, root, "AIS302") == [("executor.py", 13)]


def test_package_reexporting_a_wrapper_without_a_model_keeps_the_agent_clean(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = write_tree(tmp_path / "canned", {
        "app/__init__.py": "",
        "app/models/__init__.py": "from .gateway import Gateway\n",
        "app/models/gateway.py": CANNED_GATEWAY,
        "app/models/hosted.py": PROVIDER,
        "app/models/offline.py": OFFLINE,
        "app/agents/executor.py": AGENT.replace("Gateway(model_name)", "Gateway()"),
    })
    assert _lint(aisec, root, "AIS302") == []


# -- AIS601: a logger fetched in the call itself names the sink ----------------------------------

CHAINED_LOGGER = """\
from openai import AsyncOpenAI

from .log import get_logger

client = AsyncOpenAI(timeout=60)


async def review(system: str, user: str) -> str:
    reply = await client.chat.completions.create(
        model="gpt-4o", max_tokens=900, messages=[{"role": "system", "content": system}, {"role": "user", "content": user}]
    )
    text = reply.choices[0].message.content
    get_logger().debug(f"AI response:\\n{text}")
    return text
"""


def test_a_logger_fetched_in_the_call_names_the_sink(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    root = write_tree(tmp_path, {"bot/handler.py": CHAINED_LOGGER, "bot/log.py": "import logging\n\n\ndef get_logger():\n    return logging.getLogger('bot')\n"})
    result = aisec("lint", str(root), "--format", "json", cwd=root)
    found = [f for f in json.loads(result.stdout)["findings"] if f["rule_id"] == "AIS601"]
    assert [f["location"]["line"] for f in found] == [13]
    assert "is written to the log: `get_logger().debug()` (line 13)" in found[0]["message"]
