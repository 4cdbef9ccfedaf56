"""The human report: a Rich table and a summary line (the default on a terminal)."""

from __future__ import annotations

import io

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from aisec_cli.core.findings import Report, Severity
from aisec_cli.report.common import incomplete_line, one_line, severity_counts, verification_of, verified_run

_STYLE = {
    Severity.CRITICAL: "bold red",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}

_VERIFIED_STYLE = {"live": "bold red", "invalid": "green", "unknown": "yellow", "unsupported": "dim"}


FAST_ROWS = 500  # above this, rows are laid out here: Rich spends ~2 ms per row (700k rows: 20 min)
_HEADERS = ("Rule", "Severity", "Location", "What", "Evidence")
_FOLDS = (False, False, True, True, True)


def render(report: Report, color: bool | None = None, width: int | None = None, **_: object) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=bool(color),
        no_color=not color,
        width=width or 160,
        highlight=False,
        soft_wrap=False,
    )
    verified = verified_run(report)
    rows = _rows(report, verified)
    if len(rows) > FAST_ROWS:
        buffer.write(_fast_table(rows, verified, width or 160, bool(color)))
    elif rows:
        table = Table(show_lines=False, header_style="bold", expand=False)
        table.add_column("Rule", no_wrap=True)
        table.add_column("Severity", no_wrap=True)
        table.add_column("Location", overflow="fold")
        table.add_column("What", overflow="fold")
        table.add_column("Evidence", overflow="fold")
        if verified:
            table.add_column("Verified", no_wrap=True)
        for row in rows:
            # Text, not str: a file name or snippet is never read as Rich markup
            cells: list[str | Text] = [
                row[0],
                Text(row[1], style=_STYLE[Severity(row[1])]),
                Text(row[2]),
                Text(row[3]),
                Text(row[4]),
            ]
            if verified:
                cells.append(Text(row[5], style=_VERIFIED_STYLE.get(row[5], "")))
            table.add_row(*cells)
        console.print(table)
    counts = severity_counts(report.findings)
    parts = [f"{n} {s}" for s, n in counts.items() if n]
    scanned = report.stats.get("files_scanned")
    summary = f"{len(report.findings)} finding(s)"
    if parts:
        summary += " (" + ", ".join(parts) + ")"
    commits = report.stats.get("commits_scanned")
    if commits is not None:
        summary += f" in {commits} commit(s)"
    elif scanned is not None:
        summary += f" in {scanned} file(s)"
    if report.suppressed:
        summary += f", {len(report.suppressed)} suppressed"
    seconds = report.stats.get("seconds")
    if seconds is not None:
        summary += f" [{seconds:.2f}s]"
    style = "bold red" if report.findings or report.incomplete else "bold green"
    console.print(Text(summary, style=style))
    if report.incomplete:
        console.print(Text(one_line(incomplete_line(report)), style="bold red"))
    return buffer.getvalue()


def _rows(report: Report, verified: bool) -> list[tuple[str, ...]]:
    """One tuple of cell texts per finding: rule, severity, location, what, evidence[, verified]."""
    rows = []
    for f in report.findings:
        loc = f"{f.location.path}:{f.location.line}:{f.location.column}"
        if f.commit is not None:
            loc += f" @ {f.commit.sha[:10]}"
        what = str(f.properties.get("provider") or f.properties.get("category") or f.properties.get("entity") or "")
        what = f"{what}: {f.message}" if what and what not in f.message else f.message
        row: tuple[str, ...] = (f.rule_id, f.severity.value, one_line(loc), one_line(what), one_line(f.snippet))
        if verified:
            row += (verification_of(f) or "",)
        rows.append(row)
    return rows


def _cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _fast_table(rows: list[tuple[str, ...]], verified: bool, width: int, color: bool) -> str:
    """The same table as Rich draws (heavy head, folded cells), laid out in linear time."""
    headers = _HEADERS + (("Verified",) if verified else ())
    folds = _FOLDS + ((False,) if verified else ())
    widths = [max(_cells(h), *(_cells(r[i]) for r in rows)) for i, h in enumerate(headers)]
    overflow = sum(widths) + 3 * len(widths) + 1 - width
    while overflow > 0:
        foldable = [i for i, fold in enumerate(folds) if fold and widths[i] > 8]
        if not foldable:
            break
        widest = max(foldable, key=lambda i: widths[i])
        widths[widest] -= 1
        overflow -= 1
    styles = {s.value: _STYLE[s] for s in Severity}
    ansi = _Ansi(color)

    def line(left: str, fill: str, mid: str, right: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + right + "\n"

    out = [line("┏", "━", "┳", "┓")]
    out.append("┃" + "┃".join(" " + ansi.style(h, "bold", w) + " " for h, w in zip(headers, widths)) + "┃\n")
    out.append(line("┡", "━", "╇", "┩"))
    for row in rows:
        pieces = [_fold(cell, w) for cell, w in zip(row, widths)]
        for n in range(max(len(p) for p in pieces)):
            cells = []
            for index, (piece, w) in enumerate(zip(pieces, widths)):
                text = piece[n] if n < len(piece) else ""
                if index == 1 and text:
                    cells.append(" " + ansi.style(text, styles[row[1]], w) + " ")
                elif index == 5 and text:
                    cells.append(" " + ansi.style(text, _VERIFIED_STYLE.get(text, ""), w) + " ")
                else:
                    cells.append(" " + _pad(text, w) + " ")
            out.append("│" + "│".join(cells) + "│\n")
    out.append(line("└", "─", "┴", "┘"))
    return "".join(out)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _cells(text))


def _fold(text: str, width: int) -> list[str]:
    if _cells(text) <= width:
        return [text]
    if text.isascii() and text.isprintable() and width > 0:  # one cell per character
        return [text[at : at + width] for at in range(0, len(text), width)]
    pieces: list[str] = []
    current, used = "", 0
    for char in text:
        size = cell_len(char)
        if used + size > width and current:
            pieces.append(current)
            current, used = "", 0
        current += char
        used += size
    pieces.append(current)
    return pieces


class _Ansi:
    """Styled, padded cells: Rich's own escape codes, computed once per style."""

    def __init__(self, color: bool) -> None:
        self.color = color
        self._codes: dict[str, tuple[str, str]] = {}

    def style(self, text: str, style: str, width: int) -> str:
        if not self.color:
            return _pad(text, width)
        if style not in self._codes:
            probe = io.StringIO()
            Console(file=probe, force_terminal=True, width=80, highlight=False).print(Text("\0", style=style), end="")
            before, _, after = probe.getvalue().partition("\0")
            self._codes[style] = (before, after)
        before, after = self._codes[style]
        return before + text + after + " " * (width - _cells(text))
