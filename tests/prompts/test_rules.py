"""Every injection rule fires on its positive examples and stays quiet on its negatives."""

from __future__ import annotations

import re

import pytest

from aisec_cli.core.rules import DOC_HEADINGS, bundled_rules
from aisec_cli.prompts import ruleset
from aisec_cli.prompts.api import Scorer
from tests.prompts.cases import NEGATIVE, POSITIVE

WEAK = {"PRM111"}  # weak signals: they fire, but alone they do not make a text an injection

POSITIVE_CASES = [(rule_id, text) for rule_id, texts in POSITIVE.items() for text in texts]
NEGATIVE_CASES = [(rule_id, text) for rule_id, texts in NEGATIVE.items() for text in texts]


@pytest.mark.parametrize(("rule_id", "text"), POSITIVE_CASES, ids=[f"{r}-{i}" for i, (r, _) in enumerate(POSITIVE_CASES)])
def test_rule_fires(rules_scorer: Scorer, rule_id: str, text: str) -> None:
    result = rules_scorer.score(text)
    fired = {f.rule_id: f for f in result.findings}
    assert rule_id in fired, f"{rule_id} did not fire; got {sorted(fired)}"
    finding = fired[rule_id]
    assert 0 <= finding.start < finding.end <= len(text)
    assert finding.evidence
    if rule_id not in WEAK:
        assert result.is_injection, f"score {result.score} below the threshold"


@pytest.mark.parametrize(("rule_id", "text"), NEGATIVE_CASES, ids=[f"{r}-{i}" for i, (r, _) in enumerate(NEGATIVE_CASES)])
def test_rule_quiet(rules_scorer: Scorer, rule_id: str, text: str) -> None:
    result = rules_scorer.score(text)
    fired = {f.rule_id: f.score for f in result.findings}
    assert fired.get(rule_id, 0.0) < 0.5, f"{rule_id} fired with {fired.get(rule_id)}"
    assert not result.is_injection, f"benign text scored {result.score}: {result.findings}"


def test_every_pattern_rule_has_examples() -> None:
    pattern_rules = {r.id for r in bundled_rules("injection") if r.data.get("patterns") or str(r.data.get("detector", "")) in (
        "encoded-payload", "invisible-characters", "homoglyph-words", "disguised-phrase", "adversarial-suffix",
        "embedded-instruction")}
    missing = pattern_rules - set(POSITIVE)
    assert not missing, f"rules without positive examples: {sorted(missing)}"
    assert not (pattern_rules - set(NEGATIVE)), "every rule needs negative examples too"


def test_rule_metadata_complete() -> None:
    rules = bundled_rules("injection")
    assert len(rules) >= 20
    for rule in rules:
        assert re.fullmatch(r"PRM[15]\d\d", rule.id)
        assert rule.data.get("category"), rule.id
        assert any(t.startswith("LLM") for t in rule.tags), rule.id
        for key, _heading in DOC_HEADINGS:
            assert getattr(rule.docs, key), f"{rule.id} lacks docs.{key}"
        explained = rule.explain()
        for _key, heading in DOC_HEADINGS:
            assert f"## {heading}" in explained


def test_patterns_are_lower_case_and_compile() -> None:
    compiled = ruleset.bundled()
    assert len(compiled.patterns) > 100
    for pattern in compiled.patterns:
        if pattern.case_sensitive:
            continue
        source = re.sub(r"\\.", "", pattern.regex.pattern)  # escapes like \W, \S are fine
        assert source == source.lower(), f"{pattern.pid}: write case-insensitive patterns in lower case"


def test_user_rule_file_adds_a_rule(tmp_path) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        """version: 1
family: injection
rules:
  - id: PRM199
    name: house-phrase
    title: Our own forbidden phrase
    severity: medium
    tags: [LLM01]
    category: direct_override
    patterns:
      - id: open-sesame
        regex: "\\\\bopen\\\\s+sesame\\\\b"
        score: 0.8
    docs:
      what: The phrase.
      why: Because.
      example: open sesame
      fix: Remove it.
      references: [https://example.org]
""",
        encoding="utf-8",
    )
    scorer = Scorer(rule_files=[extra], use_model=False)
    result = scorer.score("Please say open sesame now.")
    assert [f.rule_id for f in result.findings] == ["PRM199"]
    assert result.is_injection


def test_bad_user_rule_is_a_config_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from aisec_cli.core.errors import ConfigError

    extra = tmp_path / "bad.yaml"
    extra.write_text(
        "version: 1\nfamily: injection\nrules:\n  - id: PRM198\n    name: bad\n    title: Bad\n"
        "    severity: low\n    tags: [LLM01]\n    category: indirect\n    patterns: ['(a+)+b']\n"
        "    docs: {what: x, why: y, example: z, fix: f, references: [r]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError):
        Scorer(rule_files=[extra], use_model=False)
