"""Entry point of the lint engine: one Document in, findings and errors out (pure)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from dataclasses import replace

from aisec_cli.core.document import Document
from aisec_cli.core.evidence import mask_keys
from aisec_cli.core.findings import Finding, Location, ScanError, Severity, fingerprint, match_digest
from aisec_cli.core.masking import mask, mask_in
from aisec_cli.core.rules import Rule, RuleSet, bundled_rules
from aisec_cli.lint.hits import Hit
from aisec_cli.lint.html import PAGE_EXT, script_source
from aisec_cli.lint import prefilter
from aisec_cli.lint.keys import find_keys_in_text
from aisec_cli.lint.settings import LintSettings
from aisec_cli.core.lazyre import LazyRegex

PYTHON_EXT = (".py", ".pyi", ".pyw")
JS_EXT = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts")

# Kept for callers that ask "could this text matter to lint?" (the checklist's model inventory).
_PY_PREFILTER = prefilter.TextGate("python")
_JS_PREFILTER = prefilter.TextGate("javascript")


_LINE_REF = LazyRegex(r"(\bline )(\d+)")
_SURROGATE = LazyRegex("[\ud800-\udfff]")


def language_of(path: str) -> str | None:
    lower = path.lower()
    if lower.endswith(PYTHON_EXT):
        return "python"
    if lower.endswith(".ipynb"):
        return "notebook"
    if lower.endswith(PAGE_EXT):
        return "html"
    if lower.endswith(JS_EXT):
        if lower.endswith((".min.js", ".min.mjs", ".bundle.js")):
            return "minified"
        return "typescript" if lower.endswith((".ts", ".tsx", ".mts", ".cts")) else "javascript"
    return None


@cache
def lint_rules() -> RuleSet:
    return bundled_rules("lint")


def active_rules(settings: LintSettings, language: str, rules: RuleSet | None = None) -> frozenset[str]:
    ruleset = (rules or lint_rules()).select(settings.select, settings.ignore)
    family_lang = "python" if language == "python" else "javascript"
    out = set()
    for rule in ruleset:
        profile = rule.data.get("profile", "default")
        if profile == "audit" and settings.profile != "audit":
            continue
        if family_lang not in rule.data.get("languages", ("python", "javascript")):
            continue
        out.add(rule.id)
    return frozenset(out)


def lint_document(
    doc: Document, settings: LintSettings, rules: RuleSet | None = None
) -> tuple[list[Finding], list[ScanError]]:
    """Lint one document. Never raises for bad input: problems become ScanErrors."""
    language = language_of(doc.path)
    if language is None:
        return [], []
    if language == "minified":
        return [], [ScanError(doc.path, "minified bundle: not analysed", "skipped")]
    if language == "notebook":
        from aisec_cli.lint.notebook import NotebookProblem, notebook_to_python

        try:
            code, problems = notebook_to_python(doc)
        except NotebookProblem as exc:
            return [], [ScanError(doc.path, str(exc), exc.kind)]
        findings, errors = _lint_source(code, "python", settings, rules)
        return findings, [*(ScanError(doc.path, p, "skipped") for p in problems), *errors]
    if language == "html":  # the <script> blocks, at the page's own lines and columns
        script = script_source(doc.text)
        if not script:
            return [], []
        page = Document(doc.path, script, origin=doc.origin, commit=doc.commit, line_numbers=doc.line_numbers)
        return _lint_source(page, "javascript", settings, rules)
    return _lint_source(doc, language, settings, rules)


def _lint_source(
    doc: Document, language: str, settings: LintSettings, rules: RuleSet | None
) -> tuple[list[Finding], list[ScanError]]:
    text = doc.text
    size = len(text.encode("utf-8", "surrogatepass")) if not text.isascii() else len(text)
    if size > settings.max_file_bytes:
        return [], [ScanError(doc.path, f"file too large for lint ({size} bytes > {settings.max_file_bytes}): not analysed", "skipped")]
    longest = _longest_line(text)
    if longest > settings.max_line_length:
        what = "minified or generated file" if language != "python" else "generated file"
        return [], [ScanError(doc.path, f"{what} (a line of {longest} characters): not analysed", "skipped")]
    if "\x00" in text:
        return [], [ScanError(doc.path, "binary content (NUL bytes): not analysed", "skipped")]
    if not text.isascii() and _SURROGATE.search(text):
        return [], [ScanError(doc.path, "source is not valid UTF-8: not analysed", "skipped")]
    rule_ids = active_rules(settings, language, rules)
    if doc.line_numbers is not None and language == "python" and doc.path.lower().endswith(".ipynb"):
        rule_ids = rule_ids - {"AIS404"}  # notebooks serve no routes
    if not rule_ids:
        return [], []
    if settings.prefilter and not _user_flow_rules(rules) and not _worth_parsing(doc.path, text, language, settings, rule_ids):
        return [], []
    is_test = _is_test_path(doc.path, settings)
    if is_test:
        # test clients serve no user: the test runner bounds time and retries, and a test's TLS
        # options guard no one's traffic; a test's uncapped call runs on its author's key (often
        # replayed from a cassette) with prompts the test wrote: no caller can spend it
        rule_ids = rule_ids - {"AIS401", "AIS402", "AIS403", "AIS502"}
    try:
        from aisec_cli.lint.flow.rules import use_rules

        use_rules(rules)  # a user rule file's flow tables (sinks), if any
        if language == "python":
            from aisec_cli.lint.python import summaries as _py_summaries  # noqa: F401 - registers its loader
            from aisec_cli.lint.python.analyzer import PythonSyntaxProblem, analyze

            try:
                hits = analyze(text, doc.path, settings, rule_ids, is_test)
            except PythonSyntaxProblem as exc:  # not valid source: nothing the interpreter would run
                # ... unless it is valid for a newer Python than aisec's: then it went unexamined
                return [], [ScanError(doc.path, str(exc), "error" if exc.newer else "skipped")]
        else:
            from aisec_cli.lint.javascript import summaries as _js_summaries  # noqa: F401 - registers its loader
            from aisec_cli.lint.javascript.analyzer import JsParseProblem, analyze_js

            try:
                hits = analyze_js(text, doc.path, settings, rule_ids, is_test, typescript=language == "typescript")
            except JsParseProblem as exc:
                return [], [ScanError(doc.path, str(exc), "skipped")]
    except RecursionError:
        return [], [ScanError(doc.path, "source nested too deeply: not analysed", "error")]
    except Exception as exc:  # an analyser bug must not end the run: report it, go on
        return [], [ScanError(doc.path, f"lint failed on this file ({type(exc).__name__}: {str(exc)[:120]})", "error")]
    if doc.line_numbers is not None and doc.path.lower().endswith(".ipynb"):
        # a notebook runs on its author's key, no caller can spend it: an uncapped call is low
        hits = [replace(h, severity=Severity.LOW) if h.rule_id == "AIS401" and h.severity is None else h for h in hits]
    ruleset = rules or lint_rules()
    findings = _to_findings(doc, hits, ruleset, rule_ids)
    return findings, []


def _user_flow_rules(rules: RuleSet | None) -> bool:
    """A rule file of the user's adds flow rules: their sources and sinks can be anything, so
    the prefilter (built from the bundled tables) steps aside and every file is analysed."""
    return any(getattr(r, "origin", "") and r.data.get("flow") for r in rules or ())


def _worth_parsing(path: str, text: str, language: str, settings: LintSettings, rule_ids: frozenset[str]) -> bool:
    """The prefilter (:mod:`aisec_cli.lint.prefilter`): a trigger of the file's own, or an
    import through which another module's summary can reach it (cross-file analysis on)."""
    if language == "python":
        roles = prefilter.python_roles(text)
        if prefilter.python_local(roles):
            return True
    else:
        roles = set()
        if prefilter.js_local(text):
            return True
    if not settings.project_root:
        return False
    from aisec_cli.lint.flow.project import project_of
    from aisec_cli.lint.flow.rules import flow_rule_ids

    flow = rule_ids & flow_rule_ids()
    project = project_of(settings, flow) if flow else None
    return project is not None and prefilter.cross_file_needed(project, path, text, language, roles)


def _longest_line(text: str) -> int:
    return max(map(len, text.split("\n")), default=0)


def _is_test_path(path: str, settings: LintSettings) -> bool:
    p = "/" + path.replace("\\", "/").lstrip("./")
    name = p.rsplit("/", 1)[-1]
    if name.startswith("test_") or name == "conftest.py" or name.endswith(("_test.py", ".test.ts", ".test.js", ".spec.ts", ".spec.js", ".test.tsx")):
        return True
    if any(part.endswith("_tests") for part in p.split("/")[:-1]):
        return True  # integration_tests/, e2e_tests/
    return any("/" + marker in p for marker in settings.test_path_markers)


def _to_findings(doc: Document, hits: Iterable[Hit], ruleset: RuleSet, rule_ids: frozenset[str]) -> list[Finding]:
    out: list[Finding] = []
    seen: set[tuple[str, int]] = set()
    hits = list(hits)
    # Every key a hit found in this document: its pieces ("sk-…" + "…") are masked on any line shown.
    doc_secrets = list(dict.fromkeys(h.secret for h in hits if h.secret))
    for hit in sorted(hits, key=lambda h: (h.span.line, h.span.col, h.rule_id)):
        if hit.rule_id not in rule_ids:
            continue
        path = str(hit.extra.get("path") or doc.path)  # a cross-file flow is reported at its sink
        key = (hit.rule_id, hit.span.line, path)  # one finding per rule and line
        if key in seen:
            continue
        seen.add(key)
        rule: Rule | None = ruleset.get(hit.rule_id)
        severity = hit.severity or (rule.severity if rule else Severity.MEDIUM)
        line_idx = hit.span.line - 1
        if path != doc.path:
            snippet = hit.code
        else:
            snippet = doc.line_text(line_idx).strip() if 0 <= line_idx < len(doc.newline_offsets()) + 1 else ""
        code = hit.code
        message = hit.message
        raw_snippet = snippet
        secrets = [hit.secret] if hit.secret else []
        secrets += [k.value for k in find_keys_in_text(snippet)]
        secrets += [k.value for k in find_keys_in_text(code)]
        for secret in secrets:
            snippet = mask_in(snippet, secret)
            code = mask_in(code, secret)
            message = mask_in(message, secret)
        if doc_secrets:
            snippet, code = (_mask_pieces(t, raw, doc_secrets) for t, raw in ((snippet, raw_snippet), (code, hit.code)))
        line, end_line = hit.span.line, hit.span.end_line
        flow_steps = list(hit.flow)
        flow_locations = [dict(step) for step in hit.extra.get("_flow_locations", ())]
        if doc.line_numbers is not None:
            real = _line_mapper(doc.line_numbers)
            for step in flow_locations:
                if step.get("path") == doc.path:
                    step["line"] = real(int(step["line"]))
            if path == doc.path:
                line, end_line = real(line), real(end_line)
            message = _LINE_REF.sub(lambda m, real=real: f"{m.group(1)}{real(int(m.group(2)))}", message)
            flow_steps = [_LINE_REF.sub(lambda m, real=real: f"{m.group(1)}{real(int(m.group(2)))}", step) for step in flow_steps]
        properties: dict[str, object] = {"flow": flow_steps}
        if hit.sdk:
            properties["sdk"] = hit.sdk
        if rule is not None:
            properties["name"] = rule.name
            if rule.owasp:
                properties["owasp"] = [f"{t}:2025" for t in rule.owasp]
        for k, v in hit.extra.items():
            if k in ("literal", "path", "_flow_locations"):
                continue
            properties[k] = v
        properties["_match_digest"] = match_digest(_normalise(code))
        if flow_locations:
            properties["_flow_locations"] = flow_locations
        if hit.secret:
            properties["masked"] = mask(hit.secret)
            properties["_secret_digest"] = fingerprint("", "", hit.secret)  # one key, one identity (core/baseline)
        out.append(
            Finding(
                rule_id=hit.rule_id,
                severity=severity,
                message=message,
                location=Location(path, line, hit.span.col, end_line, hit.span.end_col),
                fingerprint=fingerprint(hit.rule_id, path, _normalise(code)),
                snippet=mask_keys(snippet)[:300],  # masked before cutting: a cut key no longer matches
                commit=doc.commit,
                properties=properties,
            )
        )
    return out


_KEY_RUN = LazyRegex(r"(?<![A-Za-z0-9_\-+/…])[A-Za-z0-9_\-+/]{16,}(?![A-Za-z0-9_\-+/…])")


def _mask_pieces(text: str, raw: str, secrets: Sequence[str]) -> str:
    """On a line that holds a key (``raw``: the line before masking), every other long run of
    key characters with letters and digits is masked too: the rest of a key written as
    concatenated literals (``"sk-proj-…" + "…"``) is no key on its own to the finders."""
    if not any(secret[:16] in raw or secret[-16:] in raw for secret in secrets):
        return text

    def hide(match: re.Match[str]) -> str:
        run = match.group()
        return mask(run) if any(c.isdigit() for c in run) and any(c.isalpha() for c in run) else run

    return _KEY_RUN.sub(hide, text)


def _line_mapper(numbers: Sequence[int]) -> Callable[[int], int]:
    """Line of the analysed text → line the user sees (notebooks, history documents)."""

    def real(n: int) -> int:
        return numbers[n - 1] if 0 < n <= len(numbers) else n

    return real


def _normalise(code: str) -> str:
    return re.sub(r"\s+", " ", code).strip()
