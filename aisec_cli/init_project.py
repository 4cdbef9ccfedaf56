"""``aisec init``: what a team needs to start passing the checklist, never overwriting anything.

Three steps, each planned first (pure: current text in, new text out) and then applied
atomically by the caller once it has been shown and accepted:

- ``gitignore``: append the environment and key file patterns the checklist probes for
  (only those the current ``.gitignore`` does not already cover);
- ``pre-commit``: append an entry for the aisec hooks to ``.pre-commit-config.yaml`` (the
  rest of the file is left byte for byte as it was; a file aisec cannot extend safely is
  left alone and the entry is shown to paste by hand);
- ``policy``: a commented ``.aisec/policy.yaml`` template, only when none exists.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import pathspec

from aisec_cli import __version__
from aisec_cli.core.atomic import write_atomic
from aisec_cli.core.errors import ConfigError
from aisec_cli.core.readcap import read_own_if_there
from aisec_cli.core.yamlio import YAMLError, safe_load

STEPS = ("gitignore", "pre-commit", "policy")
REPO_URL = "https://github.com/aisec-dev/aisec"
GITIGNORE_HEADER = "# aisec: environment and key files (never commit them)"
MAX_INIT_FILE = 4 * 1024 * 1024  # .gitignore / .pre-commit-config.yaml: far smaller in practice

# (pattern, a path it must make ignored); negations keep templates committable.
GITIGNORE_ENTRIES: tuple[tuple[str, str], ...] = (
    (".env", "app/.env"),
    (".env.*", ".env.production"),
    ("!.env.example", ""),
    ("!.env.sample", ""),
    ("!.env.template", ""),
    ("*.key", "server.key"),
    ("*.pem", "private.pem"),
    ("*.p12", "cert.p12"),
    ("*.pfx", "keystore.pfx"),
    ("id_rsa", "id_rsa"),
    ("id_ed25519", "id_ed25519"),
    ("id_ecdsa", "id_ecdsa"),
    ("secrets.toml", ".streamlit/secrets.toml"),
    ("credentials.json", "credentials.json"),
    ("service-account*.json", "service-account.json"),
)


class Action(Enum):
    CREATE = "create"
    APPEND = "append"
    UNCHANGED = "unchanged"  # already done
    MANUAL = "manual"  # cannot be done safely: shown for the user to apply


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    path: Path
    action: Action
    addition: str  # the text added (or to add by hand)
    reason: str
    new_text: str | None = None  # full new content to write (None: nothing to write)
    original: str | None = None  # the content the plan was made from (appends only)

    @property
    def writes(self) -> bool:
        return self.new_text is not None and self.action in (Action.CREATE, Action.APPEND)


class Unusable(Exception):
    """A file ``init`` must not read or write (the reason is shown; the user edits by hand)."""


def _check_place(path: Path, root: Path) -> None:
    """Refuse a path (under ``root``) that is a link, lies in a linked folder or under a file."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        raise Unusable(f"{path} is outside the repository") from None
    for depth in range(1, len(parts) + 1):
        here = root.joinpath(*parts[:depth])
        if here.is_symlink():
            try:
                target = os.readlink(here)
            except OSError:
                target = "?"
            raise Unusable(f"{_name(here, root)} is a symbolic link (to {target}); aisec init never writes through links")
        if depth < len(parts) and here.exists() and not here.is_dir():
            raise Unusable(f"{_name(here, root)} is not a folder")


def _name(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _read(path: Path, root: Path | None = None) -> str | None:
    """The text of a file ``init`` may extend; ``None`` when it does not exist.

    Raises :class:`Unusable` for a link, a folder, a FIFO or device, a file too large for a
    config file, or one that is not UTF-8 (init would otherwise block, crash or garble it).
    """
    if root is not None:
        _check_place(path, root)
    try:
        data = read_own_if_there(path, "file", limit=MAX_INIT_FILE)
    except ConfigError as exc:
        raise Unusable(str(exc)) from None
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unusable(f"{path.name} is not UTF-8") from None


def _join(existing: str, addition: str) -> str:
    if not existing:
        return addition
    sep = "" if existing.endswith("\n") else "\n"
    blank = "" if existing.endswith("\n\n") else "\n"
    return existing + sep + blank + addition


# -- .gitignore ------------------------------------------------------------------------------


def plan_gitignore(root: Path) -> Step:
    path = root / ".gitignore"
    try:
        existing = _read(path, root)
    except Unusable as exc:
        patterns = [pattern for pattern, _ in GITIGNORE_ENTRIES]
        addition = "\n".join([GITIGNORE_HEADER, *patterns]) + "\n"
        return Step("gitignore", path, Action.MANUAL, addition, f"{exc}: add these patterns by hand")
    lines = (existing or "").splitlines()
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    present = {line.strip() for line in lines}
    added: list[str] = []
    for pattern, probe in GITIGNORE_ENTRIES:
        if pattern.startswith("!"):
            continue
        if pattern in present or (probe and spec.match_file(probe)):
            continue
        added.append(pattern)
    if added:
        after = pathspec.GitIgnoreSpec.from_lines([*lines, *added])
        for pattern, _ in GITIGNORE_ENTRIES:
            if pattern.startswith("!") and pattern not in present and after.match_file(pattern[1:]):
                added.append(pattern)
    if not added:
        return Step("gitignore", path, Action.UNCHANGED, "", ".gitignore already covers environment and key files")
    addition = "\n".join([GITIGNORE_HEADER, *added]) + "\n"
    action = Action.APPEND if existing is not None else Action.CREATE
    what = f"{'append' if existing is not None else 'create with'} {len(added)} pattern(s)"
    return Step("gitignore", path, action, addition, what, _join(existing or "", addition), existing)


# -- .pre-commit-config.yaml ----------------------------------------------------------------


def precommit_entry(indent: int = 2, rev: str | None = None) -> str:
    pad = " " * indent
    return (
        f"{pad}# aisec: AI-provider keys in staged files, commit messages and pushed commits, unsafe AI-API code\n"
        f"{pad}- repo: {REPO_URL}\n"
        f"{pad}  rev: {rev or 'v' + __version__}\n"
        f"{pad}  hooks:\n"
        f"{pad}    - id: aisec-secrets\n"
        f"{pad}    - id: aisec-secrets-push\n"
        f"{pad}    - id: aisec-secrets-commit-msg\n"
        f"{pad}    - id: aisec-lint\n"
        f"{pad}    # - id: aisec-checklist   # the whole checklist before each push\n"
    )


def _has_aisec(data: object) -> bool:
    if not isinstance(data, dict):
        return False
    for repo in data.get("repos") or []:
        if not isinstance(repo, dict):
            continue
        if "aisec" in str(repo.get("repo", "")):
            return True
        for hook in repo.get("hooks") or []:
            if isinstance(hook, dict) and str(hook.get("id", "")).startswith("aisec-secrets"):
                return True
    return False


def _repos_block(lines: list[str]) -> tuple[int, int, int] | None:
    """(index of 'repos:', index to insert before, item indent) of a block-style repos list."""
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "repos:" or line.startswith("repos:") and line.split("#", 1)[0].strip() == "repos:"), None)
    if start is None:
        return None
    end = len(lines)
    indent: int | None = None
    last_content = start
    for i in range(start + 1, len(lines)):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            continue
        if not line[0].isspace() and not line.startswith("-") and not stripped.startswith("#"):
            end = i
            break
        if stripped.startswith("- ") and indent is None:
            indent = len(line) - len(line.lstrip())
        if not stripped.startswith("#"):
            last_content = i
    insert = last_content + 1 if end == len(lines) else end
    # keep trailing comments that belong to the next top-level key above it
    while insert > start + 1 and lines[insert - 1].strip().startswith("#") and insert - 1 > last_content:
        insert -= 1
    return start, insert, indent if indent is not None else 2


def plan_precommit(root: Path, rev: str | None = None) -> Step:
    path = root / ".pre-commit-config.yaml"
    alternative = root / ".pre-commit-config.yml"
    if not path.exists() and alternative.exists():
        path = alternative
    try:
        existing = _read(path, root)
    except Unusable as exc:
        return Step("pre-commit", path, Action.MANUAL, precommit_entry(2, rev), f"{exc}: add the entry by hand")
    if existing is None:
        text = "repos:\n" + precommit_entry(2, rev)
        return Step("pre-commit", path, Action.CREATE, text, "create with the aisec hooks", text)
    try:
        data = safe_load(existing)
    except YAMLError as exc:
        why = " ".join(str(exc).split()) if "not allowed" in str(exc) or "nesting" in str(exc) else "not valid YAML"
        return Step("pre-commit", path, Action.MANUAL, precommit_entry(2, rev), f"{path.name}: {why}: add the entry by hand")
    if _has_aisec(data):
        return Step("pre-commit", path, Action.UNCHANGED, "", "the aisec hooks are already configured")
    if data is None:
        text = existing + ("" if existing.endswith("\n") or not existing else "\n") + "repos:\n" + precommit_entry(2, rev)
        return Step("pre-commit", path, Action.APPEND, "repos:\n" + precommit_entry(2, rev), "append a repos list with the aisec hooks", text, existing)
    if not isinstance(data, dict) or "repos" in data and not isinstance(data["repos"], list):
        return Step("pre-commit", path, Action.MANUAL, precommit_entry(2, rev), f"{path.name} has an unexpected shape: add the entry by hand")
    lines = existing.splitlines(keepends=True)
    if "repos" not in data:
        addition = "repos:\n" + precommit_entry(2, rev)
        return Step("pre-commit", path, Action.APPEND, addition, "append a repos list with the aisec hooks", _join(existing, addition), existing)
    block = _repos_block([line.rstrip("\n") for line in lines])
    if block is None or (isinstance(data["repos"], list) and not data["repos"] and "[]" in existing):
        return Step("pre-commit", path, Action.MANUAL, precommit_entry(2, rev), "the repos list is not in block style: add the entry by hand")
    _, insert, indent = block
    addition = precommit_entry(indent, rev)
    head = "".join(lines[:insert])
    if head and not head.endswith("\n"):
        head += "\n"
    new_text = head + addition + "".join(lines[insert:])
    try:
        after = safe_load(new_text)
    except YAMLError:
        after = None
    expected = list(data["repos"]) if isinstance(data.get("repos"), list) else []
    ok = (
        isinstance(after, dict)
        and {k: v for k, v in after.items() if k != "repos"} == {k: v for k, v in data.items() if k != "repos"}
        and isinstance(after.get("repos"), list)
        and after["repos"][: len(expected)] == expected
        and len(after["repos"]) == len(expected) + 1
        and _has_aisec({"repos": after["repos"][len(expected) :]})
    )
    if not ok:
        return Step("pre-commit", path, Action.MANUAL, addition, "cannot append safely to this file: add the entry by hand")
    return Step("pre-commit", path, Action.APPEND, addition, "append the aisec hooks to repos", new_text, existing)


# -- policy template ----------------------------------------------------------------------

POLICY_TEMPLATE = """\
# aisec policy: what only the team knows, read by `aisec checklist`.
# Never put a secret in this file: name keys and say where they are stored.
# Dates are YYYY-MM-DD and expire (rotation 90 days, attestations 90 days, document reviews
# 365 days; change the windows under [tool.aisec.checklist]). Schema: rules/schema/policy.schema.json
version: 1
# owner: platform-security@example.com

# CHK04/CHK05: one key per environment, and when it was last rotated.
# keys:
#   - name: openai-production
#     provider: openai
#     environment: production
#     storage: aws-secrets-manager      # env | vault | aws-secrets-manager | gcp-secret-manager | azure-key-vault | other
#     reference: prod/ai/openai          # where it is stored (a name, never the key)
#     last_rotated: 2026-01-31
#     rotation_days: 90
#   - name: openai-development
#     provider: openai
#     environment: development
#     storage: env
#     last_rotated: 2026-01-31

# CHK01/CHK05: keys found in git history count as handled once their revocation is recorded
# (fingerprints come from `aisec scan --history --format json`).
# revoked_leaks:
#   - fingerprint: "0123abcd…"
#     revoked_on: 2026-01-31

# CHK10: the data classification document.
# data_classification:
#   document: docs/data-classification.md
#   last_reviewed: 2026-01-31

# CHK08: rate limiting done outside the application.
# rate_limiting:
#   enforced_by: api-gateway             # app | api-gateway | gateway | proxy | cdn | provider | none
#   per: user                            # user | api-key | tenant | ip | global
#   reference: infra/gateway/limits.yaml
#   verified_on: 2026-01-31

# CHK12: content filtering done outside the application.
# content_filtering:
#   enforced_by: provider                # app | api-gateway | gateway | proxy | provider | none
#   tool: azure-content-safety
#   verified_on: 2026-01-31

# CHK13: daily spending limits per provider, and who enforces them.
# budgets:
#   - provider: openai
#     daily_usd: 50
#     enforced_by: provider-dashboard    # app | provider | provider-dashboard | gateway | proxy | cloud-billing | none
#     owner: finops@example.com
#     verified_on: 2026-01-31

# CHK16: alerts on unusual usage.
# monitoring:
#   anomaly_alerts: [token-spike, cost-spike]
#   tool: grafana
#   reference: ops/alerts/llm.rules.yml
#   verified_on: 2026-01-31
"""


def plan_policy(root: Path) -> Step:
    path = root / ".aisec" / "policy.yaml"
    try:
        _check_place(path, root)
    except Unusable as exc:
        return Step("policy", path, Action.MANUAL, "", f"{exc}: create .aisec/policy.yaml by hand")
    for name in (".aisec/policy.yaml", ".aisec/policy.yml"):
        if (root / name).exists() or (root / name).is_symlink():
            return Step("policy", root / name, Action.UNCHANGED, "", f"{name} already exists")
    return Step("policy", path, Action.CREATE, POLICY_TEMPLATE, "create a commented policy template", POLICY_TEMPLATE)


# -- plan and apply --------------------------------------------------------------------------


def plan(root: Path, skip: Sequence[str] = (), rev: str | None = None) -> list[Step]:
    """The steps for ``root``, minus the skipped ones (names from :data:`STEPS`)."""
    planners = {"gitignore": lambda: plan_gitignore(root), "pre-commit": lambda: plan_precommit(root, rev), "policy": lambda: plan_policy(root)}
    return [planners[name]() for name in STEPS if name not in skip]


def apply(step: Step) -> None:
    """Write one planned step (atomically); a file that changed since planning is refused."""
    if not step.writes or step.new_text is None:
        return
    if step.path.is_symlink() or step.path.parent.is_symlink():
        raise FileExistsError(f"{step.path} became a symbolic link since the plan was made; nothing written")
    try:
        step.path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileExistsError(f"cannot create {step.path.parent}: {exc.strerror or exc}") from None
    if step.action is Action.CREATE:
        if step.path.exists() or step.path.is_symlink():
            raise FileExistsError(f"{step.path} appeared since the plan was made; nothing written")
        _write(step.path, step.new_text)
        return
    try:
        current = _read(step.path)
    except Unusable as exc:
        raise FileExistsError(f"{exc}; nothing written") from None
    if current != step.original:
        raise FileExistsError(f"{step.path} changed since the plan was made; nothing written")
    _write(step.path, step.new_text)


def _write(path: Path, text: str) -> None:
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise FileExistsError(f"cannot write {path}: {exc.strerror or exc}") from None
