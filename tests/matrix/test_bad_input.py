"""The bad-input matrix: every subcommand on every hostile case — no traceback, no hang, the
documented exit code, a one-line error, no raw key in any output (cases in ``cases.py``).

One test per case; its subcommands run two at a time (the machine's two cores).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.matrix.cases import CASES, Case, build_case, run_command

TIMEOUT = 120  # seconds per run: a hang guard, not a speed assertion


@pytest.mark.parametrize(
    "case",
    [pytest.param(case, id=case.name, marks=[pytest.mark.huge] if case.big else []) for case in CASES],
)
def test_hostile_input(case: Case, tmp_path_factory: pytest.TempPathFactory) -> None:
    root, planted = build_case(case, tmp_path_factory.mktemp("matrix"))
    out = tmp_path_factory.mktemp("out")
    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(lambda c: run_command(case, c, root, planted, out, TIMEOUT), case.commands))
    problems = {o.command: o.problems for o in outcomes if o.problems}
    assert problems == {}, f"{case.name}: {problems}"
