"""Commit and tag messages: those a history scan covers, and a commit-msg hook's file.

A key pasted into a commit message (or an annotated tag's) is published with it, like one in a
file, so the history scans read the whole message (``%B``) of every commit they cover, from one
``git log --no-patch -z`` over the same revisions, options and paths as the diff stream, and
the messages of the annotated tags they cover. A commit's message is reported under the path
:data:`MESSAGE_PATH`, a tag's under ``refs/tags/<name>``, each with its object.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from aisec_cli.core.findings import MESSAGE_PATH, Commit
from aisec_cli.core.lazyre import LazyRegex

_FORMAT = "%H%n%an%n%ae%n%aI%n%B"
_HEADER = re.compile(rb"\A[0-9a-f]{40}(?:[0-9a-f]{24})?\n")
_TAGGER = re.compile(rb"\A(.*?) <([^>\n]*)> (\d+) ([+-])(\d\d)(\d\d)\Z")
_DIFF_STARTS = ("diff --git ", "diff --cc ", "diff --combined ", "Submodule ")  # what git -v appends
_SCISSORS = LazyRegex(r"^\S ------------------------ >8 ------------------------$", re.M)


def message_arguments(revisions: Sequence[str], extra: Sequence[str] = (), pathspec: Sequence[str] = ()) -> list[str]:
    """The ``git`` arguments listing the full message of every commit a history stream covers."""
    return [
        "-c", "log.showSignature=false",
        "-c", "i18n.logOutputEncoding=UTF-8",
        "log", "--no-patch", "-z", "--full-history", "--no-color", "--no-notes",
        f"--format={_FORMAT}",
        *extra,
        *revisions,
        "--",
        *pathspec,
    ]


def split_records(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The NUL-separated records of git's ``-z`` output; a record that does not start with a
    commit id (a NUL inside a forged message) is joined back to the one before it."""
    pending = b""
    previous: bytes | None = None
    for chunk in chunks:
        pending += chunk
        *complete, pending = pending.split(b"\0")
        for record in complete:
            if previous is not None and not _HEADER.match(record):
                previous += b"\n" + record
                continue
            if previous is not None:
                yield previous
            previous = record
    if pending:
        if previous is not None and not _HEADER.match(pending):
            previous += b"\n" + pending
        else:
            if previous is not None:
                yield previous
            previous = pending
    if previous is not None:
        yield previous


def parse_record(record: bytes) -> tuple[Commit, str] | None:
    """The commit and its whole message, or None for a record that is not one."""
    parts = record.split(b"\n", 4)
    if len(parts) < 4 or not _HEADER.match(parts[0] + b"\n"):
        return None
    sha, name, email, date = (p.decode("utf-8", "replace") for p in parts[:4])
    body = parts[4].decode("utf-8", "replace") if len(parts) > 4 else ""
    subject = body.split("\n", 1)[0]
    return Commit(sha=sha, author=name, email=email, date=date, message=subject), body


def stream_messages(
    repo: Any, revisions: Sequence[str], extra: Sequence[str] = (), pathspec: Sequence[str] = ()
) -> Iterator[tuple[Commit, str]]:
    """(commit, message) for every commit of the range; raises
    :class:`~aisec_cli.sources.gitrepo.GitFailed` at the end when git failed."""
    from aisec_cli.sources.gitrepo import GitFailed, launch
    from aisec_cli.sources.history import read_chunks

    with launch(repo, message_arguments(revisions, extra, pathspec)) as process:
        for record in split_records(read_chunks(process.stdout)):
            parsed = parse_record(record)
            if parsed is not None:
                yield parsed
        code, message = process.finish()
    if code != 0:
        raise GitFailed(message or f"git exited with status {code}", code)


def parse_tag(sha: str, data: bytes) -> tuple[str, Commit, str]:
    """(``refs/tags/<name>``, the tag as the object a finding names, its whole message) of an
    annotated tag object's bytes."""
    head, _, body = data.partition(b"\n\n")
    fields: dict[bytes, bytes] = {}
    for line in head.split(b"\n"):
        key, _, value = line.partition(b" ")
        fields.setdefault(key, value)
    name, email, date = fields.get(b"tagger", b""), b"", ""
    who = _TAGGER.match(name)
    if who is not None:
        name, email = who[1], who[2]
        offset = timedelta(hours=int(who[5]), minutes=int(who[6])) * (-1 if who[4] == b"-" else 1)
        try:
            date = datetime.fromtimestamp(int(who[3]), timezone(offset)).isoformat()
        except (OverflowError, OSError, ValueError):
            date = ""
    message = body.decode("utf-8", "replace")
    tag = fields.get(b"tag", sha.encode()).decode("utf-8", "replace")
    commit = Commit(sha=sha, author=name.decode("utf-8", "replace"), email=email.decode("utf-8", "replace"),
                    date=date, message=message.split("\n", 1)[0])
    return f"refs/tags/{tag}", commit, message


def editor_message(text: str) -> str:
    """The part of a commit-msg hook's file that can become the message: ``git commit -v``
    appends the staged diff after a scissors line, which git drops (and the secrets hook has
    already seen). Comment lines stay: a message given with ``-m`` keeps lines that start
    with the comment character. So does text typed under a scissors line (``-m``/``-F``: git
    cuts only for ``-v`` or ``--cleanup=scissors``): the cut is made only where what follows
    is git's appendix, comment lines then a diff (or nothing)."""
    cut = _SCISSORS.search(text)
    if cut is None:
        return text
    mark = cut.group()[0]
    for line in text[cut.end():].split("\n"):
        if not line or line.startswith(mark):
            continue
        return text[: cut.start()] if line.startswith(_DIFF_STARTS) else text
    return text[: cut.start()]
