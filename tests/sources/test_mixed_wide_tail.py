"""A UTF-16/32 file with a single-byte tail: ``echo KEY=… >> profile.env`` from cmd or bash onto a
file PowerShell wrote. The appended line is ASCII bytes, not UTF-16: read as UTF-16 it became
CJK-looking noise (even length) or the file was taken for binary (odd length), and the key in it
was missed. The wide part is decoded as such, the tail as UTF-8 (latin-1 if it is not)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.sources import decoding
from tests.conftest import CliResult
from tests.keyfactory import KeyFactory

HEAD = "# written by PowerShell\r\nDEBUG = 1\r\n"


def _mixed(codec: str, bom: bool, tail: str, lines: int = 1) -> bytes:
    head = (HEAD * lines).encode(codec)
    marks = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00"}
    return (marks[codec] if bom else b"") + head + tail.encode("utf-8")


CASES = [
    ("utf-16-le", True, ""),
    ("utf-16-le", True, "X"),  # odd length
    ("utf-16-be", True, ""),
    ("utf-16-le", False, ""),
    ("utf-32-le", False, ""),
    ("utf-32-le", True, "XY"),
]


@pytest.mark.parametrize(("codec", "bom", "pad"), CASES)
def test_the_decoder_reads_the_tail_as_bytes(keys: KeyFactory, codec: str, bom: bool, pad: str) -> None:
    key = keys.anthropic()
    tail = f'ANTHROPIC_API_KEY="{key}"{pad}\n'
    for length in (1, 400):  # inside and far past the binary probe
        data = _mixed(codec, bom, tail, length)
        assert not decoding.is_binary(data[: decoding.BINARY_PROBE], len(data)), (length, len(data))
        text, _ = decoding.decode(data)
        assert text.startswith(HEAD)
        assert f'ANTHROPIC_API_KEY="{key}"' in text
        assert text.split("\n")[2 * length].startswith("ANTHROPIC_API_KEY=")  # on its own line


def test_wide_text_in_other_scripts_is_not_split() -> None:
    text = "# \u8bbe\u7f6e\u8bf4\u660e \u4e2d\u6587 " * 300 + "\r\nA=1\r\n"
    for codec in ("utf-16-le", "utf-16-be"):
        data = b"\xff\xfe" + text.encode("utf-16-le") if codec == "utf-16-le" else b"\xfe\xff" + text.encode(codec)
        assert decoding.decode(data)[0] == text


def test_odd_length_without_a_tail_is_still_binary() -> None:
    data = ("a" * 99 + "\n").encode("utf-16-le") + b"\x00"
    assert decoding.is_binary(data, len(data))


@pytest.mark.parametrize(("codec", "bom", "pad"), CASES)
def test_scan_finds_the_appended_key(
    tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory, codec: str, bom: bool, pad: str
) -> None:
    (tmp_path / "profile.env").write_bytes(_mixed(codec, bom, f'ANTHROPIC_API_KEY="{keys.anthropic()}"{pad}\n', 300))
    result = aisec("scan", "-f", "json", ".", cwd=tmp_path)
    assert result.code == 1, result.stdout + result.stderr
    found = json.loads(result.stdout)["findings"]
    assert [(f["location"]["path"], f["location"]["line"]) for f in found] == [("profile.env", 601)]


@pytest.mark.parametrize("pad", ["", "!"])
def test_redact_refuses_it_and_says_so(tmp_path: Path, aisec: Callable[..., CliResult], pad: str) -> None:
    """It cannot be decoded and written back byte for byte: an error entry (exit 2), never a crash
    nor a silent pass, and the file is left as it was."""
    path = tmp_path / "people.csv"
    data = b"\xff\xfe" + "name,email\r\n".encode("utf-16-le") + f"Ada Lovelace,ada.lovelace@corp-mail.net{pad}\n".encode()
    path.write_bytes(data)
    check = aisec("redact", "--check", "-f", "json", str(path), cwd=tmp_path)
    assert check.code == 2, check.stdout + check.stderr
    assert "Traceback" not in check.stderr and "internal error" not in check.stderr
    errors = json.loads(check.stdout)["errors"]
    assert [(e["kind"], "another encoding" in e["message"]) for e in errors] == [("error", True)]
    aisec("redact", "--in-place", str(path), cwd=tmp_path)
    assert path.read_bytes() == data
