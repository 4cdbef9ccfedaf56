"""The config's `rule-files` list may mix kinds: each command reads the rule files of its own kind."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.keyfactory import KeyFactory

SECRETS_FILE = (
    "version: 1\nfamily: secrets\nrules:\n"
    "  - id: KEY850\n    name: acme-key\n    title: ACME key\n    severity: high\n"
    "    provider: ACME\n    pattern: '\\b(?P<secret>acme_[A-Za-z0-9]{30})\\b'\n"
    "    entropy: 3.0\n    docs: {what: ACME keys, why: they bill}\n"
)
INJECTION_FILE = (
    "version: 1\nfamily: injection\nrules:\n"
    "  - id: PRM199\n    name: house-phrase\n    title: Our own phrase\n    severity: medium\n"
    "    tags: [LLM01]\n    category: direct_override\n"
    "    patterns:\n      - {id: zorb, regex: '\\bzorblax\\s+quintessa\\b', score: 0.9}\n"
    "    docs: {what: The phrase., why: Because., example: zorblax quintessa, fix: Remove it., references: []}\n"
)


def _project(root: Path, keys: KeyFactory, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / ".aisec.toml").write_text(
        "rule-files = [" + ", ".join(f'"{n}"' for n in files) + "]\n", encoding="utf-8"
    )
    (root / "app.py").write_text(f'KEY = "acme_{keys.chars(30)}"\n', encoding="utf-8")
    (root / "agent.prompt").write_text("Please zorblax quintessa now.\n", encoding="utf-8")


def test_a_secrets_rule_file_in_the_config_is_read_by_scan_only(
    git_repo: Path, keys: KeyFactory, aisec
) -> None:  # type: ignore[no-untyped-def]
    _project(git_repo, keys, {"my-secrets.yaml": SECRETS_FILE, "my-prompts.yaml": INJECTION_FILE})
    scan = aisec("scan", ".", "-f", "json", cwd=git_repo)
    assert scan.code == 1, scan.stderr
    assert [f["rule_id"] for f in json.loads(scan.stdout)["findings"]] == ["KEY850"]
    prompts = aisec("prompts", "agent.prompt", "-f", "json", cwd=git_repo)
    assert prompts.code == 1, prompts.stderr
    assert "PRM199" in {f["rule_id"] for f in json.loads(prompts.stdout)["findings"]}
    for args in (("lint", "."), ("redact", "--check", "agent.prompt"), ("checklist", ".")):
        result = aisec(*args, "-f", "json", cwd=git_repo)
        assert "aisec: error" not in result.stderr, (args, result.stderr)
        assert result.code in (0, 1), (args, result.stderr)
        json.loads(result.stdout)
    subprocess.run(["git", "add", "app.py", "agent.prompt"], cwd=git_repo, check=True)
    hook = aisec("hooks", "run", cwd=git_repo)
    assert "aisec: error" not in hook.stderr, hook.stderr
    assert hook.code == 1 and "KEY850" in hook.stdout
    prompt_hook = aisec("hooks", "run", "agent.prompt", cwd=git_repo)
    assert prompt_hook.code == 1 and "PRM199" in prompt_hook.stdout, prompt_hook.stdout + prompt_hook.stderr
    assert keys.chars(30) not in scan.stdout + hook.stdout


def test_a_file_without_family_is_routed_by_its_rule_ids(git_repo: Path, keys: KeyFactory, aisec) -> None:  # type: ignore[no-untyped-def]
    _project(git_repo, keys, {"mine.yaml": SECRETS_FILE.replace("family: secrets\n", "")})
    assert aisec("scan", "app.py", cwd=git_repo).code == 1
    lint = aisec("lint", ".", cwd=git_repo)
    assert lint.code == 0, lint.stderr


@pytest.mark.parametrize(
    "text,needle",
    [
        (SECRETS_FILE.replace("family: secrets", "family: sekrets"), "sekrets"),
        (SECRETS_FILE.replace("family: secrets\n", "").replace("KEY850", "XYZ850"), "which kind"),
        (SECRETS_FILE.replace("family: secrets\n", "") + INJECTION_FILE.split("rules:\n")[1], "which kind"),
        (SECRETS_FILE.replace("family: secrets", "family: lint"), "KEY850"),
        ("- just\n- a list\n", "mapping"),
    ],
)
def test_a_rule_file_of_unknown_kind_is_a_clean_error(
    git_repo: Path, keys: KeyFactory, aisec, text: str, needle: str
) -> None:  # type: ignore[no-untyped-def]
    _project(git_repo, keys, {"odd.yaml": text})
    for args in (("scan", "."), ("lint", "."), ("prompts", "agent.prompt")):
        result = aisec(*args, cwd=git_repo)
        assert result.code == 2, (args, result.stdout, result.stderr)
        assert result.stderr.startswith("aisec: error: ") and needle in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_a_vocabulary_only_file_without_family_is_the_prompts_one(git_repo: Path, keys: KeyFactory, aisec) -> None:  # type: ignore[no-untyped-def]
    vocab = "version: 1\nvocabulary:\n  HOUSE_WORD: zorblax\nrules: []\n"
    _project(git_repo, keys, {"words.yaml": vocab, "mine.yaml": SECRETS_FILE})
    assert aisec("scan", "app.py", cwd=git_repo).code == 1
    prompts = aisec("prompts", "agent.prompt", cwd=git_repo)
    assert prompts.code in (0, 1) and "aisec: error" not in prompts.stderr, prompts.stderr


@pytest.mark.parametrize("command", [("lint", "."), ("prompts", "agent.prompt"), ("redact", "--check", "agent.prompt")])
def test_a_rule_file_of_another_kind_named_on_the_command_line_is_refused(tmp_path: Path, command: tuple[str, ...], aisec) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "my-secrets.yaml").write_text(SECRETS_FILE, encoding="utf-8")
    (tmp_path / "agent.prompt").write_text("Please zorblax quintessa now.\n", encoding="utf-8")
    result = aisec(*command, "--rule-file", "my-secrets.yaml", cwd=tmp_path)
    assert result.code == 2, result.stdout + result.stderr
    assert result.stderr.startswith("aisec: error: --rule-file my-secrets.yaml: a secrets rule file"), result.stderr
    assert "aisec scan" in result.stderr
    assert aisec("scan", ".", "--rule-file", "my-secrets.yaml", cwd=tmp_path).code == 0
