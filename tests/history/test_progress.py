"""When the progress bar is drawn (only for a person watching a terminal)."""

from __future__ import annotations

import io

from aisec_cli.cli.progress import HistoryProgress, wanted


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_wanted_only_on_an_interactive_terminal() -> None:
    tty = Tty()
    assert wanted(False, tty, {}) is True
    assert wanted(True, tty, {}) is False  # --no-progress
    assert wanted(False, tty, {"CI": "true"}) is False
    assert wanted(False, tty, {"CI": "1"}) is False
    assert wanted(False, tty, {"CI": "false"}) is True
    assert wanted(False, tty, {"PRE_COMMIT": "1"}) is False
    assert wanted(False, tty, {"TERM": "dumb"}) is False
    assert wanted(False, io.StringIO(), {}) is False  # stderr is a pipe or file


def test_disabled_progress_is_inert() -> None:
    with HistoryProgress(False, lambda: 10) as progress:
        progress.update(5, 1)
    assert progress._progress is None


def test_enabled_progress_draws_on_the_given_terminal(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    screen = Tty()
    monkeypatch.setattr("sys.stderr", screen)
    with HistoryProgress(True, lambda: 40) as progress:
        for done in range(0, 41, 10):
            progress.update(done, 2)
    drawn = screen.getvalue()
    assert "scanning history" in drawn and "commits" in drawn and "finding(s)" in drawn
