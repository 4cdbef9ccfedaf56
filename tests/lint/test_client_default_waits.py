"""AIS402 says how long the SDK waits by default only where that is its documented default: OpenAI
and Anthropic 600 s, Cohere 300 s; for other SDKs the message names no number it cannot stand behind."""

from __future__ import annotations

from aisec_cli.core.document import Document
from aisec_cli.lint import LintSettings, lint_document


def _messages(name: str, text: str) -> list[str]:
    findings, errors = lint_document(Document(name, text), LintSettings())
    assert errors == []
    return [f.message for f in findings if f.rule_id == "AIS402"]


def test_each_sdk_default_wait_in_the_message() -> None:
    cohere = _messages("rerank.py", "import os\nimport cohere\n\nclient = cohere.Client(os.environ['CO_API_KEY'])\n")
    assert len(cohere) == 1 and "300 s" in cohere[0] and "600 s" not in cohere[0]
    anthropic = _messages("chat.py", "import anthropic\n\nclient = anthropic.Anthropic()\n")
    assert len(anthropic) == 1 and "600 s" in anthropic[0]
    for name, text in (
        ("fast.py", "from groq import Groq\n\nclient = Groq()\n"),
        ("mistral.py", "from mistralai import Mistral\n\nclient = Mistral(api_key='x' * 4)\n"),
        ("route.ts", 'import Groq from "groq-sdk";\nconst groq = new Groq();\n'),
    ):
        msgs = _messages(name, text)
        assert len(msgs) == 1 and " s per attempt" not in msgs[0] and "default wait" in msgs[0], (name, msgs)
