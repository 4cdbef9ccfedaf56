"""``aisec rules``: list every rule of every family; ``aisec rules explain ID`` shows its docs."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from aisec_cli.cli.common import fail, guarded
from aisec_cli.core.rules import FAMILIES, Rule, bundled_rules

rules_app = typer.Typer(
    help="List the rules, or explain one.", invoke_without_command=True, no_args_is_help=False
)


def _all() -> list[Rule]:
    return [r for family in FAMILIES for r in bundled_rules(family)]


@rules_app.callback()
def list_rules(
    ctx: typer.Context,
    family: Annotated[Optional[str], typer.Option("--family", help=f"Only one family: {', '.join(FAMILIES)}.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable list.")] = False,
) -> None:
    """List every rule: id, name, severity, family, title."""
    if ctx.invoked_subcommand is not None:
        return

    def run() -> int:
        if family is not None and family not in FAMILIES:
            fail(f"unknown family '{family}' (choose from {', '.join(FAMILIES)})")
        chosen = [r for r in _all() if family is None or r.family == family]
        if as_json:
            typer.echo(json.dumps(
                [{"id": r.id, "name": r.name, "title": r.title, "severity": r.severity.value,
                  "family": r.family, "tags": list(r.tags)} for r in chosen], indent=2))
            return 0
        for r in chosen:
            typer.echo(f"{r.id:8} {r.severity.value:8} {r.family:10} {r.name:40} {r.title}")
        typer.echo(f"{len(chosen)} rule(s)", err=True)
        return 0

    guarded(run)


@rules_app.command("explain")
def explain(rule_id: Annotated[str, typer.Argument(help="A rule id (KEY001, AIS401, PRM101 …) or name.")]) -> None:
    """Print a rule's documentation."""

    def run() -> int:
        wanted = rule_id.strip()
        for rule in _all():
            if rule.id == wanted.upper() or rule.name == wanted:
                text = rule.explain()
                if rule.family == "secrets":
                    from aisec_cli.secrets.verifiers import explain_section

                    text += explain_section(rule.id)
                typer.echo(text, nl=False)
                return 0
        fail(f"no rule '{rule_id}' (see 'aisec rules')")

    guarded(run)


def register(app: typer.Typer) -> None:
    app.add_typer(rules_app, name="rules")
