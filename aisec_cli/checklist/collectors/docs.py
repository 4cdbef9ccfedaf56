"""Data-classification documents: levels, a word on AI providers, a review date (pure)."""

from __future__ import annotations

import datetime as dt
import re

from aisec_cli.checklist.facts import DocInfo

# Classification levels, and the data categories of the article's own table.
_LEVELS = {
    "public": r"\bpublic\b",
    "internal": r"\binternal\b",
    "confidential": r"\bconfidential\b",
    "restricted": r"\brestricted\b",
    "secret": r"\b(?:top[- ])?secret\b|\bcredentials?\b|\bsecrets\b",
    "sensitive": r"\bsensitive\b",
    "regulated": r"\bregulated\b|\bphi\b|\bhealth\b|\bhipaa\b",
    "personal": r"\bpii\b|\bpersonal(?:ly identifiable)?\b|\bcustomer data\b",
    "financial": r"\bfinancial\b|\bpayment\b|\bpci\b",
    "private": r"\bprivate\b",
}
_LEVEL_RE = {name: re.compile(p, re.I) for name, p in _LEVELS.items()}
_AI = re.compile(
    r"\b(?:ai|a\.i\.|llms?|large language models?|language models?|genai|generative|openai|anthropic|gemini|claude|"
    r"gpt[-\w]*|chatgpt|copilot|model providers?|ai providers?|ai apis?|ai services?|machine learning)\b",
    re.I,
)
_REVIEW = re.compile(
    r"(?im)^[ \t>*_#|-]*(?:last[-_ ]reviewed(?:[-_ ]on)?|reviewed(?:[-_ ]on)?|review[-_ ]date|last[-_ ]review|"
    r"last[-_ ]updated|updated(?:[-_ ]on)?|date)\s*\**\s*[:=|]?\s*\**\s*[\"']?(\d{4}-\d{2}-\d{2})"
)
_HEADING = re.compile(r"(?im)^(#{1,6})\s*(?:\d+[.)]?\s*)?data[-\s]classification\b.*$")
_ANY_HEADING = re.compile(r"(?m)^(#{1,6})\s")


def analyze(path: str, text: str, whole: bool = True) -> DocInfo | None:
    """A :class:`DocInfo` for a classification document, or for the "Data classification"
    section of a broader one (``whole=False``: SECURITY.md, PRIVACY.md); ``None`` if absent."""
    start_line = 1
    kind = "document"
    body = text
    if not whole:
        heading = _HEADING.search(text)
        if heading is None:
            return None
        level = len(heading.group(1))
        rest = text[heading.end() :]
        end = len(rest)
        for match in _ANY_HEADING.finditer(rest):
            if len(match.group(1)) <= level:
                end = match.start()
                break
        body = text[heading.start() : heading.end() + end]
        start_line = text.count("\n", 0, heading.start()) + 1
        kind = "section"
    levels = tuple(name for name, regex in _LEVEL_RE.items() if regex.search(body))
    review: dt.date | None = None
    review_line = 0
    for match in _REVIEW.finditer(text):
        try:
            when = dt.date.fromisoformat(match.group(1))
        except ValueError:
            continue
        if review is None or when > review:
            review = when
            review_line = text.count("\n", 0, match.start(1)) + 1
    return DocInfo(
        path=path,
        line=start_line,
        levels=levels,
        mentions_ai=bool(_AI.search(body)),
        review_date=review,
        review_line=review_line,
        kind=kind,
    )


def is_section_host(path: str) -> bool:
    """SECURITY.md / PRIVACY.md count only through their "Data classification" section."""
    name = path.rsplit("/", 1)[-1].upper()
    return name.startswith(("SECURITY.", "PRIVACY."))
