"""Progress on standard error: a bar for history scans, a spinner for every other long command.

Shown only when someone is watching: never with ``--no-progress``, in CI (``CI`` set),
under the pre-commit framework (``PRE_COMMIT`` set), with ``TERM=dumb``, or when
standard error is not a terminal. It shows commits done (of the total, counted in the
background), commits per second and findings so far.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, TextIO

_FALSE = ("", "0", "false", "no", "off")


def wanted(no_progress: bool, stream: TextIO | None = None, env: Mapping[str, str] | None = None) -> bool:
    """True when a progress bar should be drawn."""
    if no_progress:
        return False
    env = os.environ if env is None else env
    if env.get("CI", "").strip().lower() not in _FALSE:
        return False
    if env.get("PRE_COMMIT") or env.get("TERM") == "dumb":
        return False
    stream = sys.stderr if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class HistoryProgress:
    """Context manager; pass :meth:`update` as the scan's progress callback."""

    def __init__(self, enabled: bool, total: Callable[[], int | None] | None = None, label: str = "commits") -> None:
        self.enabled = enabled
        self._total = total
        self._label = label
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> HistoryProgress:
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            TextColumn("[bold]aisec[/] scanning history"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(self._label),
            TextColumn("{task.fields[rate]}"),
            TextColumn("{task.fields[findings]} finding(s)"),
            TimeElapsedColumn(),
            console=Console(file=sys.stderr),
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task("history", total=None, rate="", findings=0)
        if self._total is not None:
            threading.Thread(target=self._count, name="aisec-count", daemon=True).start()
        return self

    def _count(self) -> None:
        assert self._total is not None
        try:
            total = self._total()
        except Exception:  # noqa: BLE001 - the bar simply stays open-ended
            return
        if total is not None and self._progress is not None:
            self._progress.update(self._task, total=total)

    def update(self, commits: int, findings: int) -> None:
        if self._progress is None:
            return
        elapsed = self._progress.tasks[0].elapsed or 0.0
        rate = f"{commits / elapsed:,.0f}/s" if elapsed > 0.5 else ""
        self._progress.update(self._task, completed=commits, rate=rate, findings=findings)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


_ACTIVE: list[Spinner] = []


class Spinner:
    """A spinner with the elapsed time on standard error while a command works.

    It appears only after ``delay`` seconds (a quick run never flickers) and disappears without
    a trace; :func:`stop_active` takes it down before anything is written.
    """

    def __init__(self, label: str, enabled: bool, delay: float = 0.4) -> None:
        self.label = label
        self.enabled = enabled
        self._delay = delay
        self._live: Any = None
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._stopped = False

    def __enter__(self) -> Spinner:
        if self.enabled:
            _ACTIVE.append(self)
            self._timer = threading.Timer(self._delay, self._start)
            self._timer.daemon = True
            self._timer.start()
        return self

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with self._lock:
            if self._stopped:
                return
            self._live = Progress(
                SpinnerColumn(),
                TextColumn(f"[bold]aisec[/] {self.label}"),
                TimeElapsedColumn(),
                console=Console(file=sys.stderr),
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._live.add_task(self.label, total=None)
            self._live.start()

    @property
    def shown(self) -> bool:
        return self._live is not None

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._timer is not None:
                self._timer.cancel()
            if self._live is not None:
                self._live.stop()
                self._live = None
        if self in _ACTIVE:
            _ACTIVE.remove(self)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def stop_active() -> None:
    """Take down any spinner before output is written (no interleaving on the terminal)."""
    for spinner in list(_ACTIVE):
        spinner.stop()
