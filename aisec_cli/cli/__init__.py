"""The ``aisec`` command line (Typer). Thin: parse, call the library, emit, exit."""

from __future__ import annotations

import importlib
import sys

import typer

from aisec_cli import __version__

SUBCOMMANDS = ("scan", "lint", "prompts", "redact", "checklist", "rules", "hooks", "init")

app = typer.Typer(
    name="aisec",
    help="Security audits for software built on AI APIs: leaked provider keys, unsafe client "
    "code, prompt injection, personal data sent to providers, and a security checklist.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aisec {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """aisec: audit AI-API code, keys, prompts and data."""
    from aisec_cli.cli.envcheck import check_environment

    check_environment(ctx)


def _register_all() -> None:
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"aisec_cli.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"aisec_cli.cli.{name}":
                continue  # that subcommand is not built in this version
            raise
        module.register(app)


_register_all()


def main(argv: list[str] | None = None) -> int:
    """Entry point for the ``aisec`` script and ``python -m aisec_cli``."""
    try:
        app(args=argv, prog_name="aisec", standalone_mode=True)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
