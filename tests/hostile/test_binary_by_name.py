"""History and staged scans skipped a blob git showed as binary by its name alone (``.png``,
``.zip`` …) without reading it: a key in a text file named ``logo.png`` that ``.gitattributes``
marks ``binary`` (or saved as UTF-16, which git calls binary by its NUL bytes) was listed as a
skipped image and the run was complete, exit 0; the tree scan reads the same file and finds the
key. The blob is now read and judged by its content, as the tree scan does."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


@pytest.mark.parametrize("mode", ["--history", "--staged"])
def test_key_files_named_as_images_are_read(git_repo: Path, keys: KeyFactory, aisec: Callable[..., CliResult], mode: str) -> None:
    (git_repo / ".gitattributes").write_text("*.png binary\n*.zip -diff\n", encoding="utf-8")
    (git_repo / "logo.png").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    (git_repo / "data.zip").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    (git_repo / "wide.jpg").write_bytes(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n'.encode("utf-16-le"))
    (git_repo / "real.png").write_bytes(PNG)
    git(git_repo, "add", "-A")
    if mode == "--history":
        git(git_repo, "commit", "-q", "-m", "assets")
    result = aisec("scan", mode, "-f", "json", ".", cwd=git_repo)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.code == 1, (result.code, result.stderr)
    report = json.loads(result.stdout)
    assert sorted({f["location"]["path"] for f in report["findings"]}) == ["data.zip", "logo.png", "wide.jpg"]
    skipped = [e["path"].split("@")[0] for e in report["errors"] if e["kind"] == "skipped"]
    assert skipped == ["real.png"], report["errors"]
