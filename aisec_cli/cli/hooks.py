"""``aisec hooks install|uninstall|run``: aisec's plain git hooks, and the one-process commit check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aisec_cli.cli.common import guarded

hooks_app = typer.Typer(
    help="Install aisec's plain git hooks (pre-commit, commit-msg, pre-push) into a repository.",
    no_args_is_help=True,
)

Repo = Annotated[
    Path,
    typer.Option("--repo", help="The repository (any folder inside it).", show_default="the current folder"),
]
PrePush = Annotated[
    bool, typer.Option("--pre-push", help="Also install the pre-push hook (scans the commits being pushed).")
]


def _selected(pre_push: bool) -> tuple[str, ...]:
    return ("pre-commit", "commit-msg", "pre-push") if pre_push else ("pre-commit", "commit-msg")


@hooks_app.command("install")
def install(
    pre_push: PrePush = False,
    force: Annotated[bool, typer.Option("--force", help="Replace a hook aisec did not write (a copy is kept as HOOK.aisec-backup).")] = False,
    chain: Annotated[bool, typer.Option("--chain", help="Keep an existing hook as HOOK.aisec-chained and run it before aisec's.")] = False,
    repo: Repo = Path("."),
) -> None:
    """Install the pre-commit and commit-msg hooks (with --pre-push also pre-push) into git's hooks folder.

    The folder is the one git uses, core.hooksPath included. An existing hook is never
    overwritten without --force; --chain keeps it and runs it first.

    Examples:

      aisec hooks install                 # block commits that add a key (files or message)

      aisec hooks install --pre-push      # also block pushes whose commits hold a key

      aisec hooks install --chain         # keep the hook that is already there
    """

    def run() -> int:
        from aisec_cli.hooks_install import Step
        from aisec_cli.hooks_install import install as do_install

        for outcome in do_install(repo, _selected(pre_push), force=force, chain=chain):
            verb = {
                Step.CREATE: "installed",
                Step.UPDATE: "updated",
                Step.UNCHANGED: "already installed",
                Step.REPLACE: "replaced",
                Step.CHAIN: "installed (chained)",
            }.get(outcome.step, outcome.step.value)
            note = f" ({outcome.note})" if outcome.note else ""
            typer.echo(f"aisec: {outcome.hook} hook {verb}: {outcome.path}{note}")
        return 0

    guarded(run)


@hooks_app.command("uninstall")
def uninstall(repo: Repo = Path(".")) -> None:
    """Remove aisec's pre-commit, commit-msg and pre-push hooks; a chained hook goes back in its place."""

    def run() -> int:
        from aisec_cli.hooks_install import HOOK_NAMES
        from aisec_cli.hooks_install import uninstall as do_uninstall

        for outcome in do_uninstall(repo, HOOK_NAMES):
            note = f" ({outcome.note})" if outcome.note else ""
            typer.echo(f"aisec: {outcome.hook} hook: {outcome.step.value}{note}")
        return 0

    guarded(run)


@hooks_app.command(
    "run",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def run_checks(ctx: typer.Context) -> None:
    """Run secrets, lint, prompts and PII on the staged files in one process (aisec hooks run --help)."""
    from aisec_cli.hooks_run import main as hooks_run

    raise SystemExit(hooks_run(ctx.args))


def register(app: typer.Typer) -> None:
    app.add_typer(hooks_app, name="hooks")
