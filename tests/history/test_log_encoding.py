"""A repository's ``i18n.logOutputEncoding`` must not change what the history parser reads.

With ``UTF-16`` there, git re-encoded aisec's commit header lines: no commit was recognised,
every finding lost its commit (and blobs were read back from the index instead of the commit).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


@pytest.mark.parametrize("encoding", ["UTF-16", "ISO-8859-1"])
def test_findings_keep_their_commit(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory, encoding: str
) -> None:
    git(git_repo, "config", "i18n.logOutputEncoding", encoding)
    (git_repo / "app.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "caf\u00e9 settings")
    sha = git(git_repo, "rev-parse", "HEAD").strip()
    result = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert result.code == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert [(f["location"]["path"], f["commit"]["sha"]) for f in report["findings"]] == [("app.env", sha)]
    assert report["findings"][0]["commit"]["message"] == "caf\u00e9 settings"
    assert report["stats"]["commits_scanned"] == 1


def test_log_options_cannot_ask_for_another_encoding() -> None:
    from aisec_cli.sources.history import check_log_options

    assert check_log_options(["--encoding=UTF-16"]) == "--encoding=UTF-16"
    assert check_log_options(["--since=2020-01-01"]) is None
