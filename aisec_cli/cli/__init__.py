"""The ``aisec`` command line (Typer). Thin: parse, call the library, emit, exit.

Start-up is kept short: ``aisec --version``, ``aisec hooks run`` and the single-check hooks'
exact entries on file names answer before Typer is imported, and only the module of the
subcommand being run is imported (all of them for ``aisec --help``).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from aisec_cli import __version__
from aisec_cli.core.errors import failure_site

SUBCOMMANDS = ("scan", "lint", "prompts", "redact", "checklist", "rules", "hooks", "init")


REPORT_URL = "https://github.com/aisec-dev/aisec/issues"
_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _take_debug(args: list[str]) -> bool:
    """Remove ``--debug`` (before any ``--``) from ``args``; True when it was there."""
    end = args.index("--") if "--" in args else len(args)
    found = "--debug" in args[:end]
    if found:
        args[:] = [a for i, a in enumerate(args) if not (i < end and a == "--debug")]
    return found


def _command(args: list[str]) -> str | None:
    """The subcommand named on the command line (the first word that is not an option)."""
    for arg in args:
        if not arg.startswith("-"):
            return arg
    return None


def _run(args: list[str]) -> int:
    if args in (["--version"], ["-V"]):
        sys.stdout.write(f"aisec {__version__}\n")
        return 0
    if len(args) == 2 and args[0] == "--show-completion" and args[1] in _SHELLS:
        # Typer takes --show-completion as a flag and guesses the shell from the parent
        # processes (none under CI or `docker run`): a shell named here is the one printed
        from typer.completion import get_completion_script

        sys.stdout.write(get_completion_script(prog_name="aisec", complete_var="_AISEC_COMPLETE", shell=args[1]) + "\n")
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
    app(args=args, prog_name="aisec", standalone_mode=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point for the ``aisec`` script and ``python -m aisec_cli``.

    An unexpected exception never ends the run with a traceback and exit 1 (the code for
    findings): it prints one line saying what failed and where, and exits 2. ``--debug``
    (anywhere on the command line) or ``AISEC_DEBUG=1`` adds the traceback.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = _take_debug(args) or os.environ.get("AISEC_DEBUG", "") not in ("", "0")
    from aisec_cli.sources.gitenv import hardened

    with hardened(os.environ):  # the git processes we start run no command from the scanned repository's config
        return _guarded(args, debug)


def _guarded(args: list[str], debug: bool) -> int:
    """:func:`_run`, its exits turned into exit codes and an unexpected failure into one line."""
    try:
        return _run(args)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except KeyboardInterrupt:
        sys.stderr.write("aisec: interrupted\n")
        return 130
    except BrokenPipeError:  # the paths without the Typer guard (hooks run)
        from aisec_cli.cli.common import stdout_closed

        try:
            stdout_closed()
        except SystemExit as exit_:
            return exit_.code if isinstance(exit_.code, int) else 2
    except OSError as exc:  # the system refused a path (too long, a loop …): said, not a bug
        if exc.filename is None or debug:
            return _internal(exc, args, debug)
        from aisec_cli.cli.common import say
        from aisec_cli.core.paths import display_path

        name = display_path(os.fsdecode(exc.filename))
        shown = name if len(name) <= _NAME_SHOWN else name[: _NAME_SHOWN // 2] + "…" + name[-_NAME_SHOWN // 4 :]
        say(f"aisec: error: cannot use {shown}: {exc.strerror or exc}")
        return 2
    except Exception as exc:  # noqa: BLE001 - the last guard: one line, exit 2
        return _internal(exc, args, debug)


_NAME_SHOWN = 160  # characters of a refused path named in an error line


def _internal(exc: BaseException, args: list[str], debug: bool) -> int:
    """One line for an unexpected failure (the traceback too with ``debug``), exit 2."""
    if debug:
        import traceback

        traceback.print_exc()
    sys.stderr.write(
        f"aisec: internal error in 'aisec {_command(args) or ''}': {failure_site(exc)}. This is a bug: please report it "
        f"at {REPORT_URL} with the command you ran"
        f"{'' if debug else ' and the traceback that --debug prints'}.\n"
    )
    return 2


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
