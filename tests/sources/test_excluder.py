"""The default exclude matcher (no user patterns) answers as pathspec's GitIgnoreSpec would."""

from __future__ import annotations

import pathspec
import pytest

from aisec_cli.sources.files import ALWAYS_EXCLUDED, excluder

NAMES = [
    ".git", ".git/", ".git/config", "a/.git", "a/.git/", "a/.git/x", "./.git/x", "/.git/x",
    "a//.git/b", ".gitx/a", "a/.gitx", "x.git/a", ".hg/a", ".hg", "a/.svn/b/c", "a/.svn",
    "../.git/x", "a/./.git/b", ".git/.", "a/.git/..", "", "src/app.py", "data/.github/x.yml",
    "deep/er/.svn/entries", "git/x", "a/b/c/.hg/store/data",
]


@pytest.mark.parametrize("name", NAMES)
def test_default_matcher_agrees_with_gitignore_semantics(name: str) -> None:
    reference = pathspec.GitIgnoreSpec.from_lines(list(ALWAYS_EXCLUDED)).match_file
    assert excluder()(name) == reference(name)


def test_user_patterns_still_use_gitignore_semantics() -> None:
    match = excluder(["*.log", "!keep.log", "build/"])
    assert match("x/debug.log")
    assert not match("keep.log")
    assert match("build/out.js")
    assert match("a/.git/config")
    assert not match("src/app.py")
