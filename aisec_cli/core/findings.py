"""Findings, locations and reports: the values that flow from engines to reporters.

Engines build :class:`Finding` objects; they never hold a raw secret (the ``snippet`` is
already masked through :mod:`aisec_cli.core.masking`). Reporters only render a
:class:`Report`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from aisec_cli.core.paths import display_path

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _empty() -> Mapping[str, Any]:
    return _EMPTY


class Severity(StrEnum):
    """Severity of a rule or a finding, ordered from most to least severe."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe (critical=4 … info=0)."""
        return _RANK[self]

    def at_least(self, other: Severity) -> bool:
        return self.rank >= other.rank


_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}


@dataclass(frozen=True, slots=True)
class Commit:
    """The git commit a history finding was introduced in."""

    sha: str
    author: str = ""
    email: str = ""
    date: str = ""  # ISO 8601
    message: str = ""  # first line only


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file: 1-based line and column; ``path`` is POSIX, relative to the root.

    ``path`` is always in the escaped form of :func:`aisec_cli.core.paths.display_path`
    (applied here, so no format ever sees a lone surrogate or a control character).
    """

    path: str
    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", display_path(self.path))


MESSAGE_PATH = "COMMIT_MSG"  # the path of a commit message's findings (code review tools' name for it)
MESSAGE_BEING_WRITTEN = "message_being_written"  # Report.extra: a commit-msg hook's file was scanned


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by an engine.

    ``snippet`` is evidence safe to show (secrets masked). ``properties`` carries
    family-specific data (provider, category, score, entity, flow …) as plain JSON values.
    """

    rule_id: str
    severity: Severity
    message: str
    location: Location
    fingerprint: str
    snippet: str = ""
    commit: Commit | None = None
    properties: Mapping[str, Any] = field(default_factory=_empty)
    suppression: str | None = None  # why it was suppressed ("inline: reason", "baseline")

    @property
    def in_message(self) -> bool:
        """Found in a commit's message or an annotated tag's (history scans), not in a file."""
        path = self.location.path
        return self.commit is not None and (path == MESSAGE_PATH or path.startswith("refs/tags/"))

    def with_suppression(self, reason: str) -> Finding:
        return Finding(
            self.rule_id,
            self.severity,
            self.message,
            self.location,
            self.fingerprint,
            self.snippet,
            self.commit,
            self.properties,
            reason,
        )


@dataclass(frozen=True, slots=True)
class ScanError:
    """A problem that kept part of the input from being examined (the run goes on)."""

    path: str  # escaped like Location.path
    message: str
    kind: str = "error"  # error | skipped | warning | unused-suppression

    @property
    def blocks(self) -> bool:
        """True when this keeps the run from being complete (something meant to be read was not)."""
        return self.kind == "error"

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", display_path(self.path))


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one run produced, ready for the reporters."""

    command: str
    findings: tuple[Finding, ...] = ()
    suppressed: tuple[Finding, ...] = ()
    errors: tuple[ScanError, ...] = ()
    stats: Mapping[str, Any] = field(default_factory=_empty)
    root: str = "."
    extra: Mapping[str, Any] = field(default_factory=_empty)  # command-specific payload (checklist items)
    rules: tuple[Any, ...] = ()  # the Rule objects this run used (SARIF driver, docs links)

    @property
    def incomplete(self) -> bool:
        """Part of what the run was asked to examine was not examined (see :meth:`incomplete_reasons`).

        Deliberate, documented skips (``kind="skipped"``) and warnings do not count.
        """
        return any(e.blocks for e in self.errors)

    def incomplete_reasons(self, most: int = 10) -> list[tuple[str, int]]:
        """Why the run is incomplete: distinct messages with how often each occurred, most frequent first."""
        counts = Counter(e.message for e in self.errors if e.blocks)
        return counts.most_common(most)


def public_properties(finding: Finding) -> dict[str, Any]:
    """Properties safe to publish (keys starting with ``_`` are internal, e.g. hashes)."""
    return {k: v for k, v in finding.properties.items() if not k.startswith("_")}


def digest(text: str) -> str:
    """SHA-256 hex digest of ``text`` (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def match_digest(match: str) -> str:
    """The hash of a normalised match that :func:`fingerprint` combines with rule and path.

    Engines keep it as the internal property ``_match_digest``, so a baseline entry written
    under another path (a version 1 file, relative to the folder scanned then) can be checked
    against the very match it recorded, not just its rule and file.
    """
    return digest(match.strip())


def fingerprint(rule_id: str, path: str, match: str) -> str:
    """Stable identity of a finding: rule id + path + hash of the normalised match.

    No line number takes part, so a baseline survives edits above the finding.
    """
    return fingerprint_of_digest(rule_id, path, match_digest(match))


def fingerprint_of_digest(rule_id: str, path: str, match_hash: str) -> str:
    """:func:`fingerprint` from the match's :func:`match_digest`."""
    return digest(f"{rule_id}\0{path}\0{match_hash}")[:32]
