"""The streaming patch parser: same result for any chunking, exact line numbers."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aisec_cli.core.findings import Commit
from aisec_cli.sources import history as h
from tests.history.conftest import Repo


def _events_summary(events: list[h.Event]) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for event in events:
        if isinstance(event, Commit):
            out.append(("commit", event.sha, event.author, event.message))
        elif isinstance(event, h.FileChange):
            doc = event.document
            out.append(("file", doc.commit.sha if doc.commit else None, doc.path, doc.text, list(doc.line_numbers or [])))
        elif isinstance(event, h.BinaryChange):
            out.append(("binary", event.commit.sha if event.commit else None, event.raw_path))
        else:
            out.append(("note", event.path, event.message))
    return out


def _log_bytes(path: Path) -> bytes:
    args = h.log_arguments(["--all"], oldest_first=True)
    return subprocess.run(["git", *args], cwd=path, capture_output=True, check=True).stdout


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repo, bytes]:
    """Renames, a merge with a resolution line, odd names, a binary file, no final newline."""
    path = tmp_path_factory.mktemp("varied")
    repo = Repo(path)
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.name", "Ünïcode Dev")
    repo.git("config", "user.email", "dev@example.com")
    repo.commit("base", ("a.txt", "1\n2\n3\n4\n5\n"), ("b.txt", "no newline at end"))
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("side", ("a.txt", "1\n2\n3\n4\n5\nside 6\n"))
    repo.git("checkout", "-q", "main")
    repo.commit("main", ("a.txt", "main 0\n1\n2\n3\n4\n5\n"))
    repo.merge("side", "merge", lambda: repo.write("a.txt", "main 0\n1\n2\nresolved 3a\n3\n4\n5\nside 6\n"))
    repo.mv("a.txt", "dir/a renamed.txt")
    repo.commit("move")
    repo.commit("edit", ("dir/a renamed.txt", "main 0\n1\nnew 2a\n2\nresolved 3a\n3\n4\n5\nside 6\nlast\n"))
    repo.write(b"caf\xe9 \"q\".txt", b"caf\xe9\n+plus line\n")
    repo.write("bin.dat", b"\x00\x01\x02+++ not a header\n")
    repo.commit("odd", ("b.txt", "no newline at end\nnow there is"))
    return repo, _log_bytes(path)


def test_whole_stream_parse(varied: tuple[Repo, bytes]) -> None:
    repo, data = varied
    events = list(h.iter_changes([data]))
    commits = [e for e in events if isinstance(e, Commit)]
    assert [c.message for c in commits] == ["base", "side", "main", "merge", "move", "edit", "odd"]
    assert commits[0].author == "Ünïcode Dev" and commits[0].date.startswith("2023-11-14T")
    files = {(e.document.commit.message if e.document.commit else "", e.document.path): e.document for e in events if isinstance(e, h.FileChange)}
    assert files[("base", "a.txt")].text == "1\n2\n3\n4\n5"
    assert list(files[("base", "a.txt")].line_numbers or []) == [1, 2, 3, 4, 5]
    assert list(files[("side", "a.txt")].line_numbers or []) == [6]
    # the merge adds only its resolution line, at its line in the merge result
    assert files[("merge", "a.txt")].text == "resolved 3a"
    assert list(files[("merge", "a.txt")].line_numbers or []) == [4]
    assert ("move", "dir/a renamed.txt") not in files  # a pure rename adds nothing
    edit = files[("edit", "dir/a renamed.txt")]
    assert edit.text == "new 2a\nlast" and list(edit.line_numbers or []) == [3, 10]
    odd = files[("odd", "caf\\xe9 \"q\".txt")]
    assert odd.text == "caf\xe9\n+plus line" and list(odd.line_numbers or []) == [1, 2]
    assert files[("odd", "b.txt")].text == "no newline at end\nnow there is"
    assert list(files[("odd", "b.txt")].line_numbers or []) == [1, 2]
    assert ("odd", "bin.dat") not in files
    raw = next(e.raw_path for e in events if isinstance(e, h.FileChange) and e.document.path.startswith("caf"))
    assert raw == b"caf\xe9 \"q\".txt"


@settings(max_examples=40, deadline=None)
@given(cuts=st.lists(st.integers(min_value=1, max_value=4000), min_size=1, max_size=30))
def test_any_chunking_gives_the_same_events(varied: tuple[Repo, bytes], cuts: list[int]) -> None:
    data = varied[1]
    chunks: list[bytes] = []
    pos = 0
    for size in cuts:
        chunks.append(data[pos : pos + size])
        pos += size
    chunks.append(data[pos:])
    assert _events_summary(list(h.iter_changes(chunks))) == _events_summary(list(h.iter_changes([data])))


def test_byte_by_byte(varied: tuple[Repo, bytes]) -> None:
    data = varied[1]
    one = [data[i : i + 1] for i in range(len(data))]
    assert _events_summary(list(h.iter_changes(one))) == _events_summary(list(h.iter_changes([data])))


def _synthetic(lines: list[bytes]) -> bytes:
    head = h.MARKER + b"\0".join([b"a" * 40, b"", b"N", b"n@x", b"2024-01-01T00:00:00+00:00", b"s"])
    return b"\n".join([head, b"", b"diff --git a/f b/f", b"--- a/f", b"+++ b/f", *lines]) + b"\n"


def test_pieces_of_an_enormous_diff_keep_line_numbers() -> None:
    body = [b"@@ -0,0 +1,1000 @@", *(b"+line %d" % n for n in range(1, 1001))]
    parser = h.PatchParser(piece_bytes=1000)
    data = _synthetic(body)
    events: list[h.Event] = []
    for i in range(0, len(data), 500):  # as a pipe delivers it: in small chunks
        events += parser.feed(data[i : i + 500])
    events += parser.close()
    docs = [e for e in events if isinstance(e, h.FileChange)]
    assert len(docs) > 5 and [d.piece for d in docs] == list(range(len(docs)))
    numbers = [n for d in docs for n in (d.document.line_numbers or [])]
    texts = [t for d in docs for t in d.document.text.split("\n")]
    assert numbers == list(range(1, 1001)) and texts == [f"line {n}" for n in range(1, 1001)]


def test_size_cap_stops_one_file_and_says_so() -> None:
    body = [b"@@ -0,0 +1,100 @@", *(b"+" + b"x" * 99 for _ in range(100)), b"diff --git a/g b/g", b"+++ b/g", b"@@ -0,0 +1 @@", b"+after"]
    parser = h.PatchParser(max_file_size=2000)
    events = parser.feed(_synthetic(body)) + parser.close()
    notes = [e for e in events if isinstance(e, h.ScanError)]
    assert len(notes) == 1 and notes[0].kind == "skipped" and notes[0].path.startswith("f@")
    docs = [e.document for e in events if isinstance(e, h.FileChange)]
    assert sum(len(d.text) for d in docs if d.path == "f") < 2000
    assert [d.text for d in docs if d.path == "g"] == ["after"]


def test_overlong_line_is_cut_not_buffered() -> None:
    long_line = b"+" + b"k" * (h.LINE_CAP + 5000)
    data = _synthetic([b"@@ -0,0 +1,2 @@", long_line, b"+tail"])
    parser = h.PatchParser(max_file_size=64 << 20)
    events: list[h.Event] = []
    for i in range(0, len(data), 1 << 16):
        events += parser.feed(data[i : i + (1 << 16)])
        assert parser._pending_size <= h.LINE_CAP
    events += parser.close()
    docs = [e.document for e in events if isinstance(e, h.FileChange)]
    assert all(len(d.text) <= h.LINE_CAP for d in docs)
    # the file is handed over whole instead (its blob read back, bounded by max-file-size)
    assert [(e.path, e.long_line) for e in events if isinstance(e, h.BinaryChange)] == [("f", True)]


def test_unquote_and_display_path() -> None:
    assert h.unquote_path(b'"tab\\there"') == b"tab\there"
    assert h.unquote_path(b'"caf\\303\\251 \\"q\\" \\\\"') == "café \"q\" \\".encode()
    assert h.unquote_path(b"plain") == b"plain"
    assert h.display_path(b"caf\xc3\xa9") == "café"
    assert h.display_path(b"caf\xe9") == "caf\\xe9"


def test_line_map() -> None:
    lines = h.LineMap([(3, 2), (10, 3)])
    assert len(lines) == 5 and list(lines) == [3, 4, 10, 11, 12]
    assert lines[-1] == 12 and lines[1:3] == [4, 10]
    with pytest.raises(IndexError):
        lines[5]
    import pickle

    assert list(pickle.loads(pickle.dumps(lines))) == [3, 4, 10, 11, 12]


def test_log_option_guard() -> None:
    for bad in ("--format=%H", "--pretty", "-p", "-U5", "--output=x", "--color=always", "--stat", "--word-diff", "-z", "--ext-diff", "-L1,2:f"):
        assert h.check_log_options([bad]) == bad
    for ok in ("--all", "--author=x", "--since=2024-01-01", "-n", "5", "--first-parent", "--no-merges", "HEAD~3..HEAD", "--", "-p-file"):
        if ok == "-p-file":
            continue
        assert h.check_log_options([ok]) is None


def test_arguments_pin_every_output_setting() -> None:
    args = h.log_arguments(["--all"], ["--author=x"], ["src"])
    for pinned in ("-U0", "--cc", "--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/"):
        assert pinned in args
    assert "--reverse" not in args and "--reverse" in h.log_arguments(["--all"], oldest_first=True)
    assert args[-2:] == ["--", "src"] and args.index("--author=x") < args.index("--all")
    assert os.fsdecode(h.MARKER).startswith("\x01")
