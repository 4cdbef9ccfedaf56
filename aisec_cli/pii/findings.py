"""Detections as the project's :class:`Finding` objects (``--check``, reports, the checklist).

A finding never carries the value: the snippet is the masked value (``**** **** **** 1234``,
``****@*****.***``) and the fingerprint hashes the normalised value.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from aisec_cli.core.findings import Finding, Location, Severity, fingerprint, match_digest
from aisec_cli.core.rules import Rule
from aisec_cli.pii.engine import Located
from aisec_cli.pii.entities import ENTITIES, normalise
from aisec_cli.pii.operators import mask_value
from aisec_cli.pii.ruleset import bundled

_DEFAULT_SEVERITY = {
    "URL_WITH_CREDENTIALS": Severity.CRITICAL,
    "API_KEY": Severity.CRITICAL,
    "PRIVATE_KEY": Severity.CRITICAL,
    "PASSWORD": Severity.CRITICAL,
}


def _rule(entity: str) -> Rule | None:
    return bundled().rule_for(entity)


@lru_cache(maxsize=256)
def _severity_and_title(entity: str) -> tuple[Severity, str]:
    rule = _rule(entity)
    if rule is None:
        return _DEFAULT_SEVERITY.get(entity, Severity.MEDIUM), entity
    return rule.severity, rule.title


def to_finding(path: str, item: Located) -> Finding:
    d = item.detection
    severity, title = _severity_and_title(d.entity)
    snippet = mask_value(d.entity, item.value)
    if len(snippet) > 80:
        snippet = snippet[:77] + "…"
    properties: dict[str, Any] = {
        "entity": d.entity,
        "start": d.start,
        "end": d.end,
        "confidence": d.confidence,
        "recognizer": d.recognizer,
    }
    properties["_match_digest"] = match_digest(normalise(d.entity, item.value))
    entity = ENTITIES.get(d.entity)
    if entity is not None and entity.secret:  # a credential: one identity across engines (core/baseline, core/suppress)
        properties["_secret_digest"] = fingerprint("", "", item.value)
    return Finding(
        rule_id=d.rule_id,
        severity=severity,
        message=f"{title} ({d.entity})",
        location=Location(path, item.line, item.column, item.end_line, item.end_column),
        fingerprint=fingerprint(d.rule_id, path, normalise(d.entity, item.value)),
        snippet=snippet,
        properties=MappingProxyType(properties),
    )


def to_findings(path: str, items: Iterable[Located]) -> list[Finding]:
    return [to_finding(path, item) for item in items]


def detection_record(path: str, item: Located) -> dict[str, Any]:
    """One line of ``--format json``: where, what, how sure; never the value."""
    d = item.detection
    return {
        "path": path,
        "line": item.line,
        "column": item.column,
        "end_line": item.end_line,
        "end_column": item.end_column,
        "start": d.start,
        "end": d.end,
        "entity": d.entity,
        "rule_id": d.rule_id,
        "confidence": d.confidence,
    }


def known_entities() -> list[str]:
    return list(ENTITIES)
