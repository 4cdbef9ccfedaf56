"""The checklist's data: item specs and evidence tables from ``rules/checklist.yaml``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from aisec_cli.checklist.model import ItemSpec
from aisec_cli.core.errors import ConfigError
from aisec_cli.core.rules import Rule, bundled_rules, parse_file_document, rules_dir

ITEM_IDS = tuple(f"CHK{n:02d}" for n in range(1, 17))


@dataclass(frozen=True, slots=True)
class Catalog:
    """Items in article order plus the evidence tables (signals, probes, scanners …)."""

    items: tuple[ItemSpec, ...]
    rules: tuple[Rule, ...]
    tables: Mapping[str, Any]

    def table(self, name: str) -> Any:
        return self.tables.get(name) or {}


def _spec(rule: Rule) -> ItemSpec:
    data = rule.data
    return ItemSpec(
        id=rule.id,
        name=rule.name,
        title=rule.title,
        category=str(data.get("category", "")),
        check=str(data.get("check", rule.title)),
        priority=rule.severity,
        backed_by=tuple(str(b) for b in data.get("backed_by", ()) or ()),
        remediation=" ".join(str(data.get("remediation", rule.docs.fix)).split()),
        tags=rule.tags,
        docs_what=rule.docs.what,
        docs_fix=rule.docs.fix,
    )


@cache
def load_catalog() -> Catalog:
    """The bundled checklist (validated against its schemas on load)."""
    ruleset = bundled_rules("checklist")
    rules = {r.id: r for r in ruleset}
    missing = [i for i in ITEM_IDS if i not in rules]
    if missing:
        raise ConfigError(f"checklist.yaml: items missing: {', '.join(missing)}")
    path = rules_dir() / "checklist.yaml"
    document = parse_file_document(path.read_text(encoding="utf-8"), path.name, trusted=True)
    tables = {k: v for k, v in dict(document).items() if k not in ("version", "family", "rules")}
    ordered = tuple(rules[i] for i in ITEM_IDS)
    return Catalog(tuple(_spec(r) for r in ordered), ordered, tables)
