"""Files to examine: what git tracks (plus untracked, not ignored), or a .gitignore-aware walk.

Inside a git repository the list is ``git ls-files -z --cached --others --exclude-standard``;
outside one, a walk that honours every ``.gitignore`` it meets. Explicit file arguments are
taken as given (pre-commit passes file names), but the configured excludes still apply.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pathspec

from aisec_cli.core.document import Document
from aisec_cli.core.findings import ScanError
from aisec_cli.sources.decoding import BINARY_PROBE, decode, is_binary

ALWAYS_EXCLUDED = (".git/", ".hg/", ".svn/")


@dataclass(frozen=True, slots=True)
class Target:
    """A file to read: where it is on disk and how it is named in reports."""

    path: str  # absolute or cwd-relative path to open
    name: str  # POSIX path relative to the scan root


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file not examined on purpose (binary, too large): counted, not an error."""

    name: str
    reason: str


def git_toplevel(folder: Path) -> Path | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    return Path(os.fsdecode(out.stdout.strip()))


def _git_files(folder: Path) -> list[str] | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            check=False,
            timeout=300,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    names = [os.fsdecode(n) for n in out.stdout.split(b"\0") if n]
    return sorted(set(names))


def _ignored_by_git(folder: Path) -> bool:
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), "check-ignore", "-q", "."],
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0


def _walk(folder: Path) -> Iterator[str]:
    """Relative POSIX names below ``folder``, honouring nested .gitignore files."""
    specs: list[tuple[str, pathspec.PathSpec]] = []
    for current, dirs, files in os.walk(folder):
        rel_dir = Path(current).relative_to(folder).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        ignore_file = Path(current) / ".gitignore"
        if ignore_file.is_file():
            try:
                lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
                specs.append((rel_dir, pathspec.GitIgnoreSpec.from_lines(lines)))
            except OSError:
                pass

        def ignored(rel: str, is_dir: bool) -> bool:
            probe = rel + "/" if is_dir else rel
            for base, spec in specs:
                if probe.startswith(base) and spec.match_file(probe[len(base) :]):
                    return True
            return False

        dirs[:] = sorted(
            d for d in dirs if d not in (".git", ".hg", ".svn") and not ignored(rel_dir + d, True)
        )
        for name in sorted(files):
            rel = rel_dir + name
            if not ignored(rel, False):
                yield rel


def discover(
    paths: Sequence[Path], root: Path, exclude: Iterable[str] = ()
) -> tuple[list[Target], list[ScanError]]:
    """Every file to read for ``paths``, named relative to ``root``."""
    spec = pathspec.GitIgnoreSpec.from_lines([*ALWAYS_EXCLUDED, *exclude])
    targets: list[Target] = []
    errors: list[ScanError] = []
    seen: set[str] = set()
    for given in paths:
        if not os.path.lexists(given):
            errors.append(ScanError(str(given), "no such file or directory"))
            continue
        if given.is_dir():
            names = _git_files(given) if git_toplevel(given) is not None else None
            if not names and names is not None and _ignored_by_git(given):
                names = None  # a folder git ignores, named explicitly: walk it
            listing: Iterable[str] = names if names is not None else _walk(given)
            for rel in listing:
                full = given / rel
                name = _display_name(full, root)
                if name in seen or spec.match_file(name):
                    continue
                seen.add(name)
                targets.append(Target(str(full), name))
        else:
            name = _display_name(given, root)
            if name in seen or spec.match_file(name):
                continue
            seen.add(name)
            targets.append(Target(str(given), name))
    return targets, errors


def _display_name(path: Path, root: Path) -> str:
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


def read(target: Target, max_size: int) -> Document | ScanError | Skipped:
    """The file's text as a :class:`Document`, or why it was not read."""
    try:
        info = os.stat(target.path)
    except FileNotFoundError:
        if os.path.islink(target.path):
            return ScanError(target.name, "dangling symbolic link", "skipped")
        return ScanError(target.name, "file vanished before it could be read", "skipped")
    except OSError as exc:
        return ScanError(target.name, f"cannot read: {exc.strerror or exc}")
    if stat.S_ISDIR(info.st_mode):
        return Skipped(target.name, "directory")
    if not stat.S_ISREG(info.st_mode):
        return ScanError(target.name, "not a regular file (FIFO, socket or device)", "skipped")
    if info.st_size > max_size:
        return ScanError(
            target.name,
            f"larger than the size cap ({info.st_size // 1_048_576} MiB > "
            f"{max_size // 1_048_576} MiB; raise max-file-size to scan it)",
            "skipped",
        )
    try:
        with open(target.path, "rb") as handle:
            head = handle.read(BINARY_PROBE)
            if is_binary(head, info.st_size):
                return Skipped(target.name, "binary")
            data = head + handle.read()
    except FileNotFoundError:
        return ScanError(target.name, "file vanished before it could be read", "skipped")
    except OSError as exc:
        return ScanError(target.name, f"cannot read: {exc.strerror or exc}")
    text, _ = decode(data)
    return Document(target.name, text)
