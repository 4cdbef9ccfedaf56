"""Keys hidden by invisible characters or escapes are searched as the program reads them.

A zero-width space or a soft hyphen inside a key (pasted from a chat or a web page), a JSON
``\\uXXXX`` or ``\\/`` escape, a percent-encoded ``-`` or an HTML character reference: the file
holds a working key (any JSON parser, URL decoder or HTML page restores it) but no key-shaped
run of characters, so the scan said 0 findings, exit 0. The searched view (``decoding.searchable``)
reads those lines decoded, on the same line numbers; the file itself is not changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.core.document import Document
from aisec_cli.sources import decoding
from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def _split(key: str, mark: str) -> str:
    return key[:12] + mark + key[12:30] + mark + key[30:]


def _json_escaped(key: str) -> str:
    return "".join(f"\\u{ord(c):04x}" if c in "-_" else c for c in key)


def _percent(key: str) -> str:
    return "".join(f"%{ord(c):02X}" if c in "-_" else c for c in key)


def _entities(key: str) -> str:
    return "".join(f"&#{ord(c)};" if c == "-" else c for c in key)


SHAPES: dict[str, Callable[[str], str]] = {
    "zero-width-space": lambda k: f'ANTHROPIC_API_KEY="{_split(k, chr(0x200B))}"',
    "zero-width-joiner": lambda k: f'ANTHROPIC_API_KEY="{_split(k, chr(0x200D))}"',
    "word-joiner": lambda k: f'ANTHROPIC_API_KEY="{_split(k, chr(0x2060))}"',
    "soft-hyphen": lambda k: f'ANTHROPIC_API_KEY="{_split(k, chr(0x00AD))}"',
    "bom-inside": lambda k: f'ANTHROPIC_API_KEY="{_split(k, chr(0xFEFF))}"',
    "left-to-right-mark": lambda k: f'ANTHROPIC_API_KEY="{_split(k, chr(0x200E))}"',
    "json-u-escapes": lambda k: f'{{"anthropic_api_key": "{_json_escaped(k)}"}}',
    "json-u-escapes-every-char": lambda k: '{"anthropic_api_key": "' + "".join(f"\\u{ord(c):04X}" for c in k) + '"}',
    "percent-encoded": lambda k: f"https://api.example.com/v1?key={_percent(k)}&x=1",
    "html-entities": lambda k: f'<input name="anthropic_api_key" value="{_entities(k)}">',
}


def _file(line: str) -> str:
    return f"# settings\nDEBUG=1\n{line}\nNAME=caf\u00e9\n"


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_searched_view_decodes_the_line_in_place(keys: KeyFactory, shape: str) -> None:
    key = keys.anthropic()
    text = _file(SHAPES[shape](key))
    assert key not in text
    shown = decoding.searchable(Document("app.env", text))
    assert key in shown.text.split("\n")[2]  # same line
    assert shown.text.count("\n") == text.count("\n")
    assert shown.text.split("\n")[3] == "NAME=caf\u00e9"  # other lines as they were


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_scan_finds_the_key(tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory, shape: str) -> None:
    key = keys.anthropic()
    (tmp_path / "app.env").write_text(_file(SHAPES[shape](key)), encoding="utf-8")
    result = aisec("scan", "-f", "json", ".", cwd=tmp_path)
    assert result.code == 1, result.stdout + result.stderr
    found = json.loads(result.stdout)["findings"]
    assert [(f["location"]["path"], f["location"]["line"], f["rule_id"]) for f in found] == [("app.env", 3, "KEY005")]  # as for the key written plainly
    assert key not in result.stdout and key[20:60] not in result.stdout


def test_a_json_escaped_slash_in_an_aws_secret(tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    """PHP's json_encode writes ``/`` as ``\\/``: the secret read back has its slashes."""
    secret = keys.aws_secret()
    while "/" not in secret:
        secret = keys.aws_secret()
    doc = {"aws_access_key_id": keys.aws_access_key_id(), "aws_secret_access_key": secret.replace("/", "\\/")}
    (tmp_path / "creds.json").write_text(json.dumps(doc).replace("\\\\/", "\\/"), encoding="utf-8")
    assert secret not in (tmp_path / "creds.json").read_text(encoding="utf-8")
    shown = decoding.searchable(Document("creds.json", (tmp_path / "creds.json").read_text(encoding="utf-8")))
    assert secret in shown.text


def test_history_and_stdin_find_it_too(git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    text = _file(SHAPES["zero-width-space"](keys.anthropic()))
    stdin = aisec("scan", "-f", "json", "-", cwd=git_repo, stdin=text)
    assert stdin.code == 1 and [f["location"]["line"] for f in json.loads(stdin.stdout)["findings"]] == [3]
    (git_repo / "app.env").write_text(text, encoding="utf-8")
    git(git_repo, "add", "-A")
    staged = aisec("scan", "--staged", "-f", "json", ".", cwd=git_repo)
    assert staged.code == 1 and [f["location"]["line"] for f in json.loads(staged.stdout)["findings"]] == [3]
    git(git_repo, "commit", "-q", "-m", "settings")
    history = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert history.code == 1 and [f["location"]["line"] for f in json.loads(history.stdout)["findings"]] == [3]


def test_no_double_finding_and_no_new_noise(tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    key = keys.anthropic()
    (tmp_path / "plain.env").write_text(f'ANTHROPIC_API_KEY="{key}"  # \u200bnote\u00ad\n', encoding="utf-8")
    (tmp_path / "prose.md").write_text(
        "Zero\u200bwidth\u2060joined text, a soft\u00adhyphen, 100%25 sure, caf\\u00e9, a \\/ path, &#45; dash\n"
        "https://example.com/search?q=a%2Db%5Fc&page=2\n",
        encoding="utf-8",
    )
    result = aisec("scan", "-f", "json", ".", cwd=tmp_path)
    found = json.loads(result.stdout)["findings"]
    assert [(f["location"]["path"], f["location"]["line"]) for f in found] == [("plain.env", 1)]
    assert result.code == 1


def test_a_file_without_hidden_shapes_is_handed_over_as_it_is() -> None:
    doc = Document("a.py", "x = 1\nprint('100%')\n")
    assert decoding.searchable(doc) is doc
