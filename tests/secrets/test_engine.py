"""The secrets engine on targeted inputs: formats with structure, filters, positions."""

from __future__ import annotations

import json

import pytest

from aisec_cli.core.document import Document
from aisec_cli.secrets.engine import build_engine
from tests.keyfactory import KeyFactory


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    return build_engine()


def ids(engine, text: str, path: str = "f.py") -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [(f.rule_id, f.location.line) for f in engine.scan(Document(path, text))]


def test_google_service_account_json(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    pem = keys.pem_private_key().replace("\n", "\\n")
    doc = json.dumps({
        "type": "service_" + "account",
        "project_id": "demo",
        "private_key_id": keys.hex(40),
        "private_key": "PEM",
        "client_email": "bot@demo.iam.gserviceaccount.com",
    }, indent=2).replace('"PEM"', '"' + pem + '"')
    found = ids(engine, doc, "sa.json")
    assert ("KEY009", 5) in found
    assert all(rule != "KEY090" for rule, _ in found)  # the specific rule wins over the PEM rule


def test_pem_private_key_elsewhere(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    found = ids(engine, "x = 1\n" + keys.pem_private_key() + "\n", "id_rsa")
    assert found == [("KEY090", 2)]


def test_generic_assignment_catches_unknown_providers(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    found = ids(engine, f'ACME_LLM_API_KEY = "{keys.chars(40)}"\n')
    assert found == [("KEY901", 1)]


def test_generic_assignment_ignores_identifiers_and_low_entropy(engine) -> None:  # type: ignore[no-untyped-def]
    text = (
        "api_key = settings.OPENAI_API_KEY_FROM_ENVIRONMENT\n"
        'cache_key = "user_profile_cache_namespace_v2"\n'
        'SERVICE_API_KEY = "aaaaaaaabbbbbbbbccccccccdddddddd"\n'
    )
    assert ids(engine, text) == []


def test_bare_sk_key_is_reported_as_openai_compatible(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    found = engine.scan(Document("x.py", f'KEY = "{keys.relay()}"\n'))
    assert [f.rule_id for f in found] == ["KEY064"]
    assert found[0].properties["provider"] == "OpenAI-compatible"


def test_context_names_the_provider_for_sk_keys(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    text = f'client = OpenAI(base_url="https://api.moonshot.ai/v1", api_key="{keys.relay()}")\n'
    assert [f.properties["provider"] for f in engine.scan(Document("x.py", text))] == ["Moonshot AI"]


@pytest.mark.parametrize(
    "name,build,rule",
    [
        ("fireworks legacy", lambda k: f'FIREWORKS_API_KEY = "{k.chars(48)}"', "KEY028"),
        ("fireworks", lambda k: f'key = "{k.fireworks()}"', "KEY027"),
        ("anyscale", lambda k: f'token = "{k.anyscale()}"', "KEY030"),
        ("devin", lambda k: f'token = "{k.devin()}"', "KEY063"),
        ("clarifai", lambda k: f'CLARIFAI_PAT = "{k.hex(32)}"', "KEY065"),
        ("voiceflow", lambda k: f'key = "VF.DM.{k.hex(24)}.{k.chars(16)}"', "KEY066"),
        ("saladcloud", lambda k: f'key = "salad_cloud_{k.chars(12)}_{k.chars(30)}"', "KEY067"),
        ("upstage", lambda k: f'UPSTAGE_API_KEY = "up_{k.chars(29)}"', "KEY068"),
        ("deepai", lambda k: f'DEEPAI_API_KEY = "{k.uuid()}"', "KEY069"),
        ("aws secret", lambda k: f'aws_secret_access_key = "{k.aws_secret()}"', "KEY013"),
    ],
)
def test_less_common_formats(engine, keys: KeyFactory, name: str, build, rule: str) -> None:  # type: ignore[no-untyped-def]
    assert [r for r, _ in ids(engine, build(keys) + "\n")] == [rule], name


@pytest.mark.parametrize(
    "text",
    [
        'OPENAI_API_KEY = "sk-..."',
        'key = "sk-proj-REDACTED"',
        'AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"',
        "OPENAI_API_KEY=${OPENAI_API_KEY}",
        'api_key = os.environ["OPENAI_API_KEY"]',
        'MISTRAL_API_KEY = "abcdefghijklmnopqrstuvwxyz012345"',
    ],
)
def test_placeholders_and_lookalikes_are_quiet(engine, text: str) -> None:  # type: ignore[no-untyped-def]
    assert ids(engine, text + "\n") == []


def test_hex_without_provider_context_is_quiet(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    text = f'checksum = "{keys.hex(32)}"\nsha = "{keys.hex(40)}"\ndigest = "{keys.hex(64)}"\n'
    assert ids(engine, text) == []


def test_key_inside_base64_blob_is_not_reported(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    blob = keys.chars(200, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    text = f"data:image/png;base64,{blob}+{keys.google()}/{blob}\n"
    assert ids(engine, text) == []


def test_positions_are_exact(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    key = keys.anthropic()
    text = "# header\n\n    value = '" + key + "'\n"
    (finding,) = engine.scan(Document("a.py", text))
    assert (finding.location.line, finding.location.column) == (3, 14)
    assert finding.location.end_column == 14 + len(key)


def test_snippet_and_message_never_hold_the_secret(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    key = keys.openai_project()
    (finding,) = engine.scan(Document("a.py", f'k = "{key}"\n'))
    assert key not in finding.snippet and key not in finding.message
    assert finding.snippet.startswith("sk-proj-…") and finding.snippet.endswith(key[-4:])
    assert key[8:-4] not in repr(finding.properties)


def test_fingerprint_ignores_line_numbers(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    key = keys.groq()
    (a,) = engine.scan(Document("a.py", f'k = "{key}"\n'))
    (b,) = engine.scan(Document("a.py", f'\n\n\nk = "{key}"\n'))
    (c,) = engine.scan(Document("b.py", f'k = "{key}"\n'))
    assert a.fingerprint == b.fingerprint != c.fingerprint


def test_notebook_findings_point_at_the_notebook_line(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    key = keys.mistral() if hasattr(keys, "mistral") else keys.chars(32)
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Demo\n"]},
        {"cell_type": "code", "metadata": {}, "execution_count": 1,
         "source": ["import os\n", f'os.environ["MISTRAL_API_KEY"] = "{key}"\n'],
         "outputs": [{"output_type": "stream", "name": "stdout", "text": [f"token {keys.huggingface()}\n"]}]},
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    text = json.dumps(nb, indent=1)
    lines = text.splitlines()
    want_key = next(i for i, l in enumerate(lines, 1) if "MISTRAL_API_KEY" in l)
    want_hf = next(i for i, l in enumerate(lines, 1) if "token " in l)
    found = ids(engine, text, "demo.ipynb")
    assert ("KEY019", want_key) in found
    assert ("KEY016", want_hf) in found


def test_escaped_json_strings(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    inner = json.dumps({"COHERE_API_KEY": keys.chars(40)})
    assert [r for r, _ in ids(engine, json.dumps({"body": inner}), "x.json")] == ["KEY018"]


def test_several_keys_on_one_minified_line(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    text = f'var a="{keys.groq()}",b="{keys.perplexity()}",c="{keys.xai()}";'
    assert sorted(r for r, _ in ids(engine, text, "x.min.js")) == ["KEY020", "KEY022", "KEY023"]


def test_ten_megabyte_single_line(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    filler = "a+b;" * (10 * 1024 * 256)
    text = filler + f'k="{keys.groq()}";' + filler
    assert [r for r, _ in ids(engine, text, "big.js")] == ["KEY020"]


@pytest.mark.parametrize(
    "line",
    [
        "    mlkem_key: mlkem.MLKEM768PrivateKey,",
        "prompt_cache_key = 'prompt-cache-key-1234'",
        '    "TR31_B0_BASE_DERIVATION_KEY",\n    "TR31_C0_CARD_VERIFICATION_KEY",',
        "    next_token=next_token,\n    next_token_length_limit=3096,",
        '"Sid":"AllowEc2InstancesWithEncryptedEbsVolumes", "aws_secret_access_key": null',
        "src/aws_pkg/x.py,sha256=Eq1xY7-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789Ab,1234",
    ],
)
def test_identifiers_and_hashes_in_real_code_are_quiet(engine, line: str) -> None:  # type: ignore[no-untyped-def]
    assert ids(engine, line + "\n") == []
