"""Analyse one Python source: parse, collect facts, run flow, limit and flag rules."""

from __future__ import annotations

import ast
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace

from aisec_cli.core.lazyre import LazyRegex
from aisec_cli.lint.flow.project import project_for
from aisec_cli.lint.flow.rules import flow_rule_ids
from aisec_cli.lint.hits import Hit
from aisec_cli.lint.python import downlevel
from aisec_cli.lint.python import facts as facts_mod
from aisec_cli.lint.python.flags import Flags
from aisec_cli.lint.python.flow import ModuleFlow
from aisec_cli.lint.python.limits import Limits
from aisec_cli.lint.settings import LintSettings

_PY2 = (
    (LazyRegex(r"^\s*print\s+[\"'\w(][^=\n]*$", re.M), "print statement"),
    (LazyRegex(r"^\s*except\s+[\w.]+\s*,\s*\w+\s*:", re.M), "`except X, e:`"),
    (LazyRegex(r"^\s*exec\s+[\"']", re.M), "exec statement"),
    (LazyRegex(r"^\s*raise\s+\w+\s*,", re.M), "`raise E, msg`"),
    (LazyRegex(r"(?<![\w.\-])0[0-7]+[lL]?\b"), "old octal literal"),
    (LazyRegex(r"<>"), "`<>` operator"),
    (LazyRegex(r"\bur[\"']"), "ur'' literal"),
)

_NEEDS_STRINGS = frozenset({"print statement", "exec statement", "ur'' literal"})
_STRING = LazyRegex(r"""([\"'])(?:\\.|(?!\1).)*\1""")


# Statements of Python versions newer than this interpreter's (3.12's PEP 695): a file that
# fails on one of them is valid source for its project, and was not examined.
_NEWER_STATEMENT = LazyRegex(r"^\s*(?:type\s+[A-Za-z_]\w*\s*(?:\[[^\]]*\]\s*)?=|(?:async\s+)?def\s+\w+\s*\[|class\s+\w+\s*\[)")


class PythonSyntaxProblem(Exception):
    """The source could not be parsed; the message says why. ``newer``: the source uses
    syntax newer than this interpreter's (valid, not examined), rather than being broken."""

    def __init__(self, message: str, newer: bool = False) -> None:
        super().__init__(message)
        self.newer = newer


def parse(text: str, path: str) -> ast.Module:
    try:
        return downlevel.parse(text, path)
    except SyntaxError as exc:
        message = syntax_problem(text, exc)
        raise PythonSyntaxProblem(message, message.endswith(_NEWER_HINT)) from None
    except (ValueError, MemoryError, RecursionError) as exc:
        raise PythonSyntaxProblem(f"cannot parse: {exc}") from None


def syntax_problem(text: str, exc: SyntaxError, line_of: Callable[[int], int] = lambda n: n) -> str:
    """Why ``text`` does not parse: Python 2 only when the failing line itself is Python 2."""
    lineno = exc.lineno or 1
    lines = text.splitlines()
    failing = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    code = _STRING.sub('""', failing)  # dates like "2024-01-05" are no octal literals
    for pattern, what in _PY2:
        if pattern.search(failing if what in _NEEDS_STRINGS else code):
            return f"Python 2 source ({what}, line {line_of(lineno)}): not analysed"
    newer = "f-string" in (exc.msg or "") or bool(_NEWER_STATEMENT.match(failing))
    return f"syntax error at line {line_of(lineno)}: {exc.msg}{_NEWER_HINT if newer else ''}"


_NEWER_HINT = " (newer Python syntax than this interpreter supports)"


_PARSED_KEPT = 32  # modules whose tree and facts are kept: the file linted and the modules it imports
_parsed: OrderedDict[tuple[str, str], facts_mod.ModuleFacts] = OrderedDict()


def parsed(text: str, path: str) -> facts_mod.ModuleFacts:
    """The facts (with the tree) of module ``path`` holding ``text``, parsed once whether the
    file is linted or read for the summaries of its functions (neither changes the tree).
    Each caller gets its own memo of classified calls, as with a fresh parse."""
    key = (path, text)
    found = _parsed.get(key)
    if found is None:
        found = facts_mod.collect(parse(text, path), path)
        _parsed[key] = found
        if len(_parsed) > _PARSED_KEPT:
            _parsed.popitem(last=False)
    else:
        _parsed.move_to_end(key)
    return replace(found, call_cache={})


def analyze(text: str, path: str, settings: LintSettings, rules: frozenset[str], is_test: bool) -> list[Hit]:
    facts = parsed(text, path)
    tree = facts.tree
    lines = text.splitlines()
    hits: list[Hit] = []
    flow_rules = rules & flow_rule_ids()
    flow_hits: list[Hit] = []
    if flow_rules:
        flow_hits = ModuleFlow(facts, lines, settings, flow_rules, project=project_for(settings, flow_rules, path)).run()
        hits += flow_hits
    if rules & frozenset({"AIS401", "AIS402", "AIS403", "AIS404", "AIS405", "AIS406"}):
        hits += Limits(facts, lines, rules).run()
    flow_lines = {(h.rule_id, h.span.line) for h in flow_hits}
    hits += Flags(facts, lines, rules, path, is_test, settings.torch_min_version, flow_lines).run()
    return hits
