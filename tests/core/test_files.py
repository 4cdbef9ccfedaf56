"""File discovery and reading on real folders and real git repositories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aisec_cli.core.config import Settings
from aisec_cli.core.document import Document
from aisec_cli.core.findings import ScanError
from aisec_cli.secrets.run import scan_tree
from aisec_cli.sources import files
from tests.conftest import git
from tests.keyfactory import KeyFactory


def names(folder: Path, exclude: tuple[str, ...] = ()) -> list[str]:
    targets = files.discover([folder], folder, exclude).targets
    return sorted(t.name for t in targets)


def test_git_repository_lists_tracked_and_untracked_not_ignored(git_repo: Path, write) -> None:  # type: ignore[no-untyped-def]
    write(git_repo / ".gitignore", ".env\nbuild/\n")
    write(git_repo / "app.py", "x = 1\n")
    write(git_repo / ".env", "SECRET=1\n")
    write(git_repo / "build" / "out.js", "y\n")
    git(git_repo, "add", ".gitignore", "app.py")
    git(git_repo, "commit", "-qm", "init")
    write(git_repo / "new.py", "z\n")
    assert names(git_repo) == [".gitignore", "app.py", "new.py"]


def test_walk_honours_nested_gitignore_outside_git(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / ".gitignore", "*.log\n!keep.log\n")
    write(tmp_path / "a.log", "")
    write(tmp_path / "keep.log", "")
    write(tmp_path / "sub" / ".gitignore", "secret.txt\n")
    write(tmp_path / "sub" / "secret.txt", "")
    write(tmp_path / "sub" / "ok.txt", "")
    write(tmp_path / ".git_not_really" / "x", "")
    assert names(tmp_path) == [".git_not_really/x", ".gitignore", "keep.log", "sub/.gitignore", "sub/ok.txt"]


def test_excludes_apply_to_folders_and_explicit_files(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "tests" / "fixtures" / "a.py", "")
    write(tmp_path / "src" / "b.py", "")
    assert names(tmp_path, ("tests/fixtures/**",)) == ["src/b.py"]
    targets = files.discover([tmp_path / "tests" / "fixtures" / "a.py"], tmp_path, ("tests/fixtures/**",)).targets
    assert targets == []


def test_binary_files_are_skipped_and_oversized_listed(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "img.bin", b"\x89PNG\x00\x00" + b"x" * 100)
    write(tmp_path / "big.txt", "a" * 2048)
    binary = files.read(files.Target(str(tmp_path / "img.bin"), "img.bin"), 10**6)
    assert isinstance(binary, ScanError) and binary.kind == "skipped" and "binary" in binary.message
    result = files.read(files.Target(str(tmp_path / "big.txt"), "big.txt"), 1024)
    assert isinstance(result, ScanError) and "size cap" in result.message


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32", "latin-1"])
def test_encodings_are_decoded(tmp_path: Path, keys: KeyFactory, encoding: str) -> None:
    key = keys.groq()
    path = tmp_path / "k.txt"
    path.write_bytes(f"caf\u00e9 = '{key}'\n".encode(encoding))
    doc = files.read(files.Target(str(path), "k.txt"), 10**6)
    assert isinstance(doc, Document) and key in doc.text


def test_bad_files_become_errors_and_the_scan_goes_on(tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "ok.py", f'k = "{keys.groq()}"\n')
    os.symlink(tmp_path / "missing", tmp_path / "dangling")
    os.symlink(tmp_path / "loop_a", tmp_path / "loop_b")
    os.symlink(tmp_path / "loop_b", tmp_path / "loop_a")
    os.mkfifo(tmp_path / "pipe")
    unreadable = write(tmp_path / "secret.txt", "x")
    unreadable.chmod(0)
    write(tmp_path / "bad.bin", b"\xff\xfe\xfd not utf8 \x80")
    report = scan_tree([tmp_path], Settings(root=tmp_path, jobs=1))
    assert [f.rule_id for f in report.findings] == ["KEY020"]
    by_path = {e.path: e for e in report.errors}
    assert "dangling" in by_path and "symbolic link" in by_path["dangling"].message
    assert "loop_a" in by_path and "pipe" in by_path
    if os.geteuid() != 0:  # root reads anything
        assert "secret.txt" in by_path


def test_vanished_file_is_reported_not_fatal(tmp_path: Path) -> None:
    result = files.read(files.Target(str(tmp_path / "gone.py"), "gone.py"), 10**6)
    assert isinstance(result, ScanError) and "vanished" in result.message


def test_parallel_and_serial_scans_agree(tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    for i in range(150):
        write(tmp_path / f"m{i:03}.py", f'k = "{keys.groq()}"\n' if i % 10 == 0 else "pass\n")
    serial = scan_tree([tmp_path], Settings(root=tmp_path, jobs=1))
    parallel = scan_tree([tmp_path], Settings(root=tmp_path, jobs=2))
    assert len(serial.findings) == 15
    assert [f.fingerprint for f in serial.findings] == [f.fingerprint for f in parallel.findings]


def test_one_gigabyte_file_is_listed_and_skipped(tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    with open(tmp_path / "huge.log", "wb") as handle:  # sparse: no real disk use
        handle.truncate(1024**3)
    write(tmp_path / "ok.py", f'k = "{keys.groq()}"\n')
    report = scan_tree([tmp_path], Settings(root=tmp_path, jobs=1))
    assert [f.location.path for f in report.findings] == ["ok.py"]
    (error,) = [e for e in report.errors if e.path == "huge.log"]
    assert error.kind == "skipped" and "(1 GiB > 25 MiB;" in error.message


def test_malformed_notebook_is_still_scanned(tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "broken.ipynb", '{"cells": [{"source": ["x = \\"' + keys.groq() + '\\"\\n", \n')
    report = scan_tree([tmp_path], Settings(root=tmp_path, jobs=1))
    assert [(f.rule_id, f.location.line) for f in report.findings] == [("KEY020", 1)]


def test_atomic_write_never_replaces_a_device(tmp_path: Path) -> None:
    from aisec_cli.core.atomic import write_atomic

    before = os.stat(os.devnull)
    write_atomic(Path(os.devnull), "report\n")
    after = os.stat(os.devnull)
    assert after.st_ino == before.st_ino and after.st_rdev == before.st_rdev
    target = tmp_path / "r.json"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text() == "new" and (target.stat().st_mode & 0o777) == 0o640
