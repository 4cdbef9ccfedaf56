"""The one place secrets are masked.

A masked value keeps a short, non-secret prefix (the provider's own marker where there is one)
and at most the last four characters: ``sk-proj-…9fQa``. Short values keep less.
"""

from __future__ import annotations

import re
from aisec_cli.core.lazyre import LazyRegex

_KNOWN_PREFIX = LazyRegex(
    r"^(sk-proj-|sk-svcacct-|sk-admin-|sk-ant-api\d\d-|sk-ant-admin\d\d-|sk-or-v1-|sk-lf-|"
    r"sk-api-|sk-|sk_|AIza|hf_|api_org_|gsk_|r8_|pplx-|xai-|tgp_v1_|fw_|lsv2_pt_|lsv2_sk_|"
    r"pcsk_|wandb_v1_|pa-|al-|csk-|nvapi-|dapi|jina_|tvly-dev-|tvly-prod-|tvly-|rpa_|ABSK|"
    r"bedrock-api-key-|AKIA|ASIA|esecret_|slk_|key_|eyJ)"
)
ELLIPSIS = "…"


def mask(secret: str) -> str:
    """Mask ``secret`` for display: known prefix (or 2 chars) + ``…`` + last 4 at most."""
    value = secret.strip()
    n = len(value)
    if n == 0:
        return ""
    if n < 8:
        return "*" * n
    match = _KNOWN_PREFIX.match(value)
    prefix = match.group(0) if match else value[:2]
    tail = 4 if n >= 16 else 2
    if len(prefix) + tail >= n - 4:  # never reveal most of a short value
        prefix = value[:2]
    return f"{prefix}{ELLIPSIS}{value[-tail:]}"


def mask_in(text: str, secret: str) -> str:
    """Replace every occurrence of ``secret`` in ``text`` by its mask."""
    if not secret:
        return text
    return text.replace(secret, mask(secret))


# A token that starts with a provider's prefix and goes on with key characters: a key even
# when a length limit cut it short (the full-format rules no longer match it).
_PREFIXED = LazyRegex(
    r"(?<![A-Za-z0-9_\-])(?:" + _KNOWN_PREFIX.pattern[2:-1] + r")[A-Za-z0-9_\-+/=.]{12,}"
)


def mask_prefixed(text: str) -> str:
    """Mask every provider-prefixed token of key length (letters and digits) in ``text``."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        tail = token[len(_KNOWN_PREFIX.match(token).group(0)) :]  # type: ignore[union-attr]
        if any(c.isdigit() for c in tail) and any(c.isalpha() for c in tail):
            return mask(token)
        return token

    return _PREFIXED.sub(replace, text)
