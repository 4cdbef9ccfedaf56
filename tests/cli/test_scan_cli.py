"""`aisec scan` end to end, through the real entry point in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.keyfactory import KeyFactory


def test_clean_tree_exits_zero(aisec, tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "a.py", 'api_key = os.environ["OPENAI_API_KEY"]\n')
    result = aisec("scan", str(tmp_path))
    assert result.code == 0, result.stderr
    assert "0 finding(s)" in result.stdout


def test_findings_exit_one_and_are_masked(aisec, tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    key = keys.openai_project()
    write(tmp_path / "a.py", f'client = OpenAI(api_key="{key}")\n')
    result = aisec("scan", ".", cwd=tmp_path)
    assert result.code == 1
    assert "KEY001" in result.stdout and "a.py:1:" in result.stdout
    assert "sk-proj-…" + key[-4:] in result.stdout
    assert key not in result.stdout + result.stderr


def test_fail_on_and_exit_zero(aisec, tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "a.py", f'ACME_API_KEY = "{keys.chars(40)}"\n')  # generic rule: medium
    assert aisec("scan", str(tmp_path), "--fail-on", "high").code == 0
    assert aisec("scan", str(tmp_path), "--fail-on", "medium").code == 1
    assert aisec("scan", str(tmp_path), "--exit-zero").code == 0
    assert aisec("scan", str(tmp_path), env={"AISEC_FAIL_ON": "critical"}).code == 0


def test_errors_win_over_findings(aisec, tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "a.py", f'k = "{keys.groq()}"\n')
    write(tmp_path / ".aisec.toml", "unknown-setting = 1\n")
    result = aisec("scan", str(tmp_path))
    assert result.code == 2
    assert "unknown key 'unknown-setting'" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_path_is_a_usage_error(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = aisec("scan", str(tmp_path / "nope"))
    assert result.code == 2 and "no such file" in result.stderr


def test_unreadable_files_do_not_change_the_exit_code(aisec, tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    import os

    write(tmp_path / "a.py", "x = 1\n")
    os.symlink(tmp_path / "missing", tmp_path / "dangling")
    result = aisec("scan", str(tmp_path), "-f", "json")
    assert result.code == 0
    errors = json.loads(result.stdout)["errors"]
    assert errors and errors[0]["path"] == "dangling"
    assert "dangling" in result.stderr


def test_several_formats_and_atomic_output(aisec, tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    work = tmp_path / "work"
    write(work / "a.py", f'k = "{keys.groq()}"\n')
    out = tmp_path / "out"
    out.mkdir()
    result = aisec("scan", str(work), "-f", "table", "-f", f"sarif={out / 'r.sarif'}", "-f", "json", "-o", str(out / "r.json"))
    assert result.code == 1, result.stderr
    assert json.loads((out / "r.sarif").read_text())["version"] == "2.1.0"
    assert json.loads((out / "r.json").read_text())["findings"][0]["rule_id"] == "KEY020"
    assert "KEY020" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == ["r.json", "r.sarif"]  # no temp files left


def test_write_and_use_baseline(aisec, tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    work = tmp_path / "w"
    write(work / "a.py", f'k = "{keys.groq()}"\n')
    base = tmp_path / "base.json"
    assert aisec("scan", str(work), "--write-baseline", str(base)).code == 0
    assert aisec("scan", str(work), "--baseline", str(base)).code == 0
    write(work / "b.py", f'k = "{keys.xai()}"\n')
    result = aisec("scan", str(work), "--baseline", str(base), "-f", "json")
    assert result.code == 1
    assert [f["rule_id"] for f in json.loads(result.stdout)["findings"]] == ["KEY023"]


@pytest.mark.parametrize(
    "rule_yaml,needle",
    [
        ("version: 1\nrules:\n  - {id: KEY800, name: bad, title: Bad, severity: high, pattern: '(?P<secret>[a-z', docs: {what: x, why: y}}\n", "invalid regular expression"),
        ("version: 1\nrules:\n  - {id: KEY801, name: slow, title: Slow, severity: high, pattern: '(?P<secret>(a+)+b)', docs: {what: x, why: y}}\n", "catastrophic"),
        ("version: 1\nrules:\n  - {id: KEY802, name: look, title: L, severity: high, pattern: '(?P<secret>(?=a)a)', docs: {what: x, why: y}}\n", "look-around"),
        ("version: 1\nrules: !!python/object/apply:os.system ['true']\n", "not valid YAML"),
        ("version: 1\nrules:\n  - {id: KEY803, name: nodocs, title: N, severity: high, pattern: '(?P<secret>x)'}\n", "docs"),
    ],
)
def test_hostile_user_rules_are_refused(aisec, tmp_path: Path, write, rule_yaml: str, needle: str) -> None:  # type: ignore[no-untyped-def]
    rules = write(tmp_path / "rules.yaml", rule_yaml)
    write(tmp_path / "a.py", "x = 1\n")
    result = aisec("scan", str(tmp_path / "a.py"), "--rule-file", str(rules))
    assert result.code == 2
    assert needle in result.stderr
    assert "Traceback" not in result.stderr


def test_user_rule_file_adds_a_format(aisec, tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    rules = write(tmp_path / "rules.yaml", (
        "version: 1\nfamily: secrets\nrules:\n"
        "  - id: KEY850\n    name: acme-key\n    title: ACME key\n    severity: high\n"
        "    provider: ACME\n    pattern: '\\b(?P<secret>acme_[A-Za-z0-9]{30})\\b'\n"
        "    entropy: 3.0\n    docs: {what: ACME keys, why: they bill}\n"
    ))
    write(tmp_path / "w" / "a.py", f'k = "acme_{keys.chars(30)}"\n')
    result = aisec("scan", str(tmp_path / "w"), "--rule-file", str(rules), "-f", "json")
    assert result.code == 1, result.stderr
    assert json.loads(result.stdout)["findings"][0]["rule_id"] == "KEY850"


def test_rules_listing_and_explain(aisec) -> None:  # type: ignore[no-untyped-def]
    listing = aisec("rules", "--json")
    rules = json.loads(listing.stdout)
    assert {"KEY001", "KEY901"} <= {r["id"] for r in rules}
    explained = aisec("rules", "explain", "KEY001")
    assert explained.code == 0
    for heading in ("## What it finds", "## Why it matters", "## How to fix", "## References"):
        assert heading in explained.stdout
    assert aisec("rules", "explain", "KEY999").code == 2


def test_version_and_module_entry(aisec) -> None:  # type: ignore[no-untyped-def]
    from aisec_cli import __version__

    result = aisec("--version")
    assert result.code == 0 and result.stdout.strip() == f"aisec {__version__}"
