"""What every language's function walker shares: the environment, sinks, reports and summary calls.

An adapter subclasses :class:`FunctionState` and supplies the syntax: how to walk its
parser's statements and expressions, ``span``/``code`` of an anchor node and
``lookup_path`` (which may consult fields, globals or enclosing functions).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from aisec_cli.core.findings import Severity
from aisec_cli.lint.flow import rules as R
from aisec_cli.lint.flow.driver import ModuleDriver
from aisec_cli.lint.flow.env import Env, is_path, root_of
from aisec_cli.lint.flow.summary import SinkRecord, Summary, returned
from aisec_cli.lint.hits import Hit, Span
from aisec_cli.lint.taint import CLEAN, PARAM, Label, Taint, holds_secret, substitute, validated
from aisec_cli.core.lazyre import LazyRegex


class FunctionState:
    """One function (or the module body) being walked: its environment and its summary."""

    mod: ModuleDriver
    is_module: bool

    def __init__(self) -> None:
        self.env: Env = {}
        # Names that ever had a derived path (``x.attr``, ``x[...]``) bound in ``env``: a plain
        # ``x = ...`` only scans ``env`` for stale ``x.…`` paths when ``x`` is here, which keeps
        # a module of N assignments linear instead of N × |env|.
        self.derived_roots: set[str] = set()
        self.summary = Summary()
        self.concrete_hit = False

    # -- long chains ------------------------------------------------------------------------

    _chain_memo: dict[int, Taint] | None = None  # links of a long chain being evaluated

    def chain_child(self, node: Any) -> Any | None:
        """The link nested in ``node`` (the object of ``x.a``, ``x[0]``, ``f(…).g``), or None."""
        raise NotImplementedError

    def node_key(self, node: Any) -> int:
        """A key that names ``node`` while the tree lives."""
        raise NotImplementedError

    def eval_link(self, node: Any) -> Taint:
        """``node``'s taint by its own rule (its inner link read from the memo)."""
        raise NotImplementedError

    def deep_chain(self, node: Any) -> Taint:
        """A long chain (``x.a.b…``, ``x[0][1]…``, ``p.then(…).then(…)…``, each link nested in the
        next): its links are evaluated innermost first and remembered, so evaluating each link
        reads the one inside it instead of recursing down the whole chain."""
        links: list[Any] = []
        current: Any | None = node
        while current is not None:
            links.append(current)
            current = self.chain_child(current)
        self._chain_memo = memo = {}
        try:
            for link in reversed(links):
                memo[self.node_key(link)] = self.eval_link(link)
            return memo[self.node_key(node)]
        finally:
            self._chain_memo = None

    # -- syntax the adapter supplies -------------------------------------------------------

    def span(self, anchor: Any) -> Span:
        raise NotImplementedError

    def code(self, anchor: Any) -> str:
        raise NotImplementedError

    def lookup_path(self, path: str) -> Taint:
        return self.env.get(path, CLEAN)

    # -- environment -----------------------------------------------------------------------

    def bind_path(self, path: str, taint: Taint) -> None:
        """``env[path] = taint``, remembering the root name of a derived path."""
        self.env[path] = taint
        if is_path(path):
            self.derived_roots.add(root_of(path))

    def rebind_name(self, name: str, taint: Taint) -> None:
        """``name = value``: facts about the old value's attributes and items are gone."""
        self.env[name] = taint
        if name in self.derived_roots:
            dotted, indexed = name + ".", name + "["
            for key in [k for k in self.env if k.startswith((dotted, indexed))]:
                del self.env[key]

    def validate(self, paths: Iterable[str]) -> None:
        """Paths that passed an allow-list / constant comparison in this branch."""
        for path in paths:
            self.bind_path(path, validated(self.lookup_path(path)))

    # -- closures ----------------------------------------------------------------------------

    def outer_param(self, label: Label) -> tuple[int, str] | None:
        """For a closure: the (line, slot) of a parameter of a function around it that
        ``label`` stands for; None when it is this function's own (the default)."""
        return None

    def add_outer_sinks(self, line: int, slots: Iterable[str]) -> None:
        """Sinks of the closures inside this function reached by its parameters."""
        for slot in slots:
            for rec in self.mod.outer_sinks((line, slot)):
                self.summary.add_sink(rec)

    # -- sinks and reports -----------------------------------------------------------------

    def sink(
        self,
        rule: str,
        taint: Taint,
        anchor: Any,
        sink: str,
        severity: Severity | None = None,
        kinds: frozenset[str] | None = None,
        escalate: tuple[Label, Severity] | None = None,
    ) -> bool:
        """Report labels of ``taint`` relevant to ``rule`` at ``anchor``. True if any.
        ``escalate``: a parameter whose caller's argument, when it holds a secret, raises the
        severity of the finding the caller gets (see :class:`SinkRecord`)."""
        if rule not in self.mod.rules or not taint:
            return False
        code = self.code(anchor)
        labels = R.reportable(rule, taint, code, kinds)
        if not labels:
            return False
        self.report(rule, labels, self.span(anchor), code, sink, severity, escalate=escalate)
        self.concrete_hit = any(lb.kind != PARAM for lb in labels)
        return True

    def report(
        self,
        rule: str,
        labels: list[Label],
        span: Span,
        code: str,
        sink: str,
        severity: Severity | None = None,
        record: SinkRecord | None = None,
        call: tuple[Span, str] | None = None,
        escalate: tuple[Label, Severity] | None = None,
    ) -> None:
        """Symbolic labels go into the summary; concrete ones become a finding at the sink
        (in another module when ``record`` comes from that module's summary, or at ``call``,
        the call leading there, when only some files are reported and that one is not)."""
        if not self.is_module:
            for lb in labels:
                if lb.kind == PARAM:
                    if record is not None:
                        rec = _rebased(record, lb)
                    else:
                        rec = SinkRecord(lb.origin, rule, span, code, sink, lb, severity, escalate=escalate)
                    outer = self.outer_param(lb)
                    if outer is None:
                        self.summary.add_sink(rec)
                    else:
                        self.mod.add_outer_sink(outer, rec)
        concrete = sorted((lb for lb in labels if lb.kind != PARAM), key=_label_order)
        if not concrete:
            return
        first = concrete[0]
        sink_file = record.file if record is not None else ""
        here = self.mod.path
        anchor_path = ""
        if record is not None and record.file:
            span, code = record.span, record.code
            only = self.mod.settings.report_only
            if call is not None and only is not None and record.file not in only:
                anchor_path = here
                anchor_span, anchor_code = call
        sink_where = f"{sink_file}, line {span.line}" if sink_file else f"line {span.line}"
        described = first.describe()
        if sink_file and not first.file and here:
            described = described.replace(f"(line {first.line})", f"({here}, line {first.line})", 1)
        message = f"{described[:1].upper()}{described[1:]} {R.wording(rule)}: `{sink}` ({sink_where})."
        calls = record.steps if record is not None else ()
        src_path = first.file or here
        steps = [_step(first.file if (first.file or not sink_file) else here, first.line, first.origin)]
        steps += [f"via {v}" for v in first.via]
        steps += [_step(p, n, what) for p, n, what in calls]
        steps.append(_step(sink_file, span.line, sink))
        returns = [m.groups() for m in map(_CALL_AT.match, first.via) if m]
        locations = [
            {"path": src_path, "line": first.line, "message": f"{first.describe().split(' from ', 1)[0]}: {first.origin}"},
            *({"path": p, "line": int(n), "message": f"returned by {what}"} for what, p, n in returns),
            *({"path": p, "line": n, "message": f"call {what}"} for p, n, what in calls),
            {"path": sink_file or here, "line": span.line, "message": f"sink: {sink}"},
        ]
        extra: dict[str, object] = {"_flow_locations": locations}
        if anchor_path:
            span, code = anchor_span, anchor_code
        elif sink_file:
            extra["path"] = sink_file
        self.mod.add_hit(Hit(rule, span, message, code=code, flow=tuple(steps), sdk=first.sdk, severity=severity, extra=extra))

    # -- calls to functions with a summary -------------------------------------------------

    def _escalation(
        self, rec: SinkRecord, actual: dict[str, Taint], callee: str, line: int
    ) -> tuple[Severity | None, tuple[Label, Severity] | None]:
        """The severity a caller's finding takes from the record's ``escalate`` parameter: raised
        when the caller passes a secret of its own there; passed on when the caller hands over
        a parameter of its own (one level further up)."""
        if rec.escalate is None:
            return rec.severity, None
        label, raised = rec.escalate
        given = substitute(label, actual.get(label.origin, CLEAN), f"{callee}() (line {line})")
        if holds_secret(given, self.lookup_path):
            return raised, None
        params = sorted((lb for lb in given if lb.kind == PARAM), key=Label.rank)
        if params and not any(lb.kind != PARAM for lb in given):
            return rec.severity, (params[0], raised)
        return rec.severity, None


    def call_summary(self, summary: Summary, actual: dict[str, Taint], callee: str, line: int, anchor: Any = None) -> Taint:
        """Apply a callee's summary at a call: the returned taint, and the callee's sinks
        reached by the caller's arguments (a sink in another module keeps its place there)."""
        for rec in summary.sinks.values():
            arg = actual.get(rec.param)
            if not arg or rec.rule not in self.mod.rules:
                continue
            sub = substitute(rec.label, arg, f"{callee}() (line {line})")
            labels = R.reportable(rec.rule, sub, rec.code)
            if not labels:
                continue
            severity, escalate = self._escalation(rec, actual, callee, line)
            if rec.file:
                step = (self.mod.path, line, f"{callee}()")
                call = (self.span(anchor), self.code(anchor)) if anchor is not None else None
                self.report(rec.rule, labels, rec.span, rec.code, rec.sink, severity, record=replace(rec, steps=(*rec.steps, step), severity=severity, escalate=escalate), call=call)
            else:
                self.report(rec.rule, labels, rec.span, rec.code, rec.sink, severity, escalate=escalate)
        return returned(summary, actual, callee, f"{self.mod.path}:{line}" if self.mod.path else "")


def _label_order(lb: Label) -> tuple[str, int, str, int, tuple[str, ...], str, str]:
    """The order labels are reported in: by source, then the shortest path (its text breaks ties), never a set's order."""
    return (lb.file, lb.line, lb.origin, len(lb.via), lb.via, lb.kind, lb.category)


_CALL_AT = LazyRegex(r"^(.+\(\)) \(([^()]+):(\d+)\)$")  # `f() (path:line)`: a call in another module


def _step(path: str, line: int, what: str) -> str:
    return f"{path}:{line}: {what}" if path else f"line {line}: {what}"


def _rebased(rec: SinkRecord, label: Label) -> SinkRecord:
    """A cross-file sink record passed on through this function's parameter ``label``."""
    return SinkRecord(label.origin, rec.rule, rec.span, rec.code, rec.sink, label, rec.severity, rec.file, rec.steps, rec.escalate)
