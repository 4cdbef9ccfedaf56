"""``aisec scan --history`` / ``--since`` / ``--range`` / ``--pre-push`` / ``--staged``.

One streamed git process feeds the parser in :mod:`aisec_cli.sources.history`; each file's
added lines go through the same secrets engine and the same inline suppressions as the
tree scan (read against the whole file at that commit, so ``ignore-next-line`` and
``file-ignore`` mean what they mean in the working tree), then:

- the same secret (rule id + hash of the value) seen in many commits is one finding: the
  oldest sighting (where it was introduced), with ``occurrences`` and ``other_locations``;
- ``in_working_tree`` tells whether the value still appears in the checked-out files (a
  deleted key is still leaked until it is revoked);
- the finding's fingerprint is the tree scan's (rule id + path + hash of the value), so a
  baseline written by either mode silences the other.
"""

from __future__ import annotations

import math
import os
import re
import shlex
import subprocess
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

import pathspec

from aisec_cli.core import baseline as baseline_mod
from aisec_cli.core.config import Settings
from aisec_cli.core.document import Document
from aisec_cli.core.errors import UsageError
from aisec_cli.core.findings import Commit, Finding, Report, ScanError, fingerprint
from aisec_cli.core.paths import display_bytes as display_path
from aisec_cli.core.pipeline import Collector, settle
from aisec_cli.secrets.engine import SecretsEngine, build_engine
from aisec_cli.sources import gitrepo
from aisec_cli.sources.blobs import blob_text
from aisec_cli.sources.decoding import decode, is_binary, searchable
from aisec_cli.sources.gitconfig import check_folders, check_history_reads
from aisec_cli.sources.gitenv import git_env
from aisec_cli.sources.history import (
    BinaryChange,
    FileChange,
    Scope,
    check_log_options,
    steady_heap,
    stream_log,
)
from aisec_cli.sources.messages import MESSAGE_PATH, parse_tag, stream_messages
from aisec_cli.sources.staged import index_blob_spec, stream_staged

FAMILIES = ("KEY",)
MAX_OTHER_LOCATIONS = 50
PROGRESS_EVERY = 0.1  # seconds between progress callbacks

# Revision-selecting options: when --log-opts has one, it replaces the default --all.
_REV_OPTIONS = (
    "--all", "--branches", "--tags", "--remotes", "--glob", "--exclude", "--not",
    "--reflog", "--alternate-refs", "--single-worktree", "--bisect", "--stdin",
)

OnFinding = Callable[[Finding], None]
OnProgress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Plan:
    """What to ask git for: a log over ``revisions`` (plus options and paths)."""

    repo: Any
    info: gitrepo.RepoInfo
    revisions: tuple[str, ...]
    options: tuple[str, ...] = ()
    pathspec: tuple[str, ...] = ()
    description: str = "history"
    nothing_reason: str | None = None  # set when there is nothing to scan (e.g. a deleted ref)
    pushed: tuple[str, ...] = ()  # object names a push sends (an annotated tag's message is read)


# -- planning ---------------------------------------------------------------------------------


def log_options(scope: Scope, settings: Settings) -> str | None:
    """``--log-opts``, else ``[tool.aisec.scan] history-log-opts`` for a plain history scan."""
    if scope.log_opts is not None or scope.since or scope.rev_range or scope.pre_push:
        return scope.log_opts
    configured = settings.section("scan").get("history-log-opts")
    if isinstance(configured, list):
        return " ".join(str(c) for c in configured)
    return str(configured) if configured else None


def pre_push_stdin(stream: BinaryIO | None, env: Mapping[str, str]) -> str | None:
    """The refs git gives a plain pre-push hook on ``stream`` (bounded, checked), or None when
    there are none to read: under pre-commit (it passes them in the environment) or a terminal."""
    if stream is None or env.get("PRE_COMMIT") or stream.isatty():
        return None
    return pre_push_input(stream.read(MAX_PRE_PUSH_INPUT + 1))


def plan_scope(
    path: Path, settings: Settings, scope: Scope, stdin: BinaryIO | None = None, env: Mapping[str, str] | None = None
) -> Plan:
    """:func:`plan_history` for a :class:`Scope` (log options from the configuration, a
    pre-push hook's refs from ``stdin``)."""
    environment = env or {}
    return plan_history(
        path,
        since=scope.since,
        rev_range=scope.rev_range,
        log_opts=log_options(scope, settings),
        pre_push=scope.pre_push,
        stdin_text=pre_push_stdin(stdin, environment) if scope.pre_push else None,
        env=environment,
    )


def split_log_options(text: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """(options and revisions, paths, names revisions?) of a ``--log-opts`` string."""
    try:
        tokens = shlex.split(text)
    except ValueError as exc:
        raise UsageError(f"--log-opts: cannot parse {text!r}: {exc}") from None
    bad = check_log_options(tokens)
    if bad is not None:
        raise UsageError(
            f"--log-opts: '{bad}' changes git's output format and cannot be used "
            "(use revisions, dates, authors, paths, --first-parent, --no-merges …)"
        )
    if "--" in tokens:
        cut = tokens.index("--")
        head, paths = tokens[:cut], tokens[cut + 1 :]
    else:
        head, paths = tokens, []
    names_revisions = any(
        not t.startswith("-") or t.split("=", 1)[0] in _REV_OPTIONS or t.startswith(_REV_OPTIONS)
        for t in head
    )
    return tuple(head), tuple(paths), names_revisions


def _check_rev(value: str, flag: str) -> str:
    value = value.strip()
    if not value:
        raise UsageError(f"{flag} needs a revision")
    if value.startswith("-"):
        raise UsageError(f"{flag}: '{value}' is not a revision")
    return value


def plan_history(
    path: Path,
    *,
    since: str | None = None,
    rev_range: str | None = None,
    log_opts: str | None = None,
    pre_push: bool = False,
    stdin_text: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Plan:
    """Open the repository at ``path`` and decide which commits to scan."""
    chosen = [n for n, v in (("--since", since), ("--range", rev_range), ("--pre-push", pre_push)) if v]
    if len(chosen) > 1:
        raise UsageError(f"{' and '.join(chosen)} cannot be combined: choose one")
    repo, info = gitrepo.open_repo(path)
    check_folders(path)  # git log reads the attribute files of every folder it diffs
    check_history_reads(path)  # and every ref and object, opening each without looking
    options: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    names_revisions = False
    if log_opts:
        options, paths, names_revisions = split_log_options(log_opts)
    pathspec = paths or _folder_pathspec(info)
    plan = Plan(repo, info, (), options, pathspec)
    if since:
        rev = _check_rev(since, "--since")
        if info.head is None:
            raise UsageError("--since: HEAD has no commit yet (unborn branch); nothing to compare with")
        if not gitrepo.rev_exists(repo, rev):
            raise UsageError(f"--since: unknown revision '{rev}'")
        return replace(plan, revisions=(f"{rev}..HEAD",), description=f"commits after {rev}")
    if rev_range:
        spec = _check_rev(rev_range, "--range")
        ends = [e for e in spec.replace("...", "..").split("..") if e]
        for end in ends:
            if not gitrepo.rev_exists(repo, end):
                raise UsageError(f"--range: unknown revision '{end}'")
        if ".." not in spec:
            raise UsageError(f"--range: expected A..B, got '{spec}'")
        return replace(plan, revisions=(spec,), description=f"range {spec}")
    if pre_push:
        revisions, description = pre_push_revisions(repo, stdin_text, env or {})
        if not revisions:
            return replace(plan, description=description, nothing_reason=description)
        sent = revisions[: revisions.index("--not")] if "--not" in revisions else revisions
        pushed = tuple(tip for tip in (r.split("..")[-1] for r in sent) if _OBJECT_NAME.fullmatch(tip))
        return replace(plan, revisions=tuple(revisions), description=description, pushed=pushed)
    if names_revisions:
        return replace(plan, description=f"git log {log_opts}")
    older = _older_stashes(repo)
    description = "all commits reachable from any ref" + (f" and {len(older)} older stash entries" if older else "")
    return replace(plan, revisions=("--all", *older), description=description)


def _older_stashes(repo: Any) -> tuple[str, ...]:
    """The stash entries below ``stash@{0}`` (``--all`` reaches the newest only, through
    ``refs/stash``; the others are its reflog, and ``git stash pop`` brings any of them back)."""
    if not gitrepo.rev_exists(repo, "refs/stash"):
        return ()
    try:
        out = repo.git.rev_list("--walk-reflogs", "refs/stash")
    except Exception as exc:  # noqa: BLE001 - GitCommandError: an unreadable reflog
        message = str(getattr(exc, "stderr", "") or exc).strip().splitlines()
        raise UsageError(f"git cannot list the stash entries: {(message or ['?'])[-1][:200]}") from None
    return tuple(dict.fromkeys(line.strip() for line in out.splitlines()[1:] if line.strip()))


def _folder_pathspec(info: gitrepo.RepoInfo) -> tuple[str, ...]:
    """The folder scanned, as git's pathspec: taken literally (a folder named ``:(exclude)*``
    or ``x[1]`` is that folder, not pathspec magic or a glob); none at the top."""
    return (f":(literal){info.prefix}",) if info.prefix else ()


MAX_PRE_PUSH_INPUT = 16 << 20  # far more than git writes for any push (one ~100-byte line per ref)
_OBJECT_NAME = re.compile(r"[0-9a-fA-F]{40}|[0-9a-fA-F]{64}")  # SHA-1 or SHA-256


def pre_push_input(data: bytes) -> str:
    """The text of a pre-push hook's standard input; :class:`UsageError` when it cannot be that.

    git writes ``<local ref> <local sha> <remote ref> <remote sha>`` lines of UTF-8 text; NUL
    bytes, text that is not UTF-8 or more than :data:`MAX_PRE_PUSH_INPUT` bytes mean something
    else is connected to standard input.
    """
    what = "standard input is not what git gives a pre-push hook"
    if len(data) > MAX_PRE_PUSH_INPUT:
        raise UsageError(f"--pre-push: {what} (more than {MAX_PRE_PUSH_INPUT >> 20} MiB)")
    nul = data.find(b"\0")
    if nul >= 0:
        raise UsageError(f"--pre-push: {what} (binary data: NUL bytes, the first at offset {nul})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"--pre-push: {what} (not UTF-8 text: byte {exc.start})") from None


def _push_lines(stdin_text: str) -> list[tuple[str, str]]:
    """(local sha, remote sha) of each line git wrote; anything else is a :class:`UsageError`."""
    out: list[tuple[str, str]] = []
    for number, line in enumerate(stdin_text.splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 4 or not all(_OBJECT_NAME.fullmatch(p) for p in (parts[1], parts[3])):
            raise UsageError(
                f"--pre-push: standard input line {number} is not '<local ref> <local sha> <remote ref> "
                f"<remote sha>' ({len(parts)} field(s); object names must be 40 or 64 hex digits)"
            )
        out.append((parts[1].lower(), parts[3].lower()))
    return out


def _is_zero(sha: str) -> bool:
    """git's all-zero object name: no such object (a new or deleted ref), SHA-1 or SHA-256."""
    return not sha.strip("0")


def _env_object(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "").strip()
    if value and not _OBJECT_NAME.fullmatch(value):
        raise UsageError(f"--pre-push: {name} is not an object name (40 or 64 hex digits)")
    return value.lower()


def pre_push_revisions(repo: Any, stdin_text: str | None, env: Mapping[str, str]) -> tuple[list[str], str]:
    """Revisions for the commits a push sends, and a description.

    Under the pre-commit framework the range comes from ``PRE_COMMIT_FROM_REF`` /
    ``PRE_COMMIT_TO_REF``; from a plain git hook, from the lines git writes on standard
    input: ``<local ref> <local sha> <remote ref> <remote sha>``. A deleted ref sends
    nothing; a new branch sends the commits the remote pushed to has not got (its tracking
    refs; every remote's when it is not known): the remote is ``AISEC_PUSH_REMOTE`` (the hook's
    first argument) or ``PRE_COMMIT_REMOTE_NAME``.
    """
    remote = _push_remote(env)
    held = [f"--remotes={remote}"] if remote else ["--remotes"]
    where = f"on {remote}" if remote else "on any remote"
    to_ref = _env_object(env, "PRE_COMMIT_TO_REF")
    from_ref = _env_object(env, "PRE_COMMIT_FROM_REF")
    if to_ref:
        if _is_zero(to_ref):
            return [], "the push deletes a ref: nothing to scan"
        if from_ref and not _is_zero(from_ref) and gitrepo.rev_exists(repo, from_ref):
            return [f"{from_ref}..{to_ref}"], f"pushed commits {from_ref[:12]}..{to_ref[:12]}"
        return [to_ref, "--not", *held], f"pushed commits of {to_ref[:12]} not {where}"
    if env.get("PRE_COMMIT") and stdin_text is None:
        local = env.get("PRE_COMMIT_LOCAL_BRANCH", "").strip() or "HEAD"
        if local.startswith("-") or "\0" in local:
            raise UsageError("--pre-push: PRE_COMMIT_LOCAL_BRANCH is not a branch name")
        return [local, "--not", *held], f"commits of {local} not {where}"
    if stdin_text is None:
        return ["HEAD", "--not", *held], f"commits of HEAD not {where}"
    positives: list[str] = []
    negatives: list[str] = []
    new_branch = False
    for local_sha, remote_sha in _push_lines(stdin_text):
        if _is_zero(local_sha):
            continue  # the push deletes this ref
        positives.append(local_sha)
        if not _is_zero(remote_sha) and gitrepo.rev_exists(repo, remote_sha):
            negatives.append(remote_sha)
        else:
            new_branch = True
    if not positives:
        return [], "nothing is pushed (deleted refs only, or no refs)"
    revisions = [*positives, "--not", *negatives]
    if new_branch:
        revisions.extend(held)
    return revisions, f"pushed commits ({len(positives)} ref(s))"


def _push_remote(env: Mapping[str, str]) -> str | None:
    """The name of the remote a push goes to, when the hook says (a name, or the URL pushed to)."""
    name = (env.get("AISEC_PUSH_REMOTE") or env.get("PRE_COMMIT_REMOTE_NAME") or "").strip()
    if not name or name.startswith("-") or any(c in name for c in "\0*?[\\"):
        return None
    return name


# -- scanning ---------------------------------------------------------------------------------


@dataclass
class _Group:
    """Every sighting of one secret (rule id + hash of the value)."""

    firsts: dict[str, tuple[int, Finding]] = field(default_factory=dict)  # fingerprint -> (age, oldest sighting)
    suppressed: dict[str, str] = field(default_factory=dict)  # fingerprint -> reason (inline)
    locations: list[tuple[float, str, str, int]] = field(default_factory=list)  # (age, sha, path, line)
    occurrences: int = 0
    secret: str | None = None  # the raw value, in memory only (working-tree check)
    streamed: bool = False


@dataclass
class _State:
    engine: SecretsEngine
    settings: Settings
    origin: str
    blobs: gitrepo.BlobReader
    baseline: baseline_mod.Baseline | None
    excluded: Callable[[str], bool]
    on_finding: OnFinding | None = None
    oldest_first: bool = False  # the stream's order: True with --reverse
    sightings: int = 0
    position: float = 0  # the current commit's place in the stream's order (inf: newer than every commit)
    groups: dict[tuple[str, str], _Group] = field(default_factory=dict)
    documents: int = 0
    messages: int = 0
    characters: int = 0
    findings_seen: int = 0
    errors: list[ScanError] = field(default_factory=list)  # blobs git called binary and that were not read


def _exclusion(settings: Settings) -> Callable[[str], bool]:
    # git lists no .git/ content; a tracked .hg/ or .svn/ folder is content: the user's patterns only
    spec = pathspec.GitIgnoreSpec.from_lines([*settings.exclude])
    cache: dict[str, bool] = {}

    def excluded(path: str) -> bool:
        hit = cache.get(path)
        if hit is None:
            hit = spec.match_file(path)
            if len(cache) < 200_000:
                cache[path] = hit
        return hit

    return excluded


def _blob_spec(state: _State, change: FileChange) -> bytes:
    commit = change.document.commit
    if state.origin == "staged" or commit is None:
        return index_blob_spec(change.raw_path)
    return commit.sha.encode("ascii") + b":" + change.raw_path


def _full_document(state: _State, change: FileChange) -> Document:
    """The whole file at that commit (for suppressions), else the added lines alone."""
    data = state.blobs.read(_blob_spec(state, change))
    doc = change.document
    if data is None or is_binary(data):
        return doc
    text, _ = decode(data)
    return Document(doc.path, text, doc.origin, doc.commit)


def _secret_value(document: Document, finding: Finding) -> str | None:
    """Read the matched value back out of the added lines (kept in memory only)."""
    doc = searchable(document)
    loc = finding.location
    if loc.end_line is not None and loc.end_line != loc.line:
        return None
    numbers = doc.line_numbers
    index = loc.line - 1
    if numbers is not None:
        index = bisect_left(numbers, loc.line)
        if index >= len(numbers) or numbers[index] != loc.line:
            return None
    line = doc.line_text(index)
    end = (loc.end_column or loc.column) - 1
    value = line[loc.column - 1 : end]
    if fingerprint("", "", value) != finding.properties.get("_secret_digest"):
        return None
    return value


def _examine_blob(state: _State, change: BinaryChange) -> None:
    """A file git showed as binary: scanned whole when the decoder reads its blob as text
    (UTF-16/32 without a BOM); real binary data, like git, is not read, and is listed."""
    commit = change.commit
    spec = index_blob_spec(change.raw_path) if state.origin == "staged" or commit is None else (
        commit.sha.encode("ascii") + b":" + change.raw_path
    )
    if state.excluded(change.path):
        return
    text = blob_text(state.blobs, spec, change)
    if isinstance(text, ScanError):
        state.errors.append(text)
        return
    _examine(state, FileChange(Document(change.path, text, state.origin, commit), change.raw_path))


def _examine(state: _State, change: FileChange) -> None:
    doc = change.document
    if state.excluded(doc.path):
        return
    state.documents += 1
    _scan_document(state, doc, lambda: _full_document(state, change))


def _examine_message(state: _State, path: str, commit: Commit, text: str) -> None:
    """A commit's (or tag's) whole message, under ``path``: :data:`MESSAGE_PATH`, ``refs/tags/<name>``."""
    if state.excluded(path):
        return
    if len(text) > state.settings.max_file_size:
        state.errors.append(
            ScanError(f"{path}@{commit.sha[:12]}", "message larger than max-file-size: not scanned", "skipped")
        )
        return
    state.messages += 1
    doc = Document(path, text, state.origin, commit)
    _scan_document(state, doc, lambda: doc)


def _scan_document(state: _State, doc: Document, whole: Callable[[], Document]) -> None:
    """Scan ``doc``; ``whole`` gives the text its inline suppressions are read against."""
    state.characters += len(doc.text)
    found = state.engine.scan(searchable(doc))
    if not found:
        return
    settled = settle(whole(), found, FAMILIES, state.settings)
    for finding in settled.kept:
        _record(state, doc, finding, None)
    for finding in settled.suppressed:
        _record(state, doc, finding, finding.suppression or "inline")


def _record(state: _State, doc: Document, finding: Finding, suppressed: str | None) -> None:
    state.findings_seen += 1
    digest = str(finding.properties.get("_secret_digest") or finding.fingerprint)
    key = (finding.rule_id, digest)
    group = state.groups.get(key)
    if group is None:
        group = _Group()
        state.groups[key] = group
    group.occurrences += 1
    state.sightings += 1
    # age: smaller is older. Newest-first streams meet the oldest commit last. The commit's place
    # in the stream, not the sighting's: messages are read after the files, in the same order.
    age = state.position if state.oldest_first or state.position == math.inf else -state.position
    sha = finding.commit.sha if finding.commit is not None else ""
    if len(group.locations) <= MAX_OTHER_LOCATIONS:
        group.locations.append((age, sha, finding.location.path, finding.location.line))
    known = group.firsts.get(finding.fingerprint)
    if known is None or age < known[0]:
        group.firsts[finding.fingerprint] = (age, finding.with_suppression(suppressed) if suppressed else finding)
    if suppressed and finding.fingerprint not in group.suppressed:
        group.suppressed[finding.fingerprint] = suppressed
    if group.secret is None:
        group.secret = _secret_value(doc, finding)
    if (
        state.on_finding is not None
        and not group.streamed
        and suppressed is None
        and not (state.baseline is not None and state.baseline.knows(finding))
    ):
        group.streamed = True
        state.on_finding(finding)


def _still_present(info: gitrepo.RepoInfo, secrets: Iterable[str]) -> set[str] | None:
    """Which of ``secrets`` occur in the checked-out files (HEAD's tree in a bare repo)."""
    values = sorted({s for s in secrets if s and "\n" not in s})
    if not values:
        return set()
    where: list[str] = []
    if info.bare:
        if info.head is None:
            return set()
        where = ["HEAD"]
    else:
        where = ["--untracked"]
    command = [
        gitrepo.git_executable(), "-C", str(info.toplevel), "grep", "--no-color", "-I",
        "-o", "-h", "-F", "--no-recurse-submodules", "-f", "-", *where,
    ]
    try:
        out = subprocess.run(
            command, input="\n".join(values).encode("utf-8", "surrogateescape") + b"\n",
            capture_output=True, check=False, timeout=600, env=git_env(info.toplevel),
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode not in (0, 1):
        return None
    present: set[str] = set()
    for raw in out.stdout.splitlines():
        line = raw.decode("utf-8", "replace")
        if info.bare and line.startswith("HEAD:"):
            line = line[5:]
        present.add(line)
    return present


def _aggregate(state: _State, info: gitrepo.RepoInfo | None) -> tuple[list[Finding], list[Finding]]:
    """One finding per secret: its introduction, with count and other locations."""
    present: set[str] | None = None
    if info is not None and state.origin == "history" and state.groups:
        present = _still_present(info, (g.secret for g in state.groups.values() if g.secret))
    kept: list[Finding] = []
    quiet: list[Finding] = []
    for group in state.groups.values():
        reported: Finding | None = None
        for fp, (_, first) in sorted(group.firsts.items(), key=lambda item: item[1][0]):
            if fp in group.suppressed:
                continue
            if state.baseline is not None and state.baseline.knows(first):
                continue
            reported = first
            break
        representative = reported or min(group.firsts.values(), key=lambda item: item[0])[1]
        props = dict(representative.properties)
        first_where = (
            representative.commit.sha if representative.commit else "",
            representative.location.path,
            representative.location.line,
        )
        ordered = sorted(group.locations, key=lambda where: where[0])
        others = [
            {"sha": sha, "path": path, "line": line} if sha else {"path": path, "line": line}
            for _, sha, path, line in ordered
            if (sha, path, line) != first_where
        ][:MAX_OTHER_LOCATIONS]
        props["occurrences"] = group.occurrences
        if others:
            props["other_locations"] = others
        if state.origin == "history":
            if present is not None and group.secret is not None:
                props["in_working_tree"] = group.secret in present
            else:
                props["in_working_tree"] = None
        finding = replace(representative, properties=props)
        if reported is not None:
            kept.append(replace(finding, suppression=None))
        else:
            reason = finding.suppression or next(iter(group.suppressed.values()), None) or "baseline"
            quiet.append(finding.with_suppression(reason))
    return kept, quiet


def _stream(
    state: _State,
    events: Iterable[Any],
    on_progress: OnProgress | None,
) -> tuple[int, str | None]:
    """Feed the engine; (commits seen, git's error message if it failed)."""
    commits = 0
    last = time.monotonic()
    failure: str | None = None
    try:
        for event in events:
            if isinstance(event, FileChange):
                _examine(state, event)
            elif isinstance(event, BinaryChange):
                _examine_blob(state, event)
            elif isinstance(event, Commit):
                commits += 1
                state.position += 1
                if on_progress is not None:
                    now = time.monotonic()
                    if now - last >= PROGRESS_EVERY:
                        last = now
                        on_progress(commits, len(state.groups))
    except gitrepo.GitFailed as exc:
        failure = exc.message
    if on_progress is not None:
        on_progress(commits, len(state.groups))
    return commits, failure


def _scan_messages(plan: Plan, state: _State) -> str | None:
    """Scan the whole message of every commit and annotated tag in the plan; git's error
    message if it failed."""
    order = ("--date-order", "--reverse") if state.oldest_first else ()
    try:
        listed = stream_messages(plan.repo, plan.revisions, (*order, *plan.options), plan.pathspec)
        for position, (commit, text) in enumerate(listed, 1):
            state.position = position  # the same order as the diff stream: the same commit's place
            _examine_message(state, MESSAGE_PATH, commit, text)
        state.position = math.inf  # a tag points at commits: newer than all of them
        for sha in _tag_objects(plan):
            data = state.blobs.fetch(sha.encode("ascii"), kind=b"tag")
            if isinstance(data, bytes):
                _examine_message(state, *parse_tag(sha, data))
        for name, sha, kind in _loose_objects(plan):
            _examine_loose(state, plan, name, sha, kind)
    except gitrepo.GitFailed as exc:
        return exc.message.splitlines()[0][:200] if exc.message else "git failed"
    return None


def _tag_objects(plan: Plan) -> list[str]:
    """The annotated tags a plan covers: every tag for ``--all``, the tags a push sends (the
    other names are commits, which :func:`_scan_messages` asks for as tags and skips)."""
    if plan.pathspec:
        return []
    if "--all" in plan.revisions:
        where = Path(plan.info.toplevel if not plan.info.bare else plan.info.git_dir)
        listed = gitrepo.run_git(where, ["for-each-ref", "--format=%(objectname) %(objecttype)", "refs/tags"])
        return [sha for sha, kind in (line.split() for line in listed.decode("ascii", "replace").splitlines()) if kind == "tag"]
    return list(plan.pushed)


def _where(plan: Plan) -> Path:
    return Path(plan.info.toplevel if not plan.info.bare else plan.info.git_dir)


def _loose_objects(plan: Plan) -> list[tuple[str, str, str]]:
    """(name, object, ``blob`` or ``tree``) for each ref of the plan that names a blob or a tree,
    directly or through tags (``git tag keys <blob>``): git log walks commits only, and such a
    tag is pushed like any other. Every ref for ``--all``; the refs being pushed."""
    if plan.pathspec:
        return []
    where = _where(plan)
    if "--all" in plan.revisions:
        listed = gitrepo.run_git(where, ["for-each-ref", "--format=%(objectname) %(refname)"])
        wanted = [tuple(line.split(" ", 1)) for line in listed.decode("utf-8", "replace").splitlines() if " " in line]
    else:
        wanted = [(sha, sha) for sha in plan.pushed]
    if not wanted:
        return []
    query = "".join(f"{sha}^{{}}\n" for sha, _ in wanted).encode("ascii", "replace")
    answers = gitrepo.run_git(where, ["cat-file", "--batch-check"], stdin=query).splitlines()
    found: list[tuple[str, str, str]] = []
    for (sha, name), answer in zip(wanted, answers):
        parts = answer.decode("ascii", "replace").split()
        if len(parts) >= 2 and parts[1] in ("blob", "tree"):
            found.append((name if name != sha else _ref_name(where, sha), parts[0], parts[1]))
    return found


def _ref_name(where: Path, sha: str) -> str:
    """A ref that points at ``sha`` (a pushed object is named by its ref), else the object name."""
    try:
        out = gitrepo.run_git(where, ["for-each-ref", "--count=1", "--format=%(refname)", f"--points-at={sha}"])
    except gitrepo.GitFailed:
        return sha
    return out.decode("utf-8", "replace").strip() or sha


def _examine_loose(state: _State, plan: Plan, name: str, sha: str, kind: str) -> None:
    """The blob ``sha`` under ``name``, or each blob of the tree ``sha`` under ``name:path``."""
    items = [(name.encode("utf-8", "surrogateescape"), sha)]
    if kind == "tree":
        listing = gitrepo.run_git(_where(plan), ["ls-tree", "-r", "-z", sha])
        items = []
        for entry in listing.split(b"\0"):
            head, _, path = entry.partition(b"\t")
            fields = head.split()
            if len(fields) == 3 and fields[1] == b"blob":
                items.append((name.encode("utf-8", "surrogateescape") + b":" + path, fields[2].decode("ascii")))
    for raw, blob in items:
        change = BinaryChange(raw, display_path(raw), None)
        if state.excluded(change.path):
            continue
        text = blob_text(state.blobs, blob.encode("ascii"), change)
        if isinstance(text, ScanError):
            state.errors.append(text)
            continue
        doc = Document(change.path, text, state.origin, None)
        state.documents += 1
        _scan_document(state, doc, lambda doc=doc: doc)


class _Events:
    """Wraps an event stream, setting aside the ScanErrors it carries and noting the last commit."""

    def __init__(self, events: Iterable[Any]) -> None:
        self.events = events
        self.errors: list[ScanError] = []
        self.last: str | None = None  # sha of the last commit header seen

    def __iter__(self):  # type: ignore[no-untyped-def]
        for event in self.events:
            if isinstance(event, ScanError):
                self.errors.append(event)
                continue
            if isinstance(event, Commit):
                self.last = event.sha
            yield event


MAX_RESUMES = 500  # git restarts after unreadable commits, at most, before the rest is given up


@dataclass
class _Resumed:
    """What the commits after git's first failure gave: how many were read, which were not."""

    order: list[str]
    commits: int = 0
    unread: list[str] = field(default_factory=list)  # unreadable, or read only in part
    first_failure: str = ""
    partial: int = 0  # unread commits whose header was seen (and counted)

    def error(self, total: int) -> ScanError:
        shown = ", ".join(sha[:12] for sha in self.unread[:5]) + (", …" if len(self.unread) > 5 else "")
        return ScanError(
            ".",
            f"git could not read {len(self.unread)} of {total} commit(s) ({self.first_failure}): {shown}; "
            "the other commits were scanned",
        )


def _resume(
    plan: Plan, state: _State, first: _Events, failure: str, on_progress: OnProgress | None
) -> _Resumed | None:
    """After git stopped on an unreadable commit (a missing or corrupt object), scan the commits
    that come after it, one git process per stretch of readable commits.

    ``None`` when the commits cannot be listed (a bad revision rather than a missing object).
    """
    try:
        listed = gitrepo.run_git(
            Path(plan.info.toplevel if not plan.info.bare else plan.info.git_dir),
            ["rev-list", "--full-history", *(["--date-order", "--reverse"] if state.oldest_first else []),
             *plan.options, *plan.revisions, "--", *plan.pathspec],
        )
    except gitrepo.GitFailed:
        return None
    order = listed.decode("ascii", "replace").split()
    index = {sha: i for i, sha in enumerate(order)}
    if first.last is not None and first.last not in index:
        return None  # git's order and the listing disagree: resuming could scan commits twice
    resumed = _Resumed(order, first_failure=failure.splitlines()[0][:200] if failure else "git failed")
    start, last = 0, first.last
    for _ in range(MAX_RESUMES):
        # the failing commit: the last whose header came out (git failed on its diff), else the
        # first of the stretch (git failed before its header)
        failed = index[last] if last is not None else start
        resumed.unread.append(order[failed])
        resumed.partial += last is not None  # counted as seen, but not read whole
        start = failed + 1
        if start >= len(order):
            return resumed
        events = _Events(stream_log(plan.repo, (), (), plan.pathspec, state.settings.max_file_size, commits=order[start:]))
        count, failure_now = _stream(state, events, on_progress)
        first.errors.extend(events.errors)
        resumed.commits += count
        if failure_now is None:
            return resumed
        last = events.last if events.last in index else None
    resumed.unread.append(f"{len(order) - start} more after {MAX_RESUMES} restarts")
    return resumed


def _new_state(
    settings: Settings,
    origin: str,
    info: gitrepo.RepoInfo,
    on_finding: OnFinding | None,
    keep_secrets: bool = False,
) -> _State:
    steady_heap()  # long git streams: keep resident memory flat
    engine = build_engine(settings.rule_files, settings.select, settings.ignore, keep_secrets)
    known = baseline_mod.load(settings.baseline) if settings.baseline is not None else None
    return _State(
        engine=engine,
        settings=settings,
        origin=origin,
        blobs=gitrepo.BlobReader(info.toplevel if not info.bare else info.git_dir, settings.max_file_size),
        baseline=known,
        excluded=_exclusion(settings),
        on_finding=on_finding,
    )


def scan_history(
    plan: Plan,
    settings: Settings,
    on_finding: OnFinding | None = None,
    on_progress: OnProgress | None = None,
    keep_secrets: bool = False,
) -> Report:
    """Scan the commits of ``plan``; one finding per leaked secret (``keep_secrets``: for ``--verify``)."""
    started = time.perf_counter()
    info = plan.info
    settings = settings.evolve(root=info.toplevel)
    collector = Collector("scan", settings)
    state = _new_state(settings, "history", info, on_finding, keep_secrets)
    state.oldest_first = on_finding is not None  # streamed lines should name the introduction
    if info.shallow:
        collector.error(
            ScanError(
                str(info.toplevel),
                "shallow clone: only the commits present locally were scanned "
                "(run 'git fetch --unshallow' to scan the full history)",
                "warning",
            )
        )
    commits = 0
    if plan.nothing_reason is not None:
        collector.error(ScanError(str(info.toplevel), plan.nothing_reason, "warning"))
    elif not info.has_commits:
        collector.error(ScanError(str(info.toplevel), "the repository has no commits yet: nothing to scan", "warning"))
    else:
        events = _Events(
            stream_log(
                plan.repo,
                plan.revisions,
                plan.options,
                plan.pathspec,
                settings.max_file_size,
                oldest_first=state.oldest_first,
            )
        )
        try:
            commits, failure = _stream(state, events, on_progress)
            if failure is not None:
                resumed = _resume(plan, state, events, failure, on_progress)
                if resumed is None:
                    if commits == 0:
                        raise UsageError(f"git log failed: {failure}")
                    collector.error(
                        ScanError(
                            ".",
                            f"git log stopped early ({failure}); commits after that point were not scanned",
                        )
                    )
                else:
                    commits += resumed.commits - resumed.partial
                    collector.error(resumed.error(len(resumed.order)))
        finally:
            state.blobs.close()
        failure = _scan_messages(plan, state)
        if failure is not None:
            collector.error(
                ScanError(".", f"git log stopped early while listing commit messages ({failure}); later messages were not scanned")
            )
        for error in [*events.errors, *state.errors]:
            collector.error(error)
    kept, quiet = _aggregate(state, info)
    for finding in kept:
        collector.findings.append(finding)
    for finding in quiet:
        collector.suppressed.append(finding)
    stats = {
        "mode": "history",
        "revisions": plan.description,
        "commits_scanned": commits,
        "files_scanned": state.documents,
        "messages_scanned": state.messages,
        "characters_scanned": state.characters,
        "secrets_seen": state.findings_seen,
        "seconds": round(time.perf_counter() - started, 3),
    }
    return collector.report(stats)


def scan_staged(
    path: Path, settings: Settings, on_finding: OnFinding | None = None, keep_secrets: bool = False
) -> Report:
    """Scan what the next commit would add (the index against HEAD)."""
    started = time.perf_counter()
    repo, info = gitrepo.open_repo(path)
    if info.bare:
        raise UsageError(f"{path}: a bare repository has no index to scan")
    try:
        staged = gitrepo.run_git(info.toplevel, ["diff", "--cached", "--name-only", "-z", "--no-renames"])
    except gitrepo.GitFailed:
        staged = b""  # the diff itself fails and says why
    check_folders(info.toplevel, [os.fsdecode(n) for n in staged.split(b"\0") if n])  # the diff reads their attribute files
    settings = settings.evolve(root=info.toplevel)
    collector = Collector("scan", settings)
    state = _new_state(settings, "staged", info, on_finding, keep_secrets)
    events = _Events(stream_staged(repo, _folder_pathspec(info), settings.max_file_size))
    try:
        _, failure = _stream(state, events, None)
    finally:
        state.blobs.close()
    if failure is not None:
        raise UsageError(f"git diff --cached failed: {failure}")
    for error in [*events.errors, *state.errors]:
        collector.error(error)
    kept, quiet = _aggregate(state, None)
    collector.findings.extend(kept)
    collector.suppressed.extend(quiet)
    stats = {
        "mode": "staged",
        "files_scanned": state.documents,
        "characters_scanned": state.characters,
        "seconds": round(time.perf_counter() - started, 3),
    }
    return collector.report(stats)


def commit_total(plan: Plan) -> int | None:
    """How many commits the plan covers (for a progress bar), None when unknown."""
    if plan.nothing_reason is not None or not plan.info.has_commits:
        return 0
    return gitrepo.count_commits(plan.repo, plan.revisions, plan.options, plan.pathspec)
