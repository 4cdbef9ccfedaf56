"""Run the compiled injection rules over one text and return scored hits.

The text is folded (:mod:`.unicode`), the RE2 sets of :mod:`.bank` say which patterns occur,
and those run over the folded view. Every match is placed back in
the original text, then weighed by its context (:mod:`.context`): negated, reported or
quoted as an example in security documentation lowers the score; sitting in a hidden
carrier (:mod:`.carriers`) or inside a decoded payload (:mod:`.decoders`) raises it.
Detectors written in code add hits for invisible characters, encoded payloads and
homoglyph/leetspeak disguise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from aisec_cli.core.rules import Rule
from aisec_cli.prompts import context, embedded, pivot
from aisec_cli.prompts.bank import PatternBank
from aisec_cli.prompts.carriers import Carrier, carrier_at, code_blocks, find_carriers
from aisec_cli.prompts.decoders import find_payloads
from aisec_cli.prompts.ruleset import CompiledRules, Pattern
from aisec_cli.prompts.suffix import adversarial_suffix
from aisec_cli.prompts.unicode import Folded, fold
from aisec_cli.core.lazyre import LazyRegex

MAX_MATCHES_PER_PATTERN = 4
MAX_DEPTH = 2
EVIDENCE_CHARS = 120

# Multipliers applied to a pattern's score by context.
NEGATED = 0.15
REPORTED = 0.2
META_QUOTED = 0.25
QUOTED = 0.9
HIDDEN_BOOST = 0.3  # noisy-or with the score
DECODED_BOOST = 0.2


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule matched (or a detector fired) at ``[start, end)`` of the scanned text."""

    rule: Rule
    pattern: str
    category: str
    score: float
    start: int
    end: int
    evidence: str
    notes: tuple[str, ...] = ()


# Documentation markup that reads as symbol soup to the adversarial-suffix check: inline code
# spans, inline LaTeX, Markdown images and links, HTML tags with attributes. Blanked with spaces
# (offsets hold) before that check only, when its brackets balance.
_DOC_MARKUP = LazyRegex(
    r"`[^`\n]{1,160}`|\$[^$\n]{1,80}\$|!?\[[^\[\]\n]{0,120}\]\([^()\s]{1,300}\)|<[a-zA-Z][\w-]{0,20}\s[^<>\n]{1,300}>"
)


_PAIRS = {")": "(", "]": "[", "}": "{"}

# A percent-encoded link (an iframe's ``data:text/html,...`` source, a long query string) is how
# a URI carries text: it is decoded and scanned, but is no disguise for being most of the text.
_URI = LazyRegex(r"\s*(?:data:[\w.+-]{1,40}/[\w.+-]{1,60}[;,]|[a-z][a-z0-9+.-]{1,15}://)", re.IGNORECASE)


def _balanced(span: str) -> bool:
    """Brackets close in order (written code and maths do; optimised suffixes mostly do not)."""
    stack: list[str] = []
    for ch in span:
        if ch in "([{":
            stack.append(ch)
        elif ch in _PAIRS:
            if not stack or stack.pop() != _PAIRS[ch]:
                return False
    return not stack


def _blank(match: re.Match[str]) -> str:
    span = match.group(0)
    return " " * len(span) if _balanced(span) else span


def boost(score: float, amount: float) -> float:
    return 1.0 - (1.0 - score) * (1.0 - amount)


def _evidence(text: str, start: int, end: int) -> str:
    snippet = text[start:end].strip()
    snippet = " ".join(snippet.split())
    if len(snippet) > EVIDENCE_CHARS:
        snippet = snippet[: EVIDENCE_CHARS - 1] + "…"
    return snippet


@dataclass
class _Scan:
    text: str
    folded: Folded
    carriers: list[Carrier]
    blocks: list[tuple[int, int]]
    hits: list[Hit] = field(default_factory=list)
    _meta: bool | None = None
    _data: bool | None = None

    @property
    def data_like(self) -> bool:
        """The text is data (a table, an email, JSON, code), not a message to the model."""
        if self._data is None:
            self._data = context.is_data(self.text)
        return self._data

    @property
    def meta(self) -> bool:
        """The text discusses attacks (computed on first use: most texts never need it)."""
        if self._meta is None:
            self._meta = context.is_meta(self.folded.lower)
        return self._meta


class Matcher:
    """Stateless after construction; safe to share in one process."""

    def __init__(self, compiled: CompiledRules, use_re2: bool = True, filtered: bool = False) -> None:
        self.compiled = compiled
        self.patterns: Sequence[Pattern] = compiled.patterns
        self.bank = PatternBank(compiled.patterns, use_re2=use_re2, filtered=filtered)
        self._invisible = compiled.detector("invisible-characters")
        self._encoded = compiled.detector("encoded-payload")
        self._disguise = compiled.detector("disguised-phrase")
        self._homoglyph = compiled.detector("homoglyph-words")
        self._suffix = compiled.detector("adversarial-suffix")
        self._embedded = compiled.detector("embedded-instruction")
        self._embedded_kinds: dict[str, float] = (
            {str(k): float(v) for k, v in (self._embedded.data.get("kinds", {}) or {}).items()} if self._embedded else {}
        )
        self._pivot = compiled.detector("task-pivot")
        self._pivot_kinds: dict[str, float] = (
            {str(k): float(v) for k, v in (self._pivot.data.get("kinds", {}) or {}).items()} if self._pivot else {}
        )

    # -- public -------------------------------------------------------------------------

    def scan(self, text: str, depth: int = 0, skip: frozenset[str] = frozenset()) -> list[Hit]:
        """Hits in ``text`` (offsets into ``text``); the detectors named in ``skip`` are not run."""
        if not text or not text.strip():
            return []
        folded = fold(text)
        state = _Scan(
            text=text,
            folded=folded,
            carriers=find_carriers(text),
            blocks=code_blocks(text),
        )
        self._patterns(state)
        self._detectors(state, depth, skip)
        return state.hits

    # -- patterns -------------------------------------------------------------------------

    def _patterns(self, state: _Scan) -> None:
        folded = state.folded
        counts: dict[str, int] = {}
        for pattern, found in self.bank.match_groups(folded.lower, folded.text):
            for match in found:
                seen = counts.get(pattern.pid, 0)
                if seen >= MAX_MATCHES_PER_PATTERN:
                    break  # every later match of this pattern would be passed over: not searched for
                if match.end() == match.start():
                    continue
                hit = self._weigh(state, pattern, match.start(), match.end())
                if hit is not None:
                    state.hits.append(hit)
                    counts[pattern.pid] = seen + 1

    def _weigh(self, state: _Scan, pattern: Pattern, fstart: int, fend: int) -> Hit | None:
        folded = state.folded
        lower = folded.lower
        before = lower[max(0, fstart - 2 * context.WINDOW) : fstart]
        if pattern.unless_before is not None and pattern.unless_before.search(before):
            return None
        if pattern.unless_after is not None and pattern.unless_after.match(lower, fend, fend + 80):
            return None
        if pattern.require_after is not None and not pattern.require_after.match(lower, fend, fend + 80):
            return None
        if pattern.unless_within is not None and pattern.unless_within.search(lower, fstart, fend):
            return None
        if pattern.unless_named_in_link and context.named_in_link(lower, lower[fstart:fend]):
            return None
        start, end = folded.orig_span(fstart, fend)
        carrier = carrier_at(state.carriers, start, end) if state.carriers else None
        if pattern.scope == "hidden" and carrier is None:
            return None
        if pattern.scope == "data" and not state.data_like:
            return None
        score = pattern.score
        notes: list[str] = []
        if pattern.negatable:
            if context.negated(before):
                score *= NEGATED
                notes.append("negated")
            elif context.reported(before):
                score *= REPORTED
                notes.append("reported")
        if pattern.quotable:
            in_block = any(s <= start and end <= e for s, e in state.blocks)
            is_quoted = in_block or context.quoted(state.text, start, end)
            # the cheap cues first: whether the whole text discusses attacks is asked only then
            cue = is_quoted or context.introduced(before) or context.named_term(state.text, start, end)
            if cue and (state.meta or (is_quoted and context.example_in_parens(before))):
                score *= META_QUOTED
                notes.append("documentation")
            elif is_quoted and "negated" not in notes:
                score *= QUOTED
                notes.append("quoted")
        if carrier is not None and pattern.scope != "hidden":
            score = boost(score, HIDDEN_BOOST)
            notes.append(f"hidden:{carrier.kind}")
        elif carrier is not None:
            notes.append(f"hidden:{carrier.kind}")
        transforms = folded.transforms_in(fstart, fend)
        if transforms:
            notes.extend(sorted(f"folded:{t}" for t in transforms))
            if self._disguise is not None and transforms & {"homoglyph", "leet", "zalgo"}:
                disguise = float(self._disguise.data.get("score", 0.6))
                state.hits.append(
                    Hit(
                        self._disguise,
                        "+".join(sorted(transforms)),
                        str(self._disguise.data.get("category", "obfuscated")),
                        disguise,
                        start,
                        end,
                        _evidence(state.text, start, end),
                        tuple(sorted(transforms)),
                    )
                )
        return Hit(
            pattern.rule,
            pattern.pid,
            pattern.category,
            round(score, 4),
            start,
            end,
            _evidence(state.text, start, end),
            tuple(notes),
        )

    # -- detectors ------------------------------------------------------------------------

    def _detectors(self, state: _Scan, depth: int, skip: frozenset[str] = frozenset()) -> None:
        if self._invisible is not None and state.folded.invisible:
            self._invisible_hits(state)
        if self._homoglyph is not None:
            self._homoglyph_hits(state)
        if depth < MAX_DEPTH:
            self._payload_hits(state, depth)
        if self._embedded is not None and depth == 0 and "embedded-instruction" not in skip:
            self._embedded_hit(state)
        if self._pivot is not None and depth == 0 and "task-pivot" not in skip:
            self._pivot_hit(state)
        if self._suffix is not None and "adversarial-suffix" not in skip:
            found = adversarial_suffix(_DOC_MARKUP.sub(_blank, state.text))
            if found is not None:
                start, end, strength = found
                base = float(self._suffix.data.get("score", 0.7))
                state.hits.append(
                    Hit(
                        self._suffix,
                        "gibberish-suffix",
                        str(self._suffix.data.get("category", "obfuscated")),
                        round(base * strength, 4),
                        start,
                        end,
                        _evidence(state.text, start, end),
                    )
                )

    def _embedded_hit(self, state: _Scan) -> None:
        assert self._embedded is not None
        found = embedded.find(state.text, self._embedded_kinds, lambda: state.meta)
        if found is not None:
            self._shape_hit(state, self._embedded, "indirect", found.kind, found.strength, found.start, found.end)

    def _pivot_hit(self, state: _Scan) -> None:
        assert self._pivot is not None
        found = pivot.find(state.folded.lower, self._pivot_kinds, lambda: state.meta)
        if found is not None:
            start, end = state.folded.orig_span(found.start, found.end)
            self._shape_hit(state, self._pivot, "direct_override", found.kind, found.strength, start, end)

    @staticmethod
    def _shape_hit(state: _Scan, rule: Rule, category: str, kind: str, strength: float, start: int, end: int) -> None:
        """A hit of a detector that judges a text's shape (its ``kind``, at ``strength``)."""
        state.hits.append(
            Hit(
                rule,
                kind,
                str(rule.data.get("category", category)),
                round(strength, 4),
                start,
                end,
                _evidence(state.text, start, end),
            )
        )

    def _invisible_hits(self, state: _Scan) -> None:
        rule = self._invisible
        assert rule is not None
        scores: dict[str, float] = dict(rule.data.get("kinds", {}) or {})
        by_kind: dict[str, list[int]] = {}
        first: dict[str, tuple[int, int]] = {}
        for run in state.folded.invisible:
            if not run.suspicious:
                continue
            by_kind.setdefault(run.kind, []).append(run.count)
            first.setdefault(run.kind, (run.start, run.end))
        for kind, counts in by_kind.items():
            total = sum(counts)
            base = float(scores.get(kind, 0.4))
            if kind == "zero_width":
                many = int(rule.data.get("zero_width_many", 3))
                base = base if len(counts) >= many else base * 0.5
            start, end = first[kind]
            # Evidence: the visible word around the first run, with the count.
            lo = max(0, start - 12)
            hi = min(len(state.text), end + 12)
            visible = "".join(c for c in state.text[lo:hi] if c.isprintable() and not 0xE0000 <= ord(c) <= 0xE01EF)
            state.hits.append(
                Hit(
                    rule,
                    kind,
                    str(rule.data.get("category", "obfuscated")),
                    round(min(base, 1.0), 4),
                    start,
                    end,
                    f"{total} invisible {kind.replace('_', '-')} character(s) near: {visible.strip()[:80]}",
                    (f"count:{total}",),
                )
            )

    def _homoglyph_hits(self, state: _Scan) -> None:
        rule = self._homoglyph
        assert rule is not None
        spans = [(s, e) for s, e, kind in state.folded.transformed if kind == "homoglyph"]
        need = int(rule.data.get("min_words", 2))
        if len(spans) < need:
            return
        start, end = state.folded.orig_span(spans[0][0], spans[-1][1])
        state.hits.append(
            Hit(
                rule,
                "mixed-script-words",
                str(rule.data.get("category", "obfuscated")),
                float(rule.data.get("score", 0.6)),
                start,
                end,
                _evidence(state.text, start, end),
                (f"count:{len(spans)}",),
            )
        )

    def _payload_hits(self, state: _Scan, depth: int) -> None:
        payloads = find_payloads(state.text, state.folded.lower if state.folded.offsets is None else None)
        if not payloads:
            return
        rule = self._encoded
        kinds: dict[str, float] = dict(rule.data.get("kinds", {}) or {}) if rule is not None else {}
        with_hits = float(rule.data.get("with_instructions", 0.9)) if rule is not None else 0.0
        for payload in payloads:
            inner = self.scan(payload.text, depth + 1)
            strongest = 0.0
            for hit in inner:
                strongest = max(strongest, hit.score)
                state.hits.append(
                    Hit(
                        hit.rule,
                        hit.pattern,
                        hit.category,
                        round(boost(hit.score, DECODED_BOOST), 4),
                        payload.start,
                        payload.end,
                        _evidence(state.text, payload.start, payload.end),
                        (*hit.notes, f"decoded:{payload.kind}", f"decoded-text:{_evidence(payload.text, 0, len(payload.text))}"),
                    )
                )
            if rule is None:
                continue
            base = float(kinds.get(payload.kind, 0.3))
            visible = len(state.text.strip())
            if visible and (payload.end - payload.start) >= 0.8 * visible and not _URI.match(payload.text):
                # The whole text is an encoded blob: nothing but a payload for a model to decode.
                base = max(base, float(rule.data.get("whole_text", 0.55)))
            score = max(base, with_hits * strongest / max(strongest, 0.5)) if strongest >= 0.5 else base
            state.hits.append(
                Hit(
                    rule,
                    payload.kind,
                    str(rule.data.get("category", "obfuscated")),
                    round(score, 4),
                    payload.start,
                    payload.end,
                    _evidence(state.text, payload.start, payload.end),
                    (f"decoded:{payload.kind}", f"decoded-text:{_evidence(payload.text, 0, len(payload.text))}"),
                )
            )
