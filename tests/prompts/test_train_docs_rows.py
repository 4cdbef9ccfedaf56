"""bench/train_prompt_model.py --docs: only permissively licensed documentation chunks become
training rows, never a held-out group, never a source kept for evaluation only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("numpy")

from bench.train_prompt_model import docs_rows  # noqa: E402


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _row(n: int, group: str, licence: str) -> dict:
    return {"id": f"src:{n}", "text": f"Paragraph {n} of a guide.", "label": "benign", "group": group,
            "licence": licence, "source": f"src{n % 3}"}


def test_only_permissive_sources_of_tuning_groups_are_kept(tmp_path: Path) -> None:
    path = _write(tmp_path / "docs.jsonl", [
        _row(1, "dev", "MIT (Example)"),
        _row(2, "dev2", "GPL-3.0 (Example), used as evaluation data only"),
        _row(3, "heldout2", "CC BY-NC 4.0 (Example), used as evaluation data only"),
        _row(4, "heldout", "Apache-2.0 (Example)"),
        _row(5, "dev", "AGPL-3.0 (Example)"),
    ])
    rows, manifest = docs_rows([path], 0)
    assert [r["id"] for r in rows] == ["docs:src:1", "docs:src:4"]
    assert all(r["label"] == "benign" for r in rows)
    assert len(manifest) == 2


def test_a_held_out_group_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "docs.jsonl", [_row(1, "dev", "MIT (Example)"), _row(2, "heldout3", "MIT (Example)")])
    with pytest.raises(SystemExit):
        docs_rows([path], 0)
