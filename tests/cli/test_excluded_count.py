"""Files left out by exclude patterns are counted and said, so a config that narrows a gate shows.

A repository's own config (or ``--exclude``) can take files out of a scan; a CI gate that passes
because a pull request excluded the file with the key must not look like a clean scan. Every
file run counts what the exclude patterns took out (``stats.files_excluded``) and the summary
line says it; aisec's own skips (``.git/``) are not counted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def _repo(git_repo: Path, keys: KeyFactory, config: str | None) -> Path:
    (git_repo / "app.py").write_text(f'OPENAI_API_KEY = "{keys.openai_project()}"\n', encoding="utf-8")
    (git_repo / "README.md").write_text("# demo\n", encoding="utf-8")
    (git_repo / "vendor").mkdir()
    (git_repo / "vendor" / "lib.py").write_text("x = 1\n", encoding="utf-8")
    if config is not None:
        (git_repo / ".aisec.toml").write_text(config, encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "init")
    return git_repo


def _json(result: CliResult) -> dict:
    assert result.stdout, result.stderr
    return json.loads(result.stdout)


def test_a_config_that_excludes_the_key_file_says_so_in_the_summary(
    git_repo: Path, keys: KeyFactory, aisec: Callable[..., CliResult]
) -> None:
    repo = _repo(git_repo, keys, 'exclude = ["app.py", "vendor/"]\n')
    table = aisec("scan", ".", cwd=repo)
    assert table.code == 0
    assert "0 finding(s) in 2 file(s), 2 excluded by exclude patterns" in table.stdout
    report = _json(aisec("scan", ".", "-f", "json", cwd=repo))
    assert report["stats"]["files_excluded"] == 2
    assert report["stats"]["files_scanned"] == 2  # README.md and .aisec.toml


def test_a_file_named_on_the_command_line_and_excluded_is_counted(
    git_repo: Path, keys: KeyFactory, aisec: Callable[..., CliResult]
) -> None:
    repo = _repo(git_repo, keys, 'exclude = ["app.py"]\n')
    report = _json(aisec("scan", "app.py", "README.md", "-f", "json", cwd=repo))
    assert report["stats"]["files_excluded"] == 1
    assert report["stats"]["files_scanned"] == 1


def test_without_exclude_patterns_nothing_is_counted_and_the_summary_is_unchanged(
    git_repo: Path, keys: KeyFactory, aisec: Callable[..., CliResult]
) -> None:
    repo = _repo(git_repo, keys, None)
    report = _json(aisec("scan", ".", "-f", "json", cwd=repo))
    assert report["stats"]["files_excluded"] == 0  # .git/ internals are aisec's own skip
    assert report["summary"]["findings"] == 1
    table = aisec("scan", ".", cwd=repo)
    assert "excluded" not in table.stdout.splitlines()[-1]


def test_the_exclude_option_is_counted_like_the_config(
    git_repo: Path, keys: KeyFactory, aisec: Callable[..., CliResult]
) -> None:
    repo = _repo(git_repo, keys, None)
    report = _json(aisec("scan", ".", "--exclude", "vendor/", "-f", "json", cwd=repo))
    assert report["stats"]["files_excluded"] == 1
    assert report["summary"]["findings"] == 1


def test_lint_and_the_one_process_hook_count_too(
    git_repo: Path, keys: KeyFactory, aisec: Callable[..., CliResult]
) -> None:
    repo = _repo(git_repo, keys, 'exclude = ["vendor/"]\n')
    lint = _json(aisec("lint", ".", "-f", "json", cwd=repo))
    assert lint["stats"]["files_excluded"] == 1
    hook = aisec("hooks", "run", "app.py", "vendor/lib.py", "-f", "json", cwd=repo)
    reports, text, decoder = [], hook.stdout.strip(), json.JSONDecoder()
    while text:  # one JSON report per check, one after the other
        report, end = decoder.raw_decode(text)
        reports.append(report)
        text = text[end:].strip()
    by_command = {r["command"]: r["stats"]["files_excluded"] for r in reports}
    assert by_command["scan"] == 1 and by_command["lint"] == 1, by_command


def test_the_base_branch_settings_recipe_is_not_undone_by_a_pyproject_table(
    git_repo: Path, keys: KeyFactory, aisec: Callable[..., CliResult]
) -> None:
    """docs/hooks-and-ci.md: the base branch's settings through --config at the root; a pull
    request that adds a [tool.aisec] table excluding its key file does not switch the gate off."""
    repo = _repo(git_repo, keys, 'exclude = ["vendor/"]\n')
    base = (repo / ".aisec.toml").read_text(encoding="utf-8")
    (repo / "pyproject.toml").write_text('[tool.aisec]\nexclude = ["app.py"]\n', encoding="utf-8")
    assert _json(aisec("scan", ".", "-f", "json", cwd=repo))["summary"]["findings"] == 0  # the PR's table wins
    (repo / ".aisec-gate.toml").write_text(base, encoding="utf-8")
    gated = _json(aisec("scan", "--config", ".aisec-gate.toml", ".", "-f", "json", cwd=repo))
    assert gated["summary"]["findings"] == 1
    assert gated["stats"]["files_excluded"] == 1  # vendor/, as the base branch says
