"""One key is one problem: the same pragmas, the same baseline entry and one key fingerprint in every engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import git
from tests.keyfactory import KeyFactory

ENGINES = (("scan",), ("lint",), ("redact", "--check"))


def _findings(aisec, *args: str, cwd: Path) -> list[dict]:  # type: ignore[no-untyped-def]
    result = aisec(*args, "-f", "json", cwd=cwd)
    assert result.code in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


@pytest.mark.parametrize("pragma", ["# pragma: allowlist secret", "# gitleaks:allow", "# aisec: ignore[KEY001] test value"])
def test_every_engine_honours_the_key_pragmas(aisec, git_repo: Path, keys: KeyFactory, write, pragma: str) -> None:  # type: ignore[no-untyped-def]
    write(git_repo / "app" / "main.py", f'KEY = "{keys.openai_project()}"  {pragma}\nOTHER = "{keys.openai_project()}"\n')
    git(git_repo, "add", ".")
    for engine in ENGINES:
        lines = [f["location"]["line"] for f in _findings(aisec, *engine, "app", cwd=git_repo)]
        assert lines == [2], (engine, lines)


def test_one_key_fingerprint_across_engines(aisec, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    write(git_repo / "app" / "main.py", f'KEY = "{keys.anthropic()}"\n')
    git(git_repo, "add", ".")
    found = {e[0]: _findings(aisec, *e, ".", cwd=git_repo) for e in ENGINES}
    assert [f["rule_id"] for f in found["lint"]] == ["AIS101"]
    assert [f["rule_id"] for f in found["redact"]] == ["PII114"]
    refs = {f["properties"]["key_fingerprint"] for fs in found.values() for f in fs}
    assert len(refs) == 1 and len(next(iter(refs))) == 32


def test_one_baseline_entry_silences_the_key_everywhere(aisec, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    write(git_repo / "app" / "main.py", f'KEY = "{keys.openai_project()}"\n')
    git(git_repo, "add", ".")
    assert aisec("scan", ".", "--write-baseline", ".aisec-baseline.json", cwd=git_repo).code == 0
    for engine in ENGINES:
        result = aisec(*engine, ".", "--baseline", "../.aisec-baseline.json", cwd=git_repo / "app")
        assert result.code == 0, (engine, result.stdout, result.stderr)
    write(git_repo / "app" / "main.py", f'KEY = "{keys.openai_project()}"\n')  # another key: reported again
    assert aisec("lint", ".", "--baseline", ".aisec-baseline.json", cwd=git_repo).code == 1


def test_a_readme_suppression_example_prints_no_note(aisec, git_repo: Path, write) -> None:  # type: ignore[no-untyped-def]
    write(git_repo / "README.md", "# demo\n\n```python\nTEST_KEY = load()  # aisec: ignore[KEY001] fixture key\n```\n")
    write(git_repo / "app.py", "x = 1  # aisec: ignore[KEY001] stale\n")
    git(git_repo, "add", ".")
    result = aisec("scan", ".", cwd=git_repo)
    assert result.code == 0
    assert "README.md" not in result.stderr
    assert "app.py: line 1: unused suppression [KEY001]" in result.stderr


def test_only_markers_inside_closed_fences_are_examples(aisec, git_repo: Path, write) -> None:  # type: ignore[no-untyped-def]
    write(git_repo / "docs.md", "\n".join([
        "~~~python",
        "TOKEN = load()  # aisec: ignore[KEY001] example in a tilde fence",
        "~~~",
        "Prose: aisec: ignore[KEY002] a real marker with nothing to silence",
        "````",
        "```",
        "x = 1  # aisec: ignore[KEY003] inside a longer fence, the short one does not close it",
        "````",
    ]) + "\n")
    git(git_repo, "add", ".")
    result = aisec("scan", ".", cwd=git_repo)
    assert result.code == 0, result.stderr
    assert "docs.md: line 4: unused suppression [KEY002]" in result.stderr
    assert "KEY001" not in result.stderr and "KEY003" not in result.stderr
