"""The real CLI with ``--verify``: every format, --only-verified, --fail-on-live, config, no network.

The CLI runs in a subprocess through ``tests.secrets.verify_runner``, which points the
verification transport at a loopback HTTPS server and logs every connection the process tries.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import REPO_ROOT, git
from tests.keyfactory import KeyFactory
from tests.secrets.verify_support import (
    Answer,
    FakeProvider,
    Pki,
    Seen,
    closed_port,
)

FORMAT_FILES = {
    "json": "r.json", "jsonl": "r.jsonl", "sarif": "r.sarif", "junit": "r.xml",
    "markdown": "r.md", "gitlab": "r.gitlab.json", "github": "r.github.txt", "hook": "r.hook.txt",
}


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    connections: list[list[object]]


def _key_of(seen: Seen) -> str:
    auth = seen.headers.get("authorization") or seen.headers.get("x-api-key") or ""
    return auth.split(" ", 1)[-1]


def run_cli(tmp_path: Path, pki: Pki, port: int | None, *args: str, cwd: Path, env: dict[str, str] | None = None) -> Run:
    log = tmp_path / f"connections-{len(list(tmp_path.glob('connections-*')))}.log"
    log.write_text("")
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"port": port, "ca": str(pki.ca), "log": str(log), "timeout": 3.0}))
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_") and "proxy" not in k.lower()}
    full_env.update({"PYTHONPATH": str(REPO_ROOT), "NO_COLOR": "1", **(env or {})})
    out = subprocess.run(
        [sys.executable, "-m", "tests.secrets.verify_runner", str(plan), *args],
        cwd=cwd, capture_output=True, text=True, env=full_env, timeout=300,
    )
    connections = [json.loads(line) for line in log.read_text().splitlines()]
    return Run(out.returncode, out.stdout, out.stderr, connections)


@pytest.fixture
def project(tmp_path: Path, keys: KeyFactory, write) -> tuple[Path, dict[str, str]]:  # type: ignore[no-untyped-def]
    secrets = {"live": keys.openai_project(), "dead": keys.anthropic(), "aws": keys.aws_access_key_id()}
    root = tmp_path / "proj"
    write(root / "app.py", f'live = "{secrets["live"]}"\ndead = "{secrets["dead"]}"\naws = "{secrets["aws"]}"\n')
    write(root / "again.py", f'same = "{secrets["live"]}"\n')
    return root, secrets


def _answer_live(secret: str):  # type: ignore[no-untyped-def]
    return lambda seen: Answer(200 if _key_of(seen) == secret else 401)


def _no_secret(texts: list[str], secrets: dict[str, str]) -> None:
    for text in texts:
        for value in secrets.values():
            assert value not in text
            assert value[8:-4] not in text


def test_every_format_shows_the_status_and_never_the_key(tmp_path: Path, pki: Pki, provider: FakeProvider, project) -> None:  # type: ignore[no-untyped-def]
    root, secrets = project
    provider.behaviour = _answer_live(secrets["live"])
    formats = [f"{fmt}={tmp_path / name}" for fmt, name in FORMAT_FILES.items()]
    args = ["scan", "--verify", "-f", "table", *[a for f in formats for a in ("-f", f)], str(root)]
    run = run_cli(tmp_path, pki, provider.port, *args, cwd=tmp_path)
    assert run.code == 1, run.stderr
    # the same live key in two files was asked once; the unsupported AWS key not at all
    assert len(provider.seen) == 2
    assert {s.host for s in provider.seen} == {"api.openai.com", "api.anthropic.com"}
    assert all(c[0] == "127.0.0.1" for c in run.connections)
    outputs = {fmt: (tmp_path / name).read_text() for fmt, name in FORMAT_FILES.items()}
    _no_secret([run.stdout, run.stderr, *outputs.values()], secrets)
    assert "Verified" in run.stdout and "live" in run.stdout and "invalid" in run.stdout
    assert "aisec: verify: 2 request(s); 2 live, 1 invalid, 1 unsupported" in run.stderr
    report = json.loads(outputs["json"])
    schema = json.loads((REPO_ROOT / "rules" / "schema" / "report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(report)
    statuses = {(f["rule_id"], f["location"]["path"]): f["verification"] for f in report["findings"]}
    assert statuses == {
        ("KEY001", "proj/again.py"): "live", ("KEY001", "proj/app.py"): "live",
        ("KEY005", "proj/app.py"): "invalid", ("KEY012", "proj/app.py"): "unsupported",
    }
    assert all(f["properties"]["verification"] == f["verification"] for f in report["findings"])
    assert report["stats"]["verification"]["requests"] == 2
    lines = [json.loads(line) for line in outputs["jsonl"].splitlines()]
    assert sorted(line["verification"] for line in lines) == ["invalid", "live", "live", "unsupported"]
    sarif = json.loads(outputs["sarif"])
    assert sorted(r["properties"]["verification"] for r in sarif["runs"][0]["results"]) == ["invalid", "live", "live", "unsupported"]
    assert "[verify: live]" in outputs["hook"] and "[verify: invalid]" in outputs["hook"]
    assert "[verify: live]" in outputs["github"] and "[verify: unsupported]" in outputs["github"]
    assert "[verify: live]" in outputs["junit"] and "verification: invalid" in outputs["junit"]
    assert "| Verified |" in outputs["markdown"] and "| live |" in outputs["markdown"]
    gitlab = json.loads(outputs["gitlab"])
    assert sum("Verification (aisec scan --verify): live" in v["description"] for v in gitlab["vulnerabilities"]) == 2


def test_only_verified_reports_live_keys_only(tmp_path: Path, pki: Pki, provider: FakeProvider, project) -> None:  # type: ignore[no-untyped-def]
    root, secrets = project
    provider.behaviour = _answer_live(secrets["live"])
    run = run_cli(tmp_path, pki, provider.port, "scan", "--only-verified", "-f", "json", str(root), cwd=tmp_path)
    report = json.loads(run.stdout)
    assert {f["verification"] for f in report["findings"]} == {"live"}
    assert len(report["findings"]) == 2 and run.code == 1


def test_fail_on_live_exits_one_only_for_a_live_key(tmp_path: Path, pki: Pki, provider: FakeProvider, project) -> None:  # type: ignore[no-untyped-def]
    root, secrets = project
    provider.behaviour = _answer_live(secrets["live"])
    assert run_cli(tmp_path, pki, provider.port, "scan", "--fail-on-live", "-q", str(root), cwd=tmp_path).code == 1
    provider.behaviour = lambda seen: Answer(401)
    nothing_live = run_cli(tmp_path, pki, provider.port, "scan", "--fail-on-live", "-f", "json", str(root), cwd=tmp_path)
    assert nothing_live.code == 0
    assert len(json.loads(nothing_live.stdout)["findings"]) == 4  # still reported, just not failing
    # without --fail-on-live, exit codes are unchanged by verification
    assert run_cli(tmp_path, pki, provider.port, "scan", "--verify", "-q", str(root), cwd=tmp_path).code == 1


def test_default_scan_makes_no_connection(tmp_path: Path, pki: Pki, provider: FakeProvider, project) -> None:  # type: ignore[no-untyped-def]
    root, secrets = project
    run = run_cli(tmp_path, pki, None, "scan", "-f", "json", str(root), cwd=tmp_path)
    assert run.code == 1 and run.connections == [] and provider.seen == []
    report = json.loads(run.stdout)
    assert len(report["findings"]) == 4
    assert all("verification" not in f and "verification" not in f["properties"] for f in report["findings"])
    assert "verify" not in run.stderr


def test_config_and_environment_turn_it_on(tmp_path: Path, pki: Pki, provider: FakeProvider, project, write) -> None:  # type: ignore[no-untyped-def]
    root, secrets = project
    provider.behaviour = _answer_live(secrets["live"])
    write(root / ".aisec.toml", "[scan]\nverify = true\n")
    by_config = run_cli(tmp_path, pki, provider.port, "scan", "-f", "json", str(root), cwd=tmp_path)
    assert {f["verification"] for f in json.loads(by_config.stdout)["findings"]} == {"live", "invalid", "unsupported"}
    turned_off = run_cli(tmp_path, pki, provider.port, "scan", "-f", "json", str(root), cwd=tmp_path, env={"AISEC_VERIFY": "0"})
    assert turned_off.connections == [] and turned_off.code == 1
    assert all("verification" not in f for f in json.loads(turned_off.stdout)["findings"])
    (root / ".aisec.toml").unlink()
    by_env = run_cli(tmp_path, pki, provider.port, "scan", "-f", "json", str(root), cwd=tmp_path, env={"AISEC_VERIFY": "1"})
    assert {f["verification"] for f in json.loads(by_env.stdout)["findings"]} == {"live", "invalid", "unsupported"}


def test_without_network_the_scan_finishes_and_every_check_is_unknown(tmp_path: Path, pki: Pki, project) -> None:  # type: ignore[no-untyped-def]
    root, secrets = project
    run = run_cli(tmp_path, pki, closed_port(), "scan", "--verify", "-f", "json", str(root), cwd=tmp_path)
    assert run.code == 1, run.stderr
    findings = json.loads(run.stdout)["findings"]
    assert {f["rule_id"]: f["verification"] for f in findings} == {"KEY001": "unknown", "KEY005": "unknown", "KEY012": "unsupported"}
    assert all(f["properties"]["verification_detail"] == "connection refused" for f in findings if f["rule_id"] != "KEY012")
    _no_secret([run.stdout, run.stderr], secrets)


def test_verify_limit(tmp_path: Path, pki: Pki, provider: FakeProvider, project) -> None:  # type: ignore[no-untyped-def]
    root, _ = project
    run = run_cli(tmp_path, pki, provider.port, "scan", "--verify", "--verify-limit", "1", "-f", "json", str(root), cwd=tmp_path)
    assert len(provider.seen) == 1
    assert json.loads(run.stdout)["stats"]["verification"]["not_checked_over_cap"] == 1
    assert "over the cap" in run.stderr


def test_history_scan_verifies_too(tmp_path: Path, pki: Pki, provider: FakeProvider, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    secret = keys.groq()
    write(git_repo / "old.py", f'k = "{secret}"\n')
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-qm", "add")
    (git_repo / "old.py").unlink()
    git(git_repo, "commit", "-qam", "remove")
    provider.behaviour = lambda seen: Answer(200)
    run = run_cli(tmp_path, pki, provider.port, "scan", "--history", "--verify", "-f", "jsonl", str(git_repo), cwd=tmp_path)
    [line] = [json.loads(x) for x in run.stdout.splitlines()]
    assert line["verification"] == "live" and line["properties"]["in_working_tree"] is False
    assert [s.host for s in provider.seen] == ["api.groq.com"]
    assert secret not in run.stdout + run.stderr


def test_rules_explain_names_the_revoke_page_and_the_check(aisec) -> None:  # type: ignore[no-untyped-def]
    out = aisec("rules", "explain", "KEY001")
    assert out.code == 0
    assert "https://platform.openai.com/api-keys" in out.stdout
    assert "GET https://api.openai.com/v1/models" in out.stdout
    unsupported = aisec("rules", "explain", "KEY012")
    assert "unsupported" in unsupported.stdout and "console.aws.amazon.com" in unsupported.stdout


def test_remediation_text_names_the_revoke_page(tmp_path: Path, pki: Pki, provider: FakeProvider, project) -> None:  # type: ignore[no-untyped-def]
    root, _ = project
    run = run_cli(tmp_path, pki, None, "scan", "-f", "sarif", str(root), cwd=tmp_path)
    rules = {r["id"]: r for r in json.loads(run.stdout)["runs"][0]["tool"]["driver"]["rules"]}
    assert "https://console.anthropic.com/settings/keys" in rules["KEY005"]["help"]["text"]
    assert run.connections == []


def test_a_crashing_verifier_is_one_error_line_without_the_key(tmp_path: Path, pki: Pki, project) -> None:  # type: ignore[no-untyped-def]
    root, secrets = project
    log = tmp_path / "c.log"
    log.write_text("")
    code = (
        "import sys\n"
        "from aisec_cli.secrets import verify\n"
        "def broken(options):\n"
        "    raise RuntimeError('transport exploded')\n"
        "verify.make_transport = broken\n"
        "from aisec_cli.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    out = subprocess.run(
        [sys.executable, "-c", code, "scan", "--verify", str(root)], capture_output=True, text=True, env=env, timeout=300
    )
    assert out.returncode == 2
    assert out.stderr.strip().endswith("aisec: error: verification failed (RuntimeError); run without --verify")
    assert "Traceback" not in out.stderr
    _no_secret([out.stdout, out.stderr], secrets)
