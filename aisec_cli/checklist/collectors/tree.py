"""The shared pass over the working tree: every file is read once, and each document goes to
every engine adapter that wants it (secrets, lint, prompts, pii) and to the checklist's own
collectors (signals, environment files, manifests, classification documents).

This is the evidence cache of a run: no engine sees a file twice. Files are spread over the
machine's cores like ``aisec scan`` does; adapters are built once in the parent process and
inherited by forked workers.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aisec_cli.checklist.collectors import deps, docs, envfiles, selection
from aisec_cli.checklist.collectors.base import EngineUnavailable
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
from aisec_cli.core.parallel import run_batches
from aisec_cli.sources import files

ENGINES = ("secrets", "lint", "prompts", "pii")


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
    states: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (state, detail)


@dataclass(frozen=True, slots=True)
class Batch:
    files: tuple[FileFacts, ...] = ()
    secrets: tuple[Finding, ...] = ()
    secrets_suppressed: tuple[Finding, ...] = ()
    lint: tuple[Finding, ...] = ()
    models: tuple[ModelPaths, ...] = ()
    prompts: tuple[PromptHit, ...] = ()
    pii: tuple[PiiHit, ...] = ()
    env_values: tuple[EnvValue, ...] = ()
    packages: tuple[Package, ...] = ()
    docs: tuple[DocInfo, ...] = ()
    prompt_files: tuple[str, ...] = ()
    data_files: tuple[str, ...] = ()
    log_files: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    errors: tuple[ScanError, ...] = ()
    failures: tuple[tuple[str, str, str], ...] = ()  # (engine, path, message)
    seconds: Mapping[str, float] = field(default_factory=dict)
    examined: Mapping[str, int] = field(default_factory=dict)
    scanned: int = 0
    characters: int = 0


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
    names: list[str] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    engines: dict[str, EngineState] = field(default_factory=dict)
    scanned: int = 0
    characters: int = 0


_config: TreeConfig | None = None
_adapters: Adapters | None = None


def build_adapters(config: TreeConfig) -> Adapters:
    """Build every engine adapter; a missing or failing engine is recorded, not raised."""
    adapters = Adapters()

    def attempt(name: str, factory: Any) -> Any:
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

    adapters.secrets = attempt("secrets", lambda: SecretsAdapter(config.settings))
    if config.lint_options is None:
        adapters.states["lint"] = (MISSING, "engine not available: lint")
    else:
        adapters.lint = attempt("lint", lambda: LintAdapter(config.settings, config.lint_options))
    adapters.prompts = attempt("prompts", lambda: PromptsAdapter(config.settings))
    adapters.pii = attempt("pii", PiiAdapter)
    return adapters


def _init(config: TreeConfig) -> None:
    global _config, _adapters
    if _config is not config or _adapters is None:
        _adapters = build_adapters(config)
    _config = config


class _Pass:
    """One batch's accumulators; :meth:`call` runs one engine on one document and records
    its time, or its failure (the run goes on without that engine's word on the file)."""

    def __init__(self) -> None:
        self.out: dict[str, list[Any]] = {
            k: [] for k in Batch.__dataclass_fields__ if k not in ("seconds", "examined", "scanned", "characters")
        }
        self.seconds: dict[str, float] = {}
        self.examined: dict[str, int] = {}

    def call(self, engine: str, path: str, func: Any, *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return func(*args)
        except Exception as exc:  # noqa: BLE001 - recorded as the engine's failure on this file
            detail = f"{type(exc).__name__}: {exc}"
            frame = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
            if frame:
                detail += f" ({frame[0].filename.rsplit('/', 1)[-1]}:{frame[0].lineno})"
            self.out["failures"].append((engine, path, detail))
            return None
        finally:
            self.seconds[engine] = self.seconds.get(engine, 0.0) + time.perf_counter() - started
            self.examined[engine] = self.examined.get(engine, 0) + 1


def _work(batch: Sequence[files.Target]) -> Batch:
    assert _config is not None and _adapters is not None
    config, adapters = _config, _adapters
    state = _Pass()
    out = state.out
    scanned = characters = 0
    for target in batch:
        name = target.name
        out["names"].append(name)
        result = files.read(target, config.settings.max_file_size)
        if isinstance(result, files.Skipped):
            continue
        if isinstance(result, ScanError):
            out["errors"].append(result)
            continue
        doc = result
        scanned += 1
        characters += len(doc.text)
        if adapters.secrets is not None:
            got = state.call("secrets", name, adapters.secrets.examine, doc)
            if got:
                out["secrets"] += got[0]
                out["secrets_suppressed"] += got[1]
        if adapters.lint is not None and adapters.lint.wants(name):
            got = state.call("lint", name, adapters.lint.examine, doc)
            if got:
                out["lint"] += got[0]
                # a file that is not valid source is listed as skipped; a lint failure leaves lint incomplete
                out["errors"] += [ScanError(e.path, f"lint: {e.message}", e.kind) for e in got[1]]
            paths = state.call("lint", name, adapters.lint.model_paths, doc)
            if paths is not None:
                out["models"].append(paths)
        if selection.is_prompt_file(name):
            out["prompt_files"].append(name)
        if adapters.prompts is not None and adapters.prompts.wants(name):
            out["prompts"] += state.call("prompts", name, adapters.prompts.examine, doc) or []
        is_data = selection.is_data_file(name)
        is_log = selection.is_log_file(name)
        if is_data:
            out["data_files"].append(name)
        if is_log:
            out["log_files"].append(name)
        if (is_data or is_log) and adapters.pii is not None:
            out["pii"] += state.call("pii", name, adapters.pii.examine, doc) or []
        state.call("signals", name, _own, doc, config, out)
    return Batch(
        **{k: tuple(v) for k, v in out.items()},
        seconds=state.seconds,
        examined=state.examined,
        scanned=scanned,
        characters=characters,
    )


def _own(doc: Document, config: TreeConfig, out: dict[str, list[Any]]) -> None:
    """The checklist's own collectors on one document."""
    name = doc.path
    kind = selection.kind_of(name)
    if kind is not None and not name.startswith(".aisec/") and not selection.is_manifest(name) and len(doc.text) <= selection.MAX_SIGNAL_BYTES and not selection.VENDORED.search(name):
        view = doc
        if name.endswith(".ipynb"):
            from aisec_cli.sources.notebooks import decode_notebook

            view = decode_notebook(doc)
        facts = examine(view, kind, config.signals, config.index)
        if facts is not None:
            out["files"].append(facts)
    if selection.is_env_file(name):
        out["env_values"] += envfiles.parse_env_file(name, doc.text)
    if selection.is_manifest(name):
        try:
            out["packages"] += deps.parse_manifest(name, doc.text)
        except deps.ManifestTooDeep as exc:
            out["errors"].append(ScanError(name, f"signals: {exc}", "error"))  # the dependency signals' alone
    if selection.is_doc_candidate(name):
        info = docs.analyze(name, doc.text, whole=not docs.is_section_host(name))
        if info is not None:
            out["docs"].append(info)
    elif selection.is_prose(name) and "classification" in doc.text.lower():
        info = docs.analyze(name, doc.text, whole=False)  # a "Data classification" section of any document
        if info is not None:
            out["docs"].append(info)


def run_tree(config: TreeConfig, adapters: Adapters) -> TreeResult:
    """Read every file under the root once and collect all per-file evidence."""
    global _config, _adapters
    _config, _adapters = config, adapters
    settings = config.settings
    root = settings.root
    targets, errors = files.discover([root], root, settings.exclude)
    result = TreeResult()
    result.errors.extend(errors)
    seconds: dict[str, float] = {}
    examined: dict[str, int] = {}
    failures: dict[str, list[tuple[str, str]]] = {}
    for batch in run_batches(_work, targets, settings.jobs, _init, (config,), batch_size=16):
        for facts in batch.files:
            result.files[facts.path] = facts
        for name in ("secrets", "secrets_suppressed", "lint", "models", "prompts", "pii", "env_values", "packages", "docs",
                     "prompt_files", "data_files", "log_files", "names", "errors"):
            getattr(result, name).extend(getattr(batch, name))
        for engine, path, message in batch.failures:
            failures.setdefault(engine, []).append((path, message))
        for key, value in batch.seconds.items():
            seconds[key] = seconds.get(key, 0.0) + value
        for key, value in batch.examined.items():
            examined[key] = examined.get(key, 0) + value
        result.scanned += batch.scanned
        result.characters += batch.characters
    for engine in (*ENGINES, "signals"):
        state, detail = adapters.states.get(engine, (OK, ""))
        broken = failures.get(engine)
        if broken and state == OK:
            path, message = broken[0]
            state = BROKEN
            detail = f"{engine} engine failed on {len(broken)} file(s), first {path}: {message}"
            for p, m in broken[:20]:
                result.errors.append(ScanError(p, f"{engine} engine failed: {m}"))
        result.engines[engine] = EngineState(engine, state, detail, seconds.get(engine, 0.0), examined.get(engine, 0))
    return result
