"""Adapter to detect-secrets: read an existing ``.secrets.baseline`` with its own code.

Only the results are read: the baseline's ``plugins_used``/``filters_used`` are dropped
before loading, because detect-secrets can import code named there (a repository must not
be able to make aisec run its files).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aisec_cli.core.errors import ConfigError


def load_detect_secrets(data: dict[str, Any], path: Path) -> frozenset[tuple[str, str]]:
    """(filename, sha1-of-secret) pairs listed in a detect-secrets baseline."""
    from detect_secrets.core.secrets_collection import SecretsCollection
    from detect_secrets.settings import transient_settings

    results = data.get("results", {})
    if not isinstance(results, dict) or not all(isinstance(v, list) for v in results.values()):
        raise ConfigError(f"{path}: not a valid detect-secrets baseline ('results' maps file names to lists)")
    results_only = {"results": results}
    try:
        with transient_settings({"plugins_used": [], "filters_used": []}):
            collection = SecretsCollection.load_from_baseline(results_only)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{path}: not a valid detect-secrets baseline ({exc})") from None
    pairs = set()
    for filename, secrets in collection.data.items():
        for secret in secrets:
            pairs.add((Path(filename).as_posix(), secret.secret_hash))
    return frozenset(pairs)


def secret_sha1(secret: str) -> str:
    """The hash detect-secrets stores for a secret (SHA-1 of the value)."""
    from hashlib import sha1

    return sha1(secret.encode("utf-8"), usedforsecurity=False).hexdigest()
