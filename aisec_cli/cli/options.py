"""Options shared by the subcommands (each reads an ``AISEC_*`` environment variable)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

Paths = Annotated[
    Optional[list[Path]],
    typer.Argument(help="Files or folders to examine (default: the current folder).", show_default=False),
]
Format = Annotated[
    Optional[list[str]],
    typer.Option(
        "--format",
        "-f",
        envvar="AISEC_FORMAT",
        help="Output format: table, json, jsonl, sarif, junit, markdown, gitlab, codequality, github, hook. "
        "Repeat for several; FORMAT=FILE writes that format to FILE.",
        show_default=False,
    ),
]
Output = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", envvar="AISEC_OUTPUT", help="Write the report to FILE, atomically (with several formats: the last one given without =FILE).", show_default=False),
]
FailOn = Annotated[
    Optional[str],
    typer.Option(
        "--fail-on",
        envvar="AISEC_FAIL_ON",
        help="Exit 1 when a finding of this severity or higher remains: critical, high, medium, low, info [default: info].",
        show_default=False,
    ),
]
ExitZero = Annotated[bool, typer.Option("--exit-zero", envvar="AISEC_EXIT_ZERO", help="Exit 0 even with findings (errors still exit 2).")]
Baseline = Annotated[
    Optional[Path],
    typer.Option("--baseline", envvar="AISEC_BASELINE", help="Ignore findings listed in this baseline (aisec or detect-secrets format).", show_default=False),
]
WriteBaseline = Annotated[
    Optional[Path],
    typer.Option("--write-baseline", help="Write the current findings to FILE as a baseline (hashes only) and exit 0.", show_default=False),
]
Exclude = Annotated[
    Optional[list[str]],
    typer.Option("--exclude", "-e", envvar="AISEC_EXCLUDE", help="Skip paths matching this gitignore-style glob (repeatable).", show_default=False),
]
Config = Annotated[
    Optional[Path],
    typer.Option("--config", envvar="AISEC_CONFIG", help="Read settings from this file instead of discovering one.", show_default=False),
]
Isolated = Annotated[bool, typer.Option("--isolated", help="Ignore every configuration file.")]
Select = Annotated[
    Optional[list[str]],
    typer.Option("--select", envvar="AISEC_SELECT", help="Only these rule ids or prefixes (repeatable).", show_default=False),
]
Ignore = Annotated[
    Optional[list[str]],
    typer.Option("--ignore", envvar="AISEC_IGNORE", help="Skip these rule ids or prefixes (repeatable).", show_default=False),
]
RuleFile = Annotated[
    Optional[list[Path]],
    typer.Option("--rule-file", envvar="AISEC_RULE_FILE", help="Extra YAML rule file (repeatable).", show_default=False),
]
Jobs = Annotated[
    Optional[int],
    typer.Option("--jobs", "-j", envvar="AISEC_JOBS", min=0, help="Worker processes (0: one per core).", show_default=False),
]
MaxFileSize = Annotated[
    Optional[str],
    typer.Option("--max-file-size", envvar="AISEC_MAX_FILE_SIZE", help="Skip files larger than this (e.g. 25MB).", show_default=False),
]
FollowLinks = Annotated[
    bool,
    typer.Option(
        "--follow-links",
        envvar="AISEC_FOLLOW_LINKS",
        help="Read symbolic links whose target lies outside the scanned tree (skipped and listed by default).",
    ),
]
AllowIncomplete = Annotated[
    bool,
    typer.Option(
        "--allow-incomplete",
        envvar="AISEC_ALLOW_INCOMPLETE",
        help="Exit by the findings even when part of the input could not be examined "
        "(by default such a run exits 2; the report says what was missed either way).",
    ),
]
IgnoreInline = Annotated[bool, typer.Option("--ignore-inline", help="Report findings even where an inline suppression comment hides them (audit).")]
Color = Annotated[
    str,
    typer.Option("--color", envvar="AISEC_COLOR", help="Colour: auto, always or never (NO_COLOR is honoured)."),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", envvar="AISEC_QUIET", help="Print only findings and errors, no summary or warnings.")]
NoProgress = Annotated[bool, typer.Option("--no-progress", envvar="AISEC_NO_PROGRESS", help="Never show a progress bar.")]
