"""Values of the PII engine: detections and the settings a detection run needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from aisec_cli.pii.entities import DEFAULT_ENTITIES


@dataclass(frozen=True, slots=True, order=True)
class Detection:
    """One span of personal data in a text: ``text[start:end]`` is the value.

    ``confidence`` is in [0, 1]; ``rule_id`` is the ``PII1xx`` id of the entity and
    ``recognizer`` names the recogniser that produced the span (for debugging and reports).
    """

    start: int
    end: int
    entity: str
    rule_id: str
    confidence: float
    recognizer: str = ""

    @property
    def length(self) -> int:
        return self.end - self.start

    def shifted(self, offset: int) -> Detection:
        return Detection(
            self.start + offset,
            self.end + offset,
            self.entity,
            self.rule_id,
            self.confidence,
            self.recognizer,
        )


class Candidate(NamedTuple):
    """A detection as the recognisers make it and the resolver weighs it: a tuple with the
    fields of a :class:`Detection`, in the same order, at a fifth of the cost to build (dense
    text makes tens of thousands per megabyte). ``detect`` returns :class:`Detection` s."""

    start: int
    end: int
    entity: str
    rule_id: str
    confidence: float
    recognizer: str = ""


_NEW = object.__new__
_SETTERS = tuple(Detection.__dict__[name].__set__ for name in ("start", "end", "entity", "rule_id", "confidence", "recognizer"))


def make_detection(start: int, end: int, entity: str, rule_id: str, confidence: float, recognizer: str) -> Detection:
    """``Detection(...)`` at half the cost (the slots set directly, not through the frozen
    ``__setattr__``): dense text makes tens of thousands per megabyte."""
    detection = _NEW(Detection)
    set_start, set_end, set_entity, set_rule, set_confidence, set_recognizer = _SETTERS
    set_start(detection, start)
    set_end(detection, end)
    set_entity(detection, entity)
    set_rule(detection, rule_id)
    set_confidence(detection, confidence)
    set_recognizer(detection, recognizer)
    return detection


@dataclass(frozen=True, slots=True)
class PiiConfig:
    """What to look for and how.

    ``fmt`` is the structure of the text (``text``, ``csv``, ``tsv``, ``json``, ``jsonl``,
    ``log``, ``yaml``, ``code``); ``auto`` guesses from ``path``. ``regions`` are tried, after
    ``default_region``, for phone numbers written without a country prefix.
    ``csv_header`` carries the header row into later chunks of a streamed CSV file;
    ``rule_files`` are user rule files added to the bundled ``rules/pii.yaml``.
    ``part`` marks a later piece of a streamed file: its text is not the whole input, so a
    piece that holds one value is no value handed over on its own.
    """

    entities: frozenset[str] = field(default_factory=lambda: DEFAULT_ENTITIES)
    default_region: str = "US"
    regions: tuple[str, ...] = ("US", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "AT", "CH", "IE", "PT")
    fmt: str = "auto"
    path: str = ""
    min_confidence: float = 0.5
    allow: frozenset[str] = frozenset()
    keep_example_domains: bool = True
    csv_header: tuple[str, ...] | None = None
    propagate_names: bool = True
    rule_files: tuple[str, ...] = ()
    part: bool = False

    def wants(self, entity: str) -> bool:
        return entity in self.entities
