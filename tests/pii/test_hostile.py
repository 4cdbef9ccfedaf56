"""redact/restore on hostile targets and inputs: devices, BOM-shaped bytes, links, foreign maps, full disks."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult

TEXT = "Dear Kari,\nplease call Lukas Berger on +44 20 7946 0018 or mail ola@posteo.net.\n"
Aisec = Callable[..., CliResult]

needs_root = pytest.mark.skipif(sys.platform == "win32" or os.geteuid() != 0, reason="mknod needs root")


def null_device(folder: Path, name: str = "null") -> Path:
    """A character device equal to /dev/null, made inside ``folder`` (the real /dev is never touched)."""
    path = folder / name
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    os.chmod(path, 0o666)
    return path


def is_char_device(path: Path) -> bool:
    return stat.S_ISCHR(os.lstat(path).st_mode)


def no_traceback(result: CliResult) -> None:
    assert "Traceback" not in result.stderr, result.stderr


# ---- devices ---------------------------------------------------------------------------------
@needs_root
def test_redact_output_to_a_device_writes_through(tmp_path: Path, aisec: Aisec) -> None:
    source = tmp_path / "note.txt"
    source.write_text(TEXT, encoding="utf-8")
    device = null_device(tmp_path)
    result = aisec("redact", str(source), "-o", str(device), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 0, result.stderr
    assert is_char_device(device)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".null")]


@needs_root
def test_redact_map_to_a_device_is_refused(tmp_path: Path, aisec: Aisec) -> None:
    source = tmp_path / "note.txt"
    source.write_text(TEXT, encoding="utf-8")
    device = null_device(tmp_path)
    out = tmp_path / "out.txt"
    result = aisec("redact", str(source), "-o", str(out), "--force", "--map", str(device), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 2
    assert "regular file" in result.stderr
    assert is_char_device(device)


@needs_root
def test_restore_output_to_a_device_writes_through(tmp_path: Path, aisec: Aisec) -> None:
    source = tmp_path / "note.txt"
    source.write_text(TEXT, encoding="utf-8")
    redacted = tmp_path / "red.txt"
    mapping = tmp_path / "m.map"
    assert aisec("redact", str(source), "-o", str(redacted), "--map", str(mapping), cwd=tmp_path).code == 0
    device = null_device(tmp_path)
    result = aisec("restore", "--map", str(mapping), "-o", str(device), str(redacted), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 0, result.stderr
    assert is_char_device(device)
    assert stat.S_IMODE(os.lstat(device).st_mode) == 0o666
