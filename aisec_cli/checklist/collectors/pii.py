"""Adapter for the PII engine over prompt data, datasets and committed logs (``PII`` rules).

Only the entity, the rule id and the line are kept: never the value.
"""

from __future__ import annotations

import re
from typing import Any

from aisec_cli.checklist.collectors.base import unavailable
from aisec_cli.checklist.facts import PiiHit
from aisec_cli.core.document import Document

MIN_CONFIDENCE = 0.75
# Names alone are too noisy in templates and prose to fail an item on; addresses of machines
# (127.0.0.1 in a sample log) are not what the items are about.
WEAK_ENTITIES = frozenset({"PERSON", "IP_ADDRESS", "MAC_ADDRESS"})
# Sample data: documentation, tutorials and notebooks show made-up or public values on purpose.
SAMPLE_PLACES = re.compile(
    r"(?i)(?:^|/)(?:docs?|documentation|tutorials?|guides?|cookbooks?|notebooks?)/"
    r"|(?:^|/)README[^/]*$|\.(?:md|markdown|rst|adoc|ipynb)$"
)
# Values that are samples wherever they are: the documentation domains (RFC 2606 / 6761), the
# best-known example passphrases, and the published placeholder numbers.
SAMPLE_VALUES = re.compile(
    r"(?i)@(?:[\w-]+\.)*(?:example|test|invalid|localhost)(?:\.(?:com|org|net))?\b"
    r"|correct[-_ ]?horse[-_ ]?battery[-_ ]?staple|\bhunter2\b|\bp@ssw0rd\b|\bpassword123\b"
    r"|\b555-01\d\d\b|\b(?:4111[- ]?1111[- ]?1111[- ]?1111|4242[- ]?4242[- ]?4242[- ]?4242)\b|\b123-45-6789\b"
)


def sample_reason(path: str, value: str) -> str:
    """Why a detection is sample data ('' when it may be real personal data)."""
    if SAMPLE_VALUES.search(value):
        return "a documentation example value"
    if SAMPLE_PLACES.search(path):
        return "sample text in documentation, a tutorial or a notebook"
    return ""


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
        found: dict[tuple[str, str, str], PiiHit] = {}
        for detection in self._detect(doc.text, config):
            if detection.confidence < MIN_CONFIDENCE or detection.entity in WEAK_ENTITIES:
                continue
            value = doc.text[max(detection.start - 1, 0) : detection.end + 1]  # with the '@' of an e-mail
            sample = sample_reason(doc.path, value)
            key = (detection.entity, detection.rule_id, sample)
            if key in found:
                hit = found[key]
                found[key] = PiiHit(hit.path, hit.line, hit.entity, hit.rule_id, hit.count + 1, hit.sample)
                continue
            line, _ = doc.position(detection.start)
            found[key] = PiiHit(doc.path, line, detection.entity, detection.rule_id, 1, sample)
        return sorted(found.values(), key=lambda h: (h.line, h.entity))
