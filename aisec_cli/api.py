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

from aisec_cli.core.config import Settings, load_settings
from aisec_cli.core.findings import Finding, Report
from aisec_cli.pii.api import RedactResult, Redactor, redact_text, restore_text
from aisec_cli.prompts.api import InjectionFinding, InjectionResult, Scorer, score_text

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
    "scan_paths",
    "score_text",
]


def _settings(paths: Sequence[Path], settings: Settings | None) -> Settings:
    if settings is not None:
        return settings
    root = paths[0] if len(paths) == 1 and Path(paths[0]).is_dir() else Path(".")
    return load_settings(Path(root))


def scan_paths(paths: Sequence[str | Path], settings: Settings | None = None) -> Report:
    """Hardcoded AI-provider keys in files and folders (secrets are masked in the report)."""
    from aisec_cli.secrets.scan import scan_tree

    chosen = [Path(p) for p in paths]
    return scan_tree(chosen, _settings(chosen, settings))
