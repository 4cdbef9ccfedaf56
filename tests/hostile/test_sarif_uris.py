"""SARIF locations are URI references (SARIF 2.1.0 §3.10, RFC 3986): a file name with a space,
``#``, ``?``, ``%`` or a colon was written as is, so ``C#/app.env`` read as the file ``C`` with a
fragment, ``100%25.env`` as ``100%.env``, and upload-sarif warned "not a valid URI" (the alert
could land on no file). Each path is now percent-encoded and decodes back to the reported path."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.conftest import CliResult
from tests.keyfactory import KeyFactory

NAMES = ["C#/app.env", "what?.env", "100%25.env", "sp ace.env", "c:colon.env", "caf\u00e9.env", "[x].env", "plain/a.env"]
# RFC 3986 path characters: unreserved, sub-delims, ':', '@', '/', and %XX escapes
URI_PATH = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*$")


def test_every_location_uri_is_valid_and_names_the_file(
    tmp_path: Path, keys: KeyFactory, aisec: Callable[..., CliResult]
) -> None:
    root = tmp_path / "my repo"
    for name in NAMES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    result = aisec("scan", "-f", "sarif", str(root), cwd=root)
    assert result.code == 1, result.stderr
    run = json.loads(result.stdout)["runs"][0]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]]
    for uri in uris:
        assert URI_PATH.match(uri), uri
        parts = urlsplit(uri)
        assert not parts.scheme and not parts.query and not parts.fragment, uri
    assert sorted(unquote(u) for u in uris) == sorted(NAMES)
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file:///") and " " not in base and unquote(base) == f"file://{root}/"
