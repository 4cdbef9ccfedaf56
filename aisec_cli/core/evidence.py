"""Evidence safe to show: provider keys in snippets, messages and properties masked.

Every engine quotes input back (a prompt's evidence, a code line, a checklist detail); any of
it may hold a key. :func:`mask_keys` finds keys with the key finder the secrets engine
registers here (:func:`register_key_finder`, done by :mod:`aisec_cli.secrets.plugin`, which
every entry point loads) and masks them with :func:`~aisec_cli.core.masking.mask`, like
``scan`` does; a key cut short by a snippet's length limit (no longer a full match) is caught
by its provider prefix. :func:`safe_finding` applies it to a finding's shown fields; the
pipeline runs it on every finding it reports. With no finder registered the net fails closed,
and says so (a :class:`MaskingDegraded` warning): every key-like run is masked.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from aisec_cli.core.findings import Commit, Finding, ScanError
from aisec_cli.core.hidden import reveal_mapped
from aisec_cli.core.lazyre import LazyRegex
from aisec_cli.core.masking import mask, mask_prefixed

# A run of key characters long enough to hold a key's body: texts without one skip the engine.
_LONG_RUN = LazyRegex(r"[A-Za-z0-9+/=_.\-]{12,}")
_KEY_HINT = LazyRegex(r"\d|[a-z][A-Z]")


def _may_hold_key(text: str) -> bool:
    """A run of key characters with a digit or a case change (``prompt_extraction`` is no key)."""
    return any(_KEY_HINT.search(run) for run in _LONG_RUN.findall(text))


# The secrets engine's key finder: text → (start, end) of every key in it.
KeyFinder = Callable[[str], Iterable[tuple[int, int]]]
_FINDER: list[KeyFinder] = []


class MaskingDegraded(RuntimeWarning):
    """No key finder is registered: every key-like run of the evidence is masked instead."""


def register_key_finder(finder: KeyFinder) -> None:
    """Make ``finder`` the masking net's key finder (the secrets engine's; the last one wins)."""
    _FINDER[:] = [finder]
    _DONE.clear()


def key_finder() -> KeyFinder | None:
    """The registered key finder (handed to worker processes that do not inherit it)."""
    return _FINDER[0] if _FINDER else None


def _find_keys(text: str) -> Iterable[tuple[int, int]]:
    if _FINDER:
        return _FINDER[0](text)
    # Fail closed, and say so: without the secrets rules, every run that may be a key is one.
    warnings.warn(
        "aisec: no key finder is registered (install aisec_cli.secrets.plugin, as aisec_cli.api and "
        "the command line do): every key-like run of the evidence is masked",
        MaskingDegraded,
        stacklevel=3,
    )
    return [(m.start(), m.end()) for m in _LONG_RUN.finditer(text) if _KEY_HINT.search(m.group())]


# Texts already masked (and their results, which mask to themselves): the pipeline's final
# pass over findings an engine already masked costs a lookup, not a second engine run.
_DONE: dict[str, str] = {}
_DONE_MAX = 1 << 16
_SHORT = 200  # texts without a key remembered up to this length


def mask_keys(text: str) -> str:
    """``text`` with every provider key (whole, embedded, cut short, or hidden by invisible
    characters or escapes: :mod:`aisec_cli.core.hidden`) masked."""
    if not text:
        return text
    done = _DONE.get(text)
    if done is not None:
        return done
    searched, written = reveal_mapped(text)
    if not _may_hold_key(searched):
        if len(text) <= _SHORT:  # the same labels and messages come back finding after finding
            _remember(text, text)
        return text
    found = list(_find_keys(searched))
    spans = sorted((written(start), written(end)) for start, end in found)
    masked = text
    if spans:
        parts: list[str] = []
        last = 0
        for start, end in spans:
            if start < last:
                continue
            parts.append(text[last:start])
            parts.append(mask(text[start:end]))
            last = end
        parts.append(text[last:])
        masked = "".join(parts)
    masked = mask_prefixed(masked)
    _remember(text, masked)
    _DONE[masked] = masked
    return masked


def _remember(text: str, masked: str) -> None:
    if len(_DONE) >= _DONE_MAX:
        _DONE.clear()
    _DONE[text] = masked


def clear_cache() -> None:
    """Forget the texts already masked (benchmarks)."""
    _DONE.clear()


def _mask_value(value: Any, depth: int = 0) -> Any:
    if isinstance(value, str):
        return mask_keys(value)
    if depth > 20:
        return value
    if isinstance(value, Mapping):
        return {k: _mask_value(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_mask_value(v, depth + 1) for v in value)
    return value


def _safe_commit(commit: Commit | None) -> Commit | None:
    """``commit`` with keys masked in its message and author fields (``"rotate sk-…"``)."""
    if commit is None:
        return None
    shown = {"author": mask_keys(commit.author), "email": mask_keys(commit.email), "message": mask_keys(commit.message)}
    if all(getattr(commit, name) == value for name, value in shown.items()):
        return commit
    return replace(commit, **shown)


def safe_finding(finding: Finding) -> Finding:
    """``finding`` with keys masked in its path, snippet, message, commit and public properties
    (a file may be named after a key)."""
    path = mask_keys(finding.location.path)
    location = finding.location if path == finding.location.path else replace(finding.location, path=path)
    snippet = mask_keys(finding.snippet)
    message = mask_keys(finding.message)
    commit = _safe_commit(finding.commit)
    properties = {
        k: (v if k.startswith("_") else _mask_value(v)) for k, v in finding.properties.items()
    }
    if (snippet == finding.snippet and message == finding.message and commit is finding.commit
            and properties == dict(finding.properties) and location is finding.location):
        return finding
    return replace(finding, location=location, snippet=snippet, message=message, commit=commit, properties=properties)


def safe_extra(extra: Mapping[str, Any]) -> dict[str, Any]:
    """A report's command-specific payload with keys masked in every string (redact's
    detections name files, and a file may be named after a key)."""
    return {k: _mask_value(v) for k, v in extra.items()}


def safe_error(error: ScanError) -> ScanError:
    """``error`` with keys masked in its path (a file named after a key) and its message (a
    parser may quote the input)."""
    path = mask_keys(error.path)
    message = mask_keys(error.message)
    if path == error.path and message == error.message:
        return error
    return replace(error, path=path, message=message)
