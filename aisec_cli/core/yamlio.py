"""Safe YAML loading (libyaml's C loader when present): never constructs Python objects."""

from __future__ import annotations

from typing import Any

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

YAMLError = yaml.YAMLError


def safe_load(text: str) -> Any:
    """Parse YAML; ``!!python/...`` and other unsafe tags raise :class:`YAMLError`."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
