"""A scanned repository's git config checked before git or GitPython reads it: an include that is no regular file would hold every read."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from aisec_cli.core.errors import UsageError
from aisec_cli.core.lazyre import LazyRegex

_MAX_DEPTH = 10  # git's own limit on nested includes
_MAX_BYTES = 1 << 20
_SECTION = LazyRegex(r"^\s*\[\s*([A-Za-z0-9.-]+)")
_PATH = LazyRegex(r"^\s*path\s*=\s*(.*?)\s*$", re.IGNORECASE)


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
    for config in configs:
        blocking = config if _special(config) else _blocking_include(config, 0)
        if blocking is not None:
            raise UsageError(
                f"{start}: the repository's git config ({config}) includes {blocking}, which is not a "
                "regular file (git would wait on it for ever): not scanned"
            )


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


def _blocking_include(config: Path, depth: int) -> Path | None:
    text = _read_small(config)
    if text is None or depth > _MAX_DEPTH:
        return None
    section = ""
    for line in text.splitlines():
        header = _SECTION.match(line)
        if header is not None:
            section = header.group(1).lower()
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
        found = _blocking_include(target, depth + 1)  # nothing there, or a folder: no text
        if found is not None:
            return found
    return None


def _special(path: Path) -> bool:
    """A FIFO, device or socket: what a read waits on (a missing file or a folder is not)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _include_path(raw: str, config: Path) -> Path | None:
    value = raw.split(" #", 1)[0].split(" ;", 1)[0].strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
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
