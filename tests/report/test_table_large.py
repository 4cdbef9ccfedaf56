"""The table reporter lays out large reports itself, exactly as Rich draws small ones."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from aisec_cli.core.findings import Finding, Location, Report, Severity
from aisec_cli.report import table


def report(count: int, long: bool = False) -> Report:
    severities = list(Severity)
    findings = tuple(
        Finding(
            rule_id=f"PII{100 + i % 7}",
            severity=severities[i % len(severities)],
            message="E-mail address" + (" with a rather long explanation " * 6 if long and i % 3 == 0 else ""),
            location=Location(f"dir/file{i % 13}.txt", i + 1, i % 40 + 1),
            fingerprint=f"fp{i}",
            snippet="***@******.*** \u4f60\u597d" if i % 5 == 0 else "+** ** **** 0018",
            properties={"entity": "EMAIL"},
        )
        for i in range(count)
    )
    return Report("redact", findings=findings)


@pytest.mark.parametrize("long", [False, True], ids=["fits", "folds"])
def test_fast_layout_matches_rich(monkeypatch: pytest.MonkeyPatch, long: bool) -> None:
    big = report(60, long)
    drawn_by_rich = table.render(big, color=False)
    monkeypatch.setattr(table, "FAST_ROWS", 10)
    laid_out = table.render(big, color=False)
    if not long:
        assert laid_out == drawn_by_rich
    else:  # folding may break lines elsewhere than Rich does; same frame, same text
        lines = [line for line in laid_out.splitlines() if line[:1] in "┏┃┡│└"]  # the frame, not the hints
        widths = {cell_len(line) for line in lines}
        assert len(widths) == 1 and widths.pop() <= 160
        assert len(lines) > 60 + 5  # long cells folded onto extra lines, none cut
        what = "".join(line.split("│")[4].strip() for line in lines if line.startswith("│"))
        assert what.replace(" ", "").count("witharatherlongexplanation") == 20 * 6
    assert laid_out.splitlines()[-1] == drawn_by_rich.splitlines()[-1]  # the summary line


def test_fast_layout_with_color_keeps_every_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table, "FAST_ROWS", 10)
    out = table.render(report(50), color=True)
    assert out.count("dir/file") == 50
    assert "\x1b[" in out


def _fold_by_cells(text: str, width: int) -> list[str]:
    """Folding character by character with Rich's cell widths (the reference)."""
    pieces, current, used = [], "", 0
    for char in text:
        size = cell_len(char)
        if used + size > width and current:
            pieces.append(current)
            current, used = "", 0
        current += char
        used += size
    pieces.append(current)
    return pieces


@pytest.mark.parametrize(
    "text",
    [
        "Attempt to override the instructions (direct_override, score 0.90; text 0.95): negated",
        "x" * 37,
        "tab\\tand \x1b escape and\nnewline " * 3,
        "wide \u4f60\u597d cells and ascii " * 3,
        "",
    ],
)
@pytest.mark.parametrize("width", [1, 7, 8, 20])
def test_folding_splits_cells_as_rich_measures_them(text: str, width: int) -> None:
    folded = table._fold(text, width)
    if cell_len(text) <= width:
        assert folded == [text]
    else:
        assert folded == _fold_by_cells(text, width)
        assert "".join(folded) == text
