"""The bad-input matrix: every subcommand on every hostile case — no traceback, no hang, the
documented exit code, a one-line error, no raw key in any output (cases in ``cases.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.matrix.cases import CASES, Case, Planted, build_case, run_command

TIMEOUT = 90  # seconds per run: a hang guard, not a speed assertion

_built: dict[str, tuple[Path, Planted]] = {}


def _params(big: bool) -> list[object]:
    marks = [pytest.mark.huge] if big else []
    return [pytest.param(case, command, id=f"{case.name}-{command}", marks=marks)
            for case in CASES if case.big == big for command in case.commands]


def _case_root(case: Case, factory: pytest.TempPathFactory) -> tuple[Path, Planted]:
    if case.name not in _built:
        _built[case.name] = build_case(case, factory.mktemp("matrix"))
    return _built[case.name]


@pytest.mark.parametrize(("case", "command"), _params(False) + _params(True))
def test_hostile_input(case: Case, command: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    root, planted = _case_root(case, tmp_path_factory)
    outcome = run_command(case, command, root, planted, tmp_path_factory.mktemp("out"), TIMEOUT)
    assert outcome.problems == [], f"{case.name} / {command}: {outcome.problems}"
