"""``aisec scan``: hardcoded AI-provider keys (working tree, staged changes, git history)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from aisec_cli.cli import options as opt
from aisec_cli.cli.common import CommonOptions, build_settings, destinations, fail, finish, guarded, require_paths
from aisec_cli.core.config import Settings
from aisec_cli.core.errors import AisecError
from aisec_cli.core.findings import Report
from aisec_cli.core.pipeline import ERROR, FINDINGS, OK

History = Annotated[
    bool,
    typer.Option("--history", envvar="AISEC_HISTORY", help="Scan every commit reachable from any ref (git log --all), not the working tree."),
]
Staged = Annotated[
    bool,
    typer.Option("--staged", envvar="AISEC_STAGED", help="Scan what the next commit would add: the staged content (the index), with staged line numbers."),
]
Since = Annotated[
    Optional[str],
    typer.Option("--since", envvar="AISEC_SINCE", metavar="REV", help="Scan the commits after REV (REV..HEAD).", show_default=False),
]
Range = Annotated[
    Optional[str],
    typer.Option("--range", envvar="AISEC_RANGE", metavar="A..B", help="Scan the commits of a git range (A..B).", show_default=False),
]
LogOpts = Annotated[
    Optional[str],
    typer.Option(
        "--log-opts",
        envvar="AISEC_LOG_OPTS",
        metavar="OPTS",
        help="Extra git log options for history scans: revisions, dates, authors, paths after '--' "
        "(e.g. \"--since=2024-01-01 main\"). Revisions given here replace the default --all.",
        show_default=False,
    ),
]
PrePush = Annotated[
    bool,
    typer.Option(
        "--pre-push",
        envvar="AISEC_PRE_PUSH",
        help="Scan only the commits being pushed: the refs a pre-push hook gets on standard input, "
        "or PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF under pre-commit.",
    ),
]
CommitMsg = Annotated[
    bool,
    typer.Option(
        "--commit-msg",
        help="The path is a commit message file (what git passes to a commit-msg hook): scan the "
        "message the commit will keep.",
    ),
]
Verify = Annotated[
    Optional[bool],
    typer.Option(
        "--verify",
        envvar="AISEC_VERIFY",
        help="Ask each key's provider whether it is live: one read-only HTTPS request per key to the "
        "rule's own host (status live, invalid, unknown or unsupported). Off unless asked "
        "(or [tool.aisec.scan] verify = true; AISEC_VERIFY=0 turns that off).",
        show_default=False,
    ),
]
OnlyVerified = Annotated[
    bool,
    typer.Option("--only-verified", envvar="AISEC_ONLY_VERIFIED", help="Report only keys verified live (implies --verify)."),
]
FailOnLive = Annotated[
    bool,
    typer.Option(
        "--fail-on-live",
        envvar="AISEC_FAIL_ON_LIVE",
        help="Exit 1 if and only if a key is verified live, else 0 (errors still exit 2; implies --verify).",
    ),
]
VerifyLimit = Annotated[
    Optional[int],
    typer.Option(
        "--verify-limit",
        envvar="AISEC_VERIFY_LIMIT",
        min=0,
        metavar="N",
        help="At most N verification requests per run (default: 100); keys over the cap are unknown.",
        show_default=False,
    ),
]


@opt.with_report_options
def scan(
    paths: opt.Paths = None,
    shared: opt.ReportOptions = opt.SHARED_DEFAULTS,
    history: History = False,
    staged: Staged = False,
    since: Since = None,
    rev_range: Range = None,
    log_opts: LogOpts = None,
    pre_push: PrePush = False,
    commit_msg: CommitMsg = False,
    no_progress: opt.NoProgress = False,
    verify: Verify = None,
    only_verified: OnlyVerified = False,
    fail_on_live: FailOnLive = False,
    verify_limit: VerifyLimit = None,
) -> None:
    """Find hardcoded AI-provider keys (OpenAI, Anthropic, Gemini, Hugging Face, Groq, AWS and 70 more).

    Paths are reported relative to the repository root. Exit 0 when no key is found, 1 when
    one is, 2 when the run is incomplete or the command line is wrong.

    Examples:

      aisec scan .                          # the working tree (git-tracked and untracked, not ignored)

      aisec scan -f sarif=aisec.sarif .     # SARIF for GitHub code scanning

      aisec scan --write-baseline .aisec-baseline.json

      aisec scan --history                  # every commit of every branch and tag

      aisec scan --range origin/main..HEAD  # the commits of a pull request

      aisec scan --staged                   # what the next commit would add

      aisec scan --commit-msg .git/COMMIT_EDITMSG  # a commit-msg hook's message

      git show HEAD:config.py | aisec scan -  # standard input

      aisec scan --verify --only-verified . # only the keys their provider still accepts
    """
    common = CommonOptions.of(shared.values())
    given = [str(p) for p in (paths or [Path(".")])]

    def run() -> int:
        from aisec_cli.secrets.run import scan_stream, scan_tree
        from aisec_cli.secrets.verify_choice import verification_wanted
        from aisec_cli.sources.history import Scope

        stdin = "-" in given
        targets = [Path(p) for p in given if p != "-"]
        scope = Scope(staged, history, since, rev_range, log_opts, pre_push)
        if stdin and (targets or scope.wanted):
            fail("- (standard input) cannot be combined with files, folders or git options")
        scope.check(targets)
        if commit_msg and (stdin or scope.wanted or len(targets) != 1):
            fail("--commit-msg takes one message file and no git options")
        require_paths(targets)
        from aisec_cli.core.rules import require_kind

        require_kind("secrets", common.rule_file or ())
        settings = build_settings(targets or [Path(".")], common)
        dests = destinations(shared.fmt, shared.output, targets, shared.write_baseline)
        checking = shared.write_baseline is None and verification_wanted(
            settings.section("scan"), verify, only_verified, fail_on_live
        )
        if stdin:
            report = scan_stream(sys.stdin.buffer, settings, keep_secrets=checking)
        elif commit_msg:
            from aisec_cli.secrets.run import scan_message_file

            report = scan_message_file(targets[0], settings, keep_secrets=checking)
        elif scope.wanted:
            report, dests = _git_scan(
                targets[0], settings, scope, dests, stream_ok=shared.write_baseline is None and not checking,
                no_progress=no_progress, keep_secrets=checking,
            )
        else:
            report = scan_tree(targets, settings, keep_secrets=checking)
        if checking:
            report = _verified(report, verify_limit, only_verified, shared.quiet)
        code = finish(
            report, settings, dests, write_baseline=shared.write_baseline, color=shared.color, quiet=shared.quiet, exit_zero=shared.exit_zero
        )
        if checking and fail_on_live and code != ERROR:
            from aisec_cli.secrets.verify import has_live

            return FINDINGS if has_live(report) else OK
        return code

    guarded(run)


def _git_scan(
    target: Path,
    settings: Settings,
    scope: Any,
    dests: list[Any],
    *,
    stream_ok: bool,
    no_progress: bool,
    keep_secrets: bool = False,
) -> tuple[Report, list[Any]]:
    """History or staged scan; JSON Lines for standard output are printed as they are found."""
    from aisec_cli.cli.progress import HistoryProgress, wanted
    from aisec_cli.core.evidence import safe_finding
    from aisec_cli.report.jsonl import line as jsonl_line
    from aisec_cli.report.jsonl import trailer
    from aisec_cli.secrets import history_scan

    streamed = next((d for d in dests if d.fmt == "jsonl" and d.path is None), None) if stream_ok else None
    on_finding = None
    if streamed is not None:

        def on_finding(finding: Any) -> None:
            # masked as the report's findings are (a key in a commit message or a file name)
            sys.stdout.write(jsonl_line(safe_finding(finding)) + "\n")
            sys.stdout.flush()

    if scope.staged:
        report = history_scan.scan_staged(target, settings, on_finding, keep_secrets)
    else:
        plan = history_scan.plan_scope(target, settings, scope, getattr(sys.stdin, "buffer", None), os.environ)
        show = wanted(no_progress)
        with HistoryProgress(show, lambda: history_scan.commit_total(plan)) as progress:
            report = history_scan.scan_history(plan, settings, on_finding, progress.update if show else None, keep_secrets)
    if streamed is not None:
        sys.stdout.write(trailer(report))
        sys.stdout.flush()
    return report, [d for d in dests if d is not streamed]


def _verified(report: Report, limit: int | None, only_live: bool, quiet: bool) -> Report:
    """Verify the report's keys; one summary line (counts only, never a key) on standard error."""
    from aisec_cli.secrets.verify import DEFAULT_MAX_REQUESTS, Options, verify_report
    from aisec_cli.secrets.verify_choice import summary_line

    options = Options(max_requests=DEFAULT_MAX_REQUESTS if limit is None else limit)
    try:
        verified = verify_report(report, options, only_live=only_live)
    except Exception as exc:  # noqa: BLE001 - never let a raw value reach a traceback
        raise AisecError(f"verification failed ({type(exc).__name__}); run without --verify") from None
    counts = verified.stats.get("verification", {})
    if not quiet and counts:
        typer.echo(summary_line(counts), err=True)
    return verified


def register(app: typer.Typer) -> None:
    app.command("scan")(scan)
