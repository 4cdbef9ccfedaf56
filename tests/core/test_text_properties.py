"""Property tests: the text engines take any text — surrogates, controls, BOMs anywhere — and
answer in bounded time without raising (a catastrophic pattern shows up as a deadline failure)."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aisec_cli.core.document import Document
from aisec_cli.lint.engine import lint_document
from aisec_cli.lint.settings import LintSettings
from aisec_cli.pii.api import redact_text, restore_text
from aisec_cli.secrets.engine import default_engine
from tests.keyfactory import KeyFactory

# Any code point, lone surrogates included, weighted towards the characters that break parsers.
_SPECIAL = st.sampled_from(["\ufeff", "\ufffe", "\u200b", "\u202e", "\u2028", "\x00", "\r", "\n", "\t", "\x1b",
                            "\ud800", "\udcff", "\U000e0041", "é", "'", '"', "\\", "{", "[", "sk-", "api_key=", "@"])
TEXT = st.lists(st.one_of(st.characters(), _SPECIAL, st.text(max_size=8)), max_size=60).map("".join)
BOUNDED = settings(max_examples=150, deadline=timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow])

_ENGINE = default_engine()
_KEY = KeyFactory(11).openai_project()


@BOUNDED
@given(TEXT, TEXT)
def test_secrets_engine_takes_any_text_and_still_finds_a_key_inside(before: str, after: str) -> None:
    findings = _ENGINE.scan(Document("x.py", f"{before}\nk = '{_KEY}'\n{after}"))
    assert any(f.properties.get("provider") == "OpenAI" for f in findings)
    for finding in findings:
        assert _KEY not in finding.snippet and _KEY not in finding.message


@BOUNDED
@given(TEXT, st.sampled_from(["a.py", "a.js", "a.ts", "a.tsx", "a.ipynb"]))
def test_lint_takes_any_text(text: str, name: str) -> None:
    findings, errors = lint_document(Document(name, "import openai\n" + text), LintSettings())
    assert all(e.path == name for e in errors)
    assert all(f.location.line >= 1 for f in findings)


@BOUNDED
@given(TEXT)
def test_redact_restore_round_trips_any_text(text: str) -> None:
    result = redact_text(text)
    assert restore_text(result.text, result) == text
