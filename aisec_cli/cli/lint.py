"""``aisec lint``: unsafe use of AI APIs in Python and JavaScript/TypeScript code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from aisec_cli.cli import options as opt
from aisec_cli.cli.common import CommonOptions, build_settings, destinations, finish, guarded, require_paths
from aisec_cli.core.config import Settings
from aisec_cli.core.findings import Report
from aisec_cli.core.pipeline import FINDINGS, OK

Profile = Annotated[
    Optional[str],
    typer.Option(
        "--profile",
        envvar="AISEC_LINT_PROFILE",
        help="Rule profile: default (pre-commit friendly) or audit (adds AIS202, AIS406, AIS505 and info notes).",
        show_default=False,
    ),
]
Fix = Annotated[
    bool,
    typer.Option("--fix", envvar="AISEC_LINT_FIX", help="Apply safe mechanical fixes (AIS101: key literal → environment lookup, name added to .env.example; AIS402: add a 60 s client timeout)."),
]
Diff = Annotated[
    bool,
    typer.Option("--diff", help="Show the fixes --fix would make as a unified diff; change nothing. Exits 1 when there are fixes to make, else 0."),
]


@opt.with_report_options
def lint(
    paths: opt.Paths = None,
    shared: opt.ReportOptions = opt.SHARED_DEFAULTS,
    profile: Profile = None,
    fix: Fix = False,
    diff: Diff = False,
    no_progress: opt.NoProgress = False,
) -> None:
    """Find unsafe AI-API code: model output run as code/shell/SQL/HTML, untrusted input in system
    prompts, keys in code and logs, missing token caps, timeouts and rate limits.

    Flows are followed across the project's modules. Exit 0 when clean, 1 on findings (with
    --diff: when fixes are pending), 2 when the run is incomplete or the command line is wrong.

    Examples:

      aisec lint .                         # Python and JS/TS files of the current folder

      aisec lint --profile audit src/      # also the audit-only rules

      aisec lint -f sarif=lint.sarif .     # SARIF for GitHub code scanning

      aisec lint --diff .                  # preview the mechanical fixes

      aisec lint --fix .                   # apply them (AIS101, AIS402)
    """
    common = CommonOptions.of(shared.values())
    targets = list(paths or [Path(".")])

    def run() -> int:
        from aisec_cli.lint.run import lint_settings_from, lint_tree

        require_paths(targets)
        from aisec_cli.core.rules import require_kind

        require_kind("lint", common.rule_file or ())
        settings = build_settings(targets, common)
        lint_settings = lint_settings_from(settings, profile)
        dests = destinations(shared.fmt, shared.output, targets, shared.write_baseline)
        report = lint_tree(targets, settings, lint_settings)
        if diff:
            return _diff(report, settings, shared.exit_zero)
        if fix:
            report = _fix(report, settings, lint_settings, targets)
        return finish(
            report, settings, dests, write_baseline=shared.write_baseline, color=shared.color, quiet=shared.quiet, exit_zero=shared.exit_zero
        )

    guarded(run, "checking the code", no_progress)


def _diff(report: Report, settings: Settings, exit_zero: bool) -> int:
    """Print the fixes as a diff; 1 when there are fixes to make (as ruff does), else 0."""
    from aisec_cli.lint.fixes import plan_tree

    fixes = plan_tree(report, Path(settings.root))
    _notes(fixes.notes)
    text = fixes.diff()
    if sys.stdout.isatty():  # the quoted lines are the files': no escape sequence reaches the terminal
        from aisec_cli.report.common import one_line

        text = "\n".join(one_line(line) for line in text.split("\n"))
    sys.stdout.write(text)
    if not fixes.pending:
        typer.echo("aisec: no mechanical fixes to offer", err=True)
    return FINDINGS if fixes.pending and not exit_zero else OK


def _fix(report: Report, settings: Settings, lint_settings: Any, targets: list[Path]) -> Report:
    """Apply the fixes; the report of what is left."""
    from aisec_cli.lint.fixes import plan_tree
    from aisec_cli.lint.run import lint_tree

    fixes = plan_tree(report, Path(settings.root))
    _notes(fixes.notes)
    changed = fixes.apply()
    typer.echo(f"aisec: fixed {changed} file(s)", err=True)
    return lint_tree(targets, settings, lint_settings) if changed else report


def _notes(notes: tuple[str, ...]) -> None:
    for note in notes:
        typer.echo(f"aisec: note: {note}", err=True)


def register(app: typer.Typer) -> None:
    app.command("lint")(lint)
