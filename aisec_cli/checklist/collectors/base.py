"""What engine adapters share: the exceptions that become engine states."""

from __future__ import annotations


class EngineUnavailable(Exception):
    """The engine cannot be imported (not built yet, or a dependency is missing)."""


def unavailable(name: str, exc: BaseException) -> EngineUnavailable:
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return EngineUnavailable(f"engine not available: {name} ({detail})")
