"""Commit ranges: --since, --range, --log-opts, --pre-push (git hook stdin and pre-commit env)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from aisec_cli.core.config import Settings
from aisec_cli.core.errors import UsageError
from aisec_cli.secrets.history_scan import plan_history, scan_history, split_log_options
from tests.history.conftest import Repo, run_cli, scan_json, where
from tests.keyfactory import KeyFactory

ZERO = "0" * 40


@pytest.fixture
def three(repo: Repo, keys: KeyFactory) -> tuple[Repo, list[str]]:
    """c1 adds a Groq key, c2 a Hugging Face token, c3 an OpenAI key (by another author)."""
    c1 = repo.commit("one", ("a.py", f"GROQ_API_KEY = \"{keys.groq()}\"\n"))
    c2 = repo.commit("two", ("sub/b.py", f"HF_TOKEN = \"{keys.huggingface()}\"\n"))
    repo.tick += 1
    repo.write("c.py", f"OPENAI_API_KEY = \"{keys.openai_project()}\"\n")
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "three", env={"GIT_AUTHOR_NAME": "Other Person", "GIT_AUTHOR_EMAIL": "o@example.com"})
    c3 = repo.git("rev-parse", "HEAD").strip()
    return repo, [c1, c2, c3]


def shas(repo: Repo, **kw: object) -> list[str]:
    report = scan_history(plan_history(repo.path, **kw), Settings(root=repo.path))  # type: ignore[arg-type]
    return sorted(f.commit.sha for f in report.findings if f.commit)


def test_since_and_range(three: tuple[Repo, list[str]]) -> None:
    repo, (c1, c2, c3) = three
    assert shas(repo, since=c1) == sorted([c2, c3])
    assert shas(repo, rev_range=f"{c1}..{c2}") == [c2]
    data = scan_json(repo, "--range", f"{c2}..{c3}", code=1)
    assert [where(f) for f in data["findings"]] == [(c3, "c.py", 1)]
    assert data["stats"]["commits_scanned"] == 1
    clean = scan_json(repo, "--since", c3, code=0)
    assert clean["findings"] == [] and clean["stats"]["commits_scanned"] == 0


def test_bad_revisions_are_usage_errors(three: tuple[Repo, list[str]]) -> None:
    repo, _ = three
    for args, needle in (
        (("--range", "nope..HEAD"), "unknown revision 'nope'"),
        (("--since", "no-such-tag"), "unknown revision"),
        (("--range", "--output=/tmp/x"), "not a revision"),
        (("--since", "HEAD", "--range", "HEAD~1..HEAD"), "cannot be combined"),
        (("--log-opts", "--format=%H"), "changes git's output format"),
        (("--log-opts", "--output=stolen.txt --all"), "changes git's output format"),
        (("--staged", "--history"), "cannot be combined"),
    ):
        result = run_cli("scan", *args, cwd=repo.path)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert needle in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (repo.path / "stolen.txt").exists()


def test_log_opts_select_authors_paths_and_branches(three: tuple[Repo, list[str]]) -> None:
    repo, (c1, c2, c3) = three
    assert shas(repo, log_opts="--author=Other --all") == [c3]
    assert shas(repo, log_opts="--all -- sub/") == [c2]
    # no revision in the options: the default --all still applies
    assert shas(repo, log_opts="--author=Test") == sorted([c1, c2])
    assert shas(repo, log_opts=f"{c2}") == sorted([c1, c2])  # a revision replaces --all
    assert shas(repo, log_opts="--max-count=1 --all") == [c3]


def test_split_log_options() -> None:
    assert split_log_options("--all --since='2 weeks ago' -- src docs") == (
        ("--all", "--since=2 weeks ago"), ("src", "docs"), True
    )
    assert split_log_options("--author=x")[2] is False
    with pytest.raises(UsageError):
        split_log_options("--all -p")
    with pytest.raises(UsageError):
        split_log_options("'unclosed")


def test_subfolder_limits_history_to_it(three: tuple[Repo, list[str]]) -> None:
    repo, (_, c2, _) = three
    report = scan_history(plan_history(repo.path / "sub"), Settings(root=repo.path))
    assert [(f.commit.sha if f.commit else "", f.location.path) for f in report.findings] == [(c2, "sub/b.py")]


# -- pre-push -----------------------------------------------------------------------------


@pytest.fixture
def pushed(three: tuple[Repo, list[str]], tmp_path: Path) -> tuple[Repo, list[str]]:
    """A remote that already has c1 (origin/main = c1)."""
    repo, commits = three
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    repo.git("remote", "add", "origin", str(remote))
    repo.git("push", "-q", "origin", f"{commits[0]}:refs/heads/main")
    repo.git("fetch", "-q", "origin")
    return repo, commits


def test_pre_push_update_scans_only_new_commits(pushed: tuple[Repo, list[str]]) -> None:
    repo, (c1, c2, c3) = pushed
    stdin = f"refs/heads/main {c3} refs/heads/main {c1}\n"
    data = scan_json(repo, "--pre-push", stdin=stdin, code=1)
    assert sorted(where(f)[0] for f in data["findings"]) == sorted([c2, c3])
    assert data["stats"]["commits_scanned"] == 2


def test_pre_push_new_branch_scans_commits_on_no_remote(pushed: tuple[Repo, list[str]]) -> None:
    repo, (c1, c2, c3) = pushed
    stdin = f"refs/heads/topic {c2} refs/heads/topic {ZERO}\n"
    data = scan_json(repo, "--pre-push", stdin=stdin, code=1)
    assert [where(f)[0] for f in data["findings"]] == [c2]


def test_pre_push_deletion_and_nothing_pushed(pushed: tuple[Repo, list[str]]) -> None:
    repo, (c1, _, _) = pushed
    data = scan_json(repo, "--pre-push", stdin=f"(delete) {ZERO} refs/heads/main {c1}\n", code=0)
    assert data["findings"] == [] and data["stats"]["commits_scanned"] == 0
    empty = scan_json(repo, "--pre-push", stdin="", code=0)
    assert empty["findings"] == []


def test_pre_push_several_refs_and_unknown_remote_sha(pushed: tuple[Repo, list[str]], keys: KeyFactory) -> None:
    repo, (c1, c2, c3) = pushed
    repo.git("checkout", "-q", "-b", "side", c1)
    side = repo.commit("side", ("side.py", f"ANTHROPIC_API_KEY = \"{keys.anthropic()}\"\n"))
    stdin = (
        f"refs/heads/main {c3} refs/heads/main {'f' * 40}\n"  # remote has a commit we lack
        f"refs/heads/side {side} refs/heads/side {ZERO}\n"
    )
    data = scan_json(repo, "--pre-push", stdin=stdin, code=1)
    assert sorted(where(f)[0] for f in data["findings"]) == sorted([c2, c3, side])


def test_pre_push_under_pre_commit_uses_its_refs(pushed: tuple[Repo, list[str]]) -> None:
    repo, (c1, c2, c3) = pushed
    env = {"PRE_COMMIT": "1", "PRE_COMMIT_FROM_REF": c2, "PRE_COMMIT_TO_REF": c3}
    data = scan_json(repo, "--pre-push", env=env, stdin=f"refs/heads/main {c3} refs/heads/main {ZERO}\n", code=1)
    assert [where(f)[0] for f in data["findings"]] == [c3]
    # a push pre-commit could not narrow (new root): the branch's commits on no remote
    env = {"PRE_COMMIT": "1", "PRE_COMMIT_LOCAL_BRANCH": "refs/heads/main"}
    data = scan_json(repo, "--pre-push", env=env, code=1)
    assert sorted(where(f)[0] for f in data["findings"]) == sorted([c2, c3])
