"""A small, typed library API: the same engines as the command line, without printing.

    from aisec_cli.api import scan_paths, score_text, redact_text, restore_text

    safe = redact_text("Mail jane.doe@example.org about card 4111 1111 1111 1111")
    answer = call_model(safe.text)            # the provider never sees the originals
    print(restore_text(answer, safe))         # placeholders back to the original values

Everything here is safe to call from an application at run time (no network, no output).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from aisec_cli.core.config import Settings
from aisec_cli.core.findings import Finding, Report
from aisec_cli.pii.api import RedactResult, Redactor, redact_text, restore_text
from aisec_cli.prompts.api import InjectionFinding, InjectionResult, Scorer
from aisec_cli.secrets import plugin

plugin.install()  # the masking net's key finder and the detect-secrets reader, as the command line

__all__ = [
    "Finding",
    "InjectionFinding",
    "InjectionResult",
    "RedactResult",
    "Redactor",
    "Report",
    "Scorer",
    "redact_text",
    "restore_text",
    "lint_paths",
    "run_checklist",
    "scan_paths",
    "score_text",
]


def _settings(paths: Sequence[Path], settings: Settings | None, config: str | Path | None = None) -> Settings:
    """The settings the command line would use for ``paths``: the config file that applies
    (``[tool.aisec]`` in pyproject.toml, else .aisec.toml / .aisec.yaml, or the one named by
    ``config``), with the reported paths relative to the repository's root (git top level,
    else the config file's folder, else the current folder)."""
    if settings is not None:
        return settings
    from aisec_cli.cli.common import repository_settings  # the command line's own resolution

    return repository_settings([Path(p) for p in paths], Path(config) if config is not None else None)


def scan_paths(
    paths: Sequence[str | Path], settings: Settings | None = None, *, config: str | Path | None = None
) -> Report:
    """Hardcoded AI-provider keys in files and folders (secrets are masked in the report).

    Reads the same configuration as ``aisec scan`` (never verifies keys: no network)."""
    from aisec_cli.secrets.run import scan_tree

    chosen = [Path(p) for p in paths]
    return scan_tree(chosen, _settings(chosen, settings, config))


def lint_paths(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    profile: str | None = None,
    *,
    config: str | Path | None = None,
) -> Report:
    """Unsafe AI-API code in Python and JavaScript/TypeScript files.

    Reads the same configuration as ``aisec lint`` (``[tool.aisec.lint]``, its profile
    included, unless ``profile`` names one)."""
    from aisec_cli.lint.run import lint_settings_from, lint_tree

    chosen = [Path(p) for p in paths]
    resolved = _settings(chosen, settings, config)
    return lint_tree(chosen, resolved, lint_settings_from(resolved, profile))


def score_text(
    text: str, *, root: str | Path = ".", settings: Settings | None = None, config: str | Path | None = None
) -> InjectionResult:
    """Score ``text`` as possible prompt injection (the run-time input check).

    Reads the same configuration as ``aisec prompts``: rule files, ``select`` and ``ignore``,
    and ``[tool.aisec.prompts]`` ``min-score`` and ``model`` of the config file that applies to
    ``root`` (default: the working folder), of ``config``, or ``settings``. ``categories`` only
    chooses what ``aisec prompts`` reports; the verdict here weighs every category."""
    from aisec_cli.core.config import load_settings
    from aisec_cli.prompts.api import scorer_for
    from aisec_cli.prompts.run import prompt_settings_from

    # the text has no path to report: the config file is found as the command line finds it,
    # without asking git for the repository's root (no process per call)
    resolved = settings if settings is not None else load_settings(Path(root), Path(config) if config else None)
    chosen = prompt_settings_from(resolved)
    return scorer_for(chosen.rule_files, chosen.select, chosen.ignore, chosen.use_model, chosen.min_score).score(text)


def run_checklist(  # type: ignore[no-untyped-def]
    root: str | Path = ".",
    settings: Settings | None = None,
    as_of: str | None = None,
    *,
    config: str | Path | None = None,
):
    """The 16-item checklist for the repository at ``root``: ``(result, facts)``.

    Reads the same configuration as ``aisec checklist`` (``[tool.aisec.checklist]``: fail-on,
    strict, min-score, history, policy, skipped items)."""
    from aisec_cli.checklist.engine import run_checklist as _run
    from aisec_cli.checklist.options import options_for

    folder = Path(root)
    resolved = _settings([folder], settings, config)
    return _run(folder, resolved, options_for(resolved, as_of))
