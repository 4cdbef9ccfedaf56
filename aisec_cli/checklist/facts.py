"""The evidence bundle: everything the collectors gathered in one run, shared by all items.

Plain frozen values, no I/O: the evaluator reads only this (plus the policy and options).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from aisec_cli.checklist.collectors.inventory import ModelPaths
from aisec_cli.checklist.policy import Policy
from aisec_cli.core.findings import Finding, ScanError

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _empty() -> Mapping[str, Any]:
    return _EMPTY


# -- engines ---------------------------------------------------------------------------------

OK = "ok"
MISSING = "missing"  # not importable / not built yet
BROKEN = "broken"  # raised while building or while examining files
SKIPPED = "skipped"  # not run on purpose (--no-history, not a git repository …)


@dataclass(frozen=True, slots=True)
class EngineState:
    name: str
    state: str = OK
    detail: str = ""
    seconds: float = 0.0
    files: int = 0

    @property
    def ok(self) -> bool:
        return self.state == OK

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state, "detail": self.detail or None, "seconds": round(self.seconds, 3), "files": self.files}


# -- per-file signals ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    line: int
    text: str  # the matched line, trimmed and with key-shaped strings masked


@dataclass(frozen=True, slots=True)
class FileFacts:
    path: str
    kind: str  # code | config | docs
    signals: Mapping[str, tuple[Hit, ...]] = field(default_factory=_empty)
    counts: Mapping[str, int] = field(default_factory=_empty)

    def has(self, name: str) -> bool:
        return bool(self.signals.get(name))

    def first(self, name: str) -> Hit | None:
        hits = self.signals.get(name)
        return hits[0] if hits else None


@dataclass(frozen=True, slots=True)
class EnvValue:
    """A key-like variable in an environment file (value kept only as a digest)."""

    path: str
    environment: str
    name: str
    digest: str
    line: int


@dataclass(frozen=True, slots=True)
class Package:
    name: str
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class PiiHit:
    """Personal data found in a data/log file: entity and where, never the value."""

    path: str
    line: int
    entity: str
    rule_id: str
    count: int = 1
    sample: str = ""  # why this is sample data, not personal data ('' when it may be real)


@dataclass(frozen=True, slots=True)
class PromptHit:
    path: str
    line: int
    rule_id: str
    category: str
    score: float
    evidence: str
    severity: str = "high"


@dataclass(frozen=True, slots=True)
class DocInfo:
    """A data-classification document (or the section of one)."""

    path: str
    line: int = 1
    levels: tuple[str, ...] = ()
    mentions_ai: bool = False
    review_date: dt.date | None = None
    review_line: int = 0
    kind: str = "document"  # document | section


# -- repository facts ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Probe:
    path: str
    category: str  # env | key | credential
    ignored: bool
    source: str = ""  # file whose pattern decided (".gitignore", "app/.gitignore", ".git/info/exclude" …)
    pattern: str = ""
    line: int = 0
    scope: str = ""  # root | nested | local | global | none


@dataclass(frozen=True, slots=True)
class GitignoreFacts:
    in_git: bool
    root_gitignore: bool
    probes: tuple[Probe, ...] = ()
    tracked: tuple[str, ...] = ()  # tracked env / key files (repository-relative)
    note: str = ""


@dataclass(frozen=True, slots=True)
class HookRef:
    """A secret-scanning hook (or CI step) found in a configuration file."""

    where: str  # pre-commit | lefthook | husky | githooks | ci | local-hook
    name: str
    path: str
    line: int
    active: bool = True
    why_inactive: str = ""
    weak: bool = False  # scans only private keys / AWS credentials


@dataclass(frozen=True, slots=True)
class HookFacts:
    precommit_path: str = ""
    precommit_error: str = ""
    hooks: tuple[HookRef, ...] = ()
    installed: bool | None = None  # pre-commit's git hook installed in this clone
    in_ci: bool = False  # running in CI, where no clone has hooks installed


@dataclass(frozen=True, slots=True)
class Facts:
    """What the collectors found. ``history`` is ``None`` when history was not scanned."""

    root: str
    in_git: bool
    files: Mapping[str, FileFacts]
    secrets: tuple[Finding, ...] = ()
    secrets_suppressed: tuple[Finding, ...] = ()
    history: tuple[Finding, ...] | None = None
    history_note: str = ""
    lint: tuple[Finding, ...] = ()
    models: tuple[ModelPaths, ...] = ()  # where files call models, in lint's terms
    prompts: tuple[PromptHit, ...] = ()
    prompt_files: tuple[str, ...] = ()
    pii: tuple[PiiHit, ...] = ()
    data_files: tuple[str, ...] = ()
    log_files: tuple[str, ...] = ()
    env_values: tuple[EnvValue, ...] = ()
    packages: tuple[Package, ...] = ()
    gitignore: GitignoreFacts | None = None
    hooks: HookFacts | None = None
    docs: tuple[DocInfo, ...] = ()
    hollow: frozenset[str] = frozenset()  # functions the project defines only with an empty body (or one that only logs)
    silent: frozenset[str] = frozenset()  # … only with an empty body, not even a log line
    policy: Policy | None = None
    references: Mapping[str, bool | None] = field(default_factory=_empty)  # policy path -> exists (None: external)
    engines: Mapping[str, EngineState] = field(default_factory=_empty)
    errors: tuple[ScanError, ...] = ()

    def engine(self, name: str) -> EngineState:
        return self.engines.get(name, EngineState(name, MISSING, "not run"))

    def with_signal(self, name: str) -> Iterator[FileFacts]:
        for facts in self.files.values():
            if facts.signals.get(name):
                yield facts

    def hits(self, name: str) -> Iterator[tuple[str, Hit]]:
        for facts in self.files.values():
            for hit in facts.signals.get(name, ()):
                yield facts.path, hit

    def package(self, names: set[str]) -> list[Package]:
        return [p for p in self.packages if p.name in names]
