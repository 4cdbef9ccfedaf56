"""``aisec lint``: unsafe use of AI APIs in Python and JavaScript/TypeScript code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from aisec_cli.cli import options as opt
from aisec_cli.cli.common import build_settings, destinations, finish, guarded, require_paths

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
    typer.Option("--diff", help="Show the fixes --fix would make as a unified diff; change nothing."),
]


def lint(
    paths: opt.Paths = None,
    fmt: opt.Format = None,
    output: opt.Output = None,
    fail_on: opt.FailOn = None,
    exit_zero: opt.ExitZero = False,
    baseline: opt.Baseline = None,
    write_baseline: opt.WriteBaseline = None,
    exclude: opt.Exclude = None,
    config: opt.Config = None,
    isolated: opt.Isolated = False,
    select: opt.Select = None,
    ignore: opt.Ignore = None,
    rule_file: opt.RuleFile = None,
    jobs: opt.Jobs = None,
    max_file_size: opt.MaxFileSize = None,
    ignore_inline: opt.IgnoreInline = False,
    follow_links: opt.FollowLinks = False,
    allow_incomplete: opt.AllowIncomplete = False,
    color: opt.Color = "auto",
    quiet: opt.Quiet = False,
    profile: Profile = None,
    fix: Fix = False,
    diff: Diff = False,
) -> None:
    """Find unsafe AI-API code: model output run as code/shell/SQL/HTML, untrusted input in system
    prompts, keys in code and logs, missing token caps, timeouts and rate limits.

    Examples:

      aisec lint .                         # Python and JS/TS files of the current folder

      aisec lint --profile audit src/      # also the audit-only rules

      aisec lint -f sarif=lint.sarif .     # SARIF for GitHub code scanning

      aisec lint --diff .                  # preview the mechanical fixes

      aisec lint --fix .                   # apply them (AIS101, AIS402)
    """
    targets = list(paths or [Path(".")])

    def run() -> int:
        from aisec_cli.lint.run import lint_settings_from, lint_tree

        require_paths(targets)
        settings = build_settings(
            targets,
            config=config,
            isolated=isolated,
            exclude=exclude,
            fail_on=fail_on,
            baseline=baseline,
            select=select,
            ignore=ignore,
            rule_files=rule_file,
            jobs=jobs,
            max_file_size=max_file_size,
            ignore_inline=ignore_inline,
            allow_incomplete=allow_incomplete,
        )
        if follow_links:
            settings = settings.evolve(follow_links=True)
        lint_settings = lint_settings_from(settings, profile)
        dests = destinations(fmt, output)
        report = lint_tree(targets, settings, lint_settings)
        if fix or diff:
            report = _fixes(report, settings, lint_settings, targets, apply=fix and not diff)
            if diff:
                return 0
        return finish(
            report, settings, dests, write_baseline=write_baseline, color=color, quiet=quiet, exit_zero=exit_zero
        )

    guarded(run)


def _fixes(report, settings, lint_settings, targets, *, apply: bool):  # type: ignore[no-untyped-def]
    """Plan (and with ``apply`` write) the fixes; returns the report of what is left."""
    from aisec_cli.core.atomic import write_atomic
    from aisec_cli.lint.fixes import env_diff, env_example_update, plan_fixes, unified_diff
    from aisec_cli.lint.run import findings_by_path, lint_tree, read_document

    root = Path(settings.root)
    env_names: list[str] = []
    changed = 0
    for name, found in sorted(findings_by_path(report.findings).items()):
        path = root / name
        doc = read_document(path, name)
        if doc is None:
            continue
        patch = plan_fixes(doc, found)
        if patch is None:
            continue
        for reason in patch.skipped:
            typer.echo(f"aisec: note: {name}: {reason}", err=True)
        if not patch.changed:
            continue
        env_names.extend(patch.env_vars)
        changed += 1
        if apply:
            write_atomic(path, patch.updated)
        else:
            sys.stdout.write(unified_diff(patch))
    if env_names:
        env_path = root / ".env.example"
        try:
            existing: str | None = env_path.read_text(encoding="utf-8")
        except OSError:
            existing = None
        updated = env_example_update(existing, env_names)
        if updated is not None:
            if apply:
                write_atomic(env_path, updated)
            else:
                sys.stdout.write(env_diff(".env.example", existing, updated))
    if apply:
        typer.echo(f"aisec: fixed {changed} file(s)", err=True)
        if changed:
            return lint_tree(targets, settings, lint_settings)
    elif not changed:
        typer.echo("aisec: no mechanical fixes to offer", err=True)
    return report


def register(app: typer.Typer) -> None:
    app.command("lint")(lint)
