"""The matcher over UTF-8 bytes (core/regex.py): character offsets, prefilter + confirm, the shared pass."""

from __future__ import annotations

import re

import pytest

from aisec_cli.core.errors import ConfigError
from aisec_cli.core.regex import (
    Alternation,
    Finder,
    LazyRegex,
    PatternSet,
    SharedScan,
    Utf8Text,
    check_re2_subset,
    compile_rule_pattern,
    re_syntax,
)


def _spans(alternation: Alternation, text: str) -> list[tuple[int, int, int]]:
    return list(alternation.finditer(Utf8Text(text)))


def test_byte_scan_reports_character_offsets_on_non_ascii_text() -> None:
    text = "Grüße an Zoë, ça va? Zoë!"
    alt = Alternation(["Zoë"], "t")
    found = _spans(alt, text)
    assert [text[s:e] for _, s, e in found] == ["Zoë", "Zoë"]
    assert found == [(0, m.start(), m.end()) for m in re.finditer("Zoë", text)]
    # the same offsets as a scan of the str itself
    assert found == list(alt.finditer(text))


def test_astral_characters_count_as_one_character() -> None:
    text = "😀a😀😀 key=9 𝔘𝔫𝔦 key=42"
    alt = Alternation([r"key=[0-9]+", r"\x{1D518}"], "t")
    found = _spans(alt, text)
    assert [(i, text[s:e]) for i, s, e in found] == [(0, "key=9"), (1, "𝔘"), (0, "key=42")]
    assert found == list(alt.finditer(text))


def test_lone_surrogates_keep_offsets() -> None:
    # bytes kept by ``surrogateescape`` go to RE2 as they are; each is one character, as in ``re``
    text = "ab\udc80cd\udcffé x1"
    encoded = Utf8Text(text)
    found = list(Alternation([r"cd|x1"], "t").finditer(encoded))
    assert [text[s:e] for _, s, e in found] == ["cd", "x1"]
    assert [(s, e) for _, s, e in Alternation([r"b.c"], "t").finditer(encoded)] == [re.search("b.c", text).span()]
    assert PatternSet(["x1", "zz"], "t").present(encoded) == [0]


def test_offsets_asked_out_of_order_are_still_right() -> None:
    text = "ä" * 5 + "x" + "😀" * 3 + "y"
    encoded = Utf8Text(text)
    data = text.encode("utf-8")
    offsets = {data.index(b"x"): text.index("x"), data.index(b"y"): text.index("y"), 0: 0}
    for byte_offset in (data.index(b"y"), data.index(b"x"), 0, data.index(b"y")):
        assert encoded.char_offset(byte_offset) == offsets[byte_offset]


def test_case_insensitive_over_bytes_folds_non_ascii() -> None:
    text = "STRASSE, Straße, ÉCOLE école"
    alt = Alternation(["école", "strasse"], "t", ignore_case=True)
    assert [(i, text[s:e]) for i, s, e in _spans(alt, text)] == [(1, "STRASSE"), (0, "ÉCOLE"), (0, "école")]


def test_named_group_spans_over_bytes() -> None:
    text = "ñ id=ä12 … key:ü7"
    alt = Alternation([r"id=(?P<v>\pL[0-9]+)", r"key:(?P<v>\pL[0-9])"], "t")
    assert [(i, text[s:e]) for i, s, e in alt.spans(Utf8Text(text), "v")] == [(0, "ä12"), (1, "ü7")]
    alone = Alternation([r"id=(?P<v>\pL[0-9]+)"], "t")
    assert [text[s:e] for _, s, e in alone.spans(Utf8Text(text), "v")] == ["ä12"]
    assert [text[s:e] for _, s, e in alone.spans(text, "v")] == ["ä12"]


def test_a_long_str_is_scanned_as_bytes_with_the_same_character_offsets() -> None:
    # long texts go to RE2 as UTF-8 bytes (the binding's own str handling is slower there)
    piece = "Grüße 😀 id=ä12 \udc80 key:ü7 plain id=b3\n"
    text = piece * 400
    assert len(text) > 8192
    alt = Alternation([r"id=(?P<v>\pL[0-9]+)", r"key:(?P<v>\pL[0-9])"], "t")
    expected = [(0 if m.group(1) else 1, m.start(m.lastindex), m.end(m.lastindex)) for m in re.finditer(r"id=([^\W\d_][0-9]+)|key:([^\W\d_][0-9])", text)]
    assert list(alt.spans(text, "v")) == expected
    assert list(alt.spans(text, "v")) == list(alt.spans(Utf8Text(text), "v"))
    whole = [(i, s, e) for i, s, e in alt.finditer(text)]
    assert [text[s:e] for _, s, e in whole][:4] == ["id=ä12", "key:ü7", "id=b3", "id=ä12"]
    assert whole == list(alt.finditer(Utf8Text(text)))


def test_finder_confirms_with_look_around() -> None:
    # RE2 has no look-around: the prefilter finds candidates, ``re`` decides
    finder = Finder(r"(?<![\w])[0-9]{4}(?![\w])", r"[0-9]{4}")
    text = "é 1234 a5678 9012b 3456 7890"
    assert [m.group() for m in finder.finditer(Utf8Text(text))] == ["1234", "3456", "7890"]
    assert [m.start() for m in finder.finditer(Utf8Text(text))] == [text.index("1234"), text.index("3456"), text.index("7890")]


def test_finder_matches_do_not_overlap_and_without_prefilter_re_runs_alone() -> None:
    finder = Finder(r"[a-z]+[0-9]", r"[a-z]")
    assert [m.group() for m in finder.finditer(Utf8Text("ab1 cd2ef3"))] == ["ab1", "cd2", "ef3"]
    plain = Finder(re.compile(r"(?<=@)\w+"), None)
    assert [m.group() for m in plain.finditer(Utf8Text("a@bc d@éf"))] == ["bc", "éf"]


def test_finder_takes_the_flags_of_a_lazily_compiled_confirm() -> None:
    finder = Finder(LazyRegex(r"(?<![a-z])key=[0-9]+", re.IGNORECASE), r"(?i)key=")
    assert [m.group() for m in finder.finditer(Utf8Text("KEY=1 akey=2 Key=3"))] == ["KEY=1", "Key=3"]


def test_finder_ignore_case_and_rare_escapes() -> None:
    finder = Finder(r"dr\.?\u00a0\w+", r"dr\.?\x{a0}", flags=re.IGNORECASE)
    text = "DR.\u00a0Who and dr\u00a0No, dr. Zed"
    assert [m.group() for m in finder.finditer(Utf8Text(text))] == ["DR.\u00a0Who", "dr\u00a0No"]
    assert finder.shared is False


def test_shared_pass_equals_separate_passes() -> None:
    shared = SharedScan("test")
    card = Finder(r"(?<![0-9])[0-9]{4}(?: ?[0-9]{4}){3}(?![0-9])", r"[0-9]{4} ?[0-9]{4}", shared=shared, family="n")
    year = Finder(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])", r"(?:19|20)[0-9]{2}", shared=shared, family="n")
    mac = Finder(r"(?<![\w:])(?:[0-9a-f]{2}:){5}[0-9a-f]{2}(?![\w:])", r"[0-9a-f]{2}:[0-9a-f]{2}:", shared=shared, family="hex")
    ipv6 = Finder(r"(?<![\w:])(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}(?![\w:])", r"[0-9a-f]{1,4}:[0-9a-f]{1,4}:", shared=shared, family="hex")
    word = Finder(r"(?<![\w])Zoë(?![\w])", r"Zoë", shared=shared)
    assert len(shared) == 5 and shared.finders == (card, year, mac, ipv6, word) and word.shared
    text = (
        "Zoë paid 4111 1111 1111 1111 in 2019; née Zoëlle 1999 x2020 "
        "mac aa:bb:cc:dd:ee:ff ip fe80:0:1:2::3 😀 4000123412341234 2024 Zoë"
    )
    encoded = Utf8Text(text)
    together = shared.run(encoded)
    for finder in (card, year, mac, ipv6, word):
        alone = [m.span() for m in finder.finditer(Utf8Text(text))]
        assert [m.span() for m in together[id(finder)]] == alone, finder.confirm.pattern
        assert alone, finder.confirm.pattern  # every finder found something to compare
    # a MAC address is also IPv6-shaped: both of the family saw the one candidate
    assert "aa:bb:cc:dd:ee:ff" in [m.group() for m in together[id(ipv6)]]


def test_exclusive_finder_keeps_its_family_off_its_candidate() -> None:
    shared = SharedScan("test")
    first = Finder(r"ab[0-9]", r"ab", shared=shared, family="f", exclusive=True)
    second = Finder(r"ab[0-9a-z]", r"ab", shared=shared, family="f")
    found = shared.run(Utf8Text("ab1 abc"))
    assert [m.group() for m in found[id(first)]] == ["ab1"]
    assert [m.group() for m in found[id(second)]] == ["abc"]


def test_re2_escapes_translate_for_re() -> None:
    assert re_syntax(r"[ \x{a0}]+\x{1F600}") == r"[ \u00a0]+\U0001f600"
    assert re_syntax(r"\\x{a0}") == r"\\x{a0}"  # an escaped backslash, then text
    assert re_syntax(r"plain") == "plain"
    lazy = compile_rule_pattern(r"a\x{a0}b", "bundled", False)
    assert isinstance(lazy, LazyRegex) and lazy.fullmatch("a\u00a0b") is not None
    user = compile_rule_pattern(r"a\x{a0}b", "user.yaml", True)
    assert user.fullmatch("a\u00a0b") is not None
    assert Alternation([r"a\x{a0}b"], "t").finditer("a\u00a0b").__next__() == (0, 0, 3)


def test_subset_check_accepts_re2_escapes_and_still_refuses_look_around() -> None:
    check_re2_subset(r"\p{Lu}\p{Ll}+[ \x{a0}]\pL\x{1000}", "rule")
    with pytest.raises(ConfigError, match="look-around"):
        check_re2_subset(r"(?<=\x{a0})x", "rule")
    with pytest.raises(ConfigError, match="invalid regular expression"):
        check_re2_subset(r"[\x{a0}", "rule")
    Alternation([r"\p{Lu}[ \x{a0}]x"], "user rules", check_subset=True)


def test_shared_finder_needs_a_prefilter() -> None:
    with pytest.raises(ValueError, match="prefilter"):
        SharedScan("t").add(Finder(r"x", None))


def test_every_bundled_pii_prefilter_passes_the_subset_check() -> None:
    # the PII finders are written in RE2 syntax (\x{a0}, \p{Lu}); the one subset check takes them
    import aisec_cli.pii.credentials
    import aisec_cli.pii.recognizers  # registers the shared finders
    from aisec_cli.core.regex import SHARED

    finders = [f for f in vars(aisec_cli.pii.credentials).values() if isinstance(f, Finder)]
    shared = SHARED.run(Utf8Text("nothing to see"))
    assert len(shared) >= 15 and all(not found for found in shared.values())
    prefilters = [f.prefilter_source for f in finders] + [f.prefilter_source for f in SHARED.finders]
    assert any("\\x{" in p or "\\p{" in p for p in prefilters if p)
    for prefilter in prefilters:
        if prefilter is not None:
            check_re2_subset(prefilter, "pii prefilter")


def test_starts_give_the_index_and_character_start_of_every_match() -> None:
    text = "é ab 😀 cd ab"
    encoded = Utf8Text(text)
    alt = Alternation(["ab", "cd"], "t")
    assert list(alt.starts(encoded)) == [(i, s) for i, s, _ in alt.finditer(encoded)] == [(0, 2), (1, 7), (0, 10)]
    assert list(Alternation(["cd"], "t").starts(encoded)) == [(0, 7)]
    assert list(Alternation([], "t").starts(encoded)) == []


def test_starts_name_the_alternative_leftmost_first_picks_with_anchors_in_context() -> None:
    # starts() finds matches without submatches and names the alternative afterwards: it
    # must name the one a leftmost-first alternation picks, even where an alternative's
    # anchor (^, \b, \B) holds in the text but not in the matched slice alone, or the reverse
    patterns = [
        r"(?m:^[ \t>]*\p{Lu}\p{Ll}+[ ])",  # only at a line start
        r"\bab[0-9]",  # a word boundary before
        r"\Bcd",  # inside a word only
        r"[A-Z][a-z]+ ",  # the same shape anywhere
        r"[a-z]{2}[0-9]",
        r"c[d]",
        r"(?m:[^x]y$)",  # a class with ^, and a line-end anchor
        r"zz\b",
    ]
    alt = Alternation(patterns, "t")
    text = (
        "Anna went\nBob ran  xAnna ab1 xab2 cd xcd ab3é\n> Carl 1y\n2y\nzz zzz 😀 Dora \nEve "
        "qab7 Éva zzé"
    )
    encoded = Utf8Text(text)
    expected = [(i, s) for i, s, _ in alt.finditer(text)]  # str path: the alternative read from groups
    assert list(alt.starts(encoded)) == expected
    assert {i for i, _ in expected} >= {0, 1, 2, 3, 4, 6, 7}


def test_an_alternation_pickles_after_it_has_scanned() -> None:
    # a spawned worker receives matchers by pickling: what a scan builds for itself (an RE2
    # set naming the alternatives) stays behind and is built again on the other side
    import pickle

    alt = Alternation(["ab", r"\bcd"], "t")
    encoded = Utf8Text("ab xcd cd ab")
    first = list(alt.starts(encoded))
    copy = pickle.loads(pickle.dumps(alt))
    assert list(copy.starts(encoded)) == first == [(0, 0), (1, 7), (0, 10)]
