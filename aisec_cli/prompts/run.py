"""`aisec prompts` over files, folders and standard input (the engine's I/O edge).

Folders contribute their prompt files (:func:`~aisec_cli.prompts.material.is_prompt_path`),
code that may hold system prompts, and JSON that may be a LangChain hub prompt; files named
on the command line are always read, as a dataset when their extension says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from aisec_cli.sources import filescan
from aisec_cli.core.config import Settings
from aisec_cli.core.document import Document
from aisec_cli.core.errors import ConfigError
from aisec_cli.prompts.hook_files import PROMPT_FILES
from aisec_cli.core.findings import Finding, Report, ScanError
from aisec_cli.prompts.engine import PromptEngine, PromptSettings
from aisec_cli.prompts.material import DEFAULT_FIELDS, is_default_candidate
from aisec_cli.sources.stdin import STDIN_NAME
from aisec_cli.sources import files

FAMILIES = ("PRM",)
_SECTION_KEYS = frozenset({"min-score", "categories", "fields", "hardening", "model", "attack-datasets"})

_engines: dict[PromptSettings, PromptEngine] = {}


def engine_for(settings: PromptSettings) -> PromptEngine:
    """One engine per process and settings (compiled rules are reused across documents)."""
    engine = _engines.get(settings)
    if engine is None:
        engine = _engines[settings] = PromptEngine(settings)
    return engine


@dataclass(frozen=True, slots=True)
class PromptsDetector:
    """The per-document detector handed to the file runner (picklable: builds its engine lazily)."""

    settings: PromptSettings

    def __call__(self, document: Document) -> tuple[Sequence[Finding], Sequence[ScanError]]:
        return engine_for(self.settings).scan(document)


def prompt_settings_from(
    settings: Settings,
    *,
    min_score: float | None = None,
    categories: Sequence[str] | None = None,
    fields: Sequence[str] | None = None,
    hardening: bool | None = None,
    model: bool | None = None,
) -> PromptSettings:
    """`[tool.aisec.prompts]` plus command-line choices → :class:`PromptSettings`."""
    section: Mapping[str, Any] = settings.section("prompts")
    where = str(settings.config_path) if settings.config_path else "configuration"
    for key in section:
        if key not in _SECTION_KEYS:
            raise ConfigError(f"{where}: unknown key 'prompts.{key}' (known: {', '.join(sorted(_SECTION_KEYS))})")

    def listed(value: Any, key: str) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: prompts.{key}: expected a list of strings")
        return tuple(p.strip() for v in value for p in v.split(",") if p.strip())

    chosen_min = min_score if min_score is not None else section.get("min-score", 0.5)
    if isinstance(chosen_min, bool) or not isinstance(chosen_min, int | float):
        raise ConfigError(f"{where}: prompts.min-score: expected a number between 0 and 1")
    cats = listed(categories, "categories") if categories else listed(section.get("categories", []), "categories")
    cats = tuple("direct_override" if c == "override" else c.replace("-", "_") for c in cats)
    flds = listed(fields, "fields") if fields else listed(section.get("fields", list(DEFAULT_FIELDS)), "fields")
    attack_sets = section.get("attack-datasets", [])
    if isinstance(attack_sets, str) or not isinstance(attack_sets, list | tuple) or not all(
        isinstance(v, str) and v.strip() for v in attack_sets
    ):
        raise ConfigError(f"{where}: prompts.attack-datasets: expected a list of path patterns (e.g. [\"evals/**\"])")
    return PromptSettings(
        min_score=float(chosen_min),
        categories=cats,
        fields=flds,
        hardening=bool(section.get("hardening", True)) if hardening is None else hardening,
        use_model=bool(section.get("model", True)) if model is None else model,
        rule_files=tuple(settings.rule_files),
        select=tuple(settings.select),
        ignore=tuple(settings.ignore),
        attack_datasets=tuple(v.strip() for v in attack_sets),
        jobs=settings.jobs,
    )


def _explicit_names(paths: Sequence[Path], root: Path) -> frozenset[str]:
    names: set[str] = set()
    for path in paths:
        if path.is_file():
            names.add(files.display_name(path, root))
    return frozenset(names)


def prompts_tree(
    paths: Sequence[Path], settings: Settings, prompt_settings: PromptSettings, prompt_files_only: bool = False
) -> Report:
    """Scan files and folders (not standard input) for prompt injection and weak prompts.

    ``prompt_files_only`` applies the folder selection to named files too (a pre-commit hook
    passes every staged file by name).
    """
    return filescan.run_plan(prompts_plan(paths, settings, prompt_settings, prompt_files_only), paths)


def prompts_plan(
    paths: Sequence[Path], settings: Settings, prompt_settings: PromptSettings, prompt_files_only: bool = False
) -> filescan.Plan:
    """The prompts job: prompt files and code (and, unless ``prompt_files_only``, files named in
    ``paths``; with it, the named files the aisec-prompts hook's ``files:`` pattern documents as
    prompt files, such as ``system_prompt.md``)."""
    explicit = _explicit_names(paths, Path(settings.root))
    if prompt_files_only:
        hook_files = re.compile(PROMPT_FILES)
        explicit = frozenset(name for name in explicit if hook_files.search(name))
    chosen = replace(prompt_settings, explicit=explicit)
    engine_for(chosen)  # fail fast on bad rules, before any file is read
    # The file as read: notebooks are parsed into their code cells by the engine (as lint does).
    job = filescan.Job("prompts", FAMILIES, PromptsDetector(chosen), settings, view="file")
    rules = tuple(engine_for(chosen).scorer.compiled.rules)
    return filescan.Plan(job, lambda name: name in explicit or is_default_candidate(name), rules, batch_size=16)


def prompts_stream(stream: BinaryIO, settings: Settings, prompt_settings: PromptSettings) -> Report:
    """Scan standard input as one prompt the user named (the runner's stream, bounded like a file)."""
    chosen = replace(prompt_settings, explicit=frozenset({STDIN_NAME}))
    rules = tuple(engine_for(chosen).scorer.compiled.rules)  # fail fast on bad rules, before reading
    job = filescan.Job("prompts", FAMILIES, PromptsDetector(chosen), settings, view="file")
    return filescan.run_stream(job, stream, rules, STDIN_NAME)
