"""UTF-16 text without a BOM in git: git calls it binary ("Binary files … differ") and shows no
lines, so ``--staged`` and ``--history`` read the blob and scan it when the decoder says text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli.sources.history import BinaryChange, PatchParser
from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def _utf16(key: str) -> bytes:
    return f"# PowerShell profile\r\n$env:ANTHROPIC_API_KEY = \"{key}\"\r\n".encode("utf-16-le")


def _found(result: CliResult) -> list[tuple[str, int]]:
    return result.locations()


@pytest.mark.parametrize("name", ["profile.ps1", "with space and b/odd.ps1", "caf\u00e9 \"q\".ps1"])
def test_staged_utf16_key_is_found(git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory, name: str) -> None:
    key = keys.anthropic()
    (git_repo / name).parent.mkdir(parents=True, exist_ok=True)
    (git_repo / name).write_bytes(_utf16(key))
    git(git_repo, "add", "-A")
    result = aisec("scan", "--staged", "-f", "json", ".", cwd=git_repo)
    assert result.code == 1, result.stdout + result.stderr
    assert _found(result) == [(name, 2)]
    assert key not in result.stdout


def test_history_utf16_key_is_found_also_after_a_change_and_rename(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    first, second = keys.anthropic(), keys.anthropic()
    (git_repo / "a.env").write_bytes(_utf16(first))
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "one")
    (git_repo / "a.env").write_bytes(_utf16(first) + _utf16(second))
    git(git_repo, "commit", "-q", "-am", "two")
    git(git_repo, "mv", "a.env", "b.env")
    git(git_repo, "commit", "-q", "-m", "renamed")
    result = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert result.code == 1, result.stdout + result.stderr
    assert sorted(_found(result)) == [("a.env", 2), ("a.env", 4)]


def test_real_binary_blobs_stay_unread(git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    key = keys.anthropic()
    (git_repo / "blob.bin").write_bytes(bytes(range(256)) * 64 + f'K="{key}"\n'.encode())
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "bin")
    for mode in ("--history", "--staged"):
        result = aisec("scan", mode, "-f", "json", ".", cwd=git_repo)
        assert result.code == 0, result.stdout + result.stderr
        assert _found(result) == []


def test_the_parser_names_a_binary_change() -> None:
    stream = (
        b"diff --git a/x y.bin b/x y.bin\nnew file mode 100644\nindex 0000000..1111111\n"
        b"Binary files /dev/null and b/x y.bin differ\n"
        b"diff --git a/m.bin b/m.bin\nindex 1111111..2222222 100644\n"
        b"Binary files a/m.bin and b/m.bin differ\n"
        b"diff --git \"a/q\\\"\\303\\251.bin\" \"b/q\\\"\\303\\251.bin\"\nindex 1..2 100644\n"
        b"Binary files \"a/q\\\"\\303\\251.bin\" and \"b/q\\\"\\303\\251.bin\" differ\n"
        b"diff --git a/old.bin b/new and b/x.bin\nsimilarity index 90%\n"
        b"rename from old.bin\nrename to new and b/x.bin\n"
        b"Binary files a/old.bin and b/new and b/x.bin differ\n"
    )
    parser = PatchParser("staged")
    events = parser.feed(stream) + parser.close()
    names = [e.raw_path for e in events if isinstance(e, BinaryChange)]
    assert names == [b"x y.bin", b"m.bin", 'q"\u00e9.bin'.encode(), b"new and b/x.bin"]
    assert [e.path for e in events if isinstance(e, BinaryChange)][2] == 'q"\u00e9.bin'



@pytest.mark.parametrize("attribute", ["-diff", "binary", "-text"])
def test_a_gitattributes_entry_cannot_hide_a_key_from_staged_and_history(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory, attribute: str
) -> None:
    """``*.env -diff`` makes git show "Binary files … differ" for plain text: the blob is read."""
    key = keys.anthropic()
    (git_repo / ".gitattributes").write_text(f"*.env {attribute}\n", encoding="utf-8")
    (git_repo / "app.env").write_text(f'ANTHROPIC_API_KEY="{key}"\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    staged = aisec("scan", "--staged", "-f", "json", ".", cwd=git_repo)
    assert _found(staged) == [("app.env", 1)], staged.stdout + staged.stderr
    git(git_repo, "commit", "-q", "-m", "x")
    history = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert _found(history) == [("app.env", 1)], history.stdout + history.stderr
