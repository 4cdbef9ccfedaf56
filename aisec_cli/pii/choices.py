"""The choices of one redaction: `[tool.aisec.redact]` with the caller's options on top.

The command line and the Python API both come here, so a setting in the configuration
file means the same everywhere: which entities, which operator (and its key), the default
phone region, the confidence threshold, allowed values, and — for the command line — what
the run does with its inputs (standard output, a file or folder, in place, or a check).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aisec_cli.core.config import Settings
from aisec_cli.core.errors import UsageError
from aisec_cli.pii.model import PiiConfig
from aisec_cli.pii.operators import OPERATORS, Operator


def _section(settings: Settings) -> dict[str, Any]:
    return settings.section("redact")


def config_from(
    settings: Settings,
    *,
    entities: object = None,
    region: str | None = None,
    fmt: str | None = None,
    min_confidence: float | None = None,
    allow: object = None,
) -> PiiConfig:
    """`[tool.aisec.redact]` plus the caller's choices → :class:`PiiConfig`."""
    from aisec_cli.pii.entities import resolve_entities

    section = _section(settings)
    try:
        chosen = resolve_entities(entities or section.get("entities"))  # type: ignore[arg-type]
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return PiiConfig(
        entities=chosen,
        default_region=(region or section.get("region", "US")).upper(),
        fmt=(fmt or "auto").lower(),
        min_confidence=min_confidence if min_confidence is not None else float(section.get("min-confidence", 0.5)),
        allow=frozenset(allow or section.get("allow", ()) or ()),  # type: ignore[arg-type]
        rule_files=tuple(str(p) for p in settings.rule_files),
    )


def operator_from(
    settings: Settings,
    name: str | None = None,
    *,
    hash_key: bytes | str | None = None,
    hash_key_env: str | None = None,
) -> Operator:
    """The operator named by the caller or by `operator = …` (default ``replace``); its HMAC
    key given directly, or read from the environment variable the caller or `hash-key-env`
    names."""
    section = _section(settings)
    chosen = (name or section.get("operator", "replace")).lower()
    if chosen not in OPERATORS:
        raise UsageError(f"--operator: choose from {', '.join(OPERATORS)}")
    if hash_key is None:
        variable = hash_key_env or section.get("hash-key-env")
        if variable:
            hash_key = os.environ.get(variable)
            if not hash_key:
                raise UsageError(f"--hash-key-env: environment variable {variable} is not set")
    if hash_key is None:
        return Operator(chosen)
    return Operator(chosen, hash_key=hash_key.encode("utf-8") if isinstance(hash_key, str) else hash_key)


def map_passphrase(settings: Settings, map_key_env: str | None = None) -> str | None:
    """The passphrase of the mapping file, from the variable the caller or `map-key-env` names."""
    variable = map_key_env or _section(settings).get("map-key-env")
    if not variable:
        return None
    value = os.environ.get(variable)
    if not value:
        raise UsageError(f"--map-key-env: environment variable {variable} is not set")
    return value


@dataclass(frozen=True)
class RedactTarget:
    """Where the redacted text goes, as the command line asked."""

    output: Path | None = None
    in_place: bool = False
    check: bool = False
    write_baseline: bool = False  # record what a check finds
    report: bool = False  # a report was asked for (--format)
    report_on_stdout: bool = False  # ... and it goes to standard output


def choose_mode(target: RedactTarget, map_file: Path | None) -> tuple[str, bool]:
    """(mode, listing): one of ``stdout``, ``output``, ``in-place``, ``check``; ``listing``
    when a report on standard output takes the place of the redacted text."""
    given = [
        flag
        for flag, on in (
            ("--in-place", target.in_place),
            ("--check", target.check),
            ("--output", target.output is not None),
        )
        if on
    ]
    if len(given) > 1:
        raise UsageError(f"{' and '.join(given)} cannot be combined")
    mode = "in-place" if target.in_place else "check" if target.check else "output" if given else "stdout"
    if target.write_baseline:
        if mode not in ("check", "stdout"):
            raise UsageError(
                "--write-baseline records what --check finds; it cannot be combined with --output or --in-place"
            )
        mode = "check"
    listing = mode == "stdout" and target.report and target.report_on_stdout
    if listing:
        # `--format json` alone lists the detections (no values) instead of the redacted text.
        if map_file is not None:
            raise UsageError("--map needs the redacted text: add --output or --in-place, or drop --format")
        mode = "check"
    return mode, listing


def inputs_or_stdin(paths: Iterable[str] | None, stdin_is_terminal: bool) -> list[str]:
    """The inputs given, or standard input when none is and something is piped in."""
    chosen = list(paths or [])
    if chosen:
        return chosen
    if stdin_is_terminal:
        raise UsageError("give files or folders to redact, or - for standard input")
    return ["-"]
