"""Parsing the files aisec reads for itself (config, policy, baselines, rule files).

Read with the bounded reader (:mod:`aisec_cli.core.readcap`), parsed with a bounded depth
(100k levels of ``[`` would otherwise end in ``RecursionError``), YAML without aliases;
every problem is one :class:`ConfigError` naming the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aisec_cli.core.errors import ConfigError
from aisec_cli.core.readcap import read_own_text
from aisec_cli.core import yamlio
from aisec_cli.core.yamlio import MAX_DEPTH, safe_load


def nesting_depth(value: Any) -> int:
    """How deeply lists and mappings nest in ``value`` (iterative: safe on any depth)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            depth += 1
            stack.extend((v, depth) for v in item.values())
        elif isinstance(item, list | tuple):
            depth += 1
            stack.extend((v, depth) for v in item)
        deepest = max(deepest, depth)
    return deepest


def _bounded(data: Any, origin: str) -> Any:
    if nesting_depth(data) > MAX_DEPTH:
        raise ConfigError(f"{origin}: nesting deeper than {MAX_DEPTH} levels")
    return data


def parse_toml(text: str, origin: str) -> dict[str, Any]:
    import tomllib  # only when a TOML file is read

    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise ConfigError(f"{origin}: cannot parse: nesting deeper than {MAX_DEPTH} levels") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: cannot parse: {exc}") from None
    except ValueError as exc:  # tomllib: dates such as 2026-02-30
        raise ConfigError(f"{origin}: cannot parse: {exc} (dates are YYYY-MM-DD)") from None
    return _bounded(data, origin)  # type: ignore[no-any-return]


def parse_json(text: str, origin: str) -> Any:
    try:
        data = json.loads(text)
    except RecursionError:
        raise ConfigError(f"{origin}: cannot parse: nesting deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        raise ConfigError(f"{origin}: cannot parse: {exc}") from None
    return _bounded(data, origin)


def parse_yaml(text: str, origin: str, *, trusted: bool = False) -> Any:
    try:
        data = safe_load(text, trusted=trusted)
    except yamlio.YAMLError as exc:  # PyYAML imported only if a file was parsed
        raise ConfigError(f"{origin}: cannot parse: {_one_line(str(exc))}") from None
    except (ValueError, TypeError, OverflowError) as exc:  # constructor: bad timestamps, …
        raise ConfigError(f"{origin}: cannot parse: {exc} (dates are YYYY-MM-DD)") from None
    return data


def parse_by_suffix(text: str, path: Path | str, origin: str) -> Any:
    """TOML, JSON or YAML by the file's suffix (YAML for anything else)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".toml":
        return parse_toml(text, origin)
    if suffix == ".json":
        return parse_json(text, origin)
    return parse_yaml(text, origin)


def load_own_file(path: Path | str, what: str) -> Any:
    """Read (bounded) and parse one of aisec's own files."""
    text = read_own_text(path, what)
    return parse_by_suffix(text, path, str(path))


def _one_line(message: str) -> str:
    return " ".join(part.strip() for part in message.splitlines() if part.strip())
