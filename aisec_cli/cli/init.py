"""``aisec init``: .gitignore entries, the aisec pre-commit hooks and a policy template."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from aisec_cli.cli.common import fail, guarded

Yes = Annotated[bool, typer.Option("--yes", "-y", help="Apply every step without asking.")]
DryRun = Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would change and write nothing.")]
Skip = Annotated[
    Optional[list[str]],
    typer.Option("--skip", metavar="STEP", help="Leave out a step: gitignore, pre-commit, policy (repeatable, or comma-separated).", show_default=False),
]
Rev = Annotated[
    Optional[str],
    typer.Option("--rev", metavar="REV", help="The aisec revision to pin in .pre-commit-config.yaml (default: this version's tag).", show_default=False),
]


def init(
    path: Annotated[Optional[Path], typer.Argument(help="Repository to set up (default: the current folder).", show_default=False)] = None,
    yes: Yes = False,
    dry_run: DryRun = False,
    skip: Skip = None,
    rev: Rev = None,
) -> None:
    """Write what a team needs to start passing the checklist; nothing is ever overwritten.

    Steps: append env and key file patterns to .gitignore, append the aisec hooks to
    .pre-commit-config.yaml, create a commented .aisec/policy.yaml. Each step is shown first;
    on a terminal each is confirmed (Enter accepts), --yes applies all, --dry-run writes nothing.
    """
    root = path or Path(".")

    def run() -> int:
        from aisec_cli.init_project import STEPS, Action, apply, plan

        if not root.is_dir():
            fail(f"{root}: not a folder")
        skipped = [s.strip() for value in skip or [] for s in value.split(",") if s.strip()]
        unknown = [s for s in skipped if s not in STEPS]
        if unknown:
            fail(f"--skip: unknown step {', '.join(unknown)} (steps: {', '.join(STEPS)})")
        interactive = not yes and not dry_run and sys.stdin is not None and sys.stdin.isatty()
        wrote = 0
        for step in plan(root, skipped, rev):
            shown = _display(step.path, root)
            typer.echo(f"[{step.name}] {shown}: {step.reason}")
            if step.action is Action.UNCHANGED:
                continue
            if step.addition:
                typer.echo("".join(f"    {'+ ' if step.writes else '  '}{line}\n" for line in step.addition.rstrip("\n").split("\n")), nl=False)
            if step.action is Action.MANUAL:
                continue
            if dry_run:
                typer.echo("    (dry run: not written)")
                continue
            if interactive and not typer.confirm(f"    apply to {shown}?", default=True):
                typer.echo("    skipped")
                continue
            try:
                apply(step)
            except (FileExistsError, OSError) as exc:
                fail(str(exc))
            wrote += 1
            typer.echo(f"    {'created' if step.action is Action.CREATE else 'updated'} {shown}")
        if not dry_run:
            typer.echo("next: pre-commit install --hook-type pre-commit --hook-type commit-msg --hook-type pre-push, then run: aisec checklist")
        return 0

    guarded(run)


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
