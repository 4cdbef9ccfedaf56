"""`aisec lint` over files and folders: discover, lint in parallel, settle, report.

The I/O edge of the lint engine (the engine itself, :func:`lint_document`, is pure).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from aisec_cli.sources import filescan
from aisec_cli.core.config import Settings
from aisec_cli.core.document import Document
from aisec_cli.core.errors import ConfigError
from aisec_cli.core.findings import Finding, Report, ScanError
from aisec_cli.core.readcap import read_project_text
from aisec_cli.core.rules import RuleSet, load_rules
from aisec_cli.lint.engine import language_of, lint_document
from aisec_cli.lint.settings import PROFILES, LintSettings, Sanitizer
from aisec_cli.core.lazyre import LazyRegex
from aisec_cli.sources import files

FAMILIES = ("AIS",)
_SECTION_KEYS = frozenset({"profile", "sanitizers", "max-file-bytes", "max-line-length", "nextjs-middleware-limits", "test-paths", "exclude"})
_TORCH_PIN = LazyRegex(r"(?im)^\s*[\"']?torch\s*(?:\[[^\]]*\])?\s*(?:==|>=|~=)\s*(\d+)\.(\d+)")



def lint_settings_from(settings: Settings, profile: str | None = None, **overrides: Any) -> LintSettings:
    """`[tool.aisec.lint]` plus command-line choices → :class:`LintSettings`."""
    section: Mapping[str, Any] = settings.section("lint")
    where = str(settings.config_path) if settings.config_path else "configuration"
    for key in section:
        if key not in _SECTION_KEYS:
            raise ConfigError(f"{where}: unknown key 'lint.{key}' (known: {', '.join(sorted(_SECTION_KEYS))})")
    chosen = profile or str(section.get("profile", "default"))
    if chosen not in PROFILES:
        raise ConfigError(f"lint profile must be default or audit, not {chosen!r}")
    raw = section.get("sanitizers", [])
    if not isinstance(raw, list) or not all(isinstance(s, str) for s in raw):
        raise ConfigError(f"{where}: lint.sanitizers: expected a list of dotted function names")
    values: dict[str, Any] = {
        "profile": chosen,
        "select": tuple(settings.select),
        "ignore": tuple(settings.ignore),
        "sanitizers": tuple(Sanitizer.parse(s) for s in raw),
    }
    if "max-file-bytes" in section:
        values["max_file_bytes"] = int(section["max-file-bytes"])
    if "max-line-length" in section:
        values["max_line_length"] = int(section["max-line-length"])
    if "nextjs-middleware-limits" in section:
        values["nextjs_middleware_limits"] = bool(section["nextjs-middleware-limits"])
    if "test-paths" in section:
        values["test_path_markers"] = tuple(str(p) for p in section["test-paths"])
    values.update(overrides)
    return LintSettings(**values)


def project_facts(root: Path, lint: LintSettings) -> LintSettings:
    """Facts one file cannot show: a rate-limiting Next.js middleware, the torch pin."""
    changes: dict[str, Any] = {}
    if not lint.project_root:  # imported modules are read from here for their summaries
        changes["project_root"] = os.path.abspath(root)
    if not lint.nextjs_middleware_limits:
        for rel in ("middleware.ts", "middleware.js", "src/middleware.ts", "src/middleware.js"):
            text = read_project_text(root / rel)
            if text is None:
                continue
            if re.search(r"(?i)ratelimit|rate_limit|rateLimit|\.limit\(|throttl", text):
                changes["nextjs_middleware_limits"] = True
                break
    if lint.torch_min_version is None:
        for rel in ("requirements.txt", "pyproject.toml", "setup.cfg", "environment.yml"):
            text = read_project_text(root / rel)
            if text is None:
                continue
            m = _TORCH_PIN.search(text)
            if m:
                changes["torch_min_version"] = (int(m.group(1)), int(m.group(2)))
                break
    return replace(lint, **changes) if changes else lint


@dataclass(frozen=True, slots=True)
class LintDetector:
    """The lint engine as a per-document detector for :mod:`aisec_cli.sources.filescan`."""

    lint: LintSettings
    rules: RuleSet

    def __call__(self, document: Document) -> tuple[Sequence[Finding], Sequence[ScanError]]:
        return lint_document(document, self.lint, self.rules)


def lint_plan(settings: Settings, lint: LintSettings) -> filescan.Plan:
    """The lint job: Python / JS / TS files, minus ``[tool.aisec.lint] exclude``."""
    rules = load_rules("lint", settings.rule_files)
    rules.select(lint.select, lint.ignore)  # a --select that keeps no rule is an error up front, not per file
    lint = project_facts(Path(settings.root), lint)
    extra = settings.section("lint").get("exclude", [])
    if not isinstance(extra, list) or not all(isinstance(e, str) for e in extra):
        raise ConfigError("lint.exclude: expected a list of gitignore-style patterns")
    scoped = settings.evolve(exclude=(*settings.exclude, *extra))
    job = filescan.Job("lint", FAMILIES, LintDetector(lint, rules), scoped, view="file")  # parses notebooks itself
    return filescan.Plan(job, lambda name: language_of(name) is not None, tuple(rules), batch_size=16)


def with_profile(report: Report, lint: LintSettings) -> Report:
    return replace(report, stats={**report.stats, "profile": lint.profile})


def lint_tree(paths: Sequence[Path], settings: Settings, lint: LintSettings) -> Report:
    """Lint every Python / JS / TS file under ``paths`` (one finding per sink: see flow/merge.py)."""
    from aisec_cli.lint.flow.merge import merge_report

    return with_profile(merge_report(filescan.run_plan(lint_plan(settings, lint), paths)), lint)
