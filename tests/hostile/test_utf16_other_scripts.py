"""UTF-16 without a byte-order mark in a script other than Latin (Chinese, Japanese, Cyrillic
comments around an ASCII key): NULs only in the high byte of the ASCII characters, far fewer
than three units in four. The file was taken for binary and skipped, its key unread (exit 0);
data whose NULs also fall in one lane (16-bit samples, random 16-bit words) stays binary."""

from __future__ import annotations

import json
import random
import struct
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.sources.decoding import decode, is_binary
from tests.conftest import CliResult
from tests.keyfactory import KeyFactory

COMMENTS = {
    "chinese": "# 配置文件，请勿提交到仓库。这里保存的是本地开发使用的设置。\r\n",
    "japanese": "# 設定ファイルです。リポジトリにコミットしないでください。\r\n",
    "russian": "# Файл настроек: не добавляйте его в репозиторий, только локально.\r\n",
}


@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("script", sorted(COMMENTS))
def test_a_key_in_bomless_utf16_of_another_script_is_read(tmp_path: Path, keys: KeyFactory, order: str, script: str,
                                                          aisec: Callable[..., CliResult]) -> None:
    key = keys.anthropic()
    text = COMMENTS[script] * 4 + f'ANTHROPIC_API_KEY="{key}"\r\n' + COMMENTS[script]
    data = text.encode(order)
    assert not is_binary(data[:8192], len(data))
    assert decode(data)[0] == text
    (tmp_path / "settings.env").write_bytes(data)
    result = aisec("scan", "-f", "json", ".", cwd=tmp_path)
    assert result.code == 1, result.stderr
    assert [f["location"]["line"] for f in json.loads(result.stdout)["findings"]] == [5]


def test_one_lane_binary_data_stays_binary() -> None:
    rng = random.Random(5)
    samples = struct.pack("<4096h", *(rng.randrange(0, 256) for _ in range(4096)))  # NULs in the high lane only
    words = b"".join(struct.pack("<H", rng.randrange(256, 65536)) + b"\x00\x00" for _ in range(2048))  # 16-bit words, 0 between
    mixed = struct.pack("<2048H", *(rng.randrange(0, 65536) if n % 3 else rng.randrange(0, 256) for n in range(2048)))
    for data in (samples, words, mixed):
        assert is_binary(data, len(data))
