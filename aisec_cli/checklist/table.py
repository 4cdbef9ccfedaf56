"""The checklist on a terminal: a Rich table grouped by category, a score and summary line."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from aisec_cli.checklist.model import ChecklistResult, Outcome, Status
from aisec_cli.checklist.output import CATEGORIES, summary_line
from aisec_cli.core.paths import display_path as one_line  # the escaped form every line format writes

_LOOK = {
    Status.PASS: ("✔ PASS", "green"),
    Status.WARN: ("▲ WARN", "yellow"),
    Status.FAIL: ("✘ FAIL", "bold red"),
    Status.MANUAL: ("? MANUAL", "cyan"),
    Status.SKIP: ("- SKIP", "dim"),
    Status.ERROR: ("‼ ERROR", "bold magenta"),
}
_MARK = {Outcome.CONTRADICTS: "✘", Outcome.MISSING: "∅", Outcome.SUPPORTS: "✔", Outcome.INFO: "·"}
_PRIORITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}


def render(result: ChecklistResult, color: bool = False, details: bool = False, width: int | None = None) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width or 150, highlight=False, soft_wrap=False)
    table = Table(show_lines=False, header_style="bold", expand=False, title=f"aisec checklist · {result.root} · as of {result.as_of}")
    table.add_column("Status", no_wrap=True)
    table.add_column("ID", no_wrap=True)
    table.add_column("Check", overflow="fold", max_width=48)
    table.add_column("Priority", no_wrap=True)
    table.add_column("Reason", overflow="fold")
    for category in CATEGORIES:
        items = [i for i in result.items if i.spec.category == category]
        if not items:
            continue
        table.add_section()
        table.add_row(Text(category, style="bold"), "", "", "", "")
        for item in items:
            label, style = _LOOK[item.status]
            if item.original_status is not None:
                label += f" ({item.original_status.value})"
            priority = item.spec.priority.value
            table.add_row(
                Text(label, style=style),
                item.id,
                item.spec.title,
                Text(priority, style=_PRIORITY_STYLE.get(priority, "")),
                Text(one_line(item.reason)),
            )
            if details:
                for ev in item.evidence:
                    where = ev.where()
                    line = f"{_MARK[ev.outcome]} {where + '  ' if where else ''}{ev.detail}" + (f" — {ev.why}" if ev.why else "")
                    table.add_row("", "", "", "", Text(one_line(line), style="dim"))
            if item.status in (Status.FAIL, Status.WARN, Status.MANUAL, Status.ERROR):
                table.add_row("", "", "", "", Text(f"fix: {item.spec.remediation}", style="italic"))
    console.print(table)
    scope = result.applicability
    if scope.scope == "example" or scope.byok:
        notes = [f"judged as {scope.scope}: {scope.scope_reason}"] if scope.scope == "example" else []
        if scope.byok:
            notes.append(f"bring-your-own-key: {scope.byok_reason}")
        console.print(Text("Applicability: " + "; ".join(notes), style="dim"))
    console.print(summary_line(result))
    if not details:
        console.print(Text("Evidence for every item: aisec checklist --details · one item explained: aisec rules explain CHK06", style="dim"))
    return buffer.getvalue()
