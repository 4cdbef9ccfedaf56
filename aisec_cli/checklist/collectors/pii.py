"""Adapter for the PII engine over prompt data, datasets and committed logs (``PII`` rules).

Only the entity, the rule id and the line are kept: never the value.
"""

from __future__ import annotations

from typing import Any

from aisec_cli.checklist.collectors.base import unavailable
from aisec_cli.checklist.facts import PiiHit
from aisec_cli.core.document import Document

MIN_CONFIDENCE = 0.75
# Names alone are too noisy in templates and prose to fail an item on; addresses of machines
# (127.0.0.1 in a sample log) are not what the items are about.
WEAK_ENTITIES = frozenset({"PERSON", "IP_ADDRESS", "MAC_ADDRESS"})


class PiiAdapter:
    name = "pii"

    def __init__(self) -> None:
        try:
            from aisec_cli.pii import PiiConfig, detect
        except ImportError as exc:
            raise unavailable(self.name, exc) from None
        self._detect = detect
        self._config = PiiConfig

    def examine(self, doc: Document) -> list[PiiHit]:
        config: Any = self._config(path=doc.path)
        found: dict[tuple[str, str], PiiHit] = {}
        for detection in self._detect(doc.text, config):
            if detection.confidence < MIN_CONFIDENCE or detection.entity in WEAK_ENTITIES:
                continue
            key = (detection.entity, detection.rule_id)
            if key in found:
                hit = found[key]
                found[key] = PiiHit(hit.path, hit.line, hit.entity, hit.rule_id, hit.count + 1)
                continue
            line, _ = doc.position(detection.start)
            found[key] = PiiHit(doc.path, line, detection.entity, detection.rule_id)
        return sorted(found.values(), key=lambda h: (h.line, h.entity))
