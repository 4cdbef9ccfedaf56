"""The environment of every git process aisec starts: no command taken from the repository.

A scanned repository's own ``.git/config`` is input, not trusted configuration: with
``core.fsmonitor`` set there, the ``git ls-files`` / ``git diff`` a scan starts would run that
command. :func:`harden` turns it off through ``GIT_CONFIG_COUNT`` (git 2.31+; it outranks
every config file), keeps git from fetching missing objects of a partial clone
(``GIT_NO_LAZY_FETCH``, git 2.44+: aisec makes no network request) and from prompting for
credentials on the terminal (``GIT_TERMINAL_PROMPT``: a hook would wait for ever), and reads
every object as committed (``GIT_NO_REPLACE_OBJECTS``: a local ``git replace`` could otherwise
show a clean stand-in for a commit that holds a key, while the commit itself is what gets pushed;
``GIT_GRAFT_FILE``: a graft could skip that commit).
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

_OFF = (("core.fsmonitor", "false"),)


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
    environ.setdefault("GIT_NO_LAZY_FETCH", "1")
    environ.setdefault("GIT_TERMINAL_PROMPT", "0")
    environ.setdefault("GIT_NO_REPLACE_OBJECTS", "1")  # objects as committed, not as refs/replace shows them
    environ.setdefault("GIT_GRAFT_FILE", os.devnull)  # parents as committed, not as .git/info/grafts says


def git_env() -> dict[str, str]:
    """This process's environment with aisec's git settings added, for one git process (the
    library's calls are covered too, without changing the host program's environment)."""
    environ = dict(os.environ)
    harden(environ)
    return environ


def git_settings() -> dict[str, str]:
    """Only the variables :func:`harden` sets (for GitPython's per-repository environment)."""
    return {k: v for k, v in git_env().items() if k.startswith("GIT_") and os.environ.get(k) != v}
