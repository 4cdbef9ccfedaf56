"""Settings: built-in defaults < config file < ``AISEC_*`` environment < command-line flags.

The config file is the nearest ``pyproject.toml`` with a ``[tool.aisec]`` table, else
``.aisec.toml`` or ``.aisec.yaml``, searched from the scan target upwards. The command layer
merges environment and flags (Typer reads ``AISEC_*`` for each option) over what this module
loads, then builds one frozen :class:`Settings` that is passed explicitly to the engines.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from aisec_cli.core.errors import ConfigError
from aisec_cli.core.findings import Severity
from aisec_cli.core.yamlio import YAMLError, safe_load

CONFIG_FILES = ("pyproject.toml", ".aisec.toml", ".aisec.yaml", ".aisec.yml")
DEFAULT_MAX_FILE_SIZE = 25 * 1024 * 1024

# Top-level keys and their expected kinds; sections are tables owned by one subcommand.
_SCALAR_KEYS: dict[str, str] = {
    "exclude": "list",
    "extend-exclude": "list",
    "max-file-size": "size",
    "fail-on": "severity",
    "select": "list",
    "ignore": "list",
    "baseline": "path",
    "jobs": "int",
    "rule-files": "list",
    "allow-incomplete": "bool",
}
SECTIONS = ("scan", "lint", "prompts", "redact", "checklist", "policy")
_SECTION_KEYS: dict[str, set[str] | None] = {
    "scan": {"history-log-opts", "verify"},
    "lint": None,  # validated by the lint engine
    "prompts": None,
    "redact": None,
    "checklist": None,
    "policy": None,
}


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run needs, resolved once."""

    root: Path = Path(".")
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    fail_on: Severity = Severity.INFO
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    baseline: Path | None = None
    jobs: int = 0  # 0: as many as the machine has
    rule_files: tuple[Path, ...] = ()
    ignore_inline: bool = False
    allow_incomplete: bool = False  # exit by findings even when part of the input was not examined
    sections: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    config_path: Path | None = None

    def section(self, name: str) -> Mapping[str, Any]:
        return self.sections.get(name, MappingProxyType({}))

    def evolve(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def parse_size(value: Any, key: str = "max-file-size") -> int:
    """``10``/``"10MB"``/``"512KB"``/``"1GB"`` to bytes (plain numbers are megabytes)."""
    if isinstance(value, bool):
        raise ConfigError(f"{key}: expected a size such as 10MB, got {value!r}")
    if isinstance(value, int | float):
        return int(value * 1024 * 1024)
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?i?b?)?\s*", str(value), re.I)
    if not match:
        raise ConfigError(f"{key}: expected a size such as 10MB, got {value!r}")
    number = float(match.group(1))
    unit = (match.group(2) or "mb").lower()[:1]
    factor = {"k": 1024, "m": 1024**2, "g": 1024**3, "b": 1}.get(unit, 1024**2)
    return int(number * factor)


def parse_severity(value: Any, key: str = "fail-on") -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        allowed = ", ".join(s.value for s in Severity)
        raise ConfigError(f"{key}: expected one of {allowed}, got {value!r}") from None


def find_config(start: Path) -> tuple[Path | None, dict[str, Any]]:
    """The nearest config file from ``start`` upwards and its ``aisec`` table."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            path = folder / name
            if not path.is_file():
                continue
            table = read_config_file(path)
            if table is not None:
                return path, table
    return None, {}


def read_config_file(path: Path) -> dict[str, Any] | None:
    """The aisec table of one file; ``None`` for a pyproject.toml without ``[tool.aisec]``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    try:
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        else:
            data = safe_load(text) or {}
    except (tomllib.TOMLDecodeError, YAMLError) as exc:
        raise ConfigError(f"{path}: cannot parse: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a table of settings")
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("aisec")
        return dict(table) if isinstance(table, dict) else None
    return dict(data)


def _check_list(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key}: expected a list of strings, got {value!r}")
    return tuple(value)


def settings_from_table(
    table: Mapping[str, Any], root: Path, config_path: Path | None = None
) -> Settings:
    """Validate a config table and turn it into :class:`Settings` (unknown keys are errors)."""
    where = str(config_path) if config_path else "configuration"
    base = config_path.parent if config_path else root
    values: dict[str, Any] = {}
    sections: dict[str, Mapping[str, Any]] = {}
    for key, value in table.items():
        if key in SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [{key}] must be a table")
            allowed = _SECTION_KEYS[key]
            if allowed is not None:
                for inner in value:
                    if inner not in allowed:
                        raise ConfigError(f"{where}: unknown key '{key}.{inner}'")
            sections[key] = MappingProxyType(dict(value))
            continue
        kind = _SCALAR_KEYS.get(key)
        if kind is None:
            known = ", ".join(sorted([*_SCALAR_KEYS, *SECTIONS]))
            raise ConfigError(f"{where}: unknown key '{key}' (known keys: {known})")
        if kind == "list":
            values[key] = _check_list(value, key)
        elif kind == "size":
            values[key] = parse_size(value, key)
        elif kind == "severity":
            values[key] = parse_severity(value, key)
        elif kind == "int":
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"{where}: {key}: expected a whole number >= 0")
            values[key] = value
        elif kind == "bool":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: {key}: expected true or false, got {value!r}")
            values[key] = value
        elif kind == "path":
            if not isinstance(value, str):
                raise ConfigError(f"{where}: {key}: expected a path")
            values[key] = base / value
    return Settings(
        root=root,
        exclude=values.get("exclude", ()) + values.get("extend-exclude", ()),
        max_file_size=values.get("max-file-size", DEFAULT_MAX_FILE_SIZE),
        fail_on=values.get("fail-on", Severity.INFO),
        select=values.get("select", ()),
        ignore=values.get("ignore", ()),
        baseline=values.get("baseline"),
        jobs=values.get("jobs", 0),
        rule_files=tuple(base / p for p in values.get("rule-files", ())),
        allow_incomplete=values.get("allow-incomplete", False),
        sections=MappingProxyType(sections),
        config_path=config_path,
    )


def load_settings(root: Path, config_file: Path | None = None, isolated: bool = False) -> Settings:
    """Settings from the config file that applies to ``root`` (or the one named)."""
    if isolated:
        return Settings(root=root)
    if config_file is not None:
        table = read_config_file(config_file)
        if table is None:
            raise ConfigError(f"{config_file}: has no [tool.aisec] table")
        return settings_from_table(table, root, config_file)
    path, table = find_config(root)
    return settings_from_table(table, root, path)
