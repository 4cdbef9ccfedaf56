"""Provider context the way real files carry it, kept local; published samples and malformed
look-alikes stay quiet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisec_cli.core.document import Document
from aisec_cli.core.errors import ConfigError
from aisec_cli.secrets.engine import build_engine
from aisec_cli.secrets.samples import parse_samples, published_sample_digests
from tests.keyfactory import B64URL, KeyFactory


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    return build_engine()


def found(engine, text: str, path: str = "f.txt") -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(rule id, provider) of every finding."""
    return [(f.rule_id, f.properties["provider"]) for f in engine.scan(Document(path, text))]


# ----- context far up the structure ------------------------------------------------------
def test_key_nested_deep_in_json_under_the_provider(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    key = keys.hex(64)
    doc = {"providers": {"together": {"region": "us", "limits": {"rpm": 60, "tpm": 1000, "burst": 5},
                                      "notes": "primary", "timeouts": {"read": 30, "connect": 5},
                                      "auth": {"kind": "bearer", "credentials": {"api_key": key}}}}}
    text = json.dumps(doc, indent=2)
    assert text.index("together") < text.index(key) - 300  # beyond the line window
    assert found(engine, text, "settings.json") == [("KEY026", "Together AI")]
    # Minified on one line: the enclosing keys, not the neighbouring words, give the context.
    assert found(engine, json.dumps(doc), "settings.min.json") == [("KEY026", "Together AI")]


def test_key_nested_deep_in_yaml_under_the_provider(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    key = keys.chars(40)
    filler = "".join(f"      option_{i}: {i}\n" for i in range(12))
    text = f"llm:\n  cohere:\n    client:\n{filler}      auth:\n        api_key: {key}\n"
    assert found(engine, text, "llm.yaml") == [("KEY018", "Cohere")]
    # The same value under another provider's section is no Cohere key.
    other = text.replace("cohere", "internal")
    assert ("KEY018", "Cohere") not in found(engine, other, "llm.yaml")


def test_provider_word_far_away_on_a_long_jsonl_line_is_no_context(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    digest = keys.hex(64)
    prose = "We worked on this together. " + "lorem ipsum dolor sit amet " * 400
    line = json.dumps({"text": prose, "api_key_hint": "none", "hash_id": digest})
    assert len(line) > 10_000
    assert found(engine, line + "\n", "data.jsonl") == []


def test_hash_next_to_the_english_word_is_no_key(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    digest = keys.hex(64)
    line = json.dumps({"summary": "tokens were merged together", "hash_id": digest})
    assert found(engine, line + "\n", "rows.jsonl") == []
    # The same value named as a key, next to the provider, is one.
    keyed = json.dumps({"provider": "together", "api_key": digest})
    assert found(engine, keyed + "\n", "rows.jsonl") == [("KEY026", "Together AI")]


@pytest.mark.parametrize("template", [
    'AwsSecret = "{k}"\n',
    'aws:\n  credentials:\n    secret: {k}\n',
    '{{"Credentials": {{"AccessKeyId": "{i}", "SecretAccessKey": "{k}"}}}}\n',
    '[default]\nsecret_key = {k}\n',
    'amazon_secret_token: "{k}"\n',
])
def test_aws_secret_in_non_standard_spellings(engine, keys: KeyFactory, template: str) -> None:  # type: ignore[no-untyped-def]
    secret = keys.aws_secret()
    text = template.format(k=secret, i=keys.aws_access_key_id())
    assert ("KEY013", "AWS") in found(engine, text, "creds.txt")


def test_aws_shaped_value_under_another_name_is_no_secret(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    value = keys.aws_secret()
    assert found(engine, f'aws_region = "us-east-1"\nimage_digest = "{value}"\n', "build.py") == []


def test_bearer_header_in_a_curl_line(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    key = keys.hex(64)
    text = f'curl https://api.together.xyz/v1/models -H "Authorization: Bearer {key}"\n'
    assert found(engine, text, "call.sh") == [("KEY026", "Together AI")]


def test_python_dict_literal(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    key = keys.chars(40)
    assert found(engine, f'CLIENTS = {{"cohere": "{key}", "timeout": 30}}\n', "conf.py") == [("KEY018", "Cohere")]


def test_secret_suffixed_names(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    assert found(engine, f'kling_secret = "{keys.chars(32)}"\n', "a.py") == [("KEY083", "Kling AI")]
    generic = "Zq" + keys.chars(38, B64URL)
    assert found(engine, f'webhook_signing_secret = "{generic}"\n', "b.py") == [("KEY901", "unknown")]


@pytest.mark.parametrize("name", ["WeightsandBiases_key", "weights_and_biases_token", "# Weights & Biases\napi_key"])
def test_provider_written_as_words(engine, keys: KeyFactory, name: str) -> None:  # type: ignore[no-untyped-def]
    key = keys.hex(40)
    assert found(engine, f'{name} = "{key}"\n', "wb.py") == [("KEY036", "Weights & Biases")]


# ----- published sample values -----------------------------------------------------------
def test_published_sample_values_are_not_reported(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    sample = keys.published_google_sample()
    assert found(engine, f'const firebaseConfig = {{ apiKey: "{sample}" }};\n', "app.js") == []
    key_id, secret = keys.published_aws_pair()
    text = f"[default]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n"
    assert found(engine, text, "credentials") == []
    # A real key of the same shape still is.
    assert found(engine, f'apiKey: "{keys.google()}"\n', "app.js") == [("KEY007", "Google")]


def test_sample_values_file_lists_a_source_for_each_entry() -> None:
    digests = published_sample_digests()
    assert len(digests) >= 20
    bundled = Path(__file__).resolve().parents[2] / "rules" / "sample-values.yaml"
    with pytest.raises(ConfigError, match="sample-values"):
        parse_samples(bundled.read_text(encoding="utf-8").replace("  source:", "  origin:", 1), "bad.yaml")
    with pytest.raises(ConfigError):
        parse_samples("version: 1\nsamples:\n- sha256: nothex\n  provider: X\n  source: somewhere else\n", "bad.yaml")


def test_published_sample_cli(aisec, tmp_path: Path, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "firebase.js").write_text(f'initializeApp({{apiKey: "{keys.published_google_sample()}"}});\n')
    (tmp_path / "real.js").write_text(f'initializeApp({{apiKey: "{keys.google()}"}});\n')
    result = aisec("scan", str(tmp_path), "-f", "json", cwd=tmp_path)
    report = json.loads(result.stdout)
    paths = [Path(f["location"]["path"]).name for f in report["findings"]]
    assert paths == ["real.js"]


# ----- truncated and malformed look-alikes -------------------------------------------------
def test_malformed_look_alikes_are_not_reported(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    cases = {
        "OPENAI_API_KEY": keys.sk_too_short(),
        "OPENAI_ADMIN_KEY": keys.openai_admin_without_marker(),
        "PINECONE_API_KEY": keys.pinecone_short_label(),
        "XAI_API_KEY": "xa" + "i-" + keys.chars(40),
        "stability_key": "sk-" + keys.chars(37),
        "kimi_api_key": "sk-" + keys.chars(20),
        "GROQ_API_KEY": "gs" + "k_" + keys.chars(30),
    }
    for name, value in cases.items():
        assert found(engine, f'{name} = "{value}"\n', "cfg.py") == [], name
    # The well-formed ones are.
    assert found(engine, f'OPENAI_ADMIN_KEY = "{keys.openai_admin()}"\n', "cfg.py") == [("KEY003", "OpenAI")]
    assert found(engine, f'PINECONE_API_KEY = "{keys.pinecone()}"\n', "cfg.py") == [("KEY034", "Pinecone")]


def test_unknown_sk_key_under_an_openai_name_is_still_reported(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    relay = keys.relay()
    assert found(engine, f'OPENAI_API_KEY = "{relay}"\n', "cfg.py") == [("KEY064", "OpenAI-compatible")]


def test_long_capital_runs_are_judged_in_linear_time() -> None:
    """A value with a long run of capitals once sent the CamelCase check into exponential
    backtracking (a 31 MB tree took ten minutes); it must come back, with the right answer."""
    from aisec_cli.secrets.filters import looks_like_identifier

    run = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 3
    assert looks_like_identifier(run + "a") is False
    assert looks_like_identifier("HTTPServerError") is True
    assert looks_like_identifier("getHTTPResponseCode") is True


@pytest.mark.parametrize("name", ["QDRANT_URL", "QDRANT_HOST", "qdrantEndpoint", "QDRANT_COLLECTION", "qdrant_port"])
def test_a_provider_named_setting_that_is_no_key_is_no_key(engine, keys: KeyFactory, name: str) -> None:  # type: ignore[no-untyped-def]
    """Seen in a public app's Kubernetes secret: ``QDRANT_URL: <base64 of redis://…>`` was
    reported as a Qdrant API key. A provider's URL, host, port or collection is not its key."""
    import base64

    value = base64.b64encode(b"redis://redis-service:6379/0").decode()
    text = f"data:\n  CELERY_BROKER_URL: {value}\n  {name}: {value}\n"
    assert found(engine, text, "k8s/secrets.yaml") == []
    # The key itself, beside them, is still one (base64 as a Kubernetes secret holds it, or raw).
    raw = keys.chars(40)
    for shown in (raw, base64.b64encode(raw.encode()).decode().rstrip("=")):
        keyed = text + f"  QDRANT_API_KEY: {shown}\n"
        assert found(engine, keyed, "k8s/secrets.yaml") == [("KEY051", "Qdrant")], shown


# ----- an id in a link's path is not a key -------------------------------------------------
def test_a_hex_id_in_a_links_path_beside_the_provider_name_is_no_key(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    """A saved estimate, a dashboard or a gist is addressed by a 32-hex id in its URL; the
    provider named on the next line makes it look like a context key, but keys are not path
    segments of a web page's address."""
    value = keys.hex(32)
    readme = (
        f"You can try the [pricing calculator](https://azure.com/e/{value}) for the resources:\n\n"
        "* Azure OpenAI Service: S0 tier. [Pricing](https://azure.microsoft.com/pricing/)\n"
    )
    assert found(engine, readme, "README.md") == []
    bare = f"Estimate: https://calculator.example.com/estimate/{value}/\nAzure OpenAI resources\n"
    assert found(engine, bare, "docs/costs.md") == []


def test_the_same_value_as_a_setting_or_a_query_parameter_is_still_a_key(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    value = keys.hex(32)
    assert found(engine, f"AZURE_OPENAI_API_KEY={value}\n", ".env") == [("KEY011", "Azure OpenAI")]
    query = f'url = "https://myres.openai.azure.com/openai/deployments/gpt/chat?api-key={value}"\n'
    assert found(engine, query, "client.py") == [("KEY011", "Azure OpenAI")]
    # a key pasted after a slash that starts no URL path ("key/secret" notes) still counts
    note = f"azure openai key/secret: {value}\n"
    assert found(engine, note, "notes.txt") == [("KEY011", "Azure OpenAI")]


def test_a_hex_id_inside_a_page_slug_of_a_link_is_no_key(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    """Wiki pages put the id after the title in one segment ("Title-<32 hex>?v=1")."""
    value = keys.hex(32)
    text = (
        "Use the Azure OpenAI generator. See the "
        f"[usage](https://wiki.example.com/AzureOpenAIGenerator-{value}?pvs=21) section.\n"
    )
    assert found(engine, text, "docs/azure.mdx") == []


def test_a_short_provider_word_inside_a_longer_word_gives_no_context(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    """"ngc" in "langchain", "dify" in "modify": a provider's short name counts only where a
    word starts with it."""
    value = keys.chars(84, B64URL.replace("-", "").replace("_", ""))
    assert found(engine, f"from langchain import hub\napi_key = '{value}'\n", "nb.py") != [("KEY089", "NVIDIA NGC")]
    assert found(engine, f"NGC_API_KEY = '{value}'\n", "nb.py") == [("KEY089", "NVIDIA NGC")]


def test_a_base64_value_that_decodes_to_a_placeholder_is_no_key(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    """Kubernetes secrets hold base64: the value decodes to "…-change-me", a placeholder as plain
    as one written in clear; a random key encoded the same way is still found."""
    import base64

    def b64(text: str) -> str:
        return base64.b64encode(text.encode()).decode()

    manifest = "kind: Secret\ndata:\n  JWT_SECRET_KEY: {}\n"
    assert found(engine, manifest.format(b64("shopapp-dev-jwt-secret-change-me")), "k8s/secrets.yaml") == []
    real = found(engine, manifest.format(b64(keys.chars(40))), "k8s/secrets.yaml")
    assert [rule for rule, _ in real] == ["KEY901"]


def test_keys_public_by_design_are_not_reported_as_unknown_keys(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    """A PostHog project key or a Stripe publishable key is meant to ship in web pages (it can
    only send events or start a checkout); the catch-all rule leaves them, not their secret twins."""
    body = keys.chars(43)
    assert found(engine, f'posthog.api_key = "phc_{body}"\n', "telemetry.py") == []
    assert found(engine, f'STRIPE_PUBLISHABLE_KEY = "pk_live_{body}"\n', "settings.py") == []
    assert [r for r, _ in found(engine, f'STRIPE_SECRET_KEY = "sk_live_{body}"\n', "settings.py")] == ["KEY901"]


def test_hashes_in_a_committed_wheel_record_are_no_keys(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    """A committed virtualenv's ``*.dist-info/RECORD`` lists ``path,sha256=<urlsafe base64>,size``
    per file; the provider's name in the paths is no context for the hashes."""
    # a hash whose dash or underscore leaves a run of 32 letters and digits: the length of a key
    rows = "".join(
        f"mistralai/models/{name}.py,sha256={keys.chars(10)}{'-_'[n % 2]}{keys.chars(32)},{1000 + n}\n"
        for n, name in enumerate(["chat", "embeddings", "files", "agents", "batch", "fim"])
    )
    assert found(engine, rows, ".venv/lib/python3.12/site-packages/mistralai-1.12.0.dist-info/RECORD") == []
    # the same run as a whole value is still a key
    assert found(engine, f"MISTRAL_API_KEY={keys.chars(32)}\n", ".env") == [("KEY019", "Mistral")]


# ----- a digest of a key is no key -----------------------------------------------------------
@pytest.mark.parametrize("name", ["key_fingerprint", "api_key_hash", "tokenSha256", "secret_checksum", "KEY_DIGEST"])
def test_a_value_named_as_a_digest_of_a_key_is_no_key(engine, keys: KeyFactory, name: str) -> None:  # type: ignore[no-untyped-def]
    value = keys.hex(32)
    text = f'{{\n  "rule_name": "azure-openai-api-key",\n  "provider": "Azure OpenAI",\n  "{name}": "{value}"\n}}\n'
    assert found(engine, text, "report.json") == []
    control = text.replace(name, "azure_api_key")
    assert found(engine, control, "report.json") == [("KEY011", "Azure OpenAI")]


# ----- a token that names a thing is no credential ---------------------------------------------
@pytest.mark.parametrize("name", ["image_token", "nextPageToken", "page_token", "continuationToken", "cursor_token"])
def test_a_token_that_names_a_result_or_a_page_is_no_key(engine, keys: KeyFactory, name: str) -> None:  # type: ignore[no-untyped-def]
    """A saved search response (one long JSON line of results) gives each image or page an id
    called a token: a digest-like value, no credential (seen in a cached web-search fixture)."""
    rows = ",".join(
        f'{{"title": "result {n}", "url": "https://example.org/{n}", "{name}": "{keys.hex(64)}"}}' for n in range(6)
    )
    text = f'{{"search": {{"results": [{rows}]}}}}\n'
    # the same response kept as a string inside a cache file: its quotes escaped
    escaped = json.dumps({"GET https://search.example/q?x=1": text.strip()}) + "\n"
    for doc in (text, escaped):
        assert found(engine, doc, "tests/data/search_cache.json") == []
        control = doc.replace(name, "access_token")
        assert found(engine, control, "tests/data/search_cache.json") != []


def test_an_aisec_history_report_scanned_again_reports_nothing(aisec, git_repo: Path, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import git

    key = keys.hex(32)
    (git_repo / "settings.py").write_text(f'AZURE_OPENAI_API_KEY = "{key}"  # azure\n', encoding="utf-8")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "add")
    first = aisec("scan", "--history", ".", "-f", "json", cwd=git_repo)
    assert first.code == 1 and '"key_fingerprint"' in first.stdout, first.stderr
    reports = git_repo.parent / "reports"
    reports.mkdir()
    (reports / "history.json").write_text(first.stdout, encoding="utf-8")
    again = aisec("scan", str(reports), "-f", "json")
    assert again.code == 0, again.stdout
    assert key not in first.stdout
