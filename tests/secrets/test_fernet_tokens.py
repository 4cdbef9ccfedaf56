"""A Fernet token (an encrypted value: version byte 0x80, a timestamp, IV, ciphertext and HMAC,
base64url) shown in API docs under `llm_api_key`/`password` is ciphertext, not a credential (read
in a public NL-to-SQL service's docs); a plain high-entropy value under the same names stays found."""

from __future__ import annotations

import base64
import struct

from aisec_cli.core.document import Document
from aisec_cli.secrets.engine import build_engine
from tests.keyfactory import ALNUM, KeyFactory


def _found(text: str, path: str) -> list[str]:
    return [f.rule_id for f in build_engine().scan(Document(path, text))]


def _fernet_token(keys: KeyFactory, plaintext_blocks: int) -> str:
    """The layout of a Fernet token, its random parts from the key factory's letters."""
    body = keys.chars(16 + 16 * plaintext_blocks + 32, ALNUM).encode()
    raw = b"\x80" + struct.pack(">Q", 1_693_600_000) + body
    return base64.urlsafe_b64encode(raw).decode()


def _docs(first: str, second: str) -> str:
    return (
        "Response\n\n.. code-block:: json\n\n"
        "    {\n"
        f'      "llm_api_key": "{first}",\n'
        '      "ssh_settings": {\n'
        '        "host": "string",\n'
        f'        "password": "{second}"\n'
        "      }\n"
        "    }\n"
    )


def test_fernet_tokens_in_api_docs_are_not_keys(keys: KeyFactory) -> None:
    first, second = _fernet_token(keys, 1), _fernet_token(keys, 2)
    assert first.startswith("gAAAAA") and 100 <= len(first) <= 200
    assert _found(_docs(first, second), "docs/api.create_database_connection.rst") == []


def test_a_random_value_of_the_same_length_stays_found(keys: KeyFactory) -> None:
    first = _fernet_token(keys, 1)
    plain = keys.chars(len(first), ALNUM)
    assert _found(_docs(plain, _fernet_token(keys, 2)), "docs/api.create_database_connection.rst") == ["KEY901"]
