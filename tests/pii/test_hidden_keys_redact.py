"""``redact`` removes a key that is hidden the way ``scan`` already sees through: split by
zero-width characters or soft hyphens, or written with JSON/percent escapes.

Before, ``aisec scan`` reported such a key and ``aisec redact`` passed it on whole: the text sent
to the provider still held a working key (a JSON parser or a browser restores it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.api import redact_text
from aisec_cli.core.hidden import reveal, reveal_mapped
from tests.conftest import CliResult
from tests.keyfactory import KeyFactory


def _hide(key: str, how: str) -> str:
    if how == "zero-width":
        return key[:10] + "\u200b" + key[10:30] + "\u2060" + key[30:]
    if how == "soft-hyphen":
        return key[:12] + "\u00ad" + key[12:]
    if how == "json-escape":
        return key.replace("-", "\\u002d", 1)
    return key.replace("-", "%2D", 1)  # percent-encoded


@pytest.mark.parametrize("how", ["zero-width", "soft-hyphen", "json-escape", "percent"])
def test_a_hidden_key_is_redacted_whole(keys: KeyFactory, how: str) -> None:
    key = keys.anthropic()
    hidden = _hide(key, how)
    text = f"Ticket 42: the customer pasted {hidden} into the chat.\nPlease rotate it.\n"
    result = redact_text(text)
    assert "API_KEY" in result.entities, result.text
    assert reveal(result.text).find(key[14:40]) == -1, result.text
    assert result.text.startswith("Ticket 42: the customer pasted ") and result.text.endswith(" into the chat.\nPlease rotate it.\n")
    assert result.restore(result.text) == text


def test_redact_cli_and_scan_agree_on_a_hidden_key(tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    key = keys.openai_project()
    (tmp_path / "chat.jsonl").write_text(json.dumps({"role": "user", "content": f"my key is {_hide(key, 'zero-width')}"}) + "\n")
    scanned = aisec("scan", "-f", "json", "chat.jsonl", cwd=tmp_path)
    assert scanned.code == 1
    redacted = aisec("redact", "chat.jsonl", cwd=tmp_path)
    assert redacted.code in (0, 1), redacted.stderr
    out = json.loads(redacted.stdout.splitlines()[0])["content"]
    assert key[20:60] not in reveal(out) and "API_KEY" in out


def test_offsets_map_back_to_the_text_as_written() -> None:
    text = "a\u200bb c\\u002dd e%2Df"
    decoded, to_original = reveal_mapped(text)
    assert decoded == "ab c-d e-f"
    for start, end in ((0, 2), (3, 6), (7, 10)):
        assert reveal(text[to_original(start) : to_original(end)]) == decoded[start:end]
    plain = "nothing hidden"
    assert reveal_mapped(plain)[0] is plain and reveal_mapped(plain)[1](5) == 5
