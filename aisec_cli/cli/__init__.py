"""The ``aisec`` command line (Typer). Thin: parse, call the library, emit, exit.

Start-up is kept short: ``aisec --version``, ``aisec hooks run`` and the single-check hooks'
exact entries on file names answer before Typer is imported, and only the module of the subcommand being run is imported (all of them for
``aisec --help``).
"""

from __future__ import annotations

import sys
from typing import Any

from aisec_cli import __version__

SUBCOMMANDS = ("scan", "lint", "prompts", "redact", "checklist", "rules", "hooks", "init")


def _command(args: list[str]) -> str | None:
    """The subcommand named on the command line (the first word that is not an option)."""
    for arg in args:
        if not arg.startswith("-"):
            return arg
    return None


def main(argv: list[str] | None = None) -> int:
    """Entry point for the ``aisec`` script and ``python -m aisec_cli``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args in (["--version"], ["-V"]):
        sys.stdout.write(f"aisec {__version__}\n")
        return 0
    if args[:2] == ["hooks", "run"]:  # the one-process commit hook: no Typer
        from aisec_cli.hooks_run import main as hooks_run

        return hooks_run(args[2:])
    if args and args[0] in ("scan", "lint", "prompts", "redact") and "hook" in args:
        from aisec_cli.hooks_run import run_single, single_hook

        hook = single_hook(args)
        if hook is not None:  # a single-check hook's exact entry on named files: no Typer
            return run_single(*hook)
    from aisec_cli.cli.application import build_app

    app = build_app(_command(args))
    try:
        app(args=args, prog_name="aisec", standalone_mode=True)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    return 0


def __getattr__(name: str) -> Any:
    """``aisec_cli.cli.app``: the full application (every subcommand), built on first use."""
    if name == "app":
        from aisec_cli.cli.application import build_app

        app = build_app()
        globals()["app"] = app
        return app
    raise AttributeError(name)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
