"""Shapes from repository trees that `redact --check` flagged without personal data in them:
labels under a bare `name` key (a Word style, a model in a provider list, a UI step, a CI
action), a word of such a label found again elsewhere, revision and section numbers read as
IP addresses, a loopback address inside a URL, a conference or an HTTP status read as a street.
Each sits beside the real thing of the same shape, which stays found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisec_cli.pii import PiiConfig, detect


def found(text: str, entity: str, path: str = "") -> list[str]:
    config = PiiConfig(path=path) if path else PiiConfig()
    return [text[d.start : d.end] for d in detect(text, config) if d.entity == entity]


# ---- labels under a bare name key ---------------------------------------------------------------

WORD_STYLES = (
    '<w:LatentStyles DefLockedState="false" LatentStyleCount="376">\n'
    '  <w:LsdException Locked="false" Priority="39" Name="Table Grid"/>\n'
    '  <w:LsdException Locked="false" SemiHidden="true" UnhideWhenUsed="true"\n'
    '   Name="Body Text Indent"/>\n'
    '  <w:LsdException Locked="false" Priority="60" Name="Light Shading"/>\n'
    '  <w:LsdException Locked="false" SemiHidden="true" UnhideWhenUsed="true"\n'
    '   Name="Table Simple 1"/>\n'
    '  <o:Template>Normal</o:Template>\n'
    '  <w:LsdException Locked="false" Priority="61" Name="Normal Indent"/>\n'
    "</w:LatentStyles>\n"
    "span.TitleChar\n"
    '\t{mso-style-name:"Title Char";\n'
    "\tmso-style-priority:10;\n"
    '\tmso-style-parent:"Comment Text";}\n'
)

MODEL_LIST = (
    "[\n"
    "    {\n"
    '      "id": "magistral-medium-latest",\n'
    '      "provider": "Mistral",\n'
    '      "providerId": "mistral",\n'
    '      "name": "Magistral Medium",\n'
    '      "multiModal": true\n'
    "    },\n"
    "    {\n"
    '      "id": "open-mistral-nemo",\n'
    '      "provider": "Mistral",\n'
    '      "providerId": "mistral",\n'
    '      "name": "Mistral Nemo",\n'
    '      "multiModal": false\n'
    "    }\n"
    "]\n"
)

UI_STEPS = (
    '@cl.step(name="Extended Thinking", show_input=False)\n'
    "async def thinking_step(message: str):\n"
    '    with cl.Step(name="Checking with Human") as step:\n'
    "        pass\n"
    '    store = await client.vector_stores.create(name="Chat Files")\n'
    "    s = cl.context.current_step\n"
    '    s.name = "Tool Progress"\n'
    "    s.input = tool_type\n"
    "    s.output = status\n"
)

ISSUE_TEMPLATE = 'name: Bug Report\ndescription: Report a bug or issue with the project.\ntitle: "[BUG] "\n'

ACTION = (
    'name: "Install Dependencies"\n'
    'description: "Action to build the project dependencies from the main versions"\n'
    "runs:\n"
    "  using: composite\n"
    "  steps:\n"
    "    - name: Install UV and set Python version\n"
    "      uses: astral-sh/setup-uv@v5\n"
)

MOCK_MODELS = (
    "from unittest.mock import AsyncMock, Mock\n\n"
    "MODEL = ModelInfo(\n"
    '    id="mock-model",\n'
    '    display_name="Mock Model",\n'
    '    type="model",\n'
    "    max_tokens=1024,\n"
    ")\n"
    "client = Mock()\n"
)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (WORD_STYLES, "file_window.html"),
        (MODEL_LIST, "models.json"),
        (UI_STEPS, "app.py"),
        (ISSUE_TEMPLATE, ".github/ISSUE_TEMPLATE/bug.yml"),
        (ACTION, ".github/actions/install/action.yml"),
        (MOCK_MODELS, "test_client.py"),
    ],
)
def test_a_label_under_a_bare_name_key_is_no_person(text: str, path: str) -> None:
    assert found(text, "PERSON", path) == []


@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        ('{"id": 1, "name": "Brian Church", "contact": {"email": "b@mailbox.test"}, "client_version": "1.16"}\n', "r.json", "Brian Church"),
        ('{"id": 7, "name": "Xochitl Quispe", "email": "xq@mailbox.test", "age": 41}\n', "people.json", "Xochitl Quispe"),
        ('<person Name="Xochitl Quispe" Phone="+1 555 0100"/>\n', "people.xml", "Xochitl Quispe"),
        ("customer = Customer(\n    name=\"Ngozi Okafor\",\n    email=\"n.okafor@mailbox.test\",\n)\n", "seed.py", "Ngozi Okafor"),
        ('{"name": "Liqun Li", "title": "Principal Researcher"}\n', "team.json", "Liqun Li"),
        ('[project]\nversion = "0.1.0"\ndescription = "A tool"\nauthors = [\n  { name = "Zain Hoda" },\n]\n', "pyproject.toml", "Zain Hoda"),
        ("maintainers:\n  - name: Ngozi Okafor\n    email: n.okafor@mailbox.test\nversion: 2\n", "team.yml", "Ngozi Okafor"),
    ],
)
def test_a_person_under_a_bare_name_key_stays(text: str, path: str, value: str) -> None:
    assert found(text, "PERSON", path) == [value]


def test_a_bot_named_as_a_message_author_is_no_person() -> None:
    text = (
        '"""Local Python executor and other utility functions."""\n'
        "await cl.Message(content=out, author=\"Python Executor\").send()\n"
        "# Python is used for the sandbox\n"
    )
    assert found(text, "PERSON", "tools.py") == []


@pytest.mark.parametrize(
    "text",
    ['{"label": "Full Name", "placeholder": "Your Name"}\n', 'store = {"owner": "My Store", "currency": "EUR"}\n'],
)
def test_a_form_label_under_a_name_key_is_no_person(text: str) -> None:
    assert found(text, "PERSON", "form.json") == []


def test_an_author_who_is_a_person_stays() -> None:
    assert found('{"author": "Zain Hoda", "license": "MIT"}\n', "PERSON", "package.json") == ["Zain Hoda"]


# ---- a word of a label is not a name elsewhere --------------------------------------------------

def test_the_first_word_of_a_label_is_not_found_again_alone() -> None:
    text = (
        'panels = [{"name": "Income Verification"}, {"name": "Global Processor"}]\n'
        "Income is checked monthly. Global settings apply to every Processor.\n"
    )
    assert "Income" not in found(text, "PERSON", "panels.py")
    assert "Global" not in found(text, "PERSON", "panels.py")


def test_the_given_name_of_an_author_is_found_again_alone() -> None:
    text = "PEP: 9999\nAuthor: Savannah Ostrowski\nStatus: Draft\n\nAs Savannah pointed out, the flag stays.\n"
    assert found(text, "PERSON", "pep-9999.rst") == ["Savannah Ostrowski", "Savannah"]
    text = "From: Dustin Ingram <di@mailbox.test>\nSubject: release\n\nDustin will cut the release.\n"
    assert "Dustin" in found(text, "PERSON", "mail.eml")


def test_placeholder_authors_do_not_spread_their_first_word() -> None:
    text = 'GIT_AUTHOR_NAME="Another Author"\nCc: Some Body <some@mailbox.test>\nAnother run; Some output.\n'
    assert "Another" not in found(text, "PERSON", "t1234.sh")
    assert "Some" not in found(text, "PERSON", "t1234.sh")


def test_the_given_name_of_a_person_is_found_again_alone() -> None:
    text = '{"name": "Tom Buchanan", "email": "tom@mailbox.test"}\nThe lease is signed; Tom is away until May.\n'
    assert found(text, "PERSON", "notes.txt") == ["Tom Buchanan", "Tom"]


# ---- numbers that are no IP address --------------------------------------------------------------

RCS_FILE = (
    "head\t1.2;\naccess;\nsymbols\n\tB_SPLIT:1.2.0.2\n\tB_MIXED:1.1.0.2\n\tvendortag:1.1.1.1;\n"
    "locks; strict;\ncomment\t@# @;\n\n\n1.2.2.1\ndate\t2003.06.03.03.20.31;\tauthor jrandom;\tstate Exp;\n"
)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (RCS_FILE, "t/t9602/cvsroot/module/default,v"),
        ("/* P1003.2/D11.2, section 4.20.7.1, lines 5078ff.  */\n", "regex.h"),
        ("Git 1.8.1.3 Release Notes\n=========================\n", "RelNotes/1.8.1.3.adoc"),
        ("| version | 2.20.1.162.gb4ccea44db.dirty |\n", "api-trace2.adoc"),
        ('\tcheck_url_normalizable("xyz://[::1]:456/", 1);\n', "u-urlmatch.c"),
        ('\ttest "[::1]" = "$(git url-parse -c host "git://[::1]/repository/path")"\n', "t9904.sh"),
        ("for h in host user@host user@[::1] user@::1\n", "t5500.sh"),
        ('want: []string{"http://username:password@127.0.0.1"},\n', "uri_test.go"),
        ("NO_PROXY=localhost,127.0.0.1,::1\n", ".env.example"),
    ],
)
def test_revisions_sections_and_loopback_in_urls_are_no_ip(text: str, path: str) -> None:
    assert found(text, "IP_ADDRESS", path) == []


@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        ('            "RemoteAddress": "10.26.69.20",\n', "audit.json", "10.26.69.20"),
        ("Failed login for root from 81.2.69.160 port 22\n", "auth.log", "81.2.69.160"),
        ("curl http://[2001:db8:4006:812::200e]:8080/status\n", "notes.md", "2001:db8:4006:812::200e"),
        ("peer at 1.2.4.1 dropped\n", "notes,txt", "1.2.4.1"),
        ("id,name,ip\n351,Aisha Lindqvist,127.96.124.223,ok\n", "export.csv", "127.96.124.223"),
    ],
)
def test_an_address_of_a_machine_stays(text: str, path: str, value: str) -> None:
    assert found(text, "IP_ADDRESS", path) == [value]


# ---- words that are no street --------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "At the 2023 Language Summit, three back-to-back sessions were devoted to the C API.\n",
        "Title: IEEE 754 Floating Point Special Values\n",
        'return nil, fmt.Errorf("502 Bad Gateway")\n',
        "// POST request is considered as non-safe. Square Post request does not change any state.\n",
        "- **Discover** every place Mem0 is used in the project.\n",
        "## Route Integration\n",
        '\t\taddremove = 0; /* "-u" was given but not "-A" */\n',
    ],
)
def test_events_status_lines_and_headings_are_no_street(text: str) -> None:
    assert found(text, "STREET_ADDRESS", "notes.md") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Ship to 12 Elm Street, Springfield, IL 62704\n", "12 Elm Street, Springfield, IL 62704"),
        ("Meet me at 2000 Pennsylvania Avenue tomorrow.\n", "2000 Pennsylvania Avenue"),
        ("Adresse : 12, rue de la Paix, 75002 Paris\n", "12, rue de la Paix, 75002 Paris"),
        ("home_address = '7 Harbour Point, Leeds, LS1 4AB'\n", "7 Harbour Point, Leeds, LS1 4AB"),
    ],
)
def test_a_street_address_stays(text: str, value: str) -> None:
    assert value in found(text, "STREET_ADDRESS", "notes.md")


# ---- the gate itself, on a small tree ----------------------------------------------------------

def test_check_on_a_tree_of_these_shapes_reports_only_the_person(tmp_path: Path, aisec) -> None:
    (tmp_path / "models.json").write_text(MODEL_LIST, encoding="utf-8")
    (tmp_path / "styles.html").write_text(WORD_STYLES, encoding="utf-8")
    (tmp_path / "app.py").write_text(UI_STEPS, encoding="utf-8")
    (tmp_path / "people.json").write_text(
        '[{"id": 7, "name": "Xochitl Quispe", "phone": "n/a"}]\n', encoding="utf-8"
    )
    result = aisec("redact", "--check", "--format", "json", str(tmp_path))
    assert result.code == 1, result.stderr
    report = json.loads(result.stdout)
    seen = [(Path(f["location"]["path"]).name, f["properties"]["entity"]) for f in report["findings"]]
    assert seen == [("people.json", "PERSON")]


# ---- passwords: the span ends at its quote, code is no password ------------------------------------

@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("class ChangePasswordRequest(BaseModel):\n    current_password: str\n    new_password: str\n", "auth.py"),
        ("check() {\n\tcredential_opts=\n\tcredential_cmd=$1\n\tshift\n}\n", "lib-credential.sh"),
        ("\t\tout_info->passwd_len = passwd_len;\n", "urlmatch.c"),
    ],
)
def test_code_near_a_password_word_is_no_password(text: str, path: str) -> None:
    assert found(text, "PASSWORD", path) == []


def test_an_escaped_quote_ends_a_password() -> None:
    text = 'in := "{\\"auths\\": {\\"username\\": \\"conexp\\",\\n\\"password\\": \\"FTA@CNCF0n@zure3\\",\\n\\"email\\": \\"x\\"}}"\n'
    assert found(text, "PASSWORD", "auth_test.go") == ["FTA@CNCF0n@zure3"]


def test_a_password_in_prose_stays() -> None:
    assert found("The wifi password is Xk7#pq92!z for guests.\n", "PASSWORD", "notes.md") == ["Xk7#pq92!z"]
