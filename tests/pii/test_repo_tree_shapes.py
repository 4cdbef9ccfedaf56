"""Shapes read in real repositories that `redact --check` flagged although they hold no personal
data: an AI model's name, a drink named with a title, "Hello World", a class name under a name
key, the seconds of a timestamp, numbers of an SVG path, a bind address. Each sits beside the
real thing of the same shape, which stays found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisec_cli.pii import PiiConfig, detect


def found(text: str, entity: str, path: str = "") -> list[str]:
    config = PiiConfig(path=path) if path else PiiConfig()
    return [text[d.start : d.end] for d in detect(text, config) if d.entity == entity]


# ---- AI models named like people -----------------------------------------------------------

MODEL_TEXTS = [
    "To send a message to Claude and receive a response, call the Claude API.\n"
    "Claude 3.5 Sonnet writes, edits, and runs code.\n",
    "The Claude Python SDK requires Python 3.7.1 or later.\n",
    'const CLAUDE_3_OPUS = {\n  modelId: "claude-3-opus-20240229",\n  modelName: "Claude 3 Opus",\n}\n',
    '  | "claude-2.1" // Claude 2\n  | "claude-instant-1.2" // Claude Instant\n',
    "---\ntitle: Claude Code\ndescription: Add persistent memory to Claude Code\n---\n",
    "For an obvious example, we asked Claude to repeat back a very long piece of text.\n"
    "Clearly Claude 3.5 Sonnet and Claude 3 Opus perform best on this problem.\n",
    "Compare Gemini 1.5 Pro with Llama 3 and Mistral Large on the same prompt.\n",
]


@pytest.mark.parametrize("text", MODEL_TEXTS)
def test_a_model_named_like_a_person_is_no_person(text: str) -> None:
    assert found(text, "PERSON") == []


def test_a_person_of_the_same_given_name_stays_a_person() -> None:
    assert found("Claude Shannon founded information theory in 1948.\n", "PERSON") == ["Claude Shannon"]
    assert "Claude Monet" in found("Hi team,\nI spoke with Claude Monet yesterday about the lease.\n", "PERSON")


def test_the_person_stays_beside_the_model_in_one_text() -> None:
    text = "Claude Shannon wrote the 1948 paper. Today we ask Claude 3.5 Sonnet to summarise it.\n"
    assert found(text, "PERSON") == ["Claude Shannon"]


def test_a_colleague_called_claude_in_a_message_stays() -> None:
    text = "Hi Claude,\nthe invoice is attached.\nBest regards,\nAnna Berg\n"
    assert "Claude" in found(text, "PERSON")


# ---- titles that are part of a brand ---------------------------------------------------------

def test_a_drink_named_with_a_title_is_no_person() -> None:
    assert found("What flavors are used in Dr. Pepper? The formula for Dr Pepper is secret.\n", "PERSON") == []


def test_a_doctor_stays_a_person() -> None:
    assert found("Dr. Patel will see you at ten.\n", "PERSON") == ["Patel"]


# ---- greetings to the world, class names under a name key ------------------------------------

def test_hello_world_is_no_person() -> None:
    text = "rounds:\n  - user_query: echo 'Hello World'\n    post_list:\n      - message: Hello World\n"
    assert found(text, "PERSON") == []


def test_a_greeting_to_a_person_stays() -> None:
    assert found("Hello Priya,\nthe build is green.\n", "PERSON") == ["Priya"]


def test_a_lower_case_word_before_a_class_name_is_no_particle() -> None:
    text = '@test_plugin(name="test KlarnaSearch", description="test")\ndef test_call(): ...\n'
    assert found(text, "PERSON", "plugin.py") == []


def test_a_name_particle_under_a_name_key_stays() -> None:
    assert found('{"name": "van der Laan"}\n', "PERSON", "people.json") == ["van der Laan"]


# ---- digits of times, dates and drawings as phone numbers -------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        'Revision ID: 9419b3340af7\nCreate Date: 2023-07-18 16:46:03.497943\n"""\n',
        " * @returns {Number} epoch i.e. seconds since '00:00:00 1970-01-01' UTC\n",
        "023-12-18 14:24:34,513 - INFO - Planner talk to CodeInterpreter\n",
        "most recently 2025-02-28T04:50:02.032081+00:00\n",
        '<path d="M 149 209 L 149 528 Q 149 538 159 538 L 833 538 Q 843 538 843 528 L 843 412.37" />\n',
        '<path d="M16.278 2c1.156 0 2.093.927 2.093 2.07v12.501a.74.74 0 00.744.709.74.74 0 00.743-.709V9.099"/>\n',
    ],
)
def test_times_dates_and_path_data_are_no_phone(text: str) -> None:
    assert found(text, "PHONE") == []


def test_a_written_phone_number_stays() -> None:
    assert found("Call me on +44 20 7946 0018 after 16:30.\n", "PHONE") == ["+44 20 7946 0018"]
    assert found("phone: 0161 496 0734\n", "PHONE") == ["0161 496 0734"]


# ---- addresses a program binds to --------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        'python3 -m uvicorn "app:create_app" --factory --host 0.0.0.0 --port 8000\n',
        'api = subprocess.Popen(["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"])\n',
        "    http:\n        endpoint: 0.0.0.0:4318\n",
        "  properties: {\n    startIpAddress: '0.0.0.0'\n    endIpAddress: '255.255.255.255'\n  }\n",
        "        {\n          protocol: \"http\",\n          hostname: \"127.0.0.1\"\n        },\n",
        "# point your browser to 127.0.0.1:7860 and click on the model tab\n",
        "git clone [::1]:$repo dest\n",
        "In the previous example, the subnet is `172.19.0.0/16`.\n",
        '<path d="M3.5 1.08.58 1.23.82.72 1.21 1.87.87 2.33.66.07-.52"/>\n',
    ],
)
def test_bind_addresses_networks_and_path_data_are_no_ip(text: str) -> None:
    assert found(text, "IP_ADDRESS") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my ip: ::1", "::1"),
        ("localhost 127.0.0.1", "127.0.0.1"),
        ("Failed login for root from 81.2.69.160 port 22\n", "81.2.69.160"),
        ("client_ip: 10.185.24.91\n", "10.185.24.91"),
    ],
)
def test_an_address_someone_came_from_stays(text: str, value: str) -> None:
    assert found(text, "IP_ADDRESS") == [value]


# ---- the gate itself, on a small tree ----------------------------------------------------------

def test_check_on_a_tree_of_these_shapes_reports_only_the_person(tmp_path: Path, aisec) -> None:
    (tmp_path / "models.ts").write_text(
        'export const MODELS = [\n  { modelId: "claude-3-opus-20240229", modelName: "Claude 3 Opus" },\n]\n'
        '// Claude Instant (UPDATED 12/21/23)\n',
        encoding="utf-8",
    )
    (tmp_path / "migration.py").write_text(
        '"""create table\n\nRevision ID: 8962bed0d809\nCreate Date: 2023-06-10 15:40:08.942612\n"""\n',
        encoding="utf-8",
    )
    (tmp_path / "serve.sh").write_text("uvicorn app:app --host 0.0.0.0 --port 8000\n", encoding="utf-8")
    (tmp_path / "NOTES.md").write_text(
        "Claude Shannon wrote the 1948 paper. We asked Claude 3.5 Sonnet to summarise it.\n", encoding="utf-8"
    )
    result = aisec("redact", "--check", "--format", "json", str(tmp_path))
    assert result.code == 1, result.stderr
    report = json.loads(result.stdout)
    seen = [(Path(f["location"]["path"]).name, f["properties"]["entity"]) for f in report["findings"]]
    assert seen == [("NOTES.md", "PERSON")]


def test_a_short_lower_case_word_before_a_plain_family_name_stays() -> None:
    assert found('{"name": "die Witte"}\n', "PERSON", "people.json") == ["die Witte"]


def test_a_method_call_under_an_address_key_is_no_street_address() -> None:
    text = (
        'syslogAddress  = syslogScan.Flag("address", "Address and port to listen on for syslog. '
        'Example: 127.0.0.1:514").String()\n'
    )
    assert found(text, "STREET_ADDRESS", "main.go") == []
    assert found('home_address = "12 Elm Street, Springfield, IL 62704"\n', "STREET_ADDRESS", "c.py") == [
        "12 Elm Street, Springfield, IL 62704"
    ]


# ---- labels under a name key, lists as mail senders -------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        '    return Project(name="Default Project", description="New Default Project")\n',
        "  await page.getByRole('button', { name: 'Sign Up' }).click();\n",
        "  await expect(page.getByRole('link', { name: 'Start Chatting' })).toBeVisible();\n",
        "    // {\n    //   name: 'Mobile Safari',\n    //   use: { ...devices['iPhone 12'] },\n    // },\n",
        '        tools=[{"name": "Image Generation Toolkit"}],\n',
        '{"Resource": {"Name": "Booking Custom Attributes", "Type": "scope"}}\n',
        'health_agent = Agent(\n    name="Health Advisor",\n    instructions="You are a health advisor.",\n)\n',
        '{"name": "Foo Bar", "id": 3}\n',
    ],
)
def test_a_label_under_a_name_key_is_no_person(text: str) -> None:
    assert found(text, "PERSON", "app.ts") == []


def test_a_mailing_list_as_sender_does_not_make_its_first_word_a_name() -> None:
    text = (
        "Cc: Git Mailing List <git@vger.kernel.org>\n\n"
        'msgid "Git command-line interface and conventions"\n'
        "Git is a version control system.\n"
    )
    assert found(text, "PERSON") == []


def test_a_person_under_a_name_key_stays() -> None:
    assert found('{"name": "Liqun Li", "title": "Principal Researcher"}\n', "PERSON", "team.json") == ["Liqun Li"]
    assert found("Cc: Jeff King <peff@peff.net>\n", "PERSON") == ["Jeff King"]


# ---- code under a password key -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("    conn = connect(\n        username=args.username,\n        password=args.password,\n    )\n", "engine.py"),
        ("    db_user.password = user.password\n", "user.py"),
        ("  administratorLoginPassword: administratorLoginPassword\n", "main.bicep"),
        ("    await supabase.auth.updateUser({ password: newPassword })\n", "change.tsx"),
        ("def connect(\n    user: str = None,\n    password: str = None,\n    port: int = None,\n):\n", "base.py"),
        ("  authConfig: {\n    passwordAuth: 'Enabled'\n  }\n", "main.bicep"),
        ("POSTGRES_USER=postgres\nPOSTGRES_PASSWORD=\nPOSTGRES_COLLECTION_NAME=memories\n", ".env.example"),
        ('    params = {"user": ORACLE_USER, "password": ORACLE_PASSWORD, "dsn": ORACLE_DSN}\n', "test_oracle.py"),
        ("\t\tUser:     cfg.User,\n\t\tPassword: cfg.Passwd,\n", "mysql.go"),
    ],
)
def test_code_under_a_password_key_is_no_password(text: str, path: str) -> None:
    assert found(text, "PASSWORD", path) == []


@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        ('    password="testpass",\n', "test_db.py", "testpass"),
        ("POSTGRES_PASSWORD=s3cr3t.Pw\n", ".env", "s3cr3t.Pw"),
        ("db:\n  password: Tr0ub4dor&3\n", "config.yaml", "Tr0ub4dor&3"),
        ("smtp:\n  password: Rp0u=qhRos3jDPvrTf\n", "mail.yaml", "Rp0u=qhRos3jDPvrTf"),
    ],
)
def test_a_password_under_a_password_key_stays(text: str, path: str, value: str) -> None:
    assert found(text, "PASSWORD", path) == [value]


@pytest.mark.parametrize(
    "text",
    [
        'datalib = ["numpy (>=1)", "pandas (>=1.2.3)", "pandas-stubs (>=1.1.0.11)"]\n',
        '    "opencv-python-headless>=4.10.0.84,<4.13.0",\n',
        'types-retry = { specifier = "==0.9.9.4" }\n',
    ],
)
def test_a_dependency_version_is_no_ip(text: str) -> None:
    assert found(text, "IP_ADDRESS", "pyproject.toml") == []
