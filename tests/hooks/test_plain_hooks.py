"""The plain git hooks in ``hooks/``, installed by ``aisec hooks install``, driven by real git."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli import hooks_install as hi
from tests.conftest import CliResult, git
from tests.hooks.support import HOOKS_DIR, missing
from tests.keyfactory import KeyFactory

# git, sh and coreutils only: the hooks must find aisec through the interpreter recorded at
# install time, not through the developer's PATH.
BARE_PATH = "/usr/bin:/bin"


def _run(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PATH": BARE_PATH, **(env or {})}
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=full, timeout=300)


def _stage(repo: Path, name: str, text: str) -> None:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    git(repo, "add", name)


@pytest.fixture
def hooked(git_repo: Path, aisec: Callable[..., CliResult]) -> Path:
    if shutil.which("aisec", path=BARE_PATH):
        pytest.skip("aisec is installed system-wide; the PATH-independence check would prove nothing")
    result = aisec("hooks", "install", "--pre-push", cwd=git_repo)
    assert result.code == 0, result.stderr
    return git_repo


def test_hook_without_aisec_blocks_and_says_why(git_repo: Path) -> None:
    if shutil.which("aisec", path=BARE_PATH):
        pytest.skip("aisec is installed system-wide")
    hook = git_repo / ".git" / "hooks" / "pre-commit"
    shutil.copy2(HOOKS_DIR / "pre-commit", hook)  # a hand copy: no interpreter recorded
    _stage(git_repo, "a.txt", "hello\n")
    result = _run(git_repo, "commit", "-q", "-m", "x")
    assert result.returncode != 0
    assert "aisec is not installed" in result.stderr and "--no-verify" in result.stderr
    assert _run(git_repo, "rev-parse", "--verify", "-q", "HEAD").returncode != 0


@pytest.mark.skipif(bool(missing("scan", "--staged")), reason=str(missing("scan", "--staged")))
class TestPreCommit:
    def test_key_in_staged_file_blocks_the_commit(self, hooked: Path, keys: KeyFactory) -> None:
        key = keys.openai_project()
        _stage(hooked, "src/app.py", f"import os\nclient_key = \"{key}\"\n")
        result = _run(hooked, "commit", "-q", "-m", "add app")
        out = result.stdout + result.stderr
        assert result.returncode != 0
        assert "src/app.py:2:" in out and "KEY0" in out
        assert key not in out
        assert "aisec: ignore[" in out
        assert _run(hooked, "rev-parse", "--verify", "-q", "HEAD").returncode != 0

    def test_the_index_is_scanned_not_the_working_tree(self, hooked: Path, keys: KeyFactory) -> None:
        _stage(hooked, "settings.env", f"ANTHROPIC_API_KEY={keys.anthropic()}\n")
        (hooked / "settings.env").write_text("ANTHROPIC_API_KEY=\n")  # fixed on disk, not staged
        blocked = _run(hooked, "commit", "-q", "-m", "env")
        assert blocked.returncode != 0 and "settings.env:1:" in blocked.stdout + blocked.stderr

    def test_clean_commit_passes(self, hooked: Path) -> None:
        _stage(hooked, "src/app.py", "import os\nclient_key = os.environ['OPENAI_API_KEY']\n")
        result = _run(hooked, "commit", "-q", "-m", "clean")
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout == ""

    def test_inline_suppression_lets_the_commit_through(self, hooked: Path, keys: KeyFactory) -> None:
        line = f"FIXTURE_KEY = \"{keys.openai_project()}\"  # aisec: ignore[KEY001] revoked test fixture\n"
        _stage(hooked, "tests/fixture.py", line)
        result = _run(hooked, "commit", "-q", "-m", "fixture")
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(bool(missing("scan", "--commit-msg")), reason=str(missing("scan", "--commit-msg")))
class TestCommitMsg:
    def test_key_in_the_message_blocks_the_commit(self, hooked: Path, keys: KeyFactory) -> None:
        key = keys.huggingface()
        _stage(hooked, "notes.txt", "nothing secret\n")
        result = _run(hooked, "commit", "-q", "-m", "try the model", "-m", f"HF_TOKEN={key} worked")
        out = result.stdout + result.stderr
        assert result.returncode != 0
        assert "COMMIT_EDITMSG:3:" in out and "KEY0" in out
        assert key not in out
        assert _run(hooked, "rev-parse", "--verify", "-q", "HEAD").returncode != 0

    def test_a_verbose_commit_is_judged_on_its_message(self, hooked: Path, keys: KeyFactory) -> None:
        # the staged file is excluded by configuration, so only the diff `git commit -v` puts
        # below the scissors line holds the key: it is not part of the message
        _stage(hooked, "pyproject.toml", '[tool.aisec]\nexclude = ["fixtures/"]\n')
        _stage(hooked, "fixtures/revoked.env", f"GROQ_API_KEY={keys.groq()}\n")
        editor = "sh -c 'printf \"%s\\n\" \"plain subject\" > \"$1\".new && cat \"$1\" >> \"$1\".new && mv \"$1\".new \"$1\"' -"
        result = _run(hooked, "-c", f"core.editor={editor}", "commit", "-q", "-v")
        assert result.returncode == 0, result.stdout + result.stderr
        assert git(hooked, "log", "-1", "--format=%s").strip() == "plain subject"


@pytest.mark.skipif(bool(missing("scan", "--pre-push")), reason=str(missing("scan", "--pre-push")))
class TestPrePush:
    @pytest.fixture
    def remote(self, hooked: Path, tmp_path: Path) -> Path:
        bare = tmp_path / "remote.git"
        git(tmp_path, "init", "-q", "--bare", str(bare))
        git(hooked, "remote", "add", "origin", str(bare))
        return bare

    def test_key_in_pushed_history_blocks_the_push(self, hooked: Path, remote: Path, keys: KeyFactory) -> None:
        _stage(hooked, "README.md", "# demo\n")
        git(hooked, "commit", "-q", "--no-verify", "-m", "start")
        _stage(hooked, "config/dev.py", f"HF_TOKEN = \"{keys.huggingface()}\"\n")
        git(hooked, "commit", "-q", "--no-verify", "-m", "oops")
        _stage(hooked, "config/dev.py", "import os\nHF_TOKEN = os.environ['HF_TOKEN']\n")
        git(hooked, "commit", "-q", "--no-verify", "-m", "remove the token again")
        result = _run(hooked, "push", "-q", "origin", "main")
        out = result.stdout + result.stderr
        assert result.returncode != 0
        assert "config/dev.py:1:" in out and "KEY0" in out
        assert git(remote, "for-each-ref").strip() == ""  # nothing reached the remote

    def test_a_tag_whose_message_holds_a_key_is_not_pushed(self, hooked: Path, remote: Path, keys: KeyFactory) -> None:
        _stage(hooked, "README.md", "# demo\n")
        git(hooked, "commit", "-q", "--no-verify", "-m", "start")
        assert _run(hooked, "push", "-q", "origin", "main").returncode == 0
        key = keys.openai_project()
        git(hooked, "tag", "-a", "v1.0", "-m", "release", "-m", f"verified against prod with {key}")
        result = _run(hooked, "push", "-q", "origin", "v1.0")
        out = result.stdout + result.stderr
        assert result.returncode != 0
        assert "refs/tags/v1.0:3:" in out and key not in out
        assert "v1.0" not in git(remote, "tag")

    def test_clean_push_passes_and_only_new_commits_are_scanned(
        self, hooked: Path, remote: Path, keys: KeyFactory
    ) -> None:
        _stage(hooked, "old.py", f"KEY = \"{keys.groq()}\"\n")
        git(hooked, "commit", "-q", "--no-verify", "-m", "old mistake")
        assert _run(hooked, "push", "-q", "--no-verify", "origin", "main").returncode == 0
        _stage(hooked, "new.py", "print('fine')\n")
        git(hooked, "commit", "-q", "--no-verify", "-m", "clean change")
        result = _run(hooked, "push", "-q", "origin", "main")
        assert result.returncode == 0, result.stdout + result.stderr
        assert git(remote, "rev-parse", "main").strip() == git(hooked, "rev-parse", "HEAD").strip()


def test_installed_hooks_match_the_shipped_files(hooked: Path) -> None:
    for name in hi.HOOK_NAMES:
        installed = (hooked / ".git" / "hooks" / name).read_text()
        shipped = (HOOKS_DIR / name).read_text()
        assert hi.PYTHON_LINE.sub("", installed) == hi.PYTHON_LINE.sub("", shipped)
