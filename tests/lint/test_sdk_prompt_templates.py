"""AIS202 (audit) on the AI SDK's single `prompt:` slot (generateText, streamText, generateObject).

Shape seen in another linter's published cases for the same check: the instructions and the
request's text are written into one `prompt` template, with no role boundary, exactly what the
rule reports for a user message; a bare request value, or a template that fences the text in
delimiters, is not an instruction template.
"""

from __future__ import annotations

import pytest

from aisec_cli.core.document import Document
from aisec_cli.lint import LintSettings, lint_document

HEAD = (
    'import express from "express";\n'
    'import { generateText, streamText, generateObject } from "ai";\n'
    "const app = express();\n"
    'app.post("/ask", async (req, res) => {\n'
)


def _ais202_lines(call: str) -> list[int]:
    text = HEAD + f"  const out = await {call};\n  res.json(out);\n}});\n"
    findings, errors = lint_document(Document("ask.ts", text), LintSettings(profile="audit"))
    assert errors == []
    return [f.location.line - 4 for f in findings if f.rule_id == "AIS202"]


@pytest.mark.parametrize("function", ["generateText", "streamText", "generateObject"])
def test_instructions_around_request_text_in_the_prompt_slot_are_reported(function: str) -> None:
    call = f'{function}({{ model: "m" as any, maxTokens: 50, prompt: `Rewrite this politely: ${{req.body.text}}` }})'
    assert _ais202_lines(call) == [1]


def test_request_text_alone_in_the_prompt_slot_is_not_an_instruction_template() -> None:
    assert _ais202_lines('generateText({ model: "m" as any, maxTokens: 50, prompt: req.body.text })') == []


def test_request_text_fenced_in_delimiters_is_not_reported() -> None:
    call = 'generateText({ model: "m" as any, maxTokens: 50, prompt: `Rewrite the text between the tags.<text>${req.body.text}</text>` })'
    assert _ais202_lines(call) == []


def test_a_prompt_key_outside_a_model_call_is_not_reported() -> None:
    assert _ais202_lines('Promise.resolve({ prompt: `Rewrite this politely: ${req.body.text}` })') == []
