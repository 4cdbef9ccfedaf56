"""``aisec checklist``: the 16-item AI API security checklist as a pass/fail report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from aisec_cli.cli import options as opt
from aisec_cli.cli.common import CommonOptions, build_settings, destinations, fail, guarded, use_color, warn_errors

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
        from aisec_cli.checklist.options import parse_fail_on, parse_min_score, options_from
        from aisec_cli.checklist.output import to_report
        from aisec_cli.checklist.policy import parse_as_of
        from aisec_cli.core.atomic import write_atomic
        from aisec_cli.core.findings import Report
        from aisec_cli.report import render

        if not root.is_dir():
            fail(f"{root}: not a folder (the checklist examines a whole repository)")
        settings = build_settings([root], common)
        options = options_from(settings, parse_as_of(as_of))
        changes: dict[str, object] = {}
        if fail_on is not None:
            changes["fail_on"] = parse_fail_on(fail_on)
        if strict:
            changes["strict"] = True
        if min_score is not None:
            changes["min_score"] = parse_min_score(min_score)
        if policy is not None:
            changes["policy_path"] = policy
        if no_history:
            changes["history"] = False
        options = options.evolve(**changes)
        dests = destinations(fmt, output)
        result, facts = run_checklist(root, settings, options)
        colored = use_color(color)
        for dest in dests:
            if dest.fmt == "table":
                from aisec_cli.checklist.table import render as render_table

                text = render_table(result, color=colored and dest.path is None, details=details)
            else:
                text = render(to_report(result, dest.fmt, facts.errors), dest.fmt, color=colored and dest.path is None)
            if dest.path is None:
                sys.stdout.write(text)
                sys.stdout.flush()
            else:
                try:
                    write_atomic(dest.path, text)
                except OSError as exc:
                    fail(f"cannot write {dest.path}: {exc.strerror or exc}")
        if not quiet:
            serious = tuple(e for e in facts.errors if e.kind == "error")
            warn_errors(Report("checklist", errors=serious))
        if result.gate.has_error:
            erred = [i.id for i in result.items if i.status.value == "ERROR"]
            typer.echo(
                f"aisec: error: {len(erred)} item(s) could not be judged ({', '.join(erred)}): "
                "their evidence is incomplete (see each item's reason)",
                err=True,
            )
            return 2
        if not result.gate.passed:
            return 0 if exit_zero else 1
        return 0

    guarded(run, "running the checklist", no_progress)


def register(app: typer.Typer) -> None:
    app.command("checklist")(checklist)
