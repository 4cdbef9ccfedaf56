"""A hard time limit for one block of a test: a hang becomes a failure, not a stuck suite."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def hang_guard(seconds: int = 60) -> Iterator[None]:
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"ran over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
