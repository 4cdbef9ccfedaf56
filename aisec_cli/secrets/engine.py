"""The secrets engine: whole-document regex passes, context checks, filters, dedup.

Prefix rules are joined into one RE2 alternation (``core.regex.Alternation``), so a document
is read once for all of them; context and generic rules run only when one of their
keywords occurs in the document (``core.regex.Keywords``, the prefilter).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import re
from functools import cache
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from aisec_cli.core.document import Document
from aisec_cli.core.findings import Finding, Location, fingerprint, match_digest
from aisec_cli.core.masking import mask
from aisec_cli.core.regex import Alternation, Keywords, compile_pattern, re2_safe
from aisec_cli.core.rules import RuleSet, load_rules, parse_file_document, rules_dir
from aisec_cli.secrets import filters
from aisec_cli.secrets.ds_baseline import secret_sha1
from aisec_cli.secrets.model import SecretRule, compile_rule
from aisec_cli.secrets.samples import digest as sample_digest
from aisec_cli.secrets.samples import published_sample_digests
from aisec_cli.core.lazyre import LazyRegex

_KEYISH = LazyRegex(
    r"(?i)(key|token|secret|auth|credential|passw|bearer|pat\b|api[-_]?k|x-api|"
    r"password|access|sk\b|apikey)"
)
_BASE64_NEIGHBOUR = frozenset("+/")
# A web address up to the value, which stands in its path ("https://azure.com/e/<id>", a wiki's
# "Page-<id>"): the value names a page (a saved estimate, a dashboard, a gist), never a key; keys
# ride in query strings ("?api-key=") or in the user part before the host.
_GIT_OBJECT_ID = LazyRegex(r"[0-9a-f]+")
_GIT_OBJECT_CUE = LazyRegex(
    r"\b(?:commit|reverts?|cherry[- ]picked from|merged?|sha(?:1|256)?|revision|rev|tree|parent|object|blob)"
    r"""[\s:=#@("']*$""",
    re.I,
)
_URL_PATH_BEFORE = LazyRegex(r"""[a-z][a-z0-9+.\-]*://[^\s/?#"'<>()\[\]]+/[^\s?#"'<>()\[\]]*$""", re.I)
# A provider's short name counts where a word starts with it ("ngc_key", not "langchain").
_SHORT_KEYWORD = 5
_BARE_VALUE = LazyRegex(r"""[ \t]*(?:default|value|val)?[ \t]*[=:]?[ \t]*["']?$""", re.I)
# The name a value is assigned to, right before it: ``name = "``, ``"name": "``, ``name: ``, and
# ``\"name\": \"`` of JSON kept in a string.
_NEAREST_NAME = LazyRegex(r"""\\?["'`]?([A-Za-z_$][\w.$-]*)\\?["'`]?\]?[ \t]*(?::=|=>|=|:)[ \t]*(?:\\?["'`])?$""")
# Names that hold a value without naming it (``{"name": "X_API_KEY", "value": "…"}``).
_NEUTRAL_NAMES = frozenset({"value", "val", "default", "data", "content", "v", "text", "string"})
# A provider-named setting whose last word says what it holds, and that is no key
# (``QDRANT_URL``, ``qdrantEndpoint``, ``PINECONE_INDEX``): the provider word alone does not make it one.
_NOT_KEY_ROLE = LazyRegex(
    r"(?:^|[^a-z0-9]|(?<=[a-z0-9])(?=[A-Z]))(?i:url|uri|host|hostname|endpoint|port|region|collection|"
    r"index|model|path|dir|version|domain|server|address|namespace|environment|env)s?$"
)
# A name whose last word says it holds a digest of a key (``key_fingerprint``, ``api_key_hash``,
# ``tokenSha256``): a hash is no key, though "key" is in the name.
_DIGEST_ROLE = LazyRegex(
    r"(?:^|[^a-z0-9]|(?<=[a-z0-9])(?=[A-Z]))(?i:fingerprint|checksum|digest|hash|sha1|sha256|sha512|md5)s?$"
)
# A token named after what it points to (``image_token``, ``next_page_token``): an id of a search
# result or of a page of results, no credential, though "token" is in the name.
_ID_TOKEN_ROLE = LazyRegex(
    r"(?:^|[^a-z0-9]|(?<=[a-z0-9])(?=[A-Z]))(?i:image|thumbnail|page|continuation|cursor|pagination)[_-]?tokens?$"
)
_YAML_KEY = LazyRegex(r"""^[ \t-]*["']?([^"':#\n]{1,80}?)["']?[ \t]*:""")
_JSON_KEY_BEFORE = LazyRegex(r"""["']?([\w.$ &-]{1,80})["']?[ \t]*[:=][ \t]*$""")
_PROVIDER_WORD = LazyRegex(r"^[a-z][a-z0-9]{3,}$")
_BRACKET = LazyRegex(r"[{}\[\]]")
# Context keywords that name no provider (they must not silence the catch-all rules).
_NOT_PROVIDER_WORDS = frozenset({"amazon", "credentials", "secretkey", "boto3", "azure", "googlesearch"})
_ANCESTOR_LINES = 400  # how far up an indented document is searched for parent keys
_ANCESTOR_CHARS = 20000  # how far back a one-line JSON document is searched for enclosing keys
_LONG_LINE = 1000  # on longer lines the context window shrinks to the value's neighbourhood
_MIN_KEY_NAME = 16  # shorter file names hold no key of a prefixed format


@dataclass(frozen=True, slots=True)
class Candidate:
    rule: SecretRule
    start: int
    end: int
    secret: str


class SecretsEngine:
    """Finds hardcoded provider keys in documents. Build once, call :meth:`scan` per document."""

    def __init__(self, rules: Sequence[SecretRule], keep_secrets: bool = False) -> None:
        self.rules = tuple(sorted(rules, key=lambda r: (r.priority, r.id)))
        # Only for ``scan --verify``: the raw value rides in the private ``_secret`` property
        # until the verifier has used it and dropped it (reporters never publish ``_`` keys).
        self.keep_secrets = keep_secrets
        prefix = [r for r in self.rules if r.kind == "prefix"]
        self._prefix_rules = prefix
        self._prefix = Alternation([_glue_tolerant(r.pattern) for r in prefix], "prefix rules")
        # Context and generic rules: compiled on first use (most documents hold none of their
        # keywords, so a hook on a few files compiles few or none of them).
        self._others: list[SecretRule] = [r for r in self.rules if r.kind != "prefix"]
        self._compiled: dict[str, tuple[Any, int]] = {}
        self._provider_words = _provider_words(self.rules)
        # Bare provider words (``fal`` of ``fal_``) as whole words: enough to try a context rule,
        # since they may name an enclosing key (``fal:`` several levels up).
        self._stems = {
            r.id: frozenset({re.sub(r"[^a-z0-9]", "", k) for k in r.keywords} - {""}) for r in self._others
        }
        self._stem_words = Keywords((w for words in self._stems.values() for w in words), "stems", whole_words=True)
        self._samples = published_sample_digests()
        self._keywords = Keywords((k for r in self._others for k in r.keywords), "keywords")

    @classmethod
    def from_ruleset(cls, ruleset: RuleSet, keep_secrets: bool = False) -> SecretsEngine:
        macros = load_macros()
        return cls([compile_rule(r, macros) for r in ruleset], keep_secrets)

    # -- scanning -------------------------------------------------------------------------

    def scan(self, document: Document) -> list[Finding]:
        """Every key found in ``document`` (the runner's ``"text"`` view: notebooks arrive decoded),
        and a provider-prefixed key its file's name holds (reported at line 1, column 1)."""
        found = [self._finding(document, c) for c in self._candidates(document.text)]
        found.extend(self._in_name(document))
        return found

    def _in_name(self, document: Document) -> list[Finding]:
        """Keys in the file's own name (``<token>.txt``): prefixed formats only, which need no
        context; the reports mask the path like any other text (:mod:`aisec_cli.core.evidence`)."""
        name = document.path.rsplit("/", 1)[-1]
        if len(name) < _MIN_KEY_NAME:
            return []
        out: list[Finding] = []
        for c in _dedup([c for c in self._prefix_candidates(name) if self._plausible(c, name)]):
            finding = self._finding(document, c, Location(document.path, 1, 1))
            out.append(
                replace(
                    finding,
                    message=f"{c.rule.title} in the file name: {finding.snippet}",
                    properties={**finding.properties, "in_file_name": True},
                )
            )
        return out

    def find_spans(self, text: str, prefix_only: bool = False) -> list[tuple[int, int, str, str]]:
        """(start, end, rule id, provider) of every key in ``text``: for callers that rewrite
        text (the redactor) rather than report findings. ``prefix_only`` skips the formats that
        need context (one regex pass instead of the keyword and context passes)."""
        text = re2_safe(text)
        found = (
            _dedup([c for c in self._prefix_candidates(text) if self._plausible(c, text)])
            if prefix_only
            else self._candidates(text)
        )
        return [(c.start, c.end, c.rule.id, c.rule.provider) for c in found]

    def _candidates(self, text: str) -> list[Candidate]:
        text = re2_safe(text)
        candidates = list(self._prefix_candidates(text))
        lowered = text.lower()
        if self._others:
            present = self._present_keywords(lowered)
            words: set[str] | None = None
            for rule in self._others:
                if not present.intersection(rule.keywords):
                    if words is None:
                        words = self._whole_stems(lowered)
                    if not words.intersection(self._stems[rule.id]):
                        continue
                compiled, group = self._pattern(rule)
                for match in compiled.finditer(text):
                    start, end = match.start(group), match.end(group)
                    if self._context_ok(rule, text, lowered, start, end):
                        candidates.append(Candidate(rule, start, end, text[start:end]))
        kept = [c for c in candidates if self._plausible(c, text)]
        if self._provider_words:
            kept = [c for c in kept if not (c.rule.defer and self._names_a_provider(c, lowered))]
        return _dedup(kept)

    def _pattern(self, rule: SecretRule) -> tuple[Any, int]:
        """The rule's compiled RE2 pattern and the number of its ``secret`` group (built once)."""
        found = self._compiled.get(rule.id)
        if found is None:
            compiled = compile_pattern(rule.pattern, f"rule {rule.id}", check_subset=False)
            found = self._compiled[rule.id] = (compiled, compiled.groupindex["secret"])
        return found

    def _prefix_candidates(self, text: str) -> Iterable[Candidate]:
        for index, start, end in self._prefix.spans(text, "secret"):
            yield Candidate(self._prefix_rules[index], start, end, text[start:end])

    def _whole_stems(self, lowered: str) -> set[str]:
        """The provider stems that stand in ``lowered`` as whole words."""
        return self._stem_words.present(lowered)

    def _present_keywords(self, lowered: str) -> set[str]:
        # every keyword that occurs, overlapping ones included (``openai`` in ``azure_openai``)
        return self._keywords.present(lowered)

    def _names_a_provider(self, c: Candidate, lowered: str) -> bool:
        """The name a catch-all match is assigned to mentions a provider with rules of its own."""
        line_start = lowered.rfind("\n", 0, c.start) + 1
        name = lowered[max(line_start, c.start - 120) : c.start]
        if c.rule.defer_except and any(k in name for k in c.rule.defer_except):
            return False
        return any(w in name for w in self._provider_words)

    def _context_ok(self, rule: SecretRule, text: str, lowered: str, start: int, end: int) -> bool:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        if rule.assignment and not self._named_like_a_key(text, lowered, line_start, start, rule.keywords):
            return False
        if self._local_context(rule, text, lowered, start, end, line_start, line_end):
            return True
        ancestors = _ancestor_keys(text, start, line_start)
        return bool(ancestors) and any(_names_keyword(k, ancestors) for k in rule.keywords)

    def _local_context(
        self, rule: SecretRule, text: str, lowered: str, start: int, end: int, line_start: int, line_end: int
    ) -> bool:
        """A provider keyword near the value: a few lines around it, never further than a few
        hundred characters (a long JSONL line is many records, not one context)."""
        reach = 600 if line_end - line_start <= _LONG_LINE else 160
        window_start = line_start
        for _ in range(rule.context_before):
            if window_start == 0:
                break
            window_start = text.rfind("\n", 0, window_start - 1) + 1
        window_end = line_end
        for _ in range(rule.context_after):
            nxt = text.find("\n", window_end + 1)
            window_end = len(text) if nxt == -1 else nxt
        window_start = max(window_start, start - reach)
        window_end = min(window_end, end + reach)
        window = lowered[window_start:window_end]
        return any(_has_keyword(window, k) for k in rule.keywords)

    @staticmethod
    def _named_like_a_key(
        text: str, lowered: str, line_start: int, start: int, keywords: tuple[str, ...]
    ) -> bool:
        """A key-like name (or the provider, as in ``cohere.Client("…")``) before the value
        on its line; for a bare value line (``default =``, a lone positional argument), on
        one of the two lines above."""
        prefix_start = max(line_start, start - 240)
        nearest = _NEAREST_NAME.search(text, max(prefix_start, start - 100), start)
        if nearest and nearest.group(1).lower() not in _NEUTRAL_NAMES:
            # The value's own name decides: ``hash_id`` beside prose that says "together" is no key.
            name = nearest.group(1)
            lowered_name = name.lower()
            if _DIGEST_ROLE.search(name) or _ID_TOKEN_ROLE.search(name):
                return False
            if _KEYISH.search(name):
                return True
            return any(k in lowered_name for k in keywords) and not _NOT_KEY_ROLE.search(name)
        if _KEYISH.search(text, prefix_start, start) or any(
            _has_keyword(lowered[prefix_start:start], k) for k in keywords
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
            _has_keyword(lowered[above:line_start], k) for k in keywords
        )

    def _plausible(self, candidate: Candidate, text: str) -> bool:
        rule, secret = candidate.rule, candidate.secret
        if any(p.search(secret) for p in rule.allow):
            return False
        if self._samples and sample_digest(secret) in self._samples:
            return False  # a published sample value (SDK examples, providers' docs)
        if filters.is_placeholder(secret):
            return False
        if rule.kind != "prefix":
            if _inside_longer_token(text, candidate.start, candidate.end):
                return False  # a run of a longer base64url token (a hash "…Xy-kkWs…"), not a whole value
            if filters.is_public_by_design(secret):
                return False
            decoded = filters.base64_text(secret)
            if decoded is not None and filters.is_placeholder(decoded):
                return False  # base64 of "…-change-me"
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
        if rule.kind != "prefix" and (_in_url_path(text, candidate.start) or _named_git_object(text, candidate.start, secret)):
            return False
        # Inside a longer base64 blob (image data, certificates), or its last run before the
        # padding ("…+<run>==" of an integrity digest): not a key of its own.
        return not (before in _BASE64_NEIGHBOUR and (after in _BASE64_NEIGHBOUR or after == "="))

    def _finding(self, document: Document, c: Candidate, location: Location | None = None) -> Finding:
        if location is None:
            line, column = document.position(c.start)
            end_line, end_column = document.position(c.end)
            location = Location(document.path, line, column, end_line, end_column)
        rule = c.rule
        masked = mask(c.secret)
        properties = {
            "provider": rule.provider,
            "rule_name": rule.name,
            "confidence": rule.confidence,
            "_secret_sha1": secret_sha1(c.secret),
            "_secret_digest": fingerprint("", "", c.secret),
            "_match_digest": match_digest(c.secret),
        }
        if self.keep_secrets:
            properties["_secret"] = c.secret
        return Finding(
            rule_id=rule.id,
            severity=rule.severity,
            message=f"{rule.title}: {masked}",
            location=location,
            fingerprint=fingerprint(rule.id, document.path, c.secret),
            snippet=masked,
            commit=document.commit,
            properties=properties,
        )


_JOINERS = "-_"


def _glue_tolerant(pattern: str) -> str:
    """``pattern`` also matching right after a word and an underscore (``backup_sk-ant-…``).

    A prefix rule opens with ``\\b``, and ``_`` is a word character: a key written straight after
    ``name_`` has no boundary before it, yet its prefix and shape say it is a key all the same.
    The glue is matched outside the ``secret`` group, so the key's span is unchanged.
    """
    if not pattern.startswith(r"\b"):
        return pattern
    return r"(?:\b|[A-Za-z0-9]_)" + pattern[2:]


def _inside_longer_token(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` continues a token across a dash or underscore on either side
    (``tClkbphXyN-<32 chars>``): a piece of a longer value, such as a base64url hash."""
    if start >= 2 and text[start - 1] in _JOINERS and text[start - 2].isalnum():
        return True
    return end + 1 < len(text) and text[end] in _JOINERS and text[end + 1].isalnum()


def _named_git_object(text: str, start: int, secret: str) -> bool:
    """A git object id (40 or 64 lower-case hex digits) that the words before it name as one:
    "reverts commit …", "(cherry picked from commit …)", "rev: …", "Merge …"."""
    if len(secret) not in (40, 64) or _GIT_OBJECT_ID.fullmatch(secret) is None:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return _GIT_OBJECT_CUE.search(text[max(line_start, start - 60) : start]) is not None


def _in_url_path(text: str, start: int) -> bool:
    """The value at ``start`` stands in the path of a web address on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    return _URL_PATH_BEFORE.search(text[max(line_start, start - 400) : start]) is not None


def _has_keyword(window: str, keyword: str) -> bool:
    """``keyword`` in the lower-cased ``window``; a short one only where a word starts with it
    (not "ai21" inside the letters of a base64 digest "…pcxai21bl…")."""
    if len(keyword) > _SHORT_KEYWORD:
        return keyword in window
    at = window.find(keyword)
    while at != -1:
        if at == 0 or not ("a" <= window[at - 1] <= "z"):
            return True
        at = window.find(keyword, at + 1)
    return False


def _provider_words(rules: Sequence[SecretRule]) -> frozenset[str]:
    """Words that name a provider with rules of its own: provider names and context keywords."""
    words: set[str] = set()
    for rule in rules:
        if rule.defer or rule.kind == "generic":
            continue
        name = re.sub(r"[^a-z0-9]", "", rule.provider.lower())
        if _PROVIDER_WORD.match(name) and rule.provider not in ("unknown", "PEM"):
            words.add(name)
        words.update(k for k in rule.keywords if _PROVIDER_WORD.match(k))
    return frozenset(words - _NOT_PROVIDER_WORDS)


def _names_keyword(keyword: str, names: list[str]) -> bool:
    """A provider keyword in one of the enclosing key names: as a substring, or as a whole
    word of the name (``fal`` in ``fal: {…}``, never in ``default``)."""
    norm = re.sub(r"[^a-z0-9]", "", keyword)
    for name in names:
        if keyword in name:
            return True
        if norm and (norm in re.split(r"[^a-z0-9]+", name) or (len(norm) >= 5 and norm in re.sub(r"[^a-z0-9]", "", name))):
            return True
    return False


def _ancestor_keys(text: str, start: int, line_start: int) -> list[str]:
    """The names of the keys that enclose a value, lower-cased: parent keys of an indented
    YAML/JSON document (by indentation) and enclosing keys on a one-line JSON document (by
    brackets). Only key names count, not the words around them."""
    names: list[str] = []
    line_end = text.find("\n", start)
    line = text[line_start : len(text) if line_end == -1 else line_end]
    indent = len(line) - len(line.lstrip(" \t"))
    if indent:
        pos = line_start
        for _ in range(_ANCESTOR_LINES):
            if pos == 0 or indent == 0:
                break
            prev_start = text.rfind("\n", 0, pos - 1) + 1
            prev = text[prev_start : pos - 1]
            pos = prev_start
            stripped = prev.lstrip(" \t")
            if not stripped or stripped.startswith(("#", "//")):
                continue
            prev_indent = len(prev) - len(stripped)
            if prev_indent < indent:
                indent = prev_indent
                key = _YAML_KEY.match(prev)
                names.append(key.group(1) if key else stripped[:80])
    # Enclosing brackets on the value's own line (minified JSON, Python dict literals).
    depth = 0
    floor = max(line_start, start - _ANCESTOR_CHARS)
    found = 0
    for bracket in reversed([m.start() for m in _BRACKET.finditer(text, floor, start)]):
        if text[bracket] in "}]":
            depth += 1
        elif depth:
            depth -= 1
        else:
            key = _JSON_KEY_BEFORE.search(text, max(floor, bracket - 100), bracket)
            if key:
                names.append(key.group(1))
            found += 1
            if found == 8:
                break
    return [n.lower() for n in names]


def _dedup(candidates: list[Candidate]) -> list[Candidate]:
    """Overlapping matches: the rule with the lowest priority number wins.

    The matches kept so far never overlap, so they are held sorted by start: the one kept
    match a candidate could overlap is the last that starts before the candidate ends (a
    file of thousands of keys is settled in n log n, not by comparing every pair)."""
    chosen: list[Candidate] = []
    starts: list[int] = []
    ends: list[int] = []
    for cand in sorted(candidates, key=lambda c: (c.rule.priority, c.start, -(c.end - c.start))):
        before = bisect_left(starts, cand.end) - 1  # (an empty match: the last kept one before it)
        if before >= 0 and ends[before] > cand.start and starts[before] < cand.end:
            continue
        at = bisect_right(starts, cand.start)
        starts.insert(at, cand.start)
        ends.insert(at, cand.end)
        chosen.insert(at, cand)
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
