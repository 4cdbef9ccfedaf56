"""Which files feed which collector (names are repository-relative POSIX paths)."""

from __future__ import annotations

import re

CODE_EXT = frozenset(
    ".py .pyi .pyw .ipynb .js .mjs .cjs .jsx .ts .tsx .mts .cts .go .java .kt .rb .php .cs .rs .swift .scala".split()
)
CONFIG_EXT = frozenset(".yaml .yml .json .toml .ini .cfg .conf .tf .hcl .tfvars .properties .rules".split())
CONFIG_NAMES = frozenset({"dockerfile", "caddyfile", "nginx.conf", "jenkinsfile", ".htaccess"})
LOCK_NAMES = frozenset(
    {"package-lock.json", "yarn.lock", "pnpm-lock.yaml", "poetry.lock", "uv.lock", "pipfile.lock", "composer.lock", "cargo.lock"}
)
MAX_SIGNAL_BYTES = 2_000_000

# The same selections as the aisec-prompts and aisec-pii hooks (.pre-commit-hooks.yaml).
PROMPT_FILES = re.compile(
    r"(^|/)(prompts?|system[-_]?prompts?)/|\.(prompt|prompty|jinja2?|j2)$|(^|/)[^/]*prompt[^/]*\.(txt|md|ya?ml|json)$",
    re.I,
)
DATA_FILES = re.compile(
    r"(^|/)(data|datasets?|fixtures?|samples?|examples?|evals?|few[-_]?shots?|prompts?)/|\.(jsonl|ndjson|csv|tsv|prompt)$|few[-_]?shot",
    re.I,
)
DATA_EXT = frozenset(".txt .md .json .jsonl .ndjson .csv .tsv .yaml .yml .prompt .prompty .jinja .jinja2 .j2 .xml".split())
LOG_FILES = re.compile(r"\.log$|(^|/)logs?/[^/]+\.(txt|json|jsonl|ndjson)$", re.I)
ENV_FILES = re.compile(r"(^|/)(\.env(\.[\w.-]+)?|[\w.-]+\.env)$")
DOC_CANDIDATES = re.compile(r"(^|/)[^/]*data[-_ ]?classification[^/]*\.(md|markdown|rst|txt|adoc)$|(^|/)(SECURITY|PRIVACY)\.(md|markdown|rst|txt)$", re.I)
MANIFESTS = re.compile(
    r"(^|/)(requirements[^/]*\.txt|requirements/[^/]+\.txt|pyproject\.toml|Pipfile|setup\.cfg|setup\.py|package\.json|environment\.ya?ml)$"
)
VENDORED = re.compile(r"(^|/)(node_modules|site-packages|\.venv|venv|vendor|dist-packages|bower_components)/")


TESTS = re.compile(
    r"(^|/)(tests?|__tests__|spec|specs|testing|e2e)/|(^|/)(test_[^/]*\.py|[^/]*_test\.py|conftest\.py|[^/]*\.(test|spec)\.[cm]?[jt]sx?)$"
)


def is_test_path(path: str) -> bool:
    """Test code: its model calls and findings say nothing about the application."""
    return bool(TESTS.search(path))


def suffix(path: str) -> str:
    name = path.rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def basename(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def kind_of(path: str) -> str | None:
    """code | config | docs (prompt files) | None (not examined for signals)."""
    ext = suffix(path)
    name = basename(path).lower()
    if ext in CODE_EXT:
        return "code"
    if name in LOCK_NAMES or name.endswith(".min.js") or name.endswith(".map"):
        return None
    if PROMPT_FILES.search(path) and ext in DATA_EXT:
        return "docs"
    if ext in CONFIG_EXT or name in CONFIG_NAMES or name.endswith((".conf", ".rules")):
        return "config"
    return None


def is_prompt_file(path: str) -> bool:
    return bool(PROMPT_FILES.search(path)) and suffix(path) in DATA_EXT and not VENDORED.search(path)


# The strings of a user interface in each language: shown to people, not given to a model.
UI_STRINGS = re.compile(r"(?i)(^|/)(translations?|locales?|i18n|l10n|lang)/")


def is_data_file(path: str) -> bool:
    return bool(DATA_FILES.search(path)) and suffix(path) in DATA_EXT and not VENDORED.search(path) and not UI_STRINGS.search(path)


def is_log_file(path: str) -> bool:
    return bool(LOG_FILES.search(path)) and not VENDORED.search(path)


def is_env_file(path: str) -> bool:
    return bool(ENV_FILES.search(path))


def is_manifest(path: str) -> bool:
    return bool(MANIFESTS.search(path)) and not VENDORED.search(path)


def is_prose(path: str) -> bool:
    return suffix(path) in (".md", ".markdown", ".rst", ".txt", ".adoc") and not VENDORED.search(path)


def is_doc_candidate(path: str) -> bool:
    return bool(DOC_CANDIDATES.search(path)) and not VENDORED.search(path)


_ENV_WORDS = {
    "production": ("prod", "production", "prd", "live"),
    "staging": ("staging", "stage", "stg", "preprod", "uat"),
    "development": ("dev", "development", "local"),
    "test": ("test", "testing", "qa", "ci"),
}
_SPLIT = re.compile(r"[/._\-]+")


def environment_of(path: str) -> str:
    """The deployment environment a file belongs to, from its name ("" when none is named)."""
    words = [w.lower() for w in _SPLIT.split(path) if w]
    for env, names in _ENV_WORDS.items():
        if any(w in names for w in words):
            return env
    return ""
