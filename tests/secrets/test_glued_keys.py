"""A key glued to a word by an underscore (``backup_sk-ant-…``, ``token_hf_…``) is still a key.

The prefix rules ask for a word boundary before a key, and ``_`` is a word character, so a key
written straight after ``name_`` passed every scan (tree, staged, history) with exit 0, while the
masking net already hid it in reports. Snake-case names and other long identifiers stay quiet.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.secrets.engine import default_engine
from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory

PROVIDERS = ["anthropic", "openai_project", "google", "groq", "huggingface", "xai", "langsmith_pat"]
SHAPES = ["backup_{key}", "token = 'prod_{key}'", "url: https://h.example/p?k=abc_{key}&z=1", "export X=old_copy_{key}"]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("shape", SHAPES)
def test_the_engine_finds_a_glued_key_whole(keys: KeyFactory, provider: str, shape: str) -> None:
    key = getattr(keys, provider)()
    text = shape.format(key=key)
    spans = [(s, e) for s, e, _rule, _provider in default_engine().find_spans(text)]
    start = text.index(key)
    assert (start, start + len(key)) in spans


@pytest.mark.parametrize(
    "text",
    [
        "def load_user_preferences_from_database_table(user_id_for_lookup_2024): pass",
        "use_hf_TransformersAutoModelForCausalLanguageModel = True",
        "OPENAI_API_KEY_FOR_INTEGRATION_TESTS_2024_Q3_sk-proj-placeholder-value-here",
        "assets/img_sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.png",
    ],
)
def test_names_and_placeholders_after_an_underscore_stay_quiet(text: str) -> None:
    assert default_engine().find_spans(text) == []


def test_a_key_inside_a_longer_underscored_key_is_found_once(keys: KeyFactory) -> None:
    """``_`` inside a key's own body (base64url) starts no second key."""
    key = keys.openai_project()
    spans = default_engine().find_spans(f"k = '{key}'")
    assert len(spans) == 1


def test_tree_staged_and_history_scans_fail_on_it(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    key = keys.anthropic()
    (git_repo / "notes.txt").write_text(f"old one: backup_{key}\n", encoding="utf-8")
    tree = aisec("scan", "-f", "json", ".", cwd=git_repo)
    assert tree.code == 1, tree.stdout + tree.stderr
    assert key not in tree.stdout + tree.stderr
    git(git_repo, "add", "-A")
    staged = aisec("scan", "--staged", "-f", "json", ".", cwd=git_repo)
    assert staged.code == 1 and key not in staged.stdout + staged.stderr
    git(git_repo, "commit", "-q", "-m", "notes")
    history = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert history.code == 1 and key not in history.stdout + history.stderr
    (finding,) = json.loads(history.stdout)["findings"]
    assert finding["location"]["line"] == 1
