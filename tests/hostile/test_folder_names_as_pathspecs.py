"""A history or staged scan of a folder inside a repository asks git for that folder's paths,
and git read the folder's name as a pathspec: a name with pathspec magic (``:(exclude)*``,
``:!x``) or glob characters (``x[1]``, ``a*``) asked for other paths — ``:(exclude)*`` for none
at all: a committed and a staged key in that folder, exit 0. The folder's name is now given to
git literally (``:(literal)``); paths the user writes in ``--log-opts`` keep git's syntax."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git
from tests.keyfactory import KeyFactory


@pytest.mark.parametrize("folder", [":(exclude)*", "x[1]", ":!x1"])
def test_a_folder_named_like_a_pathspec_is_scanned_as_itself(git_repo: Path, keys: KeyFactory, folder: str) -> None:
    (git_repo / folder).mkdir()
    (git_repo / "x1").mkdir()
    (git_repo / folder / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    (git_repo / "x1" / "other.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "keys")
    (git_repo / folder / "s.env").write_text(f'OPENAI_API_KEY="{keys.openai_project()}"\n', encoding="utf-8")
    (git_repo / "x1" / "s.env").write_text(f'OPENAI_API_KEY="{keys.openai_project()}"\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    for mode, expected in (("--history", [f"{folder}/k.env"]), ("--staged", [f"{folder}/s.env"])):
        done = subprocess.run([sys.executable, "-m", "aisec_cli", "scan", mode, "-f", "json", folder], cwd=git_repo,
                              env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        assert done.returncode == 1, (mode, done.returncode, done.stderr)
        assert [f["location"]["path"] for f in json.loads(done.stdout)["findings"]] == expected, (mode, done.stdout)
