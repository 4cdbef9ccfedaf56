"""Live-check data for secret rules (``rules/verifiers.yaml``): the request that proves a key, where to revoke it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from aisec_cli.core.diskcache import cached
from aisec_cli.core.errors import ConfigError
from aisec_cli.core.rules import rules_dir, schema_problem
from aisec_cli.core import yamlio
from aisec_cli.core.yamlio import safe_load

PLACEHOLDER = "{key}"
FILE_NAME = "verifiers.yaml"


@dataclass(frozen=True, slots=True)
class Check:
    """One read-only GET of ``path`` on ``host``; ``hosts`` is the rule's allowlist (the data's
    first host is the one asked; the list is checked again right before sending)."""

    host: str
    hosts: tuple[str, ...]
    path: str
    headers: tuple[tuple[str, str], ...]
    live: frozenset[int]
    invalid: frozenset[int]
    invalid_body: Mapping[int, str]
    proves: str

    @property
    def identity(self) -> tuple[str, str]:
        """What makes two checks the same request (for one request per key and endpoint)."""
        return (self.host, self.path)


@dataclass(frozen=True, slots=True)
class VerifierInfo:
    """What ``rules/verifiers.yaml`` says about one rule."""

    rule_id: str
    revoke: str | None = None
    check: Check | None = None
    unsupported: str | None = None


def _rules_dir() -> Path:
    return rules_dir()


def _validate(document: Any, origin: str) -> None:
    problem = schema_problem(document, "verifiers")
    if problem is not None:
        raise ConfigError(f"{origin}: invalid verifier data {problem}")


def _check(rule_id: str, raw: Mapping[str, Any], origin: str) -> Check:
    headers = tuple((str(k), str(v)) for k, v in (raw.get("headers") or {}).items())
    path = str(raw["path"])
    if PLACEHOLDER not in path and not any(PLACEHOLDER in v for _, v in headers):
        raise ConfigError(f"{origin}: {rule_id}: the check never sends the key (no {PLACEHOLDER})")
    if PLACEHOLDER in path.split("?", 1)[0]:
        raise ConfigError(f"{origin}: {rule_id}: the key may go in a header or the query, not the path")
    hosts = tuple(str(h) for h in raw["hosts"])
    return Check(
        host=hosts[0],
        hosts=hosts,
        path=path,
        headers=headers,
        live=frozenset(int(s) for s in raw["live"]),
        invalid=frozenset(int(s) for s in raw["invalid"]),
        invalid_body=MappingProxyType({int(k): str(v) for k, v in (raw.get("invalid_body") or {}).items()}),
        proves=" ".join(str(raw["proves"]).split()),
    )


def parse(text: str, origin: str = FILE_NAME, *, trusted: bool = False) -> dict[str, VerifierInfo]:
    """The verifier table of a ``verifiers.yaml`` text, validated against its schema.

    ``trusted``: the file bundled with aisec (YAML aliases allowed, see core/yamlio.py; its
    schema check runs in the test suite, not at every start).
    """
    try:
        # the bundled file's parse is kept in the on-disk cache (keyed by its bytes)
        document = (
            cached("verifiers", (origin, text), lambda: safe_load(text, trusted=True))
            if trusted
            else safe_load(text)
        )
    except yamlio.YAMLError as exc:  # PyYAML imported only if a file was parsed
        raise ConfigError(f"{origin}: not valid YAML: {exc}") from None
    if not trusted:
        _validate(document, origin)
    table: dict[str, VerifierInfo] = {}
    for rule_id, raw in document["verifiers"].items():
        check = _check(rule_id, raw["check"], origin) if "check" in raw else None
        unsupported = " ".join(str(raw["unsupported"]).split()) if "unsupported" in raw else None
        table[rule_id] = VerifierInfo(rule_id, raw.get("revoke"), check, unsupported)
    return table


@cache
def bundled() -> Mapping[str, VerifierInfo]:
    """The verifier table shipped with aisec (cached for the process)."""
    path = _rules_dir() / FILE_NAME
    if not path.exists():
        return MappingProxyType({})
    return MappingProxyType(parse(path.read_text(encoding="utf-8"), path.name, trusted=True))


def info_for(rule_id: str) -> VerifierInfo:
    """The rule's entry; a rule without one has no check and no known revocation page."""
    return bundled().get(rule_id) or VerifierInfo(rule_id, unsupported="no verifier is defined for this rule")


def explain_section(rule_id: str) -> str:
    """Markdown for ``aisec rules explain``: where to revoke, and what ``--verify`` asks."""
    info = info_for(rule_id)
    lines = ["", "## Revoke and verify", ""]
    if info.revoke:
        lines.append(f"Key-management page: {info.revoke}")
        lines.append("")
    if info.check is not None:
        check = info.check
        query = check.path.split("?", 1)
        shown = query[0] + ("?…" if len(query) > 1 else "")
        lines.append(
            f"`aisec scan --verify` sends one read-only request: GET https://{check.host}{shown} "
            f"(only to {', '.join(check.hosts)}). A live answer proves that {check.proves}."
        )
    else:
        lines.append(f"`aisec scan --verify` reports this rule as unsupported: {info.unsupported}.")
    return "\n".join(lines) + "\n"
