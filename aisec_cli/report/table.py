"""The human report: a Rich table and a summary line (the default on a terminal)."""

from __future__ import annotations

import io

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from aisec_cli.core.findings import MESSAGE_BEING_WRITTEN, Finding, Report, Severity
from aisec_cli.report.common import (
    incomplete_line,
    keeping_advice,
    one_line,
    rules_for,
    severity_counts,
    verification_of,
    verified_run,
)

_STYLE = {
    Severity.CRITICAL: "bold red",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}

_VERIFIED_STYLE = {"live": "bold red", "invalid": "green", "unknown": "yellow", "unsupported": "dim"}


FAST_ROWS = 500  # above this, rows are laid out here: Rich spends ~2 ms per row (700k rows: 20 min)
NARROW = 110  # below this width the evidence goes under the message, in the same cell
_HEADERS = ("Rule", "Severity", "Location", "What", "Evidence")
_FOLDS = (False, False, True, True, True)
_MAX_HINTS = 12


def render(
    report: Report, color: bool | None = None, width: int | None = None, hints: bool = True, **_: object
) -> str:
    width = max(width or 160, 40)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=bool(color),
        no_color=not color,
        width=width,
        highlight=False,
        soft_wrap=False,
    )
    verified = verified_run(report)
    narrow = width < NARROW
    rows = _rows(report, verified, width, narrow)
    if not any(r[4] for r in rows):
        narrow = True  # no evidence to show (it is in the message): no empty column
    headers = _HEADERS[:4] if narrow else _HEADERS
    if verified:
        headers += ("Verified",)
    if len(rows) > FAST_ROWS:
        buffer.write(_fast_table(rows, headers, width, bool(color)))
    elif rows:
        table = Table(show_lines=narrow and width < NARROW, header_style="bold", expand=False)
        table.add_column("Rule", no_wrap=True)
        table.add_column("Severity", no_wrap=True)
        table.add_column("Location", overflow="fold", max_width=max(16, width // 4))
        table.add_column("What", overflow="fold")
        if not narrow:
            table.add_column("Evidence", overflow="fold")
        if verified:
            table.add_column("Verified", no_wrap=True)
        for row in rows:
            # Text, not str: a file name or snippet is never read as Rich markup
            cells: list[str | Text] = [row[0], Text(row[1], style=_STYLE[Severity(row[1])]), Text(row[2])]
            if narrow:
                what = Text(row[3])
                if row[4]:
                    what.append("\n" + row[4], style="dim")
                cells.append(what)
            else:
                cells += [Text(row[3]), Text(row[4])]
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
    excluded = report.stats.get("files_excluded")
    if excluded:  # a config that narrows a gate shows on every run
        summary += f", {excluded} excluded by exclude patterns"
    if report.suppressed:
        summary += f", {len(report.suppressed)} suppressed"
    seconds = report.stats.get("seconds")
    if seconds is not None:
        summary += f" [{seconds:.2f}s]"
    if hints and report.findings:
        for line in _hints(report):
            console.print(line)
    style = "bold red" if report.findings or report.incomplete else "bold green"
    console.print(Text(summary, style=style))
    if report.incomplete:
        console.print(Text(one_line(incomplete_line(report)), style="bold red"))
    return buffer.getvalue()


def _hints(report: Report) -> list[Text]:
    """Under the table, once per rule: how to fix it, how to silence it on its line, ``--fix``."""
    if report.extra.get(MESSAGE_BEING_WRITTEN):  # the rules' fixes speak of files and history
        return [Text(advice, style="dim") for advice in keeping_advice(report)]
    rules = rules_for(report)
    fixable = _fixable(report.command)
    seen: list[str] = []
    for finding in report.findings:
        if finding.rule_id not in seen:
            seen.append(finding.rule_id)
    lines: list[Text] = []
    for rule_id in seen[:_MAX_HINTS]:
        rule = rules.get(rule_id)
        fix = _first_sentence(rule.docs.fix if rule is not None else "")
        line = Text(f"{rule_id}", style="bold")
        line.append(f" fix: {fix}" if fix else " fix: see `aisec rules explain " + rule_id + "`")
        if rule_id in fixable:
            line.append(" `aisec lint --fix` does it for you.", style="green")
        lines.append(line)
    if len(seen) > _MAX_HINTS:
        lines.append(Text(f"… and {len(seen) - _MAX_HINTS} more rule(s): `aisec rules explain RULE`", style="dim"))
    lines.extend(Text(advice, style="dim") for advice in keeping_advice(report))
    return lines


def _fixable(command: str) -> frozenset[str]:
    if command != "lint":
        return frozenset()
    from aisec_cli.lint.fixes import FIXABLE

    return frozenset(FIXABLE)


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    cut = text.find(". ")
    return text if cut < 0 else text[: cut + 1]


def _rows(report: Report, verified: bool, width: int = 160, narrow: bool = False) -> list[tuple[str, ...]]:
    """One tuple of cell texts per finding: rule, severity, location, what, evidence[, verified]."""
    rows = []
    locations = [_location(f) for f in report.findings]
    loc_width = min(max((_cells(x) for x in locations), default=8), max(16, width // 4))
    # the evidence gets one line: under the message (narrow) or a quarter of the width
    room = width - 13 - 6 - 8 - loc_width if narrow else max(16, width // 4)
    for f, loc in zip(report.findings, locations):
        what = str(f.properties.get("provider") or f.properties.get("category") or f.properties.get("entity") or "")
        message = f.message
        snippet = one_line(f.snippet)
        masked = f.properties.get("masked")
        if snippet and snippet in message:
            snippet = ""  # the message already shows it: the masked key once, not twice
        elif isinstance(masked, str) and masked and masked in snippet:
            message = message.replace(f" `{masked}`", "").replace(f" {masked}", "")
        what = f"{what}: {message}" if what and what not in message else message
        row: tuple[str, ...] = (f.rule_id, f.severity.value, one_line(loc), one_line(what), _truncate(snippet, room))
        if verified:
            row += (verification_of(f) or "",)
        rows.append(row)
    return rows


def _location(f: Finding) -> str:
    loc = f"{f.location.path}:{f.location.line}:{f.location.column}"
    if f.commit is not None:
        loc += f" @ {f.commit.sha[:10]}"
    return loc


def _truncate(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` cells, cut with an ellipsis."""
    width = max(width, 8)
    if _cells(text) <= width:
        return text
    out, used = "", 0
    for char in text:
        size = cell_len(char)
        if used + size > width - 1:
            break
        out += char
        used += size
    return out.rstrip() + "…"


def _cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _fast_table(rows: list[tuple[str, ...]], headers: tuple[str, ...], width: int, color: bool) -> str:
    """The same table as Rich draws (heavy head, folded cells), laid out in linear time."""
    narrow = "Evidence" not in headers
    if narrow:  # evidence under the message, as in Rich's narrow table
        rows = [(r[0], r[1], r[2], r[3] + (" › " + r[4] if r[4] else ""), *r[5:]) for r in rows]
    folds = tuple(h in ("Location", "What", "Evidence") for h in headers)
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
        pieces = [_wrap(cell, w) for cell, w in zip(row, widths)]
        for n in range(max(len(p) for p in pieces)):
            cells = []
            for index, (piece, w) in enumerate(zip(pieces, widths)):
                text = piece[n] if n < len(piece) else ""
                if index == 1 and text:
                    cells.append(" " + ansi.style(text, styles[row[1]], w) + " ")
                elif headers[index] == "Verified" and text:
                    cells.append(" " + ansi.style(text, _VERIFIED_STYLE.get(text, ""), w) + " ")
                else:
                    cells.append(" " + _pad(text, w) + " ")
            out.append("│" + "│".join(cells) + "│\n")
    out.append(line("└", "─", "┴", "┘"))
    return "".join(out)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _cells(text))


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of ``width`` cells, broken between words where it can be."""
    if _cells(text) <= width:
        return [text]
    if " " in text and width > 0:
        lines: list[str] = []
        current = ""
        for word in text.split(" "):
            candidate = f"{current} {word}" if current else word
            if _cells(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            if _cells(word) <= width:
                current = word
            else:  # a word longer than the column: folded
                pieces = _fold(word, width)
                lines.extend(pieces[:-1])
                current = pieces[-1]
        lines.append(current)
        return lines
    return _fold(text, width)


def _fold(text: str, width: int) -> list[str]:
    """``text`` in pieces of ``width`` cells (character by character, as Rich folds)."""
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
