"""The masking net sees keys hidden by invisible characters or escapes, like ``scan`` does.

Before, ``aisec lint`` on a TypeScript client whose key was split by a zero-width space (or
written with a ``\\u002d`` escape) quoted the line in its JSON, JSON Lines and JUnit reports with
the key whole: ``scan`` found the key, the net that masks every other engine's evidence did not.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.core.evidence import mask_keys
from aisec_cli.core.hidden import reveal
from aisec_cli.secrets import plugin
from tests.conftest import CliResult
from tests.keyfactory import KeyFactory

plugin.install()

HIDERS: dict[str, Callable[[str], str]] = {
    "zero-width": lambda key: key[:10] + "\u200b" + key[10:],
    "every-six": lambda key: "\u2060".join(key[i : i + 6] for i in range(0, len(key), 6)),
    "json-escape": lambda key: key.replace("-", "\\u002d", 1),
    "html-reference": lambda key: key.replace("-", "&#45;", 1),
}


@pytest.mark.parametrize("how", sorted(HIDERS))
def test_a_hidden_key_in_evidence_is_masked(keys: KeyFactory, how: str) -> None:
    key = keys.openai_project()
    shown = mask_keys(f'const client = new OpenAI({{apiKey: "{HIDERS[how](key)}"}});')
    assert key[12:40] not in reveal(shown)
    assert shown.startswith('const client = new OpenAI({apiKey: "') and shown.endswith('"});')


@pytest.mark.parametrize("fmt", ["json", "jsonl", "junit", "sarif", "table", "hook"])
def test_lint_reports_never_quote_a_hidden_key(tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory, fmt: str) -> None:
    key = keys.openai_project()
    (tmp_path / "chat.ts").write_text(
        'import OpenAI from "openai";\n'
        f'const client = new OpenAI({{apiKey: "{HIDERS["zero-width"](key)}"}});\n'
        f'const other = new OpenAI({{apiKey: "{HIDERS["json-escape"](key)}"}});\n',
        encoding="utf-8",
    )
    result = aisec("lint", "-f", fmt, "chat.ts", cwd=tmp_path)
    assert result.code in (0, 1), result.stderr
    out = result.stdout
    if fmt in ("json", "jsonl", "sarif"):
        out = json.dumps([json.loads(line) for line in out.splitlines() if line.strip()] if fmt == "jsonl" else json.loads(out), ensure_ascii=False)
    assert key[12:40] not in reveal(out)
