"""``aisec scan``: hardcoded AI-provider keys."""

from __future__ import annotations

from pathlib import Path

import typer

from aisec_cli.cli import options as opt
from aisec_cli.cli.common import (
    build_settings,
    destinations,
    emit,
    fail,
    final_code,
    guarded,
    use_color,
)
from aisec_cli.core import baseline as baseline_file


def scan(
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
    color: opt.Color = "auto",
    quiet: opt.Quiet = False,
) -> None:
    """Find hardcoded AI-provider keys (OpenAI, Anthropic, Gemini, Hugging Face, Groq, AWS and 40 more).

    Examples:

      aisec scan .                          # the working tree (git-tracked and untracked, not ignored)

      aisec scan -f sarif=aisec.sarif .     # SARIF for GitHub code scanning

      aisec scan --write-baseline .aisec-baseline.json
    """
    targets = list(paths or [Path(".")])

    def run() -> int:
        from aisec_cli.secrets.scan import scan_tree

        for target in targets:
            if not target.exists() and not target.is_symlink():
                fail(f"{target}: no such file or directory")
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
        )
        dests = destinations(fmt, output)
        report = scan_tree(targets, settings)
        if write_baseline is not None:
            baseline_file.write(write_baseline, report.findings)
            typer.echo(f"aisec: wrote {len(report.findings)} finding(s) to baseline {write_baseline}", err=True)
            return 0
        emit(report, dests, use_color(color), quiet)
        return final_code(report, settings, exit_zero)

    guarded(run)


def register(app: typer.Typer) -> None:
    app.command("scan")(scan)
