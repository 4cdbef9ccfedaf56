"""Set up a bench that calls an engine directly: the plugins every entry point installs."""

from __future__ import annotations


def install_plugins() -> None:
    """Register the secrets engine's key finder and baseline reader, as the CLI and the API do.

    Without it the masking net fails closed and warns (``MaskingDegraded``) on every snippet,
    and a bench would measure a run no user gets.
    """
    from aisec_cli.secrets import plugin

    plugin.install()
