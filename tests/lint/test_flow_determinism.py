"""Flow findings do not depend on the hash seed or on the order functions and files are visited in.

The shape (from a real repository): one value reaches a sink in a third module along two
paths of equal length, one through a dict built around it and one passed whole; which path
text a finding shows must not depend on which was seen first.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aisec_cli.core.document import Document
from aisec_cli.lint import LintSettings, lint_document
from tests.treefiles import write_tree as _write

HANDLER = (
    "async def handle_chat(websocket, data: str):\n"
    "    json_str = data[5:].strip()\n"
    "    chat_data = json.loads(json_str)\n"
    '    message = chat_data.get("message", "")\n'
    '    messages = chat_data.get("messages", [])\n'
    "    if message and not messages:\n"
    '        messages = [{"role": "user", "content": message}]\n'
    "    agent = Agent()\n"
    "    return await agent.chat(messages)\n"
)
ENDPOINT = (
    '@app.websocket("/ws")\n'
    "async def websocket_endpoint(websocket: WebSocket):\n"
    "    while True:\n"
    "        data = await websocket.receive_text()\n"
    '        if data.startswith("chat"):\n'
    "            await handle_chat(websocket, data)\n"
)
SERVER_HEAD = "import json\nfrom fastapi import FastAPI, WebSocket\nfrom app.agent import Agent\n\napp = FastAPI()\n"
CHAT = "    async def chat(self, messages):\n        return await self.process(messages)\n"
PROCESS = "    async def process(self, messages):\n        return await complete_with_tools(messages=messages)\n"
TOOLS = (
    "from langchain_core.messages import SystemMessage, HumanMessage\n"
    "from langchain_openai import ChatOpenAI\n\n\n"
    'async def complete_with_tools(messages, model="m"):\n'
    "    llm = ChatOpenAI(model=model, timeout=30, max_retries=2)\n"
    "    lc_messages = []\n"
    "    for msg in messages:\n"
    '        if msg["role"] == "system":\n'
    '            lc_messages.append(SystemMessage(content=msg["content"]))\n'
    "        else:\n"
    '            lc_messages.append(HumanMessage(content=msg["content"]))\n'
    "    return await llm.ainvoke(lc_messages)\n"
)


def _program(handler_first: bool, chat_first: bool) -> dict[str, str]:
    server = SERVER_HEAD + "\n\n" + ("\n\n".join((HANDLER, ENDPOINT)) if handler_first else "\n\n".join((ENDPOINT, HANDLER)))
    methods = (CHAT, PROCESS) if chat_first else (PROCESS, CHAT)
    agent = "from app.tools import complete_with_tools\n\n\nclass Agent:\n" + "\n".join(methods)
    return {"app/__init__.py": "", "app/server.py": server, "app/agent.py": agent, "app/tools.py": TOOLS}




def _flow_findings(root: Path, order: list[str]) -> list[tuple[str, str, str, str]]:
    """Every flow finding of the project, its line numbers blanked (the variants move functions)."""
    out = []
    settings = LintSettings(project_root=str(root))
    for name in order:
        findings, _ = lint_document(Document(name, (root / name).read_text(encoding="utf-8")), settings)
        for f in findings:
            if f.properties.get("flow") and f.rule_id != "AIS401":
                flow = " | ".join(str(s) for s in f.properties["flow"])
                out.append((f.rule_id, f.location.path, re.sub(r"\d+", "N", f.message), re.sub(r"\d+", "N", flow)))
    return sorted(out)


def test_the_path_shown_does_not_depend_on_the_order_of_functions_or_files(tmp_path: Path) -> None:
    names = ["app/server.py", "app/agent.py", "app/tools.py"]
    results = []
    for index, (handler_first, chat_first, order) in enumerate(
        [(True, True, names), (False, True, names), (True, False, names[::-1]), (False, False, names[::-1])]
    ):
        root = _write(tmp_path / f"v{index}", _program(handler_first, chat_first))
        results.append(_flow_findings(root, order))
    assert results[0], "the program must give a flow finding"
    assert any(r[0] == "AIS201" and "websocket_endpoint" in r[2] for r in results[0])
    for other in results[1:]:
        assert other == results[0]


def _json_findings(out: str) -> list[dict[str, object]]:
    data = json.loads(out)
    return data["findings"]


@pytest.mark.parametrize("files", [_program(True, True), _program(False, False)], ids=["ordered", "reordered"])
def test_two_hash_seeds_give_the_same_findings(tmp_path: Path, aisec, files: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    root = _write(tmp_path / "p", files)
    outputs = []
    for seed in ("1", "2", "5"):  # seeds 1 and 2 (and 2 and 5) chose different paths before
        result = aisec("lint", ".", "-f", "json", cwd=root, env={"PYTHONHASHSEED": seed})
        assert result.code == 1, result.stderr
        outputs.append(_json_findings(result.stdout))
    assert any(f["rule_id"] == "AIS201" for f in outputs[0])
    assert outputs[1] == outputs[0] and outputs[2] == outputs[0]
