"""Patterns from users' rule files run under RE2 only, or are refused with a reason.

A backtracking engine takes exponential time on shapes like ``(a|aa)*$``; each run here
has a time limit, so a fallback to Python's ``re`` shows up as a failure.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aisec_cli.core.errors import ConfigError
from aisec_cli.core.regex import LazyRegex
from aisec_cli.prompts import ruleset
from tests.cli.test_own_files_cli import assert_one_error, run

RUNS = 40  # 'a' characters: 2**40-ish steps for a backtracking engine, microseconds for RE2


def _secret_rule(extra: str, pattern: str = "\\b(?P<secret>acme_a{40}Z)\\b") -> str:
    return (
        "version: 1\nfamily: secrets\nrules:\n"
        "  - id: KEY850\n    name: acme-key\n    title: ACME key\n    severity: high\n"
        f"    provider: ACME\n    pattern: '{pattern}'\n"
        "    entropy: 0\n    docs: {what: ACME keys, why: they bill}\n" + extra
    )


def _project(tmp_path: Path, rules: str, text: str, name: str = "a.py") -> Path:
    root = tmp_path / "p"
    root.mkdir()
    (root / "rules.yaml").write_text(rules, encoding="utf-8")
    (root / name).write_text(text, encoding="utf-8")
    return root


def test_catastrophic_allow_pattern_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path, _secret_rule("    allow: ['(a+)+$']\n"), "k = 'acme_" + "a" * RUNS + "Z'\n")
    result = run("scan", "a.py", "--rule-file", "rules.yaml", cwd=root)
    assert_one_error(result, "rules.yaml", "KEY850", "allow", "catastrophic")


def test_allow_patterns_run_under_re2(tmp_path: Path) -> None:
    # This passes the shape check but backtracks exponentially in `re` on acme_abab…Z.
    rule = _secret_rule("    allow: ['^acme_(ab|a|b)*$']\n", "\\b(?P<secret>acme_(?:ab){30}Z)\\b")
    root = _project(tmp_path, rule, "k = 'acme_" + "ab" * 30 + "Z'\n")
    result = run("scan", "a.py", "--rule-file", "rules.yaml", "-f", "json", cwd=root)
    assert result.returncode == 1, result.stderr
    assert [f["rule_id"] for f in json.loads(result.stdout)["findings"]] == ["KEY850"]


@pytest.mark.parametrize(
    ("pattern", "needle"),
    [
        ("\\b(?P<secret>acme_a{40})\\Z", "RE2 cannot compile"),
        ("(?P<secret>acme)(?<=e)", "look-around"),
        ("(?P<secret>(a)\\1)", "backreference"),
    ],
)
def test_patterns_re2_rejects_are_refused_not_run_in_re(tmp_path: Path, pattern: str, needle: str) -> None:
    root = _project(tmp_path, _secret_rule("", pattern), "x = 1\n")
    result = run("scan", "a.py", "--rule-file", "rules.yaml", cwd=root)
    assert_one_error(result, "rules.yaml", "KEY850", needle)


def _prompt_rule(regex: str, vocabulary: str = "") -> str:
    return (
        f"version: 1\nfamily: injection\n{vocabulary}rules:\n"
        "  - id: PRM190\n    name: user-rule\n    title: User rule\n    severity: high\n"
        "    tags: [LLM01]\n    category: direct_override\n"
        f"    patterns:\n      - id: user-one\n        regex: '{regex}'\n        score: 0.9\n"
        "    docs: {what: x, why: y, example: z, fix: f, references: [r]}\n"
    )


def test_prompt_rule_patterns_run_under_re2(tmp_path: Path) -> None:
    # Non-ASCII text takes the engine's exact-match path, which used to be `re`.
    text = "é " + "a" * RUNS + " x ac\n"
    root = _project(tmp_path, _prompt_rule("(a|aa)*c"), text, name="p.txt")
    result = run("prompts", "p.txt", "--rule-file", "rules.yaml", "--no-model", "-f", "json", cwd=root)
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1), result.stderr
    json.loads(result.stdout)


def test_prompt_rule_look_around_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path, _prompt_rule("ignore(?= all)"), "hello\n", name="p.txt")
    result = run("prompts", "p.txt", "--rule-file", "rules.yaml", cwd=root)
    assert_one_error(result, "rules.yaml", "PRM190", "look-around")


def test_user_vocabulary_moves_bundled_patterns_to_re2(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(_prompt_rule("hello", 'vocabulary:\n  S: "(?:a|aa)*[\\\\s,]{1,3}"\n'), encoding="utf-8")
    compiled = ruleset.load([path])
    by_id = {p.pid: p for p in compiled.patterns}
    assert not _python_re(by_id["ignore-prior-instructions"].regex)  # uses {S}
    assert not _python_re(by_id["user-one"].regex)
    assert _python_re(by_id["forget-everything"].regex)  # no user term in it
    assert all(_python_re(p.regex) for p in ruleset.bundled().patterns)


def _python_re(regex: object) -> bool:
    """True for a pattern that runs on Python's ``re`` (bundled ones compile on first use)."""
    if isinstance(regex, LazyRegex):
        return isinstance(regex.compiled(), re.Pattern)
    return isinstance(regex, re.Pattern)


def test_user_vocabulary_term_re2_rejects_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(_prompt_rule("hello", 'vocabulary:\n  S: "(?<=x)\\\\s"\n'), encoding="utf-8")
    with pytest.raises(ConfigError, match="look-around"):
        ruleset.load([path])
