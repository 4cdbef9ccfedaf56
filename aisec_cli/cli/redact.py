"""``aisec redact`` and ``aisec restore``: remove personal data from files, put it back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from aisec_cli.cli import options as opt
from aisec_cli.cli.common import (
    CommonOptions,
    build_settings,
    destinations,
    emit,
    final_code,
    guarded,
    save_baseline,
    use_color,
)

Entities = Annotated[
    Optional[list[str]],
    typer.Option(
        "--entities",
        "-E",
        envvar="AISEC_PII_ENTITIES",
        help="Only these entities (names such as EMAIL,PHONE, rule ids PII101 or rule names; "
        "comma-separated or repeated). Default: all.",
        show_default=False,
    ),
]
Operator = Annotated[
    Optional[str],
    typer.Option(
        "--operator",
        envvar="AISEC_PII_OPERATOR",
        help="replace ([EMAIL_1], default), mask (****1234), hash (keyed HMAC tag) or redact (removed).",
        show_default=False,
    ),
]
HashKeyEnv = Annotated[
    Optional[str],
    typer.Option("--hash-key-env", metavar="VAR", help="Environment variable holding the HMAC key for --operator hash (same key, same tags across runs; without it a random key per run).", show_default=False),
]
Region = Annotated[
    Optional[str],
    typer.Option("--region", envvar="AISEC_PII_REGION", help="Default region for national phone numbers (ISO code, e.g. US, GB, DE) (default: US).", show_default=False),
]
MapFile = Annotated[
    Optional[Path],
    typer.Option("--map", metavar="FILE", help="Write placeholder -> original to FILE (mode 0600; never overwritten without --force).", show_default=False),
]
MapKeyEnv = Annotated[
    Optional[str],
    typer.Option("--map-key-env", metavar="VAR", help="Encrypt the mapping file with a key derived from this environment variable's value.", show_default=False),
]
RestoreKeyEnv = Annotated[
    Optional[str],
    typer.Option("--map-key-env", metavar="VAR", help="Decrypt the mapping file with the key derived from this environment variable's value (the one redact --map-key-env used).", show_default=False),
]
Force = Annotated[bool, typer.Option("--force", help="Overwrite an existing mapping file.")]
InPlace = Annotated[bool, typer.Option("--in-place", "-i", help="Rewrite the files themselves (atomically, permissions kept).")]
Check = Annotated[bool, typer.Option("--check", help="Change nothing; exit 1 when personal data is present (for pre-commit).")]
OutputPath = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", envvar="AISEC_OUTPUT", help="Write the redacted text to this file (a folder for several inputs) instead of standard output.", show_default=False),
]
InputFormat = Annotated[
    Optional[str],
    typer.Option("--as", metavar="FORMAT", help="Structure of the input: auto (from the name), text, csv, tsv, json, jsonl, log, yaml, code.", show_default=False),
]
MinConfidence = Annotated[
    Optional[float],
    typer.Option("--min-confidence", min=0.0, max=1.0, help="Ignore detections below this confidence (default: 0.5). Checksummed national IDs count without context at the default; lower it for recall over precision: 0.35 adds passport layouts, 0.3 letter+digit codes and nine-digit SSNs (identifiers with no context word; see docs/redact.md).", show_default=False),
]
Allow = Annotated[
    Optional[list[str]],
    typer.Option("--allow", help="A value never to redact (repeatable).", show_default=False),
]


def redact(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files, folders, or - for standard input.", show_default=False)] = None,
    entities: Entities = None,
    operator: Operator = None,
    hash_key_env: HashKeyEnv = None,
    region: Region = None,
    map_file: MapFile = None,
    map_key_env: MapKeyEnv = None,
    force: Force = False,
    output: OutputPath = None,
    in_place: InPlace = False,
    check: Check = False,
    fmt: opt.Format = None,
    as_format: InputFormat = None,
    min_confidence: MinConfidence = None,
    allow: Allow = None,
    fail_on: opt.FailOn = None,
    exit_zero: opt.ExitZero = False,
    baseline: opt.Baseline = None,
    write_baseline: opt.WriteBaseline = None,
    exclude: opt.Exclude = None,
    config: opt.Config = None,
    isolated: opt.Isolated = False,
    rule_file: opt.RuleFile = None,
    jobs: opt.Jobs = None,
    color: opt.Color = "auto",
    quiet: opt.Quiet = False,
    no_progress: opt.NoProgress = False,
) -> None:
    """Remove personal data and credentials from files, consistently and reversibly.

    The same value gets the same placeholder everywhere; --map keeps what restore needs to put
    the originals back. With --check: exit 1 when anything would be redacted.

    Examples:

      aisec redact prompt.txt                         # redacted text on standard output

      cat chat.log | aisec redact - --map chat.map    # keep the mapping (mode 0600)

      aisec redact data/ -o clean/                    # mirror a folder

      aisec redact --in-place --entities EMAIL,PHONE fixtures/users.csv

      aisec redact --check --format hook data/        # pre-commit: exit 1 when PII is present

      aisec restore --map chat.map answer.txt         # put the originals back
    """
    common = CommonOptions.of(locals())

    def run() -> int:
        from aisec_cli.pii.choices import RedactTarget, choose_mode, inputs_or_stdin
        from aisec_cli.pii.run import build_request, redact_paths

        inputs = inputs_or_stdin(paths, sys.stdin.isatty())
        asked = destinations(fmt, None) if fmt else []
        mode, listing = choose_mode(
            RedactTarget(
                output=output,
                in_place=in_place,
                check=check,
                write_baseline=write_baseline is not None,
                report=bool(fmt),
                report_on_stdout=any(d.path is None for d in asked),
            ),
            map_file,
        )
        from aisec_cli.core.rules import require_kind

        require_kind("pii", common.rule_file or ())
        settings = build_settings([Path(p) for p in inputs if p != "-"] or [Path(".")], common)
        report_wanted = fmt is not None or mode == "check"
        request = build_request(
            settings,
            inputs,
            mode,
            output=output,
            map_path=map_file,
            map_key_env=map_key_env,
            force=force,
            operator=operator,
            hash_key_env=hash_key_env,
            entities=entities,
            region=region,
            fmt=as_format,
            min_confidence=min_confidence,
            allow=allow,
            locations=report_wanted,
        )
        outcome = redact_paths(request)
        dests = destinations(fmt or ["table"], None) if report_wanted else []
        if not quiet and not any(d.fmt == "hook" for d in dests):
            verb = "found" if mode == "check" else "redacted"
            typer.echo(
                f"aisec redact: {verb} {outcome.detections} value(s) in {len(outcome.files)} file(s)"
                + (f"; mapping written to {outcome.mapping_written}" if outcome.mapping_written else ""),
                err=True,
            )
        if write_baseline is not None:
            return save_baseline(write_baseline, outcome.findings, "redact")
        code = _report(outcome, settings, dests, color, quiet, exit_zero, counts=mode == "check" and not listing)
        return 2 if code == 0 and any(e.kind == "error" for e in outcome.errors) else code

    guarded(run, "looking for personal data", no_progress)


def _report(outcome: Any, settings: Any, dests: list[Any], color: str, quiet: bool, exit_zero: bool, *, counts: bool) -> int:
    """Print the report asked for (or the problems alone); the exit code it implies."""
    from aisec_cli.core.findings import Report

    if not dests:
        from aisec_cli.cli.common import warn_errors
        from aisec_cli.core.evidence import safe_error

        if not quiet:  # masked as a report's errors are (a file may be named after a key)
            warn_errors(Report("redact", errors=tuple(safe_error(e) for e in outcome.errors)))
        return 0
    from aisec_cli.pii.run import outcome_report

    report = outcome_report(outcome, settings, json_like=any(d.fmt in ("json", "jsonl") for d in dests))
    emit(report, dests, use_color(color), quiet)
    return final_code(report, settings, exit_zero) if counts else 0


def restore(
    sources: Annotated[Optional[list[str]], typer.Argument(help="Files to restore, or - for standard input (default).", show_default=False)] = None,
    map_file: Annotated[Path, typer.Option("--map", metavar="FILE", help="The mapping file written by aisec redact --map.")] = ...,  # type: ignore[assignment]
    map_key_env: RestoreKeyEnv = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the result to this file instead of standard output.", show_default=False)] = None,
    allow_unknown: Annotated[bool, typer.Option("--allow-unknown", help="Restore what the mapping knows even when the text holds placeholders it does not (a model's invention, or a mapping made for another text); without it that is an error (exit 2).")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="With --allow-unknown: exit 1 when the text holds placeholders the mapping does not know.")] = False,
    quiet: opt.Quiet = False,
    no_progress: opt.NoProgress = False,
) -> None:
    """Put the originals back into a text redacted with aisec redact --map (e.g. a model's answer).

    Restoring exactly what redact produced gives back the input byte for byte.
    """

    def run() -> int:
        from aisec_cli.pii.run import load_mapping, restore_inputs

        mapping = load_mapping(map_file, map_key_env)
        totals = restore_inputs(list(sources or ["-"]), mapping, output, sys.stdout.buffer, allow_unknown=allow_unknown)
        restored, unknown = totals.restored, totals.unknown
        if not quiet:
            typer.echo(f"aisec restore: {restored} placeholder(s) restored", err=True)
            if unknown:
                shown = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
                typer.echo(f"aisec restore: warning: placeholders not in the mapping (left as they are): {shown}", err=True)
        return 1 if strict and unknown else 0

    guarded(run)  # quick, and its text goes to the terminal: no spinner (--no-progress accepted for symmetry)


def register(app: typer.Typer) -> None:
    app.command("redact")(redact)
    app.command("restore")(restore)
