"""Binary blobs that ``--history`` and ``--staged`` did not read are listed, as the tree scan lists
binary files: a ``skipped`` entry naming the file (and the commit), the run complete.

Before, a history or staged scan said nothing about them: an image, a compiled file or a blob
over the size cap simply was not there, so a gate's user could not tell what was not read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def _plant(repo: Path, keys: KeyFactory) -> None:
    (repo / "logo.png").write_bytes(PNG)  # binary by its name: its blob is not read
    (repo / "model.dat").write_bytes(b"\x00\x01\x02\x03" * 300)  # read, and binary
    (repo / "win.env").write_bytes(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\r\n'.encode("utf-16-le"))  # read, text
    (repo / "app.py").write_text("x = 1\n", encoding="utf-8")


def _entries(result: CliResult) -> tuple[dict, list[tuple[str, str, str]]]:
    report = json.loads(result.stdout)
    return report, sorted((e["path"], e["kind"], e["message"]) for e in report["errors"])


def test_history_lists_the_binary_blobs_of_each_commit(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    _plant(git_repo, keys)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "assets")
    first = git(git_repo, "rev-parse", "HEAD").strip()[:12]
    (git_repo / "model.dat").write_bytes(b"\x00\x01\x02\x04" * 300)
    (git_repo / "app.py").write_text("x = 2\n", encoding="utf-8")
    git(git_repo, "commit", "-q", "-am", "new model")
    second = git(git_repo, "rev-parse", "HEAD").strip()[:12]
    result = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert result.code == 1, result.stdout + result.stderr
    report, entries = _entries(result)
    assert [(path, kind) for path, kind, _ in entries] == sorted([
        (f"logo.png@{first}", "skipped"),
        (f"model.dat@{first}", "skipped"),
        (f"model.dat@{second}", "skipped"),
    ])
    assert all("binary" in message for _, _, message in entries)
    assert report["incomplete"] is False
    assert [f["location"]["path"] for f in report["findings"]] == ["win.env"]  # the UTF-16 blob was read


def test_staged_lists_the_binary_blobs_of_the_index(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    _plant(git_repo, keys)
    git(git_repo, "add", "-A")
    result = aisec("scan", "--staged", "-f", "json", ".", cwd=git_repo)
    assert result.code == 1, result.stdout + result.stderr
    report, entries = _entries(result)
    assert [(path, kind) for path, kind, _ in entries] == [("logo.png", "skipped"), ("model.dat", "skipped")]
    assert report["incomplete"] is False


def test_a_text_blob_over_the_size_cap_is_listed(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    """git calls UTF-16 text binary; a blob of it over max-file-size is not read, and says so."""
    body = "".join(f"SETTING_{n}=value number {n}\r\n" for n in range(4000))
    (git_repo / "big.env").write_bytes((body + f'KEY="{keys.anthropic()}"\r\n').encode("utf-16-le"))
    git(git_repo, "add", "-A")
    staged = aisec("scan", "--staged", "--max-file-size", "64KB", "-f", "json", ".", cwd=git_repo)
    report, entries = _entries(staged)
    assert [(path, kind) for path, kind, _ in entries] == [("big.env", "skipped")]
    assert "size cap" in entries[0][2]
    git(git_repo, "commit", "-q", "-m", "big")
    history = aisec("scan", "--history", "--max-file-size", "64KB", "-f", "json", ".", cwd=git_repo)
    report, entries = _entries(history)
    assert [kind for _, kind, _ in entries] == ["skipped"] and entries[0][0].startswith("big.env@")
    assert "size cap" in entries[0][2] and report["incomplete"] is False


def test_many_skips_are_one_counted_line_and_excluded_blobs_are_not_listed(
    git_repo: Path, aisec: Callable[..., CliResult]
) -> None:
    for n in range(6):
        (git_repo / f"img{n}.png").write_bytes(PNG)
    (git_repo / "vendor").mkdir()
    (git_repo / "vendor" / "lib.so").write_bytes(b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200)
    (git_repo / ".aisec.toml").write_text('exclude = ["vendor/"]\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "images")
    result = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert result.code == 0, result.stdout + result.stderr
    _, entries = _entries(result)
    assert len(entries) == 6 and not any("vendor" in path for path, _, _ in entries)
    notes = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(notes) == 1 and "6 files skipped" in notes[0], result.stderr
