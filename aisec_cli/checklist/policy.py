"""The policy file: what only the team knows, with dates that expire.

Read from ``.aisec/policy.yaml`` (or ``.yml``), else the ``[tool.aisec.policy]`` table of the
configuration, validated against ``rules/schema/policy.schema.json``. Dates may be written as
YAML/TOML dates or ``"YYYY-MM-DD"`` strings; they are compared with the run's ``--as-of``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from aisec_cli.core.errors import ConfigError
from aisec_cli.core.rules import rules_dir
from aisec_cli.core.ownfiles import parse_by_suffix
from aisec_cli.core.readcap import read_own_text

POLICY_FILES = (".aisec/policy.yaml", ".aisec/policy.yml")


@dataclass(frozen=True, slots=True)
class KeyClaim:
    name: str
    provider: str = ""
    environments: tuple[str, ...] = ()
    storage: str = ""
    reference: str = ""
    last_rotated: dt.date | None = None
    rotation_days: int | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class RevokedLeak:
    revoked_on: dt.date
    fingerprint: str = ""
    commit: str = ""
    path: str = ""
    line: int = 0

    def matches(self, rule_id: str, fingerprint: str, commit: str, path: str) -> bool:
        """Does this record name the leak ``(rule_id, fingerprint, commit, path)``?"""
        if self.fingerprint:
            wanted = self.fingerprint.strip()
            if ":" in wanted:
                prefix, _, wanted = wanted.partition(":")
                if prefix and prefix.upper() != rule_id.upper():
                    return False
            wanted = wanted.rstrip("…").rstrip(".").lower()
            if len(wanted) < 8 or not fingerprint.lower().startswith(wanted):
                return False
        if self.commit and not (commit and commit.lower().startswith(self.commit.lower())):
            return False
        if self.path and self.path.strip("/") != path.strip("/"):
            return False
        return bool(self.fingerprint or self.commit)


@dataclass(frozen=True, slots=True)
class DocClaim:
    document: str
    last_reviewed: dt.date | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Attestation:
    """rate_limiting / content_filtering: who enforces it, keyed on what, checked when."""

    enforced_by: str
    per: str = ""
    reference: str = ""
    tool: str = ""
    verified_on: dt.date | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Budget:
    provider: str
    daily_usd: float | None = None
    monthly_usd: float | None = None
    enforced_by: str = ""
    reference: str = ""
    verified_on: dt.date | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Monitoring:
    anomaly_alerts: tuple[str, ...] = ()
    tool: str = ""
    reference: str = ""
    verified_on: dt.date | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Policy:
    """A validated policy. ``None`` for a section means the section is absent."""

    source: str  # display path of the file ("pyproject.toml [tool.aisec.policy]" for a table)
    path: str  # repository-relative path for evidence locations ("" when outside the root)
    owner: str = ""
    keys: tuple[KeyClaim, ...] | None = None
    revoked_leaks: tuple[RevokedLeak, ...] = ()
    data_classification: DocClaim | None = None
    rate_limiting: Attestation | None = None
    content_filtering: Attestation | None = None
    budgets: tuple[Budget, ...] | None = None
    monitoring: Monitoring | None = None
    first_line: int = 1
    scope: str = ""  # "" (detect) | service | example
    byok: bool | None = None  # None: detect
    scope_line: int = 0


@cache
def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((rules_dir() / "schema" / "policy.schema.json").read_text(encoding="utf-8"))
    return loaded


def _plain(value: Any) -> Any:
    """Dates as ``YYYY-MM-DD`` strings, mappings and lists copied (schema-ready)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def validate(data: Any, origin: str) -> dict[str, Any]:
    """Schema-check a parsed policy; the first problem becomes a :class:`ConfigError`."""
    import jsonschema

    plain = _plain(data)
    if not isinstance(plain, dict):
        raise ConfigError(f"{origin}: a policy is a mapping with at least 'version: 1'")
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(plain), key=lambda e: [str(p) for p in e.path])
    if errors:
        err = errors[0]
        where = "/".join(str(p) for p in err.path) or "(top)"
        raise ConfigError(f"{origin}: invalid policy at {where}: {err.message}")
    _check_dates(plain, origin, "")
    return plain


def _check_dates(value: Any, origin: str, where: str) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            path = f"{where}/{k}" if where else k
            if k in ("last_rotated", "revoked_on", "last_reviewed", "verified_on") and isinstance(v, str):
                try:
                    dt.date.fromisoformat(v)
                except ValueError:
                    raise ConfigError(f"{origin}: invalid policy at {path}: {v!r} is not a calendar date") from None
            _check_dates(v, origin, path)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_dates(v, origin, f"{where}/{i}")


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


class _Lines:
    """Find the line of a claim in the policy text (for ``path:line`` evidence)."""

    def __init__(self, text: str, base: int = 1) -> None:
        self.lines = text.splitlines()
        self.base = base

    def find(self, *needles: str, after: int = 0) -> int:
        for needle in needles:
            if not needle:
                continue
            for index in range(max(after - self.base, 0), len(self.lines)):
                if needle in self.lines[index]:
                    return index + self.base
        return 0


def build(data: Mapping[str, Any], source: str, path: str, text: str = "", base_line: int = 1) -> Policy:
    """A :class:`Policy` from validated data (dates as strings)."""
    lines = _Lines(text, base_line)
    keys: tuple[KeyClaim, ...] | None = None
    if "keys" in data:
        claims = []
        for raw in data.get("keys") or []:
            env = raw.get("environment")
            envs = tuple(env) if isinstance(env, list) else ((env,) if env else ())
            claims.append(
                KeyClaim(
                    name=str(raw["name"]),
                    provider=str(raw.get("provider", "")),
                    environments=tuple(str(e) for e in envs),
                    storage=str(raw.get("storage", "")),
                    reference=str(raw.get("reference", "")),
                    last_rotated=_date(raw.get("last_rotated")),
                    rotation_days=raw.get("rotation_days"),
                    line=lines.find(*_spellings("name", raw["name"]), str(raw["name"])),
                )
            )
        keys = tuple(claims)
    leaks = tuple(
        RevokedLeak(
            revoked_on=_date(raw["revoked_on"]) or dt.date.min,
            fingerprint=str(raw.get("fingerprint", "")),
            commit=str(raw.get("commit", "")),
            path=str(raw.get("path", "")),
            line=lines.find(str(raw.get("fingerprint", "")) or str(raw.get("commit", ""))),
        )
        for raw in data.get("revoked_leaks") or []
    )
    doc = None
    if isinstance(data.get("data_classification"), Mapping):
        raw = data["data_classification"]
        doc = DocClaim(str(raw["document"]), _date(raw.get("last_reviewed")), lines.find("data_classification"))
    rate = _attestation(data.get("rate_limiting"), lines.find("rate_limiting"))
    content = _attestation(data.get("content_filtering"), lines.find("content_filtering"))
    budgets: tuple[Budget, ...] | None = None
    if "budgets" in data:
        start = lines.find("budgets")
        budgets = tuple(
            Budget(
                provider=str(raw["provider"]),
                daily_usd=_number(raw.get("daily_usd")),
                monthly_usd=_number(raw.get("monthly_usd")),
                enforced_by=str(raw.get("enforced_by", "")),
                reference=str(raw.get("reference", "")),
                verified_on=_date(raw.get("verified_on")),
                line=lines.find(*_spellings("provider", raw["provider"]), after=start) or start,
            )
            for raw in data.get("budgets") or []
        )
    monitoring = None
    if isinstance(data.get("monitoring"), Mapping):
        raw = data["monitoring"]
        monitoring = Monitoring(
            anomaly_alerts=tuple(str(a) for a in raw.get("anomaly_alerts") or ()),
            tool=str(raw.get("tool", "")),
            reference=str(raw.get("reference", "")),
            verified_on=_date(raw.get("verified_on")),
            line=lines.find("monitoring"),
        )
    return Policy(
        source=source,
        path=path,
        owner=str(data.get("owner", "")),
        keys=keys,
        revoked_leaks=leaks,
        data_classification=doc,
        rate_limiting=rate,
        content_filtering=content,
        budgets=budgets,
        monitoring=monitoring,
        first_line=base_line,
        scope=str(data.get("scope", "")),
        byok=bool(data["byok"]) if "byok" in data else None,
        scope_line=lines.find("scope:", "byok:"),
    )


def _spellings(key: str, value: Any) -> tuple[str, ...]:
    """How ``key: value`` may be written in YAML or TOML."""
    text = str(value)
    return (f"{key}: {text}", f'{key}: "{text}"', f"{key}: '{text}'", f'{key} = "{text}"', f"{key} = '{text}'", f"{key}={text}")


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _attestation(raw: Any, line: int) -> Attestation | None:
    if not isinstance(raw, Mapping):
        return None
    return Attestation(
        enforced_by=str(raw["enforced_by"]),
        per=str(raw.get("per", "")),
        reference=str(raw.get("reference", "")),
        tool=str(raw.get("tool", "")),
        verified_on=_date(raw.get("verified_on")),
        line=line,
    )


def _exists(path: Path) -> bool:
    """Is there anything at ``path`` (a dangling link or a device counts: reading it says why)?"""
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return True


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return ""


def load_policy(
    root: Path,
    explicit: Path | None = None,
    table: Mapping[str, Any] | None = None,
    config_path: Path | None = None,
) -> Policy | None:
    """The policy that applies to ``root``: an explicit file, ``.aisec/policy.yaml``, or the
    ``[tool.aisec.policy]`` table. ``None`` when there is none."""
    candidates: Sequence[Path] = [explicit] if explicit is not None else [root / name for name in POLICY_FILES]
    for path in candidates:
        if explicit is None and not _exists(path):
            continue
        text = read_own_text(path, "policy file")
        origin = _relative(path, root) or str(path)
        data = parse_by_suffix(text, path, origin)
        if data is None:
            raise ConfigError(f"{origin}: the policy file is empty (it needs at least 'version: 1')")
        plain = validate(data, origin)
        return build(plain, origin, _relative(path, root), text)
    if table:
        origin = f"{config_path.name if config_path else 'configuration'} [tool.aisec.policy]"
        plain = validate(dict(table), origin)
        text = ""
        base = 1
        rel = ""
        if config_path is not None:
            try:
                text = read_own_text(config_path, "config file")
            except ConfigError:
                text = ""
            rel = _relative(config_path, root)
            for index, line in enumerate(text.splitlines()):
                if line.strip().startswith("[tool.aisec.policy") or line.strip() == "[policy]":
                    base = index + 1
                    text = "\n".join(text.splitlines()[index:])
                    break
        return build(plain, origin, rel, text, base)
    return None


def parse_as_of(value: str | dt.date | None) -> dt.date:
    """``--as-of``: a ``YYYY-MM-DD`` date (default: today)."""
    if value is None or value == "":
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ConfigError(f"--as-of: expected a date as YYYY-MM-DD, got {value!r}") from None


def age_days(when: dt.date, as_of: dt.date) -> int:
    return (as_of - when).days
