"""``--format hook``: one line per finding naming file, line and rule, then how to fix or suppress."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from aisec_cli.core.findings import Commit, Finding, Location, Report, Severity, fingerprint
from aisec_cli.report import FORMATS, render
from aisec_cli.report.hook import MAX_LINES, first_sentence
from tests.conftest import CliResult
from tests.keyfactory import KeyFactory

LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+)(@[0-9a-f]+)?: (?P<rule>[A-Z]+\d+) (?P<sev>\w+) ")


def _finding(rule: str = "KEY001", path: str = "a.py", line: int = 3, commit: Commit | None = None) -> Finding:
    return Finding(
        rule_id=rule,
        severity=Severity.CRITICAL,
        message="OpenAI project API key hardcoded: sk-proj-…ab12",
        location=Location(path, line, 7),
        fingerprint=fingerprint(rule, path, f"m{line}"),
        snippet="sk-proj-…ab12",
        commit=commit,
    )


def test_hook_is_a_known_format() -> None:
    assert "hook" in FORMATS


def test_no_findings_prints_nothing() -> None:
    assert render(Report("scan"), "hook") == ""


def test_each_finding_is_one_parseable_line_and_hints_follow() -> None:
    report = Report("scan", findings=(_finding(line=3), _finding(path="dir/b.env", line=12)))
    text = render(report, "hook", color=False)
    lines = text.splitlines()
    first, second = LINE.match(lines[0]), LINE.match(lines[1])
    assert first and second
    assert (first["path"], first["line"], first["rule"], first["sev"]) == ("a.py", "3", "KEY001", "critical")
    assert (second["path"], second["line"]) == ("dir/b.env", "12")
    assert "sk-proj-…ab12" in lines[0]
    assert "aisec scan: 2 finding(s) (2 critical)" in text
    assert "fix KEY001:" in text and "aisec rules explain KEY001" in text
    assert "aisec: ignore[KEY001] reason" in text
    assert "\x1b[" not in text
    # one hint per rule, however many findings it has
    assert text.count("fix KEY001:") == 1


def test_history_findings_carry_the_commit_and_history_advice() -> None:
    commit = Commit(sha="0123456789abcdef0123456789abcdef01234567")
    text = render(Report("scan", findings=(_finding(commit=commit),)), "hook")
    assert text.startswith("a.py:3:7@0123456789ab: KEY001 critical ")
    assert "history" in text


def test_long_reports_are_capped() -> None:
    many = tuple(_finding(line=i + 1) for i in range(MAX_LINES + 7))
    text = render(Report("scan", findings=many), "hook")
    assert sum(1 for l in text.splitlines() if LINE.match(l)) == MAX_LINES
    assert "… and 7 more finding(s)" in text


def test_color_only_when_asked() -> None:
    report = Report("scan", findings=(_finding(),))
    assert "\x1b[" in render(report, "hook", color=True)
    assert "\x1b[" not in render(report, "hook", color=False)


def test_first_sentence_is_short_and_single_line() -> None:
    text = "Revoke it now.\nThen rotate   every copy. More text."
    assert first_sentence(text) == "Revoke it now."
    long = "word " * 100
    cut = first_sentence(long, 40)
    assert len(cut) <= 40 and cut.endswith("…") and "\n" not in cut


def test_cli_hook_output_for_a_planted_key(
    tmp_path: Path, keys: KeyFactory, aisec: Callable[..., CliResult], write: Callable[[Path, str], Path]
) -> None:
    key = keys.anthropic()
    write(tmp_path / "svc" / "settings.py", f"import os\n\nANTHROPIC_API_KEY = \"{key}\"\n")
    write(tmp_path / "clean.py", "print('hello')\n")
    result = aisec("scan", "--format", "hook", "svc/settings.py", "clean.py", cwd=tmp_path)
    assert result.code == 1
    head = LINE.match(result.stdout.splitlines()[0])
    assert head and head["path"] == "svc/settings.py" and head["line"] == "3"
    assert head["rule"].startswith("KEY")
    assert key not in result.stdout + result.stderr
    assert "ignore[" in result.stdout
    assert "clean.py" not in result.stdout
    assert "┃" not in result.stdout  # no table under a hook


def test_rules_sharing_a_fix_get_one_hint_line() -> None:
    from aisec_cli.core.rules import Rule, RuleDocs

    same = RuleDocs(what="w", why="y", fix="Rotate the key. Then load it from the environment.")
    other = RuleDocs(what="w", why="y", fix="Move the call to the server.")
    rules = (
        Rule("KEY001", "a-key", "A key", Severity.CRITICAL, "secrets", same),
        Rule("KEY016", "b-key", "B key", Severity.CRITICAL, "secrets", same),
        Rule("AIS101", "c-code", "C", Severity.HIGH, "lint", other),
    )
    report = Report("scan", findings=(_finding("KEY001"), _finding("KEY016", line=9), _finding("AIS101", line=11)), rules=rules)
    text = render(report, "hook")
    assert "  fix KEY001, KEY016: Rotate the key. (aisec rules explain KEY001)\n" in text
    assert "  fix AIS101: Move the call to the server. (aisec rules explain AIS101)\n" in text
    assert text.count("  fix ") == 2
