"""Checklist options: ``[tool.aisec.checklist]`` with the command line on top."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from aisec_cli.checklist.catalog import ITEM_IDS
from aisec_cli.checklist.policy import parse_as_of
from aisec_cli.core.config import Settings
from aisec_cli.core.errors import ConfigError

FAIL_ON = ("fail", "warn", "manual")

_KEYS = frozenset(
    {
        "fail-on",
        "strict",
        "min-score",
        "history",
        "policy",
        "rotation-days",
        "rotation-warn-days",
        "attestation-days",
        "review-days",
        "items",
    }
)
_ITEM_KEYS = frozenset({"required", "skip"})


@dataclass(frozen=True, slots=True)
class ItemConfig:
    required: bool | None = None  # True: must PASS; False: never fails the gate
    skip: str | None = None  # reason the team gives for not applying the item


@dataclass(frozen=True, slots=True)
class ChecklistOptions:
    """Everything that decides statuses and the gate, besides the evidence itself."""

    as_of: dt.date
    fail_on: str = "fail"
    strict: bool = False
    min_score: float | None = None
    history: bool = True
    policy_path: Path | None = None
    rotation_days: int = 90
    rotation_warn_days: int = 14
    attestation_days: int = 90
    review_days: int = 365
    items: Mapping[str, ItemConfig] = field(default_factory=lambda: MappingProxyType({}))

    def item(self, item_id: str) -> ItemConfig:
        return self.items.get(item_id, ItemConfig())

    def evolve(self, **changes: Any) -> ChecklistOptions:
        return replace(self, **changes)


def _positive_int(value: Any, key: str, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(f"{where}: checklist.{key}: expected a whole number >= 1, got {value!r}")
    return value


def parse_fail_on(value: Any, key: str = "--fail-on") -> str:
    text = str(value).strip().lower()
    if text not in FAIL_ON:
        raise ConfigError(f"{key}: expected one of {', '.join(FAIL_ON)}, got {value!r}")
    return text


def parse_min_score(value: Any, key: str = "--min-score") -> float:
    if isinstance(value, bool):
        raise ConfigError(f"{key}: expected a number from 0 to 100, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{key}: expected a number from 0 to 100, got {value!r}") from None
    if not 0 <= number <= 100:
        raise ConfigError(f"{key}: expected a number from 0 to 100, got {value!r}")
    return number


def options_from(settings: Settings, as_of: dt.date) -> ChecklistOptions:
    """Options from the ``checklist`` section of the configuration (unknown keys are errors)."""
    section: Mapping[str, Any] = settings.section("checklist")
    where = str(settings.config_path) if settings.config_path else "configuration"
    for key in section:
        if key not in _KEYS:
            raise ConfigError(f"{where}: unknown key 'checklist.{key}' (known: {', '.join(sorted(_KEYS))})")
    values: dict[str, Any] = {"as_of": as_of}
    if "fail-on" in section:
        values["fail_on"] = parse_fail_on(section["fail-on"], f"{where}: checklist.fail-on")
    if "strict" in section:
        if not isinstance(section["strict"], bool):
            raise ConfigError(f"{where}: checklist.strict: expected true or false")
        values["strict"] = section["strict"]
    if "min-score" in section:
        values["min_score"] = parse_min_score(section["min-score"], f"{where}: checklist.min-score")
    if "history" in section:
        if not isinstance(section["history"], bool):
            raise ConfigError(f"{where}: checklist.history: expected true or false")
        values["history"] = section["history"]
    if "policy" in section:
        if not isinstance(section["policy"], str):
            raise ConfigError(f"{where}: checklist.policy: expected a path")
        base = settings.config_path.parent if settings.config_path else Path(settings.root)
        values["policy_path"] = base / section["policy"]
    for key, attr in (
        ("rotation-days", "rotation_days"),
        ("rotation-warn-days", "rotation_warn_days"),
        ("attestation-days", "attestation_days"),
        ("review-days", "review_days"),
    ):
        if key in section:
            values[attr] = _positive_int(section[key], key, where)
    values["items"] = MappingProxyType(_items(section.get("items", {}), where))
    return ChecklistOptions(**values)


def options_for(
    settings: Settings,
    as_of: str | None = None,
    *,
    fail_on: str | None = None,
    strict: bool = False,
    min_score: float | None = None,
    policy: Path | None = None,
    history: bool = True,
) -> ChecklistOptions:
    """The configuration's options with those given on top (``None``/``False``/``True``: as configured).

    What ``aisec checklist`` and :func:`aisec_cli.api.run_checklist` both call; ``as_of`` is
    ``YYYY-MM-DD`` (default: today).
    """
    changes: dict[str, Any] = {}
    if fail_on is not None:
        changes["fail_on"] = parse_fail_on(fail_on)
    if strict:
        changes["strict"] = True
    if min_score is not None:
        changes["min_score"] = parse_min_score(min_score)
    if policy is not None:
        changes["policy_path"] = policy
    if not history:
        changes["history"] = False
    return options_from(settings, parse_as_of(as_of)).evolve(**changes)


def _items(raw: Any, where: str) -> dict[str, ItemConfig]:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where}: checklist.items: expected a table keyed by item id (CHK01 …)")
    out: dict[str, ItemConfig] = {}
    for item_id, conf in raw.items():
        key = str(item_id).upper()
        if key not in ITEM_IDS:
            raise ConfigError(f"{where}: checklist.items: unknown item {item_id!r} (CHK01 … CHK16)")
        if not isinstance(conf, Mapping):
            raise ConfigError(f"{where}: checklist.items.{item_id}: expected a table")
        for inner in conf:
            if inner not in _ITEM_KEYS:
                raise ConfigError(f"{where}: unknown key 'checklist.items.{item_id}.{inner}' (known: required, skip)")
        required = conf.get("required")
        if required is not None and not isinstance(required, bool):
            raise ConfigError(f"{where}: checklist.items.{item_id}.required: expected true or false")
        skip = conf.get("skip")
        if skip is not None and not isinstance(skip, str | bool):
            raise ConfigError(f"{where}: checklist.items.{item_id}.skip: expected a reason (text)")
        reason = None
        if skip:
            reason = skip if isinstance(skip, str) else "skipped in the configuration"
        out[key] = ItemConfig(required=required, skip=reason)
    return out
