"""Verdicts found wrong on a fourth set of public AI repositories, each rebuilt as a small repository.

Each test pins one shape: the evidence an item rests on must be the thing the item asks about
(a key variable, data a model is given, the response's usage), wherever the code keeps it.
"""

from __future__ import annotations

from tests.checklist.conftest import Run
from tests.checklist.repos import GITIGNORE, PRECOMMIT


def _base() -> dict[str, str]:
    return {".gitignore": GITIGNORE, ".pre-commit-config.yaml": PRECOMMIT}


def _cited(run: Run, item: str, outcome: str | None = None) -> list[str]:
    return [f"{e['path']}:{e['line']}" for e in run.item(item)["evidence"] if e["path"] and (outcome is None or e["outcome"] == outcome)]


# -- an environment switch whose name contains "token" is not a key ----------------------------

TOKENIZER_SWITCH = '''\
import os

from openai import OpenAI

if not os.environ.get("TOKENIZERS_PARALLELISM"):
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
limit = int(os.getenv("MAX_TOKENS", "300"))
client = OpenAI(api_key=os.environ["OPENAI_API_KEY"], timeout=30)


def answer(question: str) -> str:
    out = client.chat.completions.create(model="gpt-4o-mini", max_tokens=limit, messages=[{"role": "user", "content": question[:2000]}])
    return out.choices[0].message.content or ""
'''


def test_tokenizer_switch_is_not_a_key_read(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "answer.py": TOKENIZER_SWITCH, "requirements.txt": "openai\n"}))
    cited = _cited(run, "CHK01", "supports")
    assert "answer.py:8" in cited, run.item("CHK01")
    assert "answer.py:5" not in cited and "answer.py:7" not in cited, run.item("CHK01")


# -- a UI translation file under examples/ is not data sent to a model ----------------------------

TRANSLATION = '''\
{
  "auth": {
    "email": "Email address",
    "password": "Password",
    "forgotPassword": "Forgot password?",
    "passwordMustContain": "Your password must contain:"
  }
}
'''

EXAMPLE_APP = '''\
import os

import chainlit as cl
from openai import AsyncOpenAI

client = AsyncOpenAI(api_key=os.environ["OPENAI_API_KEY"], timeout=30)


@cl.on_message
async def main(message: cl.Message) -> None:
    out = await client.chat.completions.create(model="gpt-4o-mini", max_tokens=300, messages=[{"role": "user", "content": message.content[:2000]}])
    await cl.Message(content=out.choices[0].message.content or "").send()
'''

FEW_SHOT = '''\
{"question": "Log me in", "user": "jane", "password": "Summer2024!x"}
'''


def test_ui_translation_files_are_not_prompt_data(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {
        **_base(),
        "examples/chatbot/app.py": EXAMPLE_APP,
        "examples/chatbot/.chainlit/translations/en-US.json": TRANSLATION,
        "examples/chatbot/locales/fr/common.json": TRANSLATION,
        "requirements.txt": "chainlit\nopenai\n",
    }
    run = checklist(repo_of(files))
    assert not any("translations" in c or "locales" in c for c in _cited(run, "CHK09")), run.item("CHK09")
    assert run.status("CHK09") != "FAIL", run.item("CHK09")
    # the same words in a few-shot file the app sends are still data
    run = checklist(repo_of({**files, "examples/chatbot/few_shot.jsonl": FEW_SHOT}))
    assert "examples/chatbot/few_shot.jsonl:1" in _cited(run, "CHK09", "contradicts"), run.item("CHK09")


# -- usage read in the same-file helper the calling method hands the response to ---------------

WRAPPER = '''\
import os

import tiktoken
from openai import OpenAI

ENCODING = tiktoken.get_encoding("cl100k_base")


class Chat:
    def __init__(self) -> None:
        self.client = OpenAI(api_key=os.environ["OPENAI_API_KEY"], timeout=30)
        self.spent = 0

    def _fits(self, text: str) -> bool:
        return len(ENCODING.encode(text)) < 6000

    def _to_answer(self, resp) -> str:
        self.spent += resp.usage.total_tokens
        return resp.choices[0].message.content or ""

    def ask(self, question: str) -> str:
        if not self._fits(question):
            raise ValueError("too long")
        resp = self.client.chat.completions.create(model="gpt-4o-mini", max_tokens=300, messages=[{"role": "user", "content": question}])
        return self._to_answer(resp)
'''

UNUSED_HELPERS = WRAPPER.replace("        if not self._fits(question):\n            raise ValueError(\"too long\")\n", "").replace(
    "        return self._to_answer(resp)", "        return resp.choices[0].message.content or \"\""
)


def test_usage_and_token_count_in_helpers_of_the_calling_method(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of({**_base(), "chat.py": WRAPPER, "requirements.txt": "openai\ntiktoken\n"}))
    assert run.status("CHK14") == "PASS", run.item("CHK14")
    cited = _cited(run, "CHK14", "supports")
    assert "chat.py:18" in cited and "chat.py:15" in cited, run.item("CHK14")
    # the same helpers, never called on the model call's path, are no evidence
    run = checklist(repo_of({**_base(), "chat.py": UNUSED_HELPERS, "requirements.txt": "openai\ntiktoken\n"}))
    assert run.status("CHK14") == "FAIL", run.item("CHK14")


def test_usage_read_with_getattr_counts(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    by_getattr = WRAPPER.replace("self.spent += resp.usage.total_tokens", 'self.history.append(dict(getattr(resp, "usage", {}) or {}))')
    run = checklist(repo_of({**_base(), "chat.py": by_getattr, "requirements.txt": "openai\ntiktoken\n"}))
    assert "chat.py:18" in _cited(run, "CHK14", "supports"), run.item("CHK14")
