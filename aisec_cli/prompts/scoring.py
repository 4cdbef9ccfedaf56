"""From hits to one score per text.

Within a rule, distinct patterns that match combine with decreasing weight (the strongest
counts fully, the second half, the third a quarter …), so a text that uses several tricks of
one family scores higher than one that uses one. Rules then combine as a noisy-or
(``1 - Π(1 - s)``), so two weak signals together outweigh either alone. The optional
classifier adds its probability, scaled by the weight of its rule, the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from aisec_cli.prompts.matcher import Hit

THRESHOLD = 0.5
WITHIN_RULE_DECAY = 0.5


def combine(scores: Iterable[float]) -> float:
    remaining = 1.0
    for score in scores:
        remaining *= 1.0 - max(0.0, min(1.0, score))
    return round(1.0 - remaining, 4)


def rule_scores(hits: Iterable[Hit]) -> dict[str, float]:
    """Each rule's score: its distinct patterns' best scores, combined with halving weights."""
    by_rule: dict[str, dict[str, float]] = {}
    for hit in hits:
        patterns = by_rule.setdefault(hit.rule.id, {})
        if hit.score > patterns.get(hit.pattern, 0.0):
            patterns[hit.pattern] = hit.score
    scores: dict[str, float] = {}
    for rule_id, patterns in by_rule.items():
        ranked = sorted(patterns.values(), reverse=True)
        scores[rule_id] = combine(score * WITHIN_RULE_DECAY**rank for rank, score in enumerate(ranked))
    return scores


def text_score(hits: Iterable[Hit]) -> float:
    """The injection score of a text from its hits."""
    return combine(rule_scores(hits).values())
