"""Score one text with the injection ruleset: the run-time input check.

    from aisec_cli.api import score_text

    result = score_text(user_message)
    if result.is_injection:
        refuse(result.findings[0].rule_id)

The same rules (and the same statistical model) as ``aisec prompts``; no network, no model
download. :class:`Scorer` keeps the compiled rules for repeated calls; :func:`score_text`
uses one shared instance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from aisec_cli.core.findings import Severity
from aisec_cli.core.rules import rule_files_of
from aisec_cli.prompts import ruleset
from aisec_cli.prompts.classifier import Classifier, load_classifier
from aisec_cli.prompts.matcher import Hit, Matcher
from aisec_cli.prompts.scoring import THRESHOLD, text_score


SKIP_MODEL_ABOVE = 0.95


@dataclass(frozen=True, slots=True)
class InjectionFinding:
    """One piece of evidence: which rule, where in the text, how strong."""

    rule_id: str
    name: str
    category: str
    severity: Severity
    score: float
    start: int  # character offsets into the scored text
    end: int
    line: int
    column: int
    evidence: str
    pattern: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class InjectionResult:
    """The verdict on one text."""

    score: float  # 0..1
    is_injection: bool
    findings: tuple[InjectionFinding, ...] = ()  # every hit, strongest first

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.category for f in self.findings))


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


class Scorer:
    """Compiled rules plus the optional classifier, reusable across calls."""

    def __init__(
        self,
        rule_files: Sequence[Path] = (),
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        use_model: bool = True,
        threshold: float = THRESHOLD,
        model_path: Path | None = None,
    ) -> None:
        rule_files = rule_files_of(ruleset.FAMILY, rule_files)  # a secrets or lint file is another command's
        compiled = ruleset.bundled() if not (rule_files or select or ignore) else ruleset.load(rule_files, select, ignore)
        self.compiled = compiled
        self.threshold = threshold
        rule = compiled.detector("classifier")
        self._model_rule = rule
        self._model_path = str(model_path) if model_path else None
        self._use_model = use_model and rule is not None
        # The matcher's RE2 sets and the model are built on the first text (a commit with no
        # prompt file never pays for them); a user's rule file is checked here, before any file.
        self._matcher: Matcher | None = Matcher(compiled) if rule_files else None
        self._classifier: Classifier | None = None
        self._classifier_loaded = False

    @property
    def matcher(self) -> Matcher:
        """The compiled rules' matcher (built on first use)."""
        if self._matcher is None:
            self._matcher = Matcher(self.compiled)
        return self._matcher

    @property
    def classifier(self) -> Classifier | None:
        """The n-gram model, or None (turned off, no classifier rule, no weights file); loaded on first use."""
        if not self._classifier_loaded:
            self._classifier = load_classifier(self._model_path) if self._use_model else None
            self._classifier_loaded = True
        return self._classifier

    def prepare(self) -> None:
        """Build the matcher and load the model now (before worker processes fork, so they share them)."""
        if self._matcher is None:  # a large run: the matcher that does less work per text, built once
            self._matcher = Matcher(self.compiled, filtered=True)
        self._matcher.bank.use_filter()
        if self.classifier is not None:
            self.classifier.build_tables()

    def hits(self, text: str, model_support: bool = True, skip: frozenset[str] = frozenset()) -> list[Hit]:
        """Rule hits plus the classifier's hit (if it fires).

        When the rules alone are already near-certain the classifier is skipped: it could only
        confirm, and it is the slower half of the work. ``model_support=False`` keeps only the
        classifier's confident verdicts (used for prompts the developer wrote: persona system
        prompts read like role-play to the model). ``skip`` names detectors not to run
        (``classifier`` included): those whose hits the caller would drop anyway.
        """
        return self._scored_hits(text, model_support, skip)[0]

    def _scored_hits(self, text: str, model_support: bool, skip: frozenset[str]) -> tuple[list[Hit], float]:
        """:meth:`hits` and their text score (computed once when the classifier adds nothing)."""
        hits = self.matcher.scan(text, skip=skip)
        score = text_score(hits)
        classifier = self.classifier if "classifier" not in skip else None
        if classifier is not None and self._model_rule is not None and score < SKIP_MODEL_ABOVE:
            hit = classifier.hit(text, self._model_rule, hits)
            if hit is not None and (model_support or "alone" in hit.notes):
                hits.append(hit)
                score = text_score(hits)
        return hits, score

    def score(self, text: str, model_support: bool = True, skip: frozenset[str] = frozenset()) -> InjectionResult:
        """The verdict on ``text`` (see :meth:`hits` for ``model_support`` and ``skip``)."""
        hits, score = self._scored_hits(text, model_support, skip)
        unique: dict[tuple[str, int, int], Hit] = {}
        for hit in hits:
            key = (hit.rule.id, hit.start, hit.end)
            if key not in unique or hit.score > unique[key].score:
                unique[key] = hit
        findings = tuple(
            sorted(
                (self._finding(text, h) for h in unique.values()),
                key=lambda f: (-f.score, f.start),
            )
        )
        return InjectionResult(score, score >= self.threshold, findings)

    @staticmethod
    def _finding(text: str, hit: Hit) -> InjectionFinding:
        line, column = _line_col(text, hit.start)
        return InjectionFinding(
            rule_id=hit.rule.id,
            name=hit.rule.name,
            category=hit.category,
            severity=hit.rule.severity,
            score=hit.score,
            start=hit.start,
            end=hit.end,
            line=line,
            column=column,
            evidence=hit.evidence,
            pattern=hit.pattern,
            notes=hit.notes,
        )


@cache
def default_scorer() -> Scorer:
    return Scorer()


@cache
def scorer_for(
    rule_files: tuple[Path, ...] = (),
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    use_model: bool = True,
    threshold: float = THRESHOLD,
) -> Scorer:
    """One shared scorer per choice of rules, model and threshold (the bundled one by default)."""
    if not (rule_files or select or ignore) and use_model and threshold == THRESHOLD:
        return default_scorer()
    return Scorer(rule_files, select, ignore, use_model=use_model, threshold=threshold)


def score_text(text: str) -> InjectionResult:
    """Score ``text`` as possible prompt injection with the bundled rules and model
    (:func:`aisec_cli.api.score_text` reads the configuration file as ``aisec prompts`` does)."""
    return default_scorer().score(text)
