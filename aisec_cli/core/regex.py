"""Regex engine choice: google-re2 (linear time) when installed, else the standard ``re``.

Rule patterns are written in the RE2 subset (no look-around, no backreferences), which
:func:`check_re2_subset` enforces for user rules, so a hostile pattern cannot backtrack
catastrophically under either engine.
"""

from __future__ import annotations

import re
from typing import Any

from aisec_cli.core.errors import ConfigError

try:  # pragma: no cover - depends on the environment
    import re2 as _re2

    _re2_options = _re2.Options()
    _re2_options.max_mem = 64 << 20
    HAVE_RE2 = True
except ImportError:  # pragma: no cover
    _re2 = None
    HAVE_RE2 = False

_FORBIDDEN = (
    (re.compile(r"\(\?<?[=!]"), "look-around"),
    (re.compile(r"\\[1-9]"), "backreference"),
    (re.compile(r"\(\?P=\w+\)"), "backreference"),
    (re.compile(r"\(\?>"), "atomic group"),
    (re.compile(r"[*+?}]\+"), "possessive quantifier"),
)


def check_re2_subset(pattern: str, origin: str) -> None:
    """Refuse constructs outside the RE2 subset, with a message naming the rule."""
    for probe, what in _FORBIDDEN:
        if probe.search(pattern):
            raise ConfigError(f"{origin}: pattern uses {what}, which is not allowed (RE2 subset)")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"{origin}: invalid regular expression: {exc}") from None
    for match in _REPEAT.finditer(pattern):
        if max(int(n) for n in match.groups() if n) > 1000:
            raise ConfigError(f"{origin}: repetition count over 1000 (RE2 limit)")
    if _nested_quantifier(pattern):
        raise ConfigError(
            f"{origin}: pattern nests unbounded quantifiers (catastrophic backtracking)"
        )


_REPEAT = re.compile(r"(?<!\\)\{(\d+)(?:,(\d*))?\}")
_NESTED = re.compile(r"\((?:[^()\\]|\\.)*[*+](?:[^()\\]|\\.)*\)[*+{]")


def _nested_quantifier(pattern: str) -> bool:
    """True for shapes like ``(a+)+`` or ``(\\w*x)*`` that backtrack exponentially in ``re``."""
    return bool(_NESTED.search(pattern))


def compile_pattern(pattern: str, origin: str = "pattern", prefer_re2: bool = True, checked: bool = False) -> Any:
    """Compile with RE2 when available (falls back to ``re`` for what RE2 rejects).

    ``checked``: the pattern already passed :func:`check_re2_subset` (or is built from
    bundled patterns the test suite checks), so start-up does not pay for it twice.
    """
    if not checked:
        check_re2_subset(pattern, origin)
    if prefer_re2 and HAVE_RE2 and _re2 is not None:
        try:
            return _re2.compile(pattern, options=_re2_options)
        except Exception:  # noqa: BLE001 - RE2 rejected it; ``re`` accepted it above
            pass
    return re.compile(pattern)
