"""The checklist's history scan runs beside the tree pass: in a process of its own when the run may
use more than one, with the same evidence as in one process, and a history that did not finish
never reads as clean."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

from tests.checklist.conftest import run_cli
from tests.checklist.repos import AS_OF, good_project, make_repo

# the tree pass uses its pool from 64 files on (core/parallel.MIN_PARALLEL_ITEMS)
MANY_FILES = 80

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="the history process is forked (a thread elsewhere)"
)


@pytest.fixture
def leaky_repo(tmp_path: Path, keys) -> Path:  # type: ignore[no-untyped-def]
    """Enough files for the tree pass's pool, and a key leaked in history then deleted."""
    files = good_project()
    for i in range(MANY_FILES):
        files[f"pkg/mod_{i:03d}.py"] = f'"""Module {i}."""\n\nVALUE = {i}\n'
    repo = make_repo(tmp_path / "r", files, date="2026-09-01")
    repo.commit("oops", {"notebook.py": f'HF_TOKEN = "{keys.huggingface()}"\n'}, date="2026-09-02")
    repo.commit("remove", {"notebook.py": None}, date="2026-09-03")
    return repo.path


def _run(repo: Path, jobs: str) -> Any:  # type: ignore[no-untyped-def]
    return run_cli("checklist", str(repo), "--as-of", AS_OF, "-f", "json", "--jobs", jobs)


def _timeless(value: Any) -> Any:
    """The report without its timings (the only part that differs from run to run)."""
    if isinstance(value, dict):
        return {k: _timeless(v) for k, v in value.items() if k not in ("seconds", "duration", "elapsed")}
    if isinstance(value, list):
        return [_timeless(v) for v in value]
    return value


def _record_pid(monkeypatch: pytest.MonkeyPatch, where: Path) -> None:
    """Each history scan writes the id of the process it ran in to ``where``."""
    from aisec_cli.secrets import history_scan

    real = history_scan.scan_history

    def scan_history(*args, **kwargs):  # type: ignore[no-untyped-def]
        with open(where, "a", encoding="ascii") as out:
            out.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(history_scan, "scan_history", scan_history)


def test_history_runs_in_a_process_of_its_own_with_the_same_evidence(
    leaky_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids = tmp_path / "pids"
    _record_pid(monkeypatch, pids)
    beside = _run(leaky_repo, "2")
    assert beside.code == 1, beside.stderr  # the leaked key fails CHK01
    ran_in = [int(line) for line in pids.read_text().split()]
    assert len(ran_in) == 1 and ran_in[0] != os.getpid()  # one history scan, in another process
    pids.unlink()
    alone = _run(leaky_repo, "1")  # one process: the history scan runs in a thread
    assert [int(line) for line in pids.read_text().split()] == [os.getpid()]
    assert _timeless(json.loads(beside.stdout)) == _timeless(json.loads(alone.stdout))
    items = {i["id"]: i for i in json.loads(beside.stdout)["extra"]["items"]}
    assert items["CHK01"]["status"] == "FAIL"
    assert any(e["source"] == "history" and e["path"] == "notebook.py" for e in items["CHK01"]["evidence"])
    engines = json.loads(beside.stdout)["extra"]["engines"]
    assert engines["history"]["state"] == "ok" and engines["history"]["files"] >= 2  # the commits that add lines


def test_history_process_starts_once_the_tree_workers_run(leaky_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # forked while the history scan ran (and held a lock), a tree worker could wait forever
    from aisec_cli.checklist import engine
    from aisec_cli.sources import filescan

    real_tree, real_survey = engine.run_tree, filescan.survey
    at_tree_start: list[int] = []
    at_started: list[int] = []

    def run_tree(config, adapters, started=None):  # type: ignore[no-untyped-def]
        at_tree_start.append(len(multiprocessing.active_children()))
        return real_tree(config, adapters, started)

    def survey(job, paths, accept=None, batch_size=32, started=None):  # type: ignore[no-untyped-def]
        def noted() -> None:
            at_started.append(len(multiprocessing.active_children()))  # the tree workers, nothing else
            assert started is not None
            started()

        return real_survey(job, paths, accept, batch_size, noted)

    monkeypatch.setattr(engine, "run_tree", run_tree)
    monkeypatch.setattr(filescan, "survey", survey)
    run = _run(leaky_repo, "2")
    assert at_tree_start == [0]  # no history process yet when the tree pass (and its pool) starts
    assert at_started == [2]  # the pool's two workers run when the history process is forked
    assert json.loads(run.stdout)["extra"]["engines"]["history"]["state"] == "ok"


def test_history_process_that_dies_is_an_error_never_clean(
    leaky_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aisec_cli.secrets import history_scan

    parent = os.getpid()

    def scan_history(*args, **kwargs):  # type: ignore[no-untyped-def]
        assert os.getpid() != parent, "the history scan ran in the checklist's own process"
        os._exit(9)  # killed (out of memory, a crash in a C library): no result comes back

    monkeypatch.setattr(history_scan, "scan_history", scan_history)
    run = _run(leaky_repo, "2")
    data = json.loads(run.stdout)
    state = data["extra"]["engines"]["history"]
    assert state["state"] == "broken" and "history scan failed" in state["detail"], state
    items = {i["id"]: i for i in data["extra"]["items"]}
    assert items["CHK01"]["status"] == "ERROR" and items["CHK05"]["status"] == "ERROR"
    assert run.code != 0


def test_history_error_in_its_process_is_reported(leaky_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aisec_cli.secrets import history_scan

    def scan_history(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("object store unreadable")

    monkeypatch.setattr(history_scan, "scan_history", scan_history)
    run = _run(leaky_repo, "2")
    data = json.loads(run.stdout)
    state = data["extra"]["engines"]["history"]
    assert state["state"] == "broken" and "object store unreadable" in state["detail"], state
    assert {i["id"]: i for i in data["extra"]["items"]}["CHK01"]["status"] == "ERROR"
