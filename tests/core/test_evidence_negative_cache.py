"""Texts the masking net found no key in are remembered too (a report repeats the same labels
thousands of times), and forgotten when the key finder changes."""

from __future__ import annotations

from aisec_cli.core import evidence
from aisec_cli.secrets import plugin


def test_a_remembered_keyless_text_is_judged_again_under_a_new_finder() -> None:
    text = "token Zq7Lm2Xp9Rt4Vb8N"  # key-like run, no provider key
    try:
        evidence.register_key_finder(lambda t: [])
        assert evidence.mask_keys(text) == text
        assert evidence.mask_keys(text) == text  # from the cache
        evidence.register_key_finder(lambda t: [(t.index("Zq"), len(t))])
        assert evidence.mask_keys(text) != text
    finally:
        evidence.register_key_finder(plugin.find_keys)
