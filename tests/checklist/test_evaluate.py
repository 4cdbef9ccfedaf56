"""The pure parts: score, gate, engine guards and the small collectors, on hand-made evidence."""

from __future__ import annotations

import datetime as dt

from aisec_cli.checklist.collectors.inventory import ModelCallSite, ModelPaths
from aisec_cli.checklist.catalog import ITEM_IDS, load_catalog
from aisec_cli.checklist.collectors.deps import parse_manifest
from aisec_cli.checklist.collectors.docs import analyze
from aisec_cli.checklist.collectors.envfiles import parse_env_file
from aisec_cli.checklist.collectors.gitignore import secret_files
from aisec_cli.checklist.collectors.selection import environment_of, is_data_file, is_prompt_file
from aisec_cli.checklist.collectors.signals import compile_signals, examine, safe_text
from aisec_cli.checklist.evaluate import evaluate, gate, totals
from aisec_cli.checklist.facts import MISSING, OK, EngineState, Facts, FileFacts, Hit
from aisec_cli.checklist.model import ItemResult, Status
from aisec_cli.checklist.options import ChecklistOptions, ItemConfig
from aisec_cli.core.document import Document
from tests.keyfactory import KeyFactory

AS_OF = dt.date(2026, 11, 1)
ENGINES = {n: EngineState(n, OK) for n in ("secrets", "lint", "prompts", "pii", "signals", "gitignore", "hooks", "history")}


def _facts(**changes) -> Facts:  # type: ignore[no-untyped-def]
    base = {"root": "/x", "in_git": True, "files": {}, "history": (), "engines": ENGINES}
    base.update(changes)
    return Facts(**base)


def _results(statuses: dict[str, Status]) -> list[ItemResult]:
    specs = {s.id: s for s in load_catalog().items}
    return [ItemResult(specs[i], statuses.get(i, Status.PASS), "r") for i in ITEM_IDS]


def test_catalog_matches_the_article() -> None:
    items = load_catalog().items
    assert [i.id for i in items] == list(ITEM_IDS)
    assert [i.category for i in items] == ["Keys"] * 5 + ["Input"] * 3 + ["Data"] * 2 + ["Output"] * 2 + ["Cost"] * 2 + ["Audit"] * 2
    critical = [i.id for i in items if i.priority.value == "critical"]
    assert critical == ["CHK01", "CHK02", "CHK06", "CHK08", "CHK09", "CHK13"]
    assert [i.id for i in items if i.priority.value == "medium"] == ["CHK16"]
    assert items[1].title == ".gitignore includes .env and key files"
    assert all(i.remediation and i.backed_by for i in items)


def test_score_weights_and_exclusions() -> None:
    all_pass = totals(_results({}))
    assert all_pass.score == 100.0 and all_pass.scored_items == 16
    manual = totals(_results({i: Status.MANUAL for i in ITEM_IDS}))
    assert manual.score is None and manual.scored_items == 0
    mixed = totals(_results({"CHK16": Status.FAIL, "CHK13": Status.SKIP, "CHK01": Status.ERROR, "CHK02": Status.WARN}))
    possible = 10 * 5 + 7.5 * 9 + 5  # CHK13 (critical) skipped
    earned = possible - 5 - 10 - 5  # CHK16 FAIL, CHK01 ERROR, CHK02 WARN (half of 10)
    assert mixed.score == round(100 * earned / possible, 1)
    assert mixed.counts["ERROR"] == 1 and mixed.counts["SKIP"] == 1


def test_gate_levels_required_and_min_score() -> None:
    opts = ChecklistOptions(as_of=AS_OF)
    items = _results({"CHK03": Status.WARN, "CHK04": Status.MANUAL})
    sums = totals(items)
    assert gate(items, sums, opts)[1].passed
    assert not gate(items, sums, opts.evolve(fail_on="warn"))[1].passed
    marked, decided = gate(items, sums, opts.evolve(fail_on="manual"))
    assert not decided.passed and {i.id for i in marked if i.failing} == {"CHK03", "CHK04"}
    required = [ItemResult(i.spec, i.status, i.reason, required=True if i.id == "CHK03" else None) for i in items]
    marked, decided = gate(required, sums, opts)
    assert not decided.passed and [i.id for i in marked if i.failing] == ["CHK03"]
    advisory = _results({"CHK05": Status.FAIL})
    advisory = [ItemResult(i.spec, i.status, i.reason, required=False if i.id == "CHK05" else None) for i in advisory]
    assert gate(advisory, totals(advisory), opts)[1].passed
    assert not gate(items, sums, opts.evolve(min_score=99.9))[1].passed
    errors = _results({"CHK07": Status.ERROR})
    decided = gate(errors, totals(errors), opts)[1]
    assert decided.has_error and not decided.passed


def test_no_ai_files_skip_and_missing_engine_keeps_skip() -> None:
    catalog = load_catalog()
    engines = dict(ENGINES)
    engines["lint"] = EngineState("lint", MISSING, "engine not available: lint (test)")
    items, _, _ = evaluate(catalog.items, _facts(engines=engines), ChecklistOptions(as_of=AS_OF), catalog.tables)
    by_id = {i.id: i for i in items}
    assert by_id["CHK07"].status is Status.SKIP  # no AI: nothing for lint to look at
    assert by_id["CHK01"].status is Status.SKIP


def test_missing_engine_turns_a_pass_into_manual() -> None:
    catalog = load_catalog()
    call = FileFacts("app.py", "code", {"ai_call": (Hit(3, "client.chat.completions.create("),), "output_cap": (Hit(4, "max_tokens=5"),), "input_size_guard": (Hit(2, "if len(text) > MAX_CHARS:"),)})
    engines = dict(ENGINES)
    engines["lint"] = EngineState("lint", MISSING, "engine not available: lint (test)")
    # lint's word on where app.py calls a model: line 3, inside the function spanning lines 1-5
    paths = (ModelPaths("app.py", (ModelCallSite(3, "openai", "client.chat.completions.create()"),), ((1, 5),)),)
    with_lint, _, _ = evaluate(catalog.items, _facts(files={"app.py": call}, models=paths), ChecklistOptions(as_of=AS_OF), catalog.tables)
    without, _, _ = evaluate(catalog.items, _facts(files={"app.py": call}, engines=engines), ChecklistOptions(as_of=AS_OF), catalog.tables)
    assert {i.id: i for i in with_lint}["CHK07"].status is Status.PASS
    item = {i.id: i for i in without}["CHK07"]
    assert item.status is Status.MANUAL and item.reason.startswith("engine not available: lint")


def test_strict_and_config_skip() -> None:
    catalog = load_catalog()
    opts = ChecklistOptions(as_of=AS_OF, strict=True, items={"CHK02": ItemConfig(skip="monorepo root handles it")})
    items, sums, decided = evaluate(catalog.items, _facts(), opts, catalog.tables)
    by_id = {i.id: i for i in items}
    assert by_id["CHK02"].status is Status.SKIP and "monorepo" in by_id["CHK02"].reason
    assert by_id["CHK04"].status is Status.FAIL and by_id["CHK04"].original_status is Status.MANUAL
    assert not decided.passed


def test_evaluation_is_deterministic() -> None:
    catalog = load_catalog()
    facts = _facts(files={"a.py": FileFacts("a.py", "code", {"ai_call": (Hit(1, "x.messages.create("),)})})
    first = evaluate(catalog.items, facts, ChecklistOptions(as_of=AS_OF), catalog.tables)
    second = evaluate(catalog.items, facts, ChecklistOptions(as_of=AS_OF), catalog.tables)
    assert first == second


# -- small collectors ---------------------------------------------------------------------------


def test_signals_mask_keys_and_ignore_comments(keys: KeyFactory) -> None:
    key = keys.anthropic()
    assert key not in safe_text(f'client = Anthropic(api_key="{key}")')
    signals = compile_signals(load_catalog().table("signals"))
    doc = Document("svc.py", f"# client.chat.completions.create(\nx = 1\nr = client.chat.completions.create(model='m')  # {key}\n")
    facts = examine(doc, "code", signals)
    assert facts is not None
    hits = facts.signals["ai_call"]
    assert [h.line for h in hits] == [3]
    assert key not in hits[0].text


def test_sanitizer_signal_is_not_fooled_by_html_sanitizers() -> None:
    signals = compile_signals(load_catalog().table("signals"))
    html = examine(Document("v.py", "safe = sanitize_html(answer)\n"), "code", signals)
    assert html is None or not html.has("input_sanitizer")
    real = examine(Document("v.py", "text = sanitize_user_input(raw)\n"), "code", signals)
    assert real is not None and real.has("input_sanitizer")
    configured = compile_signals(load_catalog().table("signals"), {"input_sanitizer": [r"\bscrub_prompt\s*\("]})
    custom = examine(Document("v.py", "text = scrub_prompt(raw)\n"), "code", configured)
    assert custom is not None and custom.has("input_sanitizer")


def test_manifests() -> None:
    req = parse_manifest("requirements.txt", "# deps\nFlask-Limiter[redis]>=3.5\nopenai==1.40\n-r other.txt\n")
    assert [(p.name, p.line) for p in req] == [("flask-limiter", 2), ("openai", 3)]
    pyproject = parse_manifest("pyproject.toml", "[project]\nname='x'\ndependencies = ['slowapi>=0.1', 'tiktoken']\n[tool.poetry.dependencies]\npython='^3.11'\nllm_guard='*'\n")
    assert {p.name for p in pyproject} == {"slowapi", "tiktoken", "llm-guard"}
    pkg = parse_manifest("web/package.json", '{"dependencies": {"express-rate-limit": "^7"}, "devDependencies": {"@upstash/ratelimit": "1"}}')
    assert {p.name for p in pkg} == {"express-rate-limit", "@upstash/ratelimit"}
    assert parse_manifest("package.json", "{not json") == []


def test_env_files_and_environments(keys: KeyFactory) -> None:
    value = keys.chars(40)
    parsed = parse_env_file(".env.production", f"# prod\nexport OPENAI_API_KEY='{value}'\nPORT=8080\nSECRET_TOKEN=changeme\nAPI_TOKEN=${{VAULT_TOKEN}}\n")
    assert [(e.name, e.environment, e.line) for e in parsed] == [("OPENAI_API_KEY", "production", 2)]
    assert value not in repr(parsed)
    assert environment_of("config/settings/staging.py") == "staging"
    assert environment_of("deploy/dev.env") == "development"
    assert environment_of("src/app.py") == ""


def test_file_selection() -> None:
    assert is_prompt_file("prompts/system.md") and is_prompt_file("app/support_prompt.txt")
    assert not is_prompt_file("app/prompt.py")
    assert is_data_file("evals/cases.jsonl") and is_data_file("data/customers.csv")
    assert not is_data_file("examples/demo.py")


def test_secret_files_templates_and_pem(tmp_path) -> None:  # type: ignore[no-untyped-def]
    table = load_catalog().table("gitignore")
    (tmp_path / "cert.pem").write_text("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
    (tmp_path / "key.pem").write_text("-----BEGIN " + "PRIVATE KEY-----\nMIIE\n-----END " + "PRIVATE KEY-----\n")
    names = [".env", ".env.example", "deploy/.env.production", "config/sample.env", "cert.pem", "key.pem", "id_rsa", "id_rsa.pub", "src/app.py"]
    assert secret_files(names, tmp_path, table) == [".env", "deploy/.env.production", "key.pem", "id_rsa"]


def test_classification_documents() -> None:
    doc = analyze("docs/data-classification.md", "---\nlast_reviewed: 2026-05-01\n---\n# Levels\nPublic, Internal, Confidential, Restricted.\nNothing confidential goes to LLM providers.\n")
    assert doc is not None and doc.review_date == dt.date(2026, 5, 1) and doc.review_line == 2
    assert {"public", "internal", "confidential", "restricted"} <= set(doc.levels) and doc.mentions_ai
    section = analyze("SECURITY.md", "# Security\n\nReport bugs.\n\n## Data Classification\n\nPublic and internal.\n\n## Contact\n\nConfidential AI stuff\n", whole=False)
    assert section is not None and section.line == 5 and section.kind == "section"
    assert set(section.levels) == {"public", "internal"} and not section.mentions_ai
    assert analyze("SECURITY.md", "# Security\n\nReport bugs.\n", whole=False) is None
