"""Settings: built-in defaults < config file < ``AISEC_*`` environment < command-line flags.

The config file is the nearest ``pyproject.toml`` with a ``[tool.aisec]`` table, else
``.aisec.toml`` or ``.aisec.yaml``, searched from the scan target upwards. The command layer
merges environment and flags (Typer reads ``AISEC_*`` for each option) over what this module
loads, then builds one frozen :class:`Settings` that is passed explicitly to the engines.
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
from functools import cache, lru_cache
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from aisec_cli.core.errors import ConfigError
from aisec_cli.core.findings import Severity
from aisec_cli.core.ownfiles import parse_toml, parse_yaml
from aisec_cli.core.readcap import read_own_text

CONFIG_FILES = ("pyproject.toml", ".aisec.toml", ".aisec.yaml", ".aisec.yml")
DEFAULT_MAX_FILE_SIZE = 25 * 1024 * 1024
MAX_JOBS = 1024

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
    "follow-links": "bool",
    "allow-incomplete": "bool",
    "per-file-ignores": "ignores",
    "extend": "path",
}
SECTIONS = ("scan", "lint", "prompts", "redact", "checklist", "policy")
# Every key of every section with the kind of value it takes. The engines read their own
# section; checking names and types here means any command refuses a wrong key or type,
# not only the one that uses it. ("any": the engine checks the value itself.)
_SECTION_KEYS: dict[str, dict[str, str]] = {
    "scan": {"history-log-opts": "strings", "verify": "bool", "allow-hashes": "hashes", "allow-regexes": "regexes"},
    "lint": {
        "profile": "str",
        "sanitizers": "list",
        "max-file-bytes": "count",
        "max-line-length": "count",
        "nextjs-middleware-limits": "bool",
        "test-paths": "list",
        "exclude": "list",
    },
    "prompts": {
        "min-score": "fraction",
        "categories": "strings",
        "fields": "strings",
        "hardening": "bool",
        "model": "bool",
        "attack-datasets": "list",
    },
    "redact": {
        "entities": "strings",
        "operator": "str",
        "hash-key-env": "str",
        "map-key-env": "str",
        "region": "str",
        "min-confidence": "fraction",
        "allow": "list",
    },
    "checklist": {
        "fail-on": "str",
        "strict": "bool",
        "min-score": "number",
        "history": "bool",
        "policy": "str",
        "rotation-days": "count",
        "rotation-warn-days": "count",
        "attestation-days": "count",
        "review-days": "count",
        "items": "table",
    },
    "policy": {},  # the keys of rules/schema/policy.schema.json (see _policy_keys)
}
# Largest accepted max-file-size: 1 TiB (far past any file worth scanning; a finite number).
MAX_FILE_SIZE_LIMIT = 1024**4
_KINDS = {
    "str": "a string",
    "strings": "a string or a list of strings",
    "list": "a list of strings",
    "bool": "true or false",
    "count": "a whole number >= 1",
    "fraction": "a number from 0 to 1",
    "number": "a number",
    "table": "a table",
    "hashes": "a list of SHA-256 hex digests (64 hex digits)",
    "regexes": "a list of valid regular expressions",
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
    follow_links: bool = False  # read links whose target is outside the scanned tree
    allow_incomplete: bool = False  # exit by findings even when part of the input was not examined
    sections: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    config_path: Path | None = None
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob from the root, rule ids/prefixes)

    def section(self, name: str) -> Mapping[str, Any]:
        return self.sections.get(name, MappingProxyType({}))

    def evolve(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def config_prefix(config_path: Path | None, root: Path) -> str:
    """The config file's folder relative to ``root`` ("" when it is the root or above it)."""
    if config_path is None:
        return ""
    try:
        rel = Path(os.path.relpath(os.path.abspath(config_path.parent), os.path.abspath(root))).as_posix()
    except ValueError:
        return ""
    return "" if rel == "." or rel.startswith("..") else rel


def rebase_pattern(pattern: str, prefix: str) -> str:
    """A gitignore-style ``pattern`` written in folder ``prefix``, as seen from the root."""
    if not prefix:
        return pattern
    if pattern.startswith("!"):
        return "!" + rebase_pattern(pattern[1:], prefix)
    body = pattern.rstrip("/")
    if "/" in body:  # anchored to the folder it is written in
        return f"/{prefix}/{pattern.lstrip('/')}"
    return f"/{prefix}/**/{pattern}"


def size_text(size: int, beside: int | None = None) -> str:
    """``size`` bytes for a reader: ``57 B``, ``4.9 KiB``, ``1.4 MiB``, ``2 GiB``; in bytes when
    it would read the same as ``beside`` (a size shown next to a cap it exceeds)."""
    def shown(n: int) -> str:
        for unit, name in ((1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
            if n >= unit:
                return f"{n / unit:.1f}".removesuffix(".0") + f" {name}"
        return f"{n} B"

    text = shown(size)
    return f"{size} B" if beside is not None and beside != size and shown(beside) == text else text


def parse_size(value: Any, key: str = "max-file-size") -> int:
    """``10``/``"10MB"``/``"512KB"``/``"1GB"`` to bytes (plain numbers are megabytes).

    The result is at least one byte and at most :data:`MAX_FILE_SIZE_LIMIT`: zero or a
    negative size would skip every file (a gate that passes without reading anything), and
    ``inf``/``nan`` are not sizes.
    """
    expected = f"{key}: expected a size such as 10MB (more than 0, at most 1TB), got {value!r}"
    if isinstance(value, bool):
        raise ConfigError(expected)
    if isinstance(value, int | float):
        number, factor = float(value) if isinstance(value, float) else value, 1024 * 1024
    else:
        match = re.fullmatch(r"\s*(\d{1,15}(?:\.\d{1,15})?)\s*([kmgt]?i?b?)?\s*", str(value), re.I)
        if not match:
            raise ConfigError(expected)
        number = float(match.group(1))
        unit = (match.group(2) or "mb").lower()[:1]
        factor = {"k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4, "b": 1}.get(unit, 1024**2)
    if isinstance(number, float) and not math.isfinite(number):
        raise ConfigError(expected)
    if number <= 0 or number > MAX_FILE_SIZE_LIMIT / factor:
        raise ConfigError(expected)
    size = int(number * factor)
    if size < 1:
        raise ConfigError(expected)
    return size


def parse_severity(value: Any, key: str = "fail-on") -> Severity:
    if not isinstance(value, str):
        allowed = ", ".join(s.value for s in Severity)
        raise ConfigError(f"{key}: expected one of {allowed}, got {value!r}")
    try:
        return Severity(value.lower())
    except ValueError:
        allowed = ", ".join(s.value for s in Severity)
        raise ConfigError(f"{key}: expected one of {allowed}, got {value!r}") from None


def find_config(start: Path) -> tuple[Path | None, dict[str, Any]]:
    """The nearest config file from ``start`` upwards and its ``aisec`` table."""
    try:
        here = start.resolve()
    except (OSError, RuntimeError):  # a link loop: look from the folder as written
        here = start.absolute()
    if _is_file(here):
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            path = folder / name
            if not _is_file(path):
                continue
            table = read_config_file(path)
            if table is not None:
                return path, table
    return None, {}


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # unreadable folder on the way up: not a config file
        return False


def read_config_file(path: Path) -> dict[str, Any] | None:
    """The aisec table of one file; ``None`` for a pyproject.toml without ``[tool.aisec]``."""
    text = read_own_text(path, "config file")
    return copy.deepcopy(_aisec_table(text, path.suffix == ".toml", path.name == "pyproject.toml", str(path)))


@lru_cache(maxsize=32)
def _aisec_table(text: str, toml: bool, pyproject: bool, origin: str) -> dict[str, Any] | None:
    """The aisec table of one config text (kept: the library API finds the same file on every call)."""
    if toml:
        data: Any = parse_toml(text, origin)
    else:
        data = parse_yaml(text, origin)
        data = {} if data is None else data
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: expected a table of settings")
    if pyproject:
        tool = data.get("tool", {})
        table = tool.get("aisec") if isinstance(tool, dict) else None
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{origin}: [tool.aisec] must be a table")
        return dict(table) if isinstance(table, dict) else None
    if not all(isinstance(k, str) for k in data):
        raise ConfigError(f"{origin}: every setting name must be a string")
    return dict(data)


def _check_list(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key}: expected a list of strings, got {value!r}")
    return tuple(value)


def _check_section(name: str, table: Mapping[str, Any], where: str) -> None:
    """Unknown keys and values of the wrong kind in ``[tool.aisec.<name>]`` are errors."""
    known = _policy_keys() if name == "policy" else _SECTION_KEYS[name]
    for key, value in table.items():
        kind = known.get(key) if isinstance(key, str) else None
        if kind is None:
            names = ", ".join(sorted(known)) or "none"
            raise ConfigError(f"{where}: unknown key '{name}.{key}' (known keys: {names})")
        if not _is_kind(value, kind):
            raise ConfigError(f"{where}: {name}.{key}: expected {_KINDS[kind]}, got {_shown(value)}")


def _is_kind(value: Any, kind: str) -> bool:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "str":
        return isinstance(value, str)
    if kind == "list":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "strings":
        return isinstance(value, str) or _is_kind(value, "list")
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "count":
        return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 2**53
    if kind == "fraction":
        return number and 0 <= value <= 1
    if kind == "number":
        return number and math.isfinite(value)
    if kind == "table":
        return isinstance(value, dict)
    if kind == "hashes":
        return _is_kind(value, "list") and all(re.fullmatch(r"(?:sha256:)?[0-9a-fA-F]{64}", v) for v in value)
    if kind == "regexes":
        return _is_kind(value, "list") and all(_compiles(v) for v in value)
    return True  # "any": the engine that reads it checks it


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@cache
def _policy_keys() -> dict[str, str]:
    """Top-level policy keys, from the policy schema (the checklist validates the values)."""
    from aisec_cli.core.rules import rules_dir

    schema = json.loads((rules_dir() / "schema" / "policy.schema.json").read_text(encoding="utf-8"))
    return {str(k): "any" for k in schema.get("properties", {})}


def settings_from_table(
    table: Mapping[str, Any], root: Path, config_path: Path | None = None
) -> Settings:
    """Validate a config table and turn it into :class:`Settings` (unknown keys are errors)."""
    where = str(config_path) if config_path else "configuration"
    base = config_path.parent if config_path else root
    table = _with_extends(dict(table), config_path, root, (config_path,) if config_path else ())
    values: dict[str, Any] = {}
    sections: dict[str, Mapping[str, Any]] = {}
    for key, value in table.items():
        if key == "extend":
            continue  # merged above
        if key == "per-file-ignores":
            values[key] = _check_ignores(value, where)
            continue
        if key in SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [{key}] must be a table")
            _check_section(key, value, where)
            sections[key] = MappingProxyType(dict(value))
            continue
        kind = _SCALAR_KEYS.get(key)
        if kind is None:
            known = ", ".join(sorted([*_SCALAR_KEYS, *SECTIONS]))
            raise ConfigError(f"{where}: unknown key '{key}' (known keys: {known})")
        if kind == "list":
            values[key] = _check_list(value, f"{where}: {key}")
        elif kind == "size":
            values[key] = parse_size(value, f"{where}: {key}")
        elif kind == "severity":
            values[key] = parse_severity(value, f"{where}: {key}")
        elif kind == "int":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_JOBS:
                raise ConfigError(f"{where}: {key}: expected a whole number from 0 to {MAX_JOBS}, got {value!r}")
            values[key] = value
        elif kind == "bool":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: {key}: expected true or false, got {value!r}")
            values[key] = value
        elif kind == "path":
            if not isinstance(value, str) or not value or "\0" in value:
                raise ConfigError(f"{where}: {key}: expected a path, got {value!r}")
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
        follow_links=values.get("follow-links", False),
        allow_incomplete=values.get("allow-incomplete", False),
        sections=MappingProxyType(sections),
        config_path=config_path,
        per_file_ignores=values.get("per-file-ignores", ()),
    )


def locate_config(start: Path, config_file: Path | None = None) -> tuple[Path | None, dict[str, Any]]:
    """The config file that applies to ``start`` (or the one named) and its aisec table."""
    if config_file is not None:
        table = read_config_file(config_file)
        if table is None:
            raise ConfigError(f"{config_file}: has no [tool.aisec] table")
        return config_file, table
    return find_config(start)


def load_settings(root: Path, config_file: Path | None = None, isolated: bool = False) -> Settings:
    """Settings from the config file that applies to ``root`` (or the one named)."""
    if isolated:
        return Settings(root=root)
    path, table = locate_config(root, config_file)
    return settings_from_table(table, root, path)


def _check_ignores(value: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``per-file-ignores``: a table of glob -> rule ids or prefixes (ruff's shape)."""
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: per-file-ignores: expected a table of glob = [rule ids], got {_shown(value)}")
    out: list[tuple[str, tuple[str, ...]]] = []
    for glob, ids in value.items():
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and i.strip() for i in ids):
            raise ConfigError(f"{where}: per-file-ignores.{glob}: expected a list of rule ids or prefixes, got {_shown(ids)}")
        out.append((str(glob), tuple(i.strip().upper() for i in ids)))
    return tuple(out)


_PATTERN_KEYS = ("exclude", "extend-exclude")


def _rebased_table(table: dict[str, Any], config_path: Path | None, root: Path) -> dict[str, Any]:
    """``table``'s path patterns, written relative to its file's folder, re-anchored to ``root``."""
    prefix = config_prefix(config_path, root)
    if not prefix:
        return table
    out = dict(table)
    for key in _PATTERN_KEYS:
        if key in out:
            out[key] = [rebase_pattern(p, prefix) for p in _check_list(out[key], key)]
    if isinstance(out.get("per-file-ignores"), dict):
        out["per-file-ignores"] = {rebase_pattern(str(g), prefix): v for g, v in out["per-file-ignores"].items()}
    if isinstance(out.get("lint"), dict) and "exclude" in out["lint"]:
        lint = dict(out["lint"])
        lint["exclude"] = [rebase_pattern(p, prefix) for p in _check_list(lint["exclude"], "lint.exclude")]
        out["lint"] = lint
    return out


def _with_extends(table: dict[str, Any], config_path: Path | None, root: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    """``table`` over the file its ``extend`` names (recursively), patterns re-anchored to ``root``.

    The extending file wins key by key; sections merge key by key; ``extend-exclude`` and
    ``per-file-ignores`` add up.
    """
    own = _rebased_table(table, config_path, root)
    target = own.get("extend")
    if target is None:
        return own
    where = str(config_path) if config_path else "configuration"
    if not isinstance(target, str) or not target or "\0" in target:
        raise ConfigError(f"{where}: extend: expected a path to another config file, got {_shown(target)}")
    folder = config_path.parent if config_path else root
    path = Path(os.path.normpath(folder / target))
    if any(os.path.abspath(path) == os.path.abspath(p) for p in seen):
        raise ConfigError(f"{where}: extend: {target} is already part of this chain (a loop)")
    if not _is_file(path):
        raise ConfigError(f"{where}: extend: {path} does not exist")
    base = read_config_file(path)
    if base is None:
        raise ConfigError(f"{where}: extend: {path} has no [tool.aisec] table")
    merged = _with_extends(dict(base), path, root, (*seen, path))
    for key in merged:
        if key in SECTIONS and isinstance(merged[key], dict):
            _check_section(key, merged[key], str(path))
    for key, value in own.items():
        if key == "extend":
            continue
        if key in SECTIONS and isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        elif key == "extend-exclude" and key in merged:
            merged[key] = [*_check_list(merged[key], key), *_check_list(value, key)]
        elif key == "per-file-ignores" and isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    merged.pop("extend", None)
    return merged
