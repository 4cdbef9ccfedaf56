"""A file holding thousands of keys (a leaked dump, a fixture): every one reported, overlaps settled in linear time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from aisec_cli.secrets.engine import Candidate, _dedup, default_engine
from tests.keyfactory import KeyFactory


def test_overlapping_matches_keep_the_rule_of_lowest_priority_number() -> None:
    rules = sorted({id(r): r for r in default_engine()._prefix_rules}.values(), key=lambda r: r.priority)
    strong, weak = rules[0], rules[-1]
    assert strong.priority < weak.priority
    picked = _dedup(
        [
            Candidate(weak, 0, 40, "w"),
            Candidate(strong, 10, 50, "s"),  # overlaps the weak one: wins
            Candidate(weak, 50, 60, "w2"),  # touches the strong one's end: kept
            Candidate(weak, 55, 70, "w3"),  # overlaps w2, same rule, later start: dropped
            Candidate(strong, 80, 80, "empty"),
        ]
    )
    assert [(c.start, c.end) for c in picked] == [(10, 50), (50, 60), (80, 80)]


def test_a_file_with_tens_of_thousands_of_keys_is_scanned_without_stalling(tmp_path: Path, keys: KeyFactory) -> None:
    # Each match was compared with every match kept before it: 30,000 keys in one file took
    # 14 s of CPU, and the time grew with the square of their number. The timeout guards a stall only.
    count = 40_000
    dump = tmp_path / "tokens.txt"
    dump.write_text("".join(f"token_{i} = '{keys.huggingface()}'\n" for i in range(count)), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "aisec_cli", "scan", str(dump), "--format", "json", "--no-progress"],
        capture_output=True, text=True, timeout=40, stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 1, run.stderr
    assert run.stdout.count('"rule_id": "KEY') >= count - count // 1000
