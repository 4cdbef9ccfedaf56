"""Build the peer test-string set (data, kept outside the repository) from peers' rule tests.

Usage::

    python bench/peer_strings_extract.py OUT_DIR [--mirror /work/.mirror]

Reads bare git snapshots (``git --git-dir=... show HEAD:path``) of:

* gitleaks/gitleaks and betterleaks/betterleaks: ``cmd/generate/config/rules/<name>.go``
  (the ``tps``/``fps`` string lists of each rule);
* trufflesecurity/trufflehog: ``pkg/detectors/<name>/<name>_test.go`` (``input``/``want``
  pairs of the pattern tests: a non-empty ``want`` is a true case, an empty one a false case);
* mongodb/kingfisher: ``data/rules/<name>.yml`` (``examples`` / ``negative_examples``).

Only the AI/LLM-provider rules listed in ``AI_RULES`` are taken. From gcp.go only the API-key rule is taken (Gemini keys share
its ``AIza`` format). The peers' test strings are
facts (which strings they treat as keys); nothing of their code is used. Strings the peers
generate at test time from a regular expression are generated here the same way (a random
string matching the expression), placed in a set of common assignment contexts. Writes one
``<peer>.jsonl`` per peer with ``{"peer", "rule", "string", "expected"}`` records.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

try:  # Python 3.11+
    import re._parser as sre_parse  # type: ignore[import-not-found]
    from re._constants import (  # type: ignore[import-not-found]
        ANY, BRANCH, CATEGORY, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, NEGATE, RANGE, SUBPATTERN,
    )
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]
    from sre_constants import (  # type: ignore[no-redef]
        ANY, BRANCH, CATEGORY, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, NEGATE, RANGE, SUBPATTERN,
    )

AI_RULES: dict[str, list[str]] = {
    "gitleaks": ["anthropic", "cohere", "gcp", "huggingface", "openai", "perplexity", "privateai"],
    "betterleaks": [
        "anthropic", "assemblyai", "cerebras", "cohere", "cursor", "deepgram", "deepseek", "devin",
        "elevenlabs", "gcp", "greptile", "groq", "huggingface", "kimi", "langchain", "lighton", "minimax",
        "mistral", "nvidia", "ollama", "openai", "openrouter", "perplexity", "pinecone", "privateai",
        "replicate", "runpod", "sourcegraph", "stabilityai", "togetherai", "upstage",
        "weightsandbiases", "xai", "zai",
    ],
    "trufflehog": [
        "anthropic", "assemblyai", "azure_openai", "braintrust", "clarifai", "deepai", "deepgram",
        "deepseek", "edenai", "elevenlabs", "googlegemini", "groq", "huggingface", "langfuse",
        "langsmith", "ngc", "nvapi", "openai", "openaiadmin", "openrouter", "pinecone", "replicate",
        "saladcloudapikey", "sourcegraphcody", "voiceflow", "weightsandbiases", "xai",
    ],
    "kingfisher": [
        "anthropic", "assemblyai", "azureopenai", "clarifai", "deepai", "deepgram", "edenai",
        "elevenlabs", "groq", "huggingface", "nvapi", "openai", "replicate", "voiceflow",
        "weightsandbiases", "xai",
    ],
}
REPOS = {
    "gitleaks": "gitleaks+gitleaks",
    "betterleaks": "betterleaks+betterleaks",
    "trufflehog": "trufflesecurity+trufflehog",
    "kingfisher": "mongodb+kingfisher",
}
# Sourcegraph rules other than the Cody gateway key are not AI keys.
SKIP_RULE_IDS = {"sourcegraph-access-token", "gcp-service-account", "gcp-application-default-credentials"}

# Assignment contexts a generated sample is placed in ({n}: name, {N}: upper name, {s}: secret).
CONTEXTS = (
    '{n}Token="{s}"', "{n}Token = {s}", '{{\n  "{n}_token": "{s}"\n}}', "{n}_token: '{s}'",
    '{n}_token: "{s}"', "{n}_token: {s}", 'string {n}Token = "{s}";', '{n}Token := "{s}"',
    '{n}Token = \'{s}\'', '{N}_TOKEN = "{s}"', '{N}_TOKEN := "{s}"', 'System.setProperty("{N}_TOKEN", "{s}")',
    '<{n}Token>\n    {s}\n</{n}Token>', 'var {n}Token = "{s}"', '"{n}Token" => "{s}"',
)

# Go helper functions that return a regular expression (facts of their test DSL).
HELPERS = {
    "Numeric": "[0-9]{%s}", "Hex": "[a-f0-9]{%s}", "AlphaNumeric": "[a-z0-9]{%s}",
    "AlphaNumericExtendedShort": "[a-z0-9_-]{%s}", "AlphaNumericExtended": "[a-z0-9=_\\-]{%s}",
    "AlphaNumericExtendedLong": "[a-z0-9\\/=_\\+\\-]{%s}",
}


# ----- random strings from a regular expression -------------------------------------------
_CATEGORIES = {
    "CATEGORY_DIGIT": "0123456789",
    "CATEGORY_WORD": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
    "CATEGORY_SPACE": " ",
}


def _charset(items: Any) -> str:
    chars: list[str] = []
    negate = False
    for op, av in items:
        if op is NEGATE:
            negate = True
        elif op is LITERAL:
            chars.append(chr(av))
        elif op is RANGE:
            chars.extend(chr(c) for c in range(av[0], av[1] + 1))
        elif op is CATEGORY:
            chars.extend(_CATEGORIES.get(str(av), "a"))
    if negate:
        return "".join(c for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" if c not in chars)
    return "".join(chars)


def _gen(parsed: Any, rng: random.Random) -> str:
    out: list[str] = []
    for op, av in parsed:
        if op is LITERAL:
            out.append(chr(av))
        elif op is IN:
            out.append(rng.choice(_charset(av)))
        elif op is ANY:
            out.append(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789"))
        elif op in (MAX_REPEAT, MIN_REPEAT):
            lo, hi, sub = av
            hi = lo + 8 if hi > 1000 else hi
            out.extend(_gen(sub, rng) for _ in range(rng.randint(lo, hi)))
        elif op is SUBPATTERN:
            out.append(_gen(av[-1], rng))
        elif op is BRANCH:
            out.append(_gen(rng.choice(av[1]), rng))
    return "".join(out)


def _entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(c / len(value) * math.log2(c / len(value)) for c in counts.values()) if value else 0.0


def sample(regex: str, rng: random.Random, min_entropy: float = 0.0) -> str:
    regex = regex.replace("(?i)", "")
    parsed = sre_parse.parse(regex)
    value = _gen(parsed, rng)
    for _ in range(50):
        if _entropy(value) >= min_entropy:
            break
        value = _gen(parsed, rng)
    return value


# ----- a small evaluator for the Go expressions of the rule tests -------------------------
_TOKEN = re.compile(
    r"""(?P<raw>`[^`]*`)|(?P<str>"(?:[^"\\\n]|\\.)*")|(?P<num>\d+(?:\.\d+)?)|"""
    r"""(?P<ident>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)|(?P<comment>//[^\n]*|/\*.*?\*/)|(?P<op>\.\.\.|:=|[-+*/=(){}\[\],;:])|(?P<skip>\s+|.)""",
    re.S,
)


def tokens(src: str) -> list[tuple[str, str]]:
    out = []
    for m in _TOKEN.finditer(src):
        kind = m.lastgroup or "skip"
        if kind in ("skip", "comment"):
            continue
        text = m.group()
        if kind == "raw":
            out.append(("str", text[1:-1]))
        elif kind == "str":
            out.append(("str", json.loads(text) if "\\x" not in text else text[1:-1]))
        else:
            out.append((kind, text))
    return out


class Unknown(Exception):
    """An expression the evaluator does not handle (the case is skipped)."""


class GoEval:
    def __init__(self, toks: list[tuple[str, str]], env: dict[str, Any], rng: random.Random) -> None:
        self.t, self.i, self.env, self.rng = toks, 0, env, rng

    def peek(self, k: int = 0) -> tuple[str, str]:
        j = self.i + k
        return self.t[j] if j < len(self.t) else ("eof", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise Unknown(f"expected {value} got {tok}")
        self.i += 1
        return tok

    def expr(self) -> Any:
        left = self.primary()
        while self.peek()[1] == "+":
            self.take()
            right = self.primary()
            if not isinstance(left, str) or not isinstance(right, str):
                raise Unknown("+ on non-strings")
            left = left + right
        return left

    def args(self) -> list[Any]:
        self.take("(")
        out: list[Any] = []
        while self.peek()[1] != ")":
            value = self.expr()
            if self.peek()[1] == "...":
                self.take()
                out.extend(value if isinstance(value, list) else [value])
            else:
                out.append(value)
            if self.peek()[1] == ",":
                self.take()
        self.take(")")
        return out

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "str":
            return text
        if kind == "num":
            return float(text)
        if text == "[":
            self.take("]")
            self.take()  # element type
            self.take("{")
            items: list[Any] = []
            while self.peek()[1] != "}":
                value = self.expr()
                items.extend(value if isinstance(value, list) else [value])
                if self.peek()[1] == ",":
                    self.take()
            self.take("}")
            return items
        if kind != "ident":
            raise Unknown(text)
        if self.peek()[1] == "(":
            return self.call(text, self.args())
        if text in self.env:
            return self.env[text]
        raise Unknown(f"name {text}")

    def call(self, name: str, args: list[Any]) -> Any:
        short = name.rsplit(".", 1)[-1]
        if short in HELPERS:
            return HELPERS[short] % args[0]
        if short == "Hex8_4_4_4_12":
            return "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        if short in ("NewSecret", "NewSecretWithEntropy"):
            return sample(str(args[0]), self.rng, float(args[1]) if len(args) > 1 else 0.0)
        if short == "GenerateSampleSecret":
            return f'{args[0]}_api_token = "{args[1]}"'
        if short == "GenerateSampleSecrets":
            n = str(args[0])
            return [c.format(n=n, N=n.upper(), s=args[1]) for c in CONTEXTS]
        if short == "append":
            base = args[0] if isinstance(args[0], list) else [args[0]]
            return base + [a for a in args[1:]]
        if short == "Sprintf":
            fmt, rest = str(args[0]), list(args[1:])
            return re.sub(r"%[sdvq]", lambda _m: str(rest.pop(0)) if rest else "", fmt)
        if short == "Repeat":
            return str(args[0]) * int(args[1])
        raise Unknown(f"call {name}")


def _split_funcs(src: str) -> Iterator[str]:
    parts = re.split(r"\nfunc ", src)
    yield from parts[1:]


def gitleaks_style(src: str, rng: random.Random) -> Iterator[tuple[str, str, bool]]:
    """(rule id, string, expected) from each rule function's tps/fps lists."""
    consts = {}
    for m in re.finditer(r'(?m)^\s*(\w+)\s*=\s*("(?:[^"\\]|\\.)*"|`[^`]*`)\s*$', src):
        consts[m.group(1)] = json.loads(m.group(2)) if m.group(2)[0] == '"' else m.group(2)[1:-1]
    for body in _split_funcs(src):
        rid = re.search(r'RuleID:\s*"([^"]+)"', body)
        if not rid or rid.group(1) in SKIP_RULE_IDS:
            continue
        toks = tokens(body)
        env: dict[str, Any] = dict(consts)
        j = 0
        while j < len(toks):
            kind, text = toks[j]
            if kind == "ident" and text in ("tps", "fps") and j + 1 < len(toks) and toks[j + 1][1] in (":=", "="):
                ev = GoEval(toks, env, rng)
                ev.i = j + 2
                try:
                    value = ev.expr()
                except (Unknown, IndexError, ValueError, TypeError, re.error):
                    value = None
                    while ev.i < len(toks) and toks[ev.i][1] not in ("tps", "fps", "return"):
                        ev.i += 1
                if value is not None:
                    env[text] = value
                j = max(ev.i, j + 1)
                continue
            j += 1
        for name, expected in (("tps", True), ("fps", False)):
            for value in env.get(name, []) or []:
                if isinstance(value, str) and value.strip():
                    yield rid.group(1), value, expected


def trufflehog_style(src: str, rule: str, rng: random.Random) -> Iterator[tuple[str, str, bool, list[str]]]:
    env: dict[str, Any] = {}
    toks = tokens(src)
    # package-level string constants and variables
    for j in range(len(toks) - 2):
        if toks[j][0] == "ident" and toks[j + 1][1] in ("=", ":=") and toks[j + 2][0] == "str":
            if j + 3 < len(toks) and toks[j + 3][1] == "+":
                try:
                    ev = GoEval(toks, env, rng)
                    ev.i = j + 2
                    env[toks[j][1]] = ev.expr()
                except (Unknown, IndexError):
                    pass
            else:
                env.setdefault(toks[j][1], toks[j + 2][1])
    for j in range(len(toks) - 3):
        if toks[j][1] == "input" and toks[j + 1][1] == ":":
            ev = GoEval(toks, env, rng)
            ev.i = j + 2
            try:
                value = ev.expr()
            except (Unknown, IndexError, ValueError, TypeError):
                continue
            k = ev.i
            while k < len(toks) - 1 and not (toks[k][1] == "want" and toks[k + 1][1] == ":"):
                if toks[k][1] == "input":
                    break
                k += 1
            if k >= len(toks) - 1 or toks[k][1] != "want":
                continue
            nxt = toks[k + 2][1] if k + 2 < len(toks) else ""
            if nxt == "nil":
                expected = False
            elif nxt == "[":
                expected = not (k + 6 < len(toks) and toks[k + 6][1] == "}")
            else:
                continue
            keys: list[str] = []
            if expected:
                want = GoEval(toks, env, rng)
                want.i = k + 2
                try:
                    wanted = want.expr()
                    keys = [w for w in wanted if isinstance(w, str)] if isinstance(wanted, list) else []
                except (Unknown, IndexError, ValueError, TypeError):
                    keys = []
            if isinstance(value, str) and value.strip():
                yield rule, value, expected, keys


def kingfisher_style(src: str) -> Iterator[tuple[str, str, bool]]:
    import yaml

    data = yaml.safe_load(src) or {}
    for rule in data.get("rules", []):
        if ".host." in str(rule.get("id", "")):
            continue  # a host name, not a key
        for value in rule.get("examples", []) or []:
            yield rule.get("id", "?"), str(value), True
        for value in rule.get("negative_examples", []) or []:
            yield rule.get("id", "?"), str(value), False


def git_show(mirror: Path, repo: str, path: str) -> str | None:
    proc = subprocess.run(
        ["git", f"--git-dir={mirror / repo / 'repo'}", "show", f"HEAD:{path}"],
        capture_output=True, text=True, check=False,
    )
    return proc.stdout if proc.returncode == 0 else None


def extract(mirror: Path, out: Path, seed: int = 7) -> dict[str, Counter[bool]]:
    out.mkdir(parents=True, exist_ok=True)
    summary: dict[str, Counter[bool]] = {}
    for peer, names in AI_RULES.items():
        rng = random.Random(seed)
        records: list[dict[str, Any]] = []
        for name in names:
            if peer in ("gitleaks", "betterleaks"):
                src = git_show(mirror, REPOS[peer], f"cmd/generate/config/rules/{name}.go")
                found = gitleaks_style(src, rng) if src else iter(())
            elif peer == "trufflehog":
                src = git_show(mirror, REPOS[peer], f"pkg/detectors/{name}/{name}_test.go")
                found = trufflehog_style(src, name, rng) if src else iter(())
            else:
                src = git_show(mirror, REPOS[peer], f"data/rules/{name}.yml")
                found = kingfisher_style(src) if src else iter(())
            if src is None:
                print(f"{peer}: no file for {name}", file=sys.stderr)
            for rule, string, expected, *extra in found:
                record = {"peer": peer, "rule": rule, "string": string, "expected": expected}
                if extra and extra[0]:
                    record["keys"] = extra[0]
                records.append(record)
        with (out / f"{peer}.jsonl").open("w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec) + "\n")
        summary[peer] = Counter(r["expected"] for r in records)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    for peer, counts in extract(args.mirror, args.out, args.seed).items():
        print(f"{peer}: {counts[True]} true, {counts[False]} false")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
