"""Environment files (.env.production, staging.env …): key-like variables, values as digests."""

from __future__ import annotations

import re

from aisec_cli.checklist.collectors.selection import environment_of
from aisec_cli.checklist.facts import EnvValue
from aisec_cli.core.findings import digest

_ASSIGN = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*[=:]\s*(.*?)\s*$")
_KEYISH = re.compile(r"(?i)(?:api[_-]?key|apikey|token|secret|password|passwd|credential|private[_-]?key|access[_-]?key)")
_PLACEHOLDER = re.compile(
    r"(?i)^(?:|x+|\*+|\.+|<[^>]*>|\$\{[^}]*\}|\$\([^)]*\)|\$\w+|%\(?\w+\)?s?|\{\{[^}]*\}\}|"
    r"(?:your|my|the|some|example|sample|dummy|fake|test|placeholder|change|replace|insert|todo|xxx)[\w-]*|"
    r"none|null|nil|false|true|undefined|changeme|secret|password|sk-\.\.\.|\.\.\.)$"
)


def parse_env_file(path: str, text: str) -> list[EnvValue]:
    env = environment_of(path)
    out = []
    for index, raw in enumerate(text.splitlines()):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _ASSIGN.match(line)
        if not match:
            continue
        name, value = match.group(1), match.group(2)
        if not _KEYISH.search(name):
            continue
        if value[:1] in "\"'" and value[-1:] == value[:1] and len(value) >= 2:
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].strip()
        if len(value) < 8 or _PLACEHOLDER.match(value):
            continue
        out.append(EnvValue(path, env, name, digest(value)[:32], index + 1))
    return out
