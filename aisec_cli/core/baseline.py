"""Baselines: findings a team has accepted, stored as hashes only, one section per engine.

File format (JSON, sorted, versioned, no timestamps, no line numbers)::

    {"version": 2, "tool": "aisec",
     "sections": {"scan": [{"rule": "KEY001", "path": "app/config.py", "fingerprint": "…",
                            "key": "…", "verdict": "false-positive"}],
                  "lint": [...]}}

A finding is known when its fingerprint (rule id + repository path + hash of the match) is
listed in any section, or, for a key (``KEY…`` in scan, ``AIS101`` in lint, ``PII114`` in
redact), when its key fingerprint (repository path + hash of the key) is: one key is one
entry, whichever engine recorded it. ``--write-baseline`` from one engine replaces its own
section and keeps the others. ``verdict`` is what ``aisec baseline audit`` recorded.

Version 1 files (one flat ``entries`` list, paths relative to the folder that was scanned)
are read: an entry whose path is not the finding's repository path is matched when the rule
agrees, the path ends in the entry's path and the fingerprint recomputed under that path from
the finding's match hash is the entry's (a different match in the same file is not known);
the file is rewritten in
version 2 on the next ``--write-baseline`` or ``aisec baseline prune``.
An existing detect-secrets ``.secrets.baseline`` is honoured through the reader the secrets
engine registers here (:func:`register_detect_secrets_reader`, done by
:mod:`aisec_cli.secrets.plugin`, which every entry point loads).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aisec_cli.core.atomic import write_atomic
from aisec_cli.core.errors import ConfigError
from aisec_cli.core.findings import Finding, digest, fingerprint_of_digest
from aisec_cli.core.ownfiles import parse_json
from aisec_cli.core.readcap import read_own_text

VERSION = 2
SECTIONS = ("scan", "lint", "prompts", "redact", "checklist")
VERDICTS = ("true-positive", "false-positive")
_PREFIX_SECTION = (("KEY", "scan"), ("AIS", "lint"), ("PRM", "prompts"), ("PII", "redact"), ("CHK", "checklist"))
_FIELDS = ("rule", "path", "fingerprint", "key", "verdict", "legacy")


# The secrets engine's reader of a detect-secrets baseline: (parsed JSON, path) → (path, sha1) pairs.
DetectSecretsReader = Callable[[dict[str, Any], Path], frozenset[tuple[str, str]]]
_DETECT_SECRETS: list[DetectSecretsReader] = []


def register_detect_secrets_reader(reader: DetectSecretsReader) -> None:
    """Let :func:`load` read detect-secrets baselines with ``reader`` (the last one wins)."""
    _DETECT_SECRETS[:] = [reader]


def _read_detect_secrets(data: dict[str, Any], path: Path) -> Baseline:
    if not _DETECT_SECRETS:
        raise ConfigError(
            f"baseline file {path}: a detect-secrets baseline, and no reader for it is loaded "
            "(load aisec_cli.secrets.plugin; aisec_cli.api and the command line do)"
        )
    return Baseline(detect_secrets=_DETECT_SECRETS[0](data, path))


def section_of_rule(rule_id: str) -> str:
    """The engine section a rule id belongs to (by its family prefix; default ``scan``)."""
    for prefix, section in _PREFIX_SECTION:
        if rule_id.upper().startswith(prefix):
            return section
    return "scan"


def section_of_command(command: str) -> str:
    """The section a command's ``--write-baseline`` replaces."""
    return command if command in SECTIONS else "scan"


def key_fingerprint(finding: Finding) -> str | None:
    """The identity of the key a finding reports (same in scan, lint and redact), else None."""
    secret = finding.properties.get("_secret_digest")
    if not isinstance(secret, str) or not secret:
        return None
    return digest(f"key\0{finding.location.path}\0{secret}")[:32]


def cross_reference(finding: Finding) -> Finding:
    """``finding`` with its public ``key_fingerprint`` (the cross-engine reference) when it reports a key."""
    key = key_fingerprint(finding)
    if key is None or finding.properties.get("key_fingerprint") == key:
        return finding
    properties = {**finding.properties, "key_fingerprint": key}
    return Finding(
        finding.rule_id, finding.severity, finding.message, finding.location, finding.fingerprint,
        finding.snippet, finding.commit, properties, finding.suppression,
    )


@dataclass(frozen=True, slots=True)
class Entry:
    rule: str
    path: str
    fingerprint: str
    key: str = ""
    verdict: str = ""
    legacy: bool = False  # read from a version 1 file: path relative to the folder scanned then

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"rule": self.rule, "path": self.path, "fingerprint": self.fingerprint}
        if self.key:
            data["key"] = self.key
        if self.verdict:
            data["verdict"] = self.verdict
        if self.legacy:
            data["legacy"] = True
        return data

    def matches(self, finding: Finding) -> bool:
        if finding.fingerprint == self.fingerprint:
            return True
        if self.key and self.key == key_fingerprint(finding):
            return True
        if self.legacy and self.rule == finding.rule_id:
            # written under a path relative to the folder scanned then: the same rule, a path
            # ending in the old one, and the very match the entry recorded
            path = finding.location.path
            recorded = finding.properties.get("_match_digest")
            return (
                path != self.path
                and path.endswith("/" + self.path)
                and isinstance(recorded, str)
                and fingerprint_of_digest(self.rule, self.path, recorded) == self.fingerprint
            )
        return False


@dataclass(frozen=True, slots=True)
class Baseline:
    detect_secrets: frozenset[tuple[str, str]] = frozenset()  # (path, sha1 of secret)
    sections: Mapping[str, tuple[Entry, ...]] = field(default_factory=dict)
    # the entries by fingerprint and by key fingerprint (the first in file order), and the
    # version 1 entries: a finding is looked up, not compared with every entry
    _index: tuple[dict[str, tuple[int, Entry]], dict[str, tuple[int, Entry]], tuple[tuple[int, Entry], ...]] = field(
        default=({}, {}, ()), init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        by_fingerprint: dict[str, tuple[int, Entry]] = {}
        by_key: dict[str, tuple[int, Entry]] = {}
        legacy: list[tuple[int, Entry]] = []
        order = 0
        for entries in self.sections.values():
            for entry in entries:
                by_fingerprint.setdefault(entry.fingerprint, (order, entry))
                if entry.key:
                    by_key.setdefault(entry.key, (order, entry))
                if entry.legacy:
                    legacy.append((order, entry))
                order += 1
        object.__setattr__(self, "_index", (by_fingerprint, by_key, tuple(legacy)))

    def knows(self, finding: Finding) -> bool:
        return self.entry_for(finding) is not None or self._detect_secrets_knows(finding)

    def entry_for(self, finding: Finding) -> Entry | None:
        """The first entry (in file order) that knows ``finding``: by its fingerprint, by the
        key it reports, or (version 1 entries) by its rule, path and match."""
        by_fingerprint, by_key, legacy = self._index
        key = key_fingerprint(finding)
        found = [
            hit
            for hit in (by_fingerprint.get(finding.fingerprint), by_key.get(key) if key else None)
            if hit is not None and hit[1].matches(finding)
        ]
        first = min(found, key=lambda hit: hit[0]) if found else None
        for order, entry in legacy:
            if first is not None and order > first[0]:
                break
            if entry.matches(finding):
                return entry
        return first[1] if first is not None else None

    def _detect_secrets_knows(self, finding: Finding) -> bool:
        sha1 = finding.properties.get("_secret_sha1")
        return bool(sha1) and (finding.location.path, sha1) in self.detect_secrets

    def entries(self) -> list[tuple[str, Entry]]:
        return [(name, e) for name in sorted(self.sections) for e in self.sections[name]]


def entry_of(finding: Finding, verdict: str = "") -> Entry:
    return Entry(finding.rule_id, finding.location.path, finding.fingerprint, key_fingerprint(finding) or "", verdict)


def render(findings: Iterable[Finding], section: str | None = None, keep: Baseline | None = None) -> str:
    """The file text: ``findings`` in their section (``section``, else by rule id), ``keep``'s other sections."""
    fresh: dict[str, dict[str, Entry]] = {}
    old_verdicts = {
        e.fingerprint: e.verdict for _, e in (keep.entries() if keep else []) if e.verdict
    }
    for finding in findings:
        name = section or section_of_rule(finding.rule_id)
        entry = entry_of(finding, old_verdicts.get(finding.fingerprint, ""))
        fresh.setdefault(name, {})[entry.fingerprint] = entry
    sections: dict[str, list[Entry]] = {}
    replaced = {section} if section else set(fresh)
    for name, entries in (keep.sections if keep else {}).items():
        if name not in replaced and entries:
            sections[name] = list(entries)
    for name, entries in fresh.items():
        sections[name] = list(entries.values())
    return dump(sections)


def dump(sections: Mapping[str, Sequence[Entry]]) -> str:
    document = {
        "version": VERSION,
        "tool": "aisec",
        "sections": {
            name: [e.as_dict() for e in sorted(entries, key=lambda e: (e.path, e.rule, e.fingerprint))]
            for name, entries in sorted(sections.items())
            if entries
        },
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def write(path: Path, findings: Iterable[Finding], section: str | None = None) -> None:
    """Write ``section`` of a baseline atomically, keeping the file's other sections.

    A full disk or a read-only folder is one clear error.
    """
    try:
        keep = load(path) if _exists(path) else None
    except ConfigError:
        keep = None  # not a baseline (yet): replaced, as --write-baseline always did
    if keep is not None and not keep.sections and keep.detect_secrets:
        keep = None  # a detect-secrets file is replaced by an aisec one only when asked to
    save(path, render(findings, section, keep))


def save(path: Path, text: str) -> None:
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise ConfigError(f"cannot write baseline file {path}: {exc.strerror or exc}") from None


def _exists(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def load(path: Path) -> Baseline:
    data = parse_json(read_own_text(path, "baseline file"), f"baseline file {path}")
    if isinstance(data, dict) and "results" in data and "version" in data and "entries" not in data and "sections" not in data:
        return _read_detect_secrets(data, path)
    if not isinstance(data, dict) or data.get("version") not in (1, VERSION):
        raise ConfigError(f"baseline file {path}: not an aisec baseline (version 1 or {VERSION})")
    sections: dict[str, list[Entry]] = {}
    if data["version"] == 1:
        raw = data.get("entries")
        if not isinstance(raw, list):
            raise ConfigError(f"baseline file {path}: 'entries' must be a list")
        for item in raw:
            entry = _entry(item, path, legacy=True)
            sections.setdefault(section_of_rule(entry.rule), []).append(entry)
    else:
        raw_sections = data.get("sections")
        if not isinstance(raw_sections, dict):
            raise ConfigError(f"baseline file {path}: 'sections' must be a table of lists")
        for name, items in raw_sections.items():
            if name not in SECTIONS or not isinstance(items, list):
                raise ConfigError(f"baseline file {path}: unknown section '{name}' (known: {', '.join(SECTIONS)})")
            sections[name] = [_entry(item, path) for item in items]
    return Baseline(sections={name: tuple(entries) for name, entries in sections.items()})


def _entry(item: Any, path: Path, legacy: bool = False) -> Entry:
    if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
        raise ConfigError(f"baseline file {path}: every entry needs a 'fingerprint'")
    unknown = sorted(set(item) - set(_FIELDS))
    if unknown:
        raise ConfigError(f"baseline file {path}: unknown entry field '{unknown[0]}'")
    verdict = item.get("verdict", "")
    if verdict and verdict not in VERDICTS:
        raise ConfigError(f"baseline file {path}: verdict must be one of {', '.join(VERDICTS)}, got {verdict!r}")
    return Entry(
        str(item.get("rule", "")),
        str(item.get("path", "")),
        item["fingerprint"],
        str(item.get("key", "")),
        verdict,
        legacy or bool(item.get("legacy", False)),
    )


def apply(path: Path | None, findings: Sequence[Finding]) -> tuple[list[Finding], list[Finding]]:
    """Split ``findings`` into (still reported, known to the baseline at ``path``)."""
    if path is None:
        return list(findings), []
    known = load(path)
    still: list[Finding] = []
    quiet: list[Finding] = []
    for finding in findings:
        if known.knows(finding):
            quiet.append(finding.with_suppression("baseline"))
        else:
            still.append(finding)
    return still, quiet


def prune(path: Path, alive: Iterable[Finding], keep: Iterable[str] = ()) -> tuple[int, int]:
    """Drop the entries no finding in ``alive`` matches (sections in ``keep`` are left whole);
    rewrite the file in the current version. Returns (entries kept, entries dropped)."""
    base = load(path)
    findings = list(alive)
    spared = set(keep)
    kept: dict[str, list[Entry]] = {}
    dropped = 0
    for name, entry in base.entries():
        if name in spared:
            kept.setdefault(name, []).append(entry)
            continue
        match = next((f for f in findings if entry.matches(f)), None)
        if match is None:
            dropped += 1
            continue
        fresh = entry_of(match, entry.verdict) if entry.legacy else entry
        kept.setdefault(name, []).append(fresh)
    save(path, dump(kept))
    return sum(len(v) for v in kept.values()), dropped
