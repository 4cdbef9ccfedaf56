"""Credentials inside personal data: API keys, JWTs, private keys, passwords, credential URLs.

This is the one adapter between the redactor and credential detection. AI-provider keys come
from the secrets engine (``aisec_cli.secrets``: every format ``aisec scan`` knows); other
well-known token shapes (GitHub, Stripe, Slack …), JWTs, PEM armour, credential URLs and
key/password fields are recognised here.
"""

from __future__ import annotations

import re

from aisec_cli.core.regex import Finder
from aisec_cli.pii.model import Candidate
from aisec_cli.pii.recognizers.base import det
from aisec_cli.pii.structure import TextStructure
from aisec_cli.pii.validators import jwt_ok, shannon_entropy
from aisec_cli.core.lazyre import LazyRegex

# Provider key shapes: a distinctive prefix plus a body of the provider's alphabet.
_PREFIXED_BODY = (
    r"sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_\-]{20,200}"
    r"|sk-(?:proj|svcacct|service|admin|or-v1|lf)-[A-Za-z0-9_\-]{20,250}"
    r"|sk-[A-Za-z0-9]{20,200}(?:T3BlbkFJ[A-Za-z0-9]{10,200})?"
    r"|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,120}"
    r"|whsec_[A-Za-z0-9]{24,80}"
    r"|gh[pousr]_[A-Za-z0-9]{30,255}"
    r"|github_pat_[A-Za-z0-9_]{40,255}"
    r"|glpat-[A-Za-z0-9_\-]{20,60}"
    r"|(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|AGPA)[A-Z0-9]{16}"
    r"|AIza[0-9A-Za-z_\-]{35}"
    r"|ya29\.[0-9A-Za-z_\-]{20,400}"
    r"|xox[abposr]-[A-Za-z0-9\-]{10,200}"
    r"|xapp-\d-[A-Za-z0-9\-]{10,200}"
    r"|hf_[A-Za-z0-9]{30,60}"
    r"|api_org_[A-Za-z0-9]{30,60}"
    r"|gsk_[A-Za-z0-9]{40,60}"
    r"|r8_[A-Za-z0-9]{30,60}"
    r"|pplx-[A-Za-z0-9]{40,60}"
    r"|xai-[A-Za-z0-9]{60,100}"
    r"|nvapi-[A-Za-z0-9_\-]{50,80}"
    r"|npm_[A-Za-z0-9]{36}"
    r"|pypi-AgE[A-Za-z0-9_\-]{50,300}"
    r"|SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}"
    r"|sq0(?:atp|csp)-[A-Za-z0-9_\-]{22,60}"
    r"|shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}"
    r"|dop_v1_[a-f0-9]{64}"
    r"|lsv2_(?:pt|sk)_[A-Za-z0-9_]{30,80}"
    )
_PREFIXED = Finder(
    r"(?<![\w\-])(?:" + _PREFIXED_BODY + r")(?![\w\-])",
    # RE2 only needs the start: the provider prefixes (large counted repeats would push RE2
    # off its DFA).
    r"sk-ant-|sk-(?:proj|svcacct|service|admin|or-v1|lf)-|sk-[A-Za-z0-9]{8}|(?:sk|rk|pk)_(?:live|test)_|"
    r"whsec_|gh[pousr]_|github_pat_|glpat-|(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|AGPA)[A-Z0-9]{8}|"
    r"AIza|ya29\.|xox[abposr]-|xapp-|hf_|api_org_|gsk_|r8_|pplx-|xai-|nvapi-|npm_|pypi-AgE|SG\.|"
    r"sq0(?:atp|csp)-|shp(?:at|ca|pa|ss)_|dop_v1_|lsv2_(?:pt|sk)_",
    shared=True,
)
_JWT = Finder(
    r"(?<![\w\-])eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*(?![\w\-])",
    r"eyJ[A-Za-z0-9_\-]+\.eyJ",
    shared=True,
)
_PEM_BEGIN = LazyRegex(r"-----BEGIN ((?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?)-----")
_URL_USERINFO = Finder(
    r"(?<![\w+.\-])[A-Za-z][A-Za-z0-9+.\-]{1,20}://[^\s/@:\"'<>`]*:[^\s/@\"'<>`]+@[^\s\"'<>`]+",
    r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s/@:\"'<>`]*:",
    shared=True,
)
_URL_SECRET_QUERY_RE = LazyRegex(
    r"(?<![\w+.\-])https?://[^\s\"'<>`?]+\?(?:[^\s\"'<>`]*?&)?"
    r"(?:api[_\-]?key|apikey|key|token|access_token|auth|auth_token|secret|client_secret|"
    r"sig|signature|password|pwd|private_token|code)=[^&\s\"'<>`]{8,}[^\s\"'<>`]*",
    re.IGNORECASE,
)
# The secret parameters of a query and their values (the last one decides).
_QUERY_SECRET_VALUE = LazyRegex(
    r"[?&](?:api[_\-]?key|apikey|key|token|access_token|auth|auth_token|secret|client_secret|"
    r"sig|signature|password|pwd|private_token|code)=([^&\s\"'<>`]*)",
    re.IGNORECASE,
)
# A template standing for the value: "{GEMINI_API_KEY}", "{self.key}", "${KEY}", "{{ key }}".
_TEMPLATE_VALUE = LazyRegex(r"^\$?\{[^{}]*\}\}?$|^\{\{.*\}\}$")
_URL_SECRET_QUERY = Finder(
    _URL_SECRET_QUERY_RE,
    r"[Hh][Tt][Tt][Pp][Ss]?://[^\s\"'<>`?]+\?",
    shared=True,
)
_WEBHOOK = Finder(
    r"https://(?:hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_\-]{20,}"
    r"|(?:discord(?:app)?\.com)/api/webhooks/\d+/[A-Za-z0-9_\-]{20,}"
    r"|[a-z0-9\-]+\.webhook\.office\.com/[^\s\"'<>`]{20,})",
    r"https://(?:hooks\.slack\.com/|discord(?:app)?\.com/api/webhooks/|[a-z0-9\-]+\.webhook\.office\.com/)",
    shared=True,
)
_URL_TRAIL = ".,;:)]}>!?'\""

_NOT_SECRET_KEY = LazyRegex(
    r"sha|hash|digest|checksum|crc|commit|uuid|etag|version|(?:^|_)id$|public|_url$|_uri$|"
    r"_file$|_path$|_name$|_type$|_len|_length|_count|expires|expiry|timeout|_ttl"
)
# Values that stand for a secret without being one: templates, references, masks, types.
_PLACEHOLDER_VALUE = LazyRegex(
    r"^(?:<[^>]*>|\$\{?[\w.:\-]+\}?|\{\{.*\}\}|%\(\w+\)[sdr]|%[sdr]|\{\w*\}|\[[A-Z_]+(?:_\d+|#[0-9a-f]+)?\]|\*+|x{3,}|X{3,}|"
    r"\.\.\.|…|null|none|nil|true|false|undefined|required|optional|string|str|int|"
    r"your[_\-].*|<.*|example[_\-]?.*|dummy[_\-]?.*|redacted|placeholder|\*\*\*.*|"
    # the word itself standing in for one ("password=password", "user:password@host")
    r"pass|passwd|password|pwd|secret|change[_\-]?me)$",
    re.IGNORECASE,
)
_CODE_VALUE = LazyRegex(r"[()\[\]{}]|^(?:os|process|env|self|this|config|settings)\.|\bgetenv\b")
# After a password word: up to 40 characters of the same clause, then ":"/"=" or "is", then the value.
_PROSE_PASSWORD_TAIL = LazyRegex(
    r"(?i)[^\n.:=]{0,40}?(?:\s*[:=]|\s+(?:is|est|ist|es|è|lautet|was|ist:|=))\s+(?P<value>\S{4,80})"
)


_IDENTIFIER = LazyRegex(r"[A-Za-z_][A-Za-z0-9_]*")  # with no digit, and snake_case or camelCase
_KEYWORD_IN_NAME = LazyRegex(r"(?i)pass|pwd|credential|secret|login")
# A value that a space and another word follow on its line: part of a phrase, not a password.
_PROSE_GOES_ON = LazyRegex(r"[ \t]+[^\W\d_]")


def _query_holds_a_secret(url: str) -> bool:
    """Some secret parameter of ``url`` has a value that is no template or placeholder."""
    for found in _QUERY_SECRET_VALUE.finditer(url):
        value = found.group(1)
        if len(value) >= 8 and not (_TEMPLATE_VALUE.match(value) or _PLACEHOLDER_VALUE.match(value)):
            return True
    return False


def _strip_url(value: str) -> str:
    while value and value[-1] in _URL_TRAIL:
        if value[-1] == ")" and value.count("(") >= value.count(")"):
            break
        value = value[:-1]
    return value


def _classes(value: str) -> int:
    kinds = 0
    kinds += any(c.islower() for c in value)
    kinds += any(c.isupper() for c in value)
    kinds += any(c.isdigit() for c in value)
    kinds += any(not c.isalnum() for c in value)
    return kinds


def _pem_blocks(scan: TextStructure) -> list[Candidate]:
    text = scan.text
    out: list[Candidate] = []
    if "-----BEGIN" not in text:
        return out
    for match in _PEM_BEGIN.finditer(text):
        label = match.group(1)
        end_marker = f"-----END {label}-----"
        end = text.find(end_marker, match.end(), match.end() + 40000)
        if end != -1:
            stop = end + len(end_marker)
        else:
            # Truncated block: the armour body runs to the first blank line.
            blank = re.compile(r"\n[ \t]*\n|\\n\\n|\Z").search(text, match.end())
            stop = blank.start() if blank else len(text)
        out.append(det("PRIVATE_KEY", match.start(), stop, 0.99, "pem-private-key"))
    return out


# Rules whose values the redactor reports under another entity (PEM blocks: PRIVATE_KEY).
_NOT_API_KEYS = frozenset({"KEY009", "KEY090"})


def _provider_keys(text: str) -> list[Candidate]:
    """Every prefixed AI-provider key format of the secrets engine (the rules ``aisec scan``
    uses); unprefixed keys are found below through the key names they are assigned to."""
    from aisec_cli.secrets.engine import default_engine
    from aisec_cli.core.hidden import reveal_mapped

    # keys split by invisible characters or written with escapes, as ``aisec scan`` reads them;
    # the span redacted is the key as written
    searched, original = reveal_mapped(text)
    return [
        det("API_KEY", original(start), original(end), 0.97, f"secrets:{rule_id}")
        for start, end, rule_id, _ in default_engine().find_spans(searched, prefix_only=True)
        if rule_id not in _NOT_API_KEYS
    ]


def find_credentials(scan: TextStructure) -> list[Candidate]:
    """Every credential-shaped value in ``scan`` (entities API_KEY, JWT, PRIVATE_KEY, PASSWORD,
    URL_WITH_CREDENTIALS)."""
    config = scan.config
    text = scan.text
    out: list[Candidate] = []
    if config.wants("PRIVATE_KEY"):
        out.extend(_pem_blocks(scan))
    if config.wants("JWT") and "eyJ" in text:
        for match in scan.find(_JWT):
            if jwt_ok(match.group()):
                out.append(det("JWT", match.start(), match.end(), 0.97, "jwt"))
    if config.wants("URL_WITH_CREDENTIALS") and "://" in text:
        for pattern, name in ((_URL_USERINFO, "url-userinfo"), (_URL_SECRET_QUERY, "url-query-secret"), (_WEBHOOK, "webhook-url")):
            for match in scan.find(pattern):
                value = _strip_url(match.group())
                if name == "url-userinfo":
                    userinfo = value.split("://", 1)[1].split("@", 1)[0]
                    password = userinfo.split(":", 1)[1] if ":" in userinfo else ""
                    if len(password) < 3 or _PLACEHOLDER_VALUE.match(password):
                        continue
                elif name == "url-query-secret" and not _query_holds_a_secret(match.group()):
                    continue  # "?key={GEMINI_API_KEY}" in an f-string: a template, no key
                out.append(det("URL_WITH_CREDENTIALS", match.start(), match.start() + len(value), 0.95, name))
    if config.wants("API_KEY"):
        out.extend(_provider_keys(text))
        for match in scan.find(_PREFIXED):
            value = match.group()
            if value.startswith("sk-") and not value.startswith(("sk-ant", "sk-proj", "sk-svc", "sk-ser", "sk-adm", "sk-or", "sk-lf")):
                if _classes(value[3:]) < 2 or shannon_entropy(value[3:]) < 3.0:
                    continue
            out.append(det("API_KEY", match.start(), match.end(), 0.95, "provider-key"))
        for field in scan.field_values("API_KEY.keys"):
            key = field.key
            if _NOT_SECRET_KEY.search(key) or "pass" in key:
                continue
            value = text[field.start : field.end]
            if _looks_like_secret(value, key):
                out.append(det("API_KEY", field.start, field.end, 0.8, "keyed-secret"))
    if config.wants("PASSWORD"):
        for field in scan.field_values("PASSWORD.keys"):
            if _NOT_SECRET_KEY.search(field.key):
                continue
            value = text[field.start : field.end]
            if _looks_like_password(value):
                out.append(det("PASSWORD", field.start, field.end, 0.9, "keyed-password"))
        for keyword_start, keyword_end in scan.hits.get("PASSWORD.words"):
            match = _PROSE_PASSWORD_TAIL.match(text, keyword_end)
            if match is None:
                continue
            value = match.group("value")
            start = match.start("value")
            if keyword_start > 0 and (text[keyword_start - 1].isalnum() or text[keyword_start - 1] == "_"):
                continue  # inside an identifier: "class ChangePasswordRequest(BaseModel):"
            if "\n" in text[keyword_end:start] and ("=" in value or value.endswith(":")):
                continue  # the next statement: "credential_opts=" / "credential_cmd=$1"
            if value[:1] == "\\" and value[1:2] in ("\"", "'") and len(value) > 3:
                close = value.find("\\" + value[1], 2)  # an escaped string: \"FTA…\",
                value = value[2:close] if close != -1 else value[2:]
                start += 2
            elif value[0] in "\"'`" and len(value) > 2:
                quote = value[0]
                close = value.find(quote, 1)
                value = value[1:close] if close != -1 else value[1:]
                start += 1
            value = value.rstrip(".,;")
            if value.endswith(")") and "(" not in value:
                value = value[:-1]
            if value.isalpha() and _PROSE_GOES_ON.match(text, start + len(value)):
                continue  # "password: Database password": the first word of a description
            if _IDENTIFIER.fullmatch(value) and _KEYWORD_IN_NAME.search(value) and not any(c.isdigit() for c in value) and (
                "_" in value or (value[0].islower() and not value.islower())
            ):
                continue  # "passwd_len = passwd_len;": a variable named for the password
            keyword = text[keyword_start:keyword_end].lower()
            needed = 3 if ("login" in keyword or "credential" in keyword) else 2
            if len(value) < 6 or _classes(value) < needed or not _looks_like_password(value):
                continue
            out.append(det("PASSWORD", start, start + len(value), 0.8, "prose-password"))
    return out


def _looks_like_secret(value: str, key: str) -> bool:
    if len(value) < 16 or len(value) > 400 or " " in value:
        return False
    if _PLACEHOLDER_VALUE.match(value) or _CODE_VALUE.search(value):
        return False
    if "://" in value or value.startswith(("/", "./", "~")):
        return False
    if value.startswith("eyJ") or value.startswith("-----"):
        return False
    if not any(c.isdigit() for c in value) or not any(c.isalpha() for c in value):
        return False
    return shannon_entropy(value) >= 3.0


# Code standing where a password is read: an attribute (args.password), a variable named for
# it (newPassword, administratorLoginPassword), a typed parameter (str = None), a setting
# (passwordAuth: 'Enabled'), the next line's assignment after an empty value (KEY=value).
_CODE_PASSWORD = LazyRegex(
    r"^(?:[a-z_]+(?:\.[A-Za-z_][A-Za-z_]*)+|[A-Z][A-Z0-9]*_[A-Z0-9_]+|[A-Za-z_]\w*(?:[Pp]assword|[Pp]asswd|[Ss]ecret)\w*|[A-Za-z_]\w*[ \t]+=[ \t]+\S.*|"
    r"[A-Z][A-Z0-9]*_[A-Z0-9_]*=.*|(?i:enabled|disabled|on|off|yes|no|auto))\Z"
)


def _looks_like_password(value: str) -> bool:
    if len(value) < 4 or len(value) > 200 or "\n" in value:
        return False
    if _PLACEHOLDER_VALUE.match(value) or _CODE_VALUE.search(value) or _CODE_PASSWORD.match(value):
        return False
    if value.startswith(("http://", "https://", "/")):
        return False
    return not (" " in value and _classes(value.replace(" ", "")) < 3)
