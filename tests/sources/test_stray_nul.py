"""A text file with a stray NUL byte (a bad paste, an editor glitch, a truncated write) is text.

git's heuristic (any NUL in the first 8 KiB: binary) skipped the whole file, so one NUL
byte above a key hid it from every scan (0 findings, exit 0). A file that decodes as UTF-8
with a few NULs is read; binary formats (NUL-heavy or not UTF-8) are still skipped.
"""

from __future__ import annotations

import io
import json
import struct
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.sources import decoding
from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def _text(key: str) -> bytes:
    return b"# exported settings\nDEBUG=1\x00\nNAME=caf\xc3\xa9\n" + f'ANTHROPIC_API_KEY="{key}"\n'.encode() + b"\x00\x00end\n"


def _tar(key: str) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        data = f'ANTHROPIC_API_KEY="{key}"\n'.encode()
        info = tarfile.TarInfo("app.env")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_the_decoder_reads_text_with_stray_nuls(keys: KeyFactory) -> None:
    key = keys.anthropic()
    data = _text(key)
    assert not decoding.is_binary(data, len(data))
    assert not decoding.is_binary(data)  # a head of unknown length (standard input)
    text, encoding = decoding.decode(data)
    assert encoding == "utf-8" and key in text and "caf\u00e9" in text


@pytest.mark.parametrize(
    "data",
    [
        b"import os\n\x00\x01\x02" + bytes(range(256)) * 4,  # not UTF-8
        b"\0\1\2" * 10,  # control bytes only
        b"SQLite format 3\x00" + b"\x10\x00\x01\x01\x00\x40\x20\x20" + b"\x00" * 4000,  # a database header
        b"KEY=1\n" * 20 + b"\x00" * 4096,  # text and a block of NUL padding
        struct.pack("<1024i", *range(1024)),  # int32 data
        "a=1\n".encode("latin-1") + b"caf\xe9\x00\n",  # a NUL, and not UTF-8
    ],
    ids=["not-utf8", "controls", "sqlite", "nul-padding", "int32", "latin1-nul"],
)
def test_binary_data_is_still_binary(data: bytes) -> None:
    assert decoding.is_binary(data, len(data))


def test_an_archive_is_still_binary(keys: KeyFactory) -> None:
    data = _tar(keys.anthropic())
    assert decoding.is_binary(data, len(data))


def test_scan_finds_the_key(tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    key = keys.anthropic()
    (tmp_path / "app.env").write_bytes(_text(key))
    (tmp_path / "bundle.tar").write_bytes(_tar(keys.anthropic()))
    result = aisec("scan", "-f", "json", ".", cwd=tmp_path)
    assert result.code == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert [(f["location"]["path"], f["location"]["line"]) for f in report["findings"]] == [("app.env", 4)]
    assert [(e["path"], e["kind"]) for e in report["errors"]] == [("bundle.tar", "skipped")]
    stdin = aisec("scan", "-f", "json", "-", cwd=tmp_path, stdin=_text(key).decode("utf-8"))
    assert stdin.code == 1 and [f["location"]["line"] for f in json.loads(stdin.stdout)["findings"]] == [4]


def test_staged_and_history_find_the_key(git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    (git_repo / "app.env").write_bytes(_text(keys.anthropic()))
    git(git_repo, "add", "-A")
    staged = aisec("scan", "--staged", "-f", "json", ".", cwd=git_repo)
    assert staged.code == 1, staged.stdout + staged.stderr
    assert [f["location"]["line"] for f in json.loads(staged.stdout)["findings"]] == [4]
    git(git_repo, "commit", "-q", "-m", "settings")
    history = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert history.code == 1, history.stdout + history.stderr
    assert [f["location"]["line"] for f in json.loads(history.stdout)["findings"]] == [4]


def test_redact_keeps_the_nul_bytes(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b"name,email\x00\nAda Lovelace,ada.lovelace@corp-mail.net\n")
    done = aisec("redact", "--in-place", str(path), cwd=tmp_path)
    assert done.code in (0, 1), done.stderr
    after = path.read_bytes()
    assert after.startswith(b"name,email\x00\n") and b"ada.lovelace@corp-mail.net" not in after
