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

from aisec_cli.pii.engine import Redactor
from aisec_cli.pii.entities import resolve_entities
from aisec_cli.pii.mapping import Mapping
from aisec_cli.pii.model import Detection, PiiConfig
from aisec_cli.pii.operators import Operator
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
    operator: str = "replace",
    region: str = "US",
    fmt: str = "text",
    hash_key: bytes | str | None = None,
    session: Redactor | None = None,
) -> RedactResult:
    """Replace the personal data in ``text``.

    ``entities``: names, rule ids or rule names to look for (default: all). ``operator``:
    ``replace`` (``[EMAIL_1]``, reversible), ``mask`` (``****1234``), ``hash`` (keyed
    HMAC tag, stable for one ``hash_key``) or ``redact`` (removed). ``region``: the
    default region for national phone numbers. ``fmt``: ``text``, ``json``, ``jsonl``,
    ``csv``, ``log``, ``yaml``, ``code`` (JSON stays parseable, CSV keeps its cells).
    ``session``: a :class:`Redactor` whose placeholders and mapping are shared.
    """
    if session is None:
        chosen = resolve_entities(entities if entities is None or isinstance(entities, str) else tuple(entities))
        key = hash_key.encode("utf-8") if isinstance(hash_key, str) else hash_key
        op = Operator(operator, hash_key=key) if key is not None else Operator(operator)
        session = Redactor(PiiConfig(entities=chosen, default_region=region.upper(), fmt=fmt), op)
    elif entities is not None or region != "US":
        chosen = resolve_entities(entities if isinstance(entities, str) else tuple(entities or ()))
        session.config = replace(session.config, entities=chosen, default_region=region.upper())
    out, detections, _ = session.redact_text(text, fmt=fmt)
    return RedactResult(out, tuple(detections), session.mapping)


def restore_text(text: str, mapping: Mapping | RedactResult) -> str:
    """``text`` with every placeholder of ``mapping`` replaced by its original."""
    if isinstance(mapping, RedactResult):
        mapping = mapping.mapping
    return _restore(text, mapping)
