"""AIS504: how a loader's safety flag is judged, like a reviewer would.

Shapes seen in other linters' published cases for the same check: numpy reads ``allow_pickle``
by truth, so any truthy literal (a number, a non-empty string, even the string "False") lets it
unpickle, while falsy literals do not; a ``torch.load`` without ``weights_only`` whose call
spreads a mapping (``**options``) cannot be judged, the mapping may carry the flag.
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
