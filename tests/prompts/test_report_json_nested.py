"""The JSON writer's one-step path for flat members (a finding's location and properties) writes
what ``json.dumps`` writes, for subclasses, empty and circular members too."""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

import pytest

from aisec_cli.report import jsontext


class Rows(list):  # type: ignore[type-arg]
    pass


def _finding(i: int) -> dict[str, Any]:
    return {
        "rule_id": f"PRM10{i}",
        "location": {"path": "set.jsonl", "line": i, "column": 1},
        "properties": {"score": 0.5 + i / 10, "notes": ["quoted", "negated"][: i % 3], "record": i},
        "nested": OrderedDict(a=[1, [2, {}]], b=Rows([3, "x"])),
        "empty": [],
        "map": {},
        "keys": {1: "int key", 2.5: [True, None]},
    }


@pytest.mark.parametrize("ensure_ascii", [False, True])
def test_findings_shaped_values_match_the_standard_library(ensure_ascii: bool) -> None:
    value = {"findings": [_finding(i) for i in range(5)], "summary": {"by_severity": {"high": 1}}, "list": [[1], [[]]]}
    written = jsontext.dumps(value, indent=2, ensure_ascii=ensure_ascii, default=str)
    assert written == json.dumps(value, indent=2, ensure_ascii=ensure_ascii, default=str)
    assert '"line": 3' in written


def test_a_member_holding_itself_is_refused_as_json_refuses_it() -> None:
    loop: list[Any] = [1]
    loop.append({"back": loop})
    with pytest.raises(ValueError, match="Circular reference"):
        json.dumps({"x": loop}, indent=2)
    with pytest.raises(ValueError, match="Circular reference"):
        jsontext.dumps({"x": loop}, indent=2)
