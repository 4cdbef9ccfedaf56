"""Every rule's positive and negative fixtures, run by one parametrized test.

A fixture marks each expected finding with `expect: AISnnn` on the anchor line; a file
without markers is a trap and must produce no finding at all. Key-shaped values are
generated at run time (`{{KEY:provider}}`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aisec_cli.core.document import Document
from aisec_cli.lint import LintSettings, lint_document
from aisec_cli.lint.engine import language_of
from tests.lint.keygen import expand

FIXTURES = Path(__file__).parent / "fixtures"
EXPECT = re.compile(r"expect:\s*(AIS\d{3}(?:\s*,\s*AIS\d{3})*)")
FILES = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and language_of(p.name) not in (None, "minified"))
DEFAULT_RULES = {"AIS101", "AIS102", "AIS103", "AIS104", "AIS201", "AIS301", "AIS302", "AIS303", "AIS304", "AIS305", "AIS306", "AIS307", "AIS308", "AIS401", "AIS402", "AIS403", "AIS404", "AIS405", "AIS501", "AIS502", "AIS503", "AIS504", "AIS506", "AIS601"}


def _expected(text: str) -> set[tuple[str, int]]:
    out = set()
    for n, line in enumerate(text.splitlines(), 1):
        m = EXPECT.search(line)
        if m:
            out |= {(rid, n) for rid in re.split(r"\s*,\s*", m.group(1))}
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fixture(path: Path, tmp_path: Path) -> None:
    text = expand(path.read_text(encoding="utf-8"))
    # the fixture is linted from a real file in tmp_path, under its fixture-relative name
    real = tmp_path / path.name
    real.write_text(text, encoding="utf-8")
    doc = Document(path.relative_to(FIXTURES).as_posix(), real.read_text(encoding="utf-8"))
    findings, errors = lint_document(doc, LintSettings())
    assert errors == []
    got = {(f.rule_id, f.location.line) for f in findings}
    assert got == _expected(text), "\n".join(f"{f.rule_id}:{f.location.line} {f.message}" for f in findings)


def test_every_default_rule_has_positive_and_negative_fixtures() -> None:
    positives: dict[str, int] = {}
    negatives: dict[str, int] = {}
    for path in FILES:
        rule = path.parent.name
        if path.name.startswith("pos_"):
            positives[rule] = positives.get(rule, 0) + 1
        elif path.name.startswith("neg_"):
            negatives[rule] = negatives.get(rule, 0) + 1
    assert set(positives) == DEFAULT_RULES
    assert set(negatives) == DEFAULT_RULES


def test_positive_fixtures_expect_their_own_rule() -> None:
    for path in FILES:
        if path.name.startswith("pos_"):
            assert (path.parent.name in {rid for rid, _ in _expected(path.read_text(encoding="utf-8"))}), path
