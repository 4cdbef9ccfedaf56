"""Values of the checklist: statuses, evidence lines, item results, the whole result.

Collectors produce evidence (see :mod:`aisec_cli.checklist.collectors`); the pure evaluator
(:mod:`aisec_cli.checklist.evaluate`) turns it into one :class:`ItemResult` per item.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from aisec_cli.core.evidence import mask_keys
from aisec_cli.core.findings import Severity


class Status(StrEnum):
    """What the evidence says about one item."""

    PASS = "PASS"  # positive evidence, nothing contradicts it
    WARN = "WARN"  # partial or weak evidence
    FAIL = "FAIL"  # negative evidence, or required evidence absent
    MANUAL = "MANUAL"  # cannot be seen in the repository and not attested (or attestation expired)
    SKIP = "SKIP"  # does not apply (no AI use, or skipped in the configuration)
    ERROR = "ERROR"  # a collector or engine broke

    @property
    def icon(self) -> str:
        return _ICONS[self]


_ICONS = {
    Status.PASS: "✅",
    Status.WARN: "⚠️",
    Status.FAIL: "❌",
    Status.MANUAL: "📝",
    Status.SKIP: "⏭️",
    Status.ERROR: "💥",
}

STATUS_ORDER = (Status.PASS, Status.WARN, Status.FAIL, Status.MANUAL, Status.SKIP, Status.ERROR)
POINTS = {Status.PASS: 10.0, Status.WARN: 5.0, Status.FAIL: 0.0, Status.ERROR: 0.0}
WEIGHTS = {Severity.CRITICAL: 10.0, Severity.HIGH: 7.5, Severity.MEDIUM: 5.0, Severity.LOW: 2.5, Severity.INFO: 0.0}


class Outcome(StrEnum):
    """How one piece of evidence bears on its item."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    MISSING = "missing"  # something that should be there is not
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One line of evidence: where (``path:line``, may be empty) and what it shows."""

    kind: str  # code | config | git | policy | finding | file
    detail: str
    outcome: Outcome = Outcome.INFO
    path: str = ""
    line: int = 0
    source: str = ""  # engine / collector that produced it (secrets, lint, signals, …)
    why: str = ""  # why this line bears on the verdict: the control it performs (or lacks)

    def __post_init__(self) -> None:
        # Evidence quotes code and findings: never a raw key in any checklist output (a file
        # may be named after a key, too).
        object.__setattr__(self, "detail", mask_keys(self.detail))
        object.__setattr__(self, "path", mask_keys(self.path))

    def where(self) -> str:
        if not self.path:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "path": self.path or None,
            "line": self.line or None,
            "detail": self.detail,
            "outcome": self.outcome.value,
            "source": self.source or None,
            "why": self.why or None,
        }


@dataclass(frozen=True, slots=True)
class ItemSpec:
    """An item of the checklist as the rule file describes it."""

    id: str
    name: str
    title: str
    category: str
    check: str
    priority: Severity
    backed_by: tuple[str, ...]
    remediation: str
    tags: tuple[str, ...] = ()
    docs_what: str = ""
    docs_fix: str = ""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What an item's evaluation decided, before gating (pure evaluator output)."""

    status: Status
    reason: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One evaluated item, ready for the reporters."""

    spec: ItemSpec
    status: Status
    reason: str
    evidence: tuple[Evidence, ...] = ()
    required: bool | None = None  # None: default gating; True: must PASS; False: advisory
    failing: bool = False  # does this item fail the gate?
    original_status: Status | None = None  # set when --strict turned MANUAL into FAIL

    def __post_init__(self) -> None:
        # A reason names files (``4 keys hardcoded in the repository (a.py:3, …)``): masked.
        object.__setattr__(self, "reason", mask_keys(self.reason))

    @property
    def id(self) -> str:
        return self.spec.id

    def location(self) -> tuple[str, int] | None:
        """The strongest evidence location: contradicting, then missing, then any."""
        for wanted in (Outcome.CONTRADICTS, Outcome.MISSING, Outcome.SUPPORTS, Outcome.INFO):
            for ev in self.evidence:
                if ev.outcome is wanted and ev.path:
                    return ev.path, max(ev.line, 1)
        return None


@dataclass(frozen=True, slots=True)
class Totals:
    counts: Mapping[str, int]
    score: float | None  # None: nothing scorable (all MANUAL/SKIP)
    scored_items: int

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {s.value.lower(): int(self.counts.get(s.value, 0)) for s in STATUS_ORDER}
        data["score"] = self.score
        data["scored_items"] = self.scored_items
        return data


@dataclass(frozen=True, slots=True)
class Gate:
    """How CI gating was decided."""

    fail_on: str  # fail | warn | manual
    strict: bool
    min_score: float | None
    passed: bool
    reasons: tuple[str, ...] = ()
    has_error: bool = False


@dataclass(frozen=True, slots=True)
class Applicability:
    """What kind of repository the items were judged for (shown in the report)."""

    scope: str = "service"  # service | example (cookbooks, examples, notebook collections)
    scope_reason: str = ""
    byok: bool = False  # users paste their own provider key: the owner pays nothing per call
    byok_reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"scope": self.scope, "scope_reason": self.scope_reason, "byok": self.byok, "byok_reason": self.byok_reason}


@dataclass(frozen=True, slots=True)
class ChecklistResult:
    """The whole run: items in article order, totals, gate, engines used."""

    root: str
    as_of: str
    items: tuple[ItemResult, ...]
    totals: Totals
    gate: Gate
    engines: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))
    policy_source: str | None = None
    seconds: float = 0.0
    applicability: Applicability = field(default_factory=Applicability)
