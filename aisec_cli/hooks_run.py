"""``aisec hooks run``: every commit-stage check on the staged files, in one process.

For the ``aisec-all`` pre-commit hook (and anyone who wants one hook line). The files are
the ones pre-commit passes (or, run by hand, the names git has staged): a commit hook never
walks the whole tree. Secrets, lint and prompts share one read of each file; the PII check
streams its data files through the redactor. Each check keeps the file selection of its own
hook (``.pre-commit-hooks.yaml``), prints in the hook format, and the exit code is the
worst of them (2 over 1 over 0). Runs without importing the Typer/Rich command line.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from aisec_cli.core.errors import AisecError
from aisec_cli.core.paths import display_path
from aisec_cli.prompts.hook_files import PROMPT_FILES
from aisec_cli.sources.gitenv import git_env

CHECKS = ("secrets", "lint", "prompts", "pii")
# The `files:` patterns of the aisec-pii and (from prompts/hook_files.py) aisec-prompts hooks (a test keeps them equal).
PII_FILES = r"(^|/)(data|datasets?|fixtures?|samples?|examples?|evals?|prompts?)/|\.(jsonl|ndjson|csv|tsv|prompt)$"

USAGE = """\
Usage: aisec hooks run [--format FORMAT] [--only CHECK,...] [FILE ...]

  Run the commit-stage checks (secrets, lint, prompts, PII) on FILES, reading each file
  once, in one process. Without FILES: the files git has staged. Each check keeps its own
  hook's file selection; the exit code is the worst of them (0 clean, 1 findings, 2 error).

Options:
  -f, --format FORMAT   Output format (default: hook).
  --only CHECK,...      Only these checks: secrets, lint, prompts, pii.
  -h, --help            Show this message and exit.
"""


def staged_names(cwd: Path | None = None) -> list[str]:
    """Names of the files added, copied, modified or renamed in the index (relative to ``cwd``)."""
    out = subprocess.run(
        ["git", "diff", "--cached", "--name-only", "-z", "--relative", "--diff-filter=ACMR"],
        cwd=cwd,
        capture_output=True,
        env=git_env(cwd or "."),
    )
    if out.returncode != 0:
        raise AisecError("hooks run: not in a git repository (or git failed); name the files to check")
    return [os.fsdecode(n) for n in out.stdout.split(b"\0") if n]


def _work_tree_top() -> str | None:
    """The top of the work tree around the current folder (None: none, or git cannot say)."""
    out = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, env=git_env("."),
                         stdin=subprocess.DEVNULL)
    top = os.fsdecode(out.stdout.strip())
    return top if out.returncode == 0 and top else None


def _same_folder(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _refuse_unstaged_edits(staged: Sequence[str]) -> None:
    """The checks read the working tree: a staged file edited since ``git add`` would be
    judged by its working copy, not by what the commit holds (pre-commit, which names the
    files, stashes such edits first)."""
    out = subprocess.run(["git", "diff", "--name-only", "-z", "--relative"], capture_output=True, env=git_env("."))
    edited = {os.fsdecode(n) for n in out.stdout.split(b"\0") if n} if out.returncode == 0 else set()
    differ = [n for n in staged if n in edited]
    if differ:
        from aisec_cli.core.evidence import mask_keys
        from aisec_cli.secrets import plugin

        plugin.install()  # the key finder behind mask_keys (this runs before the checks install it)
        names = [mask_keys(display_path(n)) for n in differ[:3]]  # a file may be named after a key
        shown = ", ".join(names) + (f" and {len(differ) - 3} more" if len(differ) > 3 else "")
        raise AisecError(
            f"hooks run: {shown} changed since it was staged; the checks would read the working copy, "
            "not what the commit holds: stage it (git add), or check the index with aisec scan --staged"
        )


def _parse(args: Sequence[str]) -> tuple[list[str], list[str], list[str]] | None:
    """(formats, checks, files), or None for --help."""
    formats: list[str] = []
    checks: list[str] = []
    names: list[str] = []
    items = list(args)
    i = 0
    while i < len(items):
        arg = items[i]
        if arg == "--":
            names.extend(items[i + 1 :])
            break
        if arg in ("-h", "--help"):
            return None
        key, eq, value = arg.partition("=")
        if key in ("-f", "--format", "--only"):
            if not eq:
                i += 1
                if i >= len(items):
                    raise AisecError(f"{key} needs a value")
                value = items[i]
            (formats if key != "--only" else checks).extend(v.strip() for v in value.split(",") if v.strip())
        elif arg.startswith("-") and arg != "-":
            raise AisecError(f"hooks run: unknown option {arg} (see aisec hooks run --help)")
        else:
            names.append(arg)
        i += 1
    unknown = [c for c in checks if c not in CHECKS]
    if unknown:
        raise AisecError(f"--only: unknown check {', '.join(unknown)} (choose from {', '.join(CHECKS)})")
    return formats or ["hook"], checks or list(CHECKS), names


def run(args: Sequence[str]) -> int:
    """The command: parse, check, print, exit code."""
    parsed = _parse(args)
    if parsed is None:
        sys.stdout.write(USAGE)
        return 0
    formats, checks, names = parsed
    if not names:
        from aisec_cli.sources.gitconfig import check_folders, check_includes

        check_includes(Path("."))  # git would wait on a FIFO its config includes
        top = _work_tree_top()
        if top is not None and not _same_folder(top, "."):
            # the commit holds every staged file: check them from where git runs its hooks
            here = os.getcwd()
            try:
                os.chdir(top)
            except OSError as exc:
                raise AisecError(f"hooks run: cannot enter the top of the work tree: {exc.strerror or exc}") from None
            try:
                return run(args)
            finally:
                os.chdir(here)
        names = staged_names()
        check_folders(Path("."), names)  # git diff opens the staged files' attribute files without looking
        _refuse_unstaged_edits(names)
    paths = [Path(n) for n in names]
    if not paths:
        return 0
    return check_and_print(paths, formats, checks, filters=True)


def check_and_print(paths: Sequence[Path], formats: Sequence[str], checks: Sequence[str], *, filters: bool) -> int:
    """Run ``checks`` on ``paths``, print each report, return the worst exit code."""
    from aisec_cli.cli.common import build_settings, destinations, emit, final_code, use_color

    settings = build_settings(paths)
    dests = destinations(formats, None)
    color = use_color("auto")
    worst = 0
    for report in check_reports(paths, settings, checks, filters=filters):
        emit(report, dests, color)
        code = final_code(report, settings, exit_zero=False)
        if report.command == "redact" and code == 0 and any(e.kind == "error" for e in report.errors):
            code = 2  # as `aisec redact --check`: a data file that could not be checked fails
        worst = max(worst, code)
    return worst


def check_reports(paths: Sequence[Path], settings, checks: Sequence[str], *, filters: bool = True) -> list:  # type: ignore[no-untyped-def]
    """One report per check that has files to look at, in the order of :data:`CHECKS`.

    ``filters``: apply the prompts and PII hooks' ``files:`` patterns (off when pre-commit
    has already chosen the files for that one hook, perhaps with the user's own pattern).
    """
    from aisec_cli.secrets import plugin
    from aisec_cli.sources import filescan

    plugin.install()  # the masking net's key finder and the detect-secrets reader
    prompt_files = re.compile(PROMPT_FILES if filters else "")
    pii_files = re.compile(PII_FILES if filters else "")
    plans = []
    if "secrets" in checks:
        from aisec_cli.secrets.run import scan_plan

        plans.append(scan_plan(settings))
    if "lint" in checks:
        from aisec_cli.lint.run import lint_plan, lint_settings_from

        from aisec_cli.sources.files import display_name

        given = frozenset(display_name(p, settings.root) for p in paths)  # findings stay in these files
        plans.append(lint_plan(settings, lint_settings_from(settings, report_only=given)))
    if "prompts" in checks:
        from aisec_cli.prompts.run import prompt_settings_from, prompts_plan

        plan = prompts_plan(paths, settings, prompt_settings_from(settings), prompt_files_only=True)
        accept = plan.accept
        assert accept is not None
        plans.append(
            filescan.Plan(plan.job, lambda name: bool(prompt_files.search(name)) and accept(name), plan.rules)
        )
    reports = filescan.run_shared(plans, paths, settings) if plans else []
    if "pii" in checks:
        chosen = [p for p in paths if pii_files.search(p.as_posix())]
        if chosen:
            reports.append(pii_report(chosen, settings))
    return reports


def pii_report(paths: Sequence[Path], settings):  # type: ignore[no-untyped-def]
    """``aisec redact --check`` on ``paths`` as a report."""
    from aisec_cli.core.pipeline import finalize
    from aisec_cli.pii.operators import Operator
    from aisec_cli.pii.run import RedactRequest, config_from, redact_paths

    request = RedactRequest(
        paths=tuple(str(p) for p in paths),
        settings=settings,
        config=config_from(settings),
        operator=Operator("replace"),
        mode="check",
        jobs=1,
        locations=True,
    )
    outcome = redact_paths(request)
    stats = {"files": len(outcome.files), "detections": outcome.detections}
    return finalize("redact", outcome.findings, (), outcome.errors, settings, stats=stats)


def main(args: Sequence[str]) -> int:
    """Entry point from :func:`aisec_cli.cli.main`: known errors are one line and exit 2."""
    try:
        return run(args)
    except AisecError as exc:
        sys.stderr.write(f"aisec: error: {display_path(str(exc))}\n")  # names in it: ESC, newlines escaped
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("aisec: error: interrupted\n")
        return 130
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 2)


MAX_SINGLE_FILES = 256  # a bigger commit goes through the full command (all cores)
# The entries of the single-check hooks in .pre-commit-hooks.yaml -> the check they run.
SINGLE_HOOKS = {
    ("scan", "--format", "hook"): "secrets",
    ("lint", "--format", "hook"): "lint",
    ("prompts", "--prompt-files-only", "--format", "hook"): "prompts",
    ("redact", "--check", "--format", "hook"): "pii",
}


def single_hook(args: Sequence[str]) -> tuple[str, list[str]] | None:
    """(check, files) when ``args`` are exactly a single-check hook's entry plus file names.

    Anything else (another option, a folder, a missing file, an ``AISEC_*`` setting in the
    environment) is left to the full command line, which handles every case.
    """
    for head, check in SINGLE_HOOKS.items():
        if tuple(args[: len(head)]) != head:
            continue
        names = list(args[len(head) :])
        if not names or len(names) > MAX_SINGLE_FILES or any(n.startswith("-") or not os.path.isfile(n) for n in names):
            return None
        if any(key.startswith("AISEC_") for key in os.environ):
            return None
        return check, names
    return None


def run_single(check: str, names: Sequence[str]) -> int:
    """A single-check hook's entry, without the Typer command line (same output and exit code)."""
    try:
        return check_and_print([Path(n) for n in names], ["hook"], [check], filters=False)
    except AisecError as exc:
        sys.stderr.write(f"aisec: error: {display_path(str(exc))}\n")  # names in it: ESC, newlines escaped
        return 2
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 2)
