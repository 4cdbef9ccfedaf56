"""Personal data detection and reversible redaction (``aisec redact`` / ``aisec restore``)."""

from __future__ import annotations

from aisec_cli.pii.detect import detect
from aisec_cli.pii.entities import ENTITIES, ENTITY_LIST, resolve_entities
from aisec_cli.pii.model import Detection, PiiConfig

__all__ = ["ENTITIES", "ENTITY_LIST", "Detection", "PiiConfig", "detect", "resolve_entities"]
