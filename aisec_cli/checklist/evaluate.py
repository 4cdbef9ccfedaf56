"""Evidence in, item results out: the pure evaluation of the 16 items.

Each ``chkNN`` function reads the shared :class:`Facts` (collected once per run) and returns
a :class:`Verdict`. :func:`evaluate` then applies what is common to every item: an engine
that is missing or broken never lets an item PASS (MANUAL "engine not available" or ERROR),
items skipped in the configuration, ``--strict``, per-item ``required``, the score and the
gate. Nothing here reads files, runs processes or looks at the clock.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from aisec_cli.checklist.collectors.inventory import ModelPaths, RouteSite
from aisec_cli.checklist.collectors.selection import (
    CODE_EXT,
    environment_of,
    is_test_path,
    suffix,
)
from aisec_cli.checklist.collectors.signals import Signal
from aisec_cli.checklist.facts import OK, SKIPPED, Facts, FileFacts, Hit
from aisec_cli.checklist.model import (
    POINTS,
    STATUS_ORDER,
    WEIGHTS,
    Applicability,
    Evidence,
    Gate,
    ItemResult,
    ItemSpec,
    Outcome,
    Status,
    Totals,
    Verdict,
)
from aisec_cli.checklist.options import ChecklistOptions
from aisec_cli.checklist.policy import Attestation, age_days
from aisec_cli.checklist.registry import EVALUATORS, evaluator
from aisec_cli.core.findings import Finding, Severity

MAX_EVIDENCE = 12
LINT_LANGUAGES = frozenset([".py", ".pyi", ".pyw", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts"])
PER_USER = frozenset({"user", "api-key", "tenant"})
_ALL_ENVIRONMENTS = frozenset({"all", "any", "*", "shared", "every", "all-environments", "global"})
_WEAK_CALL = re.compile(r"\.messages\.(?:create|stream)\s*\(|\bco\.chat\s*\(|\bRunner\.run|(?<!chat)\.completions\.create\s*\(")

CON, MIS, SUP, INF = Outcome.CONTRADICTS, Outcome.MISSING, Outcome.SUPPORTS, Outcome.INFO


# -- helpers -------------------------------------------------------------------------------



def _one_per_file(hits: Iterable[tuple[str, Any]], files: int = 3) -> list[tuple[str, Any]]:
    """The first hit of each file, for the first ``files`` files (evidence stays short)."""
    chosen: dict[str, Any] = {}
    for path, hit in hits:
        if path not in chosen:
            if len(chosen) >= files:
                break
            chosen[path] = hit
    return list(chosen.items())

def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _routes(n: int) -> str:
    return "1 route calls" if n == 1 else f"{n} routes call"


def _names(items: Iterable[str], limit: int = 4) -> str:
    values = list(dict.fromkeys(items))
    shown = ", ".join(values[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


def ev_finding(f: Finding, outcome: Outcome, source: str, detail: str | None = None, why: str = "") -> Evidence:
    text = detail or f"{f.rule_id}: {' '.join(f.message.split())}"
    if f.commit is not None and f.commit.sha:
        text += f" (commit {f.commit.sha[:10]})"
    return Evidence("finding", text[:240], outcome, f.location.path, f.location.line, source, why)


def ev_hit(path: str, hit: Hit, what: str, outcome: Outcome, kind: str = "code", why: str = "") -> Evidence:
    return Evidence(kind, f"{what}: {hit.text}" if hit.text else what, outcome, path, hit.line, "signals", why)


EXAMPLE_DIRS = re.compile(r"(?i)(?:^|/)(?:examples?|cookbooks?|notebooks?|tutorials?|quickstarts?|samples?|demos?|recipes|guides|courses?|workshops?|lessons?)(?:/|$)")
ASSISTANT_FILES = re.compile(r"(?i)(?:^|/)(?:\.github/copilot-instructions\.md|AGENTS\.md|CLAUDE\.md|GEMINI\.md|\.cursorrules|\.cursor/rules/[^/]+|\.windsurfrules|\.clinerules)$")
_KEY_WIDGET = re.compile(r"(?i)type\s*=\s*[\"']password|api[ _-]?key|\btoken\b|secret")
_ERROR_LOG = re.compile(r"\.(?:error|exception|critical|warning|warn)\s*\(|console\.(?:error|warn)\s*\(")
_TRAFFIC = re.compile(r"(?i)json\.dumps|JSON\.stringify|\bextra\s*=|usage|tokens?\b|model|latency|duration|elapsed|cost|response|completion|request_?id|prompt|langfuse|langsmith|helicone|opentelemetry|tracer|span|statsd|metrics|audit")
_SIZE_WORDS = re.compile(r"(?i)max|limit|size|chars|characters|tokens|bytes|truncat|\b\d{3,}\b")
_PROSE = re.compile(r"^\w+:\s+(?:The|A|An)\s")
_NOT_A_BOUND = re.compile(r"(?:>|>=)\s*[01]\b|\b(?:slider|number_input|select_slider)\s*\(")
_BODY_LIMIT = re.compile(r"\bMAX_CONTENT_LENGTH\b|\bDATA_UPLOAD_MAX_MEMORY_SIZE\b|(?:express|bodyParser)\.(?:json|urlencoded|text)\s*\(|\bsizeLimit\s*:")
_DEFINITION = re.compile(r"^\W*(?:async\s+)?(?:def|function|class)\s|^\W*(?:export\s+)?(?:const|let)\s+\w+\s*=\s*(?:async\s*)?\(")
_INJECTION_SPECIFIC = re.compile(r"(?i)(?:saniti[sz]e|clean|filter|validate|check|guard|screen)_?(?:user_?)?(?:input|prompt|message|query|question|text)|injection|llm_guard|llm-guard|scan_prompt|rebuff|lakera|prompt_?guard|llama_?guard|nemoguardrails|LLMRails|RailsConfig|score_text|aisec_cli\.api")
_CALLED = re.compile(r"(?i)\b(\w*(?:saniti[sz]|injection|clean|filter|validate|check|guard|screen)\w*)\s*\(")
_VALUE_CHECK = re.compile(r"(?<!completions)(?<!responses)\.(?:parse|safeParse|parseAsync|validate\w*)\s*\(|\b(?:model_validate\w*|parse_raw|parse_obj)\s*\(|\bjsonschema\.validate\s*\(|\bvalidate\s*\(\s*instance\s*=|\bescape\s*\(|\.clean\s*\(|\bsanitizeHtml\s*\(|\bDOMPurify\.sanitize\s*\(|\b(?:validate|check|verify|filter|screen|guard)_\w*\s*\(")
_IMPORT = re.compile(r"^\s*(?:from\s+[\w.]+\s+)?import\b|^\s*(?:export\s+)?import\s|\brequire\s*\(")
_PER_USER_WORDS = re.compile(r"(?i)\bper[_ -]user\b")
_MONEY = re.compile(r"(?i)cost|spend|budget|dollar|usd|\$")
_PY_DEF = re.compile(r"^\s*(?:async\s+)?def\s")
_HTML_SANITIZER = re.compile(r"(?i)DOMPurify|sanitize[-_]?html|saniti[sz]e_?(?:html|markdown|md|output|response|answer|filename|path|url|sql|svg)")


def code_text(text: str) -> str:
    """A hit's line as code: a notebook's JSON string quoting removed."""
    t = text.strip()
    if t.startswith('"') and (t.endswith('",') or t.endswith('"')):
        t = t[1:].rstrip(",").rstrip('"').replace("\\n", "").strip()
    return t


def is_comment(text: str) -> bool:
    return code_text(text).startswith(("#", "//", "/*", "*"))


def _date_of(finding: Finding) -> dt.date | None:
    if finding.commit is None or not finding.commit.date:
        return None
    try:
        return dt.datetime.fromisoformat(finding.commit.date.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return dt.date.fromisoformat(finding.commit.date[:10])
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Leak:
    finding: Finding
    when: dt.date | None
    revoked_on: dt.date | None  # None: no record
    record_line: int = 0

    @property
    def handled(self) -> bool:
        if self.revoked_on is None:
            return False
        return self.when is None or self.revoked_on >= self.when


class View:
    """Derived, cached views of the facts that several items share."""

    def __init__(self, facts: Facts, options: ChecklistOptions, tables: Mapping[str, Any]) -> None:
        self.facts = facts
        self.options = options
        self.tables = tables
        self.as_of = options.as_of

    # files by signal -------------------------------------------------------------------
    @cached_property
    def application_files(self) -> list[FileFacts]:
        """Files with signals, tests left out (unless the tests are all there is)."""
        kept = [f for f in self.facts.files.values() if not is_test_path(f.path)]
        code = [f for f in kept if f.kind == "code"]
        if not code and any(f.kind == "code" for f in self.facts.files.values()):
            return list(self.facts.files.values())
        return kept

    def files_with(self, signal: str, kinds: Sequence[str] = ("code",)) -> list[FileFacts]:
        return [f for f in self.application_files if f.kind in kinds and f.has(signal) and any(self.backed(signal, h) for h in f.signals[signal])]

    def hits(self, signal: str, kinds: Sequence[str] = ("code",)) -> list[tuple[str, Hit]]:
        return [(f.path, h) for f in self.application_files if f.kind in kinds for h in f.signals.get(signal, ()) if self.backed(signal, h)]

    # controls named by a call: the function of that name has to do something --------------
    @cached_property
    def _signals(self) -> dict[str, Signal]:
        from aisec_cli.checklist.collectors.signals import compile_signals

        return {s.name: s for s in compile_signals(self.tables.get("signals", {}))}

    @cached_property
    def _controls(self) -> dict[str, Signal]:
        return {name: s for name, s in self._signals.items() if s.control}

    def signal(self, name: str) -> Signal | None:
        return self._signals.get(name)

    def matches_without(self, signal: str, text: str, words: re.Pattern[str]) -> bool:
        """Does the signal still match ``text`` once ``words`` are blanked out? (``True`` when
        the line alone does not match: the match runs on into the next lines.)"""
        spec = self._signals.get(signal)
        if spec is None or not spec.regex.search(text):
            return True
        return bool(spec.regex.search(words.sub(" ", text)))

    def backed(self, signal: str, hit: Hit) -> bool:
        """Is the hit more than an import of a control or a call of a project function that
        does nothing? (``True`` when the signal is no control, or its match does not rest on such
        a call.)"""
        spec = self._controls.get(signal)
        if spec is None:
            return True
        if spec.control != "logs" and _IMPORT.search(hit.text):
            return False  # importing a check is not running it (a logging import may instrument the SDK)
        hollow = self.facts.silent if spec.control == "logs" else self.facts.hollow
        empty = [n for n in self._own_call.findall(hit.text) if n in hollow]
        if not empty or not spec.regex.search(hit.text):
            return True  # no empty function called, or the match runs on into other lines
        called = "|".join(re.escape(n) for n in empty)
        rest = re.sub(self._own_prefix + rf"(?:{called})\s*\(", "_(", hit.text)
        return bool(spec.regex.search(rest))

    @cached_property
    def _own_prefix(self) -> str:
        """What a call reaching the project's own function starts with: nothing (a bare name), or
        self / this / cls or one of the project's modules (``guards.sanitize_input(``); other
        receivers (``console.error(``, a tracer's ``start_as_current_span(``) may reach a
        library's method of the same name."""
        modules = {p.rsplit("/", 1)[-1].split(".", 1)[0] for p in (*self.facts.files, *self.models)}
        receivers = sorted({"self", "this", "cls"} | {m for m in modules if m.isidentifier()})
        return r"(?<![\w$.])(?:(?:" + "|".join(re.escape(r) for r in receivers) + r")\.)?"

    @cached_property
    def _own_call(self) -> re.Pattern[str]:
        return re.compile(self._own_prefix + r"([A-Za-z_$][\w$]*)\s*\(")

    def hollow_hits(self, signal: str, kinds: Sequence[str] = ("code",)) -> list[tuple[str, Hit]]:
        """The hits a call of an empty project function made (what ``hits`` leaves out)."""
        if signal not in self._controls or not self.facts.hollow:
            return []  # (imports left out are not listed: they are no call)
        return [
            (f.path, h) for f in self.application_files if f.kind in kinds
            for h in f.signals.get(signal, ()) if not self.backed(signal, h) and not _DEFINITION.search(code_text(h.text)) and not _IMPORT.search(h.text)
        ]

    def hollow_evidence(self, signal: str, what: str, limit: int = 2) -> list[Evidence]:
        """Calls named like a control whose function does nothing, as evidence of what they are."""
        out = []
        for path, hit in self.hollow_hits(signal)[:limit]:
            names = sorted({n for n in self._own_call.findall(hit.text) if n in self.facts.hollow})
            out.append(ev_hit(path, hit, f"{what} in name only", INF,
                              why=f"{_names(names)} does nothing (its body only returns its input or a constant): a name is no {what}"))
        return out

    @cached_property
    def ai_files(self) -> list[FileFacts]:
        """Files that call a model (or, failing that, import an AI SDK).

        Call shapes shared with other APIs (Twilio's ``client.messages.create``) count only in a
        project that imports an AI SDK somewhere."""
        imports = self.files_with("ai_import")
        calls = self.files_with("ai_call")
        if not imports:
            calls = [f for f in calls if any(not _WEAK_CALL.search(h.text) for h in f.signals["ai_call"])]
        return calls or imports

    @cached_property
    def ai_in_use(self) -> bool:
        return bool(self.ai_files)

    @cached_property
    def ai_paths(self) -> set[str]:
        return {f.path for f in self.ai_files}

    @cached_property
    def lint_by_rule(self) -> dict[str, list[Finding]]:
        """Lint findings in application code (test code is not what the items are about)."""
        tests_only = all(is_test_path(f.path) for f in self.facts.files.values() if f.kind == "code")
        out: dict[str, list[Finding]] = defaultdict(list)
        for f in self.facts.lint:
            if tests_only or not is_test_path(f.location.path):
                out[f.rule_id].append(f)
        return out

    def lint(self, *rule_ids: str) -> list[Finding]:
        return [f for r in rule_ids for f in self.lint_by_rule.get(r, [])]

    @cached_property
    def packages(self) -> dict[str, Any]:
        return {p.name: p for p in self.facts.packages}

    def declared(self, group: str) -> list[Any]:
        from aisec_cli.checklist.collectors.deps import normalise

        wanted = {normalise(n) for n in self.tables.get("packages", {}).get(group, [])}
        return [p for name, p in self.packages.items() if name in wanted]

    @cached_property
    def providers(self) -> tuple[set[str], bool]:
        """(paid providers named by the AI code, local runtimes seen)."""
        table = self.tables.get("providers", {})
        compiled = {name: re.compile("|".join(f"(?:{p})" for p in pats)) for name, pats in table.items()}
        local = re.compile("|".join(f"(?:{p})" for p in self.tables.get("local_providers", [])) or r"$^")
        found: set[str] = set()
        saw_local = False
        for facts in self.ai_files:
            for signal in ("ai_call", "ai_import"):
                for hit in facts.signals.get(signal, ()):
                    matched = False
                    for name, regex in compiled.items():
                        if regex.search(hit.text):
                            found.add(name)
                            matched = True
                    if local.search(hit.text):
                        saw_local = True
                        matched = True
                    if not matched:
                        found.add("unknown")
        if "azure-openai" in found and not self._plain_openai():
            found.discard("openai")
        return found, saw_local

    def _plain_openai(self) -> bool:
        plain = re.compile(r"\bOpenAI\s*\(|api\.openai\.com")
        return any(
            plain.search(h.text)
            for f in self.ai_files
            for h in (*f.signals.get("ai_call", ()), *f.signals.get("ai_import", ()))
        )

    @cached_property
    def user_input_files(self) -> list[FileFacts]:
        return self.files_with("user_input")

    @cached_property
    def user_facing(self) -> list[tuple[str, Hit]]:
        return self.hits("web_route") + self.hits("ui_app")

    # model paths (lint's model of calls and routes) ----------------------------------------
    @cached_property
    def models(self) -> dict[str, ModelPaths]:
        """Files that call models, in lint's terms (test code left out unless it is all there is)."""
        everything = {m.path: m for m in self.facts.models}
        kept = {p: m for p, m in everything.items() if not is_test_path(p)}
        return kept or everything

    @cached_property
    def signal_only_calls(self) -> list[FileFacts]:
        """Model calls in languages lint does not analyse (found by the call-shape signal)."""
        return [f for f in self.files_with("ai_call") if suffix(f.path) not in LINT_LANGUAGES and f.path not in self.models and suffix(f.path) != ".ipynb"]

    def on_path(self, path: str, line: int) -> bool:
        """Is ``path:line`` code on a model call's path (the function or script that calls it)?"""
        paths = self.models.get(path)
        if paths is not None:
            return paths.on_path(line)
        if not self.facts.engine("lint").ok:  # without lint's word, the file that calls a model
            return path in self.ai_paths
        return any(f.path == path for f in self.signal_only_calls)

    def path_hits(self, signal: str, kinds: Sequence[str] = ("code",)) -> list[tuple[str, Hit]]:
        """A signal's hits on model-call paths only, comments and definitions left out."""
        return [
            (path, hit) for path, hit in self.hits(signal, kinds)
            if self.on_path(path, hit.line) and not is_comment(hit.text)
        ]

    def helper_path_hits(self, signal: str) -> list[tuple[str, Hit]]:
        """A signal's code hits on model-call paths or in the same-file helpers those paths call."""
        out = []
        for path, hit in self.hits(signal, ("code",)):
            paths = self.models.get(path)
            on = paths.on_helper_path(hit.line) if paths is not None else self.on_path(path, hit.line)
            if on and not is_comment(hit.text):
                out.append((path, hit))
        return out

    def same_span(self, path: str, line: int, other: int) -> bool:
        paths = self.models.get(path)
        if paths is None:
            return True
        span = paths.span_of(line)
        return span is not None and span[0] <= other <= span[1]

    def near_call(self, path: str, line: int) -> bool:
        """Is ``line`` in the function that makes one of the file's model calls?"""
        paths = self.models.get(path)
        if paths is None:
            return True
        for call in paths.calls:
            span = paths.span_of(call.line)
            if span is not None and span[0] <= line <= span[1] and paths.on_path(line):
                return True
        return False

    def before_every_call(self, path: str, line: int) -> bool:
        """Does ``line`` come before every model call made in its own function (input side)?

        False when the function makes no model call itself (its calls are not followed)."""
        paths = self.models.get(path)
        if paths is None:
            return False
        span = paths.span_of(line)
        if span is None:
            return False
        inside = paths.calls_in(span)
        return bool(inside) and line < min(inside)

    def after_every_call(self, path: str, line: int) -> bool:
        """Does ``line`` come after every model call made in its own function (output side)?"""
        paths = self.models.get(path)
        span = paths.span_of(line) if paths is not None else None
        if paths is None or span is None:
            return False
        inside = paths.calls_in(span)
        return bool(inside) and line > max(inside)

    def last_call_before(self, path: str, line: int) -> int:
        """The line of the last model call before ``line`` in its own function (0 when none)."""
        paths = self.models.get(path)
        span = paths.span_of(line) if paths is not None else None
        inside = [c for c in paths.calls_in(span) if c < line] if paths is not None and span is not None else []
        return max(inside, default=0)

    def just_after_call(self, path: str, line: int, window: int = 12) -> bool:
        """Is ``line`` within a few lines after one of the file's model calls (logging the call)?"""
        paths = self.models.get(path)
        return paths is not None and any(0 < line - call.line <= window for call in paths.calls)

    @cached_property
    def model_routes(self) -> list[tuple[str, RouteSite]]:
        return [(path, route) for path, m in self.models.items() for route in m.routes]

    @cached_property
    def ui_scripts(self) -> list[ModelPaths]:
        return [m for m in self.models.values() if m.ui_script and not m.routes]

    def handler(self, path: str, line: int) -> bool:
        """Is ``line`` the head of a route handler or a UI script's handler (lint's routes)?"""
        paths = self.models.get(path)
        return paths is not None and (paths.ui_script or any(r.line <= line <= r.start for r in paths.routes))

    def first_call(self, path: str) -> tuple[int, str]:
        paths = self.models.get(path)
        if paths is not None and paths.calls:
            return paths.calls[0].line, paths.calls[0].desc
        facts = self.facts.files.get(path)
        hit = facts.first("ai_call") if facts is not None else None
        return (hit.line, hit.text) if hit is not None else (0, "")

    # applicability -----------------------------------------------------------------------
    @cached_property
    def applicability(self) -> Applicability:
        policy = self.facts.policy
        scope, scope_reason = self._detect_scope()
        if policy is not None and policy.scope:
            scope, scope_reason = policy.scope, f"scope: {policy.scope} in {policy.source}"
        # the key box may sit in the UI script that imports the SDK while a helper module calls it
        calling = set(self.models) | self.ai_paths | {f.path for f in self.files_with("ai_import")}
        byok_hits = [(p, h) for p, h in self.hits("byok_key_input") if p in calling]
        # a key box beside a read of the owner's own key (deployment secrets, environment) is
        # only a fallback: wherever the owner configured the key, the owner pays
        owner_keys = [(p, h) for p, h in self.hits("owner_key_read") if p in calling and not is_comment(h.text)]
        # AIS103 at info: a browser client built with the key the visitor typed (as CHK01 reads it)
        visitor_keys = [f for f in self.lint("AIS103") if f.severity is Severity.INFO]
        byok = bool(byok_hits or visitor_keys) and not owner_keys
        byok_reason = ""
        if byok and byok_hits:
            path, hit = byok_hits[0]
            byok_reason = f"users paste their own provider key ({path}:{hit.line}), so the owner pays nothing per call"
        elif byok:
            where = f"{visitor_keys[0].location.path}:{visitor_keys[0].location.line}"
            byok_reason = f"the browser client is built with the visitor's own key ({where}), so the owner pays nothing per call"
        if policy is not None and policy.byok is not None:
            byok = policy.byok
            byok_reason = f"byok: {'true' if byok else 'false'} in {policy.source}"
        return Applicability(scope, scope_reason, byok, byok_reason)

    def _detect_scope(self) -> tuple[str, str]:
        calling = sorted(set(self.models) | {f.path for f in self.signal_only_calls})
        if not calling:
            return "service", ""
        sample = [p for p in calling if p.lower().endswith(".ipynb") or EXAMPLE_DIRS.search(p)]
        served = [p for p, _ in self.model_routes if not EXAMPLE_DIRS.search(p)]
        if len(sample) >= 3 and len(sample) * 10 >= len(calling) * 7 and not served:
            return "example", (
                f"{len(sample)} of {len(calling)} files that call models are notebooks or under example folders "
                f"and no service route outside them calls a model"
            )
        return "service", ""

    @property
    def example(self) -> bool:
        return self.applicability.scope == "example"

    def example_verdict(self, what: str, ev: Sequence[Evidence] = ()) -> Verdict:
        return Verdict(Status.MANUAL, f"example collection ({self.applicability.scope_reason}): {what} is for the team that deploys it to judge", tuple(ev))

    def reference(self, ref: str) -> bool | None:
        """Does a policy reference exist? None: external (URL, ARN, …) or not given."""
        if not ref:
            return None
        return self.facts.references.get(ref)

    def fresh(self, when: dt.date | None, days: int) -> str:
        """'' when ``when`` is within ``days`` of as-of, else why not."""
        if when is None:
            return "no date recorded"
        if when > self.as_of:
            return f"dated {when.isoformat()}, after the as-of date {self.as_of.isoformat()}"
        age = age_days(when, self.as_of)
        if age > days:
            return f"{when.isoformat()} is {age} days old (window {days} days)"
        return ""

    # history leaks ---------------------------------------------------------------------
    @cached_property
    def leaks(self) -> list[Leak]:
        policy = self.facts.policy
        records = policy.revoked_leaks if policy is not None else ()
        out: list[Leak] = []
        for finding in self.facts.history or ():
            when = _date_of(finding)
            sha = finding.commit.sha if finding.commit else ""
            best: tuple[dt.date, int] | None = None
            for record in records:
                if record.matches(finding.rule_id, finding.fingerprint, sha, finding.location.path):
                    if best is None or record.revoked_on > best[0]:
                        best = (record.revoked_on, record.line)
            out.append(Leak(finding, when, best[0] if best else None, best[1] if best else 0))
        return out

    def policy_path(self) -> str:
        policy = self.facts.policy
        return policy.path if policy is not None else ""

    def ev_policy(self, detail: str, outcome: Outcome, line: int = 0) -> Evidence:
        policy = self.facts.policy
        path = policy.path if policy is not None else ""
        if not line and policy is not None:
            line = policy.first_line if path else 0
        source = policy.source if policy is not None else "policy"
        return Evidence("policy", detail if path else f"{source}: {detail}", outcome, path, line if path else 0, "policy")


def _low_confidence(f: Finding) -> bool:
    """Found only by a generic low-confidence rule (a high-entropy value under a key-like name)."""
    return str(f.properties.get("confidence", "")) == "low"


_ENV_KEY_NAME = re.compile(r"(?i)key|token|secret|credential")
# Names with those words that hold no key: a tokenizer switch, a token count or limit.
_ENV_NOT_KEY = re.compile(r"(?i)tokeni[sz]|(?:max|min|num|n|count|limit)_?tokens?\b|tokens?_?(?:limit|count|budget)|(?:^|_)keys?_?(?:prefix|path|file|name|id)$")
_ENV_WRITE = re.compile(r"os\.environ\s*\[[^\]]+\]\s*=(?!=)|process\.env\.\w+\s*=(?!=)")


_ENV_NAME_READ = re.compile(
    r"""(?:\bgetenv\s*\(\s*|\benviron(?:\.get)?\s*[\[(]\s*|\benv\s*\[\s*)["'](\w+)["']|\b(?:process|import\.meta|Deno)\.env\.(\w+)"""
)


def _reads_key(text: str) -> bool:
    """Does the line read a key-named variable? The names read decide, not the rest of the line."""
    names = [a or b for a, b in _ENV_NAME_READ.findall(text)]
    if names:
        return any(_ENV_KEY_NAME.search(n) and not _ENV_NOT_KEY.search(n) for n in names)
    return bool(_ENV_KEY_NAME.search(text))


def _env_key_reads(v: View) -> list[tuple[str, Hit]]:
    """Reads of a key-named variable from the environment (not writes, not comments)."""
    return [
        (p, h) for p, h in v.hits("env_key_read")
        if _reads_key(code_text(h.text)) and not _ENV_WRITE.search(h.text) and not is_comment(h.text)
    ]


def _skip_no_ai() -> Verdict:
    return Verdict(Status.SKIP, "no AI SDK call sites found: the item does not apply")


# -- the items -----------------------------------------------------------------------------


@evaluator("CHK01", needs=("secrets", "lint", "signals", "history"), skip_needs=("signals", "secrets"))
def keys_in_env(v: View) -> Verdict:
    """Keys come from the environment or a secrets manager; none in the tree or history."""
    facts = v.facts
    ev: list[Evidence] = []
    tree = list(facts.secrets)
    # AIS103 at info severity is a bring-your-own-key browser client: the visitor's own key, typed in
    byok = [f for f in v.lint("AIS103") if f.severity is Severity.INFO]
    hard = [f for f in v.lint("AIS101", "AIS103") if f not in byok]
    soft = v.lint("AIS102", "AIS104")
    weak = [f for f in tree if _low_confidence(f)]
    tree = [f for f in tree if not _low_confidence(f)]
    for f in tree:
        ev.append(ev_finding(f, CON, "secrets", f"{f.rule_id}: {f.message}", "a provider key committed in the working tree"))
    for f in weak:
        ev.append(ev_finding(f, MIS, "secrets", f"{f.rule_id}: {f.message}", "matched only by a low-confidence generic rule: check whether it is a real key"))
    for f in hard:
        ev.append(ev_finding(f, CON, "lint", why="a key written into the code that builds the client"))
    for f in byok[:2]:
        ev.append(ev_finding(f, INF, "lint", why="the visitor's own key, typed into the page: not the owner's"))
    unhandled = [leak for leak in v.leaks if not leak.handled and leak.finding.properties.get("in_working_tree") is not True]
    weak_leaks = [leak for leak in unhandled if _low_confidence(leak.finding)]
    unhandled = [leak for leak in unhandled if leak not in weak_leaks]
    handled = [leak for leak in v.leaks if leak.handled and leak.finding.properties.get("in_working_tree") is not True]
    for leak in unhandled:
        f = leak.finding
        if leak.revoked_on is None:
            why = f"{f.rule_id} key in git history with no recorded revocation (fingerprint {f.fingerprint[:16]})"
        else:
            why = f"{f.rule_id} key leaked on {leak.when}, but the recorded revocation is dated {leak.revoked_on}, before the leak"
        ev.append(ev_finding(f, CON, "history", why, "a key that stays readable in every clone until it is revoked"))
    for leak in weak_leaks:
        ev.append(ev_finding(leak.finding, MIS, "history", f"{leak.finding.rule_id} possible key in git history", "low-confidence generic rule: check whether it is a real key"))
    for leak in handled:
        ev.append(ev_finding(leak.finding, INF, "history", f"{leak.finding.rule_id} key in history, revoked on {leak.revoked_on}"))
    for f in soft:
        ev.append(ev_finding(f, CON, "lint"))
    for f in facts.secrets_suppressed[:3]:
        ev.append(ev_finding(f, INF, "secrets", f"{f.rule_id} suppressed ({f.suppression}): {f.message}"))
    for path, hit in v.hits("secrets_manager", ("code", "config"))[:2]:
        ev.append(ev_hit(path, hit, "key read from a secrets manager", SUP, why="the key is fetched at run time, not stored in the code"))
    for path, hit in _env_key_reads(v)[:2]:
        ev.append(ev_hit(path, hit, "key read from the environment", SUP, why="the key is read from the environment at run time"))
    if facts.history is None and facts.history_note:
        ev.append(Evidence("git", facts.history_note, INF, source="history"))
    if tree or hard:
        n = len(tree) + len(hard)
        where = _names(e.where() for e in ev if e.outcome is CON)
        return Verdict(Status.FAIL, f"{_plural(n, 'key')} hardcoded in the repository ({where})", tuple(ev))
    if weak or weak_leaks:
        n = len(weak) + len(weak_leaks)
        if not unhandled:
            return Verdict(Status.WARN, f"{_plural(n, 'possible key')} found only by a low-confidence generic rule: confirm or suppress", tuple(ev))
    if unhandled:
        return Verdict(
            Status.FAIL,
            f"{_plural(len(unhandled), 'key')} leaked in git history without a recorded revocation on or after the leak",
            tuple(ev),
        )
    if not v.ai_in_use and not handled and not soft:
        return Verdict(Status.SKIP, "no AI SDK call sites and no keys found", tuple(ev))
    if soft:
        return Verdict(Status.WARN, f"keys reach logs or prompts ({_names(f.rule_id for f in soft)})", tuple(ev))
    if handled:
        return Verdict(Status.WARN, f"no key in the tree; {_plural(len(handled), 'key')} in history, revoked", tuple(ev))
    sources = []
    if v.hits("secrets_manager", ("code", "config")):
        sources.append("a secrets manager")
    if _env_key_reads(v):
        sources.append("the environment")
    how = f"; keys come from {' and '.join(sources)}" if sources else ""
    scope = "the working tree and history" if facts.history is not None else "the working tree"
    return Verdict(Status.PASS, f"no keys in {scope}{how}", tuple(ev))


@evaluator("CHK02", needs=("gitignore",), skip_needs=(), home=".gitignore")
def env_files_ignored(v: View) -> Verdict:
    """.env and key files are ignored by git and none is tracked."""
    facts = v.facts.gitignore
    if facts is None:
        return Verdict(Status.ERROR, f"collector failed: {v.facts.engine('gitignore').detail or 'gitignore: no result'}")
    ev: list[Evidence] = []
    for path in facts.tracked:
        ev.append(Evidence("git", "tracked in git (ignoring does not untrack it)", CON, path, 0, "gitignore"))
    where = ".gitignore" if facts.root_gitignore else ""
    env = [p for p in facts.probes if p.category == "env"]
    keys = [p for p in facts.probes if p.category == "key"]
    extra = [p for p in facts.probes if p.category == "credential"]
    missing_env = [p for p in env if not p.ignored]
    missing_defaults = [p for p in facts.probes if p.category == "env_default" and not p.ignored]
    no_keys = bool(keys) and not any(p.ignored for p in keys)
    for probe in missing_env + missing_defaults + (keys if no_keys else []):
        why = f"{probe.path} is not ignored"
        if probe.pattern.startswith("!"):
            why += f" (re-included by '{probe.pattern}')"
        ev.append(Evidence("config", why, MIS, probe.source or where, probe.line, "gitignore"))
    weak = [p for p in facts.probes if p.ignored and p.scope in ("local", "global", "nested") and p.category != "credential"]
    for probe in weak:
        ev.append(Evidence("config", f"{probe.path} ignored only by {probe.source} ('{probe.pattern}')", INF, probe.source if probe.scope == "nested" else "", probe.line, "gitignore"))
    covered = [p for p in facts.probes if p.ignored and p.scope not in ("local", "global", "nested")]
    for probe in covered[:4]:
        ev.append(Evidence("config", f"{probe.path} ignored by '{probe.pattern}'", SUP, probe.source, probe.line, "gitignore"))
    loose = [p for p in extra if not p.ignored]
    if loose:
        ev.append(Evidence("config", f"also worth ignoring: {_names((p.path for p in loose), 8)}", INF, where, 0, "gitignore"))
    if facts.note:
        ev.append(Evidence("git", facts.note, INF, source="gitignore"))
    if not facts.root_gitignore and not any(p.ignored for p in facts.probes):
        return Verdict(Status.FAIL, "no .gitignore: .env and key files would be committed", tuple(ev))
    if facts.tracked:
        return Verdict(Status.FAIL, f"secret files are tracked: {_names(facts.tracked)}", tuple(ev))
    if missing_env or no_keys:
        missing = [p.path for p in missing_env + missing_defaults] + (["key files (*.key, *.pem)"] if no_keys else [])
        return Verdict(Status.FAIL, f"not ignored: {_names(missing)}", tuple(ev))
    if missing_defaults:
        return Verdict(Status.WARN, f"{_names(p.path for p in missing_defaults)} not ignored: frameworks such as Next.js and Vite commit them as non-secret defaults; keep keys in .env*.local", tuple(ev))
    if weak:
        scopes = {p.scope for p in weak}
        text = "a nested .gitignore" if scopes == {"nested"} else ".git/info/exclude or a global excludes file (not shared with the team)"
        return Verdict(Status.WARN, f"{_names(p.path for p in weak)} covered only by {text}", tuple(ev))
    if not facts.in_git:
        return Verdict(Status.WARN, "covered by .gitignore, but not a git repository (tracked files not checked)", tuple(ev))
    return Verdict(Status.PASS, ".env files and key files are ignored; none is tracked", tuple(ev))


@evaluator("CHK03", needs=("hooks",), skip_needs=(), home=".pre-commit-config.yaml")
def secret_scan_hook(v: View) -> Verdict:
    """A secret scanner runs before commits."""
    facts = v.facts.hooks
    if facts is None:
        return Verdict(Status.ERROR, f"collector failed: {v.facts.engine('hooks').detail or 'hooks: no result'}")
    ev: list[Evidence] = []
    if facts.precommit_error:
        ev.append(Evidence("config", facts.precommit_error, CON, facts.precommit_path, 1, "hooks"))
    committed = [h for h in facts.hooks if h.where in ("pre-commit", "lefthook", "husky", "githooks")]
    active = [h for h in committed if h.active and not h.weak]
    weak = [h for h in committed if h.active and h.weak]
    inactive = [h for h in committed if not h.active]
    ci = [h for h in facts.hooks if h.where == "ci"]
    local = [h for h in facts.hooks if h.where == "local-hook"]
    for h in active:
        ev.append(Evidence("config", f"{h.where} hook {h.name}", SUP, h.path, h.line, "hooks"))
    for h in inactive:
        ev.append(Evidence("config", f"{h.where} hook {h.name} {h.why_inactive}", CON, h.path, h.line, "hooks"))
    for h in weak:
        ev.append(Evidence("config", f"{h.name} finds private keys only, not API keys", INF, h.path, h.line, "hooks"))
    for h in ci:
        ev.append(Evidence("config", f"CI secret scan: {h.name}", SUP, h.path, h.line, "hooks"))
    for h in local:
        ev.append(Evidence("git", f"{h.name} installed in this clone only", INF, h.path, h.line, "hooks"))
    if facts.precommit_error and not active:
        return Verdict(Status.FAIL, facts.precommit_error, tuple(ev))
    if active:
        names = _names(h.name.split(" (http")[0] for h in active)
        framework_only = all(h.where == "pre-commit" for h in active)
        if framework_only and facts.installed is False and not facts.in_ci:
            ev.append(Evidence("git", "the pre-commit git hook is not installed in this clone (.git/hooks/pre-commit)", MIS, source="hooks"))
            return Verdict(Status.WARN, f"{names} configured, but not installed in this clone (run: pre-commit install)", tuple(ev))
        return Verdict(Status.PASS, f"secret-scanning hook configured: {names}", tuple(ev))
    if weak:
        return Verdict(Status.WARN, f"only {_names(h.name for h in weak)} (private keys, not API keys)", tuple(ev))
    if ci:
        return Verdict(Status.WARN, f"secrets are scanned in CI only ({_names(h.path for h in ci)}), not before commits", tuple(ev))
    if local:
        return Verdict(Status.WARN, "a secret-scanning git hook is installed in this clone only, not shared with the team", tuple(ev))
    if inactive:
        return Verdict(Status.FAIL, f"secret-scanning hook present but {inactive[0].why_inactive}", tuple(ev))
    what = "no secret scanner in .pre-commit-config.yaml" if facts.precommit_path else "no .pre-commit-config.yaml and no other secret-scanning hook"
    return Verdict(Status.FAIL, what, tuple(ev))


@evaluator("CHK04", needs=("secrets", "signals", "history"), policy=True)
def keys_per_environment(v: View) -> Verdict:
    """Each environment has its own keys; no key value is shared."""
    facts = v.facts
    ev: list[Evidence] = []
    reuse: list[str] = []
    by_digest: dict[str, dict[str, tuple[str, int]]] = defaultdict(dict)
    for value in facts.env_values:
        if value.environment:
            by_digest[value.digest].setdefault(value.environment, (value.path, value.line))
    for f in [*facts.secrets, *(facts.history or ())]:
        digest = str(f.properties.get("_secret_digest") or "")
        if not digest:
            continue
        sightings = [(f.location.path, f.location.line)]
        for other in f.properties.get("other_locations", []) or []:
            if isinstance(other, Mapping):
                sightings.append((str(other.get("path", "")), int(other.get("line", 0) or 0)))
        for path, line in sightings:
            env = environment_of(path)
            if env:
                by_digest["k:" + digest].setdefault(env, (path, line))
    for places in by_digest.values():
        if len(places) > 1:
            named = sorted(places)
            reuse.append(" and ".join(named))
            for env in named:
                path, line = places[env]
                ev.append(Evidence("file", f"the same key is used for {' and '.join(named)}", CON, path, line, "secrets"))
    policy = facts.policy
    claims = policy.keys if policy is not None else None
    shared_claims = []
    if claims:
        seen_refs: dict[str, set[str]] = defaultdict(set)
        for key in claims:
            shared = len(key.environments) > 1 or any(e.strip().lower() in _ALL_ENVIRONMENTS for e in key.environments)
            if shared:
                shared_claims.append(key.name)
                ev.append(v.ev_policy(f"key {key.name} is declared for {', '.join(key.environments)}", CON, key.line))
            if key.reference:
                seen_refs[key.reference].update(key.environments)
        for ref, served in seen_refs.items():
            if len(served) > 1:
                shared_claims.append(ref)
                ev.append(v.ev_policy(f"one reference ({ref}) serves {', '.join(sorted(served))}", CON))
    if reuse or shared_claims:
        what = f"same key in {_names(reuse)}" if reuse else f"policy declares shared keys: {_names(shared_claims)}"
        return Verdict(Status.FAIL, what, tuple(ev))
    if claims:
        declared = sorted({e for k in claims for e in k.environments})
        unnamed = [k.name for k in claims if not k.environments]
        for key in claims:
            ev.append(v.ev_policy(f"key {key.name}: {', '.join(key.environments) or 'no environment'}", SUP if key.environments else MIS, key.line))
        if unnamed:
            return Verdict(Status.WARN, f"policy keys without an environment: {_names(unnamed)}", tuple(ev))
        return Verdict(Status.PASS, f"policy declares separate keys for {', '.join(declared)}; no key reuse found", tuple(ev))
    if v.example:
        return v.example_verdict("key separation per environment", ev)
    hints = v.hits("env_specific_key", ("code", "config"))
    for path, hit in hints[:4]:
        ev.append(ev_hit(path, hit, "environment-specific key or secret reference", SUP))
    if hints:
        return Verdict(Status.WARN, "environment-specific key names in code, but no keys per environment in the policy file", tuple(ev))
    return Verdict(Status.MANUAL, "key separation cannot be seen in code: record each key under keys in the policy file with its name, provider and environment (one key per environment)", tuple(ev))


@evaluator("CHK05", needs=("history",), skip_needs=(), policy=True)
def keys_rotated(v: View) -> Verdict:
    """Declared keys rotated within their window; leaked keys revoked after the leak."""
    facts = v.facts
    opts = v.options
    ev: list[Evidence] = []
    bad_leaks = [leak for leak in v.leaks if not leak.handled]
    for leak in bad_leaks:
        f = leak.finding
        if leak.revoked_on is None:
            why = f"{f.rule_id} key leaked{' on ' + str(leak.when) if leak.when else ''} and never revoked (fingerprint {f.fingerprint[:16]})"
        else:
            why = f"revocation recorded on {leak.revoked_on}, before the leak on {leak.when}"
        ev.append(ev_finding(f, CON, "history", why))
    for leak in v.leaks:
        if leak.handled:
            ev.append(ev_finding(leak.finding, SUP, "history", f"{leak.finding.rule_id} leak revoked on {leak.revoked_on}"))
    policy = facts.policy
    claims = policy.keys if policy is not None else None
    if facts.history is None and facts.history_note:
        ev.append(Evidence("git", facts.history_note, INF, source="history"))
    if claims:
        for f in [*facts.secrets, *v.lint("AIS101")][:3]:
            ev.append(ev_finding(f, CON, "secrets", f"policy claims rotation, but a key is hardcoded: {f.rule_id}"))
    overdue: list[str] = []
    undated: list[str] = []
    soon: list[str] = []
    for key in claims or ():
        days = key.rotation_days or opts.rotation_days
        if key.last_rotated is None:
            undated.append(key.name)
            ev.append(v.ev_policy(f"key {key.name} has no last_rotated date", CON, key.line))
            continue
        if key.last_rotated > v.as_of:
            undated.append(key.name)
            ev.append(v.ev_policy(f"key {key.name}: last_rotated {key.last_rotated} is after the as-of date {v.as_of}", CON, key.line))
            continue
        age = age_days(key.last_rotated, v.as_of)
        if age > days:
            overdue.append(key.name)
            ev.append(v.ev_policy(f"key {key.name} last rotated {key.last_rotated}: {age} days ago, over the {days}-day window", CON, key.line))
        elif days - age <= opts.rotation_warn_days:
            soon.append(key.name)
            ev.append(v.ev_policy(f"key {key.name} due for rotation in {days - age} days", INF, key.line))
        else:
            ev.append(v.ev_policy(f"key {key.name} rotated {key.last_rotated} ({age} days ago, window {days})", SUP, key.line))
    if v.example and not claims:
        return v.example_verdict("key rotation (leaked keys are judged under CHK01)", [replace(e, outcome=INF) if e.outcome is CON else e for e in ev])
    if claims and (facts.secrets or v.lint("AIS101")):
        return Verdict(Status.FAIL, "the policy claims rotation, but keys are hardcoded in the repository", tuple(ev))
    if bad_leaks:
        return Verdict(Status.FAIL, f"{_plural(len(bad_leaks), 'leaked key')} in history not revoked after the leak", tuple(ev))
    if overdue or undated:
        parts = []
        if overdue:
            parts.append(f"overdue: {_names(overdue)}")
        if undated:
            parts.append(f"no valid rotation date: {_names(undated)}")
        return Verdict(Status.FAIL, "; ".join(parts), tuple(ev))
    if not claims:
        return Verdict(Status.MANUAL, "rotation cannot be seen in code: record keys with last_rotated (and rotation_days) in the policy file", tuple(ev))
    if soon:
        return Verdict(Status.WARN, f"due within {opts.rotation_warn_days} days: {_names(soon)}", tuple(ev))
    return Verdict(Status.PASS, f"all {_plural(len(claims), 'declared key')} rotated within their window", tuple(ev))


@evaluator("CHK06", needs=("lint", "signals", "prompts"))
def injection_checked(v: View) -> Verdict:
    """User text that reaches a model passes an injection check on the way."""
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    direct = v.lint("AIS201")
    templated = v.lint("AIS202")
    for finding in direct:
        ev.append(ev_finding(finding, CON, "lint", why="lint followed untrusted input into a system/instruction slot of a model call"))
    prompt_hits = [p for p in v.facts.prompts if not is_test_path(p.path) and not ASSISTANT_FILES.search(p.path)]
    bad_prompts = [p for p in prompt_hits if p.severity in ("critical", "high")]
    weak_prompts = [p for p in prompt_hits if p.severity == "medium"]
    for prompt in prompt_hits:
        outcome = CON if prompt in bad_prompts else (MIS if prompt in weak_prompts else INF)
        ev.append(Evidence("file", f"{prompt.rule_id} ({prompt.category}): {prompt.evidence}", outcome, prompt.path, prompt.line, "prompts",
                           "the prompts engine flags this prompt text"))
    # a check that runs after every model call of its function looks at the answer, not the input
    candidates = [(p, h) for p, h in v.path_hits("input_sanitizer") if not _HTML_SANITIZER.search(h.text)]
    answer_side = [(p, h) for p, h in candidates if v.after_every_call(p, h.line)]
    checks = [c for c in candidates if c not in answer_side]
    # functions whose use shows they clean the answer are not injection checks anywhere
    answer_checkers = {m.group(1) for _, h in answer_side for m in _CALLED.finditer(code_text(h.text))} - {n for _, h in checks for n in _CALLED.findall(code_text(h.text))}
    sanitized = {p for p, _ in checks}
    guards = v.declared("injection_guards")
    for path, hit in checks[:4]:
        ev.append(ev_hit(path, hit, "input checked for injection", SUP, why="an injection check on the path of a model call"))
    for p in guards[:2]:
        ev.append(Evidence("config", f"guard library {p.name} declared", INF, p.path, p.line, "deps", "declared only: its use is what counts"))
    ev += v.hollow_evidence("input_sanitizer", "injection check")
    if direct or bad_prompts:
        what = []
        if direct:
            what.append(f"{_plural(len(direct), 'flow')} of untrusted input into system prompts")
        injected = [h for h in bad_prompts if h.rule_id.startswith("PRM1")]
        if injected:
            what.append(f"injection content in {_names(h.path for h in injected)}")
        unsafe = [h for h in bad_prompts if not h.rule_id.startswith("PRM1")]
        if unsafe:
            what.append(f"unsafe prompts ({_names(sorted({h.rule_id for h in unsafe}))}) in {_names(h.path for h in unsafe)}")
        return Verdict(Status.FAIL, "; ".join(what), tuple(ev))
    read = [(p, h) for p, h in v.path_hits("user_input") if not _KEY_WIDGET.search(h.text)]
    # a parameter typed `LlmRequest` or `BaseMessage` is user input only in a route or UI handler:
    # elsewhere it is whatever the callers (in other files, not followed) pass in
    handed = [(p, h) for p, h in read if _PY_DEF.match(code_text(h.text)) and not v.handler(p, h.line)]
    inputs = [x for x in read if x not in handed]
    exposed_files = sorted({p for p, _ in inputs})
    for path, hit in _one_per_file(inputs):
        line, call = v.first_call(path)
        if path in sanitized:
            ev.append(ev_hit(path, hit, "untrusted input", INF, why=f"reaches the model call at line {line}; an injection check is on the same path"))
        else:
            ev.append(ev_hit(path, hit, "untrusted input with no injection check", CON if not sanitized else MIS,
                             why=f"user text read on the path of the model call at line {line} ({call[:60]}), with no check on the way"))
    for finding in templated:
        ev.append(ev_finding(finding, INF, "lint", why="untrusted text formatted into an instruction template"))
    if inputs and not sanitized:
        elsewhere = [
            (p, h) for p, h in v.hits("input_sanitizer")
            if not _HTML_SANITIZER.search(h.text) and (p, h) not in answer_side and not set(_CALLED.findall(code_text(h.text))) & answer_checkers
            and _INJECTION_SPECIFIC.search(h.text)  # off the path, only a check made for injection says anything
        ]
        for path, hit in elsewhere[:1]:
            ev.append(ev_hit(path, hit, "injection check defined", INF, why="exists in the code, but not on the path of any model call"))
        if elsewhere:
            return Verdict(Status.WARN, f"an injection check exists ({_names(sorted({p for p, _ in elsewhere}))}), but user input reaches model calls without passing it", tuple(ev))
        return Verdict(Status.FAIL, "user input reaches model calls with no injection check or sanitizer on the way", tuple(ev))
    unsanitized = [p for p in exposed_files if p not in sanitized]
    if unsanitized:
        return Verdict(Status.WARN, f"input taken and sent without an injection check on the path: {_names(unsanitized)}", tuple(ev))
    unseen = ""
    if handed and not inputs:
        for path, hit in _one_per_file(handed)[:2]:
            ev.append(ev_hit(path, hit, "model call fed by a parameter", INF, why="the type's name says request or message; what callers pass in is not followed"))
        unseen = f"; model calls take requests or messages from callers in other files ({_names(sorted({p for p, _ in handed}))}): check by hand where that text comes from"
    if weak_prompts:
        return Verdict(Status.WARN, f"prompts need hardening ({_names(sorted({h.rule_id for h in weak_prompts}))} in {_names(h.path for h in weak_prompts)}){unseen}", tuple(ev))
    if templated and not {finding.location.path for finding in templated} <= sanitized:
        return Verdict(Status.WARN, f"untrusted text formatted into instruction templates ({_plural(len(templated), 'place')}){unseen}", tuple(ev))
    if not inputs:
        if not v.models and not v.signal_only_calls:
            return Verdict(Status.MANUAL, "no model call lint can follow: where user input goes cannot be seen", tuple(ev))
        elsewhere_in = [(p, h) for p, h in v.hits("user_input") + v.hits("web_route") if p not in v.models and not _KEY_WIDGET.search(h.text)]
        if handed and not elsewhere_in:
            return Verdict(Status.MANUAL, f"functions that call models take requests or messages from callers in other files ({_names(sorted({p for p, _ in handed}))}): "
                           "where that text comes from is not followed, check it by hand", tuple(ev))
        if elsewhere_in:
            path, hit = elsewhere_in[0]
            ev.append(ev_hit(path, hit, "input read in a file that calls no model itself", INF, why="its way to a model call in another file is not followed"))
            return Verdict(Status.MANUAL, f"user input is read in files that call no model themselves ({_names(sorted({p for p, _ in elsewhere_in}))}): its way to the model is not followed, check it by hand", tuple(ev))
        return Verdict(Status.PASS, "no untrusted input is read on the path of any model call", tuple(ev))
    return Verdict(Status.PASS, f"user input passes an injection check before the model ({_names(sorted(sanitized))})", tuple(ev))


def _byok_note(v: View) -> str:
    return " (bring-your-own-key app: the limits protect the server, not the owner's bill)" if v.applicability.byok else ""


@evaluator("CHK07", needs=("lint", "signals"))
def size_limits(v: View) -> Verdict:
    """Output caps on every call and a bound on the input that reaches the model."""
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    uncapped = v.lint("AIS401")
    chosen = v.lint("AIS405")
    for finding in uncapped:
        ev.append(ev_finding(finding, CON, "lint", why="a model call without an output token cap"))
    for finding in chosen:
        ev.append(ev_finding(finding, CON, "lint", why="the client chooses the model or token budget"))
    blind = [
        facts for facts in v.signal_only_calls
        if suffix(facts.path) in CODE_EXT and not facts.has("output_cap")
    ]
    for facts in blind:
        call = facts.first("ai_call")
        assert call is not None
        ev.append(ev_hit(facts.path, call, "model call without an output cap", CON, why="no max_tokens-style cap in this file"))
    # a local module named agents.py (CrewAI projects) is not the SDK: its Runner must run somewhere
    runs_agents = any(re.search(r"\bRunner\.run", h.text) for _, h in v.hits("ai_call"))
    agent_files = [f for f in v.files_with("agents_sdk_import") if suffix(f.path) == ".py"] if runs_agents else []
    # Agents SDK: the cap is ModelSettings(max_tokens=...) on the agent or the run; one shared
    # settings object anywhere in the agents code may serve every agent, so any cap there counts
    agents_capped = any(f.has("output_cap") for f in agent_files)
    uncapped_agents = [] if agents_capped else [f for f in agent_files if f.has("agents_sdk_agent")]
    for facts in uncapped_agents[:4]:
        hit = facts.first("agents_sdk_agent")
        assert hit is not None
        ev.append(ev_hit(facts.path, hit, "agent without an output cap", CON,
                         why="no ModelSettings(max_tokens=...) in the Agents SDK code: each of the agent's turns runs uncapped"))
    guards = [(p, h) for p, h in v.path_hits("input_size_guard") if not _NOT_A_BOUND.search(h.text) and _SIZE_WORDS.search(h.text)]
    served = {p for p, _ in v.model_routes}
    guards += [(p, h) for p, h in v.hits("input_size_guard") if p in served and _BODY_LIMIT.search(h.text) and (p, h) not in guards]
    guards += v.hits("input_size_guard", ("config",))
    for path, hit in guards[:3]:
        line, _ = v.first_call(path)
        if path in v.models and _BODY_LIMIT.search(hit.text):
            why = "a request body limit on the server whose routes call models"
        elif path in v.models:
            why = f"bounds data on the path of the model call at line {line}"
        else:
            why = "a request size limit in the server configuration"
        ev.append(ev_hit(path, hit, "input size bounded", SUP, why=why))
    ev += v.hollow_evidence("input_size_guard", "input size bound")
    note = _byok_note(v)
    if uncapped_agents and not uncapped and not blind:
        return Verdict(Status.FAIL, f"{_plural(len(uncapped_agents), 'file')} of Agents SDK agents without ModelSettings(max_tokens=...){note}", tuple(ev))
    if not v.models and not v.signal_only_calls and v.facts.engine("lint").ok and not uncapped and not chosen:
        return Verdict(Status.MANUAL, "no model call lint can follow (the SDK in use is not in lint's table): caps and input limits cannot be checked", tuple(ev))
    if uncapped or blind:
        extra = f" (and {_plural(len(uncapped_agents), 'file')} of Agents SDK agents)" if uncapped_agents else ""
        return Verdict(Status.FAIL, f"{_plural(len(uncapped) + len(blind), 'model call')} without an output token cap{extra}{note}", tuple(ev))
    if chosen:
        return Verdict(Status.FAIL, f"the client chooses the model or token budget ({_plural(len(chosen), 'place')}){note}", tuple(ev))
    opaque = [(path, c) for path, m in v.models.items() if not is_test_path(path) for c in m.calls if c.opaque_cap]
    for path, c in opaque[:4]:
        ev.append(Evidence("code", f"output cap not visible: {c.desc[:100]} takes its options from **kwargs", MIS, path, c.line, "lint",
                           "no max_tokens-style keyword at the call; whether the options hold a cap is decided elsewhere"))
    if not guards:
        ev.append(Evidence("code", "no length or token check of the input on the path of any model call", MIS, source="signals",
                           why="input size is unbounded unless checked before the call"))
    if opaque:
        bound = "input size is bounded" if guards else "no input size limit was found"
        return Verdict(Status.WARN, f"{_plural(len(opaque), 'model call')} take their options from **kwargs: no output cap is visible at the call ({bound}){note}", tuple(ev))
    if not guards:
        return Verdict(Status.WARN, f"output is capped, but no input size limit was found before the model calls{note}", tuple(ev))
    return Verdict(Status.PASS, f"every model call caps its output and input size is bounded before the call{note}", tuple(ev))


def _attestation_problem(v: View, att: Attestation, needs_reference: bool) -> str:
    stale = v.fresh(att.verified_on, v.options.attestation_days) if att.verified_on is not None else ""
    if stale:
        return f"attestation expired: verified_on {stale}"
    if att.reference:
        exists = v.reference(att.reference)
        if exists is False:
            return f"the reference {att.reference} does not exist in the repository"
    elif needs_reference:
        return "attested without a reference to the configuration that enforces it"
    return ""



@evaluator("CHK08", needs=("lint", "signals"), policy=True)
def rate_limits(v: View) -> Verdict:
    """A per-user limiter on every route (or UI script) that calls a model."""
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    policy = v.facts.policy
    att = policy.rate_limiting if policy is not None else None
    outside = att is not None and att.enforced_by not in ("app", "none")
    routes_without = v.lint("AIS404")
    for f in routes_without:
        # a gateway in front of the application covers routes the code leaves open
        ev.append(ev_finding(f, INF if outside else CON, "lint", why="this route calls a model and has no limiter"))
    route_files = {p for p, _ in v.model_routes} | {m.path for m in v.ui_scripts}
    limited_routes = [(p, r) for p, r in v.model_routes if r.limited]
    for path, route in limited_routes[:3]:
        ev.append(Evidence("code", f"route {route.name} is rate limited", SUP, path, route.line, "lint",
                           "a limiter on a route whose handler calls a model"))
    # a limiter class or function defined, or imported, is not one applied to anything
    code_limiter = [(p, h) for p, h in v.hits("rate_limiter") if p in route_files and not _DEFINITION.search(code_text(h.text)) and not _IMPORT.search(h.text)]
    gateway = v.hits("rate_limiter", ("config",))
    per_user = [(p, h) for p, h in v.hits("rate_limit_user", ("code", "config")) if p in route_files or p.endswith((".conf", ".yaml", ".yml", ".toml", ".json"))]
    # in code, "per user" is a word of a name or a docstring: what a limit is keyed on is its key
    per_user = [(p, h) for p, h in per_user if suffix(p) not in CODE_EXT or v.matches_without("rate_limit_user", h.text, _PER_USER_WORDS)]
    per_ip = [(p, h) for p, h in v.hits("rate_limit_ip", ("code", "config")) if p in route_files or p.endswith((".conf", ".yaml", ".yml", ".toml", ".json"))]
    pkgs = v.declared("rate_limiters")
    for path, hit in code_limiter[:3]:
        ev.append(ev_hit(path, hit, "rate limiter", SUP, why="a limiter in a file whose routes call models"))
    for path, hit in gateway[:2]:
        ev.append(ev_hit(path, hit, "gateway rate limit", SUP, "config", why="a rate limit in the gateway configuration"))
    for path, hit in per_user[:2]:
        ev.append(ev_hit(path, hit, "limit keyed on the user", SUP, why="the limit counts per user or API key"))
    for path, hit in per_ip[:2]:
        ev.append(ev_hit(path, hit, "limit keyed on the client IP", INF, why="per address, not per user"))
    for p in pkgs[:2]:
        ev.append(Evidence("config", f"rate limiter {p.name} declared", INF, p.path, p.line, "deps", "declared only: its use on the routes is what counts"))
    ev += v.hollow_evidence("rate_limiter", "rate limiter")
    code_per_user = bool((code_limiter or gateway or limited_routes) and per_user and not routes_without)
    note = _byok_note(v)
    if att is not None:
        said_none = att.enforced_by == "none"
        ev.append(v.ev_policy(f"rate_limiting enforced_by {att.enforced_by}" + (f", per {att.per}" if att.per else ""), (INF if code_per_user else CON) if said_none else SUP, att.line))
        if said_none and not code_per_user:
            return Verdict(Status.FAIL, "the policy says no rate limiting is enforced", tuple(ev))
        if att.enforced_by == "app" and routes_without:
            return Verdict(Status.FAIL, f"the policy says the app limits requests, but {_routes(len(routes_without))} models with no limiter", tuple(ev))
    if att is not None and outside:
        problem = _attestation_problem(v, att, needs_reference=True)
        if problem:
            return Verdict(Status.WARN, f"{att.enforced_by} rate limiting: {problem}", tuple(ev))
        if att.per and att.per not in PER_USER:
            return Verdict(Status.WARN, f"rate limiting at the {att.enforced_by} is per {att.per}, not per user", tuple(ev))
        if not att.per:
            return Verdict(Status.WARN, f"rate limiting at the {att.enforced_by}: the policy does not say what it is keyed on", tuple(ev))
        return Verdict(Status.PASS, f"per-{att.per} rate limiting enforced by the {att.enforced_by} (policy)", tuple(ev))
    if v.example and att is None:
        return v.example_verdict("rate limiting of a deployment", ev)
    limiter = bool(code_limiter or gateway or limited_routes)
    if routes_without:
        if v.applicability.byok:
            return Verdict(Status.WARN, f"{_routes(len(routes_without))} models with no rate limit{note}", tuple(ev))
        if limiter or att is not None:
            return Verdict(Status.WARN, f"a limiter exists, but {_routes(len(routes_without))} models without it", tuple(ev))
        return Verdict(Status.FAIL, f"{_routes(len(routes_without))} models with no rate limit", tuple(ev))
    if limiter:
        if per_user:
            return Verdict(Status.PASS, "routes that call models are rate limited per user", tuple(ev))
        if per_ip:
            return Verdict(Status.WARN, "the rate limit is keyed on the client IP, not the user", tuple(ev))
        return Verdict(Status.WARN, "routes that call models are rate limited, but not what the limit is keyed on (user or IP)", tuple(ev))
    if v.ui_scripts:
        for script in v.ui_scripts[:3]:
            call = script.calls[0]
            ev.append(Evidence("code", f"model call in a UI script: {call.desc}", CON if not v.applicability.byok else MIS, script.path, call.line, "lint",
                               "every visitor's session runs this call; nothing limits how often"))
        if v.applicability.byok:
            return Verdict(Status.WARN, f"UI scripts call models with no limit{note}", tuple(ev))
        return Verdict(Status.FAIL, f"{_plural(len(v.ui_scripts), 'UI script')} call models for every visitor with no rate limiter", tuple(ev))
    record = "record rate_limiting (enforced_by, per, reference) in the policy file"
    return _unseen(v, ev, (
        f"the application has routes, but none calls a model in the same file (calls across files are not followed): check the limiter by hand and {record}",
        f"no model call lint can follow (the SDK in use is not in lint's table): which routes or UI scripts call models cannot be seen; {record}",
        f"a UI or web app ({{names}}) calls models through code in other files (not followed): check the limiter by hand and {record}",
        f"not a web application: {record} if it serves users",
    ))


_PROMPT_CONTEXT = re.compile(r"(?i)prompt|content|messages?|query|question|input|instruction|system|user")
_NOT_PROMPT = re.compile(r"(?i)\bprint\s*\(|\blog(?:ger|ging)?\.\w+\s*\(|console\.\w+\s*\(|/Users/|mlflow\.")


@evaluator("CHK09", needs=("signals", "pii?data"))
def pii_stripped(v: View) -> Verdict:
    """Personal data is redacted before it reaches a model; none sits in prompt data."""
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    # a test fixture is read by the tests, not sent by the application (as test code is left out)
    data_files = {p for p in v.facts.data_files if not is_test_path(p)}
    in_data = [h for h in v.facts.pii if h.path in data_files]
    data_pii = [h for h in in_data if not h.sample]
    samples = [h for h in in_data if h.sample]
    for h in data_pii[:6]:
        ev.append(Evidence("file", f"{h.rule_id} {h.entity.lower()} ×{h.count} in data sent to models", CON, h.path, h.line, "pii",
                           "real-looking personal data in a data file of the repository"))
    for h in samples[:2]:
        ev.append(Evidence("file", f"{h.rule_id} {h.entity.lower()} ×{h.count}: not counted", INF, h.path, h.line, "pii", h.sample))
    found = v.path_hits("pii_redaction")
    # a redaction run after every model call of its function cleans what is kept, not what is sent
    kept_side = [(p, h) for p, h in found if v.after_every_call(p, h.line)]
    redactions = [r for r in found if r not in kept_side]
    redacting = {p for p, _ in redactions}
    pkgs = v.declared("redaction")
    for path, hit in redactions[:3]:
        ev.append(ev_hit(path, hit, "redaction step", SUP, why="redaction on the path of a model call"))
    for path, hit in kept_side[:2]:
        ev.append(ev_hit(path, hit, "redaction after the model call", INF,
                         why=f"runs after the call at line {v.last_call_before(path, hit.line)}: it cleans what is kept, not what is sent"))
    for p in pkgs[:2]:
        ev.append(Evidence("config", f"redaction library {p.name} declared", INF, p.path, p.line, "deps", "declared only: its use is what counts"))
    ev += v.hollow_evidence("pii_redaction", "redaction step")
    fields = [(p, h) for p, h in v.path_hits("pii_field_in_prompt") if _PROMPT_CONTEXT.search(h.text) and not _NOT_PROMPT.search(h.text)]
    bare = [(path, hit) for path, hit in fields if path not in redacting]
    for path, hit in bare[:4]:
        ev.append(ev_hit(path, hit, "personal-data field formatted into a prompt", CON, why="a personal-data field is written into text on the path of a model call"))
    if data_pii:
        return Verdict(Status.FAIL, f"personal data in prompt or example data ({_names(sorted({h.path for h in data_pii}))})", tuple(ev))
    if bare and not redacting:
        return Verdict(Status.FAIL, f"personal-data fields go into prompts with no redaction step ({_names(p for p, _ in bare)})", tuple(ev))
    if bare:
        return Verdict(Status.WARN, f"personal-data fields formatted into prompts in files without redaction ({_names(p for p, _ in bare)})", tuple(ev))
    if redacting:
        return Verdict(Status.PASS, f"a redaction step is applied before model calls ({_names(sorted(redacting))})", tuple(ev))
    ev.append(Evidence("code", "no redaction step (redact, strip_pii, Presidio, scrubadub …) on the path of any model call", MIS, source="signals"))
    if kept_side:
        return Verdict(Status.WARN, f"redaction runs only after the model calls ({_names(sorted({p for p, _ in kept_side}))}): nothing strips personal data before sending", tuple(ev))
    return Verdict(Status.WARN, "no redaction step found: cannot tell whether personal data is stripped before sending", tuple(ev))


@evaluator("CHK10", needs=("signals",), policy=True)
def classification_documented(v: View) -> Verdict:
    """A data classification document: levels, AI providers, a recent review."""
    ev: list[Evidence] = []
    policy = v.facts.policy
    claim = policy.data_classification if policy is not None else None
    docs = list(v.facts.docs)
    chosen = None
    if claim is not None:
        exists = v.reference(claim.document)
        ev.append(v.ev_policy(f"data_classification.document: {claim.document}", SUP if exists is not False else CON, claim.line))
        if exists is False:
            return Verdict(Status.FAIL, f"the policy names {claim.document}, which does not exist", tuple(ev))
        chosen = next((d for d in docs if d.path == claim.document.lstrip("./")), None)
    if chosen is None:
        ranked = sorted(docs, key=lambda d: (d.kind != "document", -len(d.levels), d.path))
        chosen = ranked[0] if ranked else None
    if chosen is None:
        if claim is not None and v.reference(claim.document) is None:
            ev.append(v.ev_policy("document is outside the repository: content not checked", INF, claim.line))
            return Verdict(Status.WARN, f"the data classification document {claim.document} is outside the repository", tuple(ev))
        ev.append(Evidence("file", "no DATA_CLASSIFICATION.md, docs/**/data-classification*, or 'Data classification' section", MIS, source="docs"))
        return Verdict(Status.FAIL, "no data classification document found", tuple(ev))
    ev.append(Evidence("file", f"classification {chosen.kind}: levels {', '.join(chosen.levels) or 'none found'}", SUP, chosen.path, chosen.line, "docs"))
    problems = []
    if len(chosen.levels) < 3:
        problems.append(f"only {_plural(len(chosen.levels), 'classification level')} named")
    if not chosen.mentions_ai:
        problems.append("silent on what may be sent to AI providers")
    reviewed = claim.last_reviewed if claim is not None and claim.last_reviewed is not None else chosen.review_date
    stale = v.fresh(reviewed, v.options.review_days)
    if reviewed is not None:
        line = claim.line if claim is not None and claim.last_reviewed is not None else chosen.review_line
        where = v.ev_policy(f"last reviewed {reviewed}", SUP if not stale else CON, line) if claim is not None and claim.last_reviewed else Evidence(
            "file", f"last reviewed {reviewed}", SUP if not stale else CON, chosen.path, line, "docs"
        )
        ev.append(where)
    if stale:
        problems.append(f"review {stale}" if reviewed is not None else "no review date")
    for problem in problems:
        ev.append(Evidence("file", problem, MIS, chosen.path, chosen.line, "docs"))
    if problems:
        return Verdict(Status.WARN, f"{chosen.path}: {'; '.join(problems)}", tuple(ev))
    return Verdict(Status.PASS, f"{chosen.path}: {len(chosen.levels)} levels, covers AI providers, reviewed {reviewed}", tuple(ev))



@evaluator("CHK11", needs=("lint", "signals"))
def output_validated(v: View) -> Verdict:
    """Model output is validated or escaped before it is used or shown."""
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    sinks = v.lint("AIS301", "AIS302", "AIS303", "AIS304", "AIS305", "AIS306", "AIS307", "AIS308")
    severe = [f for f in sinks if f.severity.value in ("critical", "high")]
    mild = [f for f in sinks if f not in severe]
    for f in [*severe, *mild]:
        ev.append(ev_finding(f, CON, "lint", why="lint followed model output into this sink"))
    # a value checked before the model is called is the request, not the answer; a structured-output
    # setting (response_format, with_structured_output, an output parser) configures the call itself
    checks = [
        (p, h) for p, h in v.path_hits("output_validation")
        if not (_VALUE_CHECK.search(code_text(h.text)) and v.before_every_call(p, h.line))
    ]
    for path, hit in checks[:4]:
        ev.append(ev_hit(path, hit, "output validated", SUP, why="structured output, schema validation or escaping on the path of a model call"))
    ev += v.hollow_evidence("output_validation", "output check")
    if severe:
        return Verdict(Status.FAIL, f"model output reaches unsafe sinks ({_names(sorted({f.rule_id for f in severe}))})", tuple(ev))
    if mild:
        return Verdict(Status.WARN, f"model output used in risky places ({_names(sorted({f.rule_id for f in mild}))})", tuple(ev))
    if checks:
        return Verdict(Status.PASS, "model output is validated or escaped before use", tuple(ev))
    ev.append(Evidence("code", "no schema validation, parsing or escaping of model output on the path of a model call", MIS, source="signals"))
    return Verdict(Status.WARN, "no validation of model output found (it may be returned to callers unchecked)", tuple(ev))


@evaluator("CHK12", needs=("signals",), policy=True)
def output_moderated(v: View) -> Verdict:
    """A moderation or guardrail step whose result decides what the user gets."""
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    disabled = v.hits("safety_disabled", ("code", "config"))
    for path, hit in disabled:
        ev.append(ev_hit(path, hit, "safety filter disabled", CON, why="the provider's own filter is switched off"))
    gates = v.path_hits("output_gate")
    moderations = v.path_hits("moderation_call")
    gated = [(p, h) for p, h in moderations if any(gp == p and v.same_span(p, h.line, g.line) for gp, g in gates)]
    ungated = [(p, h) for p, h in moderations if (p, h) not in gated]
    ai_files = set(v.models) | v.ai_paths | {f.path for f in v.files_with("ai_import")}  # SDK sessions built where no call is seen
    wired = [(p, h) for p, h in v.hits("guardrail_wiring", ("code", "config")) if p in ai_files or not p.endswith(tuple(CODE_EXT))]
    settings_on = [(p, h) for p, h in v.hits("safety_settings_on", ("code", "config")) if p in ai_files]
    for path, hit in gated[:3]:
        ev.append(ev_hit(path, hit, "moderation checked", SUP, why="a moderation call whose result is tested before the answer is returned"))
    for path, hit in wired[:3]:
        ev.append(ev_hit(path, hit, "output guardrail wired in", SUP, why="a guardrail configured on the model or agent call gates its output"))
    for path, hit in settings_on[:2]:
        ev.append(ev_hit(path, hit, "provider safety threshold", SUP, why="the provider blocks content above this threshold"))
    for path, hit in ungated[:2]:
        ev.append(ev_hit(path, hit, "moderation result not acted on", MIS, why="the call runs, but nothing on its path tests the result"))
    ev += v.hollow_evidence("moderation_call", "moderation step")
    policy = v.facts.policy
    att = policy.content_filtering if policy is not None else None
    filters = gated or wired or settings_on
    if att is not None:
        said_none = att.enforced_by == "none" and not filters
        ev.append(v.ev_policy(f"content_filtering enforced_by {att.enforced_by}", CON if said_none else (INF if att.enforced_by == "none" else SUP), att.line))
    if disabled:
        return Verdict(Status.FAIL, "provider safety filters are switched off (BLOCK_NONE / OFF)", tuple(ev))
    if filters:  # the code shows it, whatever the policy says about other layers
        return Verdict(Status.PASS, "model output goes through moderation or guardrails that decide what is returned", tuple(ev))
    if att is not None and att.enforced_by == "none":
        return Verdict(Status.FAIL, "the policy says no content filtering is done", tuple(ev))
    facing = _user_facing(v)
    if att is not None:
        if att.enforced_by == "app":
            ev.extend(_user_facing(v, CON)[:1])
            if facing:
                return Verdict(Status.FAIL, "the policy says the app filters output, but no moderation or guardrail step is in the code", tuple(ev))
            return Verdict(Status.WARN, "the policy says the app filters output, but no moderation or guardrail step was found", tuple(ev))
        problem = _attestation_problem(v, att, needs_reference=False)
        if problem:
            return Verdict(Status.WARN, f"content filtering ({att.enforced_by}): {problem}", tuple(ev))
        return Verdict(Status.PASS, f"content filtering enforced by the {att.enforced_by} (policy)", tuple(ev))
    pkgs = v.declared("moderation")
    for p in pkgs[:2]:
        ev.append(Evidence("config", f"moderation library {p.name} declared", INF, p.path, p.line, "deps", "declared only: its use is what counts"))
    if ungated:
        return Verdict(Status.WARN, "a moderation call runs, but its result does not decide what is returned", tuple(ev))
    if pkgs and not facing:  # a library listed in a manifest filters nothing that reaches users
        return Verdict(Status.WARN, f"{_names(p.name for p in pkgs)} declared, but no filtering step in code", tuple(ev))
    if facing:
        ev.extend(facing[:2])
        # Azure OpenAI screens prompts and completions with its default content filter unless the
        # owner has been approved to change it: filtered, but on the provider's side only
        azure = [(p, h) for p, h in v.hits("provider_default_filter") if p in ai_files and not is_comment(h.text)]
        serving = {p for p, _ in v.model_routes} | {m.path for m in v.ui_scripts}
        if azure and serving <= {p for p, _ in azure}:  # every file that serves model output talks to Azure
            path, hit = azure[0]
            ev.append(ev_hit(path, hit, "Azure OpenAI deployment", INF, why="its default content filter applies unless the owner changed it"))
            return Verdict(Status.WARN, "user-facing output is filtered only by Azure OpenAI's default content filter (provider side, not visible here): "
                           "record content_filtering (enforced_by: provider, reference) in the policy file once its configuration is checked", tuple(ev))
        return Verdict(Status.FAIL, "user-facing output with no content filtering and no attestation", tuple(ev))
    record = "record content_filtering (enforced_by, reference) in the policy file"
    return _unseen(v, ev, (
        f"no user-facing output seen: the routes call no model in the same file (calls across files are not followed); {record}",
        f"no model call lint can follow (the SDK in use is not in lint's table): whether model output reaches users cannot be seen; {record}",
        f"a UI or web app ({{names}}) serves output of models called in other files (not followed): {record}",
        f"no user-facing output (no route or UI script returns model output): {record} if it serves users",
    ))


def _unseen(v: View, ev: list[Evidence], reasons: tuple[str, str, str, str]) -> Verdict:
    """MANUAL, with the reason lint could not see what the item needs: routes that call no model
    in their own file, an SDK not in lint's table, a UI calling models in other files (``{names}``
    in its reason), or no web application at all (the reasons in that order)."""
    routes, unknown_sdk, elsewhere, no_app = reasons
    if v.hits("web_route"):
        return Verdict(Status.MANUAL, routes, tuple(ev))
    if not v.models and not v.signal_only_calls and v.facts.engine("lint").ok:
        return Verdict(Status.MANUAL, unknown_sdk, tuple(ev))
    ui = _ui_elsewhere(v)
    return Verdict(Status.MANUAL, elsewhere.format(names=_names(ui)) if ui else no_app, tuple(ev))


def _ui_elsewhere(v: View) -> list[str]:
    """Files that build a UI or web app but call no model themselves (the calls are in other files)."""
    return sorted({p for p, h in v.hits("ui_framework") + v.hits("web_app") if p not in v.models and not is_comment(h.text)})


def _user_facing(v: View, outcome: Outcome = MIS) -> list[Evidence]:
    """Routes and UI scripts that return model output (lint's routes, not imports)."""
    out = []
    for path, route in v.model_routes[:2]:
        out.append(Evidence("code", f"route {route.name} returns model output", outcome, path, route.line, "lint",
                            "a route that calls a model, with no moderation on its path"))
    for script in v.ui_scripts[:2]:
        call = script.calls[0]
        out.append(Evidence("code", f"UI script shows model output: {call.desc}", outcome, script.path, call.line, "lint",
                            "model output shown to users, with no moderation on its path"))
    return out


def _provider_key(name: str) -> str:
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    aliases = {
        "gemini": "google", "google-ai": "google", "vertex": "google", "vertex-ai": "google", "google-genai": "google",
        "azure": "azure-openai", "azure-open-ai": "azure-openai", "aws-bedrock": "bedrock", "amazon-bedrock": "bedrock",
        "mistralai": "mistral", "claude": "anthropic", "gpt": "openai", "open-ai": "openai",
    }
    return aliases.get(key, key)



@evaluator("CHK13", needs=("signals",), policy=True)
def spend_caps(v: View) -> Verdict:
    """A daily spending cap per provider: checked in code before calls, in a proxy, or attested."""
    if not v.ai_in_use:
        return _skip_no_ai()
    providers, saw_local = v.providers
    if not providers and saw_local:
        return Verdict(Status.SKIP, "only local models are called (no per-call spend)")
    policy = v.facts.policy
    budgets = policy.budgets if policy is not None else None
    if v.applicability.byok and not budgets:
        return Verdict(Status.SKIP, f"bring-your-own-key app: {v.applicability.byok_reason}")
    ev: list[Evidence] = []
    checks = v.path_hits("budget_check")
    # a configuration's daily limit is a spending cap when it is money (a mailer's daily_limit is not)
    proxy_daily = [(p, h) for p, h in v.hits("budget_guard_daily", ("config",)) if _MONEY.search(h.text)]
    proxy_any = v.hits("budget_guard", ("config",))
    daily_code = [(p, h) for p, h in checks if re.search(r"(?i)daily|per_?day|24\s*h|today", h.text)] + proxy_daily
    any_code = [(p, h) for p, h in checks if (p, h) not in daily_code] + proxy_any
    for path, hit in daily_code[:3]:
        why = "spend compared with a daily cap before the model call" if path in v.models else "a daily budget in the proxy configuration"
        ev.append(ev_hit(path, hit, "daily spending cap", SUP, why=why))
    for path, hit in any_code[:2]:
        ev.append(ev_hit(path, hit, "spending cap", INF, why="a cap, but not a daily one"))
    ev += v.hollow_evidence("budget_check", "spending cap")
    none_claims = [b for b in budgets or () if b.enforced_by == "none"]
    for b in none_claims:
        ev.append(v.ev_policy(f"budget for {b.provider} is enforced by nobody", INF if daily_code else CON, b.line))
    if none_claims and daily_code:
        return Verdict(Status.PASS, "a daily spending cap is checked in code (no provider-side budget)", tuple(ev))
    if none_claims:
        return Verdict(Status.FAIL, f"the policy says no budget is enforced for {_names(b.provider for b in none_claims)}", tuple(ev))
    if budgets:
        covered: set[str] = set()
        problems: list[str] = []
        for b in budgets:
            key = _provider_key(b.provider)
            stale = v.fresh(b.verified_on, v.options.attestation_days)
            detail = f"budget {b.provider}: " + (f"${b.daily_usd:g}/day" if b.daily_usd is not None else "no daily amount")
            if b.enforced_by:
                detail += f", enforced by {b.enforced_by}"
            ev.append(v.ev_policy(detail + (f" ({stale})" if stale else f", verified {b.verified_on}"), SUP if not stale else CON, b.line))
            if b.daily_usd is None:
                problems.append(f"{b.provider}: no daily_usd")
            if stale:
                problems.append(f"{b.provider}: {stale}")
            if b.reference and v.reference(b.reference) is False:
                problems.append(f"{b.provider}: reference {b.reference} does not exist")
            if b.enforced_by == "app" and not (daily_code or any_code):
                problems.append(f"{b.provider}: the policy says the app enforces it, but no budget check was found in code")
            covered.add(key)
        wildcard = bool(covered & {"all", "*", "any", "every"})
        paid = {_provider_key(p) for p in providers}
        uncovered = sorted(p for p in paid if p != "unknown" and p not in covered) if not wildcard else []
        if "unknown" in paid and not covered:
            uncovered.append("unknown")
        if uncovered and not daily_code:
            problems.append(f"no budget for {_names(uncovered)}")
        if problems:
            return Verdict(Status.WARN, "; ".join(problems), tuple(ev))
        return Verdict(Status.PASS, f"daily budgets recorded for {_names(sorted(covered))}", tuple(ev))
    if daily_code:
        return Verdict(Status.PASS, "a daily spending cap is checked in code before model calls", tuple(ev))
    if v.example:
        return v.example_verdict("a spending limit", ev)
    if any_code:
        return Verdict(Status.WARN, "a spending cap exists in code, but not a daily one", tuple(ev))
    return Verdict(Status.MANUAL, "provider budgets cannot be seen in code: record them under budgets in the policy file (provider, daily_usd, enforced_by, verified_on)", tuple(ev))


@evaluator("CHK14", needs=("signals",))
def cost_estimated(v: View) -> Verdict:
    """Tokens or cost estimated before each call, usage recorded after it."""
    if not v.ai_in_use:
        return _skip_no_ai()
    if v.applicability.byok:
        return Verdict(Status.SKIP, f"bring-your-own-key app: {v.applicability.byok_reason}")
    ev: list[Evidence] = []
    # a helper the calling function hands its input or response to counts (same file)
    estimate = [(p, h) for p, h in v.helper_path_hits("token_count") if not _DEFINITION.search(code_text(h.text))]
    tables = v.hits("price_table", ("code", "config"))
    usage = [(p, h) for p, h in v.helper_path_hits("usage_accounting") if not _DEFINITION.search(code_text(h.text)) and not _PROSE.search(code_text(h.text))]
    unaccounted = v.lint("AIS406")
    for path, hit in estimate[:3]:
        ev.append(ev_hit(path, hit, "cost or tokens estimated", SUP, why="tokens counted or cost estimated on the path of a model call"))
    for path, hit in tables[:1]:
        ev.append(ev_hit(path, hit, "price table", INF, why="a table is data: what counts is an estimate computed from it"))
    for path, hit in usage[:3]:
        ev.append(ev_hit(path, hit, "usage recorded", SUP, why="the response's token usage is read after the call"))
    for f in unaccounted:
        ev.append(ev_finding(f, CON, "lint", why="routes call models and nothing reads the usage"))
    ev += v.hollow_evidence("token_count", "token estimate")
    if v.example:
        return v.example_verdict("per-request cost accounting", ev)
    if not estimate:
        ev.append(Evidence("code", "no token counting or cost estimate on the path of any model call", MIS, source="signals"))
    if not usage:
        ev.append(Evidence("code", "response usage is never read on the path of a model call", MIS, source="signals"))
    if estimate and usage:
        if unaccounted:
            return Verdict(Status.WARN, f"cost is estimated, but {_plural(len(unaccounted), 'route file')} never read usage", tuple(ev))
        return Verdict(Status.PASS, "cost is estimated before calls and usage recorded after them", tuple(ev))
    if usage:
        return Verdict(Status.WARN, "usage is recorded after calls, but nothing estimates cost before them", tuple(ev))
    if estimate:
        return Verdict(Status.WARN, "cost is estimated, but response usage is never recorded", tuple(ev))
    return Verdict(Status.FAIL, "no cost estimation before calls and no usage accounting after them", tuple(ev))


@evaluator("CHK15", needs=("lint", "signals", "pii?logs"))
def calls_logged(v: View) -> Verdict:
    """Each model call is logged (metadata, not raw text) on its own code path."""
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    raw = v.lint("AIS601", "AIS102")
    for finding in raw:
        ev.append(ev_finding(finding, CON, "lint", why="raw prompt, response or key written to a log"))
    logs = set(v.facts.log_files)
    pii = [h for h in v.facts.pii if h.path in logs and not h.sample]
    for h in pii[:4]:
        ev.append(Evidence("file", f"{h.rule_id} {h.entity.lower()} ×{h.count} in a committed log", CON, h.path, h.line, "pii", "personal data kept in a committed log"))
    logging_hits = [
        (p, h) for p, h in v.path_hits("call_logging")
        if not _ERROR_LOG.search(h.text) and v.near_call(p, h.line) and (_TRAFFIC.search(h.text) or v.just_after_call(p, h.line))
    ]
    logged_files = {p for p, _ in logging_hits}
    call_files = sorted(set(v.models) | {f.path for f in v.signal_only_calls})
    unlogged = [p for p in call_files if p not in logged_files]
    for path, hit in _one_per_file(logging_hits):
        line, _ = v.first_call(path)
        ev.append(ev_hit(path, hit, "call logged", SUP, why=f"logging on the path of the model call at line {line}"))
    records = [(p, h) for p, h in v.hits("traffic_record") if not is_comment(h.text)] if unlogged else []
    for path, hit in records[:2]:
        ev.append(ev_hit(path, hit, "model exchange recorded", SUP, why="a central step records what the model calls return"))
    for path in unlogged[:4]:
        line, call = v.first_call(path)
        if records:
            ev.append(Evidence("code", f"model call logged only by the central record step: {call[:100]}", INF, path, line, "lint",
                               "no logging where the call is made; the exchange is recorded elsewhere"))
        else:
            ev.append(Evidence("code", f"model call with no logging on its path: {call[:100]}", MIS, path, line, "lint",
                               "no record of this call (model, tokens, latency) where it is made"))
    for path, hit in v.hits("log_redaction")[:1]:
        ev.append(ev_hit(path, hit, "logging filter", SUP, why="a filter that redacts log records"))
    ev += v.hollow_evidence("call_logging", "log call") + v.hollow_evidence("traffic_record", "record step", 1)
    if raw:
        return Verdict(Status.FAIL, f"prompts, responses or keys are written to logs ({_plural(len(raw), 'place')})", tuple(ev))
    if pii:
        return Verdict(Status.FAIL, f"personal data in committed logs ({_names(sorted({h.path for h in pii}))})", tuple(ev))
    if v.example:
        return v.example_verdict("logging of model traffic in a deployment", ev)
    if not call_files:
        return Verdict(Status.MANUAL, "no model call lint can follow: cannot tell whether calls are logged", tuple(ev))
    if records:
        where = _names(sorted({p for p, _ in records}))
        return Verdict(Status.WARN, f"model exchanges are recorded by a central step ({where}) away from the calls: check the record keeps no raw prompts or personal data", tuple(ev))
    if not logged_files:
        return Verdict(Status.WARN, "model calls are not logged", tuple(ev))
    if unlogged:
        return Verdict(Status.WARN, f"{_plural(len(unlogged), 'file')} call models without logging ({_names(unlogged)})", tuple(ev))
    return Verdict(Status.PASS, "every model call is logged on its path, and no raw prompt or response is logged", tuple(ev))


@evaluator("CHK16", needs=("signals",), policy=True)
def anomaly_alerts(v: View) -> Verdict:
    """Alerts on token and cost spikes, in the repository or attested."""
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    alert_files = [f for f in v.files_with("alert_rule", ("config", "code")) if f.has("usage_words")]
    # in code: a spike check on usage that is run (not only defined) and a notification sent
    # from the same file; an outlier filter and a toast on a data page are neither
    usage = v.signal("usage_words")
    notifying = {p for p, h in v.hits("alert_call") if not _DEFINITION.search(code_text(h.text))}
    checks = [(p, h) for p, h in v.hits("anomaly_code") if p in notifying and not _DEFINITION.search(code_text(h.text)) and usage is not None and usage.regex.search(h.text)]
    code_alerts = [f for f in v.application_files if f.path in {p for p, _ in checks}]
    for f in alert_files[:3]:
        hit = f.first("alert_rule")
        assert hit is not None
        ev.append(ev_hit(f.path, hit, "alert on usage", SUP, f.kind))
    for path, hit in _one_per_file(checks)[:2]:
        ev.append(ev_hit(path, hit, "anomaly check with an alert", SUP))
    ev += v.hollow_evidence("alert_call", "alert")
    metrics = v.hits("usage_metrics")
    for path, hit in metrics[:2]:
        ev.append(ev_hit(path, hit, "usage metric emitted", INF))
    policy = v.facts.policy
    mon = policy.monitoring if policy is not None else None
    if alert_files or code_alerts:
        return Verdict(Status.PASS, f"alerts on usage defined ({_names(f.path for f in [*alert_files, *code_alerts])})", tuple(ev))
    if mon is not None:
        ev.append(v.ev_policy(f"monitoring: {', '.join(mon.anomaly_alerts) or 'no alerts listed'}" + (f" in {mon.tool}" if mon.tool else ""), SUP if mon.anomaly_alerts else MIS, mon.line))
        problems = []
        if not mon.anomaly_alerts:
            problems.append("no anomaly_alerts listed")
        stale = v.fresh(mon.verified_on, v.options.attestation_days)
        if stale:
            problems.append(f"verified_on {stale}")
        if not mon.reference:
            problems.append("no reference to the alert definitions")
        elif v.reference(mon.reference) is False:
            problems.append(f"the reference {mon.reference} does not exist")
        if problems:
            return Verdict(Status.WARN, f"monitoring attestation: {'; '.join(problems)}", tuple(ev))
        return Verdict(Status.PASS, f"anomaly alerts attested: {_names(mon.anomaly_alerts)}", tuple(ev))
    if v.example:
        return v.example_verdict("usage monitoring of a deployment", ev)
    if metrics:
        return Verdict(Status.WARN, "usage metrics are emitted, but no alert on them was found", tuple(ev))
    return Verdict(Status.MANUAL, "no usage alerts in the repository and no monitoring in the policy file: record monitoring (anomaly_alerts, tool, reference, verified_on)", tuple(ev))


def _guard(item_id: str, verdict: Verdict, facts: Facts) -> Verdict:
    """No PASS (or WARN, MANUAL, SKIP) on evidence an engine could not provide."""
    if verdict.status in (Status.FAIL, Status.ERROR):
        return verdict
    registered = EVALUATORS[item_id]
    wanted = registered.skip_needs if verdict.status is Status.SKIP else registered.needed(facts)
    broken = [facts.engine(n) for n in wanted if facts.engine(n).state not in (OK, SKIPPED)]
    if not broken:
        return verdict
    notes = tuple(Evidence("engine", f"{e.name}: {e.detail or e.state}", INF, source=e.name) for e in broken)
    failed = [e for e in broken if e.state != "missing"]
    if failed:
        e = failed[0]
        return Verdict(Status.ERROR, f"collector failed: {e.detail or e.name}", verdict.evidence + notes)
    e = broken[0]
    detail = e.detail if e.detail.startswith("engine not available") else f"engine not available: {e.name}"
    return Verdict(Status.MANUAL, detail, verdict.evidence + notes)


def _evidence_order(evidence: Sequence[Evidence]) -> tuple[Evidence, ...]:
    rank = {CON: 0, MIS: 1, SUP: 2, INF: 3}
    ordered = sorted(enumerate(evidence), key=lambda pair: (rank[pair[1].outcome], pair[0]))
    return tuple(e for _, e in ordered[:MAX_EVIDENCE])


def evaluate_items(specs: Sequence[ItemSpec], facts: Facts, options: ChecklistOptions, tables: Mapping[str, Any]) -> tuple[ItemResult, ...]:
    view = View(facts, options, tables)
    results: list[ItemResult] = []
    for spec in specs:
        conf = options.item(spec.id)
        if conf.skip:
            verdict = Verdict(Status.SKIP, f"skipped in the configuration: {conf.skip}")
        else:
            try:
                verdict = EVALUATORS[spec.id].check(view)
            except Exception as exc:  # noqa: BLE001 - one item's bug must not hide the others
                verdict = Verdict(Status.ERROR, f"evaluation failed: {type(exc).__name__}: {exc}")
            verdict = _guard(spec.id, verdict, facts)
        status = verdict.status
        reason = verdict.reason
        original = None
        if options.strict and status is Status.MANUAL:
            original, status = status, Status.FAIL
            reason = f"(--strict) {reason}"
        results.append(ItemResult(spec, status, reason, _evidence_order(verdict.evidence), conf.required, False, original))
    return tuple(results)


# -- score and gate ------------------------------------------------------------------------


def totals(items: Sequence[ItemResult]) -> Totals:
    counts = {s.value: 0 for s in STATUS_ORDER}
    earned = possible = 0.0
    scored = 0
    for item in items:
        counts[item.status.value] += 1
        if item.status in POINTS:
            weight = WEIGHTS[item.spec.priority]
            earned += weight * POINTS[item.status]
            possible += weight * 10.0
            scored += 1
    score = round(100.0 * earned / possible, 1) if possible else None
    return Totals(counts, score, scored)


_FAILING = {
    "fail": {Status.FAIL},
    "warn": {Status.FAIL, Status.WARN},
    "manual": {Status.FAIL, Status.WARN, Status.MANUAL},
}


def gate(items: Sequence[ItemResult], sums: Totals, options: ChecklistOptions) -> tuple[tuple[ItemResult, ...], Gate]:
    failing_statuses = _FAILING[options.fail_on]
    marked: list[ItemResult] = []
    reasons: list[str] = []
    for item in items:
        if item.required is False:
            failing = False
        elif item.required is True:
            failing = item.status not in (Status.PASS, Status.SKIP, Status.ERROR)
        else:
            failing = item.status in failing_statuses
        marked.append(replace(item, failing=failing))
    failed = [i for i in marked if i.failing]
    if failed:
        reasons.append(f"{_plural(len(failed), 'item')} failing: {', '.join(i.id for i in failed)}")
    if options.min_score is not None and (sums.score is None or sums.score < options.min_score):
        shown = "no score" if sums.score is None else f"score {sums.score:g}"
        reasons.append(f"{shown} is below --min-score {options.min_score:g}")
    has_error = any(i.status is Status.ERROR for i in marked)
    if has_error:
        reasons.append(f"collector errors: {', '.join(i.id for i in marked if i.status is Status.ERROR)}")
    passed = not failed and not has_error and not (options.min_score is not None and (sums.score is None or sums.score < options.min_score))
    return tuple(marked), Gate(options.fail_on, options.strict, options.min_score, passed, tuple(reasons), has_error)


def evaluate(specs: Sequence[ItemSpec], facts: Facts, options: ChecklistOptions, tables: Mapping[str, Any]) -> tuple[tuple[ItemResult, ...], Totals, Gate]:
    """Items, totals and the gate for one run (pure)."""
    items = evaluate_items(specs, facts, options, tables)
    sums = totals(items)
    marked, decided = gate(items, sums, options)
    return marked, sums, decided


def applicability(facts: Facts, options: ChecklistOptions, tables: Mapping[str, Any]) -> Applicability:
    """What kind of repository the items were judged for (service or example; bring-your-own-key)."""
    return View(facts, options, tables).applicability
