"""The bounded reader for aisec's own files: regular files only, capped, UTF-8."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aisec_cli.core.errors import ConfigError
from aisec_cli.core.readcap import read_own_bytes, read_own_text


def test_reads_a_small_file_and_drops_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b"\xef\xbb\xbfa = 1\n")
    assert read_own_text(path, "config file") == "a = 1\n"


def test_refuses_a_device(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"config file /dev/zero: not a regular file"):
        read_own_bytes("/dev/zero", "config file")


def test_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="not a regular file"):
        read_own_bytes(fifo, "rule file")


def test_refuses_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="it is a folder"):
        read_own_bytes(tmp_path, "baseline file")
    with pytest.raises(ConfigError, match="does not exist"):
        read_own_bytes(tmp_path / "nope", "baseline file")


def test_refuses_a_file_over_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:  # sparse: no real disk use
        handle.truncate(2_000_000)
    with pytest.raises(ConfigError, match="too large"):
        read_own_bytes(big, "baseline file", limit=1_000_000)
    assert len(read_own_bytes(big, "baseline file", limit=2_000_000)) == 2_000_000


def test_non_utf8_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_bytes(b"[tool.aisec]\nexclude = ['\xff']\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        read_own_text(path, "config file")
