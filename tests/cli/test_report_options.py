"""with_report_options: scan, lint and prompts declare their 19 shared options once, in place."""

from __future__ import annotations

import inspect
from dataclasses import fields

from aisec_cli.cli import options as opt
from aisec_cli.cli.lint import lint
from aisec_cli.cli.prompts import prompts
from aisec_cli.cli.scan import scan

SHARED = [f.name for f in fields(opt.ReportOptions)]


def test_every_shared_option_has_its_alias() -> None:
    assert list(opt.REPORT_OPTION_TYPES) == SHARED


def test_the_shared_options_stand_where_the_shared_parameter_stood() -> None:
    names = list(inspect.signature(scan).parameters)
    assert names[:1] == ["paths"] and names[1 : 1 + len(SHARED)] == SHARED and names[1 + len(SHARED)] == "history"
    names = list(inspect.signature(lint).parameters)
    assert names[1 : 1 + len(SHARED)] == SHARED and names[1 + len(SHARED) :] == ["profile", "fix", "diff", "no_progress"]
    names = list(inspect.signature(prompts).parameters)
    assert names[-len(SHARED) - 1 : -1] == SHARED and names[-1] == "no_progress"
    assert "shared" not in names


def test_the_command_gets_them_back_as_one_value() -> None:
    seen: list[opt.ReportOptions] = []

    @opt.with_report_options
    def command(first: int = 0, shared: opt.ReportOptions = opt.SHARED_DEFAULTS, last: str = "") -> None:
        seen.append(shared)
        assert (first, last) == (1, "z")

    values = {name: param.default for name, param in inspect.signature(command).parameters.items()}
    command(**{**values, "first": 1, "last": "z", "jobs": 3, "quiet": True, "fmt": ["json"]})
    assert seen == [opt.ReportOptions(jobs=3, quiet=True, fmt=["json"])]
    assert seen[0].values()["jobs"] == 3
