"""Files to examine: what git tracks (plus untracked, not ignored), or a .gitignore-aware walk.

Inside a git repository the list is ``git ls-files -z --cached --others --exclude-standard``;
outside one, a walk that honours every ``.gitignore`` it meets. Explicit file arguments are
taken as given (pre-commit passes file names), but the configured excludes still apply.

Names in reports are in the escaped form of :func:`aisec_cli.core.paths.display_path`
(bytes that are not UTF-8 and control characters as ``\\xNN``); the path used to open the
file keeps the real bytes. Symbolic links are read when they lead to a file inside the
scanned tree; a link leading out of it is listed as skipped unless ``follow_links`` is set,
and links to folders are never descended (so no link loop can hang a walk). Files are
opened without blocking and checked on the open descriptor, so a file swapped for a FIFO
or device between discovery and reading is skipped, never waited on.

Every file not examined on purpose is a ``skipped`` :class:`ScanError` naming it and why
(binary, over the size cap, FIFO or device, a link out of the tree, a submodule's folder), so
a report lists what it did not read; the run stays complete.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import subprocess
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from aisec_cli.core.config import size_text
from aisec_cli.core.document import Document
from aisec_cli.core.findings import ScanError
from aisec_cli.core.lazyre import LazyRegex
from aisec_cli.core.paths import display_path
from aisec_cli.sources.decoding import BINARY_PROBE, decode, is_binary
from aisec_cli.sources.gitconfig import check_folders, check_includes
from aisec_cli.sources.gitenv import git_env

if TYPE_CHECKING:
    import pathspec

ALWAYS_EXCLUDED = (".git/", ".hg/", ".svn/")
LINK_OUT = "symbolic link leading out of the scanned tree: not followed (--follow-links reads it)"
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after stat() must not block open()
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


@dataclass(frozen=True, slots=True)
class Target:
    """A file to read: where it is on disk and how it is named in reports."""

    path: str  # absolute or cwd-relative path to open (real bytes, surrogate-escaped)
    name: str  # POSIX path relative to the scan root, in the escaped display form
    tree: str | None = None  # resolved folder a link must lead into; None: no check


BINARY = "binary file (NUL bytes in the first 8 KiB, not UTF-16/32 text): not examined"
LINK_TO_FOLDER = "symbolic link to a folder inside the scanned tree: not descended (its files are scanned where they are)"
NESTED_REPO = "a folder git lists as one entry (a submodule or a nested repository): not examined; scan it on its own"


def git_toplevel(folder: Path) -> Path | None:
    check_includes(folder)  # git would wait for ever on an included FIFO
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            check=False,
            timeout=30,
            env=git_env(folder),
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    return Path(os.fsdecode(out.stdout.strip()))


def _git_lists(folder: Path) -> bool:
    """Whether git's listing describes ``folder``: it is inside git's work tree (a repository's
    ``core.worktree`` may name another folder; its listing would leave this one's files unread)."""
    top = git_toplevel(folder)
    return top is not None and _inside(os.path.realpath(folder), os.path.realpath(top))


def _folders_checked(folder: Path) -> bool:
    """True once the folders git reads ignore files from hold no FIFO (else a UsageError)."""
    check_folders(folder, untracked=True)  # listing untracked files reads their folders' .gitignore
    return True


def _git_files(folder: Path) -> tuple[list[str], dict[str, str], list[tuple[str, str]]] | None:
    """The names git lists under ``folder``, why some of them are not in the working tree
    (outside a sparse checkout, or deleted), and the folders git could not open ((name, why):
    git warns and lists the rest)."""
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), "ls-files", "-z", "-t", "--cached", "--deleted", "--others", "--exclude-standard"],
            capture_output=True,
            check=False,
            timeout=300,
            env=git_env(folder),
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    names: set[str] = set()
    absent: dict[str, str] = {}
    for entry in out.stdout.split(b"\0"):
        if len(entry) < 3:
            continue
        name = os.fsdecode(entry[2:])  # "<tag> <name>": H cached, S skip-worktree, R deleted, ? untracked …
        names.add(name)
        tag = entry[:1]
        if tag == b"S":
            absent[name] = SPARSE
        elif tag == b"R":
            absent[name] = DELETED
    unlisted = [
        (os.fsdecode(m.group(1)).rstrip("/"), os.fsdecode(m.group(2) or b"could not open").strip())
        for m in _GIT_UNOPENED.finditer(out.stderr)
    ]
    return sorted(names), absent, unlisted


# git cuts a warning at 4096 bytes: a very long name may lose its "': reason" tail
_GIT_UNOPENED = LazyRegex(rb"^warning: could not open directory '(.*?)(?:': (.*))?$", re.M)
UNLISTED = "folder not listed ({}): its files were not examined"


SPARSE = "not checked out (outside the sparse checkout): not examined here; scan --history reads it"
DELETED = "tracked by git but deleted from the working tree (not yet committed): nothing to read"


def _ignored_by_git(folder: Path) -> bool:
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), "check-ignore", "-q", "."],
            capture_output=True,
            check=False,
            timeout=30,
            env=git_env(folder),
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0


def _walk(folder: Path, unlisted: list[tuple[str, str]] | None = None) -> Iterator[str]:
    """Relative POSIX names below ``folder``, honouring nested .gitignore files.

    Links to folders are yielded as entries (the reader skips them), never descended. A folder
    that cannot be listed (no permission, a path too long) is added to ``unlisted`` as
    (name relative to ``folder``, why).
    """
    specs: list[tuple[str, pathspec.PathSpec]] = []

    def failed(exc: OSError) -> None:
        if unlisted is not None:
            where = os.path.relpath(exc.filename, folder) if exc.filename else "."
            unlisted.append((Path(where).as_posix(), exc.strerror or str(exc)))

    for current, dirs, files in os.walk(folder, onerror=failed):
        rel_dir = Path(current).relative_to(folder).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        if ".gitignore" in files:
            lines = _ignore_lines(os.path.join(current, ".gitignore"))
            if lines:
                # imported where a .gitignore is read (it pulls in asyncio and ssl: ~50 ms):
                # a hook on named files, a folder without one never needs it
                import pathspec

                specs.append((rel_dir, pathspec.GitIgnoreSpec.from_lines(lines)))

        def ignored(rel: str, is_dir: bool) -> bool:
            probe = display_path(rel + "/" if is_dir else rel)
            for base, spec in specs:
                if probe.startswith(base) and spec.match_file(probe[len(base) :]):
                    return True
            return False

        kept = [d for d in dirs if d not in (".git", ".hg", ".svn") and not ignored(rel_dir + d, True)]
        links = [d for d in kept if os.path.islink(os.path.join(current, d))]
        dirs[:] = sorted(set(kept) - set(links))
        for name in sorted([*files, *links]):
            rel = rel_dir + name
            if not ignored(rel, False):
                yield rel


def _ignore_lines(path: str, limit: int = 1 << 20) -> list[str]:
    """The lines of a .gitignore file (a regular one, opened without blocking), else none."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:
        return []
    with open(fd, "rb", closefd=True) as handle:
        try:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return []
            data = handle.read(limit)
        except OSError:
            return []
    return data.decode("utf-8", errors="replace").splitlines()


_ALWAYS_EXCLUDED_NAMES = frozenset(p.rstrip("/") for p in ALWAYS_EXCLUDED)


def _in_always_excluded(name: str) -> bool:
    """``GitIgnoreSpec(ALWAYS_EXCLUDED).match_file(name)`` without importing pathspec (its
    import is a large share of a hook's start-up): a folder pattern (``.git/``) matches what
    lies below a folder of that name at any depth, never a file of that name."""
    for sep in (os.sep, os.altsep):
        if sep and sep != "/":
            name = name.replace(sep, "/")
    return not _ALWAYS_EXCLUDED_NAMES.isdisjoint(name.split("/")[:-1])


def excluder(exclude: Iterable[str] = (), vcs_folders: bool = True) -> Callable[[str], bool]:
    """True for a name (relative, ``/``-separated) that ``exclude`` or aisec always skips.

    ``vcs_folders``: also the version-control folders (``.git/``, ``.hg/``, ``.svn/``), for a
    walk of the file system; a name git lists (or the user names) is content, wherever it lies.
    """
    patterns = tuple(exclude)
    if not patterns:  # the default: no user patterns
        return _in_always_excluded if vcs_folders else _nothing
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines([*(ALWAYS_EXCLUDED if vcs_folders else ()), *patterns]).match_file


def _nothing(name: str) -> bool:
    return False


class Discovered(NamedTuple):
    """What :func:`discover` found: the files to read, the problems, and how many files the
    exclude patterns took out (aisec's own skips, such as ``.git/``, are not counted)."""

    targets: list[Target]
    errors: list[ScanError]
    excluded: int


def discover(
    paths: Sequence[Path], root: Path, exclude: Iterable[str] = (), follow_links: bool = False
) -> Discovered:
    """Every file to read for ``paths``, named relative to ``root``.

    Without ``follow_links``, a file reached through a symbolic link whose target lies outside
    the scanned tree (the folder given, or ``root`` for a file given) is listed as skipped.
    """
    walked = excluder(exclude)
    listed = excluder(exclude, vcs_folders=False)  # names git lists, or the user names
    targets: list[Target] = []
    errors: list[ScanError] = []
    left_out = 0
    seen: set[str] = set()
    root_real = os.path.realpath(root)
    for given in paths:
        if not os.path.lexists(given):
            errors.append(ScanError(display_path(str(given)), "no such file or directory"))
            continue
        if given.is_dir():
            tree = None if follow_links else os.path.realpath(given)
            from_git = _git_files(given) if _git_lists(given) and _folders_checked(given) else None
            names, absent, unlisted = from_git if from_git is not None else (None, {}, [])
            if not names and names is not None and _ignored_by_git(given):
                names = None  # a folder git ignores, named explicitly: walk it
            if names is None:
                unlisted = []
            listing: Iterable[str] = names if names is not None else _walk(given, unlisted)
            excluded = listed if names is not None else walked
            base = os.path.abspath(given)
            for rel in listing:
                full = given / rel
                name = display_name(full, root)
                # the file itself, not its escaped name: a name spelling "\xff" with a backslash
                # and one holding the byte ff read the same, and both are read
                key = os.path.normpath(os.path.join(base, rel))
                if key in seen:
                    continue
                if excluded(name):
                    left_out += 0 if excluded is walked and _in_always_excluded(name) else 1
                    continue
                seen.add(key)
                why = absent.get(rel)
                if why is not None and not os.path.lexists(full):  # listed by git, not on disk
                    errors.append(ScanError(name, why, "skipped"))
                    continue
                targets.append(Target(str(full), name, tree))
            for rel, why in unlisted:  # filled while the walk ran
                name = display_name(given / rel, root)
                if not excluded(name):
                    errors.append(ScanError(name, UNLISTED.format(why), "error"))
        else:
            name = display_name(given, root)
            key = os.path.normpath(os.path.abspath(given))
            if key in seen:
                continue
            if listed(name):
                left_out += 1
                continue
            seen.add(key)
            problem = _unreadable_named(given)
            if problem is not None:  # named by the user: not reading it is an error
                errors.append(ScanError(name, problem, "error"))
                continue
            real = os.path.realpath(given)
            if not follow_links and real != os.path.abspath(given) and not _inside(real, root_real):
                errors.append(ScanError(name, LINK_OUT, "skipped"))
                continue
            targets.append(Target(str(given), name))
    return Discovered(targets, errors, left_out)


def _unreadable_named(path: Path) -> str | None:
    """Why a file named on the command line cannot be read (FIFO, device, dangling link), or None."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "dangling symbolic link (named on the command line)" if os.path.islink(path) else "no such file"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode):
        return None
    return "not a regular file (FIFO, socket or device) named on the command line: it cannot be scanned"


def display_name(path: Path, root: Path) -> str:
    """How ``path`` is named in reports: relative to ``root``, POSIX, escaped."""
    text, base = os.fspath(path), os.fspath(root).rstrip(os.sep) or os.sep
    if ".." not in text.split(os.sep):  # the common case, without os.path.relpath's syscalls
        if base == "." and not os.path.isabs(text):
            return display_path(text.replace(os.sep, "/"))
        if text.startswith(base + os.sep) and base != ".":
            return display_path(text[len(base) + 1 :].replace(os.sep, "/"))
    try:
        return display_path(Path(os.path.relpath(path, root)).as_posix())
    except ValueError:  # another drive on Windows
        return display_path(path.as_posix())


def _inside(real: str, tree: str) -> bool:
    return real == tree or real.startswith(tree.rstrip(os.sep) + os.sep)


def _link_problem(target: Target) -> ScanError | None:
    """Why a symbolic link is not read: dangling, a loop, or leading out of the tree."""
    try:
        os.stat(target.path)
    except FileNotFoundError:
        return ScanError(target.name, "dangling symbolic link", "skipped")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return ScanError(target.name, "symbolic link loop: not followed", "skipped")
        return ScanError(target.name, f"cannot read: {exc.strerror or exc}")
    if target.tree is not None and not _inside(os.path.realpath(target.path), target.tree):
        return ScanError(target.name, LINK_OUT, "skipped")
    return None


def read(target: Target, max_size: int) -> Document | ScanError:
    """The file's text as a :class:`Document`, or why it was not read. Never blocks."""
    try:
        link = stat.S_ISLNK(os.lstat(target.path).st_mode)
        if link:
            problem = _link_problem(target)
            if problem is not None:
                return problem
        info = os.stat(target.path)
    except FileNotFoundError:
        return ScanError(target.name, "file vanished before it could be read", "skipped")
    except OSError as exc:
        return ScanError(target.name, f"cannot read: {exc.strerror or exc}")
    if stat.S_ISDIR(info.st_mode):
        return ScanError(target.name, LINK_TO_FOLDER if link else NESTED_REPO, "skipped")
    if not stat.S_ISREG(info.st_mode):
        return _not_regular(target)
    if info.st_size > max_size:
        return _too_large(target, info.st_size, max_size)
    try:
        fd = os.open(target.path, _OPEN_FLAGS)
    except FileNotFoundError:
        return ScanError(target.name, "file vanished before it could be read", "skipped")
    except OSError as exc:
        return ScanError(target.name, f"cannot read: {exc.strerror or exc}")
    try:
        with open(fd, "rb", closefd=True) as handle:
            opened = os.fstat(handle.fileno())  # what was opened, not what stat() saw
            if not stat.S_ISREG(opened.st_mode):
                return _not_regular(target)
            if opened.st_size > max_size:
                return _too_large(target, opened.st_size, max_size)
            head = handle.read(BINARY_PROBE)
            if is_binary(head, opened.st_size):
                return ScanError(target.name, BINARY, "skipped")
            data = head + handle.read(max_size + 1 - len(head))
    except OSError as exc:
        return ScanError(target.name, f"cannot read: {exc.strerror or exc}")
    if len(data) > max_size:  # grew while being read
        return _too_large(target, len(data), max_size)
    text, _ = decode(data)
    return Document(target.name, text)


def _not_regular(target: Target) -> ScanError:
    return ScanError(target.name, "not a regular file (FIFO, socket or device)", "skipped")


def _too_large(target: Target, size: int, max_size: int) -> ScanError:
    return ScanError(target.name, too_large_message(size, max_size), "skipped")


def too_large_message(size: int, max_size: int) -> str:
    """Why a file or blob of ``size`` bytes was not read under a cap of ``max_size`` bytes."""
    return (
        f"larger than the size cap ({size_text(size, max_size)} > "
        f"{size_text(max_size, size)}; raise max-file-size to scan it)"
    )
