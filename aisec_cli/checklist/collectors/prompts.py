"""Adapter for the prompts engine (``PRM`` rules): injection content (PRM1xx) and system-prompt
hardening (PRM5xx) in prompt files, templates, datasets and the prompts written in code.

Uses ``aisec_cli.prompts.run`` (the engine ``aisec prompts`` runs) when it is there; an older
tree with only the scoring API gets the injection ruleset over prompt files instead.
"""

from __future__ import annotations

from typing import Any

from aisec_cli.checklist.collectors.base import unavailable
from aisec_cli.checklist.collectors.selection import is_prompt_file
from aisec_cli.checklist.collectors.signals import safe_text
from aisec_cli.checklist.facts import PromptHit
from aisec_cli.core.config import Settings
from aisec_cli.core.document import Document

FAMILIES = ("PRM",)


class PromptsAdapter:
    name = "prompts"

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self.engine: Any = None
        self.scorer: Any = None
        self._candidate: Any = is_prompt_file
        try:
            from aisec_cli.core.pipeline import settle
            from aisec_cli.prompts import pycode  # noqa: F401 - code is read through lint's model of calls
            from aisec_cli.prompts.run import engine_for, prompt_settings_from
            from aisec_cli.prompts.material import is_default_candidate
        except ImportError:  # the text scorer alone (no code model): items needing lint say so
            try:
                from aisec_cli.prompts.api import Scorer
            except ImportError as exc:
                raise unavailable(self.name, exc) from None
            self.scorer = Scorer()
            return
        self._settle = settle
        self.engine = engine_for(prompt_settings_from(settings))
        self._candidate = is_default_candidate

    def wants(self, path: str) -> bool:
        return bool(self._candidate(path))

    def examine(self, doc: Document) -> list[PromptHit]:
        if self.engine is None:
            return self._score_only(doc)
        found, _problems = self.engine.scan(doc)
        if not found:
            return []
        if "aisec:" in doc.text:
            found = list(self._settle(doc, found, FAMILIES, self._settings).kept)
        out = []
        for finding in found:
            props = finding.properties
            out.append(
                PromptHit(
                    doc.path,
                    finding.location.line,
                    finding.rule_id,
                    str(props.get("category", "")),
                    float(props.get("score", 0.0) or 0.0),
                    safe_text(finding.snippet or finding.message)[:100],
                    finding.severity.value,
                )
            )
        return out

    def _score_only(self, doc: Document) -> list[PromptHit]:
        result = self.scorer.score(doc.text)
        if not result.is_injection:
            return []
        out = []
        for finding in result.findings:
            line, _ = doc.position(max(0, min(int(finding.start), len(doc.text))))
            out.append(
                PromptHit(doc.path, line, str(finding.rule_id), str(finding.category), float(finding.score), safe_text(str(finding.evidence))[:100], finding.severity.value)
            )
        return out
