"""What the analysers report before it becomes a :class:`Finding`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aisec_cli.core.findings import Severity


@dataclass(frozen=True, slots=True)
class Span:
    """1-based line and column of the anchor node (end exclusive)."""

    line: int
    col: int
    end_line: int
    end_col: int


@dataclass(frozen=True, slots=True)
class Hit:
    """One rule match found by an analyser.

    ``code`` is the source text of the anchor node (used for the fingerprint after
    masking); ``flow`` lists human-readable steps; ``secret`` is a literal that must be
    masked wherever it would appear.
    """

    rule_id: str
    span: Span
    message: str
    code: str = ""
    flow: tuple[str, ...] = ()
    sdk: str = ""
    severity: Severity | None = None  # None: the rule's severity
    secret: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
