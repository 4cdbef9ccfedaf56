"""``aisec checklist``: collect the evidence once, evaluate the 16 items, build the report.

Order of work: policy (fails fast when invalid), the shared tree pass (secrets, lint, prompts,
pii and the checklist's own signals over every file, read once) with the history scan beside
it (in a process of its own), the git and configuration collectors; then the pure evaluation.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from aisec_cli.checklist import evaluate as evaluation
from aisec_cli.checklist.catalog import Catalog, load_catalog
from aisec_cli.checklist.collectors import docs as docs_collector
from aisec_cli.checklist.collectors import gitignore as gitignore_collector
from aisec_cli.checklist.collectors import hooks as hooks_collector
from aisec_cli.checklist.collectors.base import EngineUnavailable
from aisec_cli.checklist.collectors.lint import lint_options, sanitizer_names
from aisec_cli.checklist.collectors.secrets import scan_history
from aisec_cli.checklist.collectors.signals import KeywordIndex, compile_signals
from aisec_cli.checklist.collectors.tree import PER_FILE, TreeConfig, TreeResult, build_adapters, run_tree
from aisec_cli.checklist.facts import BROKEN, MISSING, OK, SKIPPED, DocInfo, EngineState, Facts
from aisec_cli.checklist.model import ChecklistResult
from aisec_cli.checklist.options import ChecklistOptions
from aisec_cli.checklist.policy import Policy, load_policy
from aisec_cli.core import parallel
from aisec_cli.core.config import Settings
from aisec_cli.core.errors import AisecError
from aisec_cli.core.findings import Finding, ScanError
from aisec_cli.core.readcap import read_project_text
from aisec_cli.sources.files import git_toplevel

T = TypeVar("T")
_PER_FILE = tuple(engine.value for engine in PER_FILE)  # the engines whose word is per file


@dataclass
class _HistoryResult:
    findings: tuple[Finding, ...] | None = None
    note: str = ""
    errors: list[ScanError] = field(default_factory=list)
    state: EngineState = field(default_factory=lambda: EngineState("history", SKIPPED))


def _timed(name: str, engines: dict[str, EngineState], call: Callable[[], T]) -> T | None:
    """Run one collector; its failure becomes the collector's state, not the run's."""
    started = time.perf_counter()
    try:
        value = call()
    except EngineUnavailable as exc:
        engines[name] = EngineState(name, MISSING, str(exc), time.perf_counter() - started)
        return None
    except AisecError:
        raise
    except Exception as exc:  # noqa: BLE001 - a collector bug becomes ERROR items, not a crash
        engines[name] = EngineState(name, BROKEN, f"{name} collector failed: {type(exc).__name__}: {exc}", time.perf_counter() - started)
        return None
    engines[name] = EngineState(name, OK, "", time.perf_counter() - started)
    return value


def _references(policy: Policy | None, root: Path) -> dict[str, bool | None]:
    """Which policy references point at files in the repository, and whether they exist."""
    if policy is None:
        return {}
    refs: list[str] = []
    if policy.data_classification is not None:
        refs.append(policy.data_classification.document)
    for att in (policy.rate_limiting, policy.content_filtering):
        if att is not None and att.reference:
            refs.append(att.reference)
    for budget in policy.budgets or ():
        if budget.reference:
            refs.append(budget.reference)
    if policy.monitoring is not None and policy.monitoring.reference:
        refs.append(policy.monitoring.reference)
    out: dict[str, bool | None] = {}
    for ref in refs:
        text = ref.strip()
        if "://" in text or text.startswith(("arn:", "projects/", "/subscriptions/", "mailto:")) or " " in text:
            out[ref] = None
            continue
        out[ref] = (root / text.split("#", 1)[0]).exists()
    return out


def _policy_document(policy: Policy | None, root: Path, found: list[DocInfo]) -> list[DocInfo]:
    """The classification document the policy names, analysed when the tree pass did not."""
    if policy is None or policy.data_classification is None:
        return found
    name = policy.data_classification.document.strip().lstrip("./")
    if any(d.path == name for d in found):
        return found
    path = root / name
    if not path.is_file():
        return found
    text = read_project_text(path)
    if text is None:
        return found
    info = docs_collector.analyze(name, text, whole=True)
    return [*found, info] if info is not None else found


def _unread_files_block(errors: Sequence[ScanError], engines: dict[str, EngineState]) -> None:
    """Files that exist but could not be read leave every per-file engine's evidence incomplete."""
    unread = [e for e in errors if e.blocks]
    by_engine: dict[str, list[ScanError]] = {}
    for error in unread:
        engine, sep, _ = error.message.partition(": ")
        owned = sep and engine in _PER_FILE
        names = (engine,) if owned else _PER_FILE  # "lint: …" is lint's alone
        for name in names:
            by_engine.setdefault(name, []).append(error)
    for name, missed in by_engine.items():
        state = engines.get(name)
        if state is not None and state.state == OK:
            first = missed[0]
            detail = f"{len(missed)} file(s) could not be examined, first {first.path}: {first.message}"
            engines[name] = EngineState(name, BROKEN, detail, state.seconds, state.files)


def _history(root: Path, settings: Settings, options: ChecklistOptions, in_git: bool) -> _HistoryResult:
    """The history scan (run beside the tree pass): findings, a note, blocking errors, its state."""
    out = _HistoryResult()
    if not options.history:
        out.state = EngineState("history", SKIPPED, "history not scanned (--no-history)")
        out.note = "git history not scanned (--no-history): leaked-then-deleted keys are not checked"
        return out
    if not in_git:
        out.state = EngineState("history", SKIPPED, "not a git repository")
        out.note = "not a git repository: no history to scan"
        return out
    started = time.perf_counter()
    try:
        report = scan_history(root, settings)
        out.findings = report.findings
        out.errors = [e for e in report.errors if e.blocks]
        commits = int(report.stats.get("commits_scanned", 0) or 0)
        if report.incomplete and not settings.allow_incomplete:
            reason = report.incomplete_reasons(1)[0][0]
            out.state = EngineState("history", BROKEN, f"history incomplete: {reason}", time.perf_counter() - started, commits)
        else:
            out.state = EngineState("history", OK, "", time.perf_counter() - started, commits)
    except EngineUnavailable as exc:
        out.state = EngineState("history", MISSING, str(exc))
    except AisecError as exc:
        if "no commit" in str(exc).lower() or "unborn" in str(exc).lower():
            out.state = EngineState("history", SKIPPED, str(exc))
            out.findings, out.note = (), f"history: {exc}"
        else:
            out.state = EngineState("history", BROKEN, f"history scan failed: {exc}")
    except Exception as exc:  # noqa: BLE001
        out.state = EngineState("history", BROKEN, f"history scan failed: {type(exc).__name__}: {exc}")
    return out


class _Beside:
    """The history scan, started beside the tree pass by :meth:`start` (in a process of its own
    when the run may use more than one); :meth:`result` waits for it (starting it first if
    nothing did). A scan that ends without a result (its process died) is a broken history."""

    def __init__(self, call: Callable[[], _HistoryResult], jobs: int) -> None:
        self._call, self._jobs = call, jobs
        self._job: parallel.Beside[_HistoryResult] | None = None

    def start(self) -> None:
        if self._job is None:
            self._job = parallel.beside(self._call, self._jobs, name="aisec-history")

    def result(self) -> _HistoryResult:
        self.start()
        assert self._job is not None
        try:
            return self._job.result()
        except Exception as exc:  # noqa: BLE001 - no result is an incomplete history, never a clean one
            detail = f"history scan failed: {type(exc).__name__}: {exc}"
            return _HistoryResult(state=EngineState("history", BROKEN, detail))


def collect(root: Path, settings: Settings, options: ChecklistOptions, catalog: Catalog) -> Facts:
    """Gather every piece of evidence for ``root`` once."""
    settings = settings.evolve(root=root)
    policy = load_policy(root, options.policy_path, settings.section("policy"), settings.config_path)
    engines: dict[str, EngineState] = {}
    in_git = git_toplevel(root) is not None
    lint_opts: Any = None
    lint_problem: EngineState | None = None
    try:
        lint_opts = lint_options(settings)
    except EngineUnavailable as exc:
        lint_problem = EngineState("lint", MISSING, str(exc))
    except AisecError:
        raise
    except Exception as exc:  # noqa: BLE001
        lint_problem = EngineState("lint", BROKEN, f"lint engine failed to start: {type(exc).__name__}: {exc}")
    extra = {"input_sanitizer": [rf"\b{name}\s*\(" for name in sanitizer_names(lint_opts)]} if lint_opts is not None else {}
    signals = compile_signals(catalog.table("signals"), extra if extra.get("input_sanitizer") else None)
    config = TreeConfig(settings, signals, lint_opts, KeywordIndex(signals))
    # the history scan (git and the secrets engine over every commit) runs beside the tree pass,
    # in a process of its own forked once the pass's workers run (never while it holds a lock)
    history_job = _Beside(partial(_history, root, settings, options, in_git), settings.jobs)
    tree = TreeResult()
    try:
        adapters = build_adapters(config)
        if lint_problem is not None:
            adapters.states["lint"] = (lint_problem.state, lint_problem.detail)
        tree = run_tree(config, adapters, started=history_job.start)
        engines.update(tree.engines)
        if not settings.allow_incomplete:
            _unread_files_block(tree.errors, engines)
    except AisecError:
        raise
    except Exception as exc:  # noqa: BLE001
        for name in _PER_FILE:
            engines[name] = EngineState(name, BROKEN, f"reading the tree failed: {type(exc).__name__}: {exc}")

    history_result = history_job.result()
    engines["history"] = history_result.state
    history, history_note = history_result.findings, history_result.note
    errors: list[ScanError] = [*tree.errors, *history_result.errors]

    gitignore = _timed("gitignore", engines, lambda: gitignore_collector.collect(root, catalog.table("gitignore")))
    hooks = _timed("hooks", engines, lambda: hooks_collector.collect(root, catalog.table("scanners")))
    docs = _policy_document(policy, root, tree.docs)
    return Facts(
        root=str(root),
        in_git=in_git,
        files=tree.files,
        secrets=tuple(tree.secrets),
        secrets_suppressed=tuple(tree.secrets_suppressed),
        history=history,
        history_note=history_note,
        lint=tuple(tree.lint),
        models=tuple(tree.models),
        prompts=tuple(tree.prompts),
        prompt_files=tuple(tree.prompt_files),
        pii=tuple(tree.pii),
        data_files=tuple(tree.data_files),
        log_files=tuple(tree.log_files),
        env_values=tuple(tree.env_values),
        packages=tuple(tree.packages),
        gitignore=gitignore,
        hooks=hooks,
        docs=tuple(docs),
        hollow=frozenset((tree.hollow | tree.logs_only) - tree.working),
        silent=frozenset(tree.hollow - tree.logs_only - tree.working),
        policy=policy,
        references=_references(policy, root),
        engines=engines,
        errors=tuple(errors),
    )


def run_checklist(root: Path, settings: Settings, options: ChecklistOptions) -> tuple[ChecklistResult, Facts]:
    """Collect, evaluate, score and gate (the library entry point)."""
    started = time.perf_counter()
    catalog = load_catalog()
    facts = collect(root, settings, options, catalog)
    items, sums, decided = evaluation.evaluate(catalog.items, facts, options, catalog.tables)
    result = ChecklistResult(
        root=str(root),
        as_of=options.as_of.isoformat(),
        items=items,
        totals=sums,
        gate=decided,
        engines={name: state.as_dict() for name, state in sorted(facts.engines.items())},
        policy_source=facts.policy.source if facts.policy is not None else None,
        seconds=time.perf_counter() - started,
        applicability=evaluation.applicability(facts, options, catalog.tables),
    )
    return result, facts


def engine_summary(engines: Mapping[str, Mapping[str, Any]]) -> str:
    parts = []
    for name, state in engines.items():
        parts.append(name if state.get("state") == OK else f"{name} ({state.get('state')})")
    return ", ".join(parts)
