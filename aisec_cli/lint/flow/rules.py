"""Per-rule tables of the flow core, read from the `flow:` block of each rule in rules/lint.yaml.

A rule's block says which label kinds make its sinks fire, how the message words the sink,
which label categories it never (``skip_categories``) or only (``only_categories``)
reports, and which calls are its sinks (``sinks``: see :mod:`aisec_cli.lint.flow.sinks`).
A new flow rule or sink is one block in the YAML — bundled, or a user's rule file passed
with ``--rule-file`` (:func:`use_rules` makes its tables active for the run).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from aisec_cli.lint.flow.sinks import SinkIndex, SinkSpec, build_index, parse_sinks
from aisec_cli.lint.taint import FETCHED, LLM, PARAM, Label, Taint, relevant

APP = "app"  # label category: data from the app's own API / websocket (browser code)
# Sink text named like an answer: what the app's own API sent counts as model text there.
_LLM_ISH = re.compile(r"(?i)answer|reply|completion|response|output|message|content|result|report|summary|generat|assistant|\bai\b|bot|llm|gpt|chat|markdown")


@dataclass(frozen=True, slots=True)
class FlowRule:
    """What one flow rule reports: label kinds, sink wording, category filters."""

    id: str
    kinds: frozenset[str]
    sink: str
    skip_categories: frozenset[str] = frozenset()
    only_categories: frozenset[str] = frozenset()
    sinks: tuple[SinkSpec, ...] = ()

    def keep(self, label: Label) -> bool:
        if label.category in self.skip_categories:
            return False
        if self.only_categories and label.kind != PARAM:
            return label.category in self.only_categories
        return True


@cache
def bundled_flow_rules() -> dict[str, FlowRule]:
    """Rule id → table, for every bundled lint rule with a `flow:` block."""
    from aisec_cli.core.rules import bundled_rules

    return _tables(bundled_rules("lint"))


def _tables(rules: Iterable[Any]) -> dict[str, FlowRule]:
    out: dict[str, FlowRule] = {}
    for rule in rules:
        block = rule.data.get("flow")
        if not block:
            continue
        out[rule.id] = FlowRule(
            id=rule.id,
            kinds=frozenset(str(k) for k in block["kinds"]),
            sink=str(block["sink"]),
            skip_categories=frozenset(str(c) for c in block.get("skip_categories", ()) or ()),
            only_categories=frozenset(str(c) for c in block.get("only_categories", ()) or ()),
            sinks=parse_sinks(rule.id, block.get("sinks", ()) or (), rule.origin),
        )
    return out


_active: dict[str, FlowRule] | None = None  # the run's tables when user rule files add some
_user_tables: dict[tuple[int, ...], tuple[dict[str, FlowRule], SinkIndex]] = {}


def use_rules(ruleset: Iterable[Any] | None) -> None:
    """Make the flow tables of ``ruleset`` active: a user's rule file (``--rule-file``) may add
    flow rules or replace a bundled rule's table. Bundled rules only: the bundled tables."""
    global _active
    user = [r for r in ruleset or () if getattr(r, "origin", "") and r.data.get("flow")]
    if not user:
        _active = None
        return
    key = tuple(id(r) for r in user)
    found = _user_tables.get(key)
    if found is None:
        tables = {**bundled_flow_rules(), **_tables(user)}
        if len(_user_tables) > 8:
            _user_tables.clear()
        found = _user_tables[key] = (tables, build_index(s for t in tables.values() for s in t.sinks))
    _active = found[0]


def flow_rules() -> dict[str, FlowRule]:
    """Rule id → table of the run (bundled, plus the active user rules)."""
    return _active if _active is not None else bundled_flow_rules()


@cache
def _bundled_index() -> SinkIndex:
    return build_index(s for t in bundled_flow_rules().values() for s in t.sinks)


def sink_index() -> SinkIndex:
    """The sink tables of the run's flow rules, indexed by callee and method name."""
    if _active is None:
        return _bundled_index()
    for tables, index in _user_tables.values():
        if tables is _active:
            return index
    return _bundled_index()


def flow_rule_ids() -> frozenset[str]:
    return frozenset(flow_rules())


def kinds_of(rule_id: str) -> frozenset[str]:
    return flow_rules()[rule_id].kinds


def wording(rule_id: str) -> str:
    table = flow_rules().get(rule_id)
    return table.sink if table is not None else "reaches a sink"


def reportable(rule_id: str, taint: Taint, code: str, kinds: frozenset[str] | None = None) -> list[Label]:
    """Labels of ``taint`` that make a ``rule_id`` sink at ``code`` fire (symbolic parameters count)."""
    table = flow_rules()[rule_id]
    labels = relevant(taint, kinds or table.kinds, rule_id) + app_labels(rule_id, taint, code)
    return [lb for lb in labels if table.keep(lb)]


def app_labels(rule_id: str, taint: Taint, code: str) -> list[Label]:
    """Rendering what the app's own API sent counts as model text when the sink is named like an answer."""
    if rule_id != "AIS304" or not _LLM_ISH.search(code[:300]):
        return []
    if any(lb.kind == LLM and lb.active_for(rule_id) for lb in taint):
        return []
    return [lb for lb in taint if lb.kind == FETCHED and lb.category == APP and lb.active_for(rule_id)]
