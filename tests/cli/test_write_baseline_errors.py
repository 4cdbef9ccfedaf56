"""``--write-baseline`` on a full disk, a read-only folder or a missing folder: one clean error."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from aisec_cli.core import atomic, baseline
from aisec_cli.core.errors import ConfigError
from tests.cli.test_own_files_cli import assert_one_error, run


@pytest.mark.parametrize("command", ["scan", "lint", "prompts", "redact"])
def test_write_baseline_to_a_full_device(tmp_path: Path, command: str) -> None:
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    if command != "redact":
        result = run(command, "a.py", "--write-baseline", "/dev/full", cwd=tmp_path)
        assert_one_error(result, "/dev/full", "No space left on device")
        return
    # redact prints its "found N value(s)" status line first; the error is the one line after it.
    result = run(command, "a.py", "--check", "--write-baseline", "/dev/full", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "aisec: error: cannot write baseline file /dev/full: No space left on device"
    assert sum(line.startswith("aisec: error:") for line in lines) == 1


def test_write_baseline_into_a_missing_folder(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    result = run("scan", "a.py", "--write-baseline", "no/such/dir/b.json", cwd=tmp_path)
    assert_one_error(result, "no/such/dir/b.json", "No such file or directory")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only modes")
def test_write_baseline_into_a_read_only_folder(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run("scan", "a.py", "--write-baseline", "locked/b.json", cwd=tmp_path)
    finally:
        locked.chmod(0o700)
    assert_one_error(result, "Permission denied")


def test_disk_full_while_writing_the_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC at the write level: a clean error, the old baseline untouched, no temp file left."""
    target = tmp_path / "b.json"
    target.write_text("old\n", encoding="utf-8")
    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(ConfigError, match=r"cannot write baseline file .*b\.json: No space left on device"):
        baseline.write(target, [])
    monkeypatch.setattr(atomic.os, "fsync", real_fsync)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.json"]
