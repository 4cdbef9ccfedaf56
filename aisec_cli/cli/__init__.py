"""The ``aisec`` command line (Typer). Thin: parse, call the library, emit, exit."""

from __future__ import annotations

import importlib
import os
import sys
import traceback

import typer

from aisec_cli import __version__
from aisec_cli.core.errors import failure_site

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
    debug: bool = typer.Option(
        False, "--debug", help="On an internal error, print the traceback too (also AISEC_DEBUG=1; accepted after the subcommand as well)."
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


REPORT_URL = "https://github.com/aisec-dev/aisec/issues"


def _take_debug(args: list[str]) -> bool:
    """Remove ``--debug`` (before any ``--``) from ``args``; True when it was there."""
    end = args.index("--") if "--" in args else len(args)
    found = "--debug" in args[:end]
    if found:
        args[:] = [a for i, a in enumerate(args) if not (i < end and a == "--debug")]
    return found


def main(argv: list[str] | None = None) -> int:
    """Entry point for the ``aisec`` script and ``python -m aisec_cli``.

    An unexpected exception never ends the run with a traceback and exit 1 (the code for
    findings): it prints one line saying what failed and where, and exits 2. ``--debug``
    (anywhere on the command line) or ``AISEC_DEBUG=1`` adds the traceback.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = _take_debug(args) or os.environ.get("AISEC_DEBUG", "") not in ("", "0")
    try:
        app(args=args, prog_name="aisec", standalone_mode=True)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except KeyboardInterrupt:
        sys.stderr.write("aisec: interrupted\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - the last guard: one line, exit 2
        if debug:
            traceback.print_exc()
        command = next((a for a in args if not a.startswith("-")), "")
        sys.stderr.write(
            f"aisec: internal error in 'aisec {command}': {failure_site(exc)}. This is a bug: please report it "
            f"at {REPORT_URL} with the command you ran"
            f"{'' if debug else ' and the traceback that --debug prints'}.\n"
        )
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
