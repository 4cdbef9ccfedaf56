"""Python API: strip personal data before calling a provider, put it back in the answer.

    from aisec_cli.api import redact_text, restore_text

    result = redact_text("Hi, I am Maria Rossi, maria.rossi@mailbox.org")
    answer = call_the_model(result.text)          # sees [PERSON_1], [EMAIL_1]
    print(restore_text(answer, result.mapping))   # originals back

Use one :class:`Redactor` (or pass ``session=``) for several texts that must share
placeholders, e.g. the turns of one conversation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from aisec_cli.core.config import Settings, load_settings
from aisec_cli.pii.choices import config_from, operator_from
from aisec_cli.pii.engine import Redactor
from aisec_cli.pii.entities import resolve_entities
from aisec_cli.pii.mapping import Mapping
from aisec_cli.pii.model import Detection
from aisec_cli.pii.restore import restore_text as _restore

__all__ = ["Mapping", "RedactResult", "Redactor", "redact_text", "restore_text"]


@dataclass(frozen=True)
class RedactResult:
    """The redacted text, what was found (offsets into the input) and the mapping to undo it."""

    text: str
    detections: tuple[Detection, ...]
    mapping: Mapping = field(repr=False)

    @property
    def entities(self) -> tuple[str, ...]:
        return tuple(d.entity for d in self.detections)

    def restore(self, text: str) -> str:
        """Put the originals back into ``text`` (e.g. the model's answer)."""
        return _restore(text, self.mapping)


def redact_text(
    text: str,
    *,
    entities: str | Iterable[str] | None = None,
    operator: str | None = None,
    region: str | None = None,
    fmt: str = "text",
    hash_key: bytes | str | None = None,
    min_confidence: float | None = None,
    session: Redactor | None = None,
    root: str | Path = ".",
    settings: Settings | None = None,
    config: str | Path | None = None,
) -> RedactResult:
    """Replace the personal data in ``text``.

    The configuration is the command line's: `[tool.aisec.redact]` of the pyproject.toml or
    .aisec.toml that applies to ``root`` (default: the working folder), of ``config``, or ``settings``;
    the arguments given here take precedence over it.

    ``entities``: names, rule ids or rule names to look for (default: all). ``operator``:
    ``replace`` (``[EMAIL_1]``, reversible), ``mask`` (``****1234``), ``hash`` (keyed
    HMAC tag, stable for one ``hash_key``) or ``redact`` (removed). ``region``: the
    default region for national phone numbers. ``fmt``: ``text``, ``json``, ``jsonl``,
    ``csv``, ``log``, ``yaml``, ``code`` (JSON stays parseable, CSV keeps its cells).
    ``min_confidence``: the threshold (default 0.5; 0.3 also redacts identifiers with no
    context word, see docs/redact.md). ``session``: a :class:`Redactor` whose placeholders, mapping and configuration are shared.
    """
    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        raise ValueError(f"min_confidence must be between 0 and 1, not {min_confidence}")
    chosen = entities if entities is None or isinstance(entities, str) else tuple(entities)
    if session is None:
        resolved = settings if settings is not None else load_settings(Path(root), Path(config) if config else None)
        config = config_from(resolved, entities=chosen, region=region, fmt=fmt, min_confidence=min_confidence)
        session = Redactor(config, operator_from(resolved, operator, hash_key=hash_key))
    elif chosen is not None or region is not None or min_confidence is not None:
        changes: dict[str, object] = {}
        if chosen is not None:
            changes["entities"] = resolve_entities(chosen)
        if region is not None:
            changes["default_region"] = region.upper()
        if min_confidence is not None:
            changes["min_confidence"] = min_confidence
        session.config = replace(session.config, **changes)  # type: ignore[arg-type]
    out, detections, _ = session.redact_text(text, fmt=fmt)
    return RedactResult(out, tuple(detections), session.mapping)


def restore_text(text: str, mapping: Mapping | RedactResult) -> str:
    """``text`` with every placeholder of ``mapping`` replaced by its original."""
    if isinstance(mapping, RedactResult):
        mapping = mapping.mapping
    return _restore(text, mapping)
