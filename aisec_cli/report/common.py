"""Small helpers the reporters share: rule lookup, severity mappings, summary counts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from aisec_cli import __version__
from aisec_cli.core.findings import MESSAGE_BEING_WRITTEN, Finding, Report, Severity
from aisec_cli.core.paths import display_path
from aisec_cli.core.rules import Rule, all_rules

TOOL_NAME = "aisec"
INFO_URI = "https://github.com/aisec-dev/aisec"
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}
SARIF_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}


def version() -> str:
    return __version__


def rules_for(report: Report) -> dict[str, Rule]:
    """Rules behind the report's findings: those the run used, else the bundled ones."""
    table: dict[str, Rule] = {r.id: r for r in report.rules}
    wanted = {f.rule_id for f in (*report.findings, *report.suppressed)} - table.keys()
    if wanted:
        for rule in all_rules():
            if rule.id in wanted:
                table[rule.id] = rule
    return table


def severity_counts(findings: tuple[Finding, ...]) -> dict[str, int]:
    counts = Counter(f.severity.value for f in findings)
    return {s.value: counts.get(s.value, 0) for s in Severity}


def one_line(text: str) -> str:
    """``text`` safe for a line-oriented format: the escaped form of :mod:`aisec_cli.core.paths`
    (control characters, line separators, bidi controls and undecodable bytes as ``\\n``,
    ``\\x1b``, ``\\u202e``, ``\\xff``), so a file name or message can neither start a new line
    (a CI workflow command) nor drive the terminal."""
    return display_path(text)


def incomplete_line(report: Report) -> str:
    """One line saying the run is incomplete and why ("" when it is complete)."""
    if not report.incomplete:
        return ""
    reasons = report.incomplete_reasons(3)
    total = sum(1 for e in report.errors if e.blocks)
    shown = "; ".join(f"{message} ({count}×)" if count > 1 else message for message, count in reasons)
    more = "; …" if len(report.incomplete_reasons(4)) > 3 else ""
    return f"INCOMPLETE: {total} item(s) could not be examined: {shown}{more}"


def incomplete_dict(report: Report) -> dict[str, Any]:
    """``incomplete`` and its reasons with counts, for the structured formats."""
    return {
        "incomplete": report.incomplete,
        "incomplete_reasons": [{"reason": m, "count": n} for m, n in report.incomplete_reasons(50)],
    }


# Where a finding about the whole repository is shown (code scanning needs a file):
# the config file, else the README.
_HOME_FILES = (".aisec.toml", ".aisec.yaml", "pyproject.toml", "README.md", "README.rst", "README.txt", "README")


def file_path(finding: Finding, report: Report) -> str:
    """The file ``finding`` is attached to: its own, or for a repository-wide one (path ``.``
    or a folder) the config file or README at the root, so code scanning can show it."""
    path = finding.location.path
    if path not in ("", ".") and not path.endswith("/"):
        return path
    root = Path(report.root) if not report.root.startswith("/") or Path(report.root).is_dir() else Path(".")
    for name in _HOME_FILES:
        try:
            if (root / path.rstrip("/") / name).is_file() if path not in ("", ".") else (root / name).is_file():
                return f"{path.rstrip('/')}/{name}" if path not in ("", ".") else name
        except OSError:
            continue
    return path or "."


def where(finding: Finding) -> str:
    loc = finding.location
    text = f"{one_line(loc.path)}:{loc.line}:{loc.column}"
    if finding.commit is not None:
        text += f"@{finding.commit.sha[:12]}"
    return text


def title_of(finding: Finding, rules: dict[str, Rule]) -> str:
    rule = rules.get(finding.rule_id)
    return rule.title if rule else finding.message


def verification_of(finding: Finding) -> str | None:
    """The ``--verify`` status of a finding (live, invalid, unknown, unsupported), if it was verified."""
    value = finding.properties.get("verification")
    return str(value) if value else None


def verified_run(report: Report) -> bool:
    return any(verification_of(f) for f in report.findings)


def finding_dict(finding: Finding) -> dict[str, Any]:
    """The JSON shape of one finding (shared by json and jsonl)."""
    from aisec_cli.core.findings import public_properties

    loc = finding.location
    data: dict[str, Any] = {
        "rule_id": finding.rule_id,
        "severity": finding.severity.value,
        "message": finding.message,
        "location": {
            "path": loc.path,
            "line": loc.line,
            "column": loc.column,
            "end_line": loc.end_line,
            "end_column": loc.end_column,
        },
        "fingerprint": finding.fingerprint,
        "snippet": finding.snippet,
        "properties": public_properties(finding),
        "suppressed": finding.suppression,
    }
    status = verification_of(finding)
    if status is not None:
        data["verification"] = status
    if finding.commit is not None:
        c = finding.commit
        data["commit"] = {"sha": c.sha, "author": c.author, "email": c.email, "date": c.date, "message": c.message}
    return data


def keeping_advice(report: Report) -> list[str]:
    """How to silence or accept this run's findings, as applies to where they are: an ignore
    comment for files, a reword for keys in commit or tag messages, nothing but an edit for a
    message that a commit-msg hook stopped (the commit was not made)."""
    if report.extra.get(MESSAGE_BEING_WRITTEN):
        return [
            "The commit was not made: take the key out of the message (git keeps it in "
            ".git/COMMIT_EDITMSG) and commit again; revoke the key if it was shared anywhere else."
        ]
    advice: list[str] = []
    in_files = list(dict.fromkeys(f.rule_id for f in report.findings if not f.in_message))
    if in_files:
        advice.append(
            f"Silence a reviewed line: end it with the comment `aisec: ignore[{in_files[0]}] reason` "
            "(for keys also `pragma: allowlist secret`)."
        )
    if any(f.commit is not None and not f.in_message for f in report.findings):
        advice.append("A key committed to history stays there: revoke it, then rewrite the commits or accept it with a baseline.")
    if any(f.in_message for f in report.findings):
        advice.append(
            "A key in a commit or tag message stays in history with it: revoke the key, and reword the commit "
            "before it is pushed (`git commit --amend` for the last one, else `git rebase -i <commit>^` and mark "
            "it `reword`; a tag: `git tag -f -a`)."
        )
    advice.append(
        "Accept all of today's findings: run the same command with `--write-baseline .aisec-baseline.json`, "
        "then with `--baseline .aisec-baseline.json` (or `baseline` in the config)."
    )
    return advice
