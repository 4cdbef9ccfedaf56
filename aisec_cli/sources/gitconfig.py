"""A scanned repository's git config, and the other files git opens without looking, checked
before git or GitPython reads them: one that is no regular file (a FIFO) would hold every read."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

from aisec_cli.core.errors import UsageError
from aisec_cli.core.lazyre import LazyRegex

_MAX_DEPTH = 10  # git's own limit on nested includes
_MAX_BYTES = 1 << 20
_SECTION = LazyRegex(r"^\s*\[\s*([A-Za-z0-9.-]+)\s*(\])?")
_PATH = LazyRegex(r"^\s*path\s*=\s*(.*?)\s*$", re.IGNORECASE)
_VALUE = LazyRegex(r"^\s*([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.*?)\s*$")
# settings naming a file git opens without looking while it lists, diffs or logs
_FILE_SETTINGS = frozenset({("core", "excludesfile"), ("core", "attributesfile"), ("diff", "orderfile"),
                            ("mailmap", "file")})


def check_includes(start: Path) -> None:
    """Refuse (:class:`UsageError`) a repository whose config includes, directly or through
    another include, a FIFO, a device or a socket: git and GitPython would wait on it for ever
    (an archive handed over for audit can carry such a ``.git/config``)."""
    git_dir = _git_dir(start)
    if git_dir is None:
        return
    configs = [git_dir / "config", git_dir / "config.worktree"]
    common = _read_small(git_dir / "commondir")
    if common is not None and common.strip():
        configs.append((git_dir / common.strip()) / "config")
    work_tree = _work_tree(start, git_dir)
    bases = tuple(dict.fromkeys(b for b in (start if start.is_dir() else start.parent, work_tree) if b is not None))
    for config in configs:
        blocking = config if _special(config) else _blocking_include(config, 0, bases)
        if blocking is not None:
            raise UsageError(
                f"{start}: the repository's git config ({config}) includes or names {blocking}, which is not a "
                "regular file (git would wait on it for ever): not scanned"
            )
    common_dir = (git_dir / common.strip()) if common is not None and common.strip() else git_dir
    _refuse(start, _blocking_read(git_dir, common_dir, _work_tree(start, git_dir)))


def check_folders(start: Path, names: list[str] | None = None, untracked: bool = False) -> None:
    """Refuse (:class:`UsageError`) a work tree with an ignore or attribute file that is a FIFO,
    a device or a socket in a folder git reads one from: the folders of ``names`` (paths from
    the folder ``start``: a staged diff's), else of every file the index lists, and with
    ``untracked`` also the folders below ``start`` that git does not track and does not ignore
    (listing untracked files reads their ``.gitignore``)."""
    git_dir = _git_dir(start)
    work_tree = _work_tree(start, git_dir) if git_dir is not None else None
    if work_tree is None:
        return
    key = (str(work_tree), None if names is None else str(start) + "\0" + "\0".join(names))
    if key in _checked and not untracked:
        return
    if key not in _checked:
        if names is None:
            folders = _tracked_folders(work_tree)
        else:
            prefix = os.path.relpath(os.path.abspath(start), os.path.abspath(work_tree)).replace(os.sep, "/")
            folders = _folders(n if prefix == "." else f"{prefix}/{n}" for n in names)
        for folder in folders:
            for name in _FOLDER_FILES:
                if _special(work_tree / folder / name):
                    _refuse(start, work_tree / folder / name)
        _checked.add(key)
    if untracked and (str(start), "untracked") not in _checked:
        _refuse(start, _blocking_untracked(start))
        _checked.add((str(start), "untracked"))


def _blocking_untracked(start: Path) -> Path | None:
    """The first ``.gitignore`` that is a FIFO, a device or a socket in a folder below ``start``
    that git does not track and does not ignore (git reads it while listing untracked files),
    else None. git names those folders without reading any ignore file (``ls-files --others
    --directory``: the top untracked folder of each stretch) and says which are ignored from
    the ignore files of the tracked folders above them (``check-ignore``, the name given without
    its slash: with one, git reads the folder's own ``.gitignore``); the rest are walked here,
    never opening a file."""
    tops = [name for name in _git_lines(start, ["ls-files", "-z", "--others", "--directory"]) if name.endswith("/")]
    if not tops:
        return None
    names = [name.rstrip("/") for name in tops]
    ignored = set(_git_lines(start, ["check-ignore", "-z", "--stdin"], "\0".join(names) + "\0"))
    for name in names:
        if name in ignored:
            continue
        for current, dirs, files in os.walk(start / name):
            if ".gitignore" in files and _special(Path(current) / ".gitignore"):
                return Path(current) / ".gitignore"
            dirs[:] = [d for d in dirs if not os.path.lexists(os.path.join(current, d, ".git"))]  # a nested repository
    return None


def _git_lines(folder: Path, args: list[str], stdin: str | None = None) -> list[str]:
    """The NUL-separated names a git command run in ``folder`` prints (none if it fails)."""
    from aisec_cli.sources.gitenv import git_env

    try:
        out = subprocess.run(
            ["git", "-C", str(folder), *args], input=None if stdin is None else os.fsencode(stdin),
            capture_output=True, check=False, timeout=120, env=git_env(folder),
            stdin=subprocess.DEVNULL if stdin is None else None,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    if out.returncode not in (0, 1):  # check-ignore: 1 when nothing is ignored
        return []
    return [os.fsdecode(name) for name in out.stdout.split(b"\0") if name]


def _refuse(start: Path, blocking: Path | None) -> None:
    if blocking is not None:
        raise UsageError(
            f"{start}: {blocking} is not a regular file (a FIFO, socket or device); git opens it "
            "without looking and would wait on it for ever: not scanned"
        )


# files git opens without looking at what they are: in the git folder, and in every folder of
# the work tree (per-folder ignore and attribute files); a FIFO there holds git for ever
_GIT_DIR_FILES = ("HEAD", "index", "packed-refs", "shallow", "info/grafts", "info/sparse-checkout")
_COMMON_FILES = ("info/exclude", "info/attributes", "objects/info/alternates", "packed-refs",
                 "objects/info/commit-graph", "objects/info/commit-graphs/commit-graph-chain", "objects/info/packs")
_TOP_FILES = (".mailmap",)
_FOLDER_FILES = (".gitignore", ".gitattributes")
_checked: set[tuple[str, str | None]] = set()


def _blocking_read(git_dir: Path, common_dir: Path, work_tree: Path | None) -> Path | None:
    """The first file of the git folder or the top of the work tree that git would open blindly
    and that is a FIFO, a device or a socket, else None (folders below: :func:`check_folders`)."""
    fixed = [git_dir / name for name in _GIT_DIR_FILES] + [common_dir / name for name in _COMMON_FILES]
    if work_tree is not None:
        fixed += [work_tree / name for name in (*_TOP_FILES, *_FOLDER_FILES)]
    head = _read_small(git_dir / "HEAD") or ""
    if head.startswith("ref:"):  # the branch HEAD names, a loose ref of this folder or the common one
        branch = head[4:].strip()
        fixed += [git_dir / branch, common_dir / branch]
    return next((path for path in fixed if _special(path)), None)


def check_history_reads(start: Path) -> None:
    """Refuse (:class:`UsageError`) a repository with a loose ref, the stash's reflog or a loose
    object that is a FIFO, a device or a socket: a history scan reads every ref (``--all``), the
    stash list and every object, and git opens each without looking."""
    git_dir = _git_dir(start)
    if git_dir is None:
        return
    common = _read_small(git_dir / "commondir")
    common_dir = (git_dir / common.strip()) if common is not None and common.strip() else git_dir
    _refuse(start, common_dir / "logs/refs/stash" if _special(common_dir / "logs/refs/stash") else None)
    for refs in dict.fromkeys((git_dir / "refs", common_dir / "refs")):
        _refuse(start, next(_special_below(refs), None))
    try:
        with os.scandir(common_dir / "objects") as fans:
            folders = [entry.path for entry in fans if len(entry.name) == 2 and entry.is_dir(follow_symlinks=False)]
    except OSError:
        return
    for folder in folders:
        _refuse(start, next(_special_below(Path(folder)), None))


def _special_below(folder: Path) -> Iterator[Path]:
    """The FIFOs, devices and sockets below ``folder``, by the listings' file types (links are
    neither followed nor judged)."""
    stack = [str(folder)]
    while stack:
        try:
            with os.scandir(stack.pop()) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif not entry.is_file(follow_symlinks=False) and not entry.is_symlink():
                yield Path(entry.path)


def _tracked_folders(work_tree: Path) -> list[str]:
    """The folders (relative, every parent included) of the files the index lists; none if git
    cannot say (``git ls-files --cached`` reads the index only, no ignore or attribute file)."""
    return _folders(_git_lines(work_tree, ["ls-files", "-z", "--cached"]))


def _folders(names: Iterable[str]) -> list[str]:
    """The folders of ``names`` and every parent of them (relative; the top itself left out)."""
    folders: set[str] = set()
    for name in names:
        folder = name.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return sorted(folders)


def _work_tree(start: Path, git_dir: Path) -> Path | None:
    """The top of the work tree whose git folder is ``git_dir`` (None: a bare repository)."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        dot_git = candidate / ".git"
        if dot_git.exists():
            return candidate
        if candidate == git_dir:
            return None
    return None


def _git_dir(start: Path) -> Path | None:
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        dot_git = candidate / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():
            text = _read_small(dot_git) or ""
            if text.startswith("gitdir:"):
                return (candidate / text[len("gitdir:") :].strip()).resolve()
            return None
        if (candidate / "HEAD").is_file() and (candidate / "objects").is_dir() and (candidate / "config").is_file():
            return candidate  # a bare repository
    return None


def _blocking_include(config: Path, depth: int, bases: tuple[Path, ...] = ()) -> Path | None:
    """The first FIFO, device or socket the config at ``config`` includes (directly or through
    another include) or names as a file git reads blindly (:data:`_FILE_SETTINGS`, a relative
    one looked for from each of ``bases``: git takes it from where it runs), else None."""
    text = _read_small(config)
    if text is None or depth > _MAX_DEPTH:
        return None
    section, plain = "", False
    for line in text.splitlines():
        header = _SECTION.match(line)
        if header is not None:
            section, plain = header.group(1).lower(), header.group(2) is not None
            continue
        if plain and section in ("core", "diff", "mailmap"):
            setting = _VALUE.match(line)
            if setting is not None and (section, setting.group(1).lower()) in _FILE_SETTINGS:
                named = _named_file(setting.group(2), bases)
                if named is not None:
                    return named
            continue
        if section not in ("include", "includeif"):
            continue
        value = _PATH.match(line)
        if value is None:
            continue
        target = _include_path(value.group(1), config)
        if target is None:
            continue
        if _special(target):
            return target
        found = _blocking_include(target, depth + 1, bases)  # nothing there, or a folder: no text
        if found is not None:
            return found
    return None


def _named_file(raw: str, bases: tuple[Path, ...]) -> Path | None:
    """The path a file setting's value names, when it is a FIFO, a device or a socket."""
    value = _unquoted(raw)
    if not value:
        return None
    path = Path(os.path.expanduser(value))
    candidates = [path] if path.is_absolute() else [base / path for base in bases]
    return next((c for c in candidates if _special(c)), None)


def _special(path: Path) -> bool:
    """A FIFO, device or socket: what a read waits on (a missing file or a folder is not)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _unquoted(raw: str) -> str:
    """A config value without its trailing comment and enclosing quotes."""
    value = raw.split(" #", 1)[0].split(" ;", 1)[0].strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value


def _include_path(raw: str, config: Path) -> Path | None:
    value = _unquoted(raw)
    if not value:
        return None
    if value.startswith("~/"):
        return Path(os.path.expanduser(value))
    path = Path(value)
    return path if path.is_absolute() else config.parent / path


def _read_small(path: Path) -> str | None:
    """The text of a regular file of at most 1 MiB (never opening a FIFO or device)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_BYTES:
        return None
    try:
        with open(path, "rb") as handle:
            return handle.read(_MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
