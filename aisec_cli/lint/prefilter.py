"""Which files the lint analysers need to parse: a text prefilter built from the rule tables.

Most files of a large project contain nothing any lint rule can start from. Every finding
needs some text in the file that the analysers' own tables name — an import of an AI or
framework package (``sdk.AI_IMPORT_ROOTS`` and the other qualified-name tables), a model
call shape (``sdk.CHAIN_SHAPES``), a receiver named like a chain or an LLM
(``sdk.LLM_RECEIVER``), a provider key prefix (``keys``), a provider host (``urls``), a
flag the flag rules look for, or a secret source together with a log sink (AIS102). The
patterns are generated from those tables (one source of truth) and run in one RE2 pass
(:class:`aisec_cli.core.regex.PatternSet`); identifier-level regexes of the tables are
loosened (anchors dropped), which only ever lets more text through.

Across files: another module's summary can only reach a file through an import, so in a
project whose cross-file analysis is on (:func:`aisec_cli.lint.flow.project.project_for`)
a file without a trigger of its own is still analysed when it imports a project module
that may hand out model output (the same test the flow core makes), or when it has a
source of its own (untrusted input, a secret) and imports any project module.

Not covered on purpose (the analysers do not see them either): names bound without an
import statement (``importlib``), and a chain such as ``client.chat.completions.create``
split by a comment line inside brackets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from aisec_cli.core.regex import PatternSet
from aisec_cli.core.lazyre import LazyRegex

# -- helpers ---------------------------------------------------------------------------------

_ANCHOR = LazyRegex(r"\\.|\[(?:\\.|[^\]\\])*\]|[\^$]")


def in_text(pattern: str) -> str:
    """A regex over one name (an identifier, a dict key) made searchable in whole text: the
    name's ends ``^`` / ``$`` become word boundaries (outside character classes), ``.*``
    stays inside the name (``\\w*``), inline flags are dropped (the caller wraps the result
    in ``(?i:...)`` where the table ignores case). Wherever the table matches a name written
    in the source, this matches the source."""
    body = re.sub(r"^\(\?[aiLmsux]+\)", "", pattern)
    body = _ANCHOR.sub(lambda m: r"\b" if m.group(0) in "^$" else m.group(0), body)
    return body.replace(".*", r"\w*")


def _words(words: Iterable[str]) -> str:
    return r"\b(?:" + "|".join(sorted({re.escape(w) for w in words if w}, key=lambda w: (-len(w), w))) + r")\b"


def _chain(parts: Iterable[str]) -> str:
    """``a.b.c`` as written, brackets and line breaks allowed around the dots."""
    return r"\b" + r"[\s)\\]*\.\s*".join(re.escape(p) for p in parts) + r"\b"


def _first(qualified: Iterable[str]) -> set[str]:
    return {q.split(".", 1)[0] for q in qualified}


def _last(qualified: Iterable[str]) -> set[str]:
    return {q.rsplit(".", 1)[-1] for q in qualified}


def _import_of(roots: Iterable[str]) -> str:
    """An import statement of a module starting with one of ``roots`` (any position in a
    comma list, indented, after ``;`` or a one-line ``if x:``)."""
    alts = "|".join(sorted({re.escape(r) for r in roots}, key=lambda r: (-len(r), r)))
    sp = r"(?:[ \t]|\\\r?\n)"  # a blank, or a backslash continuation
    return rf"(?m)(?:^|[;:])[ \t]*(?:from{sp}+|import{sp}+(?:[\w.]+(?:{sp}+as{sp}+\w+)?{sp}*,{sp}*)*)(?:{alts})"


# -- Python ------------------------------------------------------------------------------------

# What a trigger does: "alone" — the file is analysed; the others count in pairs (both needed).
ALONE = "alone"
SECRET = "secret"
LOG_SINK = "log-sink"
HTTP = "http"
BASE_URL = "base-url"
KEY_NAME = "key-name"
KEY_BODY = "key-body"
SOURCE = "source"  # matters only across files (a source handed to another module's sink)

_PAIRS = ((SECRET, LOG_SINK), (HTTP, BASE_URL), (KEY_NAME, KEY_BODY))


# The modules whose tables the triggers are built from: their bytes key the disk cache, so a
# short run (a hook) reads the patterns back instead of importing the analysers to build them.
_TABLE_MODULES = (
    "prefilter.py", "sdk.py", "keys.py", "urls.py",
    "python/calls.py", "python/facts.py", "python/flags.py", "python/flow.py", "python/taint_sources.py",
)


@cache
def python_triggers() -> tuple[tuple[str, str, str], ...]:
    """(name, RE2 pattern, role) of every Python trigger, built from the analysers' tables."""
    from pathlib import Path

    from aisec_cli.core.diskcache import cached

    here = Path(__file__).parent
    try:
        inputs = [(here / rel).read_bytes() for rel in _TABLE_MODULES]
    except OSError:  # not installed as files (a zip): build every time
        return tuple(_build_python_triggers())
    data = cached("lint-prefilter", inputs, lambda: [list(t) for t in _build_python_triggers()])
    return tuple((str(n), str(p), str(r)) for n, p, r in data)


def _build_python_triggers() -> tuple[tuple[str, str, str], ...]:
    from aisec_cli.lint import keys, sdk, urls
    from aisec_cli.lint.python import calls, facts, flags, flow
    from aisec_cli.lint.python import taint_sources as S

    roots = (
        _first(sdk.AI_IMPORT_ROOTS)
        | set(calls._FRAMEWORK_ROOTS)
        | _first(sdk.QUALIFIED_CALLS)
        | _first(sdk.CLIENTS)
        | _first(sdk.OTHER_CLIENTS)
        | set(flags._CODE_AGENT_ROOTS)
        | {"smolagents", "llama_index", "pandasai"}
        | (_first(flags._PICKLE_LOADS) - {"pandas"})  # pandas.read_pickle: by its name below
    )
    shapes = [_chain(s.suffix) for s in sdk.CHAIN_SHAPES if s.distinctive] + [_chain(sdk.COMPLETIONS_SUFFIX)]
    receiver = rf"(?i:\b(?:{in_text(sdk.LLM_RECEIVER.pattern)}))[\s)\\]*\.\s*{_words(sdk.LLM_RECEIVER_METHODS)}"
    flag_words = (
        set(flags._CODE_TOOLS) | set(flags._DATAFRAME_AGENTS) | _last(flags._CODE_AGENTS) | set(flags._SQL_AGENTS)
        | set(flags._HUB_LOADERS) | {"read_pickle"}  # the other unpickling loads: by the import of their module
        | {"allow_dangerous_code", "allow_dangerous_requests", "allow_dangerous_tools", "allow_dangerous_deserialization",
           "allow_code_execution", "code_execution_mode", "use_docker", "trust_remote_code", "safe_mode", "allow_pickle",
           "weights_only", "load_tools", "CodeAgent", "PALChain", "Tool", "StructuredTool", "from_function",
           "PYTHONHTTPSVERIFY", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE"}
    )
    hosts = "|".join(re.escape(h) for h in (*urls.PROVIDER_HOSTS, "openai.azure.com"))
    prefixes = "|".join(p.pattern for p, _, _, _ in keys._PREFIXES)
    # abstract_llm: a def named like a prompt method, or with a parameter named like a prompt
    gap = r"(?:[ \t\r\n]|#[^\n]*)*"
    abstract_prompt = (
        rf"\bdef[ \t]+\w*(?i:{in_text(facts.PROMPT_METHOD.pattern)})|"
        rf"[(,*]{gap}(?i:{in_text(facts.PROMPT_PARAM.pattern)}){gap}[:=,)]"
    )
    secret = "|".join(
        (
            _words({"environ", "getenv", "getenvb", "secrets", "get_secret_value", "getpass", "userdata", "get_key", "decouple"}),
            rf"(?i:{in_text(sdk.SECRET_NAME.pattern)})",
            rf"(?i:{in_text(S.SECRET_FETCHERS.pattern)})",
            flow._CONN_STRING.pattern.replace("[a-z]", "[A-Za-z]").replace("[a-z0-9+.-]", "[A-Za-z0-9+.-]"),
        )
    )
    # routes (their parameters are request data): `@app.get(...)`-style decorators, registrations by call
    routes = (
        rf"@[\w. \t]*\.[ \t]*{_words(facts.ROUTE_METHODS)}|"
        + _words({"api_view", "add_url_rule", "add_api_route", "add_route", "Route", "functions_framework", "azure"})
    )
    sources = set(flow._SOURCE_NAMES) | set(flow._SOURCE_IMPORTS) | set(S.FETCH_ROOTS) | {"requests", "httpx", "aiohttp", "urllib", "urllib2", "urlopen", "event"}
    return (
        ("ai-import", _import_of(roots), ALONE),
        ("model-call-shape", "|".join(shapes), ALONE),
        ("llm-receiver", receiver, ALONE),
        ("abstract-prompt-method", abstract_prompt, ALONE),
        ("tool", _words({*facts.TOOL_DECORATORS, "call_tool", "_run", "_arun", "openai_schema", "OpenAISchema"}), ALONE),
        ("call-arguments", r"""\bloads\s*\([^)\n]*(?:\.\s*arguments\b|["']arguments["'])""", ALONE),  # flow._arguments_decoded
        ("provider-host", hosts, ALONE),
        ("key-prefix", rf"(?:^|[^A-Za-z0-9_\-+/=.])(?:{prefixes})", ALONE),
        ("flag", _words(flag_words) + r"|\bdangerously", ALONE),
        ("secret-source", secret, SECRET),
        ("log-sink", _words({"print", "logging", "logger", "loguru", "structlog"}) + r"|\.\s*" + _words(S.LOG_METHODS), LOG_SINK),
        ("plain-http-url", r"http://", HTTP),
        ("base-url-name", "|".join((_words(flags._BASE_URL_KEYS), rf"(?i:{in_text(flags._BASE_URL_NAME.pattern)})",
                                    r"(?i:OPENAI|ANTHROPIC|LLM|AI_|OLLAMA|BASE_URL|API_BASE)")), BASE_URL),
        ("key-keyword", rf"(?i:{in_text(keys._GENERIC_KEYWORD.pattern)})", KEY_NAME),
        ("key-body", r"[\"'}][ \t]*(?:[Bb]earer |Token )?[A-Za-z0-9_\-+/=.]{16,}", KEY_BODY),
        ("source", "|".join((_words(sources), rf"(?i:{in_text(sdk.SECRET_NAME.pattern)})", r"Loader|Reader",
                              r"://[^\s'\"]*@", routes)), SOURCE),
    )


@cache
def _python_set() -> tuple[PatternSet, tuple[str, ...]]:
    triggers = python_triggers()
    return PatternSet([p for _, p, _ in triggers], "lint prefilter (python)"), tuple(role for _, _, role in triggers)


def python_roles(text: str) -> set[str]:
    """The trigger roles present in a Python source (one RE2 pass)."""
    matcher, roles = _python_set()
    return {roles[i] for i in matcher.present(text)}


def python_local(roles: set[str]) -> bool:
    """Can the file yield a finding on its own? (an "alone" trigger, or both of a pair)"""
    return ALONE in roles or any(a in roles and b in roles for a, b in _PAIRS)


# -- JavaScript / TypeScript ---------------------------------------------------------------------

# The JS analysers keep most of their names inline in checks.py / facts.py: those words are
# listed here (a broad list: any of them sends the file to the parser), joined with what the
# shared tables name (AI modules, client classes, provider hosts, key prefixes), so an entry
# added to a table is a trigger at once.
_JS_WORDS = (
    r"openai|anthropic|genai|generative-ai|groq|mistral|cohere|langchain|ollama|\bai\b|@ai-sdk|"
    r"dangerouslyAllowBrowser|NEXT_PUBLIC_|VITE_|REACT_APP_|import\.meta\.env|sk-|AIza|gsk_|hf_|"
    r"apiKey|API_KEY|TOKEN|SECRET|rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED|http://|maxRetries|"
    r"completion|llm|LLM|prompt|eval|Function|child_process|innerHTML|dangerouslySetInnerHTML|modelcontextprotocol|"
    r"process\.env|process\.argv|\.env\b"
)


@cache
def _js_matcher() -> re.Pattern[str]:
    from aisec_cli.lint import keys, sdk, urls

    modules = "|".join(re.escape(m) for m in sorted(sdk.JS_AI_MODULES | set(sdk.JS_CLIENTS)))
    derived = (
        rf"""['"](?:{modules})['"/]""",
        _words(sdk.JS_CLIENT_CLASSES),
        "|".join(re.escape(h) for h in urls.PROVIDER_HOSTS),
        "|".join(p.pattern for p, _, _, _ in keys._PREFIXES),
        in_text(sdk.PUBLIC_ENV.pattern),
    )
    return re.compile("|".join((_JS_WORDS, *derived)))


def js_local(text: str) -> bool:
    return bool(_js_matcher().search(text))


class TextGate:
    """``search(text)``: could this file's text (a notebook's JSON too) matter to lint on its own?"""

    def __init__(self, language: str) -> None:
        self.language = language

    def search(self, text: str) -> bool:
        if self.language != "python":
            return js_local(text)
        if text.lstrip().startswith("{"):  # a notebook as stored: look at its code cells
            text = _notebook_code(text)
        return python_local(python_roles(text))


def _notebook_code(text: str) -> str:
    import json

    try:
        cells = json.loads(text).get("cells", [])
        return "\n".join("".join(c.get("source", "")) if isinstance(c.get("source"), list) else str(c.get("source", "")) for c in cells)
    except (ValueError, AttributeError, TypeError, RecursionError):  # not a notebook, or nested too deeply: its text
        return text.replace("\\n", "\n").replace('\\"', '"')


# -- imports (cross-file) ------------------------------------------------------------------------

_PY_FROM = LazyRegex(r"(?m)(?:^|[;:])[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]*(\([^)]*\)|[^\n;]*(?:\\\n[^\n;]*)*)")
_PY_IMPORT = LazyRegex(r"(?m)(?:^|[;:])[ \t]*import[ \t]+([^\n;]*(?:\\\n[^\n;]*)*)")
_JS_SPEC = LazyRegex(r"""(?:\bfrom|\bimport|\brequire)\s*\(?\s*['"]([^'"\n]+)['"]""")


def python_imports(text: str) -> list[str]:
    """The qualified names a module's import statements bind, as the Python facts record them
    (``import a.b`` → ``a``; ``import a.b as c`` → ``a.b``; ``from m import n`` → ``m.n``)."""
    out: list[str] = []
    for m in _PY_FROM.finditer(text):
        module = m.group(1)
        names = re.sub(r"#[^\n]*", "", m.group(2)).replace("\\\n", " ").strip("() \t\n")
        for item in names.replace("(", " ").replace(")", " ").split(","):
            name = item.split()[0] if item.split() else ""
            if name and name != "*":
                out.append(f"{module}.{name}" if module else name)
    for m in _PY_IMPORT.finditer(text):
        for item in re.sub(r"#[^\n]*", "", m.group(1)).replace("\\\n", " ").split(","):
            parts = item.split()
            if not parts:
                continue
            if len(parts) >= 3 and parts[1] == "as":
                out.append(parts[0])
            else:
                out += [parts[0].split(".", 1)[0], parts[0]]
    return out


def js_imports(text: str) -> list[str]:
    return [m.group(1) for m in _JS_SPEC.finditer(text)]


def cross_file_needed(project: object, path: str, text: str, language: str, roles: set[str]) -> bool:
    """Could another module's summary make this file (without a trigger of its own) report?

    Only through an import of a project module, and only when some module of the project calls
    a model (the flow core's own condition for cross-file analysis, answered once per run):
    then a module that may hand out model output, or any one when this file has a source of
    its own."""
    from aisec_cli.lint.flow.project import Project

    assert isinstance(project, Project)
    if "import" not in text and "require" not in text:
        return False
    project.note(path)
    if not project.active():  # one look at every module per run (this one first); then a cached answer
        return False
    if language == "python":
        found = [project.python_module(path, qual + ".x") or project.python_module(path, qual) for qual in python_imports(text)]
    else:
        found = [project.js_file(path, spec) for spec in js_imports(text)]
    modules = [rel for rel in found if rel is not None]
    if not modules:
        return False
    if language != "python" or SOURCE in roles or SECRET in roles:
        return True
    return any(project.may_produce(rel) for rel in modules)
