"""Inline suppressions: ``aisec: ignore[ID] reason`` in any comment syntax.

Forms (IDs may be full ids, rule names, or prefixes such as ``KEY`` or ``AIS4``):

- ``aisec: ignore[KEY001] reason``            the line it stands on
- ``aisec: ignore-next-line[AIS401] reason``  the next line
- ``aisec: file-ignore[PRM101] reason``       the whole file
- ``aisec: ignore`` (no brackets)             every rule, on that line

For users coming from other scanners, every finding about a key (``KEY…`` in scan, ``AIS101``
in lint, ``PII114`` in redact: one key is one problem) honours ``pragma: allowlist secret``,
``pragma: allowlist nextline secret`` and ``gitleaks:allow``; a marker naming a ``KEY`` rule
(``aisec: ignore[KEY001]``) silences that key in every engine too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from aisec_cli.core.document import Document
from aisec_cli.core.fences import code_samples
from aisec_cli.core.findings import Finding
from aisec_cli.core.lazyre import LazyRegex

_MARKER = LazyRegex(
    r"aisec:\s*(?P<kind>ignore-next-line|file-ignore|ignore)"
    r"(?:\[(?P<ids>[^\]]*)\])?(?P<reason>[^\n]*)"
)
# Other scanners' markers, each pattern led by a literal (one alternation of both had none: a
# 5.8 MB dataset took 80 ms to search instead of 10).
_FOREIGN = (
    LazyRegex(r"pragma:\s*allowlist\s+(?P<next>nextline\s+)?secret"),
    LazyRegex(r"gitleaks:allow"),
)
_COMMENT_END = LazyRegex(r"\s*(?:\*/|-->|#>|\}\}|%\})\s*$")


@dataclass(frozen=True, slots=True)
class Suppression:
    line_index: int  # 0-based line of text the marker applies to (-1: whole file)
    ids: tuple[str, ...]  # empty: every rule
    reason: str
    marker_line: int  # 0-based line where the marker is written
    foreign: bool = False  # pragma / gitleaks forms, secrets only

    def covers(self, finding: Finding, rule_name: str = "") -> bool:
        key = reports_key(finding)
        if self.foreign and not key:
            return False
        if not self.ids:
            return True
        return any(
            finding.rule_id.startswith(i.upper())
            or (rule_name and i == rule_name)
            or (key and i.upper().startswith("KEY"))  # a key marker silences that key in every engine
            for i in self.ids
        )


def reports_key(finding: Finding) -> bool:
    """True for a finding about a key literal: ``KEY…`` in scan, ``AIS101`` in lint, ``PII114`` in redact."""
    return finding.rule_id.startswith("KEY") or bool(finding.properties.get("_secret_digest"))


def parse(document: Document) -> list[Suppression]:
    """Every suppression marker in ``document``."""
    text = document.text
    if "aisec:" not in text and "allowlist" not in text and "gitleaks:allow" not in text:
        return []
    found: list[Suppression] = []
    for match in _MARKER.finditer(text):
        if _quoted(text, match.start()):
            continue  # an example inside a string or inline code, not a directive
        line = document.line_index_of(match.start())
        kind = match.group("kind")
        ids_text = match.group("ids")
        ids = tuple(i.strip() for i in ids_text.split(",") if i.strip()) if ids_text else ()
        reason = _COMMENT_END.sub("", match.group("reason")).strip(" :-—")
        target = {"ignore": line, "ignore-next-line": line + 1, "file-ignore": -1}[kind]
        found.append(Suppression(target, ids, reason, line))
    for match in sorted((m for pattern in _FOREIGN for m in pattern.finditer(text)), key=lambda m: m.start()):
        line = document.line_index_of(match.start())
        target = line + 1 if match.groupdict().get("next") else line
        found.append(Suppression(target, (), match.group(0), line, foreign=True))
    return found


def _quoted(text: str, offset: int) -> bool:
    """True when the marker stands inside an open string or inline-code span on its line."""
    prefix = text[text.rfind("\n", 0, offset) + 1 : offset]
    return prefix.endswith("`") or any(prefix.count(q) % 2 for q in ('"', "'", "`"))


def apply(
    document: Document,
    findings: Sequence[Finding],
    rule_names: dict[str, str] | None = None,
    families: Iterable[str] = (),
) -> tuple[list[Finding], list[Finding], list[Suppression]]:
    """Split ``findings`` into (kept, suppressed) and list the unused markers.

    ``families`` are the id prefixes this run checks (``KEY``, ``AIS`` …): a marker that names
    only other families is not reported as unused.
    """
    markers = parse(document)
    if not markers:
        return list(findings), [], []
    names = rule_names or {}
    index_of_line = _line_index_map(document)
    used: set[int] = set()
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for finding in findings:
        line_index = index_of_line(finding.location.line)
        hit = None
        for n, marker in enumerate(markers):
            if marker.line_index in (line_index, -1) and marker.covers(
                finding, names.get(finding.rule_id, "")
            ):
                hit = n
                break
        if hit is None:
            kept.append(finding)
            continue
        used.add(hit)
        marker = markers[hit]
        reason = "inline" + (f": {marker.reason}" if marker.reason else "")
        suppressed.append(finding.with_suppression(reason))
    prefixes = tuple(p.upper() for p in families)
    examples = _example_lines(document)
    unused = [
        m
        for n, m in enumerate(markers)
        if n not in used
        and not m.foreign
        and m.marker_line not in examples
        and (not m.ids or any(i.upper().startswith(prefixes) for i in m.ids))
        and prefixes
    ]
    return kept, suppressed, unused


def by_config(
    document: Document,
    findings: Sequence[Finding],
    per_file_ignores: Sequence[tuple[str, Sequence[str]]] = (),
    allow_hashes: Sequence[str] = (),
    allow_regexes: Sequence[str] = (),
) -> tuple[list[Finding], list[Finding]]:
    """Split ``findings`` into (kept, suppressed) by the config file.

    ``per_file_ignores``: (gitignore-style glob from the root, rule ids or prefixes) pairs.
    ``allow_hashes`` (SHA-256 hex of a value) and ``allow_regexes`` (searched in the value)
    let a known value through, for every finding that reports a key.
    """
    if not findings or not (per_file_ignores or allow_hashes or allow_regexes):
        return list(findings), []
    import pathspec

    rules = [
        i for glob, ids in per_file_ignores
        if pathspec.GitIgnoreSpec.from_lines([glob]).match_file(document.path) for i in ids
    ]
    digests = {_value_digest(h.lower().removeprefix("sha256:")) for h in allow_hashes}
    regexes = [re.compile(r) for r in allow_regexes]
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for finding in findings:
        reason = None
        if any(finding.rule_id.startswith(i) for i in rules):
            reason = "per-file-ignores"
        elif reports_key(finding) and (digests or regexes):
            if finding.properties.get("_secret_digest") in digests:
                reason = "allowlist: hash"
            elif regexes and any(r.search(_value_at(document, finding)) for r in regexes):
                reason = "allowlist: regex"
        if reason is None:
            kept.append(finding)
        else:
            suppressed.append(finding.with_suppression(reason))
    return kept, suppressed


def _value_digest(sha256_hex: str) -> str:
    """The engines' ``_secret_digest`` of a value whose SHA-256 is ``sha256_hex``."""
    from aisec_cli.core.findings import digest

    return digest(f"\0\0{sha256_hex}")[:32]


def _value_at(document: Document, finding: Finding) -> str:
    """The text a finding points at (its span on one line; the whole line otherwise)."""
    index = _line_index_map(document)(finding.location.line)
    lines = document.text.splitlines()
    if not 0 <= index < len(lines):
        return ""
    line = lines[index]
    loc = finding.location
    if loc.end_column and (loc.end_line in (None, loc.line)) and loc.end_column > loc.column:
        return line[loc.column - 1 : loc.end_column - 1].strip("\"'` ")  # lint points at the literal, quotes included
    return line


_DOC_SUFFIXES = (".md", ".markdown", ".mdx", ".rst", ".adoc")
def _example_lines(document: Document) -> frozenset[int]:
    """Lines inside closed fenced code blocks of a documentation file: a marker there is an example.

    It still silences a finding on its line; it is only never reported as unused (a README's
    own suppression example must not print a note on a fresh clone's first scan).
    """
    if not document.path.lower().endswith(_DOC_SUFFIXES):
        return frozenset()
    lines: set[int] = set()
    for _, body_start, body_end, _ in code_samples(document.text):
        if body_end > body_start:
            lines.update(range(document.line_index_of(body_start), document.line_index_of(body_end - 1) + 1))
    return frozenset(lines)


def _line_index_map(document: Document):  # type: ignore[no-untyped-def]
    """Reported line number -> 0-based line index of ``document.text``."""
    if document.line_numbers is None:
        return lambda line: line - 1
    table: dict[int, int] = {}
    for index, number in enumerate(document.line_numbers):
        table.setdefault(number, index)
    return lambda line: table.get(line, -2)
