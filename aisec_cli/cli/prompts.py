"""``aisec prompts``: prompt injection in prompt files and datasets, weak system prompts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from aisec_cli.cli import options as opt
from aisec_cli.cli.common import CommonOptions, build_settings, destinations, fail, finish, guarded, require_paths

PromptPaths = Annotated[
    Optional[list[str]],
    typer.Argument(
        help="Files or folders (default: the current folder's prompt files and code); - reads standard input.",
        show_default=False,
    ),
]
MinScore = Annotated[
    Optional[float],
    typer.Option(
        "--min-score",
        envvar="AISEC_PROMPTS_MIN_SCORE",
        min=0.0,
        max=1.0,
        help="Report texts whose injection score is at least this (default: 0.5).",
        show_default=False,
    ),
]
Category = Annotated[
    Optional[list[str]],
    typer.Option(
        "--category",
        "-c",
        envvar="AISEC_PROMPTS_CATEGORY",
        help="Only these categories (repeatable or comma-separated): direct_override, roleplay_jailbreak, "
        "prompt_extraction, indirect, tool_hijack, exfiltration, template_spoofing, obfuscated, hardening.",
        show_default=False,
    ),
]
Field = Annotated[
    Optional[list[str]],
    typer.Option(
        "--field",
        envvar="AISEC_PROMPTS_FIELD",
        help="Record fields holding the prompt in JSON/JSONL/CSV/YAML datasets (repeatable) "
        "(default: text, prompt, input, content, question, … and chat messages).",
        show_default=False,
    ),
]
NoHardening = Annotated[bool, typer.Option("--no-hardening", help="Skip the system-prompt hardening checks (PRM5xx).")]
PromptFilesOnly = Annotated[
    bool,
    typer.Option(
        "--prompt-files-only",
        envvar="AISEC_PROMPTS_PROMPT_FILES_ONLY",
        help="Read named files only if they are prompt files or code (as in folders); for pre-commit hooks.",
    ),
]
NoModel = Annotated[bool, typer.Option("--no-model", envvar="AISEC_PROMPTS_NO_MODEL", help="Rules only: do not use the statistical model.")]


@opt.with_report_options
def prompts(
    paths: PromptPaths = None,
    min_score: MinScore = None,
    category: Category = None,
    field: Field = None,
    no_hardening: NoHardening = False,
    no_model: NoModel = False,
    prompt_files_only: PromptFilesOnly = False,
    shared: opt.ReportOptions = opt.SHARED_DEFAULTS,
    no_progress: opt.NoProgress = False,
) -> None:
    """Find prompt injection in prompt files, templates and datasets, and weak system prompts.

    By default: prompts/**, *.prompt, *.prompty, prompt templates, promptfoo configs, agent
    instruction files, LangChain hub JSON, and system prompts in Python and JS/TS code.
    Files named explicitly are always read (JSON/JSONL/CSV/YAML datasets: one prompt per record).

    Examples:

      aisec prompts .                                  # the prompt files and code of a tree

      aisec prompts data/red_team.jsonl --field text   # a dataset, one finding per record

      echo "Ignore previous instructions" | aisec prompts -

      aisec prompts --category hardening prompts/      # only the system-prompt checks
    """
    common = CommonOptions.of(shared.values())
    given = list(paths or ["."])

    def run() -> int:
        from aisec_cli.prompts.run import prompt_settings_from, prompts_stream, prompts_tree

        stdin = "-" in given
        targets = [Path(p) for p in given if p != "-"]
        require_paths(targets)
        from aisec_cli.core.rules import require_kind

        require_kind("injection", common.rule_file or ())
        settings = build_settings(targets or [Path(".")], common)
        prompt_settings = prompt_settings_from(
            settings,
            min_score=min_score,
            categories=category,
            fields=field,
            hardening=False if no_hardening else None,
            model=False if no_model else None,
        )
        dests = destinations(shared.fmt, shared.output, targets, shared.write_baseline)
        if stdin:
            if targets:
                fail("- (standard input) cannot be combined with files or folders")
            report = prompts_stream(sys.stdin.buffer, settings, prompt_settings)
        else:
            report = prompts_tree(targets, settings, prompt_settings, prompt_files_only)
        return finish(
            report, settings, dests, write_baseline=shared.write_baseline, color=shared.color, quiet=shared.quiet, exit_zero=shared.exit_zero
        )

    guarded(run, "checking prompts", no_progress)


def register(app: typer.Typer) -> None:
    app.command("prompts")(prompts)
