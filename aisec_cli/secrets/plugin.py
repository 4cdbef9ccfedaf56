"""What the secrets engine lends the core: the masking net's key finder and the detect-secrets baseline reader.

:func:`install` registers both (in :mod:`aisec_cli.core.evidence` and
:mod:`aisec_cli.core.baseline`), so the core never imports an engine. Every entry point calls
it (the command line, :mod:`aisec_cli.api`, the git hook); a program that calls an engine
directly calls it too. It is cheap: the secrets rules are compiled on the first text that may
hold a key, detect-secrets on the first such baseline.
"""

from __future__ import annotations

from aisec_cli.core import baseline, evidence
from aisec_cli.secrets.ds_baseline import load_detect_secrets


def find_keys(text: str) -> list[tuple[int, int]]:
    """(start, end) of every provider key in ``text``, by the bundled secrets rules."""
    from aisec_cli.secrets.engine import default_engine  # compiled once per process, on first use

    return [(start, end) for start, end, _rule, _provider in default_engine().find_spans(text)]


def install() -> None:
    """Register the key finder and the detect-secrets reader in the core (idempotent)."""
    if evidence.key_finder() is None:
        evidence.register_key_finder(find_keys)
    baseline.register_detect_secrets_reader(load_detect_secrets)
