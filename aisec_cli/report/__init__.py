"""Reporters: one module per format. They render a Report; they never detect or print.

Use :func:`render`; every format returns text (the caller writes it to stdout or a file).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from aisec_cli.core.findings import Report

FORMATS = ("table", "json", "jsonl", "sarif", "junit", "markdown", "gitlab", "codequality", "github", "hook")
_MODULES = {
    "table": "table",
    "json": "json_format",
    "jsonl": "jsonl",
    "sarif": "sarif",
    "junit": "junit",
    "markdown": "markdown",
    "gitlab": "gitlab",
    "codequality": "codequality",
    "github": "github",
    "hook": "hook",
}


def renderer(fmt: str) -> Callable[..., str]:
    if fmt not in _MODULES:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    module = import_module(f"aisec_cli.report.{_MODULES[fmt]}")
    render_fn: Callable[..., str] = module.render
    return render_fn


def render(report: Report, fmt: str, **options: object) -> str:
    """``report`` as text in format ``fmt``."""
    return renderer(fmt)(report, **options)
