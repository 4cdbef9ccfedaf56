"""A binary file is a deliberate skip the report names: a ``skipped`` entry with its reason,
so a gate's user can see what was not read (the run stays complete)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.core.config import Settings
from aisec_cli.core.findings import ScanError
from aisec_cli.sources import files, filescan
from tests.conftest import CliResult
from tests.keyfactory import KeyFactory


def _tree(root: Path, keys: KeyFactory) -> None:
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (root / "app.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    (root / "tool.py").write_bytes(b"import os\n\x00\x01\x02" + bytes(range(256)) * 4)  # every command reads .py


def test_the_reader_says_binary_as_a_skipped_entry(tmp_path: Path) -> None:
    (tmp_path / "img.bin").write_bytes(b"\x89PNG\x00\x00" + b"x" * 100)
    result = files.read(files.Target(str(tmp_path / "img.bin"), "img.bin"), 10**6)
    assert isinstance(result, ScanError) and result.kind == "skipped" and "binary" in result.message


@pytest.mark.parametrize("command", ["scan", "lint", "prompts", "redact"])
def test_every_file_command_lists_it_and_stays_complete(
    tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory, command: str
) -> None:
    _tree(tmp_path, keys)
    args = [command, "--check"] if command == "redact" else [command]
    result = aisec(*args, "-f", "json", ".", cwd=tmp_path)
    report = json.loads(result.stdout)
    entries = [(e["path"], e["kind"]) for e in report["errors"]]
    assert ("tool.py", "skipped") in entries, report["errors"]
    if command == "scan":
        assert ("logo.png", "skipped") in entries
    assert report["incomplete"] is False
    assert result.code in (0, 1)


def test_the_counts_name_every_deliberate_skip(tmp_path: Path, keys: KeyFactory) -> None:
    _tree(tmp_path, keys)
    (tmp_path / "big.txt").write_text("a" * 5000, encoding="utf-8")
    report = filescan.run(
        filescan.Job("scan", ("secrets",), lambda d: ([], []), Settings(root=tmp_path, jobs=1, max_file_size=4096)),
        [tmp_path],
    )
    skipped = sorted(e.path for e in report.errors if e.kind == "skipped")
    assert skipped == ["big.txt", "logo.png", "tool.py"]
    assert report.stats["files_skipped"] == 3 and report.stats["files_scanned"] == 1


def test_blocking_errors_come_before_deliberate_skips(tmp_path: Path, keys: KeyFactory) -> None:
    """The text output shows the first entries only: an unread file must not hide behind skips."""
    for n in range(30):
        (tmp_path / f"a{n:02d}.bin").write_bytes(b"\0\1\2" * 10)
    (tmp_path / "z.txt").write_text("x\n", encoding="utf-8")

    def boom(document):  # type: ignore[no-untyped-def]
        if document.path == "z.txt":
            raise RuntimeError("engine bug")
        return [], []

    report = filescan.run(filescan.Job("scan", ("secrets",), boom, Settings(root=tmp_path, jobs=1)), [tmp_path])
    assert report.errors[0].path == "z.txt" and report.errors[0].kind == "error"
    assert len(report.errors) == 31


def test_a_submodule_folder_is_listed_not_silently_counted(
    tmp_path: Path, git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    from tests.conftest import git

    sub = tmp_path / "sub"
    sub.mkdir()
    git(sub, "init", "-q", "-b", "main")
    (sub / "x.txt").write_text("x\n", encoding="utf-8")
    git(sub, "add", "-A")
    git(sub, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "x")
    (git_repo / "app.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    git(git_repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub), "vendor/sub")
    result = aisec("scan", "-f", "json", ".", cwd=git_repo)
    report = json.loads(result.stdout)
    listed = {e["path"]: (e["kind"], e["message"]) for e in report["errors"]}
    assert listed["vendor/sub"][0] == "skipped" and "submodule" in listed["vendor/sub"][1]
    assert result.code == 1 and report["incomplete"] is False


def test_a_link_to_a_folder_inside_the_tree_says_so(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("hello\n", encoding="utf-8")
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    report = json.loads(aisec("scan", "-f", "json", ".", cwd=tmp_path).stdout)
    listed = {e["path"]: (e["kind"], e["message"]) for e in report["errors"]}
    assert listed["alias"][0] == "skipped" and "symbolic link to a folder" in listed["alias"][1]
    assert report["stats"]["files_scanned"] == 1 and report["incomplete"] is False
