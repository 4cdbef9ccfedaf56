"""The signed-in user a request carries (``websocket.scope["user"]``, ``request.user``) is the
server's record, not text the caller chose, also when the request object is handed to a helper.

Seen on a public repository: a websocket route passed its socket to a helper, which read the
signed-in user from it, loaded that user's model settings from the database and built the
provider client with their base URL; AIS506 (and AIS405) said the caller chose them.
"""

from __future__ import annotations

from pathlib import Path

from aisec_cli.core.document import Document
from aisec_cli.lint import LintSettings, lint_document
from tests.treefiles import write_tree

HEAD = (
    "from fastapi import FastAPI, WebSocket\n"
    "from openai import OpenAI\n\n"
    "from app.store import settings_of\n\n"
    "api = FastAPI()\n\n\n"
)
ROUTE = (
    '@api.websocket("/ws")\n'
    "async def chat_ws(websocket: WebSocket):\n"
    "    await websocket.accept()\n"
    "    await answer(websocket)\n"
)
STORE = "def settings_of(user):\n    return user.model_settings\n"


def _lint(root: Path, helper: str) -> list[tuple[str, int]]:
    files = {"app/__init__.py": "", "app/store.py": STORE, "app/server.py": HEAD + helper + "\n\n" + ROUTE}
    write_tree(root, files)
    doc = Document("app/server.py", files["app/server.py"])
    findings, errors = lint_document(doc, LintSettings(project_root=str(root)))
    assert errors == []
    return sorted((f.rule_id, f.location.line) for f in findings if f.rule_id in ("AIS506", "AIS405"))


def test_settings_of_the_signed_in_user_are_the_servers(tmp_path: Path) -> None:
    helper = (
        "async def answer(websocket: WebSocket):\n"
        '    user = websocket.scope["user"]\n'
        "    config = settings_of(user)\n"
        "    client = OpenAI(base_url=config.base_url, timeout=30)\n"
        "    return client.chat.completions.create(model=config.model, max_tokens=100, messages=[])\n"
    )
    assert _lint(tmp_path / "p", helper) == []


def test_what_the_caller_sends_on_the_socket_is_still_theirs(tmp_path: Path) -> None:
    helper = (
        "async def answer(websocket: WebSocket):\n"
        "    data = await websocket.receive_json()\n"
        '    client = OpenAI(base_url=data["base_url"], timeout=30)\n'
        "    return client.chat.completions.create(model='m', max_tokens=100, messages=[])\n"
    )
    assert ("AIS506", 11) in _lint(tmp_path / "p", helper)
