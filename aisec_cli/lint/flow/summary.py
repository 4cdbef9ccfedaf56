"""Function summaries: which parameters reach the return value and which reach sinks."""

from __future__ import annotations

from dataclasses import dataclass, field

from aisec_cli.core.findings import Severity
from aisec_cli.lint.hits import Span
from aisec_cli.lint.taint import CLEAN, PARAM, Label, Taint, substitute, union


@dataclass(frozen=True, slots=True)
class SinkRecord:
    """A parameter of a function reaches a sink inside it (reported at the caller's argument).

    ``path``/``file`` say where the sink is when the summary comes from another module.
    """

    param: str
    rule: str
    span: Span
    code: str
    sink: str
    label: Label
    severity: Severity | None = None
    file: str = ""
    steps: tuple[tuple[str, int, str], ...] = ()  # (module, line, callee) of each call on the way
    # (a parameter label, severity): the finding takes that severity when what the caller passes
    # for that parameter holds a secret of the caller's (AIS506: the key sent with the URL)
    escalate: tuple[Label, Severity] | None = None


SinkKey = tuple[str, str, Span, str]


@dataclass(slots=True)
class Summary:
    ret: Taint = CLEAN
    sinks: dict[SinkKey, SinkRecord] = field(default_factory=dict)

    def signature(self) -> tuple[frozenset[object], frozenset[object]]:
        """Everything a caller reads, paths included: a shorter path found later reaches the
        callers too, so the fixpoint (not the visiting order) decides the path a finding shows."""
        return frozenset(self.ret), frozenset(self.sinks.items())

    def add_sink(self, rec: SinkRecord) -> None:
        """Keep one record per parameter, rule, sink and conversion: the least by :func:`record_rank`."""
        key = (rec.param, rec.rule, rec.span, rec.file + "|" + rec.label.conv + ",".join(sorted(rec.label.cleared)))
        old = self.sinks.get(key)
        if old is None or record_rank(rec) < record_rank(old):
            self.sinks[key] = rec

    def empty(self) -> bool:
        return not self.ret and not self.sinks


def record_rank(rec: SinkRecord) -> tuple[object, ...]:
    """A total order on sink records (the label's, then the calls on the way, then the rest)."""
    return (
        rec.label.rank(), rec.steps, rec.code, rec.sink, rec.severity.value if rec.severity else "",
        rec.escalate[0].rank() if rec.escalate else (), rec.escalate[1].value if rec.escalate else "",
    )


def returned(summary: Summary, actual: dict[str, Taint], callee: str, where: str = "") -> Taint:
    """What a call returns: the summary's labels, parameters replaced by the caller's arguments.

    A label made in another module records where the call is (``where``: ``path:line``),
    so the finding's path shows each call between the modules."""
    parts: list[Taint] = []  # one union at the end: unioning label by label is quadratic
    for label in summary.ret:
        if label.kind == PARAM:
            parts.append(substitute(label, actual.get(label.origin, CLEAN), f"{callee}()"))
        else:
            step = f"{callee}() ({where})" if label.file and where else f"{callee}()"
            parts.append(frozenset({label.through(step)}))
    return union(*parts)
