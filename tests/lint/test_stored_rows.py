"""A row the server stores, picked by a key the request sends: its model name and base URL are the
operator's values, not the caller's (AIS405 / AIS506), also when the lookup sits behind a static
method of an adapter class in another module."""

from __future__ import annotations

from pathlib import Path

from aisec_cli.core.document import Document
from aisec_cli.lint import LintSettings, lint_document
from tests.treefiles import write_tree

ADAPTER = '''\
from functools import wraps

from .models import Conversation


def require_user(func):
    @wraps(func)
    async def inner(user, *args, **kwargs):
        if user is None:
            raise PermissionError("no user")
        return await func(user, *args, **kwargs)
    return inner


class Conversations:
    @staticmethod
    @require_user
    async def lookup(user, conversation_id: str = None, fresh: bool = False):
        rows = Conversation.objects.filter(user=user).prefetch_related("agent")
        if conversation_id:
            return await rows.filter(id=conversation_id).afirst()
        return await rows.order_by("-updated_at").afirst()

    @staticmethod
    def echo(user, settings: dict):
        return settings
'''

ROUTE = '''\
from fastapi import FastAPI, WebSocket
from openai import AsyncOpenAI
from slowapi import Limiter
from slowapi.util import get_remote_address

from .adapters import Conversations

app = FastAPI()
limiter = Limiter(key_func=get_remote_address, default_limits=["10/minute"])


@app.websocket("/chat")
async def chat(websocket: WebSocket):
    data = await websocket.receive_json()
    conversation = await Conversations.{call}
    model = conversation.agent.chat_model
    client = AsyncOpenAI(api_key=model.api.api_key, base_url=model.api.base_url, timeout=30)
    r = await client.chat.completions.create(model=model.name, max_tokens=300, messages=[{{"role": "user", "content": data["q"][:2000]}}])
    await websocket.send_text(r.choices[0].message.content or "")
'''


def _findings(tmp_path: Path, call: str) -> set[tuple[str, int]]:
    root = write_tree(tmp_path, {"app/__init__.py": "", "app/adapters.py": ADAPTER, "app/routes.py": ROUTE.format(call=call)})
    doc = Document("app/routes.py", (root / "app/routes.py").read_text(encoding="utf-8"))
    findings, errors = lint_document(doc, LintSettings(project_root=str(root)))
    assert errors == []
    return {(f.rule_id, f.location.line) for f in findings if f.rule_id in ("AIS405", "AIS506")}


def test_row_looked_up_by_the_requests_id_is_not_the_callers_choice(tmp_path: Path) -> None:
    assert _findings(tmp_path, 'lookup(websocket.scope["user"], conversation_id=data["id"], fresh=data.get("new"))') == set()


def test_static_method_handing_back_the_requests_own_values_still_counts(tmp_path: Path) -> None:
    # the same adapter class, a static method that returns what it is given: the request decides
    assert _findings(tmp_path, 'echo(None, data["settings"])') == {("AIS506", 17), ("AIS405", 18)}
