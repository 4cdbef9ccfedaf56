"""Severity and wording of lint findings on shapes seen in real AI repositories."""

from __future__ import annotations

from aisec_cli.core.document import Document
from aisec_cli.core.findings import Severity
from aisec_cli.lint import LintSettings, lint_document


def _lint(path: str, text: str) -> list:
    findings, errors = lint_document(Document(path, text), LintSettings())
    assert errors == []
    return findings


def test_shell_tool_behind_human_approval_is_medium() -> None:
    text = (
        "import subprocess\n"
        "from agents import ShellTool\n\n"
        "def run(request):\n"
        "    return subprocess.run(request.command, shell=True).stdout\n\n"
        "approved = ShellTool(executor=run, needs_approval=True)\n"
        "free = ShellTool(executor=run)\n"
    )
    got = {f.location.line: f for f in _lint("app.py", text) if f.rule_id == "AIS306"}
    assert set(got) == {7, 8}
    assert got[7].severity == Severity.MEDIUM and "approval" in got[7].message
    assert got[8].severity == Severity.HIGH


def test_plain_http_endpoint_in_a_test_file_is_low() -> None:
    text = 'from openai import OpenAI\n\nclient = OpenAI(base_url="http://llm-gateway.corp.net/v1", timeout=5)\n'
    in_app = [f for f in _lint("app/client.py", text) if f.rule_id == "AIS501"]
    in_test = [f for f in _lint("tests/test_client.py", text) if f.rule_id == "AIS501"]
    assert [f.severity for f in in_app] == [Severity.HIGH]
    assert [f.severity for f in in_test] == [Severity.LOW]
    ts = 'import OpenAI from "openai";\nconst c = new OpenAI({ baseURL: "http://llm-gateway.corp.net/v1", timeout: 5000 });\n'
    assert [f.severity for f in _lint("src/client.test.ts", ts) if f.rule_id == "AIS501"] == [Severity.LOW]


def test_reserved_example_hosts_in_a_test_file_are_silent() -> None:
    text = (
        "import httpx\nfrom openai import OpenAI\n\n"
        "def test_clients_build():\n"
        '    a = OpenAI(base_url="http://example.com/v1", timeout=10)\n'
        '    b = httpx.AsyncClient(base_url="http://gateway.example.org")\n'
        '    c = OpenAI(base_url="http://llm.internal.test/v1", timeout=10)\n'
        '    d = OpenAI(base_url="http://nowhere.invalid/v1", timeout=10)\n'
        "    assert a and b and c and d\n"
    )
    assert [f for f in _lint("tests/test_clients.py", text) if f.rule_id == "AIS501"] == []
    # the same names in application code stay reported: a placeholder there gets copied with its http://
    assert len([f for f in _lint("app/clients.py", text) if f.rule_id == "AIS501"]) == 4


def test_gemini_client_timeout_message_says_no_default_timeout() -> None:
    text = "from google import genai\n\nclient = genai.Client(api_key=None)\n"
    msgs = [f.message for f in _lint("app.py", text) if f.rule_id == "AIS402"]
    assert len(msgs) == 1
    # google-genai sends timeout=None when http_options.timeout is unset: no limit at all, not 600 s
    assert "600 s" not in msgs[0] and "no timeout" in msgs[0]
    openai_msgs = [f.message for f in _lint("app.py", "from openai import OpenAI\n\nclient = OpenAI()\n") if f.rule_id == "AIS402"]
    assert len(openai_msgs) == 1 and "600 s" in openai_msgs[0]


def test_client_without_timeout_in_a_test_file_is_no_finding() -> None:
    py = 'from openai import AsyncOpenAI\n\nclient = AsyncOpenAI(api_key="test_key", base_url="http://testserver")\n'
    ts = 'import OpenAI from "openai";\nconst client = new OpenAI({ apiKey: "test" });\n'
    assert [f.rule_id for f in _lint("app/llm.py", py) if f.rule_id == "AIS402"] == ["AIS402"]
    assert [f.rule_id for f in _lint("src/llm.ts", ts) if f.rule_id == "AIS402"] == ["AIS402"]
    # a test's client never serves a user: the test runner bounds the run
    for path in ("tests/test_llm.py", "pkg/llm_test.py", "integration_tests/conftest.py"):
        assert [f for f in _lint(path, py) if f.rule_id == "AIS402"] == [], path
    assert [f for f in _lint("src/llm.test.ts", ts) if f.rule_id == "AIS402"] == []


def test_retry_settings_in_a_test_file_are_no_finding() -> None:
    text = "from openai import OpenAI\n\nclient = OpenAI(timeout=10, max_retries=100)\n"
    assert [f.rule_id for f in _lint("app/export.py", text) if f.rule_id == "AIS403"] == ["AIS403"]
    # a test that sets a large retry count to exercise back-off spends nothing and serves no one
    assert [f for f in _lint("tests/test_export.py", text) if f.rule_id == "AIS403"] == []
