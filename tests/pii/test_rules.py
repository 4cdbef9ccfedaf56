"""rules/pii.yaml: valid, one rule per entity, stable ids, keywords compiled."""

from __future__ import annotations

from aisec_cli.core.rules import bundled_rules
from aisec_cli.pii.entities import ENTITY_LIST, resolve_entities
from aisec_cli.pii.ruleset import bundled


def test_every_entity_has_its_rule() -> None:
    rules = bundled_rules("pii")
    by_entity = {r.data["entity"]: r for r in rules}
    for entity in ENTITY_LIST:
        rule = by_entity[entity.name]
        assert rule.id == entity.rule_id and rule.name == entity.rule_name
        assert rule.docs.what and rule.docs.why and rule.docs.fix
        assert "LLM02" in rule.tags


def test_keywords_of_the_rules_reach_the_index() -> None:
    table = bundled().keywords
    assert "DATE_OF_BIRTH.keys" in table.categories_in("date_of_birth")
    assert "PASSPORT.keys" in table.categories_in("passportNo")
    assert "PERSON.keys" in table.categories_in("customer_full_name")
    hits = table.scan("Mein Geburtsdatum ist geheim; Reisepassnummer folgt.")
    assert "DATE_OF_BIRTH.words" in hits and "PASSPORT.words" in hits


def test_entity_names_ids_and_rule_names_select() -> None:
    assert resolve_entities("EMAIL,PII102,phone-number") == {"EMAIL", "PHONE"}
    assert resolve_entities(["credit_card"]) == {"CREDIT_CARD"}
    try:
        resolve_entities("EMAIL,NOPE")
    except ValueError as exc:
        assert "NOPE" in str(exc)
    else:
        raise AssertionError("unknown entity accepted")
