"""Hook runs give the same findings with a cold disk cache, a warm one and none at all.

The commit-stage hooks keep derived data of aisec's own rule files on disk and build their
matchers lazily (patterns compiled on first use); none of it may change what they report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aisec_cli.secrets import verifiers
from tests.keyfactory import KeyFactory

ENTRIES = (
    ("scan", "--format", "hook"),
    ("lint", "--format", "hook"),
    ("redact", "--check", "--format", "hook"),
    ("hooks", "run", "--format", "hook"),
)


def _files(root: Path, keys: KeyFactory) -> list[str]:
    (root / "src").mkdir()
    (root / "data").mkdir()
    (root / "src" / "agent.py").write_text(
        "import openai\n\n"
        f"client = openai.OpenAI(api_key='{keys.openai_project()}')\n"
        f"aws_access_key_id = '{keys.aws_access_key_id()}'\n"
        f"aws_secret_access_key = '{keys.aws_secret()}'\n"
        "reply = client.chat.completions.create(model='gpt-4o-mini', messages=[])\n"
        "exec(reply.choices[0].message.content)\n",
        encoding="utf-8",
    )
    (root / "data" / "customers.csv").write_text(
        "id,name,email,phone,street\n"
        "1,Maria Keller,maria.keller@example.org,+49 30 901820,Bahnhofstraße 12\n"
        "2,John Smith,john.smith@example.com,+1 415 555 0134,12 Elm Street\n",
        encoding="utf-8",
    )
    return ["src/agent.py", "data/customers.csv"]


def test_cold_warm_and_uncached_runs_report_the_same(aisec, keys: KeyFactory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = tmp_path / "work"
    repo.mkdir()
    names = _files(repo, keys)
    cache = {"AISEC_CACHE_DIR": str(tmp_path / "cache")}
    for entry in ENTRIES:
        cold = aisec(*entry, *names, cwd=repo, env=cache)
        warm = aisec(*entry, *names, cwd=repo, env=cache)
        off = aisec(*entry, *names, cwd=repo, env={"AISEC_NO_CACHE": "1"})
        assert cold.code == 1, (entry, cold.stdout, cold.stderr)
        assert (warm.code, warm.stdout) == (cold.code, cold.stdout), entry
        assert (off.code, off.stdout) == (cold.code, cold.stdout), entry
    assert any((tmp_path / "cache").rglob("verifiers-*.json"))
    both = aisec("hooks", "run", "--format", "hook", *names, cwd=repo, env=cache).stdout
    assert "src/agent.py" in both and "data/customers.csv" in both


def test_cached_verifier_table_follows_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AISEC_CACHE_DIR", str(tmp_path / "cache"))
    text = (verifiers._rules_dir() / verifiers.FILE_NAME).read_text(encoding="utf-8")
    first = verifiers.parse(text, trusted=True)
    again = verifiers.parse(text, trusted=True)  # read back from the cache
    assert again == first
    rule_id, info = next((k, v) for k, v in first.items() if v.revoke)
    changed = text.replace(info.revoke, "https://keys.example.invalid/rotate", 1)
    assert changed != text
    after = verifiers.parse(changed, trusted=True)
    assert after[rule_id].revoke == "https://keys.example.invalid/rotate"
    assert verifiers.parse(text, trusted=True)[rule_id].revoke == info.revoke
