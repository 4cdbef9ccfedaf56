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
