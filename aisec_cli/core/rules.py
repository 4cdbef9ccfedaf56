"""Rule metadata: loaded from the YAML files in ``rules/``, validated, shared by every family.

One source of truth: ``aisec rules``, ``aisec rules explain``, SARIF rule help and the docs
are all rendered from :class:`Rule`. Family-specific fields (patterns, keywords, entities …)
stay in :attr:`Rule.data` for the family's engine to compile.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from aisec_cli.core.errors import ConfigError
from aisec_cli.core.findings import Severity
from aisec_cli.core.readcap import read_own_text
from aisec_cli.core.diskcache import cached
from aisec_cli.core import yamlio
from aisec_cli.core.yamlio import safe_load
from aisec_cli.core.lazyre import LazyRegex

FAMILIES = ("secrets", "lint", "injection", "pii", "checklist")
DOC_HEADINGS = (
    ("what", "What it finds"),
    ("why", "Why it matters"),
    ("example", "Example"),
    ("fix", "How to fix"),
    ("references", "References"),
)
_ID = LazyRegex(r"^(KEY\d{3}|AIS\d{3}|PRM\d{3}|PII\d{3}|CHK\d{2})$")


@dataclass(frozen=True, slots=True)
class RuleDocs:
    what: str
    why: str
    example: str = ""
    fix: str = ""
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    title: str
    severity: Severity
    family: str
    docs: RuleDocs
    tags: tuple[str, ...] = ()
    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    origin: str = ""  # the user rule file it came from; "" for a rule bundled with aisec

    @property
    def user_supplied(self) -> bool:
        """From a user's rule file: its patterns run only under RE2 (never backtracking)."""
        return bool(self.origin)

    @property
    def cwe(self) -> tuple[str, ...]:
        return tuple(t for t in self.tags if t.lower().startswith("cwe-"))

    @property
    def owasp(self) -> tuple[str, ...]:
        return tuple(t for t in self.tags if t.upper().startswith("LLM"))

    def explain(self) -> str:
        """The rule's documentation as Markdown with the fixed headings."""
        lines = [f"# {self.id} {self.name}", "", f"**{self.title}**", ""]
        lines.append(f"Severity: {self.severity.value}. Family: {self.family}.")
        if self.tags:
            lines.append("Tags: " + ", ".join(self.tags) + ".")
        for key, heading in DOC_HEADINGS:
            value = getattr(self.docs, key)
            if not value:
                continue
            lines += ["", f"## {heading}", ""]
            if key == "references":
                lines += [f"- {ref}" for ref in value]
            elif key == "example":
                lines += ["```", value.rstrip("\n"), "```"]
            else:
                lines.append(value.strip())
        return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        for rule in self.rules:
            if rule.id == rule_id or rule.name == rule_id:
                return rule
        return None

    def select(
        self, select: Sequence[str] = (), ignore: Sequence[str] = ()
    ) -> RuleSet:
        """Keep rules whose id starts with a ``select`` prefix and none of ``ignore``."""

        def matches(rule: Rule, prefixes: Sequence[str]) -> bool:
            return any(rule.id.startswith(p.upper()) or rule.name == p for p in prefixes)

        kept = [
            r
            for r in self.rules
            if (not select or matches(r, select)) and not matches(r, ignore)
        ]
        if self.rules and select and not any(matches(r, select) for r in self.rules):
            # A typo (or another command's rule id) would leave a run that examines nothing
            # and reports it clean. (Ignoring every rule on purpose stays allowed.)
            family = self.rules[0].id.rstrip("0123456789")
            raise ConfigError(
                f"--select {', '.join(select)}: no rule of this command matches (its rules are {family}…; "
                "'aisec rules' lists them)"
            )
        return RuleSet(tuple(kept))


def rules_dir() -> Path:
    """Where the bundled rule files live: inside the wheel, or the source tree's ``rules/``."""
    bundled = resources.files("aisec_cli").joinpath("_rules")
    if bundled.is_dir():
        return Path(str(bundled))
    return Path(__file__).resolve().parents[2] / "rules"


def _safe_load(text: str, origin: str, trusted: bool = False) -> Any:
    try:
        return safe_load(text, trusted=trusted)
    except yamlio.YAMLError as exc:  # PyYAML imported only if a file was parsed
        detail = " ".join(line.strip() for line in str(exc).splitlines() if line.strip())
        raise ConfigError(f"{origin}: not valid YAML (or an unsafe tag): {detail}") from None
    except (ValueError, TypeError, OverflowError) as exc:  # the constructor: a bad date, …
        raise ConfigError(f"{origin}: not valid YAML: {exc}") from None


@cache
def _schema(name: str) -> dict[str, Any]:
    path = rules_dir() / "schema" / f"{name}.schema.json"
    if not path.exists():
        return {}
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def schema_problem(document: Any, name: str) -> str | None:
    """``at PATH: MESSAGE`` for the first place ``document`` breaks ``rules/schema/NAME.schema.json``."""
    import jsonschema  # slow import: only for a user's file (and in the tests)

    schema = _schema(name)
    if not schema:
        return None
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(document), key=lambda e: list(e.path))
    if not errors:
        return None
    where = "/".join(str(p) for p in errors[0].path) or "(top)"
    return f"at {where}: {errors[0].message}"


def validate(document: Any, family: str, origin: str) -> None:
    """Validate a parsed rule file against the common and the family schema."""
    for name in ("rule-file", family):
        problem = schema_problem(document, name)
        if problem is not None:
            raise ConfigError(f"{origin}: invalid rule file {problem}")


def _to_rule(raw: Mapping[str, Any], family: str, origin: str, trusted: bool = False) -> Rule:
    rule_id = str(raw["id"])
    if not _ID.match(rule_id):
        raise ConfigError(f"{origin}: rule id {rule_id!r} is not of the form KEY001/AIS101/…")
    docs_raw = raw.get("docs") or {}
    docs = RuleDocs(
        what=str(docs_raw.get("what", "")).strip(),
        why=str(docs_raw.get("why", "")).strip(),
        example=str(docs_raw.get("example", "")),
        fix=str(docs_raw.get("fix", "")).strip(),
        references=tuple(str(r) for r in docs_raw.get("references", ()) or ()),
    )
    common = {"id", "name", "title", "severity", "docs", "tags"}
    data = {k: v for k, v in raw.items() if k not in common}
    return Rule(
        id=rule_id,
        name=str(raw["name"]),
        title=str(raw["title"]),
        severity=Severity(str(raw["severity"]).lower()),
        family=family,
        docs=docs,
        tags=tuple(str(t) for t in raw.get("tags", ()) or ()),
        data=MappingProxyType(data),
        origin="" if trusted else origin,
    )


@cache
def parse_file_document(text: str, origin: str, trusted: bool = False) -> Any:
    """The parsed YAML of a rule file (cached: engines read top-level keys such as macros).

    ``trusted``: a file bundled with aisec (YAML aliases allowed); user files never are. A
    bundled file's parse is kept in the on-disk cache (:mod:`aisec_cli.core.diskcache`), so a
    hook does not parse the same YAML on every commit.
    """
    if trusted:
        return cached("rules", (origin, text), lambda: _safe_load(text, origin, trusted))
    return _safe_load(text, origin, trusted)


def parse_rule_file(text: str, family: str, origin: str, trusted: bool = False) -> tuple[Rule, ...]:
    """The rules of one file; ``trusted`` (a bundled file) also skips the JSON-schema check.

    The bundled files are validated by the test suite (``tests/core/test_bundled_rules_valid.py``),
    so a run does not pay for importing jsonschema unless a user's rule file is read.
    """
    document = parse_file_document(text, origin, trusted)
    if not isinstance(document, dict):
        raise ConfigError(f"{origin}: a rule file is a mapping with a 'rules' list")
    if not trusted:
        validate(document, family, origin)
    rules = tuple(_to_rule(r, family, origin, trusted) for r in document.get("rules", ()))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ConfigError(f"{origin}: rule id {rule.id} appears twice")
        seen.add(rule.id)
    return rules


@cache
def bundled_rules(family: str) -> RuleSet:
    """The rules shipped with aisec for one family (cached for the process)."""
    if family not in FAMILIES:
        raise ValueError(f"unknown rule family {family!r}")
    path = rules_dir() / f"{family}.yaml"
    if not path.exists():
        return RuleSet(())
    rules = parse_rule_file(path.read_text(encoding="utf-8"), family, path.name, trusted=True)
    if family == "secrets":
        rules = with_revoke_pages(rules)
    return RuleSet(rules)


# The bundled file that names each key's key-management page (``revoke``); its live checks
# (``check``) are the secrets engine's to read (:mod:`aisec_cli.secrets.verifiers`).
REVOKE_FILE = "verifiers.yaml"


@cache
def revoke_pages() -> Mapping[str, str]:
    """Secret rule id → the provider's key-management page, from the bundled ``rules/verifiers.yaml``."""
    path = rules_dir() / REVOKE_FILE
    if not path.exists():
        return MappingProxyType({})
    text = path.read_text(encoding="utf-8")
    # the same on-disk cache entry as the secrets engine's full read (secrets/verifiers.py:parse)
    document = cached("verifiers", (path.name, text), lambda: _safe_load(text, path.name, trusted=True))
    table = document.get("verifiers") if isinstance(document, dict) else None
    return MappingProxyType({
        str(rule_id): str(raw["revoke"])
        for rule_id, raw in (table or {}).items()
        if isinstance(raw, dict) and raw.get("revoke")
    })


def with_revoke_pages(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """Secret rules whose remediation text and references name the provider's key page."""
    pages = revoke_pages()
    out = []
    for rule in rules:
        page = pages.get(rule.id)
        if page and page not in rule.docs.fix:
            sentence = f"Revoke or rotate it on the provider's key-management page: {page}"
            fix = f"{rule.docs.fix.rstrip()} {sentence}".strip()
            refs = (*rule.docs.references, f"Key management: {page}")
            rule = replace(rule, docs=replace(rule.docs, fix=fix, references=refs))
        out.append(rule)
    return tuple(out)


# The rule id prefix of each family: a rule file without ``family:`` is routed by its ids.
ID_PREFIXES = {"KEY": "secrets", "AIS": "lint", "PRM": "injection", "PII": "pii", "CHK": "checklist"}


def rule_file_family(path: Path) -> str:
    """Which family a user's rule file is for: its ``family:`` key, else the prefix its rule ids
    share (a file of ``vocabulary`` terms alone is a prompts file).

    The one place that decides it: the config's ``rule-files`` (and ``--rule-file``) list files of
    every kind, and each command reads only those of its own family (:func:`rule_files_of`). A
    file whose kind is unknown, cannot be told, or disagrees with its rule ids is a config error.
    """
    origin = str(path)
    document = parse_file_document(read_own_text(path, "rule file"), origin)
    if not isinstance(document, dict):
        raise ConfigError(f"{origin}: a rule file is a mapping with a 'rules' list")
    raw_rules = document.get("rules")
    ids = [str(r.get("id", "")) for r in raw_rules if isinstance(r, dict)] if isinstance(raw_rules, list) else []
    by_ids = {ID_PREFIXES.get(i[:3]) for i in ids}
    declared = document.get("family")
    if declared is not None:
        if declared not in FAMILIES:
            raise ConfigError(
                f"{origin}: unknown rule file kind 'family: {declared}' (one of {', '.join(FAMILIES)})"
            )
        strangers = [i for i in ids if ID_PREFIXES.get(i[:3]) not in (None, declared)]
        if strangers:
            raise ConfigError(
                f"{origin}: rule id {strangers[0]} is not a {declared} rule id "
                f"(a {declared} rule file has {_prefix_of(str(declared))}… ids)"
            )
        return str(declared)
    if len(by_ids) == 1 and None not in by_ids:
        return str(by_ids.pop())
    if not ids and document.get("vocabulary") is not None:
        return "injection"  # only prompt rule files have a vocabulary
    raise ConfigError(
        f"{origin}: cannot tell which kind of rule file this is (its rule ids are "
        f"{', '.join(sorted(set(ids))) or 'none'}): add 'family: ' and one of {', '.join(FAMILIES)}"
    )


def _prefix_of(family: str) -> str:
    return next(p for p, f in ID_PREFIXES.items() if f == family)


_READERS = {"secrets": "aisec scan", "lint": "aisec lint", "injection": "aisec prompts", "pii": "aisec redact", "checklist": "aisec checklist"}


def require_kind(family: str, paths: Iterable[Path]) -> None:
    """Rule files named on a command's own line (``--rule-file``) are of its family: another
    command's file there is a mistake to say, not a file to pass over (the config's
    ``rule-files`` list, shared by every command, is sorted by :func:`rule_files_of`)."""
    for path in paths:
        kind = rule_file_family(Path(path))
        if kind != family:
            raise ConfigError(
                f"--rule-file {path}: a {kind} rule file; `{_READERS[family]}` reads {family} rule files "
                f"(`{_READERS[kind]}` reads this one; the config's rule-files may list both)"
            )


def rule_files_of(family: str, paths: Iterable[Path]) -> tuple[Path, ...]:
    """The user rule files among ``paths`` that are of ``family`` (every file's kind is checked)."""
    return tuple(Path(p) for p in paths if rule_file_family(Path(p)) == family)


def load_rules(family: str, extra_files: Iterable[Path] = ()) -> RuleSet:
    """Bundled rules plus the user rule files of ``family`` among ``extra_files`` (other kinds
    are another command's); a user rule with a bundled id replaces it."""
    rules = {r.id: r for r in bundled_rules(family)}
    for path in rule_files_of(family, extra_files):
        text = read_own_text(path, "rule file")
        for rule in parse_rule_file(text, family, str(path)):
            rules[rule.id] = rule
    return RuleSet(tuple(rules.values()))


def all_rules() -> tuple[Rule, ...]:
    """Every bundled rule of every family, in family order."""
    return tuple(r for family in FAMILIES for r in bundled_rules(family))
