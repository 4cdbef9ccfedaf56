"""UTF-16 text without a byte-order mark (PowerShell's and Windows tools' output) is read as text.

Every other byte of such a file is NUL, which git's binary heuristic alone would take for a
binary file and skip, hiding every key in it. Binary data must still be skipped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.core.document import Document
from aisec_cli.sources import decoding, files
from tests.conftest import CliResult
from tests.keyfactory import KeyFactory


def _env_text(key: str) -> str:
    return f"# settings written by PowerShell\r\n$env:ANTHROPIC_API_KEY = \"{key}\"\r\nWrite-Host 'caf\u00e9 ok'\r\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_the_decoder_reads_utf16_without_a_bom(keys: KeyFactory, codec: str) -> None:
    key = keys.anthropic()
    data = _env_text(key).encode(codec)
    assert not decoding.is_binary(data, len(data))
    text, encoding = decoding.decode(data)
    assert key in text and encoding == codec


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 64,  # every byte value
        b"\x00\x01\x02\x03" * 4096,  # small integers, NUL-rich
        b"\x00\x00\x00\x00" * 4096,  # all NUL
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\x10\x00\x00" * 1000,  # an image header and zeros
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x03\x00\x3e\x00\x01\x00\x00\x00" * 500,  # an executable's head
        ("a" * 99 + "\n").encode("utf-16-le") + b"\x00",  # odd length: not UTF-16
        b"\x01\x00\x02\x00\x03\x00\x04\x00" * 1000,  # int16 samples, little-endian
    ],
    ids=["all-bytes", "small-ints", "all-nul", "png", "elf", "odd-length", "int16"],
)
def test_binary_data_is_still_binary(data: bytes) -> None:
    assert decoding.is_binary(data, len(data))


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_the_reader_hands_over_the_text(tmp_path: Path, keys: KeyFactory, codec: str) -> None:
    key = keys.anthropic()
    path = tmp_path / "profile.ps1"
    path.write_bytes(_env_text(key).encode(codec))
    doc = files.read(files.Target(str(path), "profile.ps1"), 10**6)
    assert isinstance(doc, Document) and key in doc.text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_scan_finds_the_key(tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory, codec: str) -> None:
    key = keys.anthropic()
    (tmp_path / "secrets.env").write_bytes(_env_text(key).encode(codec))
    result = aisec("scan", "-f", "json", ".", cwd=tmp_path)
    assert result.code == 1, result.stderr
    report = json.loads(result.stdout)
    assert [(f["location"]["path"], f["location"]["line"]) for f in report["findings"]] == [("secrets.env", 2)]
    assert key not in result.stdout


def test_scan_from_standard_input_finds_the_key(aisec: Callable[..., CliResult], keys: KeyFactory, tmp_path: Path) -> None:
    key = keys.anthropic()
    data = _env_text(key).encode("utf-16-le")
    (tmp_path / "in.bin").write_bytes(data)
    with open(tmp_path / "in.bin", "rb") as handle:
        import subprocess
        import sys

        env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
        done = subprocess.run([sys.executable, "-m", "aisec_cli", "scan", "-f", "json", "-"], stdin=handle,
                              capture_output=True, env=env, cwd=tmp_path, timeout=300)
    assert done.returncode == 1, done.stderr
    assert len(json.loads(done.stdout)["findings"]) == 1


def test_redact_rewrites_it_in_its_own_encoding(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    text = "name,email\r\nAda Lovelace,ada.lovelace@corp-mail.net\r\n"
    path = tmp_path / "people.csv"
    path.write_bytes(text.encode("utf-16-le"))
    check = aisec("redact", "--check", "-f", "json", str(path), cwd=tmp_path)
    assert check.code == 1, check.stdout + check.stderr
    done = aisec("redact", "--in-place", str(path), cwd=tmp_path)
    assert done.code in (0, 1), done.stderr
    after = path.read_bytes()
    assert len(after) % 2 == 0 and after[1:2] == b"\x00"  # still UTF-16-LE, no BOM added
    assert "ada.lovelace@corp-mail.net" not in after.decode("utf-16-le")
    assert after.decode("utf-16-le").startswith("name,email\r\n")


def test_a_head_cut_inside_a_surrogate_pair_is_still_text() -> None:
    """Standard input's first 8 KiB may end inside a character of four bytes (an emoji)."""
    text = "a" * 4095 + "\U0001f600" + "b" * 100
    data = text.encode("utf-16-le")
    head = data[: decoding.BINARY_PROBE]
    assert head[-2:] == "\U0001f600".encode("utf-16-le")[:2]  # the high surrogate alone
    assert not decoding.is_binary(head)
    assert not decoding.is_binary(data, len(data))


def test_a_head_with_a_bom_cut_inside_a_surrogate_pair_is_still_text() -> None:
    text = "a" * 4094 + "\U0001f600" + "b" * 100
    head = ("\ufeff" + text).encode("utf-16-le")[: decoding.BINARY_PROBE]
    assert not decoding.is_binary(head)
