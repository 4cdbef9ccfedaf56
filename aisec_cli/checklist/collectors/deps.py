"""Dependency manifests: which packages a project declares, and where (pure)."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from typing import Any

from aisec_cli.checklist.facts import Package

_REQ_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?:[<>=!~;@ ]|$)")
_QUOTED_REQ = re.compile(r"[\"']([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?:[<>=!~;][^\"']*)?[\"']")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.strip().lower())


def _line_of(text: str, name: str) -> int:
    pattern = re.compile(r"(?i)(^|[\s\"'\[,{])" + re.escape(name).replace(r"\-", "[-_.]") + r"($|[\s\"'<>=!~;\[,:@])")
    for index, line in enumerate(text.splitlines()):
        if pattern.search(line):
            return index + 1
    return 1


def _names_from_requirements(text: str) -> list[str]:
    names = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith(("-", "git+", "http")):
            continue
        match = _REQ_NAME.match(line)
        if match:
            names.append(match.group(1))
    return names


def _names_from_pep508(items: Iterable[Any]) -> list[str]:
    names = []
    for item in items:
        if isinstance(item, str):
            match = _REQ_NAME.match(item)
            if match:
                names.append(match.group(1))
    return names


def _names_from_pyproject(data: Mapping[str, Any]) -> list[str]:
    names: list[str] = []
    project = data.get("project") or {}
    names += _names_from_pep508(project.get("dependencies") or [])
    for group in (project.get("optional-dependencies") or {}).values():
        names += _names_from_pep508(group or [])
    for group in (data.get("dependency-groups") or {}).values():
        names += _names_from_pep508(group or [])
    poetry = (data.get("tool") or {}).get("poetry") or {}
    for key in ("dependencies", "dev-dependencies"):
        names += [str(k) for k in (poetry.get(key) or {}) if str(k).lower() != "python"]
    for group in (poetry.get("group") or {}).values():
        names += [str(k) for k in ((group or {}).get("dependencies") or {})]
    return names


class ManifestTooDeep(Exception):
    """A manifest nested too deeply to parse (its packages are unknown, not absent)."""


def parse_manifest(path: str, text: str) -> list[Package]:
    """Packages declared in one manifest (unparseable manifests declare nothing).

    Raises :class:`ManifestTooDeep` when the JSON/TOML nests too deeply to parse.
    """
    name = path.rsplit("/", 1)[-1]
    names: list[str] = []
    try:
        if name.endswith(".txt"):
            names = _names_from_requirements(text)
        elif name == "pyproject.toml":
            names = _names_from_pyproject(tomllib.loads(text))
        elif name == "Pipfile":
            data = tomllib.loads(text)
            names = [str(k) for section in ("packages", "dev-packages") for k in (data.get(section) or {})]
        elif name == "package.json":
            data = json.loads(text)
            if isinstance(data, dict):
                for section in ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies"):
                    block = data.get(section)
                    if isinstance(block, dict):
                        names += [str(k) for k in block]
        elif name in ("setup.cfg", "setup.py") or name.startswith("environment."):
            names = [m.group(1) for m in _QUOTED_REQ.finditer(text)] if name == "setup.py" else _names_from_requirements(
                "\n".join(line.strip().lstrip("- ") for line in text.splitlines())
            )
    except RecursionError:
        raise ManifestTooDeep(f"{name} nested too deeply to read: its dependencies were not checked") from None
    except (ValueError, tomllib.TOMLDecodeError):
        return []
    seen: set[str] = set()
    out = []
    for raw in names:
        key = normalise(raw)
        if key in seen:
            continue
        seen.add(key)
        out.append(Package(key, path, _line_of(text, raw)))
    return out
