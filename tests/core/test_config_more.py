"""per-file-ignores, extend and the value allowlist: each does what it says; wrong shapes are errors."""

from __future__ import annotations

import hashlib
import re
import json
from pathlib import Path

import pytest

from tests.conftest import git
from tests.keyfactory import KeyFactory


def _rules(aisec, *args: str, cwd: Path) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    result = aisec(*args, "-f", "json", cwd=cwd)
    assert result.code in (0, 1), result.stderr
    return sorted((f["location"]["path"], f["rule_id"]) for f in json.loads(result.stdout)["findings"])


def _tree(git_repo: Path, keys: KeyFactory, write) -> dict[str, str]:  # type: ignore[no-untyped-def]
    values = {"app": keys.openai_project(), "test": keys.anthropic()}
    write(git_repo / "app" / "main.py", f'KEY = "{values["app"]}"\n')
    write(git_repo / "tests" / "test_x.py", f'KEY = "{values["test"]}"\n')
    git(git_repo, "add", ".")
    return values


def test_per_file_ignores_by_glob_and_prefix(aisec, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    _tree(git_repo, keys, write)
    write(git_repo / "pyproject.toml", '[tool.aisec]\nper-file-ignores = { "tests/**" = ["KEY", "AIS1"] }\n')
    assert _rules(aisec, "scan", ".", cwd=git_repo) == [("app/main.py", "KEY001")]
    assert _rules(aisec, "lint", ".", cwd=git_repo / "tests") == []
    assert [r for _, r in _rules(aisec, "lint", ".", cwd=git_repo)] == ["AIS101"]


def test_extend_merges_the_base_file(aisec, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    _tree(git_repo, keys, write)
    write(git_repo / "base.toml", 'exclude = ["tests/"]\n[scan]\nverify = false\n')
    write(git_repo / "app" / ".aisec.toml", 'extend = "../base.toml"\nextend-exclude = ["/main.py"]\n')
    assert _rules(aisec, "scan", ".", cwd=git_repo / "app") == []
    write(git_repo / "app" / ".aisec.toml", 'extend = "../base.toml"\n')
    assert _rules(aisec, "scan", ".", "../tests", cwd=git_repo / "app") == [("app/main.py", "KEY001")]
    write(git_repo / "base.toml", 'extend = "app/.aisec.toml"\n')
    loop = aisec("scan", ".", cwd=git_repo / "app")
    assert loop.code == 2 and "loop" in loop.stderr


def test_allowlist_by_hash_and_regex_in_every_engine(aisec, git_repo: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    values = _tree(git_repo, keys, write)
    sha = hashlib.sha256(values["app"].encode()).hexdigest()
    write(git_repo / "pyproject.toml", f'[tool.aisec.scan]\nallow-hashes = ["sha256:{sha}"]\nallow-regexes = [\'^{re.escape(values["test"][:20])}\']\n')
    assert _rules(aisec, "scan", ".", cwd=git_repo) == []
    assert _rules(aisec, "lint", ".", cwd=git_repo) == []
    assert _rules(aisec, "redact", "--check", ".", cwd=git_repo) == []


@pytest.mark.parametrize(
    "text, message",
    [
        ('[tool.aisec]\nper-file-ignores = ["x"]\n', "per-file-ignores: expected a table"),
        ('[tool.aisec]\nper-file-ignores = { "x/*" = "KEY" }\n', "expected a list of rule ids"),
        ('[tool.aisec.scan]\nallow-hashes = ["abc"]\n', "SHA-256"),
        ('[tool.aisec.scan]\nallow-regexes = ["("]\n', "valid regular expressions"),
        ('[tool.aisec.scan]\nallowlist = []\n', "unknown key 'scan.allowlist'"),
        ('[tool.aisec]\nextend = "nope.toml"\n', "does not exist"),
    ],
)
def test_wrong_shapes_are_errors(aisec, tmp_path: Path, write, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "pyproject.toml", text)
    result = aisec("scan", ".", cwd=tmp_path)
    assert result.code == 2 and message in result.stderr and "Traceback" not in result.stderr
