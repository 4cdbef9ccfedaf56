"""Compiled secret rules: what the YAML says, ready to run."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aisec_cli.core.errors import ConfigError
from aisec_cli.core.findings import Severity
from aisec_cli.core.regex import compile_pattern
from aisec_cli.core.rules import Rule

DEFAULT_PRIORITY = {"prefix": 10, "context": 20, "generic": 90}


@dataclass(frozen=True, slots=True)
class SecretRule:
    """One key format.

    ``kind`` is ``prefix`` (distinctive, found anywhere), ``context`` (needs a provider
    keyword within ``context_lines`` lines above/below) or ``generic`` (an assignment to a
    key-like name). A catch-all rule with ``defer`` stays silent when the value is assigned to a
    name that mentions a known provider (other than ``defer_except``): that provider's own
    rules decide, so a truncated or malformed look-alike is not reported.
    """

    id: str
    name: str
    title: str
    provider: str
    severity: Severity
    kind: str
    pattern: str
    keywords: tuple[str, ...]
    context_before: int
    context_after: int
    assignment: bool
    entropy_min: float
    min_digits: int
    allow: tuple[Any, ...]  # RE2 patterns
    priority: int
    confidence: str
    defer: bool = False
    defer_except: tuple[str, ...] = ()


def expand_macros(pattern: str, macros: Mapping[str, str], origin: str) -> str:
    """Replace ``{{name}}`` by the file's macro of that name."""

    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise ConfigError(f"{origin}: unknown macro {{{{{name}}}}}")
        return macros[name]

    return re.sub(r"\{\{(\w+)\}\}", sub, pattern)


def compile_rule(rule: Rule, macros: Mapping[str, str]) -> SecretRule:
    data: Mapping[str, Any] = rule.data
    origin = f"{rule.origin}: rule {rule.id}" if rule.origin else f"rule {rule.id}"
    kind = str(data.get("kind", "prefix"))
    pattern = expand_macros(str(data["pattern"]), macros, origin)
    if rule.user_supplied:
        compile_pattern(pattern, origin)  # refused here, naming the file, if RE2 cannot run it
    # bundled patterns: checked by tests/core/test_bundled_rules_valid.py, not at every start
    if "(?P<secret>" not in pattern:
        raise ConfigError(f"{origin}: pattern needs a named group (?P<secret>…)")
    context = data.get("context") or {}
    keywords = tuple(str(k).lower() for k in context.get("keywords", ()))
    if kind == "context" and not keywords:
        raise ConfigError(f"{origin}: a context rule needs context.keywords")
    lines = context.get("lines", [3, 1])
    allow = tuple(
        compile_pattern(str(p), f"{origin} allow pattern {str(p)!r}", check_subset=rule.user_supplied)
        for p in data.get("allow", ()) or ()
    )
    return SecretRule(
        id=rule.id,
        name=rule.name,
        title=rule.title,
        provider=str(data.get("provider", "unknown")),
        severity=rule.severity,
        kind=kind,
        pattern=pattern,
        keywords=keywords,
        context_before=int(lines[0]),
        context_after=int(lines[1]),
        assignment=bool(data.get("assignment", kind != "prefix")),
        entropy_min=float(data.get("entropy", 3.0)),
        min_digits=int(data.get("min_digits", 0)),
        allow=allow,
        priority=int(data.get("priority", DEFAULT_PRIORITY.get(kind, 50))),
        confidence=str(data.get("confidence", "high" if kind == "prefix" else "medium")),
        defer=bool(data.get("defer_to_providers", False)),
        defer_except=tuple(str(k).lower() for k in data.get("defer_except", ())),
    )
