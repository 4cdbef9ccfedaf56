"""AIS504: how a loader's safety flag is judged, like a reviewer would.

Shapes seen in other linters' published cases for the same check: numpy reads ``allow_pickle``
by truth, so any truthy literal (a number, a non-empty string, even the string "False") lets it
unpickle, while falsy literals do not; a ``torch.load`` without ``weights_only`` whose call
spreads a mapping (``**options``) cannot be judged, the mapping may carry the flag, unless the
mapping is a dict literal of the same module, which is read like keywords written at the call;
``weights_only=name`` is judged by the literal the name was last given in the same block, and
not judged when a branch may change it.
"""

from __future__ import annotations

import pytest

from aisec_cli.core.document import Document
from aisec_cli.lint import LintSettings, lint_document

HEAD = "import numpy\nimport torch\n\n\ndef restore(path, options, extra):\n"


def _ais504_lines(body: str) -> list[int]:
    text = HEAD + "".join(f"    {line}\n" for line in body.splitlines())
    findings, errors = lint_document(Document("restore.py", text), LintSettings())
    assert errors == []
    return [f.location.line - 5 for f in findings if f.rule_id == "AIS504"]


@pytest.mark.parametrize("value", ["True", "1", "2", "'yes'", "'False'", "'0'"])
def test_numpy_truthy_allow_pickle_is_reported(value: str) -> None:
    assert _ais504_lines(f"arrays = numpy.load(path, allow_pickle={value})") == [1]


@pytest.mark.parametrize("value", ["False", "0", "None", "''", "[]"])
def test_numpy_falsy_allow_pickle_is_not_reported(value: str) -> None:
    assert _ais504_lines(f"arrays = numpy.load(path, allow_pickle={value})") == []


def test_numpy_keyword_order_does_not_matter() -> None:
    assert _ais504_lines("arrays = numpy.load(allow_pickle=3, file=path, encoding='latin1')") == [1]


def test_torch_load_spreading_a_mapping_is_not_judged() -> None:
    assert _ais504_lines("state = torch.load(path, **options)") == []


def test_torch_load_spreading_a_mapping_with_weights_only_false_is_reported() -> None:
    assert _ais504_lines("state = torch.load(path, weights_only=False, **options)") == [1]


def test_torch_load_with_positional_spread_still_lacks_weights_only() -> None:
    # weights_only is keyword-only: a list of positional arguments cannot set it
    assert _ais504_lines("state = torch.load(path, *extra)") == [1]


def _module_ais504_lines(text: str) -> list[int]:
    findings, errors = lint_document(Document("restore.py", text), LintSettings())
    assert errors == []
    return [f.location.line for f in findings if f.rule_id == "AIS504"]


def test_torch_load_spreading_a_module_dict_without_the_flag_is_reported() -> None:
    text = 'import torch\n\nLOAD_OPTIONS = {"map_location": "cpu"}\n\n\ndef restore(path):\n    return torch.load(path, **LOAD_OPTIONS)\n'
    assert _module_ais504_lines(text) == [7]


def test_torch_load_spreading_a_module_dict_that_sets_weights_only_is_not_reported() -> None:
    text = 'import torch\n\nLOAD_OPTIONS = {"map_location": "cpu", "weights_only": True}\n\n\ndef restore(path):\n    return torch.load(path, **LOAD_OPTIONS)\n'
    assert _module_ais504_lines(text) == []


def test_torch_load_spreading_a_module_dict_with_weights_only_false_is_reported_at_the_flag() -> None:
    text = 'import torch\n\nLOAD_OPTIONS = {"weights_only": False}\n\n\ndef restore(path):\n    return torch.load(path, **LOAD_OPTIONS)\n'
    assert _module_ais504_lines(text) == [3]


def test_weights_only_bound_to_false_just_before_the_load_is_reported() -> None:
    assert _ais504_lines("safe = True\nstate = torch.load(path, weights_only=safe)\nsafe = False\nstate = torch.load(path, weights_only=safe)") == [4]


def test_weights_only_bound_to_true_before_the_load_is_not_reported() -> None:
    assert _ais504_lines("safe = True\nstate = torch.load(path, weights_only=safe)") == []


def test_weights_only_that_a_branch_may_change_is_not_judged() -> None:
    assert _ais504_lines("safe = True\nif extra:\n    safe = False\nstate = torch.load(path, weights_only=safe)") == []


def test_weights_only_from_a_parameter_is_not_judged() -> None:
    assert _ais504_lines("state = torch.load(path, weights_only=options)") == []

