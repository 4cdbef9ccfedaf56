"""Shared fixtures for the prompts tests (one compiled scorer per test session) and the verdict checks of shape tests."""

from __future__ import annotations

import pytest

from aisec_cli.prompts import ruleset
from aisec_cli.prompts.api import Scorer
from aisec_cli.prompts.bank import PatternBank
from aisec_cli.prompts.unicode import fold


@pytest.fixture(scope="session")
def rules_scorer() -> Scorer:
    """Rules only (the classifier is tested on its own)."""
    return Scorer(use_model=False)


@pytest.fixture(scope="session")
def scorer() -> Scorer:
    """Rules plus the bundled classifier (when its weights are present)."""
    return Scorer()


def assert_flagged(scorer: Scorer, text: str) -> None:
    """``text`` scores at or above the threshold (the findings are shown when it does not)."""
    result = scorer.score(text)
    assert result.score >= scorer.threshold, (result.score, [(f.rule_id, f.pattern) for f in result.findings])


def assert_quiet(scorer: Scorer, text: str) -> None:
    """``text`` scores below the threshold (the findings are shown when it does not)."""
    result = scorer.score(text)
    assert result.score < scorer.threshold, (result.score, [(f.rule_id, f.pattern) for f in result.findings])


@pytest.fixture(scope="session")
def banks() -> tuple[PatternBank, PatternBank]:
    """The bundled patterns behind the RE2 prefilter, and the same patterns run by ``re`` alone."""
    patterns = ruleset.bundled().patterns
    filtered = PatternBank(patterns)
    filtered.use_filter()
    return filtered, PatternBank(patterns, use_re2=False)


def bank_matches(bank: PatternBank, text: str) -> list[tuple[str, int, int]]:
    """(pattern id, start, end) of every match of ``bank`` in ``text`` (folded), sorted."""
    folded = fold(text)
    return sorted((p.pid, m.start(), m.end()) for p, m in bank.matches(folded.lower, folded.text))
