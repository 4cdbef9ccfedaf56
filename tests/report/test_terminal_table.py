"""The table fits the terminal, wraps between words, shows the masked key once, and says how to fix and silence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from aisec_cli.core.findings import Finding, Location, Report, Severity
from aisec_cli.report import table
from tests.conftest import git
from tests.keyfactory import KeyFactory

_FRAME = "┏┃┡│├└"


def _code(key: str) -> str:
    return (
        "import openai\n"
        f'KEY = "{key}"\n'
        "client = openai.OpenAI(api_key=KEY)\n"
        'r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": input()}])\n'
        "print(eval(r.choices[0].message.content))\n"
    )


@pytest.mark.parametrize("columns", [80, 100, 132])
def test_lint_table_fits_the_terminal(aisec, git_repo: Path, keys: KeyFactory, write, columns: int) -> None:  # type: ignore[no-untyped-def]
    key = keys.openai_project()
    write(git_repo / "app" / "main.py", _code(key))
    git(git_repo, "add", ".")
    result = aisec("lint", ".", cwd=git_repo, env={"COLUMNS": str(columns)})
    assert result.code == 1
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= columns
    masked = "sk-proj-…" + key[-4:]
    table_text = "\n".join(line for line in lines if line[:1] in _FRAME)
    assert table_text.count(masked) == 1  # the masked key once, not in message and evidence both
    # words are never cut: every word of the messages is whole on some line
    cells = " ".join(part.strip() for line in lines if line[:1] in "│" for part in line.split("│"))
    for word in ("anyone", "source", "timeout:", "attempt.", "executed", "budget."):
        assert re.search(rf"(^|\s){re.escape(word)}(\s|$)", cells), word
    assert "…" in table_text  # the long call's evidence is cut with an ellipsis, on one line
    assert "AIS101 fix:" in result.stdout and "`aisec lint --fix` does it for you." in result.stdout
    assert "aisec: ignore[AIS101] reason" in result.stdout
    assert "--write-baseline" in result.stdout


def test_quiet_drops_the_hints(aisec, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    write(git_repo / "main.py", _code(keys.openai_project()))
    result = aisec("lint", ".", "-q", cwd=git_repo, env={"COLUMNS": "80"})
    assert result.code == 1 and "fix:" not in result.stdout and "AIS101" in result.stdout


def test_scan_shows_the_masked_key_once(aisec, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    key = keys.anthropic()
    write(git_repo / "a.py", f'K = "{key}"\n')
    out = aisec("scan", ".", cwd=git_repo, env={"COLUMNS": "120"}).stdout
    assert out.count("sk-ant-api03-…" + key[-4:]) == 1
    assert "Evidence" not in out  # no empty column


def test_the_fast_layout_fits_and_wraps_between_words(monkeypatch: pytest.MonkeyPatch) -> None:
    long = "the model output reaches a shell command without any validation " * 3
    findings = tuple(
        Finding(f"AIS30{i % 3}", Severity.HIGH, long, Location(f"pkg/module_{i}.py", i + 1), f"fp{i}", "subprocess.run(cmd, shell=True) " * 4)
        for i in range(30)
    )
    monkeypatch.setattr(table, "FAST_ROWS", 5)
    for width in (80, 120):
        out = table.render(Report("lint", findings=findings), color=False, width=width)
        lines = out.splitlines()
        assert max(cell_len(line) for line in lines) <= width
        framed = [line for line in lines if line.startswith("│")]
        vocabulary = set(long.split()) | set(findings[0].snippet.split()) | {"›"}
        for line in framed:
            what = line.split("│")[4]
            for token in what.split():
                assert token in vocabulary or token.endswith("…"), (width, token)
