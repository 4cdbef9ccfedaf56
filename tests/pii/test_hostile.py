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


# ---- full disk -------------------------------------------------------------------------------
@pytest.fixture
def tiny_fs(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A 64 KiB tmpfs (root only); skipped where it cannot be mounted."""
    import subprocess

    mount = tmp_path / "tiny"
    mount.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root on Linux")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def big_text(lines: int = 4000) -> str:
    return "".join(f"line {i}: mail ola{i}@posteo.net please\n" for i in range(lines))


def test_restore_to_a_full_disk_fails_cleanly(tmp_path: Path, tiny_fs: Path, aisec: Aisec) -> None:
    source = tmp_path / "note.txt"
    source.write_text(big_text(), encoding="utf-8")
    redacted = tmp_path / "red.txt"
    mapping = tmp_path / "m.map"
    assert aisec("redact", str(source), "-o", str(redacted), "--map", str(mapping), cwd=tmp_path).code == 0
    target = tiny_fs / "restored.txt"
    target.write_text("old\n", encoding="utf-8")
    result = aisec("restore", "--map", str(mapping), "-o", str(target), str(redacted), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 2
    assert "No space left" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tiny_fs.iterdir()) == ["restored.txt"]


def test_redact_to_a_full_disk_fails_cleanly(tmp_path: Path, tiny_fs: Path, aisec: Aisec) -> None:
    source = tmp_path / "note.txt"
    source.write_text(big_text(), encoding="utf-8")
    target = tiny_fs / "out.txt"
    target.write_text("old\n", encoding="utf-8")
    result = aisec("redact", str(source), "-o", str(target), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 2
    assert "No space left" in result.stderr
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tiny_fs.iterdir()) == ["out.txt"]


def test_map_to_a_full_disk_fails_cleanly(tmp_path: Path, tiny_fs: Path, aisec: Aisec) -> None:
    source = tmp_path / "note.txt"
    source.write_text(big_text(), encoding="utf-8")
    (tiny_fs / "filler").write_bytes(b"x" * 60000)
    result = aisec("redact", str(source), "-o", str(tmp_path / "out.txt"), "--map", str(tiny_fs / "m.map"), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 2
    assert "No space left" in result.stderr
    assert sorted(p.name for p in tiny_fs.iterdir()) == ["filler"]


def test_restore_write_error_is_one_clean_line_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without root: the same through a failing fsync, in process."""
    import typer

    from aisec_cli.cli.redact import restore
    from aisec_cli.pii import mapping as mapping_file

    mapping = tmp_path / "m.map"
    mapping_file.save(mapping_file.Mapping(), mapping)
    source = tmp_path / "answer.txt"
    source.write_text("nothing to restore\n", encoding="utf-8")
    target = tmp_path / "out.txt"
    target.write_text("old\n", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(typer.Exit) as ended:
        restore([str(source)], map_file=mapping, output=target, quiet=True)
    assert ended.value.exit_code == 2
    assert "No space left" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "old\n"
