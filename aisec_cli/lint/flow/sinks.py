"""Sinks as data: the calls whose arguments a flow rule reports, read from its `flow.sinks` table.

Each entry of a rule's ``flow.sinks`` list in rules/lint.yaml (or a user's rule file) names
calls — ``python:`` / ``javascript:`` function names, resolved through imports or as written,
and ``methods:`` (``obj.m(...)``, optionally only on a ``receiver`` matching a pattern) — and
which arguments are the sink (``args``: positions or ``all``; ``keywords``: Python keyword
arguments). The adapters only answer syntax questions about one call (:class:`CallSite`);
matching and reporting happen here, the same for both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from aisec_cli.core.findings import Severity
from aisec_cli.core.regex import compile_rule_pattern
from aisec_cli.lint.taint import CLEAN, Label, Taint, union

LANGUAGES = ("python", "javascript")
ALL = -1  # ``args: all``: every argument of the call


@dataclass(frozen=True, slots=True)
class SinkSpec:
    """One entry of a rule's sink table."""

    rule: str
    calls: Mapping[str, tuple[str, ...]]  # language → function names
    methods: tuple[str, ...] = ()
    method_languages: tuple[str, ...] = LANGUAGES
    receiver: Any = None  # a compiled pattern (RE2 for a user's file)
    args: tuple[int, ...] = (0,)
    keywords: tuple[str, ...] = ()
    label: str = "{name}()"
    severity: Severity | None = None


class CallSite(Protocol):
    """What the core asks an adapter about one call expression."""

    language: str
    name: str  # the callee as written (``os.system``, ``vm.runInNewContext``)
    qual: str  # the callee resolved through imports
    last: str  # last segment of the callee as written
    method: str  # ``m`` of ``obj.m(...)``, "" for a plain call
    node: Any  # the call: where a finding is anchored

    def receiver_name(self) -> str:
        """The receiver's type (when known) or its text, for ``obj.m(...)``."""
        ...

    def positional(self, index: int) -> Taint | None:
        """Taint of the ``index``-th positional argument; None when there is none."""
        ...

    def keyword_arg(self, name: str) -> Taint | None:
        """Taint of keyword argument ``name``; None when not given (Python only)."""
        ...

    def every_arg(self) -> Taint:
        ...


class Reporter(Protocol):
    def sink(
        self,
        rule: str,
        taint: Taint,
        anchor: Any,
        sink: str,
        severity: Severity | None = None,
        kinds: frozenset[str] | None = None,
        escalate: tuple[Label, Severity] | None = None,
    ) -> bool: ...


@dataclass(frozen=True, slots=True)
class SinkIndex:
    """The sink tables of all rules, indexed by callee name and by method name per language."""

    calls: Mapping[str, Mapping[str, tuple[SinkSpec, ...]]]
    methods: Mapping[str, Mapping[str, tuple[SinkSpec, ...]]]


def parse_sinks(rule: str, entries: Iterable[Mapping[str, Any]], origin: str = "") -> tuple[SinkSpec, ...]:
    """The ``flow.sinks`` list of one rule (already checked against the schema); a user's
    ``receiver`` pattern (``origin``: its file) is compiled with RE2 only."""
    out: list[SinkSpec] = []
    for entry in entries:
        args = entry.get("args", [0])
        positions = (ALL,) if args == "all" else tuple(int(a) for a in args)
        pattern = entry.get("receiver")
        severity = entry.get("severity")
        out.append(
            SinkSpec(
                rule=rule,
                calls={lang: tuple(str(n) for n in entry.get(lang, ()) or ()) for lang in LANGUAGES if entry.get(lang)},
                methods=tuple(str(m) for m in entry.get("methods", ()) or ()),
                method_languages=tuple(entry.get("languages", LANGUAGES)),
                receiver=compile_rule_pattern(str(pattern), f"{origin or 'lint.yaml'}: {rule} sinks", bool(origin)) if pattern else None,
                args=positions,
                keywords=tuple(str(k) for k in entry.get("keywords", ()) or ()),
                label=str(entry.get("label", "{name}()")),
                severity=Severity(str(severity).lower()) if severity else None,
            )
        )
    return tuple(out)


def build_index(specs: Iterable[SinkSpec]) -> SinkIndex:
    calls: dict[str, dict[str, list[SinkSpec]]] = {lang: {} for lang in LANGUAGES}
    methods: dict[str, dict[str, list[SinkSpec]]] = {lang: {} for lang in LANGUAGES}
    for spec in specs:
        for lang, names in spec.calls.items():
            for name in names:
                calls[lang].setdefault(name, []).append(spec)
        for lang in spec.method_languages:
            for name in spec.methods:
                methods[lang].setdefault(name, []).append(spec)
    return SinkIndex(
        calls={lang: {k: tuple(v) for k, v in table.items()} for lang, table in calls.items()},
        methods={lang: {k: tuple(v) for k, v in table.items()} for lang, table in methods.items()},
    )


def table_sinks(index: SinkIndex, flow: Reporter, site: CallSite) -> None:
    """Report the arguments of ``site`` that the sink tables name (each matching entry once)."""
    calls = index.calls.get(site.language, {})
    found: list[SinkSpec] = []
    for key in (site.qual, site.name):
        for spec in calls.get(key, ()) if key else ():
            if spec not in found:
                found.append(spec)
    if site.method:
        receiver: str | None = None
        for spec in index.methods.get(site.language, {}).get(site.method, ()):
            if spec in found:
                continue
            if spec.receiver is not None:
                if receiver is None:
                    receiver = site.receiver_name()
                if not spec.receiver.search(receiver):
                    continue
            found.append(spec)
    for spec in found:
        taint = _argument(spec, site)
        if taint:
            flow.sink(spec.rule, taint, site.node, _label(spec, site), severity=spec.severity)


def _argument(spec: SinkSpec, site: CallSite) -> Taint:
    if spec.args == (ALL,):
        return site.every_arg()
    for name in spec.keywords:
        taint = site.keyword_arg(name)
        if taint is not None:
            return taint
    return union(CLEAN, *(t for t in map(site.positional, spec.args) if t is not None))


def _label(spec: SinkSpec, site: CallSite) -> str:
    if "{" not in spec.label:
        return spec.label
    receiver = site.receiver_name() if "{receiver}" in spec.label else ""
    values = {
        "name": site.name or site.method,
        "qual": site.qual or site.name,
        "callee": (site.qual or site.name).rsplit(".", 1)[-1],
        "last": site.last,
        "method": site.method,
        "receiver": receiver,
    }
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), spec.label)
