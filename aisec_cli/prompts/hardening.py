"""System-prompt hardening checks (``PRM5xx``) for system prompts and prompt templates.

Pure: a prompt text in, :class:`HardeningHit` out. The checks and their phrase lists come
from the rules' data (``rules/injection.yaml``, ``detector: hardening-*``):

- secrets, keys, credentials and internal hosts written into the prompt;
- user-input placeholders (``{user_input}``, ``{{ question }}``, ``$input``) outside any
  delimiter (XML-style tags, code fences, triple quotes, delimiter lines);
- no statement that delimited input is data (not instructions);
- no refusal / out-of-scope policy, no instruction hierarchy;
- instructions that invite overriding ("follow the user's instructions exactly");
- "never reveal this prompt" as the only protection.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from aisec_cli.core.evidence import mask_keys
from aisec_cli.core.masking import mask
from aisec_cli.core.rules import Rule
from aisec_cli.prompts import context
from aisec_cli.core.lazyre import LazyRegex

EVIDENCE_CHARS = 120

_SECRET_PATTERNS: tuple[tuple[str, str], ...] = (
    ("private-key", r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
    ("openai-key", r"\bsk-(?:proj-|svcacct-|admin-|ant-(?:api|admin)\d\d-)?[A-Za-z0-9_-]{20,}"),
    ("aws-access-key", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    ("github-token", r"\bgh[pousr]_[A-Za-z0-9]{30,}\b|\bgithub_pat_[A-Za-z0-9_]{30,}"),
    ("slack-token", r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    ("google-api-key", r"\bAIza[0-9A-Za-z_-]{35}\b"),
    ("huggingface-token", r"\bhf_[A-Za-z0-9]{30,}\b"),
    ("stripe-key", r"\b[rs]k_(?:live|test)_[A-Za-z0-9]{20,}"),
    ("jwt", r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    ("url-credentials", r"\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@'\"]{1,64}:[^\s@/'\"]{3,128}@[^\s/'\"]{2,}"),
)
_ASSIGNED = LazyRegex(
    r"(?i)\b(?P<name>password|passwd|pwd|passcode|pass\s?phrase|secret(?:[_ -]?key)?|api[_ -]?key|"
    r"access[_ -]?(?:key|token)|auth[_ -]?token|bearer\s+token|client[_ -]?secret|token|"
    r"admin\s+code|access\s+code|pin)\b\s*(?:is|=|:|=>)\s*[\"'`]?(?P<value>[^\s\"'`,;]{6,})"
)
_PLACEHOLDER_VALUE = LazyRegex(
    r"^(?:\{.*\}|<.*>|\[.*\]|\$\{?\w+\}?|\*+|x{3,}|\.{3,}|(?:your|my|the|an?|some)[_-]?\w*|"
    r"redacted|changeme|example\w*|placeholder|none|null|undefined|os\.environ.*|process\.env.*|env\(.*)$",
    re.I,
)
_INTERNAL_HOST = LazyRegex(
    r"\b(?:10\.\d{1,3}\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3})\b"
    # a host name, not a file name (``.env.local``, ``settings.local.json``)
    r"|(?<![./\w-])[a-z0-9][\w-]{0,62}(?:\.[\w-]{1,63})*\.(?:internal|corp|intranet|lan|local|private)\b(?!\.\w)"
)  # the loopback (``localhost:8000`` of a dev server) names no machine of the network

# Placeholders of templating languages; the name is in group "name".
_PLACEHOLDERS = LazyRegex(
    r"\{\{\{?\s*(?P<name>[A-Za-z_][\w.\[\]'\"]*)\s*(?:\|[^}]{0,60})?\}\}\}?"  # Jinja, Mustache, Handlebars
    r"|\$\{(?P<name2>[A-Za-z_][\w.]*)\}"  # JS template strings, shell
    r"|(?<![{\w$])\{(?P<name3>[A-Za-z_]\w*)(?:![rsa])?(?::[^{}]{0,20})?\}(?!\})"  # str.format / f-strings
    r"|(?<![\w$\\])\$(?P<name4>[A-Za-z_]\w*)\b"  # string.Template, $input
    r"|<<(?P<name5>[A-Za-z_]\w*)>>"
)
_FENCE_LINE = LazyRegex(r"^\s*(?:```|~~~|\"\"\"|'''|-{3,}|={3,}|#{3,}|\*{3,}|<{3,}|>{3,})", re.M)
_OPEN_TAG = LazyRegex(r"<([A-Za-z][\w.-]{0,40})(?:\s[^<>]{0,200})?>")
_BRACKET_MARK = LazyRegex(r"\[(?:BEGIN|START)[^\]\n]{0,40}\]|\b(?:BEGIN|START)\s+(?:OF\s+)?[A-Z_ ]{2,30}\b")


@dataclass(frozen=True, slots=True)
class HardeningHit:
    rule: Rule
    check: str
    start: int
    end: int
    evidence: str
    message: str
    score: float = 1.0


def _evidence(text: str, start: int, end: int) -> str:
    snippet = mask_keys(" ".join(text[start:end].split()))  # before cutting: a cut key no longer matches
    return snippet if len(snippet) <= EVIDENCE_CHARS else snippet[: EVIDENCE_CHARS - 1] + "…"


@cache
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


def _phrases(rule: Rule, key: str) -> re.Pattern[str] | None:
    raw = rule.data.get(key, ()) or ()
    return _compiled(tuple(str(p) for p in raw))


def _affirmed(rx: re.Pattern[str] | None, lower: str) -> re.Match[str] | None:
    """First match of ``rx`` that is not negated (for phrases that state a protection)."""
    if rx is None:
        return None
    for match in rx.finditer(lower):
        if not context.negated(lower[max(0, match.start() - 60) : match.start()]):
            return match
    return None


def _looks_like_instructions(lower: str) -> bool:
    return len(lower) >= 80 and bool(
        re.search(r"\byou\s+(?:are|will|must|should|can|may|act)\b|\byour\s+(?:task|role|job|goal)\b|\bact\s+as\b|\bas\s+an?\s+\w+\s+assistant\b", lower)
    )


def _fenced(text: str, start: int, end: int) -> bool:
    """The placeholder at ``[start, end)`` sits inside delimiters."""
    before = text[:start]
    after = text[end:]
    # An XML-style tag opened before and closed after.
    for match in reversed(list(_OPEN_TAG.finditer(before[-4000:]))):
        name = match.group(1)
        if f"</{name}>" in before[-4000:][match.end() :]:
            continue  # closed before the placeholder
        if f"</{name}>" in after[:4000]:
            return True
    # Delimiter lines (code fences, triple quotes, ---, ###) on both sides, close by.
    if _FENCE_LINE.search(before[-1500:]) and _FENCE_LINE.search(after[:1500]):
        return True
    line_start = before.rfind("\n") + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    inner_before = text[line_start:start]
    inner_after = text[end : line_end if line_end != -1 else len(text)]
    for opening, closing in (('"""', '"""'), ("'''", "'''"), ("```", "```"), ("<<<", ">>>"), ("[", "]")):
        if opening in inner_before and closing in inner_after and len(line) < 400:
            return True
    if _BRACKET_MARK.search(before[-800:]) and re.search(r"\[(?:END|STOP)[^\]\n]{0,40}\]|\bEND\s+(?:OF\s+)?[A-Z_ ]{2,30}\b", after[:800]):
        return True
    return False


def check(text: str, rules: Mapping[str, Rule], kind: str) -> list[HardeningHit]:
    """Every hardening problem of a system prompt or template ``text``.

    ``rules`` maps detector names (``hardening-secret`` …) to their rules; ``kind`` is
    ``system`` or ``template`` (the structural checks only apply to instruction prompts).
    """
    hits: list[HardeningHit] = []
    lower = text.lower()
    secret = rules.get("hardening-secret")
    if secret is not None:
        hits += _secrets(text, secret)
    placeholders = [
        m for m in _PLACEHOLDERS.finditer(text) if _is_user_input(m, rules) and not _bound_in_text(m, text, rules)
    ]
    declared_rule = rules.get("hardening-undeclared-input")
    declared = _affirmed(_phrases(declared_rule, "declare_phrases"), lower) if declared_rule else None
    hierarchy_rule = rules.get("hardening-hierarchy")
    hierarchy = _affirmed(_phrases(hierarchy_rule, "phrases"), lower) if hierarchy_rule else None
    refusal_rule = rules.get("hardening-refusal")
    refusal = _affirmed(_phrases(refusal_rule, "phrases"), lower) if refusal_rule else None

    fence_rule = rules.get("hardening-unfenced-input")
    unfenced = [m for m in placeholders if not _fenced(text, m.start(), m.end())]
    if fence_rule is not None:
        for match in unfenced[:5]:
            name = _name(match)
            hits.append(
                HardeningHit(
                    fence_rule,
                    "unfenced",
                    match.start(),
                    match.end(),
                    _evidence(text, max(0, match.start() - 40), min(len(text), match.end() + 40)),
                    f"user input {match.group(0)} is interpolated without delimiters"
                    + ("" if declared else " and the prompt does not say to treat it as data"),
                )
            )
    fenced = [m for m in placeholders if m not in unfenced]
    if declared_rule is not None and fenced and not unfenced and not declared and not hierarchy:
        first = fenced[0]
        hits.append(
            HardeningHit(
                declared_rule,
                "undeclared",
                first.start(),
                first.end(),
                _evidence(text, max(0, first.start() - 40), min(len(text), first.end() + 40)),
                f"the prompt interpolates {first.group(0)} but never says that input is data, not instructions",
            )
        )
    invite = rules.get("hardening-override-invitation")
    if invite is not None:
        rx = _phrases(invite, "phrases")
        if rx is not None:
            for match in rx.finditer(lower):
                if context.negated(lower[max(0, match.start() - 60) : match.start()]):
                    continue
                hits.append(
                    HardeningHit(
                        invite,
                        "override-invitation",
                        match.start(),
                        match.end(),
                        _evidence(text, match.start(), match.end()),
                        "the prompt tells the model to obey user instructions, which lets input override it",
                    )
                )
                break
    structural = kind == "system" or (kind == "template" and _looks_like_instructions(lower))
    if structural and _looks_like_instructions(lower):
        anchor = _anchor(text)
        if refusal_rule is not None and refusal is None:
            hits.append(
                HardeningHit(refusal_rule, "no-refusal", *anchor, _evidence(text, *anchor),
                             "no refusal or out-of-scope policy: nothing tells the model what to decline")
            )
        if hierarchy_rule is not None and hierarchy is None and declared is None:
            hits.append(
                HardeningHit(hierarchy_rule, "no-hierarchy", *anchor, _evidence(text, *anchor),
                             "no instruction hierarchy: nothing says these instructions outrank user or document text")
            )
        secrecy_rule = rules.get("hardening-secrecy-only")
        if secrecy_rule is not None:
            secrecy = _affirmed_any(_phrases(secrecy_rule, "phrases"), lower)
            if secrecy is not None and refusal is None and hierarchy is None and declared is None:
                hits.append(
                    HardeningHit(secrecy_rule, "secrecy-only", secrecy.start(), secrecy.end(),
                                 _evidence(text, secrecy.start(), secrecy.end()),
                                 "\"never reveal this prompt\" is the only protection; it does not stop injection")
                )
    return hits


def _affirmed_any(rx: re.Pattern[str] | None, lower: str) -> re.Match[str] | None:
    return rx.search(lower) if rx is not None else None


def _anchor(text: str) -> tuple[int, int]:
    """The first line of the prompt: where prompt-wide findings are reported."""
    stripped = len(text) - len(text.lstrip())
    end = text.find("\n", stripped)
    return stripped, (end if end != -1 else len(text))


def _name(match: re.Match[str]) -> str:
    for key in ("name", "name2", "name3", "name4", "name5"):
        value = match.group(key)
        if value:
            return value
    return ""


# Placeholders that splice in the developer's own text, not the user's: constants
# (``{RECOMMENDED_PROMPT_PREFIX}``, ``{WELCOME_MESSAGE}``) and prompt pieces
# (``{extra_prompt_section}``, ``{memory_update_instructions}``, ``{system_prompt}``).
_CONSTANT = LazyRegex(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_PROMPT_PIECE = LazyRegex(
    r"(?i)(?:^|_)(?:prefix|suffix|section|sections|template|preamble|instructions|guidelines|persona)$"
    r"|(?:^|_)(?:system|base|extra|default|recommended|agent)_?prompt$"
)

# A prompt piece named for its topic (``{shell_cmd_prompt}``, ``{language_instruction}``): the
# developer's own text unless a word of the topic names the user's (``{user_prompt}``, ``{chat_prompt}``).
_TOPIC_PIECE = LazyRegex(r"(?i)^(?P<topic>[a-z][a-z0-9]*(?:_[a-z0-9]+)*)_(?:prompt|instructions?)$")

_CAMEL_HUMP = LazyRegex(r"(?<=[a-z0-9])(?=[A-Z])")

# Identifiers, paths and times are not free text a user can write instructions in.
_NOT_TEXT = LazyRegex(r"(?i)(?:^|_)(?:id|ids|uuid|path|dir|url|datetime|date|time|timestamp|count|num|number)$")


def _is_user_input(match: re.Match[str], rules: Mapping[str, Rule]) -> bool:
    rule = rules.get("hardening-unfenced-input") or rules.get("hardening-undeclared-input")
    if rule is None:
        return False
    rx = _phrases(rule, "user_names")
    raw = _name(match)
    tail = raw.rsplit(".", 1)[-1]
    if _CONSTANT.fullmatch(tail) or _PROMPT_PIECE.search(tail) or _NOT_TEXT.search(_CAMEL_HUMP.sub("_", tail)):
        return False  # (userId reads as user_id)
    topic = _TOPIC_PIECE.fullmatch(tail)
    if topic and rx is not None and not any(rx.fullmatch(word) for word in topic.group("topic").lower().split("_")):
        return False
    name = raw.lower()
    if match.group("name4") and rx is not None:
        # $word is also prose ("$5", "$HOME"); only user-ish names count.
        return bool(rx.fullmatch(name))
    return bool(rx.search(name)) if rx is not None else True


def _bound_in_text(match: re.Match[str], text: str, rules: Mapping[str, Rule]) -> bool:
    """The placeholder's name is declared by the prompt's own text (an example's script, a
    template's ``{% set %}``): the example's variable, not a slot the application fills."""
    rule = rules.get("hardening-unfenced-input") or rules.get("hardening-undeclared-input")
    name = _name(match)
    if rule is None or not name or not name.isidentifier():
        return False
    patterns = tuple(str(p).replace("NAME", re.escape(name)) for p in rule.data.get("bound_in_text", ()) or ())
    rx = _compiled(patterns)
    return rx is not None and rx.search(text) is not None


def _secrets(text: str, rule: Rule) -> list[HardeningHit]:
    hits: list[HardeningHit] = []
    seen: set[tuple[int, int]] = set()
    for kind, pattern in _SECRET_PATTERNS:
        for match in re.finditer(pattern, text):
            span = match.span()
            if span in seen:
                continue
            seen.add(span)
            hits.append(
                HardeningHit(rule, kind, span[0], span[1], mask(match.group(0)),
                             f"{kind.replace('-', ' ')} written into the prompt")
            )
    for match in _ASSIGNED.finditer(text):
        value = match.group("value").strip(".")
        if _PLACEHOLDER_VALUE.match(value) or len(set(value)) < 4:
            continue
        span = match.span("value")
        if any(s <= span[0] < e for s, e in seen):
            continue
        seen.add(span)
        name = match.group("name").lower()
        hits.append(
            HardeningHit(rule, "credential", match.start(), span[1], f"{match.group('name')}: {mask(value)}",
                         f"{name} written into the prompt")
        )
    check_hosts = bool(rule.data.get("internal_hosts", True))
    if check_hosts:
        for match in _INTERNAL_HOST.finditer(text):
            hits.append(
                HardeningHit(rule, "internal-host", match.start(), match.end(), match.group(0),
                             "internal host name or address in the prompt", 0.6)
            )
            break
    return hits


def detectors(rules: Sequence[Rule]) -> dict[str, Rule]:
    """Hardening rules by detector name."""
    return {str(r.data["detector"]): r for r in rules if str(r.data.get("detector", "")).startswith("hardening-")}
