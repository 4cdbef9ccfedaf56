"""Errors that end a run with exit code 2 and a one-line message."""

from __future__ import annotations


class AisecError(Exception):
    """Base class: the message is shown to the user as is."""


class ConfigError(AisecError):
    """Configuration, rule file or command-line value is wrong."""


class UsageError(AisecError):
    """The command was called in a way that cannot work."""
