"""The prompts engine: documents in, findings out.

For every prompt text of a document (:mod:`.material`) it scores injection with the rules
and the classifier (:class:`~aisec_cli.prompts.api.Scorer`) and, for system prompts (and the
templates of prompt files), runs the hardening checks (:mod:`.hardening`).

The settle step decides what reports. Which hits count depends on who wrote the text
(:mod:`.policy`): in prompt files and datasets a text at or above ``min_score`` reports each
rule that contributed; in code, the developer's own prompts, only strong signals do.
Files the configuration marks as attack datasets (``[tool.aisec.prompts] attack-datasets``,
red-team and evaluation sets kept on purpose) report a count of the attacks they hold as a
note, never findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aisec_cli.core.document import Document
from aisec_cli.core.errors import ConfigError
from aisec_cli.core.evidence import key_finder, mask_keys
from aisec_cli.core.findings import Finding, Location, ScanError, Severity, fingerprint_of_digest, match_digest
from aisec_cli.core.parallel import cpu_count, run_batches
from aisec_cli.prompts import hardening, policy
from aisec_cli.prompts.api import InjectionFinding, Scorer
from aisec_cli.prompts.material import DEFAULT_FIELDS, segments
from aisec_cli.prompts.ruleset import CATEGORIES
from aisec_cli.prompts.scoring import THRESHOLD
from aisec_cli.prompts.segment import Segment
from aisec_cli.sources.decoding import NotebookProblem
from aisec_cli.sources.filescan import engine_failure

ATTACK_DATASETS_KEY = "prompts.attack-datasets"
PARALLEL_SEGMENTS = 512  # a document with this many texts (a dataset) is split across the cores
BATCHES_PER_JOB = 48  # batches per worker process when a dataset is split (~0.1 s each on the dev set)
MIN_BATCH = 16  # texts per batch at least
SNIPPET_CHARS = 120
_NOTES = {
    "negated": "negated",
    "reported": "quoted as someone else's request",
    "quoted": "in quotes",
    "documentation": "quoted in security documentation",
}
_CARRIERS = {
    "html_comment": "hidden in an HTML comment",
    "alt_text": "hidden in image alt text",
    "link_title": "hidden in a link title",
    "hidden_element": "hidden in invisible HTML",
    "footnote": "in a footnote",
    "comment": "in a code comment",
}


def _attack_matcher(patterns: Sequence[str]) -> Any:
    """``match_file`` of the configured attack-dataset globs (pathspec loads only when set)."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns).match_file


@dataclass(frozen=True, slots=True)
class PromptSettings:
    """What ``aisec prompts`` looks for (from flags and ``[tool.aisec.prompts]``)."""

    min_score: float = THRESHOLD
    categories: tuple[str, ...] = ()  # empty: all; "hardening" selects PRM5xx
    fields: tuple[str, ...] = DEFAULT_FIELDS
    hardening: bool = True
    use_model: bool = True
    rule_files: tuple[Path, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    explicit: frozenset[str] = field(default_factory=frozenset)  # names the user gave as files
    attack_datasets: tuple[str, ...] = ()  # gitignore-style patterns of attack sets kept on purpose
    jobs: int = 0  # processes for one large dataset (0: every core; 1: this process only)

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_score <= 1.0:
            raise ConfigError(f"min-score must be between 0 and 1, not {self.min_score}")
        unknown = [c for c in self.categories if c not in CATEGORIES and c != "classifier"]
        if unknown:
            raise ConfigError(
                f"unknown category {', '.join(unknown)} (choose from {', '.join(CATEGORIES)})"
            )


class PromptEngine:
    """Compiled rules, classifier and settings; :meth:`scan` is pure per document."""

    def __init__(self, settings: PromptSettings | None = None) -> None:
        self.settings = settings or PromptSettings()
        s = self.settings
        self.scorer = Scorer(s.rule_files, s.select, s.ignore, use_model=s.use_model, threshold=s.min_score)
        # patterns that speak to a document's AI reader: no strong evidence in the developer's own prompt
        self._document_only = frozenset((p.rule.id, p.pid) for p in self.scorer.compiled.patterns if not p.own_text)
        self.hardening_rules = hardening.detectors(list(self.scorer.compiled.rules))
        self._attack_set = _attack_matcher(s.attack_datasets) if s.attack_datasets else None

    # -- public -------------------------------------------------------------------------

    def scan(self, document: Document, explicit: bool | None = None) -> tuple[list[Finding], list[ScanError]]:
        """Findings for one document (``explicit``: the user named this file)."""
        is_explicit = explicit if explicit is not None else document.path in self.settings.explicit
        try:
            found, problems = segments(document, is_explicit, self.settings.fields)
        except NotebookProblem as exc:
            return [], [ScanError(document.path, str(exc), exc.kind)]
        errors = [ScanError(document.path, p, "warning") for p in problems]
        jobs = self.settings.jobs or cpu_count()
        findings: list[Finding] = []
        if len(found) >= PARALLEL_SEGMENTS and jobs > 1 and _may_fork():
            self.scorer.prepare()  # built once here, shared by the forked workers
            _build_key_finder()
            # Many small batches: the processes finish together however the slow records fall
            # (4 per process left one idle for up to an eighth of the run; 16 for up to a third
            # of a second at the end of the 4,300-text set). A batch is a range
            # of indexes: the texts reach the forked workers with the document, unpickled.
            size = max(MIN_BATCH, -(-len(found) // (jobs * BATCHES_PER_JOB)))
            for batch_findings, batch_errors in run_batches(
                _scan_batch, range(len(found)), jobs, _init_worker, (self, document, found), batch_size=size
            ):
                findings.extend(batch_findings)
                errors.extend(batch_errors)
        else:
            findings, seg_errors = self.scan_segments(document, found)
            errors.extend(seg_errors)
        if self._attack_set is not None and self._attack_set(document.path):
            return [], [*errors, *self._attack_note(document.path, findings, len(found))]
        return findings, errors

    def scan_segments(self, document: Document, found: Sequence[Segment]) -> tuple[list[Finding], list[ScanError]]:
        """Findings for some texts of one document, in this process."""
        findings: list[Finding] = []
        errors: list[ScanError] = []
        for seg in found:
            try:
                findings.extend(self.scan_segment(document, seg))
            except Exception as exc:  # noqa: BLE001 - one record never ends the run
                where = f"record {seg.record}" if seg.record is not None else f"line {seg.line}"
                errors.append(engine_failure("prompts", document.path, exc, where))
        return findings, errors

    def _attack_note(self, path: str, findings: Sequence[Finding], texts: int) -> list[ScanError]:
        """An attack dataset's findings, counted as a note instead of reported."""
        attacks = {
            (f.location.line, f.properties.get("record"), f.properties.get("field"))
            for f in findings
            if f.properties.get("category") != "hardening"
        }
        if not attacks:
            return []
        return [
            ScanError(
                path,
                f"attack dataset ({ATTACK_DATASETS_KEY}): {len(attacks)} of {texts} texts read as prompt injection;"
                " kept on purpose, not reported as findings",
                "warning",
            )
        ]

    def scan_segment(self, document: Document, seg: Segment) -> list[Finding]:
        out: list[Finding] = []
        wanted = self.settings.categories
        if not wanted or any(c != "hardening" for c in wanted):
            # Settle: which hits report depends on who wrote the text (see .policy).
            skip = policy.SILENT_ON_OWN_TEXT if policy.own_text(seg) else frozenset()
            result = self.scorer.score(
                seg.text, model_support=seg.kind not in ("system", "template", "evaluation"), skip=skip
            )
            score, reported = policy.settle(seg, result, self._detector, self.settings.min_score, self._document_only)
            for item in reported:
                if wanted and item.category not in wanted:
                    continue
                out.append(self._injection_finding(document, seg, item, score))
        if self.settings.hardening and seg.hardened() and (not wanted or "hardening" in wanted):
            for hit in hardening.check(seg.text, self.hardening_rules, seg.kind):
                out.append(self._hardening_finding(document, seg, hit))
        return out

    def _detector(self, rule_id: str) -> str:
        rule = self.scorer.compiled.rule(rule_id)
        return str(rule.data.get("detector", "")) if rule is not None else ""

    # -- findings -------------------------------------------------------------------------

    def _location(self, document: Document, seg: Segment, start: int, end: int) -> Location:
        if seg.offset is not None:
            line, column = document.position(seg.offset + start)
            end_line, end_column = document.position(seg.offset + max(start, end - 1))
            return Location(document.path, line, column, end_line, end_column + 1)
        if seg.record is None and "\n" not in seg.text[:start]:
            # Same line as the literal: the column is still meaningful.
            return Location(document.path, seg.line, seg.column + start)
        return Location(document.path, seg.line, seg.column)

    def _properties(self, seg: Segment, extra: dict[str, Any]) -> dict[str, Any]:
        props = dict(extra)
        props["kind"] = seg.kind
        if seg.origin != "file":
            props["origin"] = seg.origin
        if seg.role:
            props["role"] = seg.role
        if seg.record is not None:
            props["record"] = seg.record
        if seg.field:
            props["field"] = seg.field
        return props

    def _injection_finding(self, document: Document, seg: Segment, item: InjectionFinding, text_score: float) -> Finding:
        rule = self.scorer.compiled.rule(item.rule_id)
        assert rule is not None
        severity = rule.severity if item.score >= THRESHOLD else min(rule.severity, Severity.LOW, key=lambda s: s.rank)
        details = _describe(item.notes)
        message = f"{rule.title} ({item.category}, score {item.score:.2f}; text {text_score:.2f})"
        if details:
            message += f": {details}"
        evidence = mask_keys(item.evidence)  # before cutting it short: a cut key no longer matches
        snippet = evidence if len(evidence) <= SNIPPET_CHARS else evidence[: SNIPPET_CHARS - 1] + "…"
        digest = match_digest(item.evidence)
        return Finding(
            rule_id=rule.id,
            severity=severity,
            message=message,
            location=self._location(document, seg, item.start, item.end),
            fingerprint=fingerprint_of_digest(rule.id, document.path, digest),
            snippet=snippet,
            properties=self._properties(
                seg,
                {
                    "category": item.category,
                    "score": round(item.score, 3),
                    "text_score": round(text_score, 3),
                    "pattern": item.pattern,
                    "_match_digest": digest,
                    **({"notes": list(item.notes)} if item.notes else {}),
                },
            ),
        )

    def _hardening_finding(self, document: Document, seg: Segment, hit: hardening.HardeningHit) -> Finding:
        digest = match_digest(f"{hit.check}:{hit.evidence}")
        return Finding(
            rule_id=hit.rule.id,
            severity=hit.rule.severity,
            message=f"{hit.rule.title}: {hit.message}",
            location=self._location(document, seg, hit.start, hit.end),
            fingerprint=fingerprint_of_digest(hit.rule.id, document.path, digest),
            snippet=hit.evidence,
            properties=self._properties(
                seg,
                {
                    "category": "hardening",
                    "check": hit.check,
                    "score": hit.score,
                    "_match_digest": digest,
                },
            ),
        )


_worker: tuple[PromptEngine, Document, Sequence[Segment]] | None = None


def _may_fork() -> bool:
    """Split a dataset across processes only from the main process, where fork exists (the
    engine and document then reach the workers without pickling)."""
    import multiprocessing

    return multiprocessing.parent_process() is None and "fork" in multiprocessing.get_all_start_methods()


def _build_key_finder() -> None:
    """Build the masking net's key finder (the secrets rules) before the workers fork. Each
    worker masks its evidence with it and this process the report: built once and shared,
    instead of once in every process."""
    finder = key_finder()
    if finder is not None:
        finder("the masking net, built before the workers fork")


def _init_worker(engine: PromptEngine, document: Document, found: Sequence[Segment]) -> None:
    global _worker
    _worker = (engine, document, found)


def _scan_batch(batch: Sequence[int]) -> tuple[list[Finding], list[ScanError]]:
    """Findings for the texts at indexes ``batch`` of the document being split."""
    assert _worker is not None, "worker not initialised"
    engine, document, found = _worker
    return engine.scan_segments(document, [found[i] for i in batch])


def _describe(notes: Sequence[str]) -> str:
    parts: list[str] = []
    for note in notes:
        if note in _NOTES:
            parts.append(_NOTES[note])
        elif note.startswith("hidden:"):
            parts.append(_CARRIERS.get(note[7:], "hidden"))
        elif note.startswith("decoded:"):
            parts.append(f"decoded from {note[8:]}")
        elif note.startswith("decoded-text:"):
            parts.append(f"reads \"{mask_keys(note[13:])[:60]}\"")
        elif note.startswith("folded:"):
            parts.append(f"disguised with {note[7:]}")
        elif note.startswith("count:"):
            parts.append(f"{note[6:]} characters")
        elif note.startswith("probability:"):
            parts.append(f"model probability {note[12:]}")
    return "; ".join(dict.fromkeys(parts))
