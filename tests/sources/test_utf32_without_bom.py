"""UTF-32 text without a byte-order mark is read as text, by the one decoder, everywhere.

Three bytes in four of such a file are NUL, which git's binary heuristic takes for a binary
file: a ``.env`` saved that way was skipped by every scan (0 findings, exit 0). Images,
executables and numeric data must still be skipped.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.sources import decoding
from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory

CODECS = ["utf-32-le", "utf-32-be"]


def _env_text(key: str) -> str:
    return f"# settings\r\nANTHROPIC_API_KEY=\"{key}\"\r\nNAME='caf\u00e9 \u4e2d\u6587 \U0001f600'\r\n"


@pytest.mark.parametrize("codec", CODECS)
def test_the_decoder_reads_utf32_without_a_bom(keys: KeyFactory, codec: str) -> None:
    key = keys.anthropic()
    data = _env_text(key).encode(codec)
    assert not decoding.is_binary(data, len(data))
    assert not decoding.is_binary(data[: decoding.BINARY_PROBE])  # a head, length unknown (stdin)
    text, encoding = decoding.decode(data)
    assert key in text and encoding == codec
    assert decoding.without_bom(data, len(data)) == codec


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_is_still_utf16(keys: KeyFactory, codec: str) -> None:
    data = _env_text(keys.anthropic()).encode(codec)
    assert decoding.without_bom(data, len(data)) == codec


@pytest.mark.parametrize(
    "data",
    [
        struct.pack("<4096i", *range(4096)),  # int32 counters
        struct.pack(">4096i", *range(4096)),
        struct.pack("<2048f", *(i / 7 for i in range(2048))),  # float32 samples
        struct.pack("<2048I", *([1, 2, 3, 4] * 512)),  # small int32 values
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x03\x00\x3e\x00\x01\x00\x00\x00" * 500,  # an executable
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\x00\x10\x00" * 1000,  # an image header and zeros
        ("a" * 99 + "\n").encode("utf-32-le") + b"\x00\x00",  # length not a multiple of 4
        b"\x00" * 4096,
    ],
    ids=["int32-le", "int32-be", "float32", "small-int32", "elf", "png", "odd-length", "all-nul"],
)
def test_binary_data_is_still_binary(data: bytes) -> None:
    assert decoding.is_binary(data, len(data))
    assert decoding.without_bom(data, len(data)) is None


@pytest.mark.parametrize("codec", CODECS)
def test_scan_finds_the_key(tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory, codec: str) -> None:
    key = keys.anthropic()
    (tmp_path / "secrets.env").write_bytes(_env_text(key).encode(codec))
    (tmp_path / "counts.bin").write_bytes(struct.pack("<4096i", *range(4096)))
    result = aisec("scan", "-f", "json", ".", cwd=tmp_path)
    assert result.code == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert [(f["location"]["path"], f["location"]["line"]) for f in report["findings"]] == [("secrets.env", 2)]
    assert [(e["path"], e["kind"]) for e in report["errors"]] == [("counts.bin", "skipped")]
    assert key not in result.stdout


def test_scan_from_standard_input_finds_the_key(tmp_path: Path, keys: KeyFactory) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(_env_text(keys.anthropic()).encode("utf-32-le"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    with open(path, "rb") as handle:
        done = subprocess.run([sys.executable, "-m", "aisec_cli", "scan", "-f", "json", "-"], stdin=handle,
                              capture_output=True, env=env, cwd=tmp_path, timeout=300, check=False)
    assert done.returncode == 1, done.stderr
    assert [f["location"]["line"] for f in json.loads(done.stdout)["findings"]] == [2]


@pytest.mark.parametrize("codec", CODECS)
def test_staged_and_history_find_the_key(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory, codec: str
) -> None:
    (git_repo / "settings.env").write_bytes(_env_text(keys.anthropic()).encode(codec))
    git(git_repo, "add", "-A")
    staged = aisec("scan", "--staged", "-f", "json", ".", cwd=git_repo)
    assert staged.code == 1, staged.stdout + staged.stderr
    assert staged.locations() == [
        ("settings.env", 2)
    ]
    git(git_repo, "commit", "-q", "-m", "windows settings")
    history = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert history.code == 1, history.stdout + history.stderr
    found = json.loads(history.stdout)["findings"]
    assert [(f["location"]["path"], f["location"]["line"]) for f in found] == [("settings.env", 2)]


@pytest.mark.parametrize("codec", CODECS)
def test_redact_rewrites_it_in_its_own_encoding(tmp_path: Path, aisec: Callable[..., CliResult], codec: str) -> None:
    text = "name,email\r\nAda Lovelace,ada.lovelace@corp-mail.net\r\n"
    path = tmp_path / "people.csv"
    path.write_bytes(text.encode(codec))
    check = aisec("redact", "--check", "-f", "json", str(path), cwd=tmp_path)
    assert check.code == 1, check.stdout + check.stderr
    done = aisec("redact", "--in-place", str(path), cwd=tmp_path)
    assert done.code in (0, 1), done.stderr
    after = path.read_bytes()
    assert len(after) % 4 == 0 and not after.startswith((b"\xff\xfe", b"\x00\x00\xfe\xff"))  # no BOM added
    decoded = after.decode(codec)
    assert decoded.startswith("name,email\r\n") and "ada.lovelace@corp-mail.net" not in decoded
