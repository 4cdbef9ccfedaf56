"""A JavaScript/TypeScript string means what it says after its escapes: ``"sk\\u002dproj-…"`` and
``"\\x73k-…"`` are the same key as the plain literal at run time.

Before, lint read a JS string's text as written, so a key written with one escape sequence
passed AIS101 (and AIS103 for a browser client), where Python's literal was judged decoded.
"""

from __future__ import annotations

import pytest

from aisec_cli.core.document import Document
from aisec_cli.lint import LintSettings, lint_document
from aisec_cli.lint.javascript.parser import js_unescape
from tests.keyfactory import KeyFactory


def _rules(path: str, text: str) -> set[str]:
    findings, errors = lint_document(Document(path, text), LintSettings())
    assert errors == []
    return {f.rule_id for f in findings}


@pytest.mark.parametrize(
    "escape", [lambda k: k.replace("-", "\\u002d", 1), lambda k: "\\x73" + k[1:], lambda k: k.replace("-", "\\u{2d}", 1)]
)
def test_an_escaped_key_in_a_browser_client_is_found(keys: KeyFactory, escape) -> None:  # type: ignore[no-untyped-def]
    key = escape(keys.openai_project())
    text = f'import OpenAI from "openai";\nconst client = new OpenAI({{ apiKey: "{key}", dangerouslyAllowBrowser: true }});\n'
    assert {"AIS101", "AIS103"} <= _rules("web/chat.ts", text)


def test_js_unescape_follows_the_language() -> None:
    assert js_unescape("a\\u0041\\x42\\u{43}\\n\\'\\\\z") == "aABC\n'\\z"
    assert js_unescape("\\q\\d") == "qd"  # an unknown escape is the character itself
    assert js_unescape("line\\\ncontinued") == "linecontinued"
    assert js_unescape("\\uZZ") == "\\uZZ"  # malformed: left as written
    assert js_unescape("plain") == "plain"
