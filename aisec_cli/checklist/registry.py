"""The evaluators of the checklist, registered by item id (one YAML entry + one evaluator each).

An evaluator is a pure function of the shared evidence view, named for what it checks; the
registration carries what the item cannot PASS without (engines and collectors), what it needs
to say SKIP, and where its report finding points when no evidence line has a location.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Conditional needs: "pii?data" (only when the tree holds data files), "pii?logs" (log files).
CONDITIONAL = {"data": "data_files", "logs": "log_files"}


@dataclass(frozen=True, slots=True)
class Evaluator:
    item_id: str
    check: Callable[[Any], Any]  # View -> Verdict
    needs: tuple[str, ...]
    skip_needs: tuple[str, ...] = ("signals",)
    home: str = ""  # the file a finding points at when no evidence has a location
    policy: bool = False  # the policy file can decide it (findings point there)

    def needed(self, facts: Any) -> tuple[str, ...]:
        out = []
        for name in self.needs:
            engine, _, when = name.partition("?")
            if when and not getattr(facts, CONDITIONAL[when]):
                continue
            out.append(engine)
        return tuple(out)


EVALUATORS: dict[str, Evaluator] = {}


def evaluator(
    item_id: str,
    *,
    needs: tuple[str, ...],
    skip_needs: tuple[str, ...] = ("signals",),
    home: str = "",
    policy: bool = False,
) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
    """Register ``check`` as the evaluator of ``item_id`` (once)."""

    def register(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
        if item_id in EVALUATORS:
            raise ValueError(f"checklist item {item_id} registered twice")
        EVALUATORS[item_id] = Evaluator(item_id, check, needs, skip_needs, home, policy)
        return check

    return register
