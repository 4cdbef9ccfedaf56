"""What every subcommand does around its engine: settings, output, warnings, exit code."""

from __future__ import annotations

import contextlib
import os
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, NoReturn

from aisec_cli.cli.progress import Spinner, stop_active, wanted
from aisec_cli.core.atomic import write_atomic
from aisec_cli.core.config import Settings, locate_config, parse_severity, parse_size, settings_from_table
from aisec_cli.core.errors import AisecError
from aisec_cli.core.findings import Report
from aisec_cli.core.pipeline import ERROR, FINDINGS, OK, exit_code
from aisec_cli.report import FORMATS, render
from aisec_cli.report.common import one_line
from aisec_cli.sources.files import git_toplevel

MAX_WARNINGS = 20
NOTE_KINDS = ("unused-suppression", "skipped")  # deliberate, documented: a note, not a warning
GROUP_SKIPS = 4  # skips with one reason this often are counted in one line, not listed


def say(message: str) -> None:
    """One line on standard error, keys in it masked as in reports (a path or value it names may
    hold one). No Typer import: hook runs start faster without it."""
    from aisec_cli.core.evidence import mask_keys
    from aisec_cli.secrets import plugin

    plugin.install()  # the key finder (idempotent): a usage error may come before the command's
    stop_active()
    sys.stderr.write(mask_keys(message) + "\n")
    sys.stderr.flush()


def fail(message: str, code: int = ERROR) -> NoReturn:
    say(f"aisec: error: {one_line(message)}")  # a name in it may hold ESC or a newline
    raise SystemExit(code)


def guarded(func: Callable[[], int], progress: str | None = None, no_progress: bool = False) -> NoReturn:
    """Run a command body; known errors become one line and exit 2, never a traceback.

    ``progress`` names what the command does ("linting"): a spinner shows it on a terminal
    (not in CI, under pre-commit, with ``--no-progress``, or when stderr is not a terminal).
    """
    try:
        with Spinner(progress or "", bool(progress) and wanted(no_progress)):
            code = func()
    except AisecError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except BrokenPipeError:
        stdout_closed()
    raise SystemExit(code)


def stdout_closed() -> NoReturn:
    """Standard output was closed (``aisec scan . | head -1``): the report was cut short, so
    exit 2, never 0 (a pipeline with pipefail would read 0 as clean). Standard output is
    pointed at the null device so the interpreter's final flush raises nothing more."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    fail("standard output was closed before the whole report was written")


def resolve_root(paths: Sequence[Path], config_path: Path | None = None) -> Path:
    """The repository's root, from which every reported path is written.

    The git top level of what is scanned, else the config file's folder, else the current
    folder (when what is scanned lies outside all three: the folder given, as before).
    Returned relative to the current folder when it can be, so paths stay usable from here.
    """
    first = paths[0] if paths else Path(".")
    folder = first if first.is_dir() else (first.parent if str(first.parent) else Path("."))
    target = os.path.abspath(folder)
    here = os.getcwd()
    candidates: list[str] = []
    top = git_toplevel(folder)
    if top is not None:
        candidates.append(os.path.realpath(top))
    if config_path is not None:
        candidates.append(os.path.abspath(config_path.parent))
    candidates.append(here)
    for candidate in candidates:
        for probe in (target, os.path.realpath(target)):
            if probe == candidate and first.is_dir():
                return first  # the folder given is the root: keep it as written
            if probe.startswith(candidate.rstrip(os.sep) + os.sep):
                return _from_here(candidate, here)
    if len(paths) == 1 and first.is_dir():
        return first
    return Path(".")


def _from_here(folder: str, here: str) -> Path:
    try:
        rel = os.path.relpath(folder, here)
    except ValueError:  # another drive on Windows
        return Path(folder)
    return Path(rel)


def repository_settings(paths: Sequence[Path], config: Path | None = None, isolated: bool = False) -> Settings:
    """The config file that applies to ``paths`` (or ``config``), rooted at the repository's root."""
    if isolated:
        return Settings(root=resolve_root(paths))
    config_path, table = locate_config(_start(paths), config)
    return settings_from_table(table, resolve_root(paths, config_path), config_path)


@dataclass(frozen=True, slots=True)
class CommonOptions:
    """The settings options the engine commands share (:mod:`aisec_cli.cli.options`), as given.

    A command whose parameters of these names are these options (``opt.FailOn`` for
    ``fail_on`` …) takes them with ``CommonOptions.of(locals())`` as its first line;
    tests/cli/test_common_options.py checks the names and the option types stay in step.
    """

    config: Path | None = None
    isolated: bool = False
    exclude: Sequence[str] | None = None
    fail_on: str | None = None
    baseline: Path | None = None
    select: Sequence[str] | None = None
    ignore: Sequence[str] | None = None
    rule_file: Sequence[Path] | None = None
    jobs: int | None = None
    max_file_size: str | None = None
    ignore_inline: bool = False
    follow_links: bool = False
    allow_incomplete: bool = False

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> CommonOptions:
        """The common options among a command's parameters (the others are left at their defaults)."""
        return cls(**{f.name: values[f.name] for f in fields(cls) if f.name in values})


def build_settings(paths: Sequence[Path], options: CommonOptions = CommonOptions()) -> Settings:
    """Config file settings with the command line (and ``AISEC_*`` variables) on top."""
    base = repository_settings(paths, options.config, options.isolated)
    changes: dict[str, Any] = {"root": base.root, "ignore_inline": options.ignore_inline}
    if options.exclude:
        changes["exclude"] = base.exclude + tuple(_split(options.exclude))
    if options.fail_on:
        changes["fail_on"] = parse_severity(options.fail_on, "--fail-on")
    if options.baseline is not None:
        changes["baseline"] = options.baseline
    if options.select:
        changes["select"] = tuple(_split(options.select))
    if options.ignore:
        changes["ignore"] = base.ignore + tuple(_split(options.ignore))
    if options.rule_file:
        changes["rule_files"] = base.rule_files + tuple(options.rule_file)
    if options.jobs is not None:
        changes["jobs"] = options.jobs
    if options.max_file_size:
        changes["max_file_size"] = parse_size(options.max_file_size, "--max-file-size")
    if options.follow_links:
        changes["follow_links"] = True
    if options.allow_incomplete:
        changes["allow_incomplete"] = True
    return base.evolve(**changes)


def _start(paths: Sequence[Path]) -> Path:
    """Where the config file search starts: the first folder (or file) given, else here."""
    return paths[0] if paths else Path(".")


def _split(values: Sequence[str]) -> list[str]:
    """Accept repeated options and comma-separated lists (as env variables give them)."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@dataclass(frozen=True, slots=True)
class Destination:
    fmt: str
    path: Path | None  # None: standard output


def destinations(
    formats: Sequence[str] | None, output: Path | None, inputs: Sequence[Path] = (), baseline: Path | None = None
) -> list[Destination]:
    """Where each format goes. A report or ``baseline`` file that is one of the files named in
    ``inputs`` (the same file, however spelled or linked) is a usage error: it would replace
    what was read."""
    chosen = _destinations(formats, output)
    outputs = [(f"{d.fmt} report", d.path) for d in chosen] + [("baseline", baseline)]
    named = {os.path.realpath(p): p for p in inputs if not os.path.isdir(p) and os.path.lexists(p)}
    for what, path in outputs:
        if path is not None and os.path.realpath(path) in named:
            fail(f"{path}: the {what} would replace {named[os.path.realpath(path)]}, a file this run reads; write it elsewhere")
    return chosen


def _destinations(formats: Sequence[str] | None, output: Path | None) -> list[Destination]:
    chosen: list[Destination] = []
    for spec in _split(formats or []) or ["table"]:
        name, _, target = spec.partition("=")
        name = name.strip().lower()
        if name not in FORMATS:
            fail(f"unknown format '{name}' (choose from {', '.join(FORMATS)})")
        chosen.append(Destination(name, Path(target) if target else None))
    if output is not None:
        for i in reversed(range(len(chosen))):
            dest = chosen[i]
            if dest.path is None:
                chosen[i] = Destination(dest.fmt, None if str(output) == "-" else output)
                break
    if sum(1 for d in chosen if d.path is None) > 1:
        fail("several formats would go to standard output: give each but one a file (FORMAT=FILE)")
    return chosen


def use_color(choice: str) -> bool:
    choice = choice.lower()
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if choice != "auto":
        fail("--color takes auto, always or never")
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def terminal_width(default: int = 160) -> int | None:
    """Columns to lay the table out in: ``COLUMNS``, else the terminal's, else ``default``."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):
        pass
    return default


def emit(report: Report, dests: Sequence[Destination], color: bool, quiet: bool = False, **options: Any) -> None:
    """Write every requested format; warnings about unread files go to standard error."""
    stop_active()
    for dest in dests:
        if dest.fmt == "table" and dest.path is None and "width" not in options:
            options = {**options, "width": terminal_width(), "hints": not quiet}
        text = render(report, dest.fmt, color=color and dest.path is None, **options)
        if dest.fmt == "table" and quiet and not report.findings:
            text = ""
        write_out(dest, text)
    if not quiet:
        warn_errors(report)


def write_out(dest: Destination, text: str) -> None:
    """``text`` to standard output, or atomically to the destination's file (a failure: exit 2)."""
    if dest.path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        write_atomic(dest.path, text)
    except OSError as exc:
        fail(f"cannot write {dest.path}: {exc.strerror or exc}")


def warn_errors(report: Report) -> None:
    """One warning line per problem (up to a limit), deliberate skips that share a reason (every
    image of a tree: binary) in one line with their count; the JSON report lists them all."""
    reasons = Counter(error.message for error in report.errors if error.kind == "skipped")
    grouped = {message for message, count in reasons.items() if count >= GROUP_SKIPS}
    shown = [error for error in report.errors if not (error.kind == "skipped" and error.message in grouped)]
    for error in shown[:MAX_WARNINGS]:
        label = "note" if error.kind in NOTE_KINDS else "warning"
        say(f"aisec: {label}: {one_line(error.path)}: {one_line(error.message)}")
    if len(shown) > MAX_WARNINGS:
        say(f"aisec: warning: … and {len(shown) - MAX_WARNINGS} more (see the JSON report's errors)")
    for message in sorted(grouped):
        say(f"aisec: note: {reasons[message]} files skipped, {one_line(message)} (the JSON report's errors list them)")


def final_code(report: Report, settings: Settings, exit_zero: bool) -> int:
    code = exit_code(report, settings.fail_on, allow_incomplete=settings.allow_incomplete)
    if code == FINDINGS and exit_zero:
        return OK
    return code


def require_paths(targets: Sequence[Path]) -> None:
    """Usage error (exit 2) for a path that does not exist (a dangling link is scanned)."""
    for target in targets:
        if not target.exists() and not target.is_symlink():
            fail(f"{target}: no such file or directory")


def finish(
    report: Report,
    settings: Settings,
    dests: Sequence[Destination],
    *,
    write_baseline: Path | None,
    color: str,
    quiet: bool,
    exit_zero: bool,
) -> int:
    """The common end of a command: write a baseline, or emit the report and pick the exit code."""
    if write_baseline is not None:
        return save_baseline(write_baseline, report.findings, report.command)
    emit(report, dests, use_color(color), quiet)
    return final_code(report, settings, exit_zero)


def save_baseline(path: Path, findings: Sequence[Any], command: str) -> int:
    """``--write-baseline``: replace the command's section of the baseline file with ``findings``."""
    from aisec_cli.core import baseline as baseline_file

    baseline_file.write(path, findings, section=baseline_file.section_of_command(command))
    say(f"aisec: wrote {len(findings)} finding(s) to baseline {path}")
    return OK
