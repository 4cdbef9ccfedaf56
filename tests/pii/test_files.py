"""Files: stdout, --output, --in-place (atomic, permissions kept), mapping files, bad input."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from aisec_cli.core.config import Settings
from aisec_cli.core.errors import UsageError
from aisec_cli.pii import mapping as mapping_file
from aisec_cli.pii.model import PiiConfig
from aisec_cli.pii.operators import Operator
from aisec_cli.pii.run import RedactRequest, redact_paths
from aisec_cli.core.atomic import AtomicFile
from tests.pii.factory import PiiFactory

F = PiiFactory(seed=13)
TEXT = "Dear Kari,\nplease call Lukas Berger on +44 20 7946 0018 or mail ola@posteo.net.\n"


def request(tmp_path: Path, paths: list[str], **kwargs: object) -> RedactRequest:
    return RedactRequest(paths=tuple(paths), settings=Settings(root=tmp_path), config=PiiConfig(), **kwargs)  # type: ignore[arg-type]


class Sink:
    def __init__(self) -> None:
        self.data = b""

    def write(self, data: bytes) -> int:
        self.data += data
        return len(data)

    def flush(self) -> None:
        pass


def test_stdout_mode_streams_the_redacted_text(tmp_path: Path) -> None:
    source = tmp_path / "note.txt"
    source.write_text(TEXT, encoding="utf-8")
    sink = Sink()
    outcome = redact_paths(request(tmp_path, [str(source)]), stdout=sink)  # type: ignore[arg-type]
    assert sink.data.decode() == "Dear [PERSON_1],\nplease call [PERSON_2] on [PHONE_1] or mail [EMAIL_1].\n"
    assert outcome.detections == 4
    assert source.read_text(encoding="utf-8") == TEXT  # the input is never touched


def test_in_place_keeps_permissions_and_is_atomic(tmp_path: Path) -> None:
    source = tmp_path / "fixture.txt"
    source.write_text(TEXT, encoding="utf-8")
    os.chmod(source, 0o640)
    inode_before = source.stat().st_ino
    redact_paths(request(tmp_path, [str(source)], mode="in-place"))
    assert "ola@posteo.net" not in source.read_text(encoding="utf-8")
    assert stat.S_IMODE(source.stat().st_mode) == 0o640
    assert source.stat().st_ino != inode_before  # replaced by rename, not rewritten in place
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".fixture")]  # no temp left


def test_in_place_leaves_clean_files_alone(tmp_path: Path) -> None:
    source = tmp_path / "clean.txt"
    source.write_text("nothing personal here\n", encoding="utf-8")
    inode = source.stat().st_ino
    redact_paths(request(tmp_path, [str(source)], mode="in-place"))
    assert source.stat().st_ino == inode


def test_interrupted_write_leaves_the_original(tmp_path: Path) -> None:
    target = tmp_path / "data.txt"
    target.write_text("original\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), AtomicFile(target, keep_mode_of=target) as handle:
        handle.write(b"half a resu")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "original\n"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_destination_fails_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    source = folder / "data.txt"
    source.write_text(TEXT, encoding="utf-8")
    os.chmod(folder, 0o555)
    try:
        outcome = redact_paths(request(tmp_path, [str(source)], mode="in-place"))
    finally:
        os.chmod(folder, 0o755)
    assert source.read_text(encoding="utf-8") == TEXT
    assert outcome.errors and "original is unchanged" in outcome.errors[0].message


def test_unwritable_destination_fails_cleanly_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    source = tmp_path / "data.txt"
    source.write_text(TEXT, encoding="utf-8")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    outcome = redact_paths(request(tmp_path, [str(source)], mode="in-place"))
    assert source.read_text(encoding="utf-8") == TEXT
    assert "Permission denied" in outcome.errors[0].message


def test_full_destination_fails_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "data.txt"
    source.write_text(TEXT, encoding="utf-8")
    real_fsync = os.fsync

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    outcome = redact_paths(request(tmp_path, [str(source)], mode="in-place"))
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert source.read_text(encoding="utf-8") == TEXT
    assert "No space left" in outcome.errors[0].message
    assert [p.name for p in tmp_path.iterdir()] == ["data.txt"]


def test_output_folder_mirrors_inputs(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.csv").write_text("name,email\nOla Nordmann,ola@posteo.net\n", encoding="utf-8")
    out = tmp_path / "out"
    redact_paths(RedactRequest(paths=(str(tmp_path / "in"),), settings=Settings(root=tmp_path / "in"), config=PiiConfig(), mode="output", output=out))
    assert "[EMAIL_1]" in (out / "a.txt").read_text(encoding="utf-8")
    assert (out / "sub" / "b.csv").read_text(encoding="utf-8") == "name,email\n[PERSON_3],[EMAIL_1]\n"


def test_mapping_file_is_private_and_not_overwritten(tmp_path: Path) -> None:
    source = tmp_path / "note.txt"
    source.write_text(TEXT, encoding="utf-8")
    map_path = tmp_path / "run.map"
    os.umask(0o022)
    redact_paths(request(tmp_path, [str(source)], map_path=map_path), stdout=Sink())  # type: ignore[arg-type]
    assert stat.S_IMODE(map_path.stat().st_mode) == 0o600
    loaded = mapping_file.load(map_path)
    assert loaded.original("[EMAIL_1]") == "ola@posteo.net"
    with pytest.raises(UsageError, match="--force"):
        redact_paths(request(tmp_path, [str(source)], map_path=map_path), stdout=Sink())  # type: ignore[arg-type]
    before = map_path.read_bytes()
    redact_paths(request(tmp_path, [str(source)], map_path=map_path, force=True, operator=Operator("hash", hash_key=b"k")), stdout=Sink())  # type: ignore[arg-type]
    assert map_path.read_bytes() != before and stat.S_IMODE(map_path.stat().st_mode) == 0o600


def test_mapping_needs_a_reversible_operator(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="reversible"):
        redact_paths(request(tmp_path, ["-"], map_path=tmp_path / "m", operator=Operator("mask")))


def test_encrypted_mapping_round_trip(tmp_path: Path) -> None:
    mapping = mapping_file.Mapping()
    mapping.entries["[EMAIL_1]"] = ("EMAIL", "ola@posteo.net")
    path = tmp_path / "secret.map"
    mapping_file.save(mapping, path, passphrase="correct horse")
    raw = path.read_bytes()
    assert b"ola@posteo.net" not in raw and b"fernet" in raw
    assert mapping_file.load(path, passphrase="correct horse").original("[EMAIL_1]") == "ola@posteo.net"
    with pytest.raises(mapping_file.MappingError, match="wrong key"):
        mapping_file.load(path, passphrase="wrong")
    with pytest.raises(mapping_file.MappingError, match="encrypted"):
        mapping_file.load(path)


def test_binary_files_are_refused_untouched(tmp_path: Path) -> None:
    blob = tmp_path / "image.bin"
    data = b"\x89PNG\r\n\x1a\n\x00\x00ola@posteo.net\x00"
    blob.write_bytes(data)
    outcome = redact_paths(request(tmp_path, [str(blob)], mode="in-place"))
    assert blob.read_bytes() == data
    assert outcome.errors[0].kind == "skipped" and "binary" in outcome.errors[0].message


def test_undecodable_bytes_are_kept(tmp_path: Path) -> None:
    source = tmp_path / "latin.txt"
    data = b"Caf\xe9 owner: ola@posteo.net \xff\xfe end\n"
    source.write_bytes(data)
    sink = Sink()
    redact_paths(request(tmp_path, [str(source)]), stdout=sink)  # type: ignore[arg-type]
    assert sink.data == b"Caf\xe9 owner: [EMAIL_1] \xff\xfe end\n"


def test_crlf_and_bom_survive(tmp_path: Path) -> None:
    source = tmp_path / "win.txt"
    data = "\ufeffmail ola@posteo.net\r\nbye\r\n".encode()
    source.write_bytes(data)
    sink = Sink()
    redact_paths(request(tmp_path, [str(source)]), stdout=sink)  # type: ignore[arg-type]
    assert sink.data == "\ufeffmail [EMAIL_1]\r\nbye\r\n".encode()


def test_check_mode_changes_nothing_and_counts(tmp_path: Path) -> None:
    source = tmp_path / "users.json"
    source.write_text(json.dumps({"email": "ola@posteo.net", "note": "no pii here"}), encoding="utf-8")
    before = source.read_bytes()
    outcome = redact_paths(request(tmp_path, [str(source)], mode="check"))
    assert source.read_bytes() == before
    assert [f.rule_id for f in outcome.findings] == ["PII101"]
    assert outcome.findings[0].snippet and "ola@posteo.net" not in outcome.findings[0].snippet


def test_inline_suppression_in_check_mode(tmp_path: Path) -> None:
    source = tmp_path / "fixture.py"
    source.write_text('CONTACT = "ola@posteo.net"  # aisec: ignore[PII101] fixture address\n', encoding="utf-8")
    outcome = redact_paths(request(tmp_path, [str(source)], mode="check"))
    assert outcome.findings == []


def test_output_folder_mirrors_the_folder_given_not_the_repository_path(aisec, git_repo: Path) -> None:  # type: ignore[no-untyped-def]
    data = git_repo / "services" / "api" / "data"
    (data / "nested").mkdir(parents=True)
    (data / "nested" / "tickets.txt").write_text("Reach Jane at jane.roe@corp-mail.com\n", encoding="utf-8")
    (data / "top.txt").write_text("Call Jane Roe on +1 415 555 0134\n", encoding="utf-8")
    out = git_repo / "out"
    result = aisec("redact", "data", "-o", str(out), cwd=git_repo / "services" / "api")
    assert result.code == 0, result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["nested/tickets.txt", "top.txt"]
    assert "jane.roe@corp-mail.com" not in (out / "nested" / "tickets.txt").read_text(encoding="utf-8")
