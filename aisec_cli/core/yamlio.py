"""Safe YAML loading (libyaml's C loader when present): plain data only, no aliases, bounded depth.

Every YAML file aisec reads goes through :func:`safe_load`. Before anything is built, the
event stream is checked (libyaml's parser keeps its own stack, so this never recurses):
anchors and aliases are refused (an alias bomb, "billion laughs", would otherwise expand
to gigabytes), and so is nesting deeper than :data:`MAX_DEPTH` (the constructor recurses,
and 100k levels would end in ``RecursionError`` or a crash).
"""

from __future__ import annotations

from functools import cache
from typing import Any
from aisec_cli.core.lazyre import LazyRegex

# PyYAML is imported on first use (``YAMLError``, ``YAMLRefused`` and the loader included):
# a hook whose bundled rules come from the disk cache parses no YAML and never loads it.

_SURROGATE = LazyRegex("[\ud800-\udfff]")

# Far deeper than any config, rule file, policy or checklist input needs.
MAX_DEPTH = 100


@cache
def _yaml() -> tuple[Any, type, type[Exception]]:
    """PyYAML, its safe loader (libyaml's C one when present) and :class:`YAMLRefused`."""
    import yaml

    try:
        loader: type = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - PyYAML built without libyaml
        loader = yaml.SafeLoader

    class YAMLRefused(yaml.YAMLError):
        """Valid YAML that aisec will not load (aliases, anchors, nesting too deep)."""

    YAMLRefused.__module__ = __name__
    return yaml, loader, YAMLRefused


def __getattr__(name: str) -> Any:
    """``YAMLError`` (PyYAML's) and ``YAMLRefused``, importing PyYAML when first asked for."""
    if name == "YAMLError":
        return _yaml()[0].YAMLError
    if name == "YAMLRefused":
        return _yaml()[2]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _where(event: Any) -> str:
    mark = getattr(event, "start_mark", None)
    return f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""


def check_events(text: str, max_depth: int = MAX_DEPTH, trusted: bool = False) -> None:
    """Raise :class:`YAMLRefused` for an alias, an anchor or nesting deeper than ``max_depth``.

    ``trusted``: the files shipped inside aisec (its bundled rules), which may use aliases.
    """
    if not text.isascii() and _SURROGATE.search(text):
        # bytes that were not UTF-8 (kept by surrogateescape) cannot reach libyaml
        raise _yaml()[2]("the text holds bytes that are not UTF-8")
    yaml, loader, YAMLRefused = _yaml()
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if not trusted:
            if isinstance(event, yaml.AliasEvent):
                raise YAMLRefused(f"YAML aliases (*{event.anchor}) are not allowed{_where(event)}")
            if getattr(event, "anchor", None) is not None:
                raise YAMLRefused(f"YAML anchors (&{event.anchor}) are not allowed{_where(event)}")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > max_depth:
                raise YAMLRefused(f"nesting deeper than {max_depth} levels{_where(event)}")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def safe_load(text: str, max_depth: int = MAX_DEPTH, *, trusted: bool = False) -> Any:
    """Parse YAML; unsafe tags (``!!python/...``), aliases, anchors and deep nesting raise
    :class:`YAMLError` (aliases are accepted in ``trusted`` files: aisec's own bundled rules)."""
    check_events(text, max_depth, trusted)
    yaml, loader, refused = _yaml()
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except RecursionError:  # pragma: no cover - check_events bounds the depth first
        raise refused(f"nesting deeper than {max_depth} levels") from None
