"""Keywords.occurrences: which word starts where, overlapping starts included (core/regex.py)."""

from __future__ import annotations

import random
import re

import pytest

from aisec_cli.core.regex import Keywords


def _every_start(words: list[str], text: str) -> list[tuple[int, str]]:
    """The specification, slowly: at each offset, the longest word that starts there."""
    out = []
    for offset in range(len(text)):
        here = [w for w in words if text.startswith(w, offset)]
        if here:
            out.append((offset, max(here, key=len)))
    return out


def test_every_start_position_with_the_longest_word_there() -> None:
    words = ["open", "openai", "penai", "ai", "a"]
    text = "openai and openapi\nai"
    assert list(Keywords(words).occurrences(text)) == _every_start(words, text)
    assert list(Keywords(words).occurrences(text))[:3] == [(0, "openai"), (1, "penai"), (4, "ai")]


def test_offsets_are_characters_of_str_and_bytes_of_bytes() -> None:
    words = ["clé", "api_key"]
    text = "é → clé = 1; api_key ☃ clé"
    found = list(Keywords(words).occurrences(text))
    assert found == _every_start(words, text)
    assert [text[o : o + len(w)] for o, w in found] == [w for _, w in found]
    data = text.encode("utf-8")
    in_bytes = list(Keywords(words).occurrences(data))
    assert [w for _, w in in_bytes] == [w for _, w in found]
    assert [data[o : o + len(w.encode())].decode() for o, w in in_bytes] == [w for _, w in found]


def test_lone_surrogates_keep_offsets() -> None:
    text = "x\udc80 token \udc81token"
    assert list(Keywords(["token"]).occurrences(text)) == [(3, "token"), (10, "token")]


def test_literal_words_ignore_case_and_empty_sets() -> None:
    assert list(Keywords(["a.b"]).occurrences("axb a.b")) == [(4, "a.b")]
    assert list(Keywords(["Token", "tok"], ignore_case=True).occurrences("TOKEN tOk")) == [(0, "Token"), (6, "tok")]
    assert list(Keywords([]).occurrences("anything")) == []
    assert list(Keywords(["x"]).occurrences("")) == []


def test_agrees_with_the_slow_specification_on_a_random_text() -> None:
    words = ["ab", "abc", "bca", "c", "cab", "key", "ke"]
    rng = random.Random(7)
    text = "".join(rng.choice("abck e\n") for _ in range(2000))
    assert re.search("abca", text) and re.search("cab", text)  # overlapping words do occur
    assert list(Keywords(words).occurrences(text)) == _every_start(words, text)


def test_whole_word_sets_refuse() -> None:
    with pytest.raises(ValueError, match="whole words"):
        list(Keywords(["fal"], whole_words=True).occurrences("fal"))
