"""The PII rules (``rules/pii.yaml``) compiled for the engine: entities, ids, keywords."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from aisec_cli.core.rules import Rule, RuleSet, load_rules, rule_files_of
from aisec_cli.pii.entities import ENTITIES
from aisec_cli.pii.keywords import KeywordTable
from aisec_cli.pii.lexicons import common_words, first_names, street_sections, surname_like_given


@dataclass(frozen=True)
class PiiRules:
    """Rules by entity plus the keyword table built from their context words."""

    rules: tuple[Rule, ...]
    by_entity: dict[str, Rule]
    defaults: frozenset[str]
    keywords: KeywordTable

    def rule_for(self, entity: str) -> Rule | None:
        return self.by_entity.get(entity)


def _street_categories() -> dict[str, list[str]]:
    """Street words, matched case-sensitively ("St" and "Via", not "st" and "via")."""
    sections = street_sections()
    compounds = [*sections.get("de-compound", ()), *sections.get("nl-compound", ())]
    weak = [*sections.get("de-compound-weak", ()), *sections.get("nl-compound-weak", ())]
    french = list(sections.get("fr-prefix", ()))
    return {
        "street.suffix": list(sections.get("en-suffix", ())),
        "street.compound": ["*" + w for w in compounds] + ["*" + w[0].upper() + w[1:] for w in compounds],
        "street.compound_weak": ["*" + w for w in weak] + ["*" + w[0].upper() + w[1:] for w in weak],
        "street.prefix": [
            *sections.get("es-prefix", ()), *sections.get("it-prefix", ()), *sections.get("pt-prefix", ()),
            *sections.get("de-prefix", ()),
        ],
        "street.fr": french + [w[0].upper() + w[1:] for w in french],
        # A unit or a box line: the street line of any locale before it is an address.
        "street.unit": ["Apt", "Apt.", "Apartment", "Suite", "Ste.", "Unit", "Flat", "apt.", "suite"],
        "street.box": ["P.O. Box", "PO Box", "P. O. Box", "Post Office Box", "PSC", "CMR", "USNS", "USNV", "USS", "USCGC"],
    }


def _given_names() -> list[str]:
    """Given names that are no ordinary word, title-cased ("Gregory"; not "Will", "Paris")."""
    common = common_words() - surname_like_given()  # "David", "Thomas": given names first
    return sorted(n[:1].upper() + n[1:] for n in first_names() if n not in common and n.isalpha() and len(n) > 2)


# Categories only ever looked up in key names or in the few characters around a candidate
# (KeywordTable.hits_in), never searched for in the whole text: the words that name another
# kind of number ("order", "date" …) are everywhere in logs and code.
KEY_ONLY = (
    "IP_ADDRESS.keys", "US_SSN.not_after", "PASSPORT.not_after", "US_DRIVER_LICENSE.not_after", "NATIONAL_ID.not_after",
)


def compile_rules(ruleset: RuleSet) -> PiiRules:
    by_entity: dict[str, Rule] = {}
    categories: dict[str, list[str]] = {}
    defaults: set[str] = set()
    for rule in ruleset:
        entity = str(rule.data.get("entity", ""))
        if entity not in ENTITIES:
            continue
        by_entity[entity] = rule
        if rule.data.get("default", True):
            defaults.add(entity)
        context = rule.data.get("context") or {}
        for kind in ("words", "keys", "not_after"):
            words = context.get(kind) or []
            if words:
                categories[f"{entity}.{kind}"] = [str(w) for w in words]
        for cue, words in (rule.data.get("cues") or {}).items():
            categories[f"{entity}.{cue}"] = [str(w) for w in words]
    exact = _street_categories()
    # Known given names as written in prose ("Gregory"): a recogniser weighs the words around each.
    exact["PERSON.given"] = _given_names()
    categories.update(exact)
    table = KeywordTable(categories, case_sensitive=exact, not_in_text=KEY_ONLY, own_pass=("PERSON.given",))
    return PiiRules(tuple(by_entity.values()), by_entity, frozenset(defaults), table)


@cache
def bundled() -> PiiRules:
    """The rules shipped with aisec (compiled once per process)."""
    return compile_rules(load_rules("pii"))


def with_files(extra: Iterable[Path]) -> PiiRules:
    """Bundled rules plus user rule files (a user rule with a bundled id replaces it)."""
    files = rule_files_of("pii", extra)  # a secrets or lint file is another command's
    if not files:
        return bundled()
    return compile_rules(load_rules("pii", files))
