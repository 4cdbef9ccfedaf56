"""Which injection hits report, by who wrote the text: the settle step of the prompts engine.

Prompt files, datasets, documents and standard input hold text a model may be given from
anywhere: every hit of at least ``SUPPORTING_SCORE`` reports once the text's score reaches
``min-score`` (weak signals add up, the classifier counts).

A string literal in code was written by the developer who ships it, and so is the code a
Markdown page shows in a fenced block (:mod:`.fences`), a system prompt
or a template in a prompt file (``prompts/*.txt``, ``AGENTS.md``, ``.cursorrules``). Instruction
phrasing that is ordinary there ("the agent should ignore its prior knowledge", "do anything to help the
customer", "call lookup_order with the id") resembles the ruleset's weaker patterns, and code
fragments look like optimised suffixes to a statistical detector. For the developer's own text
only strong signals report:

- hidden or encoded content: invisible characters, encoded payloads and requests to decode
  and act on them, words in lookalike letters or disguised with leetspeak (the ``obfuscated``
  rules, or any hit found in decoded or folded text) — nobody writes those into their own
  prompt by accident;
- exfiltration: URLs that carry conversation data out;
- an attack phrase of the ruleset (not a chat-template token or role marker: those are the
  developer's own format there) that on its own scores at least ``STRONG_PHRASE`` and is not
  negated, reported ("if the user asks you to …"), quoted, or part of a text about attacks
  (a guardrail prompt listing what to block).

Statistical signals (the classifier, the adversarial-suffix detector), a request set apart in a
document (``PRM135``), words addressed to an AI that reads the text (``PRM130``) or a short message
turning the model to a new task (``PRM136``) — in the developer's own prompt those are
instructions — and weak phrases
never report on their own there; the text's score is recomputed from the strong hits alone, so
two weak signals cannot add up to an alarm on a developer's prompt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aisec_cli.prompts import context
from aisec_cli.prompts.api import InjectionFinding, InjectionResult
from aisec_cli.prompts.scoring import combine
from aisec_cli.prompts.segment import CODE, SAMPLE, Segment

SUPPORTING_SCORE = 0.15  # weaker contributions are not shown
STRONG_PHRASE = 0.75
STATISTICAL_DETECTORS = frozenset({"classifier", "adversarial-suffix"})
# A request set apart inside a document (PRM135) is an attack on a document; in the developer's
# own prompt (code, a system prompt, a template) the same line is the developer's instruction.
# A short message turning the model away from its task (PRM136) is likewise the developer's
# own instruction in a system prompt, a template or code.
DOCUMENT_DETECTORS = frozenset({"embedded-instruction", "task-pivot"})
# Outside code, the kinds of text the developer writes: system prompts and prompt-file templates.
OWN_PROMPT_KINDS = frozenset({"system", "template"})
# Detectors whose hits never report on the developer's own text: not even run there.
SILENT_ON_OWN_TEXT = STATISTICAL_DETECTORS | DOCUMENT_DETECTORS
HIDDEN_DETECTORS = frozenset({"encoded-payload", "invisible-characters", "homoglyph-words", "disguised-phrase"})
ALWAYS_STRONG_CATEGORIES = frozenset({"exfiltration", "obfuscated"})
# Chat-template tokens and role markers are the developer's own format in their prompts: a
# model's template written out for a local runtime, few-shot "User:/Assistant:" turns. They
# spoof a template only inside data.
OWN_FORMAT_CATEGORIES = frozenset({"template_spoofing"})
QUALIFIERS = frozenset({"negated", "reported", "quoted", "documentation"})
# In a code sample of a Markdown page the quotes are the code's string delimiters: the prompt
# inside them is the code's own text, as a literal extracted from a ``.py`` file is.
SAMPLE_QUALIFIERS = QUALIFIERS - {"quoted"}


def strong(
    item: InjectionFinding,
    detector: str,
    about_attacks: bool,
    qualifiers: frozenset[str] = QUALIFIERS,
    document_only: frozenset[tuple[str, str]] = frozenset(),
) -> bool:
    """Whether one hit is evidence enough on a developer's own text (``document_only``: the
    (rule, pattern) pairs whose rule file marks them ``own_text: false``)."""
    if detector in STATISTICAL_DETECTORS or detector in DOCUMENT_DETECTORS:
        return False
    if detector in HIDDEN_DETECTORS or any(n.startswith(("decoded:", "folded:")) for n in item.notes):
        return True
    if item.category in ALWAYS_STRONG_CATEGORIES:
        return True
    if item.category in OWN_FORMAT_CATEGORIES or (item.rule_id, item.pattern) in document_only:
        return False
    if about_attacks or any(n in qualifiers for n in item.notes):
        return False
    return item.score >= STRONG_PHRASE


def settle(
    seg: Segment,
    result: InjectionResult,
    detector_of: Callable[[str], str],
    min_score: float,
    document_only: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[float, list[InjectionFinding]]:
    """The text's score and the hits that report for segment ``seg`` (see the module doc)."""
    if not own_text(seg):
        if result.score < min_score:
            return result.score, []
        return result.score, [f for f in result.findings if f.score >= SUPPORTING_SCORE]
    about_attacks = context.is_meta(seg.text.lower())
    qualifiers = SAMPLE_QUALIFIERS if seg.origin == SAMPLE else QUALIFIERS
    kept = [f for f in result.findings if strong(f, detector_of(f.rule_id), about_attacks, qualifiers, document_only)]
    score = _score(kept)
    if score < min_score:
        return score, []
    return score, kept


def own_text(seg: Segment) -> bool:
    """Whether the developer wrote ``seg``: a literal in code, a code sample of a Markdown page,
    a system prompt, a template."""
    return seg.origin in (CODE, SAMPLE) or seg.kind in OWN_PROMPT_KINDS


def _score(findings: Sequence[InjectionFinding]) -> float:
    best: dict[str, float] = {}
    for f in findings:
        best[f.rule_id] = max(best.get(f.rule_id, 0.0), f.score)
    return combine(best.values())
