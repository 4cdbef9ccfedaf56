"""The Typer application: the root options and the subcommands, registered on demand."""

from __future__ import annotations

import importlib

import typer

from aisec_cli import __version__

# Subcommand name -> the module of aisec_cli.cli that registers it.
MODULES = {
    "scan": "scan",
    "lint": "lint",
    "prompts": "prompts",
    "redact": "redact",
    "restore": "redact",
    "checklist": "checklist",
    "rules": "rules",
    "hooks": "hooks",
    "init": "init",
    "baseline": "baseline",
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aisec {__version__}")
        raise typer.Exit()


def build_app(command: str | None = None) -> typer.Typer:
    """The ``aisec`` app with every subcommand, or only ``command``'s (a faster start)."""
    from aisec_cli.cli.options import tidy_metavars
    from aisec_cli.secrets import plugin

    plugin.install()  # the masking net's key finder and the detect-secrets reader
    tidy_metavars()
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

    wanted = [MODULES[command]] if command in MODULES else list(dict.fromkeys(MODULES.values()))
    for name in wanted:
        try:
            module = importlib.import_module(f"aisec_cli.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"aisec_cli.cli.{name}":
                continue  # that subcommand is not built in this version
            raise
        module.register(app)
    return app
