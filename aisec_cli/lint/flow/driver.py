"""The fixpoint driver: module-wide state with versioned reads, pruning of unreachable functions.

Every piece of state one function writes and another reads (summaries, class fields,
globals, a closure's enclosing variables, callback parameters) goes through this class.
Each read remembers the version it saw; a round is stable when nothing it read changed
afterwards, so most modules need one round and a change is never missed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping

from aisec_cli.lint.flow.env import Env, signature
from aisec_cli.lint.flow.summary import SinkRecord, Summary, record_rank
from aisec_cli.lint.hits import Hit
from aisec_cli.lint.settings import LintSettings
from aisec_cli.lint.taint import CLEAN, Taint, union

MAX_ROUNDS = 5


def _keys(taint: Taint) -> frozenset[object]:
    """What a reader of ``taint`` sees, paths included (a shorter path is a change to pass on)."""
    return frozenset(taint)


def hit_rank(hit: Hit) -> tuple[object, ...]:
    """A total order on the hits of one sink: by the places the flow goes through (its source
    first, then each call on the way), then the shortest path and its text."""
    places = tuple(
        (str(step.get("path", "")), int(step.get("line", 0) or 0), str(step.get("message", "")))
        for step in hit.extra.get("_flow_locations", ())
    )
    return (places, len(hit.flow), hit.flow, hit.message, hit.code, hit.severity.value if hit.severity else "")


class ModuleDriver:
    """State shared by the functions of one module while the flow runs to a fixpoint."""

    def __init__(self, settings: LintSettings, rules: frozenset[str]) -> None:
        self.settings = settings
        self.rules = rules
        self.summaries: dict[Hashable, Summary] = {}
        self.fields: dict[Hashable, Taint] = {}
        self.module_env: Env = {}
        self.envs: dict[Hashable, Env] = {}
        self._env_sigs: dict[Hashable, frozenset[object]] = {}
        self.seeds: dict[Hashable, Taint] = {}
        self.outer: dict[Hashable, dict[object, SinkRecord]] = {}
        self.hits: dict[tuple[str, str, int, int], Hit] = {}
        self.has_model_calls = False
        self.rounds = 0
        self._versions: dict[Hashable, int] = {}
        self._reads: dict[Hashable, int] = {}

    # -- the fixpoint ----------------------------------------------------------------------

    def fixpoint(self, one_round: Callable[[], None]) -> list[Hit]:
        """Run rounds until nothing read in a round changed after it was read."""
        stable: dict[tuple[str, str, int, int], Hit] = {}
        for round_no in range(MAX_ROUNDS):
            self.hits = {}
            self._reads = {}
            self.start_round()
            one_round()
            stable = self.hits
            self.rounds = round_no + 1
            if all(self._versions.get(key, 0) == seen for key, seen in self._reads.items()):
                break
        return list(stable.values())

    def start_round(self) -> None:
        """Hook for per-round state of an adapter."""

    # -- versioned state -------------------------------------------------------------------

    def read(self, key: Hashable) -> None:
        self._reads.setdefault(key, self._versions.get(key, 0))

    def bump(self, key: Hashable) -> None:
        self._versions[key] = self._versions.get(key, 0) + 1

    def set_summary(self, key: Hashable, summary: Summary) -> None:
        old = self.summaries.get(key)
        if old is None or old.signature() != summary.signature():
            self.bump(("summary", key))
        self.summaries[key] = summary

    def get_summary(self, key: Hashable) -> Summary | None:
        self.read(("summary", key))
        return self.summaries.get(key)

    def add_field(self, key: Hashable, taint: Taint) -> None:
        old = self.fields.get(key, CLEAN)
        new = union(old, taint)
        if _keys(new) != _keys(old):
            self.bump(("field", key))
            self.fields[key] = new

    def get_field(self, key: Hashable) -> Taint:
        self.read(("field", key))
        return self.fields.get(key, CLEAN)

    def set_global(self, name: str, taint: Taint) -> None:
        old = self.module_env.get(name, CLEAN)
        if _keys(taint) != _keys(old):
            self.bump(("global", name))
        self.module_env[name] = taint

    def get_global(self, name: str) -> Taint | None:
        self.read(("global", name))
        return self.module_env.get(name)

    def set_env(self, key: Hashable, env: Env) -> None:
        """A function's variables at its end, for the closures defined inside it."""
        sig = signature(env)
        if self._env_sigs.get(key) != sig:
            self.bump(("env", key))
            self._env_sigs[key] = sig
        self.envs[key] = env

    def get_env(self, key: Hashable) -> Env | None:
        self.read(("env", key))
        return self.envs.get(key)

    def add_seed(self, key: Hashable, taint: Taint) -> None:
        """Taint a callback's parameter gets from the call it is passed to (arr.map(cb))."""
        old = self.seeds.get(key, CLEAN)
        new = union(old, taint)
        if _keys(new) != _keys(old):
            self.bump(("seed", key))
            self.seeds[key] = new

    def get_seed(self, key: Hashable) -> Taint:
        self.read(("seed", key))
        return self.seeds.get(key, CLEAN)

    def add_outer_sink(self, key: Hashable, rec: SinkRecord) -> None:
        """A closure's sink reached by a parameter of a function around it (``key``: that
        function's parameter): it becomes a sink of that function's summary."""
        records = self.outer.setdefault(key, {})
        slot = (rec.rule, rec.span, rec.file, rec.label.conv, rec.label.cleared)
        old = records.get(slot)
        if old is None or record_rank(rec) < record_rank(old):
            records[slot] = rec
            self.bump(("outer", key))

    def outer_sinks(self, key: Hashable) -> list[SinkRecord]:
        self.read(("outer", key))
        return list(self.outer.get(key, {}).values())

    def add_hit(self, hit: Hit) -> None:
        key = (hit.rule_id, str(hit.extra.get("path", "")), hit.span.line, hit.span.col)  # a sink in another file has its path
        old = self.hits.get(key)
        if old is None or hit_rank(hit) < hit_rank(old):  # the least, never the first reported
            self.hits[key] = hit


def relevant_units(
    seeds: Iterable[int],
    callees: Mapping[int, Iterable[int]],
    groups: Iterable[Iterable[int]] = (),
) -> set[int]:
    """Functions the flow must visit: the seeds (functions with a source), the groups they
    share state with (a class's methods, nested closures), their callers transitively and
    everything those call. The rest cannot see tainted data."""
    relevant = set(seeds)
    for members in groups:
        members = set(members)
        if relevant & members:
            relevant |= members
    callers: dict[int, set[int]] = {}
    for caller, targets in callees.items():
        for t in targets:
            callers.setdefault(t, set()).add(caller)
    stack = list(relevant)
    while stack:
        for caller in callers.get(stack.pop(), ()):
            if caller not in relevant:
                relevant.add(caller)
                stack.append(caller)
    stack = list(relevant)
    while stack:
        for callee in callees.get(stack.pop(), ()):
            if callee not in relevant:
                relevant.add(callee)
                stack.append(callee)
    return relevant


def bottom_up(units: Iterable[int], callees: Mapping[int, list[int]]) -> list[int]:
    """Unit ids ordered callees first, so one round usually suffices."""
    order: list[int] = []
    state: set[int] = set()
    for root in units:
        if root in state:
            continue
        stack: list[tuple[int, int]] = [(root, 0)]
        state.add(root)
        while stack:
            node_id, index = stack.pop()
            targets = callees.get(node_id, [])
            if index < len(targets):
                stack.append((node_id, index + 1))
                nxt = targets[index]
                if nxt not in state:
                    state.add(nxt)
                    stack.append((nxt, 0))
            else:
                order.append(node_id)
    return order


def callee_closure(seeds: Iterable[int], callees: Mapping[int, Iterable[int]], groups: Iterable[Iterable[int]] = ()) -> set[int]:
    """The seeds, the groups they belong to (closures sharing variables) and everything they
    call, transitively: what one function's summary depends on."""
    members = [set(g) for g in groups]
    out: set[int] = set()
    stack = list(seeds)
    while stack:
        cur = stack.pop()
        if cur in out:
            continue
        out.add(cur)
        stack.extend(callees.get(cur, ()))
        for group in members:
            if cur in group:
                stack.extend(group - out)
    return out
