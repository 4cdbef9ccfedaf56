"""The secrets engine: whole-document regex passes, context checks, filters, dedup.

Prefix rules are joined into one alternation per engine (RE2 when installed), so a document
is read once for all of them; context and generic rules run only when one of their
keywords occurs in the document.
"""

from __future__ import annotations

import re
from functools import cache
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from aisec_cli.core.document import Document
from aisec_cli.core.findings import Finding, Location, fingerprint
from aisec_cli.core.masking import mask
from aisec_cli.core.regex import compile_pattern
from aisec_cli.core.rules import RuleSet, load_rules, parse_file_document, rules_dir
from aisec_cli.secrets import filters
from aisec_cli.secrets.ds_baseline import secret_sha1
from aisec_cli.secrets.model import SecretRule, compile_rule
from aisec_cli.sources.notebooks import decode_notebook

_KEYISH = re.compile(
    r"(?i)(key|token|secret|auth|credential|passw|bearer|pat\b|api[-_]?k|x-api|"
    r"password|access|sk\b|apikey)"
)
_BASE64_NEIGHBOUR = frozenset("+/")
_BARE_VALUE = re.compile(r"""[ \t]*(?:default|value|val)?[ \t]*[=:]?[ \t]*["']?$""", re.I)
_GROUP_NAME = re.compile(r"\(\?P<\w+>")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Candidate:
    rule: SecretRule
    start: int
    end: int
    secret: str


def _plain_groups(pattern: str) -> str:
    """Turn named groups into plain ones so patterns can share one alternation."""
    return _GROUP_NAME.sub("(", pattern)


class SecretsEngine:
    """Finds hardcoded provider keys in documents. Build once, call :meth:`scan` per document."""

    def __init__(self, rules: Sequence[SecretRule], keep_secrets: bool = False) -> None:
        self.rules = tuple(sorted(rules, key=lambda r: (r.priority, r.id)))
        # Only for ``scan --verify``: the raw value rides in the private ``_secret`` property
        # until the verifier has used it and dropped it (reporters never publish ``_`` keys).
        self.keep_secrets = keep_secrets
        prefix = [r for r in self.rules if r.kind == "prefix"]
        self._prefix_rules = prefix
        self._prefix_group: list[int] = []
        parts = []
        group = 0
        for rule in prefix:
            body = _plain_groups(rule.pattern)
            parts.append(f"({body})")
            self._prefix_group.append(group + 1)
            group += 1 + re.compile(body).groups
        self._prefix_regex = compile_pattern("|".join(parts), "prefix rules") if parts else None
        self._secret_group: dict[str, int] = {}
        self._others: list[tuple[SecretRule, Any, int]] = []
        for rule in prefix:
            compiled = re.compile(rule.pattern)
            self._secret_group[rule.id] = compiled.groupindex["secret"]
        self._single: dict[str, Any] = {
            rule.id: compile_pattern(rule.pattern, f"rule {rule.id}") for rule in prefix
        }
        for rule in self.rules:
            if rule.kind == "prefix":
                continue
            compiled = compile_pattern(rule.pattern, f"rule {rule.id}")
            self._others.append((rule, compiled, re.compile(rule.pattern).groupindex["secret"]))
        keywords = sorted({k for r, _, _ in self._others for k in r.keywords}, key=len, reverse=True)
        self._contained = {f: frozenset(k for k in keywords if k in f) for f in keywords}
        self._keyword_regex = (
            compile_pattern("|".join(re.escape(k) for k in keywords), "keywords")
            if keywords
            else None
        )

    @classmethod
    def from_ruleset(cls, ruleset: RuleSet, keep_secrets: bool = False) -> SecretsEngine:
        macros = load_macros()
        return cls([compile_rule(r, macros) for r in ruleset], keep_secrets)

    # -- scanning -------------------------------------------------------------------------

    def scan(self, document: Document) -> list[Finding]:
        """Every key found in ``document`` (notebooks are decoded first)."""
        if document.path.endswith(".ipynb"):
            document = decode_notebook(document)
        return [self._finding(document, c) for c in self._candidates(document.text)]

    def find_spans(self, text: str, prefix_only: bool = False) -> list[tuple[int, int, str, str]]:
        """(start, end, rule id, provider) of every key in ``text``: for callers that rewrite
        text (the redactor) rather than report findings. ``prefix_only`` skips the formats that
        need context (one regex pass instead of the keyword and context passes)."""
        text = _re2_safe(text)
        found = (
            _dedup([c for c in self._prefix_candidates(text) if self._plausible(c, text)])
            if prefix_only
            else self._candidates(text)
        )
        return [(c.start, c.end, c.rule.id, c.rule.provider) for c in found]

    def _candidates(self, text: str) -> list[Candidate]:
        text = _re2_safe(text)
        candidates = list(self._prefix_candidates(text))
        if self._others:
            lowered = text.lower()
            present = self._present_keywords(lowered)
            for rule, compiled, group in self._others:
                if not present.intersection(rule.keywords):
                    continue
                for match in compiled.finditer(text):
                    start, end = match.start(group), match.end(group)
                    if self._context_ok(rule, text, lowered, start, end):
                        candidates.append(Candidate(rule, start, end, text[start:end]))
        return _dedup([c for c in candidates if self._plausible(c, text)])

    def _prefix_candidates(self, text: str) -> Iterable[Candidate]:
        if self._prefix_regex is None:
            return
        for match in self._prefix_regex.finditer(text):
            index = _which(match, self._prefix_group)
            rule = self._prefix_rules[index]
            # Re-run this rule alone on the matched slice to read its secret group (a slice:
            # RE2's wrapper re-encodes the whole string it is given on every call).
            base = match.start()
            single = self._single[rule.id].search(text[base : match.end()])
            if single is None:
                continue
            group = self._secret_group[rule.id]
            start, end = base + single.start(group), base + single.end(group)
            yield Candidate(rule, start, end, text[start:end])

    def _present_keywords(self, lowered: str) -> set[str]:
        if self._keyword_regex is None:
            return set()
        found = set(self._keyword_regex.findall(lowered))
        if not found:
            return found
        # A keyword inside a longer one that matched (``openai`` in ``azure_openai``) counts.
        present = set(found)
        for hit in found:
            present |= self._contained.get(hit, ())
        return present

    def _context_ok(self, rule: SecretRule, text: str, lowered: str, start: int, end: int) -> bool:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        if rule.assignment and not self._named_like_a_key(text, lowered, line_start, start, rule.keywords):
            return False
        window_start = line_start
        for _ in range(rule.context_before):
            if window_start == 0:
                break
            window_start = text.rfind("\n", 0, window_start - 1) + 1
        window_end = line_end
        for _ in range(rule.context_after):
            nxt = text.find("\n", window_end + 1)
            window_end = len(text) if nxt == -1 else nxt
        window_start = max(window_start, start - 600)
        window_end = min(window_end, end + 600)
        window = lowered[window_start:window_end]
        return any(k in window for k in rule.keywords)

    @staticmethod
    def _named_like_a_key(
        text: str, lowered: str, line_start: int, start: int, keywords: tuple[str, ...]
    ) -> bool:
        """A key-like name (or the provider, as in ``cohere.Client("…")``) before the value
        on its line; for a bare value line (``default =``, a lone positional argument), on
        one of the two lines above."""
        prefix_start = max(line_start, start - 240)
        if _KEYISH.search(text, prefix_start, start) or any(
            k in lowered[prefix_start:start] for k in keywords
        ):
            return True
        if not _BARE_VALUE.match(text, line_start, start):
            return False
        above = line_start
        for _ in range(2):
            if above == 0:
                break
            above = text.rfind("\n", 0, above - 1) + 1
        return bool(_KEYISH.search(text, above, line_start)) or any(
            k in lowered[above:line_start] for k in keywords
        )

    def _plausible(self, candidate: Candidate, text: str) -> bool:
        rule, secret = candidate.rule, candidate.secret
        if any(p.search(secret) for p in rule.allow):
            return False
        if filters.is_placeholder(secret):
            return False
        core = filters.body(secret)
        if rule.entropy_min and filters.entropy(core) < rule.entropy_min:
            return False
        if rule.min_digits and filters.digits(core) < rule.min_digits:
            return False
        if filters.is_sequential(core):
            return False
        if rule.kind != "prefix" and filters.looks_like_identifier(secret):
            return False
        if rule.kind == "generic" and filters.is_uuid(secret):
            return False  # ids, not keys, unless a provider rule says this UUID is a key
        before = text[candidate.start - 1] if candidate.start else ""
        after = text[candidate.end] if candidate.end < len(text) else ""
        # Inside a longer base64 blob (image data, certificates): not a key of its own.
        return not (before in _BASE64_NEIGHBOUR and after in _BASE64_NEIGHBOUR)

    def _finding(self, document: Document, c: Candidate) -> Finding:
        line, column = document.position(c.start)
        end_line, end_column = document.position(c.end)
        rule = c.rule
        masked = mask(c.secret)
        properties = {
            "provider": rule.provider,
            "rule_name": rule.name,
            "confidence": rule.confidence,
            "_secret_sha1": secret_sha1(c.secret),
            "_secret_digest": fingerprint("", "", c.secret),
        }
        if self.keep_secrets:
            properties["_secret"] = c.secret
        return Finding(
            rule_id=rule.id,
            severity=rule.severity,
            message=f"{rule.title}: {masked}",
            location=Location(document.path, line, column, end_line, end_column),
            fingerprint=fingerprint(rule.id, document.path, c.secret),
            snippet=masked,
            commit=document.commit,
            properties=properties,
        )


def _re2_safe(text: str) -> str:
    """Lone surrogates (bytes kept by ``surrogateescape``) cannot go through RE2; one
    replacement character each keeps every offset where it was."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def _which(match: Any, starts: list[int]) -> int:
    """Index of the alternative that matched (the first group of it that participated)."""
    lastindex = getattr(match, "lastindex", None)
    if lastindex is not None:
        # lastindex is the last *closed* group; find the alternative that owns it.
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= lastindex:
                lo = mid
            else:
                hi = mid - 1
        if match.group(starts[lo]) is not None:
            return lo
    for index, group in enumerate(starts):
        if match.group(group) is not None:
            return index
    raise LookupError("no alternative matched")


def _dedup(candidates: list[Candidate]) -> list[Candidate]:
    """Overlapping matches: the rule with the lowest priority number wins."""
    chosen: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.rule.priority, c.start, -(c.end - c.start))):
        if any(cand.start < k.end and k.start < cand.end for k in chosen):
            continue
        chosen.append(cand)
    chosen.sort(key=lambda c: c.start)
    return chosen


def load_macros() -> dict[str, str]:
    """Pattern macros defined at the top of the bundled ``secrets.yaml``."""
    path = rules_dir() / "secrets.yaml"
    if not path.exists():
        return {}
    data = parse_file_document(path.read_text(encoding="utf-8"), path.name, trusted=True)
    return {str(k): str(v) for k, v in (data or {}).get("macros", {}).items()}


@cache
def default_engine() -> SecretsEngine:
    """The bundled rules, compiled once per process."""
    return build_engine()


def build_engine(
    rule_files: Iterable[Any] = (),
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    keep_secrets: bool = False,
) -> SecretsEngine:
    ruleset = load_rules("secrets", rule_files).select(select, ignore)
    return SecretsEngine.from_ruleset(ruleset, keep_secrets)
