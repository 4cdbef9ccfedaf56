"""Evidence signals: the named regular expressions of ``rules/checklist.yaml`` over one file.

Pure: a :class:`Document` in, a :class:`FileFacts` out. One scan for every keyword of every
signal (the one matcher, :mod:`aisec_cli.core.regex`, over the UTF-8 bytes) finds the lines worth a look; each
signal's patterns then run only on its own keyword lines (and the two lines after them, for
calls spread over several lines). Evidence lines never carry a key: long random-looking tokens
are masked.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aisec_cli.checklist.facts import FileFacts, Hit
from aisec_cli.core.document import Document
from aisec_cli.core.errors import ConfigError
from aisec_cli.core.masking import mask
from aisec_cli.core.regex import Keywords

MAX_HITS = 32
WINDOW_LINES = 2  # a match starting on a keyword line may continue this many lines (a signal's `window` overrides)
MAX_TEXT = 160
MAX_WINDOW = 2000  # characters: longer lines are data or minified code
_COMMENT = ("#", "//", "/*", "* ", "<!--", "--", ";")
_TOKEN = re.compile(r"[A-Za-z0-9_\-+/=.]{20,}")


@dataclass(frozen=True, slots=True)
class Signal:
    name: str
    kinds: frozenset[str]
    keywords: tuple[str, ...]
    regex: re.Pattern[str]
    unless: re.Pattern[str] | None = None
    window: int = WINDOW_LINES
    control: str = ""  # a control named by a call: 'empty' or 'logs' (see rules/checklist.yaml); '' for none


def _looks_random(token: str) -> bool:
    has_digit = any(c.isdigit() for c in token)
    has_alpha = any(c.isalpha() for c in token)
    return has_digit and has_alpha and not token.startswith(("http", "/"))


def safe_text(line: str) -> str:
    """A line fit for a report: trimmed, cut, and with key-shaped tokens masked."""
    text = " ".join(line.strip().split())
    text = _TOKEN.sub(lambda m: mask(m.group(0)) if _looks_random(m.group(0)) else m.group(0), text)
    return text[:MAX_TEXT]


def compile_signals(table: Mapping[str, Any], extra: Mapping[str, Iterable[str]] | None = None) -> tuple[Signal, ...]:
    """Signals from the ``signals`` table; ``extra`` adds patterns (e.g. configured sanitizers)."""
    out: list[Signal] = []
    for name, spec in table.items():
        patterns = list(spec.get("patterns") or [])
        added = list((extra or {}).get(name, ()))
        patterns += added
        flags = re.M | (re.I if spec.get("flags") == "i" else 0)
        try:
            regex = re.compile("|".join(f"(?:{p})" for p in patterns), flags)
            unless = re.compile("|".join(f"(?:{p})" for p in spec["unless"]), flags) if spec.get("unless") else None
        except re.error as exc:
            raise ConfigError(f"checklist.yaml: signal {name}: bad pattern: {exc}") from None
        keywords = tuple(str(k) for k in spec.get("keywords") or ())
        if added:
            keywords = ()  # configured names: look everywhere
        window = int(spec.get("window", WINDOW_LINES))
        out.append(Signal(str(name), frozenset(spec.get("in") or ("code",)), keywords, regex, unless, window, _control(spec.get("control"))))
    return tuple(out)


def _control(value: Any) -> str:
    """The ``control`` key of a signal: '' (none), 'empty' (``true``) or 'logs'."""
    if value == "logs":
        return "logs"
    return "empty" if value is True else ""


class KeywordIndex:
    """Every keyword of every signal in one matcher (:class:`~aisec_cli.core.regex.Keywords`):
    one pass per document finds the lines each signal has to look at. Keywords are found at
    every start position, longest first, and a keyword implies the signals of every keyword
    inside it, so no occurrence is lost."""

    def __init__(self, signals: Sequence[Signal]) -> None:
        owners: dict[str, set[int]] = {}
        for index, signal in enumerate(signals):
            for keyword in signal.keywords:
                owners.setdefault(keyword, set()).add(index)
        self.implied: dict[str, frozenset[int]] = {}
        for keyword in owners:
            found: set[int] = set()
            for other, idx in owners.items():
                if other in keyword:
                    found |= idx
            self.implied[keyword] = frozenset(found)
        self.keywords = Keywords(owners, "checklist keywords")

    def lines(self, lowered: str, newlines: Sequence[int]) -> dict[int, set[int]]:
        """signal index -> indexes (0-based) of the lines holding one of its keywords.

        ``newlines`` are the offsets of the newlines in ``lowered`` (character offsets)."""
        out: dict[int, set[int]] = {}
        if not self.keywords:
            return out
        data = lowered.encode("utf-8", "surrogatepass")  # byte offsets: one pass, no mapping back
        breaks: Sequence[int] = newlines if len(data) == len(lowered) else _positions(data)
        implied = self.implied
        for offset, keyword in self.keywords.occurrences(data):
            line = bisect_left(breaks, offset)
            for index in implied[keyword]:
                out.setdefault(index, set()).add(line)
        return out


def _positions(data: bytes) -> list[int]:
    out = []
    pos = data.find(b"\n")
    while pos != -1:
        out.append(pos)
        pos = data.find(b"\n", pos + 1)
    return out


def _line_span(newlines: Sequence[int], index: int, size: int) -> tuple[int, int]:
    start = newlines[index - 1] + 1 if index > 0 else 0
    end = newlines[index] if index < len(newlines) else size
    return start, end


def _matches(signal: Signal, text: str, newlines: Sequence[int], candidates: set[int] | None) -> list[int]:
    """Offsets where the signal matches, at most one per line; with keywords, only on the lines
    holding one (a match may run on into the next lines: multi-line calls and signatures)."""
    if not signal.keywords:
        return [m.start() for m in signal.regex.finditer(text) if signal.unless is None or not signal.unless.search(m.group(0))]
    size = len(text)
    found = []
    for index in sorted(candidates or ()):
        line_start, line_end = _line_span(newlines, index, size)
        window_end = min(_line_span(newlines, min(index + signal.window, len(newlines)), size)[1], line_start + MAX_WINDOW)
        line_end = min(line_end, window_end)
        pos = line_start
        while pos <= line_end:
            match = signal.regex.search(text, pos, window_end)
            if match is None or match.start() > line_end:
                break
            if signal.unless is None or not signal.unless.search(match.group(0)):
                found.append(match.start())
                break
            pos = match.start() + 1
    return found


def examine(doc: Document, kind: str, signals: Sequence[Signal], index: KeywordIndex | None = None) -> FileFacts | None:
    """The signals one document shows (``None`` when it shows none)."""
    text = doc.text
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lower-cased
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    newlines = doc.newline_offsets()
    keyword_lines = (index or KeywordIndex(signals)).lines(lowered, newlines)
    found: dict[str, tuple[Hit, ...]] = {}
    counts: dict[str, int] = {}
    for number, signal in enumerate(signals):
        if kind not in signal.kinds:
            continue
        candidates = keyword_lines.get(number)
        if signal.keywords and not candidates:
            continue
        hits: list[Hit] = []
        count = 0
        seen_lines: set[int] = set()
        for offset in _matches(signal, text, newlines, candidates):
            line_index = doc.line_index_of(offset)
            if line_index in seen_lines:
                continue
            seen_lines.add(line_index)
            source = doc.line_text(line_index)
            if kind != "docs" and source.lstrip().startswith(_COMMENT):
                continue
            count += 1
            if len(hits) < MAX_HITS:
                line, _ = doc.position(offset)
                hits.append(Hit(line, safe_text(source)))
        if count:
            found[signal.name] = tuple(sorted(hits, key=lambda h: h.line))
            counts[signal.name] = count
    if not found:
        return None
    return FileFacts(doc.path, kind, found, counts)
