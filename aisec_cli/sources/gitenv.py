"""The environment of every git process aisec starts: no command taken from the repository.

A scanned repository's own ``.git/config`` is input, not trusted configuration: with
``core.fsmonitor`` set there, the ``git ls-files`` / ``git diff`` a scan starts would run that
command. :func:`harden` turns it off through ``GIT_CONFIG_COUNT`` (git 2.31+; it outranks
every config file), keeps git from fetching missing objects of a partial clone
(``GIT_NO_LAZY_FETCH``, and ``GIT_ALLOW_PROTOCOL=none`` for any git: aisec makes no network
request; the history scan reports the commits it could not read) and from prompting for
credentials on the terminal (``GIT_TERMINAL_PROMPT``: a hook would wait for ever), and reads
every object as committed (``GIT_NO_REPLACE_OBJECTS``: a local ``git replace`` could otherwise
show a clean stand-in for a commit that holds a key, while the commit itself is what gets pushed;
``GIT_GRAFT_FILE``: a graft could skip that commit).

git's repository variables (:data:`LOCATING`: ``GIT_DIR``, ``GIT_WORK_TREE``,
``GIT_INDEX_FILE`` …) are honoured only where they describe the path being scanned: a hook's
temporary index (``git commit -a``, ``git commit <path>``), a dotfiles repository whose work tree
has no ``.git`` of its own. Left over from another context (a ``vcsh enter`` shell, a hook of one
repository scanning another), they made git read another repository than the one asked for —
a tree scan listed the other repository's files and exited 0 over a committed key. For such a
path :func:`git_env` leaves them out (:func:`foreign`).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager

_OFF = (("core.fsmonitor", "false"),)
# the variables that tell git which repository, work tree, index and objects to use
LOCATING = (
    "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE",
)
_WHICH_REPOSITORY = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR")
_verdicts: dict[tuple[str, ...], bool] = {}


def harden(environ: MutableMapping[str, str]) -> None:
    """Add aisec's git settings to ``environ`` (the caller's own ``GIT_CONFIG_*`` entries kept)."""
    try:
        count = int(environ.get("GIT_CONFIG_COUNT", "0"))
    except ValueError:
        count = 0
    present = {environ.get(f"GIT_CONFIG_KEY_{i}", "").lower() for i in range(count)}
    for key, value in _OFF:
        if key in present:
            continue
        environ[f"GIT_CONFIG_KEY_{count}"] = key
        environ[f"GIT_CONFIG_VALUE_{count}"] = value
        count += 1
    environ["GIT_CONFIG_COUNT"] = str(count)
    # set whatever the environment says (a leftover GIT_NO_LAZY_FETCH=0 made a partial clone's
    # history scan fetch every missing blob from its remote)
    environ["GIT_NO_LAZY_FETCH"] = "1"
    environ["GIT_ALLOW_PROTOCOL"] = "none"  # no transport at all, whatever git's version
    environ["GIT_TERMINAL_PROMPT"] = "0"
    environ["GIT_NO_REPLACE_OBJECTS"] = "1"  # objects as committed, not as refs/replace shows them
    environ["GIT_GRAFT_FILE"] = os.devnull  # parents as committed, not as .git/info/grafts says


@contextmanager
def hardened(environ: MutableMapping[str, str]) -> Iterator[None]:
    """``environ`` with aisec's git settings for the block, and as it was after it: a run inside
    another program's process (a test suite, a tool calling ``main``) must not leave that
    program's own git unable to fetch."""
    saved = dict(environ)
    harden(environ)
    try:
        yield
    finally:
        for name in [name for name in environ if name not in saved]:
            del environ[name]
        for name, value in saved.items():
            if environ.get(name) != value:
                environ[name] = value


def git_env(where: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """This process's environment with aisec's git settings added, for one git process run in
    ``where`` (the library's calls are covered too, without changing the host program's
    environment); git's repository variables are left out when they describe another
    repository than the one around ``where``."""
    environ = dict(os.environ)
    if where is not None and foreign(where):
        for name in LOCATING:
            environ.pop(name, None)
    harden(environ)
    return environ


def foreign(where: str | os.PathLike[str]) -> bool:
    """Whether git's repository variables in this environment describe another repository than
    the one around ``where`` (a folder, or a file's folder).

    Honoured (False): none is set; ``where`` has no repository of its own (they are the only way
    to one); they name the repository ``where`` is in; only the index, objects or namespace are
    named and ``where`` is in the repository this process runs in (a hook's temporary index).
    """
    if not any(os.environ.get(name) for name in LOCATING):
        return False
    folder = os.path.abspath(where)
    if not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    key = (folder, os.getcwd(), *(os.environ.get(name, "") for name in LOCATING))
    verdict = _verdicts.get(key)
    if verdict is None:
        verdict = _judge(folder)
        _verdicts[key] = verdict
    return verdict


def _judge(folder: str) -> bool:
    which = any(os.environ.get(name) for name in _WHICH_REPOSITORY)
    here = os.getcwd()
    if not which and os.path.realpath(here) == os.path.realpath(folder):
        return False  # a hook's own folder: no git process needed to say so
    plain = {k: v for k, v in os.environ.items() if k not in LOCATING}
    harden(plain)
    own = _located(folder, plain)
    if own is None:
        return False
    if which:
        told = dict(os.environ)
        harden(told)
        return _located(folder, told) != own
    return _located(here, plain) != own


def _located(folder: str, environ: dict[str, str]) -> tuple[str, ...] | None:
    """(git dir, top of the work tree) git finds from ``folder`` under ``environ`` (the git dir
    alone for a bare repository); None: no repository."""
    executable = os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git"
    try:
        out = subprocess.run(
            [executable, "-C", folder, "rev-parse", "--absolute-git-dir", "--show-toplevel"],
            capture_output=True, check=False, timeout=30, env=environ, stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = [line for line in out.stdout.splitlines() if line.strip()][:2]
    return tuple(os.path.realpath(os.fsdecode(line)) for line in lines) or None


@contextmanager
def without_locating() -> Iterator[None]:
    """git's repository variables out of this process's environment for the block (for a
    library that reads them itself while it opens a repository)."""
    saved = {name: os.environ.pop(name) for name in LOCATING if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


def pinned(git_dir: str, common_dir: str, work_tree: str | None) -> dict[str, str]:
    """Values for the repository variables set in this environment that name the repository at
    ``git_dir`` instead (for a library whose git processes inherit the environment)."""
    objects = os.path.join(common_dir, "objects")
    values = {
        "GIT_DIR": git_dir, "GIT_WORK_TREE": work_tree or git_dir, "GIT_COMMON_DIR": common_dir,
        "GIT_INDEX_FILE": os.path.join(git_dir, "index"), "GIT_OBJECT_DIRECTORY": objects,
        "GIT_ALTERNATE_OBJECT_DIRECTORIES": objects, "GIT_NAMESPACE": "",
    }
    return {name: values[name] for name in LOCATING if name in os.environ}


def git_settings() -> dict[str, str]:
    """Only the variables :func:`harden` sets (for GitPython's per-repository environment)."""
    return {k: v for k, v in git_env().items() if k.startswith("GIT_") and os.environ.get(k) != v}
