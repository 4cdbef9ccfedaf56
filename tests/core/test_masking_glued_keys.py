"""The masking net finds a key glued to a name by an underscore (``backup_sk-ant-…``).

The rules want a boundary before a key, and a word glued to it by ``_`` gives none: a file named
``backup_<key>.txt`` was reported with its path, key whole, in the JSON, SARIF and hook formats
(and in error lines that name it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.core.evidence import mask_keys
from aisec_cli.secrets import plugin
from tests.conftest import CliResult
from tests.keyfactory import KeyFactory

plugin.install()


@pytest.mark.parametrize("provider", ["anthropic", "openai_project", "groq", "huggingface"])
@pytest.mark.parametrize("shape", ["backup_{key}.txt", "configs/old_copy_{key}", "x={key}_v2", "name_{key}"])
def test_a_glued_key_is_masked(keys: KeyFactory, provider: str, shape: str) -> None:
    key = getattr(keys, provider)()
    text = shape.format(key=key)
    masked = mask_keys(text)
    assert key not in masked
    assert masked.startswith(shape.split("{key}")[0])  # the name around it is kept


@pytest.mark.parametrize(
    "text",
    [
        "def load_user_preferences_from_database_table(user_id_for_lookup): pass",
        "tests/fixtures/AIS305/neg_confining_path_helper_with_long_name_2024.ts",
        "OPENAI_API_KEY_FOR_INTEGRATION_TESTS_2024_Q3=",
    ],
)
def test_names_without_a_key_are_left_alone(text: str) -> None:
    assert mask_keys(text) == text


@pytest.mark.parametrize("fmt", ["json", "sarif", "hook", "jsonl", "junit", "gitlab"])
def test_a_file_named_after_a_key_is_reported_masked(
    tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory, fmt: str
) -> None:
    key = keys.anthropic()
    (tmp_path / f"backup_{key}.txt").write_text(f"ANTHROPIC_API_KEY={key}\n")
    result = aisec("scan", "-f", fmt, ".", cwd=tmp_path)
    assert result.code == 1, result.stderr
    assert key not in result.stdout + result.stderr
    if fmt == "json":
        found = json.loads(result.stdout)["findings"]
        # the key in the content, and the same key glued into the file's name
        assert sorted(bool(f["properties"].get("in_file_name")) for f in found) == [False, True]
        assert all(f["location"]["path"].startswith("backup_sk-ant-") for f in found)
