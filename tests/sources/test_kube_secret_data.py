"""A Kubernetes Secret's ``data:`` values are base64: a key committed in such a manifest (a
classic leak) had no key-shaped text, so the scan said 0 findings. The searched view adds each
map value's decoded text after it, on its line; values that do not decode to one line of text
(hashes, binary data) are left alone."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

from aisec_cli.core.document import Document
from aisec_cli.sources import decoding
from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _manifest(key: str, plain: str) -> str:
    return (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n"
        f"  OPENAI_BASE_URL: https://api.example.com\n  TOKEN_HEX: {plain}\n---\n"
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\n  labels:\n    tier: api\ntype: Opaque\ndata:\n"
        f"  ANTHROPIC_API_KEY: {_b64(key + chr(10))}\n"  # echo "$KEY" | base64: a newline at the end
        f"  blob.bin: {base64.b64encode(bytes(range(48))).decode()}\n"
        "stringData:\n  MODE: prod\n"
    )


def test_the_searched_view_adds_the_decoded_value(keys: KeyFactory) -> None:
    key = keys.anthropic()
    text = _manifest(key, keys.hex(32))
    shown = decoding.searchable(Document("k8s/secret.yaml", text))
    lines, original = shown.text.split("\n"), text.split("\n")
    assert len(lines) == len(original)
    changed = [i for i, (a, b) in enumerate(zip(lines, original)) if a != b]
    assert changed == [original.index(f"  ANTHROPIC_API_KEY: {_b64(key + chr(10))}")]
    assert lines[changed[0]].startswith(original[changed[0]]) and key in lines[changed[0]]


def test_scan_history_and_staged_find_it(git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    text = _manifest(keys.anthropic(), keys.hex(32))
    line = 1 + next(i for i, row in enumerate(text.split("\n")) if "ANTHROPIC" in row)
    (git_repo / "secret.yaml").write_text(text, encoding="utf-8")
    tree = aisec("scan", "-f", "json", ".", cwd=git_repo)
    assert tree.code == 1, tree.stdout + tree.stderr
    assert tree.locations() == [
        ("secret.yaml", line)
    ]
    git(git_repo, "add", "-A")
    staged = aisec("scan", "--staged", "-f", "json", ".", cwd=git_repo)
    assert [f["location"]["line"] for f in json.loads(staged.stdout)["findings"]] == [line]
    git(git_repo, "commit", "-q", "-m", "manifests")
    history = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert [f["location"]["line"] for f in json.loads(history.stdout)["findings"]] == [line]


def test_values_that_are_no_base64_text_are_left_alone(keys: KeyFactory) -> None:
    text = (
        f"build:\n  sha: {keys.hex(40)}\n  digest: {base64.b64encode(bytes(range(32))).decode()}\n"
        f"  short: {_b64('abc')}\n  odd: abcdefghijklmnopq\nplain: {_b64('top level, not a map entry')}\n"
    )
    doc = Document("ci.yaml", text)
    assert decoding.searchable(doc) is doc


def test_manifests_and_their_templates_are_decoded_other_files_are_not(keys: KeyFactory) -> None:
    key = keys.anthropic()
    manifest = _manifest(key, keys.hex(32))
    for name in ("deploy/secret.yml", "charts/app/templates/secret.tpl"):
        assert key in decoding.searchable(Document(name, manifest)).text, name
    # an indented `name: <base64>` line in source code is no manifest (and the pass is skipped there)
    source = f"settings = dict(\n    token: {_b64(key)}\n)\n"
    doc = Document("app/settings.py", source)
    assert decoding.searchable(doc) is doc
