"""Baselines: findings a team has accepted, stored as hashes only.

File format (JSON, sorted, versioned, no timestamps, no line numbers)::

    {"version": 1, "tool": "aisec",
     "entries": [{"rule": "KEY001", "path": "app/config.py", "fingerprint": "…"}]}

A finding is known when its fingerprint (rule id + path + hash of the match) is listed.
An existing detect-secrets ``.secrets.baseline`` is honoured through
:mod:`aisec_cli.secrets.ds_baseline`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from aisec_cli.core.atomic import write_atomic
from aisec_cli.core.errors import ConfigError
from aisec_cli.core.findings import Finding
from aisec_cli.core.ownfiles import parse_json
from aisec_cli.core.readcap import read_own_text

VERSION = 1


@dataclass(frozen=True, slots=True)
class Baseline:
    fingerprints: frozenset[str]
    detect_secrets: frozenset[tuple[str, str]] = frozenset()  # (path, sha1 of secret)

    def knows(self, finding: Finding) -> bool:
        if finding.fingerprint in self.fingerprints:
            return True
        sha1 = finding.properties.get("_secret_sha1")
        return bool(sha1) and (finding.location.path, sha1) in self.detect_secrets


def render(findings: Iterable[Finding]) -> str:
    entries = sorted(
        {(f.rule_id, f.location.path, f.fingerprint) for f in findings},
    )
    document = {
        "version": VERSION,
        "tool": "aisec",
        "entries": [{"rule": r, "path": p, "fingerprint": fp} for r, p, fp in entries],
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def write(path: Path, findings: Iterable[Finding]) -> None:
    """Write a baseline atomically; a full disk or a read-only folder is one clear error."""
    try:
        write_atomic(path, render(findings))
    except OSError as exc:
        raise ConfigError(f"cannot write baseline file {path}: {exc.strerror or exc}") from None


def load(path: Path) -> Baseline:
    data = parse_json(read_own_text(path, "baseline file"), f"baseline file {path}")
    if isinstance(data, dict) and "results" in data and "version" in data and "entries" not in data:
        from aisec_cli.secrets.ds_baseline import load_detect_secrets

        return Baseline(frozenset(), load_detect_secrets(data, path))
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise ConfigError(f"baseline file {path}: not an aisec baseline (version {VERSION})")
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise ConfigError(f"baseline file {path}: 'entries' must be a list")
    prints: set[str] = set()
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise ConfigError(f"baseline file {path}: every entry needs a 'fingerprint'")
        prints.add(entry["fingerprint"])
    return Baseline(frozenset(prints))
