"""A package lock's integrity digest (base64 of a SHA-512) is no provider key, even when a run
of it is key-shaped and the provider's short keyword turns up inside the digest's own letters
(read in a public repository's git history); the real key beside the keyword stays found."""

from __future__ import annotations

from aisec_cli.core.document import Document
from aisec_cli.secrets.engine import build_engine
from tests.keyfactory import ALNUM, KeyFactory


def _found(text: str, path: str) -> list[str]:
    return [f.rule_id for f in build_engine().scan(Document(path, text))]


def _digest(keys: KeyFactory, inner: str) -> str:
    """A base64 SHA-512 (88 characters) holding ``inner`` in its body and ending in a
    32-character alphanumeric run after a "+"."""
    head = keys.chars(86 - 33 - len(inner), ALNUM)
    return "sha512-" + head + inner + "+" + keys.chars(32, ALNUM) + "=="


def test_the_keyword_inside_a_lock_digest_is_no_context(keys: KeyFactory) -> None:
    digest = _digest(keys, "pCX" + "AI" + "21BL")
    assert len(digest) == len("sha512-") + 88
    text = (
        "packages:\n  /@mui/base@5.0.0(react@18.2.0):\n"
        f"    resolution: {{integrity: {digest}}}\n    engines: {{node: '>=12.0.0'}}\n"
    )
    assert _found(text, "pnpm-lock.yaml") == []


def test_the_tail_of_a_digest_is_no_key_even_beside_the_provider(keys: KeyFactory) -> None:
    digest = _digest(keys, keys.chars(6, ALNUM))
    text = f"{{\"node_modules/ai21\": {{\"version\": \"1.0.0\", \"integrity\": \"{digest}\"}}}}\n"
    assert _found(text, "package-lock.json") == []


def test_a_real_key_beside_the_keyword_stays(keys: KeyFactory) -> None:
    text = f"AI21_API_KEY = \"{keys.chars(32, ALNUM)}\"\n"
    assert _found(text, "settings.py") == ["KEY041"]
