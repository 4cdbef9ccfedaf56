"""Does git ignore environment and key files, and are any of them tracked?

Git answers, not a re-implementation: ``git check-ignore --no-index -v -n`` on probe paths
(they need not exist). Outside a git repository the root ``.gitignore`` (and nested ones) are
read with pathspec's GitIgnoreSpec instead.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from aisec_cli.checklist.facts import GitignoreFacts, Probe
from aisec_cli.core.readcap import read_project_text
from aisec_cli.sources.files import git_toplevel
from aisec_cli.sources.gitenv import git_env

_PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")


def probes_from(table: Mapping[str, Any]) -> list[tuple[str, str]]:
    out = [(p, "env") for p in table.get("env_probes", ())]
    out += [(p, "env_default") for p in table.get("env_default_probes", ())]
    out += [(p, "key") for p in table.get("key_probes", ())]
    out += [(p, "credential") for p in table.get("credential_probes", ())]
    return out


def _scope(source: str, root: Path, top: Path) -> str:
    """Where a deciding pattern lives, seen from the scanned folder ``root``:
    root (its .gitignore), parent (a .gitignore above it, shared too), nested (below it),
    local (.git/info/exclude), global (core.excludesFile) or none."""
    if not source:
        return "none"
    src = Path(source)
    if not src.is_absolute():
        src = root / src
    src = src.resolve()
    try:
        src.relative_to((top / ".git").resolve())
        return "local"
    except ValueError:
        pass
    if src.name != ".gitignore":
        return "global"
    folder = src.parent
    here = root.resolve()
    if folder == here:
        return "root"
    try:
        folder.relative_to(here)
        return "nested"
    except ValueError:
        pass
    try:
        here.relative_to(folder)
        return "parent"
    except ValueError:
        return "global"


def check_ignore(root: Path, paths: Sequence[str]) -> dict[str, tuple[str, int, str]] | None:
    """path -> (source, line, pattern) for every path; empty source: no pattern matched.
    ``None`` when git could not answer."""
    payload = b"".join(p.encode("utf-8") + b"\0" for p in paths)
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "check-ignore", "--no-index", "-v", "-n", "-z", "--stdin"],
            input=payload,
            capture_output=True,
            check=False,
            timeout=60,
            env=git_env(root),
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode not in (0, 1):
        return None
    fields = out.stdout.split(b"\0")
    answers: dict[str, tuple[str, int, str]] = {}
    for i in range(0, len(fields) - 3, 4):
        source, line, pattern, path = (os.fsdecode(f) for f in fields[i : i + 4])
        answers[path] = (source, int(line) if line.isdigit() else 0, pattern)
    return answers


def _tracked(root: Path) -> list[str] | None:
    try:
        out = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True, check=False, timeout=300, env=git_env(root))
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    return [os.fsdecode(n) for n in out.stdout.split(b"\0") if n]


def secret_files(names: Sequence[str], root: Path, table: Mapping[str, Any]) -> list[str]:
    """Names that look like env or key files (templates excluded; PEM files only with a private key)."""
    patterns = [re.compile(p) for p in table.get("tracked", ())]
    template = re.compile(table.get("templates", r"$^"))
    out = []
    for name in names:
        base = name.rsplit("/", 1)[-1]
        if not any(p.search(base) for p in patterns):
            continue
        stem = base[4:] if base.startswith(".env") else base.rsplit(".", 1)[0]
        if template.search(stem) or template.search(base.removeprefix(".env")):
            continue
        if base.endswith((".pem", ".crt")):
            try:
                head = (root / name).read_bytes()[:200_000].decode("utf-8", "replace")
            except OSError:
                continue
            if not _PRIVATE_KEY.search(head):
                continue
        out.append(name)
    return out


def collect(root: Path, table: Mapping[str, Any]) -> GitignoreFacts:
    probes = probes_from(table)
    top = git_toplevel(root)
    if top is None:
        return _without_git(root, probes, table)
    answers = check_ignore(root, [p for p, _ in probes])
    if answers is None:
        raise RuntimeError("git check-ignore failed")
    results = []
    for path, category in probes:
        source, line, pattern = answers.get(path, ("", 0, ""))
        ignored = bool(source) and not pattern.startswith("!")
        results.append(Probe(path, category, ignored, _display_source(source, root, top), pattern, line, _scope(source, root, top)))
    tracked = _tracked(root) or []
    return GitignoreFacts(
        in_git=True,
        root_gitignore=(root / ".gitignore").is_file(),
        probes=tuple(results),
        tracked=tuple(secret_files(tracked, root, table)),
    )


def _display_source(source: str, root: Path, top: Path) -> str:
    if not source:
        return ""
    src = Path(source)
    if not src.is_absolute():
        return src.as_posix()
    try:
        return src.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return src.as_posix()


def _without_git(root: Path, probes: list[tuple[str, str]], table: Mapping[str, Any]) -> GitignoreFacts:
    import pathspec

    specs: list[tuple[str, str, list[str], Any]] = []
    for ignore in sorted(root.rglob(".gitignore")):
        rel_dir = ignore.parent.relative_to(root).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        text = read_project_text(ignore)
        if text is None:
            continue
        lines = text.splitlines()
        specs.append((rel_dir, ignore.relative_to(root).as_posix(), lines, pathspec.GitIgnoreSpec.from_lines(lines)))
    results = []
    for path, category in probes:
        decided: Probe = Probe(path, category, False, scope="none")
        for base, source, lines, spec in specs:
            if not path.startswith(base):
                continue
            rel = path[len(base) :]
            if spec.match_file(rel):
                line = _pattern_line(lines, rel)
                decided = Probe(path, category, True, source, lines[line - 1].strip() if line else "", line, "root" if not base else "nested")
        results.append(decided)
    return GitignoreFacts(
        in_git=False,
        root_gitignore=(root / ".gitignore").is_file(),
        probes=tuple(results),
        note="not a git repository: .gitignore files read directly; tracked files not checked",
    )


def _pattern_line(lines: list[str], rel: str) -> int:
    import pathspec

    for index in range(len(lines) - 1, -1, -1):
        text = lines[index].strip()
        if not text or text.startswith("#") or text.startswith("!"):
            continue
        if pathspec.GitIgnoreSpec.from_lines([text]).match_file(rel):
            return index + 1
    return 0
