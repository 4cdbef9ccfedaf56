"""``jobs`` is bounded by the cores: it may come from the scanned repository's own config, and a
pool forks all its workers at once (``jobs = 1024`` in a repository's ``.aisec.toml`` forked
that many processes on the CI machine that scanned it)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from aisec_cli.core.parallel import MAX_WORKERS_PER_CORE, cpu_count, run_batches, workers
from tests.conftest import CliResult


def test_jobs_are_bounded_by_the_cores() -> None:
    cores = cpu_count()
    assert workers(0) == cores
    assert workers(1) == 1
    assert workers(100_000) == MAX_WORKERS_PER_CORE * cores


def _pids(batch: object) -> list[int]:
    return [os.getpid()]


def test_a_pool_asked_for_a_huge_number_of_jobs_starts_a_bounded_number_of_workers() -> None:
    items = list(range(4000))
    seen = {pid for pids in run_batches(_pids, items, jobs=100_000, batch_size=1) for pid in pids}
    assert 1 <= len(seen) <= MAX_WORKERS_PER_CORE * cpu_count()


def test_a_repository_config_asking_for_a_huge_number_of_jobs_is_scanned(
    tmp_path: Path, aisec: Callable[..., CliResult]
) -> None:
    (tmp_path / ".aisec.toml").write_text("jobs = 1024\n")  # the most the config accepts
    for i in range(80):
        (tmp_path / f"f{i}.txt").write_text("nothing here\n")
    result = aisec("scan", ".", cwd=tmp_path)
    assert result.code == 0, result.stderr
