"""Regex engine choice: google-re2 (linear time) for every pattern a user supplies.

Rule patterns are written in the RE2 subset (no look-around, no backreferences), which
:func:`check_re2_subset` checks first with a readable reason; user patterns then run under
RE2 only (:func:`compile_pattern`), so a hostile pattern cannot backtrack catastrophically.
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


def compile_pattern(
    pattern: str, origin: str = "pattern", *, ignore_case: bool = False, check_subset: bool = True
) -> Any:
    """Compile with RE2 (linear time), never with a backtracking engine.

    A pattern RE2 cannot compile is refused with a :class:`ConfigError` naming ``origin``
    and RE2's reason: rules from users' files can never fall back to ``re`` (ReDoS).
    ``check_subset=False`` skips the readable pre-check (bundled patterns, already reviewed).
    """
    if check_subset:
        check_re2_subset(pattern, origin)
    if not HAVE_RE2 or _re2 is None:  # pragma: no cover - google-re2 is a dependency
        raise ConfigError(f"{origin}: the google-re2 package is needed to compile patterns")
    options = _re2.Options()
    options.max_mem = _re2_options.max_mem
    options.case_sensitive = not ignore_case
    options.log_errors = False  # the reason goes into the one error line, not to stderr
    try:
        return _re2.compile(pattern, options=options)
    except Exception as exc:  # noqa: BLE001 - re2.error, or TypeError for odd input
        detail = exc.args[0] if exc.args else exc
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        reason = " ".join(str(detail).split()) or type(exc).__name__
        raise ConfigError(f"{origin}: RE2 cannot compile the pattern ({reason})") from None


def compile_rule_pattern(pattern: str, origin: str, user_supplied: bool, *, ignore_case: bool = False) -> Any:
    """A pattern of a rule: RE2 when it comes from a user's rule file, else ``re``.

    Bundled patterns keep ``re`` semantics (Unicode classes) where an engine wants them;
    they are reviewed, tested and in the RE2 subset.
    """
    if user_supplied:
        return compile_pattern(pattern, origin, ignore_case=ignore_case)
    # bundled: in the RE2 subset, checked by tests/core/test_bundled_rules_valid.py, not at every start
    return re.compile(pattern, re.IGNORECASE if ignore_case else 0)


class PatternSet:
    """Which of many patterns occur anywhere in a text, in one linear pass (RE2's ``Set``).

    No match objects are built, so a word that occurs thousands of times costs nothing more
    than one that occurs once; overlapping occurrences are all seen.
    """

    def __init__(self, patterns: list[str], origin: str) -> None:
        import re2

        self._set = re2.Set.SearchSet()
        for pattern in patterns:
            try:
                self._set.Add(pattern)
            except Exception as exc:  # noqa: BLE001 - RE2 refuses a pattern: say which
                raise ConfigError(f"{origin}: pattern {pattern!r} is not supported: {exc}") from None
        self._set.Compile()

    def present(self, text: str) -> list[int]:
        """Indexes of the patterns that match somewhere in ``text`` (no lone surrogates)."""
        return self._set.Match(text) or []
