"""Options shared by the subcommands (each reads an ``AISEC_*`` environment variable)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Annotated, Any, Optional, get_type_hints

import typer

def complete_format(incomplete: str) -> list[str]:
    """Shell completion for --format: the format names (``FORMAT=FILE`` after the name)."""
    from aisec_cli.report import FORMATS

    return [f for f in FORMATS if f.startswith(incomplete.lower())]


def complete_severity(incomplete: str) -> list[str]:
    """Shell completion for --fail-on."""
    return [s for s in ("critical", "high", "medium", "low", "info") if s.startswith(incomplete.lower())]


def complete_color(incomplete: str) -> list[str]:
    return [c for c in ("auto", "always", "never") if c.startswith(incomplete.lower())]


def complete_rule(incomplete: str) -> list[str]:
    """Shell completion for --select/--ignore: every bundled rule id."""
    from aisec_cli.core.rules import FAMILIES, bundled_rules

    ids = sorted({r.id for family in FAMILIES for r in bundled_rules(family)})
    return [i for i in ids if i.startswith(incomplete.upper())]


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
        autocompletion=complete_format,
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
        autocompletion=complete_severity,
        help="Exit 1 when a finding of this severity or higher remains: critical, high, medium, low, info (default: info).",
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
    typer.Option("--select", envvar="AISEC_SELECT", autocompletion=complete_rule, help="Only these rule ids or prefixes (repeatable).", show_default=False),
]
Ignore = Annotated[
    Optional[list[str]],
    typer.Option("--ignore", envvar="AISEC_IGNORE", autocompletion=complete_rule, help="Skip these rule ids or prefixes (repeatable).", show_default=False),
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
    typer.Option("--color", envvar="AISEC_COLOR", autocompletion=complete_color, help="Colour: auto, always or never (NO_COLOR is honoured)."),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", envvar="AISEC_QUIET", help="Print only findings and errors, no summary or warnings.")]
NoProgress = Annotated[bool, typer.Option("--no-progress", envvar="AISEC_NO_PROGRESS", help="Never show a progress bar.")]


# Metavars shown in --help for options that name none: a word, never a type hint such as
# <bool> or <list[str]>; flags show none.
_METAVARS = {
    "--format": "FORMAT", "--output": "FILE", "--fail-on": "SEVERITY", "--baseline": "FILE",
    "--write-baseline": "FILE", "--exclude": "GLOB", "--config": "FILE", "--select": "RULE",
    "--ignore": "RULE", "--rule-file": "FILE", "--jobs": "N", "--max-file-size": "SIZE",
    "--color": "WHEN", "--profile": "PROFILE", "--policy": "FILE",
}


def tidy_metavars() -> None:
    """Make every Typer option show a plain metavar (once per process)."""
    from typer.core import TyperOption

    if getattr(TyperOption, "_aisec_tidy", False):
        return
    plain = TyperOption.make_metavar

    def make_metavar(self: TyperOption, ctx: object) -> str:
        if self.metavar is not None:
            return str(self.metavar)
        if self.is_flag or self.count:
            return ""
        long = next((o for o in self.opts if o.startswith("--")), "")
        if long in _METAVARS:
            return _METAVARS[long]
        shown = plain(self, ctx)  # type: ignore[arg-type]
        if shown.startswith("<") or "[" in shown:
            return long.lstrip("-").replace("-", "_").upper() or "VALUE"
        return shown

    TyperOption.make_metavar = make_metavar  # type: ignore[method-assign]
    TyperOption._aisec_tidy = True  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """The options ``scan``, ``lint`` and ``prompts`` share, as given (the type of each is the alias of its name).

    A command takes them as one parameter ``shared: opt.ReportOptions = opt.SHARED_DEFAULTS``
    and the decorator :func:`with_report_options`; the options appear in ``--help`` where that
    parameter stands, in this order.
    """

    fmt: Optional[list[str]] = None
    output: Optional[Path] = None
    fail_on: Optional[str] = None
    exit_zero: bool = False
    baseline: Optional[Path] = None
    write_baseline: Optional[Path] = None
    exclude: Optional[list[str]] = None
    config: Optional[Path] = None
    isolated: bool = False
    select: Optional[list[str]] = None
    ignore: Optional[list[str]] = None
    rule_file: Optional[list[Path]] = None
    jobs: Optional[int] = None
    max_file_size: Optional[str] = None
    ignore_inline: bool = False
    follow_links: bool = False
    allow_incomplete: bool = False
    color: str = "auto"
    quiet: bool = False

    def values(self) -> Mapping[str, Any]:
        """Name -> value (what ``CommonOptions.of`` reads)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


SHARED_DEFAULTS = ReportOptions()  # the ``shared`` parameter's default (no option given)

# ReportOptions field -> its option (the aliases above).
REPORT_OPTION_TYPES: dict[str, Any] = {
    "fmt": Format, "output": Output, "fail_on": FailOn, "exit_zero": ExitZero, "baseline": Baseline,
    "write_baseline": WriteBaseline, "exclude": Exclude, "config": Config, "isolated": Isolated,
    "select": Select, "ignore": Ignore, "rule_file": RuleFile, "jobs": Jobs, "max_file_size": MaxFileSize,
    "ignore_inline": IgnoreInline, "follow_links": FollowLinks, "allow_incomplete": AllowIncomplete,
    "color": Color, "quiet": Quiet,
}


def with_report_options(command: Callable[..., None]) -> Callable[..., None]:
    """``command`` as Typer sees it: its ``shared`` parameter replaced by the :class:`ReportOptions`
    options, in place; called, it gets them back as one ``ReportOptions``."""
    hints = get_type_hints(command, include_extras=True)
    parameters: list[inspect.Parameter] = []
    for parameter in inspect.signature(command).parameters.values():
        if parameter.name != "shared":
            parameters.append(parameter.replace(annotation=hints[parameter.name]))
            continue
        parameters += [
            inspect.Parameter(f.name, parameter.kind, default=f.default, annotation=REPORT_OPTION_TYPES[f.name])
            for f in fields(ReportOptions)
        ]
    names = [f.name for f in fields(ReportOptions)]

    @functools.wraps(command)
    def typed(**values: Any) -> None:
        shared = ReportOptions(**{name: values.pop(name) for name in names})
        command(shared=shared, **values)

    typed.__signature__ = inspect.Signature(parameters, return_annotation=None)  # type: ignore[attr-defined]
    typed.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": None}
    return typed
