"""--help reads cleanly (no type hints on flags, no eaten defaults, no RST) and option values complete."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

COMMANDS = [["scan"], ["lint"], ["prompts"], ["redact"], ["restore"], ["checklist"], ["init"], ["baseline", "prune"], ["baseline", "audit"], ["rules"]]


def _help(*words: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")} | {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    out = subprocess.run([sys.executable, "-m", "aisec_cli", *words, "--help"], capture_output=True, text=True, env=env, cwd=REPO_ROOT)
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_help_has_no_type_hints_rst_or_stray_spaces(words: list[str]) -> None:
    text = _help(*words)
    options = text[text.index("─ Options") :]
    assert not re.search(r"<(bool|boolean|str|list\[str\]|path|int range|int|float)>", options), options
    assert "``" not in text
    prose = "\n".join(line for line in text.replace("│", " ").splitlines() if "aisec " not in line)  # "aisec scan ." is a path
    assert not re.search(r"\w \.(\s|$)", prose), prose
    assert "--no-progress" in text or words[0] in ("init", "rules", "baseline")


def test_restore_key_says_decrypt_and_policy_default_is_whole() -> None:
    restore = " ".join(_help("restore").split())
    assert "Decrypt the mapping file" in restore and "Encrypt" not in restore
    policy = " ".join(_help("checklist").replace("│", " ").split())
    assert "(default: .aisec/policy.yaml, else the config file's tool.aisec.policy table)" in policy


@pytest.mark.parametrize(
    "words, expected",
    [("aisec scan --format co", ["codequality"]), ("aisec lint --fail-on h", ["high"]), ("aisec scan --color n", ["never"])],
)
def test_option_values_complete(tmp_path: Path, words: str, expected: list[str]) -> None:
    env = os.environ | {"_AISEC_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
    out = subprocess.run([sys.executable, "-m", "aisec_cli"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert out.stdout.split() == expected


def test_rule_ids_complete(tmp_path: Path) -> None:
    env = os.environ | {"_AISEC_COMPLETE": "complete_bash", "COMP_WORDS": "aisec lint --ignore AIS10", "COMP_CWORD": "3"}
    out = subprocess.run([sys.executable, "-m", "aisec_cli"], cwd=tmp_path, capture_output=True, text=True, env=env)
    ids = out.stdout.split()
    assert "AIS101" in ids and all(i.startswith("AIS10") for i in ids)


def test_every_example_block_has_the_same_indent(aisec) -> None:  # type: ignore[no-untyped-def]
    commands = [["scan"], ["lint"], ["prompts"], ["redact"], ["checklist"], ["hooks", "install"], ["baseline", "prune"]]
    indents = {}
    for command in commands:
        result = aisec(*command, "--help", env={"COLUMNS": "120", "TERM": "dumb", "NO_COLOR": "1"})
        assert result.code == 0, result.stderr
        lines = result.stdout.splitlines()
        start = next(i for i, line in enumerate(lines) if line.strip() == "Examples:")
        examples = [line for line in lines[start + 1 :] if line.strip().startswith("aisec ")]
        assert examples, command
        indents[" ".join(command)] = {len(line) - len(line.lstrip()) for line in examples}
    assert len({frozenset(v) for v in indents.values()}) == 1 and all(len(v) == 1 for v in indents.values()), indents
