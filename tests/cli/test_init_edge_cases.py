"""``aisec init`` when the files it would touch are not ordinary files inside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.test_own_files_cli import run


def _clean(result) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 2), (result.returncode, result.stderr)


def _line(result, step: str) -> str:  # type: ignore[no-untyped-def]
    return next(line for line in result.stdout.splitlines() if line.startswith(f"[{step}]"))


@pytest.mark.parametrize("kind", ["folder", "fifo", "device-link", "non-utf8"])
def test_gitignore_that_cannot_be_extended_is_left_alone(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    target = root / ".gitignore"
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "device-link":
        target.symlink_to("/dev/zero")
    else:
        target.write_bytes(b"caf\xe9\n")
    result = run("init", "--yes", "--skip", "pre-commit,policy", cwd=root)
    _clean(result)
    line = _line(result, "gitignore")
    assert "by hand" in line, result.stdout
    assert "+ " not in result.stdout  # nothing shown as written
    if kind == "folder":
        assert target.is_dir()
    elif kind == "fifo":
        assert target.is_fifo()
    elif kind == "device-link":
        assert target.is_symlink() and os.readlink(target) == "/dev/zero"
    else:
        assert target.read_bytes() == b"caf\xe9\n"


def test_links_leading_out_of_the_repository_are_never_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "ignore").write_text("secret-outside-content\n", encoding="utf-8")
    (outside / "pc.yaml").write_text("repos: []\n", encoding="utf-8")
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".gitignore").symlink_to(outside / "ignore")
    (root / ".pre-commit-config.yaml").symlink_to(outside / "pc.yaml")
    (root / ".aisec").symlink_to(outside)
    result = run("init", "--yes", cwd=root)
    _clean(result)
    for step in ("gitignore", "pre-commit", "policy"):
        assert "link" in _line(result, step), result.stdout
    assert sorted(p.name for p in outside.iterdir()) == ["ignore", "pc.yaml"]
    assert (outside / "ignore").read_text(encoding="utf-8") == "secret-outside-content\n"
    assert (root / ".gitignore").is_symlink() and (root / ".pre-commit-config.yaml").is_symlink()
    assert "secret-outside-content" not in result.stdout


def test_aisec_folder_that_is_a_file(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".aisec").write_text("x\n", encoding="utf-8")
    result = run("init", "--yes", "--skip", "gitignore,pre-commit", cwd=root)
    _clean(result)
    assert "by hand" in _line(result, "policy")
    assert (root / ".aisec").read_text(encoding="utf-8") == "x\n"


def test_pre_commit_config_with_anchors_is_left_for_a_manual_edit(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    text = "x: &a [1]\ny: *a\nrepos:\n  - repo: local\n    hooks: []\n"
    (root / ".pre-commit-config.yaml").write_text(text, encoding="utf-8")
    result = run("init", "--yes", "--skip", "gitignore,policy", cwd=root)
    _clean(result)
    assert "by hand" in _line(result, "pre-commit")
    assert (root / ".pre-commit-config.yaml").read_text(encoding="utf-8") == text


def test_ordinary_repository_still_gets_all_three(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    result = run("init", "--yes", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / ".gitignore").is_file() and (root / ".pre-commit-config.yaml").is_file()
    assert (root / ".aisec" / "policy.yaml").is_file()
