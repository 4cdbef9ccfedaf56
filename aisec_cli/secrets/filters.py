"""False-positive filters for secret candidates: pure functions over the matched value."""

from __future__ import annotations

import math
import re
from collections import Counter
from aisec_cli.core.lazyre import LazyRegex

_PLACEHOLDER = LazyRegex(
    r"(?i)(x{4,}|\*{3,}|\.{3,}|…|redacted|example|sample|dummy|placeholder|your[_-]?(api[_-]?)?key|"
    r"insert|change[_-]?me|replace[_-]?me|fake|<|>|\$\{|\{\{|%\(|secret[_-]?here|key[_-]?here|"
    r"0{8,}|1{8,}|test[_-]?key|notreal|not[_-]?a[_-]?real|invalid)"
)
_UUID = LazyRegex(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_RUNS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "9876543210")


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    counts = Counter(value)
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def is_placeholder(value: str) -> bool:
    return bool(_PLACEHOLDER.search(value))


_BASE64 = LazyRegex(r"^(?:[A-Za-z0-9+/]{4}){4,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$")


def base64_text(value: str) -> str | None:
    """What ``value`` says when it is base64 of printable ASCII text (a Kubernetes secret's
    ``data``), else None: random bytes, such as an encoded key, do not decode to text."""
    if not _BASE64.match(value):
        return None
    import base64
    import binascii

    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    if not raw or any(b < 32 or b > 126 for b in raw):
        return None
    return raw.decode("ascii")


# Keys made to ship in web pages: they can only send analytics events or start a checkout.
_PUBLIC_PREFIXES = ("phc_", "pk_live_", "pk_test_")
_JWT = LazyRegex(r"^eyJ[A-Za-z0-9_-]{8,}\.(eyJ[A-Za-z0-9_-]{8,})\.[A-Za-z0-9_-]{16,}$")
_ANON_ROLE = LazyRegex(r'"role"\s*:\s*"anon"')


def is_public_by_design(value: str) -> bool:
    """A key meant to be public: a PostHog project key, a Stripe publishable key, or a JWT
    whose role is ``anon`` (Supabase's anon key, which row-level security guards)."""
    if value.startswith(_PUBLIC_PREFIXES):
        return True
    jwt = _JWT.match(value)
    if jwt is None:
        return False
    import base64
    import binascii

    claims = jwt.group(1)
    try:
        payload = base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4))
    except (binascii.Error, ValueError):
        return False
    return _ANON_ROLE.search(payload.decode("utf-8", "replace")) is not None


def is_sequential(value: str, run: int = 6) -> bool:
    """Long runs of consecutive characters (``abcdef``, ``123456``) or one repeated char."""
    repeat = run if len(value) < 32 else run + 2  # long random keys do hold short repeats
    for i in range(len(value) - run + 1):
        chunk = value[i : i + run]
        if len(set(value[i : i + repeat])) == 1 and i + repeat <= len(value):
            return True
        if any(chunk in seq for seq in _RUNS):
            return True
    return False


def is_uuid(value: str) -> bool:
    return bool(_UUID.match(value))


def body(value: str) -> str:
    """The part of a key after a short alphabetic prefix such as ``sk-proj-``/``hf_``."""
    match = re.match(r"^[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})?[-_]", value)
    return value[match.end() :] if match and len(value) - match.end() >= 16 else value


def digits(value: str) -> int:
    return sum(ch.isdigit() for ch in value)


_SEGMENT = LazyRegex(r"[-_./]")
_LOWER_WORD = LazyRegex(r"^[a-z]+[0-9]*$")
# An acronym hump starts where an upper-case run starts (``(?<![A-Z])``): a long run of capitals
# cannot be split into humps in exponentially many ways (the pattern stays linear-ish).
_CAMEL = LazyRegex(
    r"^(?:[a-z]+[0-9]*)?(?:[A-Z][a-z]{2,}[0-9]*|(?:(?<![A-Z])[A-Z]{2,}[0-9]*|[A-Z][0-9]+)(?=[A-Z]|$)){2,}$"
)


def _wordlike(part: str) -> bool:
    return (
        bool(_LOWER_WORD.match(part))
        or part.isupper()  # CONSTANT_NAME segments (digits allowed)
        or part.isdigit()
        or _camel(part)
    )


def _camel(value: str) -> bool:
    """``CamelCaseWords`` with mostly lower-case letters (random strings are not)."""
    if not _CAMEL.match(value):
        return False
    letters = [c for c in value if c.isalpha()]
    return sum(c.islower() for c in letters) >= 0.5 * len(letters)


def looks_like_identifier(value: str) -> bool:
    """Names, not secrets: ``CamelCaseWords``, ``snake_case_words``, ``CONSTANT_NAME_1``,
    ``module.TypeName``.

    Each segment of a real key mixes cases and digits at random; segments of an identifier
    are single words (all lower, all upper, all digits, or CamelCase humps).
    """
    if is_uuid(value):
        return False
    if _camel(value):
        return True
    parts = [p for p in _SEGMENT.split(value) if p]
    if len(parts) < 2 or (len(parts) == 2 and "." not in value):
        return False
    return all(_wordlike(p) for p in parts)
