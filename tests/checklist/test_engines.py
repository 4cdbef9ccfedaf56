"""Engines as the checklist uses them: each runs once per file; missing or broken ones never PASS."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.checklist.conftest import run_cli
from tests.checklist.repos import AS_OF, edit, good_project, make_repo


def _run(repo: Path, *extra: str):  # type: ignore[no-untyped-def]
    return run_cli("checklist", str(repo), "--as-of", AS_OF, "-f", "json", "--jobs", "1", *extra)


def _items(run) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {i["id"]: i for i in json.loads(run.stdout)["extra"]["items"]}


@pytest.fixture
def good_repo(tmp_path: Path) -> Path:
    files = good_project()
    files["prompts/system.md"] = "You are a careful assistant. Answer briefly.\n"
    files["examples/few_shot.jsonl"] = '{"input": "hello", "output": "hi"}\n'
    return make_repo(tmp_path / "r", files).path


def test_each_engine_sees_each_file_once(good_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import aisec_cli.lint.engine as lint_engine
    import aisec_cli.pii as pii
    import aisec_cli.prompts.engine as prompts_engine
    import aisec_cli.secrets.history_scan as history_scan
    from aisec_cli.secrets.engine import SecretsEngine

    seen: Counter[tuple[str, str]] = Counter()
    history_runs: list[int] = []
    real_scan, real_lint, real_detect, real_score, real_history = (
        SecretsEngine.scan, lint_engine.lint_document, pii.detect, prompts_engine.PromptEngine.scan, history_scan.scan_history,
    )

    def scan(self, doc):  # type: ignore[no-untyped-def]
        if doc.origin == "file":  # the history scan feeds the same engine each commit's added lines
            seen[("secrets", doc.path)] += 1
        return real_scan(self, doc)

    def lint(doc, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen[("lint", doc.path)] += 1
        return real_lint(doc, *args, **kwargs)

    def detect(text, config=None):  # type: ignore[no-untyped-def]
        seen[("pii", getattr(config, "path", ""))] += 1
        return real_detect(text, config)

    def score(self, document, explicit=None):  # type: ignore[no-untyped-def]
        seen[("prompts", document.path)] += 1
        return real_score(self, document, explicit)

    def history(*args, **kwargs):  # type: ignore[no-untyped-def]
        history_runs.append(1)
        return real_history(*args, **kwargs)

    monkeypatch.setattr(SecretsEngine, "scan", scan)
    monkeypatch.setattr(lint_engine, "lint_document", lint)
    monkeypatch.setattr(pii, "detect", detect)
    monkeypatch.setattr(prompts_engine.PromptEngine, "scan", score)
    monkeypatch.setattr(history_scan, "scan_history", history)
    run = _run(good_repo)
    assert run.code == 0, run.stderr
    assert seen and max(seen.values()) == 1, seen
    tracked = {p.relative_to(good_repo).as_posix() for p in good_repo.rglob("*") if p.is_file() and ".git/" not in p.as_posix()}
    assert {path for engine, path in seen if engine == "secrets"} == tracked
    assert {path for engine, path in seen if engine == "lint"} == {"app.py", "guards.py"}
    assert {path for engine, path in seen if engine == "pii"} == {"examples/few_shot.jsonl", "prompts/system.md"}
    assert {"app.py", "guards.py", "prompts/system.md"} <= {path for engine, path in seen if engine == "prompts"}
    assert len(history_runs) == 1


def test_engine_states_count_each_file_once(good_repo: Path) -> None:
    run = _run(good_repo, "--no-history")
    engines = json.loads(run.stdout)["extra"]["engines"]
    tracked = [p for p in good_repo.rglob("*") if p.is_file() and ".git/" not in p.as_posix()]
    assert engines["lint"]["files"] == 2  # app.py, guards.py: lint and its model inventory, one file each
    assert engines["secrets"]["files"] == engines["signals"]["files"] == len(tracked)
    assert engines["pii"]["files"] == 2


def test_history_thread_starts_once_the_tree_workers_run(good_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # with --jobs 1 the history scan runs in a thread (in a process of its own otherwise:
    # test_history_beside.py); a worker forked while it holds a lock (an RE2 object's) would wait forever
    import threading

    import aisec_cli.checklist.engine as engine

    real, seen = engine.run_tree, []

    def run_tree(config, adapters, started=None):  # type: ignore[no-untyped-def]
        seen.append(sorted(t.name for t in threading.enumerate() if t.name.startswith("aisec-history")))
        return real(config, adapters, started)

    monkeypatch.setattr(engine, "run_tree", run_tree)
    run = _run(good_repo)
    assert seen == [[]]  # no history thread yet when the tree pass (and its pool) starts
    state = json.loads(run.stdout)["extra"]["engines"]["history"]
    assert state["state"] == "ok" and state["files"] >= 1, state  # and the history was scanned


# Engines that import another engine's modules (prompts reads Python code through lint's model
# of calls): dropped too, so they import again under the block whatever earlier tests loaded.
_DEPENDENTS = ("aisec_cli.prompts", "aisec_cli.checklist")


def _block(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make ``modules`` (and everything below them) unimportable, as if not built yet."""
    for name in list(sys.modules):
        if any(name == m or name.startswith(m + ".") for m in (*modules, *_DEPENDENTS)):
            monkeypatch.delitem(sys.modules, name)
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)


def test_missing_lint_engine_means_manual_never_pass(good_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _block(monkeypatch, "aisec_cli.lint")
    run = _run(good_repo)
    items = _items(run)
    for item_id in ("CHK06", "CHK07", "CHK08", "CHK11", "CHK15", "CHK01"):
        assert items[item_id]["status"] == "MANUAL", item_id
        assert items[item_id]["reason"].startswith("engine not available: lint"), items[item_id]["reason"]
    # items that do not need lint are unaffected
    assert items["CHK02"]["status"] == "PASS" and items["CHK13"]["status"] == "PASS"
    assert json.loads(run.stdout)["extra"]["engines"]["lint"]["state"] == "missing"
    assert run.code == 0  # MANUAL does not fail the default gate
    assert _run(good_repo, "--strict").code == 1


def test_missing_engine_does_not_hide_a_failure(tmp_path: Path, keys, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    files = edit(good_project(), "app.py", 'OpenAI(api_key=os.environ["OPENAI_API_KEY"], timeout=20)', f'OpenAI(api_key="{keys.openai_project()}", timeout=20)')
    repo = make_repo(tmp_path / "r", files).path
    _block(monkeypatch, "aisec_cli.lint")
    items = _items(_run(repo))
    assert items["CHK01"]["status"] == "FAIL"  # the secrets engine saw the key


def test_missing_pii_engine_with_data_files(good_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _block(monkeypatch, "aisec_cli.pii")
    items = _items(_run(good_repo))
    assert items["CHK09"]["status"] == "MANUAL"
    assert "engine not available: pii" in items["CHK09"]["reason"]


def test_broken_engine_is_an_error(good_repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import aisec_cli.lint.engine as lint_engine

    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("analyser bug")

    monkeypatch.setattr(lint_engine, "lint_document", explode)
    out = tmp_path / "c.xml"
    run = _run(good_repo, "-f", f"junit={out}")
    items = _items(run)
    assert items["CHK07"]["status"] == "ERROR"
    assert "analyser bug" in items["CHK07"]["reason"]
    assert items["CHK02"]["status"] == "PASS"
    assert run.code == 2
    assert "lint engine failed" in run.stderr
    assert out.read_text().count("<error ") == sum(1 for i in items.values() if i["status"] == "ERROR")


def test_broken_collector_is_an_error(good_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aisec_cli.checklist.collectors import hooks

    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk on fire")

    monkeypatch.setattr(hooks, "collect", explode)
    items = _items(_run(good_repo))
    assert items["CHK03"]["status"] == "ERROR" and "disk on fire" in items["CHK03"]["reason"]
    assert items["CHK02"]["status"] == "PASS"


def test_outside_git_the_checklist_still_runs(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    for name, text in good_project().items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    run = _run(folder)
    items = _items(run)
    assert items["CHK02"]["status"] == "WARN" and "not a git repository" in items["CHK02"]["reason"]
    assert items["CHK01"]["status"] == "PASS"
    assert json.loads(run.stdout)["extra"]["engines"]["history"]["state"] == "skipped"


def test_evidence_never_carries_a_key(tmp_path: Path, keys) -> None:  # type: ignore[no-untyped-def]
    key = keys.openai_project()
    files = edit(good_project(), "app.py", 'OpenAI(api_key=os.environ["OPENAI_API_KEY"], timeout=20)', f'OpenAI(api_key="{key}", timeout=20)')
    repo = make_repo(tmp_path / "r", files).path
    for fmt in ("json", "sarif", "markdown", "junit", "table", "hook"):
        run = run_cli("checklist", str(repo), "--as-of", AS_OF, "-f", fmt, "--details")
        assert key not in run.stdout and key[10:40] not in run.stdout, fmt


def test_missing_prompts_engine_means_manual_for_input_item(good_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _block(monkeypatch, "aisec_cli.prompts")
    items = _items(_run(good_repo))
    assert items["CHK06"]["status"] == "MANUAL"
    assert items["CHK06"]["reason"].startswith("engine not available: prompts")
    assert items["CHK07"]["status"] == "PASS"
