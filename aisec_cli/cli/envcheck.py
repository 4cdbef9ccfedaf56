"""``AISEC_*`` variables checked before a subcommand starts: a bad value is one line, exit 2.

Typer converts environment values while it parses the subcommand and shows a failure as a
framed usage box; here every variable the chosen subcommand reads is converted the same way
first, and a failure becomes ``aisec: error: AISEC_JOBS='banana': ...``.
"""

from __future__ import annotations

import sys
from typing import Any

import typer

HELP_FLAGS = ("-h", "--help")


def _convert(param: Any, value: Any, ctx: Any) -> None:
    """Convert ``value`` the way the framework will (Click's API; Typer 0.29's own runtime)."""
    if hasattr(param, "type_cast_value"):
        param.type_cast_value(ctx, value)
    elif hasattr(param, "get_runtime_param"):
        param.get_runtime_param().coerce(value, param=param, ctx=ctx)


def check_environment(ctx: Any) -> None:
    """Convert each ``AISEC_*`` value the invoked subcommand reads; fail on the first bad one."""
    name = getattr(ctx, "invoked_subcommand", None)
    if not name:
        return
    # The framework keeps the subcommand's arguments to itself until it parses them.
    if any(arg in HELP_FLAGS for arg in sys.argv[1:]):
        return
    command = ctx.command.get_command(ctx, name)
    if command is None:
        return
    sub = type(ctx)(command, parent=ctx, info_name=name)
    for param in getattr(command, "params", ()):
        if not getattr(param, "envvar", None):
            continue
        value = param.value_from_envvar(sub)
        if value is None:
            continue
        try:
            _convert(param, value, sub)
        except Exception as exc:  # noqa: BLE001 - the framework's conversion error, whatever its class
            message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
            message = " ".join(message.split())
            typer.echo(f"aisec: error: {message}", err=True)
            raise typer.Exit(2) from None
