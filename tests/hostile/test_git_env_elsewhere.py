"""git's repository variables (``GIT_DIR``, ``GIT_WORK_TREE``, ``GIT_INDEX_FILE`` …) left in the
environment by another context — a shell inside ``vcsh enter`` or a dotfiles alias, a hook of one
repository that scans another — made aisec's git processes read *that* repository instead of the
one it was asked to scan: a tree scan of a repository with a committed key exited 0 (git listed
the other repository's files), a history scan passed over a key in an annotated tag's message (the
tags were listed in the other repository), a staged scan failed on the other repository's index.

Now the variables are honoured where they describe the path being scanned (git's own hooks,
which set ``GIT_INDEX_FILE`` to a temporary index for ``git commit -a`` and ``git commit
<path>``; a dotfiles repository whose work tree has no ``.git`` of its own) and ignored for a
repository they do not describe."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git, new_repo
from tests.keyfactory import KeyFactory


def _commit(repo: Path, name: str, text: str) -> None:
    (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", name)
    git(repo, "commit", "-q", "--no-verify", "-m", f"add {name}")


def _paths(result: CliResult) -> list[str]:
    return [f["location"]["path"] for f in json.loads(result.stdout)["findings"]]


@pytest.fixture
def other(tmp_path: Path) -> Path:
    """A second repository, clean, whose variables the environment carries."""
    repo = new_repo(tmp_path / "other")
    _commit(repo, "readme.txt", "hello\n")
    return repo


@pytest.fixture
def scanned(tmp_path: Path, keys: KeyFactory) -> Path:
    repo = new_repo(tmp_path / "scanned")
    _commit(repo, "k.env", f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n')
    return repo


def test_tree_scan_reads_the_repository_asked_for_while_git_dir_and_work_tree_name_another(
    aisec: Callable[..., CliResult], other: Path, scanned: Path, tmp_path: Path
) -> None:
    env = {"GIT_DIR": str(other / ".git"), "GIT_WORK_TREE": str(other)}
    result = aisec("scan", str(scanned), "-f", "json", cwd=tmp_path, env=env)
    assert result.code == 1, result.stderr
    assert any(p.endswith("k.env") for p in _paths(result)), result.stdout


def test_tree_scan_with_git_dir_alone_naming_another_repository(
    aisec: Callable[..., CliResult], other: Path, scanned: Path, tmp_path: Path
) -> None:
    # the scanned repository ignores its key file, as a tracked .env often is: only the
    # repository's own index lists it
    (scanned / ".gitignore").write_text("*.env\n", encoding="utf-8")
    result = aisec("scan", str(scanned), "-f", "json", cwd=scanned, env={"GIT_DIR": str(other / ".git")})
    assert result.code == 1, result.stderr
    assert "k.env" in _paths(result), result.stdout


def test_history_scan_reads_the_tags_of_the_repository_asked_for(
    aisec: Callable[..., CliResult], other: Path, tmp_path: Path, keys: KeyFactory
) -> None:
    repo = new_repo(tmp_path / "tagged")
    _commit(repo, "notes.txt", "release notes\n")
    git(repo, "tag", "-a", "v1", "-m", f"release; the old key was {keys.anthropic()}")
    for env in ({"GIT_DIR": str(other / ".git")}, {"GIT_DIR": str(other / ".git"), "GIT_WORK_TREE": str(other)}):
        result = aisec("scan", "--history", str(repo), "-f", "json", cwd=tmp_path, env=env)
        assert result.code == 1, (env, result.stderr)
        assert _paths(result) == ["refs/tags/v1"], (env, result.stdout)


def test_staged_scan_uses_the_index_of_the_repository_asked_for(
    aisec: Callable[..., CliResult], other: Path, scanned: Path, tmp_path: Path, keys: KeyFactory
) -> None:
    (scanned / "staged.env").write_text(f'OPENAI_API_KEY="{keys.openai_project()}"\n', encoding="utf-8")
    git(scanned, "add", "staged.env")
    for env in ({"GIT_INDEX_FILE": str(other / ".git" / "index")}, {"GIT_DIR": str(other / ".git")}):
        result = aisec("scan", "--staged", str(scanned), "-f", "json", cwd=other, env=env)
        assert result.code == 1, (env, result.stderr)
        assert _paths(result) == ["staged.env"], (env, result.stdout)


def test_a_dotfiles_repository_is_scanned_through_its_variables(
    aisec: Callable[..., CliResult], tmp_path: Path, keys: KeyFactory
) -> None:
    """A bare repository whose work tree is a folder without a .git of its own (vcsh, yadm):
    the variables are the only way to it, and are honoured."""
    home = tmp_path / "home"
    home.mkdir()
    bare = tmp_path / "dotfiles.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    env = {"GIT_DIR": str(bare), "GIT_WORK_TREE": str(home)}
    (home / ".profile").write_text(f'export ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    git(home, "-c", "user.name=T", "-c", "user.email=t@example.com", "add", ".profile", env=env)
    git(home, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "profile", env=env)
    (home / ".profile").write_text("# rotated\n", encoding="utf-8")
    git(home, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-am", "rotated", env=env)
    result = aisec("scan", "--history", str(home), "-f", "json", cwd=home, env=env)
    assert result.code == 1, result.stderr
    assert _paths(result) == [".profile"], result.stdout


def _hook_env() -> dict[str, str]:
    return {**os.environ, "PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1"}


@pytest.mark.parametrize("how", [("-am", "x"), ("-m", "x", "conf.env")])
def test_the_pre_commit_hook_still_reads_gits_temporary_index(
    aisec: Callable[..., CliResult], tmp_path: Path, keys: KeyFactory, how: tuple[str, ...]
) -> None:
    """``git commit -a`` and ``git commit <path>`` stage into a temporary index named by
    ``GIT_INDEX_FILE``: the hook must judge that index, not the repository's own."""
    if shutil.which("aisec", path="/usr/bin:/bin"):
        pytest.skip("aisec is installed system-wide")
    repo = new_repo(tmp_path / "hooked")
    _commit(repo, "conf.env", "A=1\n")
    assert aisec("hooks", "install", cwd=repo).code == 0
    (repo / "conf.env").write_text(f'A=1\nANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    done = subprocess.run(["git", "commit", "-q", *how], cwd=repo, capture_output=True, text=True,
                          env=_hook_env(), timeout=300)
    assert done.returncode != 0 and "conf.env:2:" in done.stdout + done.stderr, done.stdout + done.stderr
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "1"
