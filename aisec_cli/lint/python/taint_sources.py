"""Python taint sources and sanitisers: the calls, attributes and types that produce or clean taint."""

from __future__ import annotations

from aisec_cli.core.lazyre import LazyRegex

REQUEST_OBJECTS = frozenset(
    {"flask.request", "quart.request", "werkzeug.local.request", "bottle.request", "sanic.request"}
)
# Attributes of a request object that are not attacker-controlled text.
REQUEST_CLEAN_ATTRS = frozenset(
    {"method", "user", "session", "app", "state", "url_for", "endpoint", "blueprint", "url_rule",
     "is_json", "is_secure", "scheme", "auth", "environ", "scope", "client", "remote_addr",
     "content_length", "content_type", "mimetype", "is_ajax", "site", "resolver_match"}
)
# Parameter types of a request object handed to a helper (its REQUEST_CLEAN_ATTRS stay clean).
REQUEST_TYPE = LazyRegex(r"(?:^|\.)(?:Request|WebSocket|HTTPConnection|HttpRequest|WSGIRequest|ASGIRequest)$")
STREAMLIT_TEXT = frozenset(
    {"text_input", "text_area", "chat_input", "file_uploader", "camera_input", "data_editor", "audio_input"}
)
STREAMLIT_BOUNDED = frozenset(
    {"selectbox", "radio", "multiselect", "select_slider", "slider", "checkbox", "toggle", "pills",
     "segmented_control", "color_picker", "date_input", "time_input", "feedback"}
)
ENV_READERS = frozenset(
    {"os.getenv", "os.environ.get", "os.environ.setdefault", "os.getenvb", "decouple.config",
     "environ.Env", "dotenv.get_key", "google.colab.userdata.get"}
)
SECRET_FETCHERS = LazyRegex(
    r"(?i)access_secret_version|get_secret_value|get_secret|get_password|getpass|load_secret|read_secret|resolve_value"
)
FETCH_ROOTS = ("tavily", "duckduckgo_search", "ddgs", "serpapi", "exa_py", "firecrawl", "trafilatura", "newspaper", "wikipedia")
HTTP_FETCH = LazyRegex(r"^(?:requests|httpx)\.(?:get|post|put|patch)$|^urllib\.request\.urlopen$|^urllib2\.urlopen$")
LOADER_CLASS = LazyRegex(r"(?:Loader|Reader|Scraper|Crawler|Fetcher)$")
LOADER_METHODS = frozenset({"load", "aload", "lazy_load", "load_data", "aload_data", "load_and_split", "scrape", "crawl"})

HTML_SANITIZERS = frozenset(
    {"html.escape", "markupsafe.escape", "flask.escape", "jinja2.escape", "cgi.escape",
     "bleach.clean", "nh3.clean", "django.utils.html.escape", "django.utils.html.strip_tags",
     "django.utils.html.format_html", "xml.sax.saxutils.escape", "markupsafe.Markup.escape",
     "lxml.html.clean.clean_html", "html_sanitizer.Sanitizer.sanitize", "bleach.Cleaner.clean",
     "markdown_it.MarkdownIt.render_safe"}
)
SHELL_SANITIZERS = frozenset({"shlex.quote", "pipes.quote", "shlex.join"})
LOG_REDACTOR = LazyRegex(r"(?i)redact|(?:^|_)mask|anonymi[sz]|scrub|obfuscat|pseudonymi[sz]|censor")
HASHERS = LazyRegex(r"^(?:hashlib|hmac|zlib|xxhash|mmh3|blake3)\.|(?:^|\.)(?:hexdigest|digest|sha\d+|md5|hash_text|fingerprint)$")
CLEANING_BUILTINS = frozenset(
    {"len", "bool", "isinstance", "issubclass", "type", "id", "callable", "hasattr", "hash", "any", "all",
     "time.time", "time.monotonic", "time.perf_counter", "uuid.uuid4", "datetime.now", "datetime.datetime.now",
     "os.path.exists", "os.path.isfile", "os.path.isdir", "math.ceil", "math.floor"}
)
SCALAR_BUILTINS = frozenset({"int", "float", "round", "abs", "decimal.Decimal", "Decimal"})
CLEAN_METHODS = frozenset(
    {"count", "startswith", "endswith", "isdigit", "isalpha", "isalnum", "isnumeric", "isdecimal",
     "isidentifier", "islower", "isupper", "isspace", "index", "find", "rfind", "hexdigest", "digest",
     "total_seconds", "exists", "is_file", "is_dir", "is_relative_to", "__len__", "bit_length",
     "get_secret_value_length", "usage"}
)
MUTATORS = frozenset(
    {"append", "extend", "insert", "add", "update", "setdefault", "appendleft", "extendleft",
     "put", "put_nowait", "write", "writelines", "add_message", "add_messages", "add_user_message",
     "add_ai_message", "push"}
)
LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log", "msg",
     "trace", "success", "notice"}
)
LOGGER_NAME = LazyRegex(r"(?i)^(?:_*(?:log|logger|logging|structlog|loguru|LOG|LOGGER|slog|audit_log|app_log)\w*|\w*_(?:log|logger))$")
PROMPT_NAME = LazyRegex(r"(?i)^(?:full_|user_|system_|final_|chat_|llm_|rendered_|formatted_)?(?:prompt|messages|instructions|prompt_text|conversation)$")
CONTEXT_PARAMS = frozenset({"self", "cls", "ctx", "context", "run_manager", "config", "callbacks", "tool_context", "wrapper"})
SAFE_PARAM_TYPES = LazyRegex(
    r"(?i)(?:^|\.)(?:Session|AsyncSession|BackgroundTasks|Response|Settings|Connection|Engine|Logger|"
    r"HttpResponse|Depends|RunContext|Context)$"
)
SCALAR_TYPES = frozenset({"int", "float", "bool", "decimal.Decimal", "Decimal", "datetime.date", "datetime.datetime", "uuid.UUID", "UUID"})
