"""One helper for lint tests that run the real CLI on a small project: where one rule fired."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult


def rule_locations(aisec: Callable[..., CliResult], root: Path, rule: str) -> list[tuple[str, int]]:
    """(file name, line) of every ``rule`` finding of ``aisec lint root``, sorted; the run must be
    complete (no error entries) and end with exit 0 or 1."""
    result = aisec("lint", str(root), "--format", "json", cwd=root)
    assert result.code in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["errors"] == []
    return sorted((Path(f["location"]["path"]).name, f["location"]["line"]) for f in report["findings"] if f["rule_id"] == rule)
