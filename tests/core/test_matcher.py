"""The one multi-pattern matcher (core/regex.py): sets, keyword prefilter, alternation."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from aisec_cli.core.errors import ConfigError
from aisec_cli.core.regex import Alternation, Keywords, PatternSet, re2_safe

PACKAGE = Path(__file__).resolve().parents[2] / "aisec_cli"


def test_pattern_set_reports_every_pattern_present_once() -> None:
    found = PatternSet([r"ab+c", r"x\d{2}", r"never"], "test")
    assert found.present("zz abbbc x12 abc x99") == [0, 1]
    assert found.present(b"x42") == [1]
    assert found.present("") == []
    assert len(found) == 3


def test_pattern_set_ignore_case_and_empty() -> None:
    assert PatternSet(["openai"], "t", ignore_case=True).present("OpenAI") == [0]
    assert PatternSet(["openai"], "t").present("OpenAI") == []
    assert PatternSet([], "t").present("anything") == []


def test_pattern_set_names_the_pattern_it_refuses() -> None:
    with pytest.raises(ConfigError, match=r"mine: pattern '\(\?=x\)' is not supported"):
        PatternSet(["ok", "(?=x)"], "mine")


def test_keywords_overlapping_and_whole_words() -> None:
    words = Keywords(["openai", "azure_openai", "fal"])
    assert words.present("azure_openai_key = 1") == {"openai", "azure_openai"}
    assert words.any_in("fallback") is True  # a substring: "fal" in "fallback"
    whole = Keywords(["fal", "groq"], whole_words=True)
    assert whole.present("fallback = 1") == set()
    assert whole.present("fal: {key: 1}\nx groq") == {"fal", "groq"}
    assert whole.present("fal") == {"fal"}  # at the text's ends
    assert Keywords([]).present("x") == set()
    assert Keywords(["Token"], ignore_case=True).present("TOKEN") == {"Token"}


def test_keywords_are_literal() -> None:
    assert Keywords(["a.b", "c+"]).present("axb c") == set()
    assert Keywords(["a.b", "c+"]).present("a.b c+") == {"a.b", "c+"}


def test_alternation_says_which_pattern_and_reads_its_named_group() -> None:
    alt = Alternation([r"aa-(?P<secret>[0-9]{3})", r"(b)(b)-(?P<secret>[a-z]{3})", r"plain[0-9]"], "t")
    text = "x aa-123 bb-xyz plain7 aa-99"
    assert list(alt.finditer(text)) == [(0, 2, 8), (1, 9, 15), (2, 16, 22)]
    spans = list(alt.spans(text, "secret"))
    assert [(i, text[s:e]) for i, s, e in spans] == [(0, "123"), (1, "xyz"), (2, "plain7")]


def test_alternation_of_many_patterns_finds_the_right_index() -> None:
    patterns = [rf"k{i:03d}_(?P<secret>[a-z]{{4}})" for i in range(200)]
    alt = Alternation(patterns, "many")
    text = " ".join(f"k{i:03d}_abcd" for i in (7, 150, 199, 0))
    assert [i for i, _, _ in alt.spans(text, "secret")] == [7, 150, 199, 0]
    assert list(Alternation([], "none").finditer(text)) == []


def test_alternation_checks_the_subset_when_asked() -> None:
    with pytest.raises(ConfigError, match="look-around"):
        Alternation([r"a(?=b)"], "user rules", check_subset=True)


def test_re2_safe_keeps_offsets() -> None:
    text = "ab" + "\udc80" + "cd"
    safe = re2_safe(text)
    assert len(safe) == len(text) and safe[2] == "\ufffd"
    assert PatternSet(["cd"], "t").present(safe) == [0]
    assert re2_safe("plain") == "plain"


def test_no_private_api_of_re_or_re2_and_no_optional_re2_in_the_matcher() -> None:
    tree = ast.parse((PACKAGE / "core" / "regex.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in {"re", "_re2"}:
            assert not node.attr.startswith("_"), f"private API {node.value.id}.{node.attr}"
        if isinstance(node, ast.ImportFrom) and node.module == "re":
            assert all(not a.name.startswith("_") for a in node.names)
        if isinstance(node, ast.Try):
            handled = {ast.unparse(h.type) for h in node.handlers if h.type is not None}
            assert "ImportError" not in handled, "google-re2 is a dependency: no optional import"


_PRIVATE = re.compile(r"\._regexp\b|\b_Anchor\b|\bre\._parser\b|\bsre_parse\b|\bsre_compile\b|from re import _")


def _sources() -> dict[str, str]:
    return {p.relative_to(PACKAGE).as_posix(): p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}


def _imports_re2(node: ast.AST) -> bool:
    if isinstance(node, ast.Import):
        return any(a.name == "re2" or a.name.startswith("re2.") for a in node.names)
    if isinstance(node, ast.ImportFrom):
        return node.module is not None and (node.module == "re2" or node.module.startswith("re2."))
    return isinstance(node, ast.Constant) and node.value == "re2"  # importlib.import_module("re2")


def test_only_the_matcher_module_imports_the_re2_binding() -> None:
    importers = {
        name for name, text in _sources().items() if any(_imports_re2(node) for node in ast.walk(ast.parse(text)))
    }
    assert importers == {"core/regex.py"}, sorted(importers)


def test_no_private_regex_api_anywhere_in_the_package() -> None:
    users = {name for name, text in _sources().items() if _PRIVATE.search(text)}
    assert not users, sorted(users)


def test_re2_is_nowhere_optional() -> None:
    # google-re2 is a required dependency: no ``try: import re2 / except ImportError`` fallback
    optional = set()
    for name, text in _sources().items():
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.Try) or not any(_imports_re2(n) for s in node.body for n in ast.walk(s)):
                continue
            handled = " ".join(ast.unparse(h.type) for h in node.handlers if h.type is not None)
            if "ImportError" in handled or "ModuleNotFoundError" in handled or any(h.type is None for h in node.handlers):
                optional.add(name)
    assert not optional, sorted(optional)


def test_alternation_groups_match_each_pattern_alone() -> None:
    # named groups at different depths, unnamed groups before them, one pattern without any
    patterns = [
        r"k1-(?P<secret>[0-9]{4})",
        r"((x)|(y))k2-(z)?(?P<secret>[A-F]{3})(?P<tail>!)?",
        r"k3_[a-z]+",
        r"(?P<secret>k4)-(?P<secret_key>[0-9]+)",
    ]
    text = "a k1-1234 xk2-zABC! k3_abc yk2-DEF k4-77 k1-99"
    alt = Alternation(patterns, "groups")
    assert list(alt.spans(text, "secret")) == [(0, 5, 9), (1, 15, 18), (2, 20, 26), (1, 31, 34), (3, 35, 37)]
    assert list(alt.spans(text, "secret_key")) == [(0, 2, 9), (1, 10, 19), (2, 20, 26), (1, 27, 34), (3, 38, 40)]
    assert [i for i, _, _ in alt.finditer(text)] == [0, 1, 2, 1, 3]


def test_bundled_patterns_compile_on_first_use_and_behave_like_re() -> None:
    import re as stdlib_re

    from aisec_cli.core.regex import LazyRegex, compile_rule_pattern

    lazy = compile_rule_pattern(r"ignore\s+(?:all\s+)?previous", "bundled", False, ignore_case=True)
    assert isinstance(lazy, LazyRegex) and lazy._compiled is None
    assert lazy.pattern == r"ignore\s+(?:all\s+)?previous" and lazy._compiled is None  # the source costs nothing
    text = "Please IGNORE all previous notes; ignore previous."
    reference = stdlib_re.compile(lazy.pattern, stdlib_re.IGNORECASE)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in reference.finditer(text)]
    assert lazy._compiled is not None
    user = compile_rule_pattern(r"ignore\s+previous", "user.yaml", True)
    assert not isinstance(user, LazyRegex)  # a user's pattern is checked and compiled by RE2 at once
