"""A git object id named as one is no key, even beside a provider's name.

Commit messages are scanned now, and git writes commit ids into them ("This reverts commit
<id>.", "(cherry picked from commit <id>)"); changelogs and pinned revisions do too. A revert of
a commit that mentions a provider put a 40-hex commit id within the context window of rules
whose key shape is also 40 (or 32–48) letters and digits (Deepgram, Upstage): a false key.
"""

from __future__ import annotations

import pytest

from aisec_cli.core.document import Document
from aisec_cli.secrets.engine import build_engine
from tests.keyfactory import KeyFactory


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    return build_engine()


def rules(engine, text: str, path: str = "COMMIT_MSG") -> list[str]:  # type: ignore[no-untyped-def]
    return [f.rule_id for f in engine.scan(Document(path, text))]


@pytest.mark.parametrize(
    "template",
    [
        'Revert "Add {provider} transcription"\n\nThis reverts commit {sha}.\n',
        "Use {provider} embeddings\n\n(cherry picked from commit {sha})\n",
        "{provider}: retry on 429\n\nFixes the regression from commit: {sha}\n",
        "## {provider}\n\n- pinned the client to rev {sha}\n",
        "Merge {sha} into main ({provider} streaming)\n",
    ],
)
@pytest.mark.parametrize("provider", ["Deepgram", "Upstage"])
def test_a_commit_id_named_as_one_is_no_key(engine, keys: KeyFactory, template: str, provider: str) -> None:  # type: ignore[no-untyped-def]
    sha = keys.hex(40)
    assert rules(engine, template.format(sha=sha, provider=provider)) == []


def test_the_same_shape_assigned_to_a_key_name_is_still_found(engine, keys: KeyFactory) -> None:  # type: ignore[no-untyped-def]
    value = keys.hex(40)
    assert rules(engine, f'DEEPGRAM_API_KEY = "{value}"\n', "settings.py") == ["KEY043"]
    assert rules(engine, f"deepgram commit hook token\nDEEPGRAM_API_KEY={value}\n", "deploy.env") == ["KEY043"]
