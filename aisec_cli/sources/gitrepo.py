"""The git repository around a path: discovery, metadata and process launching (GitPython).

GitPython finds the repository, answers small questions (shallow? HEAD? does this
revision exist?) and launches the long-running ``git`` processes whose output is parsed
elsewhere. Bulk reads never go through GitPython's object layer (one diff per commit
through it is 17-30x slower than one streamed ``git log -p``).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aisec_cli.core.errors import UsageError
from aisec_cli.sources.gitconfig import check_includes
from aisec_cli.sources.gitenv import foreign, git_env, git_settings, pinned, without_locating

ZERO_SHA = "0" * 40


class GitFailed(Exception):
    """A git command failed; ``message`` is git's own last error line."""

    def __init__(self, message: str, returncode: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.returncode = returncode


@dataclass(frozen=True, slots=True)
class RepoInfo:
    """What the scans need to know about a repository."""

    toplevel: Path  # working tree root (the git dir of a bare repository)
    git_dir: Path
    bare: bool
    shallow: bool
    head: str | None  # sha of HEAD, None when HEAD is unborn (no commit yet)
    branch: str | None  # None when HEAD is detached
    has_commits: bool  # any ref points to a commit
    prefix: str  # the given path relative to toplevel ('' at the top)


def git_executable() -> str:
    return os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git"


def require_git() -> None:
    """Fail with one clear line when git cannot be run."""
    exe = git_executable()
    if shutil.which(exe) is None and not os.path.isfile(exe):
        raise UsageError(f"git is not installed or not on PATH ('{exe}' not found); history and staged scans need it")


def _gitpython() -> Any:
    require_git()
    # GitPython checks the executable at import; we checked it already, keep it quiet.
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    import git

    return git


def open_repo(path: Path) -> tuple[Any, RepoInfo]:
    """(GitPython ``Repo``, :class:`RepoInfo`) for the repository holding ``path``."""
    git = _gitpython()
    target = Path(path)
    if not target.exists():
        raise UsageError(f"{path}: no such file or directory")
    start = target if target.is_dir() else target.parent
    check_includes(start)
    elsewhere = foreign(start)  # GIT_DIR & co. left over from another context: not for this path
    try:
        if elsewhere:
            with without_locating():  # GitPython reads GIT_WORK_TREE & co. while it opens
                repo = git.Repo(start, search_parent_directories=True)
        else:
            repo = _open_honouring(git, start)
        pins = pinned(os.path.abspath(repo.git_dir), os.path.abspath(repo.common_dir), repo.working_tree_dir) if elsewhere else {}
        repo.git.update_environment(**git_settings(), **pins)  # no command from the repository's own config
    except git.exc.InvalidGitRepositoryError:
        raise UsageError(f"{path} is not inside a git repository") from None
    except git.exc.NoSuchPathError:
        raise UsageError(f"{path}: no such file or directory") from None
    except git.exc.GitError as exc:
        raise UsageError(f"{path}: cannot open the git repository: {_last_line(str(exc))}") from None
    bare = bool(repo.bare)
    git_dir = Path(repo.git_dir)
    toplevel = git_dir if bare or repo.working_tree_dir is None else Path(repo.working_tree_dir)
    try:
        shallow_out = repo.git.rev_parse("--is-shallow-repository")
        shallow = shallow_out.strip() == "true"
    except git.exc.GitCommandError:
        shallow = (git_dir / "shallow").exists()
    head: str | None
    try:
        head = repo.git.rev_parse("--verify", "--quiet", "HEAD^{commit}").strip() or None
    except git.exc.GitCommandError:
        head = None
    try:
        branch = None if repo.head.is_detached else repo.head.ref.name
    except (TypeError, ValueError, git.exc.GitError):
        branch = None
    has_commits = head is not None or _any_ref(repo)
    prefix = ""
    if not bare:
        try:
            rel = os.path.relpath(target.resolve(), toplevel.resolve())
        except ValueError:
            rel = "."
        prefix = "" if rel == "." else Path(rel).as_posix()
        if prefix.startswith(".."):
            prefix = ""
    info = RepoInfo(toplevel, git_dir, bare, shallow, head, branch, has_commits, prefix)
    return repo, info


def _open_honouring(git: Any, start: Path) -> Any:
    """The repository around ``start``, or the one ``GIT_DIR`` names when ``start`` has none of
    its own (a dotfiles repository: its work tree holds no ``.git``)."""
    try:
        return git.Repo(start, search_parent_directories=True)
    except git.exc.InvalidGitRepositoryError:
        named = os.environ.get("GIT_DIR")
        if not named:
            raise
        return git.Repo(named)


def _any_ref(repo: Any) -> bool:
    """Whether the repository has a branch or a tag. git failing to say is an error, never
    "no commits yet": a scan of nothing would pass as clean."""
    try:
        out = repo.git.for_each_ref("--count=1", "--format=%(objectname)")
    except Exception as exc:  # noqa: BLE001 - GitCommandError and OS errors alike
        git_dir = Path(repo.git_dir)
        hint = ""
        if not (git_dir / "config").exists():
            hint = f" (its config file is missing; `git config --file {git_dir / 'config'} core.bare true` restores it)"
        raise UsageError(
            f"{git_dir}: git cannot list the repository's branches and tags{hint}: {_last_line(str(exc))}"
        ) from None
    return bool(out.strip())


def rev_exists(repo: Any, rev: str) -> bool:
    try:
        repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except Exception:  # noqa: BLE001 - GitCommandError: no such revision
        return False
    return True


def count_commits(repo: Any, revisions: Sequence[str], extra: Sequence[str] = (), pathspec: Sequence[str] = ()) -> int | None:
    """How many commits a log over ``revisions`` will show (for progress); None if unknown."""
    try:
        out = repo.git.rev_list("--count", *extra, *revisions, "--", *pathspec)
        return int(out.strip())
    except Exception:  # noqa: BLE001 - progress is best effort
        return None


class _StderrTail(threading.Thread):
    """Drains a process's stderr (so git never blocks on it) and keeps the last lines."""

    def __init__(self, stream: Any) -> None:
        super().__init__(daemon=True)
        self.stream = stream
        self.lines: list[str] = []

    def run(self) -> None:
        for raw in iter(self.stream.readline, b""):
            self.lines.append(raw.decode("utf-8", "replace").rstrip())
            if len(self.lines) > 50:
                del self.lines[:25]

    def last_error(self) -> str:
        for line in reversed(self.lines):
            if line.startswith(("fatal:", "error:")):
                return line
        return self.lines[-1] if self.lines else ""


@dataclass
class GitProcess:
    """A running git command: read ``stdout``; ``finish()`` waits and raises on failure."""

    proc: Any  # GitPython AutoInterrupt
    stderr: _StderrTail

    @property
    def stdout(self) -> Any:
        return self.proc.proc.stdout

    def finish(self) -> tuple[int, str]:
        code = self.proc.proc.wait()
        self.stderr.join(timeout=5)
        return code, self.stderr.last_error()

    def kill(self) -> None:
        try:
            self.proc.proc.kill()
            self.proc.proc.wait(timeout=5)
        except Exception:  # noqa: BLE001 - already gone
            pass


@contextmanager
def launch(repo: Any, args: Sequence[str], stdin: Any = None) -> Iterator[GitProcess]:
    """Start ``git ARGS`` in the repository through GitPython's command runner."""
    git = _gitpython()
    command = [git_executable(), *args]
    try:
        proc = repo.git.execute(command, as_process=True, istream=stdin, stdout_as_string=False)
    except git.exc.GitCommandNotFound:
        raise UsageError("git is not installed or not on PATH") from None
    _widen_pipe(proc.proc.stdout)
    tail = _StderrTail(proc.proc.stderr)
    tail.start()
    process = GitProcess(proc, tail)
    try:
        yield process
    finally:
        if proc.proc.poll() is None:
            process.kill()
        for stream in (proc.proc.stdout,):
            try:
                stream.close()
            except OSError:
                pass


def _widen_pipe(stream: Any) -> None:
    """Ask Linux for a 1 MiB pipe so git runs ahead while Python scans (best effort)."""
    try:
        import fcntl

        fcntl.fcntl(stream.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError, ValueError, AttributeError):
        pass


def run_git(repo_dir: Path, args: Sequence[str], stdin: bytes | None = None, timeout: float = 300) -> bytes:
    """A short git command's output (bytes); :class:`GitFailed` with git's message on error."""
    require_git()
    try:
        out = subprocess.run(
            [git_executable(), "-C", str(repo_dir), *args],
            input=stdin,
            capture_output=True,
            check=False,
            timeout=timeout,
            env=git_env(repo_dir),
        )
    except FileNotFoundError:
        raise UsageError("git is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise GitFailed(f"git {args[0] if args else ''} timed out") from None
    if out.returncode != 0:
        raise GitFailed(_last_line(out.stderr.decode("utf-8", "replace")), out.returncode)
    return out.stdout


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    for line in reversed(lines):
        if line.startswith(("fatal:", "error:")):
            return line
    return lines[-1] if lines else "unknown git error"


def _lfs_store(repo_dir: Path) -> Path:
    """Where git-lfs keeps the objects of the repository at ``repo_dir`` (the common git dir's
    ``lfs/objects``, shared by linked worktrees)."""
    try:
        out = subprocess.run(
            [git_executable(), "-C", str(repo_dir), "rev-parse", "--git-common-dir"],
            capture_output=True, check=False, timeout=30, env=git_env(repo_dir),
        )
        common = Path(os.fsdecode(out.stdout.strip())) if out.returncode == 0 and out.stdout.strip() else repo_dir / ".git"
    except (OSError, subprocess.TimeoutExpired):
        common = repo_dir / ".git"
    return (common if common.is_absolute() else repo_dir / common) / "lfs" / "objects"


@dataclass(frozen=True, slots=True)
class Unread:
    """Why :meth:`BlobReader.fetch` returned no bytes: ``kind`` is the ScanError kind
    (``skipped`` with ``size`` set: over the size cap; ``error``: the blob could not be read)."""

    message: str
    kind: str = "error"
    size: int | None = None


class BlobReader:
    """Reads blobs (``<rev>:<path>`` or ``:<path>`` for the index) through one
    ``git cat-file --batch`` process, started on first use."""

    def __init__(self, repo_dir: Path, max_size: int) -> None:
        self.repo_dir = repo_dir
        self.max_size = max_size
        self._proc: subprocess.Popen[bytes] | None = None
        self._broken = False
        self._lfs: Path | None = None

    def read(self, spec: bytes) -> bytes | None:
        """The blob's bytes, or None (missing, too large, not a blob, unreadable)."""
        data = self.fetch(spec)
        return data if isinstance(data, bytes) else None

    def fetch(self, spec: bytes, kind: bytes = b"blob") -> bytes | Unread:
        """The blob's (or the ``kind`` of object's) bytes, or :class:`Unread` saying why not."""
        if b"\n" in spec:
            return Unread("a name with a line break cannot be asked of git cat-file: blob not read")
        if self._broken:
            return Unread("git cat-file failed earlier: blob not read")
        proc = self._start()
        if proc is None or proc.stdin is None or proc.stdout is None:
            return Unread("git cat-file could not be started: blob not read")
        try:
            proc.stdin.write(spec + b"\n")
            proc.stdin.flush()
            header = proc.stdout.readline()
            parts = header.split()
            if len(parts) < 3 or parts[1] != kind:
                if len(parts) >= 3 and parts[2].isdigit():  # another kind of object: its content follows
                    _read_exact(proc.stdout, int(parts[2]), keep=False)
                    proc.stdout.read(1)
                answer = header.decode("utf-8", "replace").strip()[-80:]
                return Unread(f"{kind.decode()} missing from the repository (git cat-file: {answer}): not read")
            size = int(parts[2])
            if size > self.max_size:
                _read_exact(proc.stdout, size, keep=False)
                proc.stdout.read(1)
                return Unread("", "skipped", size)
            data = _read_exact(proc.stdout, size)
            proc.stdout.read(1)  # the newline after the content
        except (OSError, ValueError):
            self._broken = True
            return Unread("git cat-file failed: blob not read")
        return data

    def lfs_object(self, oid: str) -> bytes | Unread:
        """The content of a Git LFS object from the repository's local LFS store, or why not."""
        if self._lfs is None:
            self._lfs = _lfs_store(self.repo_dir)
        path = self._lfs / oid[:2] / oid[2:4] / oid
        try:
            with open(path, "rb") as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode):
                    return Unread("Git LFS object is not a regular file: not examined")
                if info.st_size > self.max_size:
                    return Unread("", "skipped", info.st_size)
                return handle.read(self.max_size + 1)
        except FileNotFoundError:
            return Unread("Git LFS object not in the local LFS store (not fetched): not examined", "skipped")
        except OSError as exc:
            return Unread(f"Git LFS object cannot be read: {exc.strerror or exc}")

    def _start(self) -> subprocess.Popen[bytes] | None:
        if self._proc is None:
            try:
                self._proc = subprocess.Popen(
                    [git_executable(), "-C", str(self.repo_dir), "cat-file", "--batch"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    env=git_env(self.repo_dir),
                )
            except OSError:
                self._broken = True
                return None
        return self._proc

    def close(self) -> None:
        if self._proc is not None:
            try:
                if self._proc.stdin is not None:
                    self._proc.stdin.close()
                self._proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
            self._proc = None


def _read_exact(stream: Any, size: int, keep: bool = True) -> bytes:
    parts: list[bytes] = []
    left = size
    while left > 0:
        chunk = stream.read(min(left, 1 << 20))
        if not chunk:
            raise OSError("git cat-file ended early")
        if keep:
            parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)
