"""AIS505 (audit): what counts as a pinned hub download, judged like a reviewer would.

Shapes seen in another linter's published cases for the same check: a dataset name without an
organisation is still a hub download (``load_dataset("name")``), a packaged dataset builder
reading local files is not; an abbreviated commit id pins as well as a full one; a revision
that is not a literal (a variable from settings, a dict lookup) cannot be judged and is not
reported; ``commit_id=`` pins like ``revision=``.
"""

from __future__ import annotations

import pytest

from aisec_cli.core.document import Document
from aisec_cli.lint import LintSettings, lint_document

HEAD = "from datasets import load_dataset\nfrom huggingface_hub import hf_hub_download, snapshot_download\nfrom transformers import AutoModel\n"


def _ais505_lines(body: str) -> list[int]:
    text = HEAD + body
    findings, errors = lint_document(Document("load.py", text), LintSettings(profile="audit"))
    assert errors == []
    return [f.location.line - 3 for f in findings if f.rule_id == "AIS505"]


@pytest.mark.parametrize(
    "call",
    [
        'load_dataset("reviews_corpus")',
        'load_dataset("reviews_corpus", revision="main")',
        'load_dataset("acme/reviews", split="train")',
        'AutoModel.from_pretrained("acme/model", revision="v2.1.0")',
        'hf_hub_download(repo_id="acme/model", filename="config.json", revision="release")',
        'snapshot_download("acme/model", revision="deadbeefcafe-branch")',
    ],
)
def test_floating_downloads_are_reported(call: str) -> None:
    assert _ais505_lines(f"x = {call}\n") == [1]


@pytest.mark.parametrize(
    "call",
    [
        'load_dataset("csv", data_files="rows.csv")',
        'load_dataset("json", data_files={"train": "a.jsonl"})',
        'load_dataset("imagefolder", data_dir="pics")',
        'AutoModel.from_pretrained("acme/model", revision="3f2a9c1")',
        'AutoModel.from_pretrained("acme/model", revision="3f2a9c1d0e8b7a6f5e4d3c2b1a09f8e7d6c5b4a3")',
        'hf_hub_download(repo_id="acme/model", filename="w.bin", commit_id="9b8c7d6e5f4a")',
        'AutoModel.from_pretrained("acme/model", revision=settings.MODEL_REVISION)',
        'AutoModel.from_pretrained("acme/model", revision=cfg["revision"])',
        'AutoModel.from_pretrained("./checkpoints/model")',
    ],
)
def test_pinned_local_or_unknowable_downloads_are_not(call: str) -> None:
    assert _ais505_lines(f"x = {call}\n") == []


def test_a_module_constant_revision_is_judged_by_its_value() -> None:
    assert _ais505_lines('REV = "main"\nm = AutoModel.from_pretrained("acme/model", revision=REV)\n') == [2]
    assert _ais505_lines('REV = "548fc3543a"\nm = AutoModel.from_pretrained("acme/model", revision=REV)\n') == []
