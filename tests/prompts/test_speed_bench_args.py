"""bench/prompts_speed.py refuses a corpus that is not there instead of timing an error run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "prompts_speed.py"


def test_a_missing_corpus_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "absent.jsonl"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(missing), "--cli-only"], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 2
    assert "no such corpus file" in done.stderr and "wall" not in done.stdout
