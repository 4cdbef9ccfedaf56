"""``aisec checklist``: the 16-item AI API security checklist as a pass/fail report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from aisec_cli.cli import options as opt
from aisec_cli.cli.common import (
    CommonOptions,
    build_settings,
    destinations,
    fail,
    guarded,
    use_color,
    warn_errors,
    write_out,
)

AsOf = Annotated[
    Optional[str],
    typer.Option("--as-of", envvar="AISEC_AS_OF", metavar="YYYY-MM-DD", help="Judge dates (rotations, reviews, attestations) as of this day (default: today).", show_default=False),
]
FailOnStatus = Annotated[
    Optional[str],
    typer.Option(
        "--fail-on",
        envvar="AISEC_CHECKLIST_FAIL_ON",
        metavar="fail|warn|manual",
        help="Exit 1 when an item has this status or a worse one: fail (default), warn (WARN and FAIL), manual (MANUAL, WARN and FAIL).",
        show_default=False,
    ),
]
Strict = Annotated[bool, typer.Option("--strict", envvar="AISEC_STRICT", help="Count MANUAL items (not verifiable, not attested) as FAIL.")]
MinScore = Annotated[
    Optional[float],
    typer.Option("--min-score", envvar="AISEC_MIN_SCORE", metavar="N", help="Exit 1 when the score (0-100) is below N.", show_default=False),
]
Details = Annotated[bool, typer.Option("--details", "-d", help="Show every evidence line (file:line and what it shows) in the table.")]
PolicyFile = Annotated[
    Optional[Path],
    typer.Option("--policy", envvar="AISEC_POLICY", help="The policy file to read (default: .aisec/policy.yaml, else the config file's tool.aisec.policy table).", show_default=False),
]
NoHistory = Annotated[bool, typer.Option("--no-history", envvar="AISEC_NO_HISTORY", help="Do not scan the git history (leaked-then-deleted keys go unchecked).")]


def checklist(
    path: Annotated[Optional[Path], typer.Argument(help="Repository to check (default: the current folder).", show_default=False)] = None,
    fmt: opt.Format = None,
    output: opt.Output = None,
    as_of: AsOf = None,
    fail_on: FailOnStatus = None,
    strict: Strict = False,
    min_score: MinScore = None,
    details: Details = False,
    policy: PolicyFile = None,
    no_history: NoHistory = False,
    exit_zero: opt.ExitZero = False,
    exclude: opt.Exclude = None,
    config: opt.Config = None,
    isolated: opt.Isolated = False,
    jobs: opt.Jobs = None,
    allow_incomplete: opt.AllowIncomplete = False,
    color: opt.Color = "auto",
    quiet: opt.Quiet = False,
    no_progress: opt.NoProgress = False,
) -> None:
    """The AI API security checklist: 16 items, each PASS, WARN, FAIL, MANUAL, SKIP or ERROR with evidence.

    Evidence comes from the secrets scan (tree and history), lint, prompts and PII engines, git
    and hook configuration, dependency manifests and the policy file (.aisec/policy.yaml), which
    records what only the team knows. Exit 0 when the gate passes, 1 when it fails, 2 on errors.

    Examples:

      aisec checklist                              # table, grouped by category

      aisec checklist --details                    # with file:line evidence

      aisec checklist --strict --min-score 80      # CI gate

      aisec checklist -f markdown >> "$GITHUB_STEP_SUMMARY"

      aisec checklist -f junit=checklist.xml -f sarif=checklist.sarif
    """
    # its --fail-on takes item statuses, not a severity: only these options are the common ones
    common = CommonOptions(config=config, isolated=isolated, exclude=exclude, jobs=jobs, allow_incomplete=allow_incomplete)
    root = path or Path(".")

    def run() -> int:
        from aisec_cli.checklist.engine import run_checklist
        from aisec_cli.checklist.options import options_for
        from aisec_cli.checklist.output import exit_code, unjudged
        from aisec_cli.core.evidence import safe_error
        from aisec_cli.core.findings import Report

        if not root.is_dir():
            fail(f"{root}: not a folder (the checklist examines a whole repository)")
        settings = build_settings([root], common)
        options = options_for(
            settings, as_of, fail_on=fail_on, strict=strict, min_score=min_score, policy=policy, history=not no_history
        )
        dests = destinations(fmt, output)
        result, facts = run_checklist(root, settings, options)
        colored = use_color(color)
        for dest in dests:
            write_out(dest, _render(result, dest.fmt, facts.errors, color=colored and dest.path is None, details=details))
        if not quiet:
            warn_errors(Report("checklist", errors=tuple(safe_error(e) for e in facts.errors if e.kind == "error")))
        if result.gate.has_error:
            erred = unjudged(result)
            typer.echo(
                f"aisec: error: {len(erred)} item(s) could not be judged ({', '.join(erred)}): "
                "their evidence is incomplete (see each item's reason)",
                err=True,
            )
        return exit_code(result, exit_zero)

    guarded(run, "running the checklist", no_progress)


def _render(result: Any, fmt: str, errors: tuple[Any, ...], *, color: bool, details: bool) -> str:
    """The text of one output format: the checklist's own table, else the report's renderer."""
    if fmt == "table":
        from aisec_cli.checklist.table import render as render_table

        return render_table(result, color=color, details=details)
    from aisec_cli.checklist.output import to_report
    from aisec_cli.report import render

    return render(to_report(result, fmt, errors), fmt, color=color)


def register(app: typer.Typer) -> None:
    app.command("checklist")(checklist)
