"""Optimised adversarial suffixes (GCG-style): a plain request followed by symbol soup.

Search-based jailbreaks append a string of tokens that reads as noise to a person: brackets of
every kind, backslashes, words glued in camel case, fragments of several languages. Prose
rarely ends like that and code is like that throughout, so the signal is the contrast between
an ordinary head and a noisy tail on the same line.
"""

from __future__ import annotations

from bisect import bisect_right
from aisec_cli.core.lazyre import LazyRegex

_SPECIAL = LazyRegex(r"[{}\[\]()\\<>$|=~^%`*@#_]")
# A token mixing two or more kinds of brackets/escapes with letters: ``$(\\INST]{\\``, ``<?hide](``.
_WEIRD = LazyRegex(r"(?:[{}\[\]\\<>$~^][^{}\[\]\\<>$~^]{0,12}){2,}")
_GLUED = LazyRegex(r"[a-z]{2,}[A-Z][a-z]+[A-Z]|[a-z]{3,}[A-Z][a-z]{2,}")
_WORD = LazyRegex(r"^[A-Za-z][a-z'’,.;:!?-]*$")
# A line that is code or program output: a statement, a tag or brace, an object's repr opening with a
# keyword argument (``[Record(id=...``); a command line has two long options (``--name``).
_CODEISH = LazyRegex(
    r"^\s*(?:def |class |import |from |function |const |let |var |#include|<\w+|\{|\}|//|/\*"
    r"|[\[>]?[A-Z]\w{0,60}\(\w{1,40}=)"
)
_LONG_OPTION = LazyRegex(r"(?<!\S)--[a-z][\w-]{1,40}")
MIN_TOKENS = 12
# A suffix ends the line: more plain words than this after the last noisy token make the noise a
# placeholder or an identifier inside a sentence (documentation), not a tail.
MAX_CLEAN_END = 8
_TOKEN = LazyRegex(r"\S+")
# Function words: a tail that is still made of sentences (a few identifiers among articles,
# prepositions and pronouns) is prose naming things; a search-made suffix has almost none of them.
_FUNCTION_WORDS = frozenset(
    "the a an to of and or is are in on for with that this by as be it can you your from at not will which when".split()
)
PROSE_TAIL_WORDS = 4
PROSE_TAIL_SHARE = 0.22


def adversarial_suffix(text: str) -> tuple[int, int, float] | None:
    """``(start, end, strength)`` of a noisy tail after a prose head, else None."""
    for line_start, line in _candidate_lines(text):
        found = _line_suffix(line)
        if found is not None:
            start, end, strength = found
            return line_start + start, line_start + end, strength
    return None


# Template placeholders and escape sequences are ordinary in prompts: blank them out (same
# length, so offsets still hold) before looking for noise.
_BENIGN_MARKUP = LazyRegex(
    r"`[^`<>\n]{1,80}<(?:https?://|/|#|mailto:)[^>\s]{1,200}>`_{1,2}"  # reStructuredText link
    r"|:[\w:]{1,30}:`[^`\n]{1,80}`|``[^`\n]{1,80}``"  # reStructuredText role, inline literal
    r"|\$?\{\{?[\w :.,'’#/()+-]{1,80}\}\}?|\\\\?[nrt\"']|\[[^\[\]\n]{1,60}\]\((?:https?://|/|#)[^\s)]{0,200}\)"
    r"|\[[A-Za-z][\w ,:;/.'\"&+?!-]{0,60}\]|==[^=\n]{1,60}==|\$\d[\d,.]*"
    r"|`[\w.()/:'-]{1,40}(?: [\w.()/:'-]{1,40}){0,2}`|\[\s?\]|\[x\]|</?[a-zA-Z][\w-]{0,30}>|<[^<>\s@]{1,60}@[^<>\s]{1,60}>|\|"
    # Markdown written by a notebook or a converter: self-closing and escaped tags (``<br/>``,
    # ``\<thinking>``), an escaped list number (``3\.``), an escaped underscore inside a word.
    r"|\\?</?[a-zA-Z][\w-]{0,30}\s?/?\\?>|\b\d{1,3}\\\.|(?<=[A-Za-z0-9])\\_(?=[A-Za-z0-9])"
    # Reference prose: a JSON object literal ({"type": "text", ...}) and a double-quoted identifier
    # ("notEquals", "starting_research"); an escaped bracket closing a parenthesis (``\)``).
    r'|\[?\{\s?"[\w.-]{1,40}"\s?:[^{}\n]{0,300}\}\]?|"[A-Za-z_][\w.-]{0,40}"|\\[()\[\]]'
    # API references of documentation generators: a docfx cross-reference (``@Pkg.Type.Member*``,
    # with a generic arity, type argument or parameter list), a mkdocs reference link
    # (``[text][pkg.module.Name]``), a reStructuredText footnote or citation (``[#name]_``, ``[1]_``).
    r"|@[A-Za-z_]\w{0,60}(?:\.\w{1,80}){1,8}(?:`\d|<\w{1,40}>|\*|\([^()\n]{0,300}\))*"
    r"|\[[^\[\]\n]{1,120}\]\[[\w.:-]{1,200}\]|\[#?[\w-]{0,40}\]_"
)


_INNER = LazyRegex(r"[{}\[\]\\<>$|~^=]")
_EDGE = "\"'([{.,;:!?)]}"


def _weird_token(token: str) -> bool:
    """An escape, or two kinds of brackets/operators, inside a word (``describing.\\``)."""
    if token.isalnum():
        return False  # most tokens: no escape, no bracket or operator
    if "\\" in token and any(c.isalpha() for c in token):
        return True
    core = token[1:] if token[:1] in _EDGE else token
    core = core[:-1] if core[-1:] in _EDGE else core
    return len(set(_INNER.findall(core))) >= 2 and any(c.isalpha() for c in core)


def _candidate_lines(text: str) -> list[tuple[int, str]]:
    """The last few long prose-or-noise lines, with template markup blanked out."""
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        if (
            len(line) >= 60
            and not _CODEISH.match(line)
            and len(_LONG_OPTION.findall(line)) < 2
            and len(_SPECIAL.findall(line, len(line) // 3)) >= 3
        ):
            if any(c in line for c in "{\\`[<$|=\"@"):
                line = _BENIGN_MARKUP.sub(lambda m: " " * len(m.group(0)), line)
                if len(_SPECIAL.findall(line, len(line) // 3)) < 3:
                    offset += len(line) + 1
                    continue
            lines.append((offset, line))
        offset += len(line) + 1
    return lines[-3:]


def _line_suffix(line: str) -> tuple[int, int, float] | None:
    tokens = [(m.start(), m.group(0)) for m in _TOKEN.finditer(line)]
    n = len(tokens)
    if n < MIN_TOKENS:
        return None
    word = [1 if _WORD.match(t) else 0 for _, t in tokens]
    special = [1 if _SPECIAL.search(t) else 0 for _, t in tokens]
    glued = [1 if _GLUED.search(t) else 0 for _, t in tokens]
    # Clusters of brackets/escapes, counted at the token where they start.
    starts = [start for start, _ in tokens]
    weird = [1 if _weird_token(t) else 0 for _, t in tokens]
    for m in _WEIRD.finditer(line):
        index = max(0, bisect_right(starts, m.start()) - 1)
        weird[index] = max(weird[index], 1)
    noisy = [i for i in range(n) if special[i] or glued[i] or weird[i]]
    if not noisy or n - 1 - noisy[-1] > MAX_CLEAN_END:
        return None
    # Suffix sums from the end of the line.
    noise_tail = [0] * (n + 1)
    special_tail = [0] * (n + 1)
    weird_tail = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        noise_tail[i] = noise_tail[i + 1] + (1 if special[i] or glued[i] else 0)
        special_tail[i] = special_tail[i + 1] + special[i]
        weird_tail[i] = weird_tail[i + 1] + weird[i] + glued[i]
    head_words = 0
    # The head must read as prose, the tail as noise; take the first cut that works.
    for cut in range(n - 4):
        head_words += word[cut]
        k = cut + 1  # head = tokens[:k]
        if k < max(5, n // 3):
            continue
        if head_words < 0.8 * k:
            continue
        if special_tail[k] < 2 or noise_tail[k] < 2 or weird_tail[k] < 2:
            continue
        if _reads_as_prose([t for _, t in tokens[k:]], noisy, k):
            continue
        strength = min(1.0, 0.55 + weird_tail[k] / 8)
        return tokens[k][0], len(line.rstrip()), strength
    return None


def _reads_as_prose(tail: list[str], noisy: list[int], k: int) -> bool:
    """Whether the tail, from its first noisy token on, is sentences that name identifiers."""
    first = next((i for i in noisy if i >= k), k) - k
    rest = tail[first:]
    function_words = sum(1 for t in rest if t.lower().strip(",.;:!?") in _FUNCTION_WORDS)
    return function_words >= PROSE_TAIL_WORDS and function_words >= PROSE_TAIL_SHARE * len(rest)
