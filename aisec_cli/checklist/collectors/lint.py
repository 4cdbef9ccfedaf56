"""Adapter for the lint engine (``AIS`` rules), run once per document with the audit profile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aisec_cli.checklist.collectors.base import unavailable
from aisec_cli.checklist.collectors.inventory import ModelPaths, model_paths
from aisec_cli.core.config import Settings
from aisec_cli.core.document import Document
from aisec_cli.core.findings import Finding, ScanError

FAMILIES = ("AIS",)


def lint_options(settings: Settings) -> Any:
    """The lint settings the checklist uses: the project's, with the audit profile.

    Raises :class:`EngineUnavailable` when the lint engine is not importable; configuration
    errors (``ConfigError``) propagate.
    """
    try:
        from aisec_cli.lint.settings import LintSettings
    except ImportError as exc:
        raise unavailable("lint", exc) from None
    try:
        from aisec_cli.lint.run import lint_settings_from, project_facts
    except ImportError:
        return LintSettings(profile="audit")
    options = lint_settings_from(settings, profile="audit")
    return project_facts(Path(settings.root), options)


def sanitizer_names(options: Any) -> list[str]:
    """Configured sanitizers' last name parts (``pkg.clean`` -> ``clean``)."""
    names = []
    for sanitizer in getattr(options, "sanitizers", ()) or ():
        name = str(getattr(sanitizer, "name", "")).rsplit(".", 1)[-1]
        if name.isidentifier():
            names.append(name)
    return names


class LintAdapter:
    name = "lint"

    def __init__(self, settings: Settings, options: Any) -> None:
        try:
            from aisec_cli.core.pipeline import settle
            from aisec_cli.core.rules import load_rules
            from aisec_cli.lint.engine import _JS_PREFILTER, _PY_PREFILTER, language_of, lint_document
        except ImportError as exc:
            raise unavailable(self.name, exc) from None
        self._settle = settle
        self._settings = settings
        self._language_of = language_of
        self._lint = lint_document
        self._prefilter = {"python": _PY_PREFILTER, "notebook": _PY_PREFILTER, "javascript": _JS_PREFILTER, "typescript": _JS_PREFILTER}
        self.options = options
        self.rules = load_rules("lint", settings.rule_files)

    def wants(self, path: str) -> bool:
        return self._language_of(path) is not None

    def examine(self, doc: Document) -> tuple[list[Finding], list[ScanError]]:
        found, problems = self._lint(doc, self.options, self.rules)
        if found or "aisec:" in doc.text:
            settled = self._settle(doc, found, FAMILIES, self._settings)
            return list(settled.kept), list(problems)
        return [], list(problems)

    def model_paths(self, doc: Document) -> ModelPaths | None:
        """Where this document calls models, in lint's terms (see :mod:`.inventory`)."""
        language = self._language_of(doc.path)
        prefilter = self._prefilter.get(language or "")
        if prefilter is None or not prefilter.search(doc.text):
            return None
        return model_paths(doc, language or "", self.options)
