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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from aisec_cli.checklist.collectors.selection import CODE_EXT, environment_of, is_test_path, suffix
from aisec_cli.checklist.facts import OK, SKIPPED, Facts, FileFacts, Hit
from aisec_cli.checklist.model import (
    POINTS,
    STATUS_ORDER,
    WEIGHTS,
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
from aisec_cli.core.findings import Finding

MAX_EVIDENCE = 12
LINT_LANGUAGES = frozenset(".py .pyi .pyw .js .mjs .cjs .jsx .ts .tsx .mts .cts".split())
PER_USER = frozenset({"user", "api-key", "tenant"})
_ALL_ENVIRONMENTS = frozenset({"all", "any", "*", "shared", "every", "all-environments", "global"})
_WEAK_CALL = re.compile(r"\.messages\.(?:create|stream)\s*\(|\bco\.chat\s*\(|\bRunner\.run|(?<!chat)\.completions\.create\s*\(")

CON, MIS, SUP, INF = Outcome.CONTRADICTS, Outcome.MISSING, Outcome.SUPPORTS, Outcome.INFO


# -- helpers -------------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _routes(n: int) -> str:
    return "1 route calls" if n == 1 else f"{n} routes call"


def _names(items: Iterable[str], limit: int = 4) -> str:
    values = list(dict.fromkeys(items))
    shown = ", ".join(values[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


def ev_finding(f: Finding, outcome: Outcome, source: str, detail: str | None = None) -> Evidence:
    text = detail or f"{f.rule_id}: {' '.join(f.message.split())}"
    if f.commit is not None and f.commit.sha:
        text += f" (commit {f.commit.sha[:10]})"
    return Evidence("finding", text[:240], outcome, f.location.path, f.location.line, source)


def ev_hit(path: str, hit: Hit, what: str, outcome: Outcome, kind: str = "code") -> Evidence:
    return Evidence(kind, f"{what}: {hit.text}" if hit.text else what, outcome, path, hit.line, "signals")


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
        return [f for f in self.application_files if f.kind in kinds and f.has(signal)]

    def hits(self, signal: str, kinds: Sequence[str] = ("code",)) -> list[tuple[str, Hit]]:
        return [(f.path, h) for f in self.files_with(signal, kinds) for h in f.signals[signal]]

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


def _skip_no_ai() -> Verdict:
    return Verdict(Status.SKIP, "no AI SDK call sites found: the item does not apply")


# -- the items -----------------------------------------------------------------------------


def chk01(v: View) -> Verdict:
    facts = v.facts
    ev: list[Evidence] = []
    tree = list(facts.secrets)
    hard = v.lint("AIS101", "AIS103")
    soft = v.lint("AIS102", "AIS104")
    for f in tree:
        ev.append(ev_finding(f, CON, "secrets", f"{f.rule_id}: {f.message}"))
    for f in hard:
        ev.append(ev_finding(f, CON, "lint"))
    unhandled = [leak for leak in v.leaks if not leak.handled and leak.finding.properties.get("in_working_tree") is not True]
    handled = [leak for leak in v.leaks if leak.handled and leak.finding.properties.get("in_working_tree") is not True]
    for leak in unhandled:
        f = leak.finding
        if leak.revoked_on is None:
            why = f"{f.rule_id} key in git history with no recorded revocation (fingerprint {f.fingerprint[:16]})"
        else:
            why = f"{f.rule_id} key leaked on {leak.when}, but the recorded revocation is dated {leak.revoked_on}, before the leak"
        ev.append(ev_finding(f, CON, "history", why))
    for leak in handled:
        ev.append(ev_finding(leak.finding, INF, "history", f"{leak.finding.rule_id} key in history, revoked on {leak.revoked_on}"))
    for f in soft:
        ev.append(ev_finding(f, CON, "lint"))
    for f in facts.secrets_suppressed[:3]:
        ev.append(ev_finding(f, INF, "secrets", f"{f.rule_id} suppressed ({f.suppression}): {f.message}"))
    for path, hit in v.hits("secrets_manager", ("code", "config"))[:2]:
        ev.append(ev_hit(path, hit, "key read from a secrets manager", SUP))
    for path, hit in v.hits("env_key_read")[:2]:
        ev.append(ev_hit(path, hit, "key read from the environment", SUP))
    if facts.history is None and facts.history_note:
        ev.append(Evidence("git", facts.history_note, INF, source="history"))
    if tree or hard:
        n = len(tree) + len(hard)
        where = _names(e.where() for e in ev if e.outcome is CON)
        return Verdict(Status.FAIL, f"{_plural(n, 'key')} hardcoded in the repository ({where})", tuple(ev))
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
    if v.hits("env_key_read"):
        sources.append("the environment")
    how = f"; keys come from {' and '.join(sources)}" if sources else ""
    scope = "the working tree and history" if facts.history is not None else "the working tree"
    return Verdict(Status.PASS, f"no keys in {scope}{how}", tuple(ev))


def chk02(v: View) -> Verdict:
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
    no_keys = bool(keys) and not any(p.ignored for p in keys)
    for probe in missing_env + (keys if no_keys else []):
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
        missing = [p.path for p in missing_env] + (["key files (*.key, *.pem)"] if no_keys else [])
        return Verdict(Status.FAIL, f"not ignored: {_names(missing)}", tuple(ev))
    if weak:
        scopes = {p.scope for p in weak}
        text = "a nested .gitignore" if scopes == {"nested"} else ".git/info/exclude or a global excludes file (not shared with the team)"
        return Verdict(Status.WARN, f"{_names(p.path for p in weak)} covered only by {text}", tuple(ev))
    if not facts.in_git:
        return Verdict(Status.WARN, "covered by .gitignore, but not a git repository (tracked files not checked)", tuple(ev))
    return Verdict(Status.PASS, ".env files and key files are ignored; none is tracked", tuple(ev))


def chk03(v: View) -> Verdict:
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


def chk04(v: View) -> Verdict:
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
    hints = v.hits("env_specific_key", ("code", "config"))
    for path, hit in hints[:4]:
        ev.append(ev_hit(path, hit, "environment-specific key or secret reference", SUP))
    if hints:
        return Verdict(Status.WARN, "environment-specific key names in code, but no keys per environment in the policy file", tuple(ev))
    return Verdict(Status.MANUAL, "key separation cannot be seen in code: declare keys per environment in the policy file", tuple(ev))


def chk05(v: View) -> Verdict:
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
        return Verdict(Status.MANUAL, "rotation cannot be seen in code: record keys with last_rotated in the policy file", tuple(ev))
    if soon:
        return Verdict(Status.WARN, f"due within {opts.rotation_warn_days} days: {_names(soon)}", tuple(ev))
    return Verdict(Status.PASS, f"all {_plural(len(claims), 'declared key')} rotated within their window", tuple(ev))


def chk06(v: View) -> Verdict:
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    direct = v.lint("AIS201")
    templated = v.lint("AIS202")
    for finding in direct:
        ev.append(ev_finding(finding, CON, "lint"))
    prompt_hits = [p for p in v.facts.prompts if not is_test_path(p.path)]
    bad_prompts = [p for p in prompt_hits if p.severity in ("critical", "high")]
    weak_prompts = [p for p in prompt_hits if p.severity == "medium"]
    for prompt in prompt_hits:
        outcome = CON if prompt in bad_prompts else (MIS if prompt in weak_prompts else INF)
        ev.append(Evidence("file", f"{prompt.rule_id} ({prompt.category}): {prompt.evidence}", outcome, prompt.path, prompt.line, "prompts"))
    sanitized = {f.path for f in v.files_with("input_sanitizer")}
    guards = v.declared("injection_guards")
    for path, hit in v.hits("input_sanitizer")[:4]:
        ev.append(ev_hit(path, hit, "input checked for injection", SUP))
    for p in guards[:2]:
        ev.append(Evidence("config", f"guard library {p.name} declared", SUP, p.path, p.line, "deps"))
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
    inputs = v.user_input_files
    exposed = [f for f in inputs if f.path in v.ai_paths]
    for source in (exposed or inputs)[:3]:
        first = source.first("user_input")
        if first is not None:
            outcome = INF if source.path in sanitized else (CON if not sanitized else MIS)
            ev.append(ev_hit(source.path, first, "untrusted input" + ("" if source.path in sanitized else " with no sanitizer"), outcome))
    for finding in templated:
        ev.append(ev_finding(finding, INF, "lint"))
    if inputs and not sanitized:
        return Verdict(Status.FAIL, "user input reaches model calls with no injection check or sanitizer in the code", tuple(ev))
    unsanitized = [f.path for f in exposed if f.path not in sanitized]
    if unsanitized:
        return Verdict(Status.WARN, f"input taken and sent without a sanitizer in the same file: {_names(unsanitized)}", tuple(ev))
    if weak_prompts:
        return Verdict(Status.WARN, f"prompts need hardening ({_names(sorted({h.rule_id for h in weak_prompts}))} in {_names(h.path for h in weak_prompts)})", tuple(ev))
    if templated and not {finding.location.path for finding in templated} <= sanitized:
        return Verdict(Status.WARN, f"untrusted text formatted into instruction templates ({_plural(len(templated), 'place')})", tuple(ev))
    if not inputs:
        return Verdict(Status.PASS, "no untrusted input source reaches the code that calls models", tuple(ev))
    return Verdict(Status.PASS, f"user input passes an injection check ({_names(sorted(sanitized))})", tuple(ev))


def chk07(v: View) -> Verdict:
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    uncapped = v.lint("AIS401")
    chosen = v.lint("AIS405")
    for finding in [*uncapped, *chosen]:
        ev.append(ev_finding(finding, CON, "lint"))
    blind = [
        facts for facts in v.files_with("ai_call")
        if suffix(facts.path) not in LINT_LANGUAGES and suffix(facts.path) in CODE_EXT and not facts.has("output_cap")
    ]
    for facts in blind:
        call = facts.first("ai_call")
        assert call is not None
        ev.append(ev_hit(facts.path, call, "model call without an output cap", CON))
    guards = v.hits("input_size_guard", ("code", "config"))
    for path, hit in guards[:3]:
        ev.append(ev_hit(path, hit, "input size bounded", SUP))
    for path, hit in v.hits("output_cap")[:2]:
        ev.append(ev_hit(path, hit, "output cap", SUP))
    if uncapped or blind:
        return Verdict(Status.FAIL, f"{_plural(len(uncapped) + len(blind), 'model call')} without an output token cap", tuple(ev))
    if chosen:
        return Verdict(Status.FAIL, f"the client chooses the model or token budget ({_plural(len(chosen), 'place')})", tuple(ev))
    if not guards:
        ev.append(Evidence("code", "no length or token check of the input before the call", MIS, source="signals"))
        return Verdict(Status.WARN, "output is capped, but no input size limit was found", tuple(ev))
    return Verdict(Status.PASS, "every model call caps its output and input size is bounded", tuple(ev))


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


def chk08(v: View) -> Verdict:
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    policy = v.facts.policy
    att = policy.rate_limiting if policy is not None else None
    outside = att is not None and att.enforced_by not in ("app", "none")
    routes_without = v.lint("AIS404")
    for f in routes_without:
        # a gateway in front of the application covers routes the code leaves open
        ev.append(ev_finding(f, INF if outside else CON, "lint"))
    code_limiter = v.hits("rate_limiter")
    gateway = v.hits("rate_limiter", ("config",))
    per_user = v.hits("rate_limit_user", ("code", "config"))
    per_ip = v.hits("rate_limit_ip", ("code", "config"))
    pkgs = v.declared("rate_limiters")
    for path, hit in code_limiter[:3]:
        ev.append(ev_hit(path, hit, "rate limiter", SUP))
    for path, hit in gateway[:2]:
        ev.append(ev_hit(path, hit, "gateway rate limit", SUP, "config"))
    for path, hit in per_user[:2]:
        ev.append(ev_hit(path, hit, "limit keyed on the user", SUP))
    for path, hit in per_ip[:2]:
        ev.append(ev_hit(path, hit, "limit keyed on the client IP", INF))
    for p in pkgs[:2]:
        ev.append(Evidence("config", f"rate limiter {p.name} declared", INF, p.path, p.line, "deps"))
    code_per_user = bool((code_limiter or gateway) and per_user and not routes_without)
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
    limiter = bool(code_limiter or gateway)
    web = v.hits("web_route") + v.hits("ui_framework")
    if routes_without:
        if limiter or att is not None:
            return Verdict(Status.WARN, f"a limiter exists, but {_routes(len(routes_without))} models without it", tuple(ev))
        return Verdict(Status.FAIL, f"{_routes(len(routes_without))} models with no rate limit", tuple(ev))
    if limiter:
        if per_user:
            return Verdict(Status.PASS, "LLM routes are rate limited per user", tuple(ev))
        if per_ip:
            return Verdict(Status.WARN, "the rate limit is keyed on the client IP, not the user", tuple(ev))
        return Verdict(Status.WARN, "a rate limiter is used, but not what it is keyed on (user or IP)", tuple(ev))
    if not web:
        return Verdict(Status.MANUAL, "not a web application and no rate_limiting in the policy file", tuple(ev))
    path, hit = web[0]
    ev.append(ev_hit(path, hit, "web route without a limiter", CON))
    if pkgs:
        return Verdict(Status.FAIL, f"{_names(p.name for p in pkgs)} declared, but no limit is applied to the routes that call models", tuple(ev))
    return Verdict(Status.FAIL, "web routes reach model calls with no rate limiter and no attestation", tuple(ev))


def chk09(v: View) -> Verdict:
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    log_files = set(v.facts.log_files)
    data_pii = [h for h in v.facts.pii if h.path not in log_files or h.path in v.facts.data_files]
    data_pii = [h for h in data_pii if h.path in set(v.facts.data_files)]
    for h in data_pii[:6]:
        ev.append(Evidence("file", f"{h.rule_id} {h.entity.lower()} ×{h.count} in data sent to models", CON, h.path, h.line, "pii"))
    redacting = {f.path for f in v.files_with("pii_redaction")}
    pkgs = v.declared("redaction")
    for path, hit in v.hits("pii_redaction")[:3]:
        ev.append(ev_hit(path, hit, "redaction step", SUP))
    for p in pkgs[:2]:
        ev.append(Evidence("config", f"redaction library {p.name} declared", INF, p.path, p.line, "deps"))
    fields = [(path, hit) for path, hit in v.hits("pii_field_in_prompt") if path in v.ai_paths]
    bare = [(path, hit) for path, hit in fields if path not in redacting]
    for path, hit in bare[:4]:
        ev.append(ev_hit(path, hit, "personal-data field formatted into a prompt", CON))
    if data_pii:
        return Verdict(Status.FAIL, f"personal data in prompt or example data ({_names(sorted({h.path for h in data_pii}))})", tuple(ev))
    if bare and not redacting:
        return Verdict(Status.FAIL, f"personal-data fields go into prompts with no redaction step ({_names(p for p, _ in bare)})", tuple(ev))
    if bare:
        return Verdict(Status.WARN, f"personal-data fields formatted into prompts in files without redaction ({_names(p for p, _ in bare)})", tuple(ev))
    if redacting:
        return Verdict(Status.PASS, f"a redaction step is applied before model calls ({_names(sorted(redacting))})", tuple(ev))
    ev.append(Evidence("code", "no redaction step (redact, strip_pii, Presidio, scrubadub …) in the code", MIS, source="signals"))
    return Verdict(Status.WARN, "no redaction step found: cannot tell whether personal data is stripped before sending", tuple(ev))


def chk10(v: View) -> Verdict:
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


def chk11(v: View) -> Verdict:
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    sinks = v.lint("AIS301", "AIS302", "AIS303", "AIS304", "AIS305", "AIS306", "AIS307", "AIS308")
    severe = [f for f in sinks if f.severity.value in ("critical", "high")]
    mild = [f for f in sinks if f not in severe]
    for f in severe:
        ev.append(ev_finding(f, CON, "lint"))
    for f in mild:
        ev.append(ev_finding(f, CON, "lint"))
    checks = v.hits("output_validation")
    for path, hit in checks[:4]:
        ev.append(ev_hit(path, hit, "output validated", SUP))
    if severe:
        return Verdict(Status.FAIL, f"model output reaches unsafe sinks ({_names(sorted({f.rule_id for f in severe}))})", tuple(ev))
    if mild:
        return Verdict(Status.WARN, f"model output used in risky places ({_names(sorted({f.rule_id for f in mild}))})", tuple(ev))
    if checks:
        return Verdict(Status.PASS, "model output is validated or escaped before use", tuple(ev))
    ev.append(Evidence("code", "no schema validation, parsing or escaping of model output", MIS, source="signals"))
    return Verdict(Status.WARN, "no validation of model output found (it may be returned to callers unchecked)", tuple(ev))


def chk12(v: View) -> Verdict:
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    disabled = v.hits("safety_disabled", ("code", "config"))
    for path, hit in disabled:
        ev.append(ev_hit(path, hit, "safety filter disabled", CON))
    policy = v.facts.policy
    att = policy.content_filtering if policy is not None else None
    if att is not None:
        said_none = att.enforced_by == "none" and not v.hits("content_filter", ("code", "config"))
        ev.append(v.ev_policy(f"content_filtering enforced_by {att.enforced_by}", CON if said_none else (INF if att.enforced_by == "none" else SUP), att.line))
    if disabled:
        return Verdict(Status.FAIL, "provider safety filters are switched off (BLOCK_NONE / OFF)", tuple(ev))
    filters = v.hits("content_filter", ("code", "config"))
    for path, hit in filters[:4]:
        ev.append(ev_hit(path, hit, "content filter", SUP))
    if filters:  # the code shows it, whatever the policy says about other layers
        return Verdict(Status.PASS, "model output goes through moderation or guardrails", tuple(ev))
    if att is not None and att.enforced_by == "none":
        return Verdict(Status.FAIL, "the policy says no content filtering is done", tuple(ev))
    if att is not None:
        if att.enforced_by == "app":
            # the application is said to filter, so its code should show it
            if v.user_facing:
                path, hit = v.user_facing[0]
                ev.append(ev_hit(path, hit, "output shown to users, no filtering step in the code", CON))
                return Verdict(Status.FAIL, "the policy says the app filters output, but no moderation or guardrail step is in the code", tuple(ev))
            return Verdict(Status.WARN, "the policy says the app filters output, but no moderation or guardrail step was found", tuple(ev))
        problem = _attestation_problem(v, att, needs_reference=False)
        if problem:
            return Verdict(Status.WARN, f"content filtering ({att.enforced_by}): {problem}", tuple(ev))
        return Verdict(Status.PASS, f"content filtering enforced by the {att.enforced_by} (policy)", tuple(ev))
    pkgs = v.declared("moderation")
    for p in pkgs[:2]:
        ev.append(Evidence("config", f"moderation library {p.name} declared", INF, p.path, p.line, "deps"))
    if pkgs:
        return Verdict(Status.WARN, f"{_names(p.name for p in pkgs)} declared, but no filtering step in code", tuple(ev))
    if v.user_facing:
        path, hit = v.user_facing[0]
        ev.append(ev_hit(path, hit, "output shown to users without a content filter", MIS))
        return Verdict(Status.FAIL, "user-facing output with no content filtering and no attestation", tuple(ev))
    return Verdict(Status.MANUAL, "no user-facing output detected and no content_filtering in the policy file", tuple(ev))


def _provider_key(name: str) -> str:
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    aliases = {
        "gemini": "google", "google-ai": "google", "vertex": "google", "vertex-ai": "google", "google-genai": "google",
        "azure": "azure-openai", "azure-open-ai": "azure-openai", "aws-bedrock": "bedrock", "amazon-bedrock": "bedrock",
        "mistralai": "mistral", "claude": "anthropic", "gpt": "openai", "open-ai": "openai",
    }
    return aliases.get(key, key)


def chk13(v: View) -> Verdict:
    if not v.ai_in_use:
        return _skip_no_ai()
    providers, saw_local = v.providers
    if not providers and saw_local:
        return Verdict(Status.SKIP, "only local models are called (no per-call spend)")
    ev: list[Evidence] = []
    policy = v.facts.policy
    budgets = policy.budgets if policy is not None else None
    daily_code = v.hits("budget_guard_daily", ("code", "config"))
    any_code = v.hits("budget_guard", ("code", "config"))
    for path, hit in daily_code[:3]:
        ev.append(ev_hit(path, hit, "daily spending cap", SUP))
    for path, hit in any_code[:2]:
        ev.append(ev_hit(path, hit, "spending cap", INF))
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
        return Verdict(Status.PASS, "a daily spending cap is checked in code", tuple(ev))
    if any_code:
        return Verdict(Status.WARN, "a spending cap exists in code, but not a daily one", tuple(ev))
    return Verdict(Status.MANUAL, "provider budgets cannot be seen in code: record them under budgets in the policy file", tuple(ev))


def chk14(v: View) -> Verdict:
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    estimate = v.hits("token_count") + v.hits("price_table", ("code", "config"))
    usage = v.hits("usage_accounting")
    unaccounted = v.lint("AIS406")
    for path, hit in estimate[:3]:
        ev.append(ev_hit(path, hit, "cost or tokens estimated", SUP))
    for path, hit in usage[:3]:
        ev.append(ev_hit(path, hit, "usage recorded", SUP))
    for f in unaccounted:
        ev.append(ev_finding(f, CON, "lint"))
    if not estimate:
        ev.append(Evidence("code", "no token counting or price table before calls", MIS, source="signals"))
    if not usage:
        ev.append(Evidence("code", "response usage is never read", MIS, source="signals"))
    if estimate and usage:
        if unaccounted:
            return Verdict(Status.WARN, f"cost is estimated, but {_plural(len(unaccounted), 'route file')} never read usage", tuple(ev))
        return Verdict(Status.PASS, "cost is estimated before calls and usage recorded after them", tuple(ev))
    if usage:
        return Verdict(Status.WARN, "usage is recorded after calls, but nothing estimates cost before them", tuple(ev))
    if estimate:
        return Verdict(Status.WARN, "cost is estimated, but response usage is never recorded", tuple(ev))
    return Verdict(Status.FAIL, "no cost estimation before calls and no usage accounting after them", tuple(ev))


def chk15(v: View) -> Verdict:
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    raw = v.lint("AIS601", "AIS102")
    for finding in raw:
        ev.append(ev_finding(finding, CON, "lint"))
    logs = set(v.facts.log_files)
    pii = [h for h in v.facts.pii if h.path in logs]
    for h in pii[:4]:
        ev.append(Evidence("file", f"{h.rule_id} {h.entity.lower()} ×{h.count} in a committed log", CON, h.path, h.line, "pii"))
    call_files = v.files_with("ai_call") or v.ai_files
    unlogged = [f for f in call_files if not f.has("call_logging")]
    logged = [f for f in call_files if f.has("call_logging")]
    for f in logged[:3]:
        hit = f.first("call_logging")
        assert hit is not None
        ev.append(ev_hit(f.path, hit, "call logged", SUP))
    for f in unlogged[:4]:
        hit = f.first("ai_call") or f.first("ai_import")
        assert hit is not None
        ev.append(ev_hit(f.path, hit, "model call with no logging in this file", MIS))
    for path, hit in v.hits("log_redaction")[:1]:
        ev.append(ev_hit(path, hit, "logging filter", SUP))
    if raw:
        return Verdict(Status.FAIL, f"prompts, responses or keys are written to logs ({_plural(len(raw), 'place')})", tuple(ev))
    if pii:
        return Verdict(Status.FAIL, f"personal data in committed logs ({_names(sorted({h.path for h in pii}))})", tuple(ev))
    if not logged:
        return Verdict(Status.WARN, "model calls are not logged", tuple(ev))
    if unlogged:
        return Verdict(Status.WARN, f"{_plural(len(unlogged), 'file')} call models without logging ({_names(f.path for f in unlogged)})", tuple(ev))
    return Verdict(Status.PASS, "every file that calls a model logs the call, and no raw prompt or response is logged", tuple(ev))


def chk16(v: View) -> Verdict:
    if not v.ai_in_use:
        return _skip_no_ai()
    ev: list[Evidence] = []
    alert_files = [f for f in v.files_with("alert_rule", ("config", "code")) if f.has("usage_words")]
    code_alerts = [f for f in v.files_with("anomaly_code") if f.has("alert_call")]
    for f in alert_files[:3]:
        hit = f.first("alert_rule")
        assert hit is not None
        ev.append(ev_hit(f.path, hit, "alert on usage", SUP, f.kind))
    for f in code_alerts[:2]:
        hit = f.first("anomaly_code")
        assert hit is not None
        ev.append(ev_hit(f.path, hit, "anomaly check with an alert", SUP))
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
    if metrics:
        return Verdict(Status.WARN, "usage metrics are emitted, but no alert on them was found", tuple(ev))
    return Verdict(Status.MANUAL, "no usage alerts in the repository and no monitoring in the policy file", tuple(ev))


ITEMS: dict[str, Callable[[View], Verdict]] = {
    "CHK01": chk01, "CHK02": chk02, "CHK03": chk03, "CHK04": chk04, "CHK05": chk05, "CHK06": chk06,
    "CHK07": chk07, "CHK08": chk08, "CHK09": chk09, "CHK10": chk10, "CHK11": chk11, "CHK12": chk12,
    "CHK13": chk13, "CHK14": chk14, "CHK15": chk15, "CHK16": chk16,
}


def needs(item_id: str, facts: Facts) -> tuple[str, ...]:
    """Engines and collectors whose evidence an item cannot PASS without."""
    history = () if facts.engine("history").state == SKIPPED else ("history",)
    table: dict[str, tuple[str, ...]] = {
        "CHK01": ("secrets", "lint", "signals", *history),
        "CHK02": ("gitignore",),
        "CHK03": ("hooks",),
        "CHK04": ("secrets", "signals", *history),
        "CHK05": history,
        "CHK06": ("lint", "signals", "prompts"),
        "CHK07": ("lint", "signals"),
        "CHK08": ("lint", "signals"),
        "CHK09": ("signals", *(("pii",) if facts.data_files else ())),
        "CHK10": ("signals",),
        "CHK11": ("lint", "signals"),
        "CHK12": ("signals",),
        "CHK13": ("signals",),
        "CHK14": ("signals",),
        "CHK15": ("lint", "signals", *(("pii",) if facts.log_files else ())),
        "CHK16": ("signals",),
    }
    return table[item_id]


def _skip_needs(item_id: str) -> tuple[str, ...]:
    return ("signals", "secrets") if item_id == "CHK01" else ("signals",)


def _guard(item_id: str, verdict: Verdict, facts: Facts) -> Verdict:
    """No PASS (or WARN, MANUAL, SKIP) on evidence an engine could not provide."""
    if verdict.status in (Status.FAIL, Status.ERROR):
        return verdict
    wanted = _skip_needs(item_id) if verdict.status is Status.SKIP else needs(item_id, facts)
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
                verdict = ITEMS[spec.id](view)
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
