"""The checklist's pass over the working tree, on THE runner (:func:`aisec_cli.sources.filescan.survey`).

Every file is read once; one examiner hands each document to every collector that wants it
(the secrets, lint, prompts and pii engines, and the checklist's own signals, environment
files, manifests and classification documents) and returns what they found as one
:class:`FileEvidence`. Collectors are registered in :data:`COLLECTORS`, keyed by the
:class:`Engine` whose word they are. Adapters are built once in the parent process and
inherited by the runner's forked workers.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from aisec_cli.checklist.collectors import deps, docs, envfiles, selection
from aisec_cli.checklist.collectors.base import EngineUnavailable
from aisec_cli.checklist.collectors.definitions import Definitions, defined
from aisec_cli.checklist.collectors.inventory import ModelPaths
from aisec_cli.checklist.collectors.lint import LintAdapter
from aisec_cli.checklist.collectors.pii import PiiAdapter
from aisec_cli.checklist.collectors.prompts import PromptsAdapter
from aisec_cli.checklist.collectors.secrets import SecretsAdapter
from aisec_cli.checklist.collectors.signals import KeywordIndex, Signal, examine
from aisec_cli.checklist.facts import (
    BROKEN,
    MISSING,
    OK,
    DocInfo,
    EngineState,
    EnvValue,
    FileFacts,
    Package,
    PiiHit,
    PromptHit,
)
from aisec_cli.core.config import Settings
from aisec_cli.core.document import Document
from aisec_cli.core.findings import Finding, ScanError
from aisec_cli.sources import decoding, filescan


class Engine(StrEnum):
    """Whose word a piece of per-file evidence is (the engine states the evaluator reads)."""

    SECRETS = "secrets"
    LINT = "lint"
    PROMPTS = "prompts"
    PII = "pii"
    SIGNALS = "signals"  # the checklist's own collectors


ENGINES = (Engine.SECRETS, Engine.LINT, Engine.PROMPTS, Engine.PII)  # the other engines the pass runs
PER_FILE = (*ENGINES, Engine.SIGNALS)


@dataclass(frozen=True, slots=True)
class TreeConfig:
    settings: Settings
    signals: tuple[Signal, ...]
    lint_options: Any = None  # None: lint not available
    index: KeywordIndex | None = None


@dataclass
class Adapters:
    secrets: SecretsAdapter | None = None
    lint: LintAdapter | None = None
    prompts: PromptsAdapter | None = None
    pii: PiiAdapter | None = None
    states: dict[str, tuple[str, str]] = field(default_factory=dict)  # engine -> (state, detail)


@dataclass(slots=True)
class FileEvidence:
    """What one file showed the collectors (the examiner's facts for the runner)."""

    path: str
    prompt_file: bool = False
    data_file: bool = False
    log_file: bool = False
    signals: FileFacts | None = None
    secrets: list[Finding] = field(default_factory=list)
    secrets_suppressed: list[Finding] = field(default_factory=list)
    lint: list[Finding] = field(default_factory=list)
    models: ModelPaths | None = None
    prompts: list[PromptHit] = field(default_factory=list)
    pii: list[PiiHit] = field(default_factory=list)
    env_values: list[EnvValue] = field(default_factory=list)
    packages: list[Package] = field(default_factory=list)
    docs: list[DocInfo] = field(default_factory=list)
    definitions: Definitions | None = None  # control-sounding functions, empty or working
    seconds: dict[Engine, float] = field(default_factory=dict)  # the engines that examined the file
    failures: dict[Engine, str] = field(default_factory=dict)  # engine -> what went wrong on the file


@dataclass
class TreeResult:
    files: dict[str, FileFacts] = field(default_factory=dict)
    secrets: list[Finding] = field(default_factory=list)
    secrets_suppressed: list[Finding] = field(default_factory=list)
    lint: list[Finding] = field(default_factory=list)
    models: list[ModelPaths] = field(default_factory=list)
    prompts: list[PromptHit] = field(default_factory=list)
    pii: list[PiiHit] = field(default_factory=list)
    env_values: list[EnvValue] = field(default_factory=list)
    packages: list[Package] = field(default_factory=list)
    docs: list[DocInfo] = field(default_factory=list)
    prompt_files: list[str] = field(default_factory=list)
    data_files: list[str] = field(default_factory=list)
    log_files: list[str] = field(default_factory=list)
    hollow: set[str] = field(default_factory=set)  # names of functions defined with an empty body
    logs_only: set[str] = field(default_factory=set)  # … with a body that only logs
    working: set[str] = field(default_factory=set)  # … with a working body
    errors: list[ScanError] = field(default_factory=list)
    engines: dict[str, EngineState] = field(default_factory=dict)
    scanned: int = 0
    characters: int = 0

    def add(self, found: FileEvidence) -> None:
        """Fold one file's evidence in."""
        if found.signals is not None:
            self.files[found.path] = found.signals
        self.secrets += found.secrets
        self.secrets_suppressed += found.secrets_suppressed
        self.lint += found.lint
        if found.models is not None:
            self.models.append(found.models)
        self.prompts += found.prompts
        self.pii += found.pii
        self.env_values += found.env_values
        self.packages += found.packages
        self.docs += found.docs
        if found.definitions is not None:
            self.hollow |= found.definitions.hollow
            self.logs_only |= found.definitions.logs_only
            self.working |= found.definitions.working
        for flag, names in ((found.prompt_file, self.prompt_files), (found.data_file, self.data_files), (found.log_file, self.log_files)):
            if flag:
                names.append(found.path)


def build_adapters(config: TreeConfig) -> Adapters:
    """Build every engine adapter; a missing or failing engine is recorded, not raised."""
    adapters = Adapters()

    def attempt(name: Engine, factory: Any) -> Any:
        try:
            built = factory()
        except EngineUnavailable as exc:
            adapters.states[name] = (MISSING, str(exc))
            return None
        except Exception as exc:  # noqa: BLE001 - an engine bug must not stop the checklist
            adapters.states[name] = (BROKEN, f"{name} engine failed to start: {type(exc).__name__}: {exc}")
            return None
        adapters.states[name] = (OK, "")
        return built

    adapters.secrets = attempt(Engine.SECRETS, lambda: SecretsAdapter(config.settings))
    if config.lint_options is None:
        adapters.states[Engine.LINT] = (MISSING, "engine not available: lint")
    else:
        adapters.lint = attempt(Engine.LINT, lambda: LintAdapter(config.settings, config.lint_options))
    adapters.prompts = attempt(Engine.PROMPTS, lambda: PromptsAdapter(config.settings))
    adapters.pii = attempt(Engine.PII, PiiAdapter)
    return adapters


@dataclass(slots=True)
class _Reading:
    """One document on its way through the collectors: as read, its decoded text (built the
    first time a collector asks), the evidence so far and the problems to report."""

    doc: Document
    out: FileEvidence
    problems: list[ScanError] = field(default_factory=list)
    _text: Document | None = None

    def text(self) -> Document:
        if self._text is None:
            self._text = decoding.searchable(self.doc)
        return self._text


# -- the collectors ----------------------------------------------------------------------------


def _secrets(tools: Adapters, config: TreeConfig, file: _Reading) -> None:
    assert tools.secrets is not None
    file.out.secrets, file.out.secrets_suppressed = tools.secrets.examine(file.doc, file.text())


def _lint(tools: Adapters, config: TreeConfig, file: _Reading) -> None:
    assert tools.lint is not None
    found, problems = tools.lint.examine(file.doc)
    file.out.lint = found
    # a file that is not valid source is listed as skipped; a lint failure leaves lint incomplete
    file.problems += [ScanError(e.path, f"lint: {e.message}", e.kind) for e in problems]


def _models(tools: Adapters, config: TreeConfig, file: _Reading) -> None:
    assert tools.lint is not None
    file.out.models = tools.lint.model_paths(file.doc)


def _prompts(tools: Adapters, config: TreeConfig, file: _Reading) -> None:
    assert tools.prompts is not None
    file.out.prompts = tools.prompts.examine(file.doc)


def _pii(tools: Adapters, config: TreeConfig, file: _Reading) -> None:
    assert tools.pii is not None
    file.out.pii = tools.pii.examine(file.doc)


def _signals(tools: Adapters, config: TreeConfig, file: _Reading) -> None:
    """The checklist's own collectors: signals, environment files, manifests, documents."""
    doc, out, name = file.doc, file.out, file.doc.path
    kind = selection.kind_of(name)
    if (
        kind is not None
        and not name.startswith(".aisec/")
        and not selection.is_manifest(name)
        and len(doc.text) <= selection.MAX_SIGNAL_BYTES
        and not selection.VENDORED.search(name)
    ):
        out.signals = examine(file.text(), kind, config.signals, config.index)
        if kind == "code" and not selection.is_test_path(name):  # test doubles are empty on purpose
            out.definitions = defined(name, doc.text) or None
    if selection.is_env_file(name):
        out.env_values = envfiles.parse_env_file(name, doc.text)
    if selection.is_manifest(name):
        try:
            out.packages = deps.parse_manifest(name, doc.text)
        except deps.ManifestTooDeep as exc:
            file.problems.append(ScanError(name, f"signals: {exc}", "error"))  # the dependency signals' alone
    if selection.is_doc_candidate(name):
        info = docs.analyze(name, doc.text, whole=not docs.is_section_host(name))
        if info is not None:
            out.docs.append(info)
    elif selection.is_prose(name) and "classification" in doc.text.lower():
        info = docs.analyze(name, doc.text, whole=False)  # a "Data classification" section of any document
        if info is not None:
            out.docs.append(info)


@dataclass(frozen=True, slots=True)
class Collector:
    """One per-file collector: whose word it is, which files it takes, what it records."""

    engine: Engine
    wants: Callable[[Adapters, FileEvidence], bool]
    collect: Callable[[Adapters, TreeConfig, _Reading], None]


COLLECTORS: tuple[Collector, ...] = (
    Collector(Engine.SECRETS, lambda t, f: t.secrets is not None, _secrets),
    Collector(Engine.LINT, lambda t, f: t.lint is not None and t.lint.wants(f.path), _lint),
    Collector(Engine.LINT, lambda t, f: t.lint is not None and t.lint.wants(f.path), _models),
    Collector(Engine.PROMPTS, lambda t, f: t.prompts is not None and t.prompts.wants(f.path), _prompts),
    Collector(Engine.PII, lambda t, f: t.pii is not None and (f.data_file or f.log_file), _pii),
    Collector(Engine.SIGNALS, lambda t, f: True, _signals),
)


class TreeExaminer:
    """The checklist's examiner for the runner: one document in, its :class:`FileEvidence` out.

    A collector that raises is recorded as its engine's failure on this file (the run goes on
    without that engine's word on it). The runner's forked workers inherit the adapters.
    """

    def __init__(self, config: TreeConfig, adapters: Adapters) -> None:
        self.config = config
        self.adapters = adapters

    def __call__(self, doc: Document) -> tuple[FileEvidence, list[ScanError]]:
        tools, name = self.adapters, doc.path
        is_data, is_log = selection.is_data_file(name), selection.is_log_file(name)
        file = _Reading(doc, FileEvidence(name, selection.is_prompt_file(name), is_data, is_log))
        for collector in COLLECTORS:
            if collector.wants(tools, file.out):
                self._timed(collector, tools, file)
        return file.out, file.problems

    def _timed(self, collector: Collector, tools: Adapters, file: _Reading) -> None:
        engine, out = collector.engine, file.out
        started = time.perf_counter()
        try:
            collector.collect(tools, self.config, file)
        except Exception as exc:  # noqa: BLE001 - recorded as the engine's failure on this file
            detail = f"{type(exc).__name__}: {exc}"
            frame = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
            if frame:
                detail += f" ({frame[0].filename.rsplit('/', 1)[-1]}:{frame[0].lineno})"
            out.failures.setdefault(engine, detail)
        finally:
            out.seconds[engine] = out.seconds.get(engine, 0.0) + time.perf_counter() - started


def run_tree(config: TreeConfig, adapters: Adapters, started: Callable[[], None] | None = None) -> TreeResult:
    """Read every file under the root once and collect all per-file evidence.

    ``started`` is called once the runner's workers run (see :func:`~aisec_cli.sources.filescan.survey`).
    """
    settings = config.settings
    job = filescan.Survey("checklist", TreeExaminer(config, adapters), settings, view="file")
    surveyed = filescan.survey(job, [settings.root], batch_size=16, started=started)
    result = TreeResult(errors=list(surveyed.errors))
    result.scanned = int(surveyed.stats["files_scanned"])
    result.characters = int(surveyed.stats["characters_scanned"])
    seconds: dict[Engine, float] = {}
    examined: dict[Engine, int] = {}
    failures: dict[Engine, list[tuple[str, str]]] = {}
    for found in surveyed.facts:
        result.add(found)
        for engine, spent in found.seconds.items():
            seconds[engine] = seconds.get(engine, 0.0) + spent
            examined[engine] = examined.get(engine, 0) + 1
        for engine, message in found.failures.items():
            failures.setdefault(engine, []).append((found.path, message))
    for engine in PER_FILE:
        state, detail = adapters.states.get(engine, (OK, ""))
        broken = failures.get(engine)
        if broken and state == OK:
            path, message = broken[0]
            state = BROKEN
            detail = f"{engine} engine failed on {len(broken)} file(s), first {path}: {message}"
            for p, m in broken[:20]:
                result.errors.append(ScanError(p, f"{engine} engine failed: {m}"))
        result.engines[engine.value] = EngineState(engine.value, state, detail, seconds.get(engine, 0.0), examined.get(engine, 0))
    return result
