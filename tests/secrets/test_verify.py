"""``--verify`` against a loopback HTTPS server: statuses, allowlist, redirects, cap, dedupe, proxy."""

from __future__ import annotations

import base64
import ssl
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest

from aisec_cli.core.config import Settings
from aisec_cli.core.findings import Finding, public_properties
from aisec_cli.report import FORMATS, render
from aisec_cli.secrets import verifiers
from aisec_cli.secrets import verify as verify_mod
from aisec_cli.secrets.run import scan_tree
from aisec_cli.secrets.transport import Request, Transport, TransportError, proxy_for
from aisec_cli.secrets.verify import (
    INVALID,
    LIVE,
    UNKNOWN,
    UNSUPPORTED,
    Options,
    check_key,
    verify_findings,
)
from tests.keyfactory import KeyFactory
from tests.secrets.verify_support import (
    Answer,
    ConnectProxy,
    FakeProvider,
    Pki,
    Seen,
    closed_port,
    loopback_transport,
)


@pytest.fixture(autouse=True)
def _no_default_transport(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that forgets to pass the loopback transport fails instead of going online."""

    def refuse(options: Options) -> Transport:
        raise AssertionError("a test reached for the real transport")

    monkeypatch.setattr(verify_mod, "make_transport", refuse)


def _key_of(seen: Seen) -> str:
    auth = seen.headers.get("authorization") or seen.headers.get("x-api-key") or ""
    return auth.split(" ", 1)[-1]


def _finding(rule_id: str, secret: str, path: str = "app.py") -> Finding:
    from aisec_cli.core.findings import Location, Severity

    return Finding(
        rule_id, Severity.CRITICAL, f"{rule_id}: masked", Location(path, 1, 1), f"fp-{rule_id}-{path}",
        properties=MappingProxyType({"provider": "x", "_secret": secret}),
    )


def _check(rule_id: str) -> verifiers.Check:
    check = verifiers.info_for(rule_id).check
    assert check is not None
    return check


def test_live_key_sent_only_in_its_header_to_its_host(pki: Pki, provider: FakeProvider, keys: KeyFactory) -> None:
    key = keys.openai_project()
    outcome = check_key(_check("KEY001"), key, loopback_transport(pki, provider.port))
    assert outcome == verify_mod.Outcome(LIVE, "HTTP 200")
    [seen] = provider.seen
    assert seen.host == "api.openai.com" and seen.path == "/v1/models"
    assert seen.headers["authorization"] == f"Bearer {key}"
    assert key not in seen.path


def test_anthropic_headers(pki: Pki, provider: FakeProvider, keys: KeyFactory) -> None:
    key = keys.anthropic()
    assert check_key(_check("KEY005"), key, loopback_transport(pki, provider.port)).status == LIVE
    [seen] = provider.seen
    assert seen.host == "api.anthropic.com"
    assert seen.headers["x-api-key"] == key and seen.headers["anthropic-version"] == "2023-06-01"
    assert "authorization" not in seen.headers


@pytest.mark.parametrize(
    ("answer", "status", "detail"),
    [
        (Answer(401), INVALID, "HTTP 401"),
        (Answer(500), UNKNOWN, "HTTP 500"),
        (Answer(503), UNKNOWN, "HTTP 503"),
        (Answer(429), UNKNOWN, "HTTP 429: rate limited"),
        (Answer(403), UNKNOWN, "HTTP 403"),  # not documented as invalid for OpenAI
    ],
)
def test_status_mapping(pki: Pki, provider: FakeProvider, keys: KeyFactory, answer: Answer, status: str, detail: str) -> None:
    provider.behaviour = lambda seen: answer
    outcome = check_key(_check("KEY001"), keys.openai_project(), loopback_transport(pki, provider.port))
    assert (outcome.status, outcome.detail) == (status, detail)


def test_body_marker_decides_google_invalid(pki: Pki, provider: FakeProvider, keys: KeyFactory) -> None:
    transport = loopback_transport(pki, provider.port)
    provider.behaviour = lambda seen: Answer(400, b'{"error": {"status": "INVALID_ARGUMENT", "reason": "API_KEY_INVALID"}}')
    assert check_key(_check("KEY007"), keys.google(), transport).status == INVALID
    provider.behaviour = lambda seen: Answer(400, b'{"error": {"status": "INVALID_ARGUMENT"}}')
    assert check_key(_check("KEY007"), keys.google(), transport).status == UNKNOWN
    provider.behaviour = lambda seen: Answer(403, b'{"error": {"reason": "SERVICE_DISABLED"}}')
    assert check_key(_check("KEY007"), keys.google(), transport).status == UNKNOWN
    assert {s.host for s in provider.seen} == {"generativelanguage.googleapis.com"}
    assert all(s.headers.get("x-goog-api-key") for s in provider.seen)


def test_key_in_query_is_url_encoded_and_goes_to_its_host(pki: Pki, provider: FakeProvider, keys: KeyFactory) -> None:
    key = keys.hex(64)
    assert check_key(_check("KEY050"), key, loopback_transport(pki, provider.port)).status == LIVE
    [seen] = provider.seen
    assert seen.host == "serpapi.com" and seen.path == f"/account.json?api_key={key}"


def test_timeout_is_unknown(pki: Pki, provider: FakeProvider, keys: KeyFactory) -> None:
    provider.behaviour = lambda seen: Answer(200, delay=1.5)
    outcome = check_key(_check("KEY001"), keys.openai_project(), loopback_transport(pki, provider.port, timeout=0.3))
    assert (outcome.status, outcome.detail) == (UNKNOWN, "timed out")


def test_a_server_that_drips_bytes_is_cut_at_the_deadline(pki: Pki, keys: KeyFactory) -> None:
    """Each byte arrives within the read timeout, but the whole answer would take seconds."""
    import socket
    import threading
    import time

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki.cert, pki.key)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    done = threading.Event()

    def serve() -> None:
        conn, _ = listener.accept()
        with context.wrap_socket(conn, server_side=True) as tls:
            tls.recv(4096)
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 40:
                if done.is_set():
                    return
                try:
                    tls.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.1)

    threading.Thread(target=serve, daemon=True).start()
    started = time.monotonic()
    try:
        outcome = check_key(_check("KEY001"), keys.openai_project(), loopback_transport(pki, port, timeout=0.5))
    finally:
        done.set()
        listener.close()
    assert (outcome.status, outcome.detail) == (UNKNOWN, "timed out")
    assert time.monotonic() - started < 3.0


def test_connection_refused_is_unknown(pki: Pki, keys: KeyFactory) -> None:
    outcome = check_key(_check("KEY001"), keys.openai_project(), loopback_transport(pki, closed_port()))
    assert (outcome.status, outcome.detail) == (UNKNOWN, "connection refused")


def test_untrusted_certificate_is_unknown(pki: Pki, provider: FakeProvider, keys: KeyFactory) -> None:
    """TLS is verified: the system trust store does not know the test CA, so nothing is sent."""
    transport = loopback_transport(pki, provider.port)
    transport.context_factory = ssl.create_default_context
    outcome = check_key(_check("KEY001"), keys.openai_project(), transport)
    assert (outcome.status, outcome.detail) == (UNKNOWN, "TLS certificate not trusted for the host")
    assert provider.seen == []


def test_a_context_that_does_not_verify_is_refused(pki: Pki, provider: FakeProvider, keys: KeyFactory) -> None:
    transport = loopback_transport(pki, provider.port)
    transport.context_factory = ssl._create_unverified_context  # noqa: SLF001 - the case under test
    outcome = check_key(_check("KEY001"), keys.openai_project(), transport)
    assert outcome.status == UNKNOWN and "does not verify" in outcome.detail
    assert provider.seen == []


def test_redirect_to_another_host_is_not_followed(pki: Pki, provider: FakeProvider, keys: KeyFactory) -> None:
    provider.behaviour = lambda seen: Answer(302, headers=(("Location", "https://elsewhere.example.net/steal"),))
    asked: list[tuple[str, int]] = []
    transport = loopback_transport(pki, provider.port)
    inner = transport.address_for

    def recording(address: tuple[str, int]) -> tuple[str, int]:
        asked.append(address)
        return inner(address)

    transport.address_for = recording
    outcome = check_key(_check("KEY001"), keys.openai_project(), transport)
    assert (outcome.status, outcome.detail) == (UNKNOWN, "HTTP 302: redirect not followed")
    assert asked == [("api.openai.com", 443)]
    assert [s.host for s in provider.seen] == ["api.openai.com"]


def test_host_off_the_allowlist_is_refused_before_connecting(pki: Pki, provider: FakeProvider, keys: KeyFactory) -> None:
    tampered = replace(_check("KEY001"), host="elsewhere.example.net")
    asked: list[tuple[str, int]] = []
    transport = loopback_transport(pki, provider.port)
    transport.address_for = lambda address: asked.append(address) or address  # type: ignore[func-returns-value]
    outcome = check_key(tampered, keys.openai_project(), transport)
    assert outcome.status == UNKNOWN and "not on the rule's allowlist" in outcome.detail
    assert asked == [] and provider.seen == []


def test_every_bundled_check_names_an_allowed_host_and_only_https_hosts() -> None:
    table = verifiers.bundled()
    checks = [i.check for i in table.values() if i.check is not None]
    assert len(checks) >= 25
    for check in checks:
        assert check.host in check.hosts
        assert all("." in h and not h[0].isdigit() for h in check.hosts)


def test_per_run_cap(pki: Pki, provider: FakeProvider, keys: KeyFactory) -> None:
    findings = [_finding("KEY001", keys.openai_project(), f"f{i}.py") for i in range(5)]
    out, summary = verify_findings(findings, Options(max_requests=2), loopback_transport(pki, provider.port))
    assert len(provider.seen) == 2 and summary.requests == 2 and summary.capped == 3
    statuses = [f.properties["verification"] for f in out]
    assert statuses.count(LIVE) == 2 and statuses.count(UNKNOWN) == 3
    assert all("cap of 2" in f.properties["verification_detail"] for f in out if f.properties["verification"] == UNKNOWN)


def test_same_key_is_checked_once(pki: Pki, provider: FakeProvider, keys: KeyFactory) -> None:
    key, other = keys.openai_project(), keys.openai_project()
    provider.behaviour = lambda seen: Answer(200 if _key_of(seen) == key else 401)
    findings = [_finding("KEY001", key, f"f{i}.py") for i in range(3)] + [_finding("KEY001", other, "g.py")]
    out, summary = verify_findings(findings, Options(workers=4), loopback_transport(pki, provider.port))
    assert summary.requests == 2 and len(provider.seen) == 2
    assert [f.properties["verification"] for f in out] == [LIVE, LIVE, LIVE, INVALID]


def test_unsupported_rules_send_nothing(pki: Pki, provider: FakeProvider, keys: KeyFactory) -> None:
    findings = [_finding("KEY012", keys.aws_access_key_id()), _finding("KEY901", keys.chars(40))]
    out, summary = verify_findings(findings, Options(), loopback_transport(pki, provider.port))
    assert [f.properties["verification"] for f in out] == [UNSUPPORTED, UNSUPPORTED]
    assert "signed" in out[0].properties["verification_detail"]
    assert summary.requests == 0 and provider.seen == []


def test_proxy_connect_tunnel_keeps_tls_end_to_end(pki: Pki, provider: FakeProvider, keys: KeyFactory) -> None:
    proxy = ConnectProxy(provider.port).start()
    try:
        env = {"HTTPS_PROXY": f"http://me:s3cret@127.0.0.1:{proxy.port}"}
        transport = loopback_transport(pki, provider.port, environ=env, passthrough=(proxy.port,))
        key = keys.groq()
        assert check_key(_check("KEY020"), key, transport).status == LIVE
        assert proxy.targets == ["api.groq.com:443"]
        assert proxy.authorizations == ["Basic " + base64.b64encode(b"me:s3cret").decode()]
        [seen] = provider.seen  # the request arrived through the tunnel, TLS checked for api.groq.com
        assert seen.host == "api.groq.com" and seen.headers["authorization"] == f"Bearer {key}"
    finally:
        proxy.stop()


def test_no_proxy_bypasses_the_proxy(pki: Pki, provider: FakeProvider, keys: KeyFactory) -> None:
    proxy = ConnectProxy(provider.port).start()
    try:
        env = {"https_proxy": f"127.0.0.1:{proxy.port}", "NO_PROXY": "localhost,.groq.com"}
        transport = loopback_transport(pki, provider.port, environ=env, passthrough=(proxy.port,))
        assert check_key(_check("KEY020"), keys.groq(), transport).status == LIVE
        assert proxy.targets == [] and len(provider.seen) == 1
    finally:
        proxy.stop()


def test_proxy_variables() -> None:
    assert proxy_for("api.openai.com", {}) is None
    found = proxy_for("api.openai.com", {"https_proxy": "http://proxy.internal:3128"})
    assert found is not None and (found.host, found.port, found.authorization) == ("proxy.internal", 3128, None)
    assert proxy_for("api.openai.com", {"HTTPS_PROXY": "http://p:1", "no_proxy": "api.openai.com"}) is None
    assert proxy_for("api.openai.com", {"HTTPS_PROXY": "http://p:1", "no_proxy": "*"}) is None
    with pytest.raises(TransportError, match="not supported"):
        proxy_for("api.openai.com", {"HTTPS_PROXY": "socks5://p:1080"})


def test_network_errors_never_stop_the_run(pki: Pki, keys: KeyFactory) -> None:
    class Broken(Transport):
        def get(self, request: Request):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom " + request.headers[-1][1])

    findings = [_finding("KEY001", keys.openai_project())]
    out, _ = verify_findings(findings, Options(), Broken())
    assert out[0].properties["verification"] == UNKNOWN
    assert out[0].properties["verification_detail"] == "RuntimeError"


def test_scan_keeps_the_raw_value_only_when_asked_and_reports_never_show_it(
    tmp_path: Path, pki: Pki, provider: FakeProvider, keys: KeyFactory, write
) -> None:  # type: ignore[no-untyped-def]
    live, dead = keys.openai_project(), keys.anthropic()
    provider.behaviour = lambda seen: Answer(200 if _key_of(seen) == live else 401)
    write(tmp_path / "app.py", f'a = "{live}"\nb = "{dead}"\nc = "{keys.aws_access_key_id()}"\n')
    plain = scan_tree([tmp_path], Settings(root=tmp_path, jobs=1))
    assert all("_secret" not in f.properties for f in plain.findings)
    kept = scan_tree([tmp_path], Settings(root=tmp_path, jobs=1), keep_secrets=True)
    assert {f.properties["_secret"] for f in kept.findings} >= {live, dead}
    assert all("_secret" not in public_properties(f) for f in kept.findings)
    report = verify_mod.verify_report(kept, Options(), loopback_transport(pki, provider.port))
    assert all("_secret" not in f.properties for f in (*report.findings, *report.suppressed))
    by_rule = {f.rule_id: f.properties["verification"] for f in report.findings}
    assert by_rule == {"KEY001": LIVE, "KEY005": INVALID, "KEY012": UNSUPPORTED}
    assert report.stats["verification"]["requests"] == 2
    for fmt in FORMATS:
        text = render(report, fmt)
        assert live not in text and dead not in text and live[8:-4] not in text, fmt
    only = verify_mod.verify_report(kept, Options(), loopback_transport(pki, provider.port), only_live=True)
    assert [f.rule_id for f in only.findings] == ["KEY001"]


def test_docs_page_lists_every_rule_from_the_data() -> None:
    import subprocess
    import sys

    from tests.conftest import REPO_ROOT

    out = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "gen_verify_docs.py"), "--check"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    page = (REPO_ROOT / "docs" / "verify.md").read_text()
    for rule_id, info in verifiers.bundled().items():
        assert f"| {rule_id} |" in page
        if info.check is not None:
            assert f"GET https://{info.check.host}" in page


def test_verifier_data_names_only_rules_that_exist() -> None:
    from aisec_cli.core.rules import bundled_rules

    ids = {r.id for r in bundled_rules("secrets")}
    assert set(verifiers.bundled()) <= ids


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ("check: {hosts: [api.openai.com], path: /v1/models, live: [200], invalid: [401], proves: lists the models}",
         "never sends the key"),
        ("check: {hosts: [api.openai.com], path: '/v1/{key}/x', live: [200], invalid: [401], proves: lists the models}",
         "not the path"),
        ("check: {hosts: ['127.0.0.1'], path: /v1/models, headers: {A: '{key}'}, live: [200], invalid: [401], proves: lists the models}",
         "invalid verifier data"),
        ("check: {hosts: [api.openai.com], path: /v1/models, headers: {A: '{key}'}, live: [302], invalid: [401], proves: lists the models}",
         "invalid verifier data"),
        ("unsupported: no endpoint at all here\n    check: {hosts: [api.openai.com], path: /m, headers: {A: '{key}'}, live: [200], invalid: [401], proves: lists the models}",
         "invalid verifier data"),
    ],
)
def test_bad_verifier_data_is_rejected(entry: str, error: str) -> None:
    from aisec_cli.core.errors import ConfigError

    with pytest.raises(ConfigError, match=error):
        verifiers.parse(f"version: 1\nverifiers:\n  KEY001:\n    {entry}\n", "test.yaml")


def test_raw_values_survive_worker_processes_only_when_asked(tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    from aisec_cli.core.parallel import MIN_PARALLEL_ITEMS

    values = {}
    for i in range(MIN_PARALLEL_ITEMS + 6):
        values[f"m{i}.py"] = keys.groq()
        write(tmp_path / f"m{i}.py", f'k = "{values[f"m{i}.py"]}"\n')
    report = scan_tree([tmp_path], Settings(root=tmp_path, jobs=2), keep_secrets=True)
    assert len(report.findings) == len(values)
    assert all(f.properties["_secret"] == values[f.location.path] for f in report.findings)
    stripped = verify_mod.strip_report(report)
    assert all("_secret" not in f.properties for f in stripped.findings)


def test_a_regional_provider_never_calls_a_rejected_key_invalid(pki: Pki, provider: FakeProvider, keys: KeyFactory) -> None:
    """LangSmith has US, EU and self-hosted hosts: only the US one is asked, so a 401 proves nothing."""
    transport = loopback_transport(pki, provider.port)
    provider.behaviour = lambda seen: Answer(401)
    assert check_key(_check("KEY031"), keys.langsmith_pat(), transport) == verify_mod.Outcome(UNKNOWN, "HTTP 401")
    provider.behaviour = lambda seen: Answer(200)
    assert check_key(_check("KEY031"), keys.langsmith_pat(), transport).status == LIVE
    assert {s.host for s in provider.seen} == {"api.smith.langchain.com"}


@pytest.mark.parametrize(
    ("rule_id", "make_key", "host", "path", "key_header", "scheme", "extra"),
    [
        ("KEY071", "baseten", "api.baseten.co", "/v1/models", "authorization", "Api-Key ", {}),
        ("KEY072", "browser_use", "api.browser-use.com", "/api/v3/billing/account", "x-browser-use-api-key", "", {}),
        ("KEY073", "composio", "backend.composio.dev", "/api/v3.1/tools", "x-api-key", "", {}),
        ("KEY076", "e2b", "api.e2b.app", "/sandboxes", "x-api-key", "", {}),
        ("KEY077", "edenai", "api.edenai.run", "/v1/automl/text/project", "authorization", "Bearer ", {}),
        ("KEY078", "exa", "api.exa.ai", "/websets/v0/teams/me", "x-api-key", "", {}),
        ("KEY079", "fal", "api.fal.ai", "/v1/models/pricing?endpoint_id=fal-ai/flux/dev", "authorization", "Key ", {}),
        ("KEY080", "firecrawl", "api.firecrawl.dev", "/v2/team/credit-usage", "authorization", "Bearer ", {}),
        ("KEY085", "llamacloud", "api.cloud.llamaindex.ai", "/api/v1/projects", "authorization", "Bearer ", {}),
        ("KEY087", "mem0", "api.mem0.ai", "/v1/ping/", "authorization", "Token ", {}),
        ("KEY092", "retell", "api.retellai.com", "/list-chat-agents?limit=1", "authorization", "Bearer ", {}),
        ("KEY093", "runway", "api.dev.runwayml.com", "/v1/organization", "authorization", "Bearer ",
         {"x-runway-version": "2024-11-06"}),
        ("KEY095", "tavus", "tavusapi.com", "/v2/replicas?limit=1", "x-api-key", "", {}),
        ("KEY096", "vapi", "api.vapi.ai", "/assistant?limit=1", "authorization", "Bearer ", {}),
        ("KEY097", "vastai", "console.vast.ai", "/api/v0/users/current/", "authorization", "Bearer ", {}),
    ],
)
def test_new_provider_checks_send_the_key_their_way_and_never_call_a_refusal_invalid(
    pki: Pki, provider: FakeProvider, keys: KeyFactory,
    rule_id: str, make_key: str, host: str, path: str, key_header: str, scheme: str, extra: dict[str, str],
) -> None:
    """Each provider's own host, path and header scheme; 200 is live, and since none of these
    providers documents a rejection status (or the key may be for another host), 401 is unknown."""
    key = getattr(keys, make_key)()
    transport = loopback_transport(pki, provider.port)
    assert check_key(_check(rule_id), key, transport) == verify_mod.Outcome(LIVE, "HTTP 200")
    [seen] = provider.seen
    assert (seen.host, seen.path) == (host, path)
    assert seen.headers[key_header] == scheme + key
    assert all(seen.headers[name] == value for name, value in extra.items())
    assert key not in seen.path
    provider.behaviour = lambda seen: Answer(401)
    assert check_key(_check(rule_id), key, transport) == verify_mod.Outcome(UNKNOWN, "HTTP 401")


def test_new_providers_without_a_safe_check_send_nothing(pki: Pki, provider: FakeProvider, keys: KeyFactory) -> None:
    """AI71, Coze, Dify, Friendli, Greptile, Kling, Paradigm, Mastra, Modal, NGC, Private AI,
    Scale, MiniMax coding-plan and Kagi keys have no check: each has a specific reason and no request."""
    ids = ["KEY070", "KEY074", "KEY075", "KEY081", "KEY082", "KEY083", "KEY084",
           "KEY086", "KEY088", "KEY089", "KEY091", "KEY094", "KEY098", "KEY099"]
    for rule_id in ids:
        info = verifiers.info_for(rule_id)
        assert info.check is None and info.unsupported
        assert "not confirmed yet" not in info.unsupported
    findings = [_finding(rule_id, keys.chars(40), f"f{n}.py") for n, rule_id in enumerate(ids)]
    out, summary = verify_findings(findings, Options(), loopback_transport(pki, provider.port))
    assert [f.properties["verification"] for f in out] == [UNSUPPORTED] * len(ids)
    assert [f.properties["verification_detail"] for f in out] == [verifiers.info_for(i).unsupported for i in ids]
    assert summary.requests == 0 and provider.seen == []


def test_verification_wanted_flags_over_configuration() -> None:
    from aisec_cli.core.errors import UsageError
    from aisec_cli.secrets.verify_choice import verification_wanted

    assert verification_wanted({}, None, False, False) is False
    assert verification_wanted({"verify": True}, None, False, False) is True
    assert verification_wanted({"verify": True}, False, False, False) is False
    assert verification_wanted({}, None, True, False) is True
    assert verification_wanted({}, None, False, True) is True
    with pytest.raises(UsageError, match="drop AISEC_VERIFY=0"):
        verification_wanted({"verify": True}, False, True, False)


def test_summary_line_counts_only() -> None:
    from aisec_cli.secrets.verify_choice import summary_line

    assert summary_line({"requests": 3, "live": 1, "invalid": 2}) == "aisec: verify: 3 request(s); 1 live, 2 invalid"
    assert summary_line({"requests": 0, "not_checked_over_cap": 4}) == (
        "aisec: verify: 0 request(s); no keys; 4 over the cap (--verify-limit)"
    )
