"""Compile the injection rules (``rules/injection.yaml``) into matchers.

A rule is either a list of ``patterns`` (regular expressions over the folded, lower-cased
text, written in the RE2 subset) or a ``detector`` implemented in code (invisible
characters, encoded payloads, hardening checks …) whose thresholds come from the rule.
Patterns may use ``{NAME}`` placeholders from the file's top-level ``vocabulary`` mapping, so
phrase lists (verbs of "ignore", nouns of "instructions" in many languages) are written once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from aisec_cli.core.errors import ConfigError
from aisec_cli.core.readcap import read_own_text
from aisec_cli.core.regex import compile_rule_pattern
from aisec_cli.core.rules import (
    Rule,
    RuleSet,
    load_rules,
    rule_files_of,
    parse_file_document,
    rules_dir,
)
from aisec_cli.core.lazyre import LazyRegex
from aisec_cli.prompts.unicode import fold_pattern

FAMILY = "injection"
CATEGORIES = (
    "direct_override",
    "roleplay_jailbreak",
    "prompt_extraction",
    "indirect",
    "tool_hijack",
    "exfiltration",
    "template_spoofing",
    "obfuscated",
    "hardening",
)
_PLACEHOLDER = LazyRegex(r"\{([A-Z][A-Z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class Pattern:
    """One compiled phrase pattern of a rule."""

    rule: Rule
    pid: str
    regex: Any  # re.Pattern for bundled rules, an RE2 pattern for a user's
    score: float
    negatable: bool = True
    case_sensitive: bool = False
    scope: str = "any"  # any | hidden (only inside hidden Markdown/HTML carriers)
    unless_before: Any = None
    unless_after: Any = None
    require_after: Any = None
    unless_within: Any = None
    quotable: bool = True  # quoting in security documentation lowers the score
    unless_named_in_link: bool = False  # not when the matched name is also part of a URL or a package name
    own_text: bool = True  # False: never strong evidence in the developer's own prompt (see .policy)

    @property
    def category(self) -> str:
        return str(self.rule.data.get("category", "direct_override"))


@dataclass(frozen=True, slots=True)
class CompiledRules:
    """Everything the matcher needs, built once per process."""

    rules: RuleSet
    patterns: tuple[Pattern, ...]
    detectors: Mapping[str, Rule] = field(default_factory=dict)  # detector name -> rule

    def rule(self, rule_id: str) -> Rule | None:
        return self.rules.get(rule_id)

    def detector(self, name: str) -> Rule | None:
        return self.detectors.get(name)


def expand(pattern: str, vocabulary: Mapping[str, str], origin: str) -> str:
    """Replace ``{NAME}`` placeholders (recursively, up to 6 levels)."""
    for _ in range(6):
        if not _PLACEHOLDER.search(pattern):
            return pattern

        def sub(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in vocabulary:
                raise ConfigError(f"{origin}: unknown vocabulary term {{{name}}}")
            return "(?:" + vocabulary[name] + ")"

        pattern = _PLACEHOLDER.sub(sub, pattern)
    raise ConfigError(f"{origin}: vocabulary terms nest too deeply")


@cache
def _file_vocabulary(path: str, mtime: float) -> dict[str, str]:
    del mtime  # part of the cache key only
    bundled_file = Path(path) == rules_dir() / f"{FAMILY}.yaml"
    text = read_own_text(path, "rule file")
    # the bundled file: the parse its rules were read from (kept in the on-disk cache, no YAML parse)
    document = (parse_file_document(text, Path(path).name, trusted=True) if bundled_file else parse_file_document(text, path)) or {}
    vocab = document.get("vocabulary", {}) if isinstance(document, dict) else {}
    if not isinstance(vocab, dict):
        raise ConfigError(f"{path}: 'vocabulary' must map NAME to a pattern")
    return {str(k): _vocab_value(v) for k, v in vocab.items()}


def _vocab_value(value: Any) -> str:
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    return str(value)


def vocabulary(extra_files: Iterable[Path] = ()) -> dict[str, str]:
    """The bundled vocabulary with the terms of user rule files on top."""
    merged: dict[str, str] = {}
    for path in (rules_dir() / f"{FAMILY}.yaml", *extra_files):
        p = Path(path)
        if p.exists():
            merged.update(_file_vocabulary(str(p), p.stat().st_mtime))
    return merged


def _compile_one(pattern: str, origin: str, user_supplied: bool = False) -> Any:
    """``re`` for the bundled rules; RE2 only for a user's rule file (never backtracks). The
    pattern is folded like the text it runs on (diacritics, Arabic-script letter variants)."""
    return compile_rule_pattern(fold_pattern(pattern), origin, user_supplied)


def compile_rules(
    rules: RuleSet, vocab: Mapping[str, str], bundled_vocab: Mapping[str, str] | None = None
) -> CompiledRules:
    """Compile every pattern. A pattern from a user's rule file, or one that a user's
    vocabulary changes (``bundled_vocab`` given: the terms before the user's files), runs
    under RE2 only."""
    patterns: list[Pattern] = []
    detectors: dict[str, Rule] = {}
    for rule in rules:
        data = rule.data
        detector = data.get("detector")
        if detector:
            detectors[str(detector)] = rule
        default_score = float(data.get("score", 0.8))
        for index, raw in enumerate(data.get("patterns", ()) or ()):
            if isinstance(raw, str):
                raw = {"regex": raw}
            pid = str(raw.get("id", f"{rule.id}.{index + 1}"))
            origin = f"{rule.origin + ': ' if rule.origin else ''}{rule.id} pattern {pid}"
            user = rule.user_supplied or (
                bundled_vocab is not None and _changed_by_user(raw, vocab, bundled_vocab, origin)
            )
            case_sensitive = bool(raw.get("case_sensitive", False))
            source = expand(str(raw["regex"]), vocab, origin)
            regex = _compile_one(source, origin, user)
            unless_before = raw.get("unless_before")
            unless_after = raw.get("unless_after")
            require_after = raw.get("require_after")
            unless_within = raw.get("unless_within")
            patterns.append(
                Pattern(
                    rule=rule,
                    pid=pid,
                    regex=regex,
                    score=float(raw.get("score", default_score)),
                    negatable=bool(raw.get("negatable", data.get("negatable", True))),
                    case_sensitive=case_sensitive,
                    scope=str(raw.get("scope", "any")),
                    unless_before=_compile_one("(?:" + expand(str(unless_before), vocab, origin) + r")\W*$", origin, user)
                    if unless_before
                    else None,
                    unless_after=_compile_one(r"\W*(?:" + expand(str(unless_after), vocab, origin) + ")", origin, user)
                    if unless_after
                    else None,
                    require_after=_compile_one(r"(?:" + expand(str(require_after), vocab, origin) + ")", origin, user)
                    if require_after
                    else None,
                    unless_within=_compile_one(expand(str(unless_within), vocab, origin), origin, user)
                    if unless_within
                    else None,
                    quotable=bool(raw.get("quotable", data.get("quotable", True))),
                    unless_named_in_link=bool(raw.get("unless_named_in_link", False)),
                    own_text=bool(raw.get("own_text", True)),
                )
            )
    return CompiledRules(rules, tuple(patterns), detectors)


def _changed_by_user(raw: Mapping[str, Any], vocab: Mapping[str, str], bundled_vocab: Mapping[str, str], origin: str) -> bool:
    """Does a user's vocabulary change what this pattern's regexes expand to?"""
    for key in ("regex", "unless_before", "unless_after", "require_after", "unless_within"):
        value = raw.get(key)
        if not value:
            continue
        try:
            if expand(str(value), bundled_vocab, origin) != expand(str(value), vocab, origin):
                return True
        except ConfigError:  # a term only the user's files define
            return True
    return False


def load(
    extra_files: Sequence[Path] = (),
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> CompiledRules:
    """Bundled plus the user injection rules among ``extra_files``, selected, compiled."""
    extra_files = rule_files_of(FAMILY, extra_files)
    rules = load_rules(FAMILY, extra_files).select(select, ignore)
    merged = vocabulary(extra_files)
    bundled_vocab = vocabulary() if extra_files else None
    return compile_rules(rules, merged, bundled_vocab)


@cache
def bundled() -> CompiledRules:
    """The bundled rules, compiled once per process."""
    return load()
