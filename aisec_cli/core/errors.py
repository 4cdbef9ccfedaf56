"""Errors that end a run with exit code 2 and a one-line message."""

from __future__ import annotations

import os


class AisecError(Exception):
    """Base class: the message is shown to the user as is."""


class ConfigError(AisecError):
    """Configuration, rule file or command-line value is wrong."""


class UsageError(AisecError):
    """The command was called in a way that cannot work."""


def failure_site(exc: BaseException) -> str:
    """``TypeError at unicode.py:120``: what failed and where, never the message (it may quote input)."""
    import traceback  # only when something failed: not on every start

    frames = traceback.extract_tb(exc.__traceback__)
    site = f" at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{site}"
