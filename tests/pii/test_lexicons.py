"""The packaged lexicons: Census names beside the hand lists, English words set apart."""

from __future__ import annotations

import gzip
from importlib import resources

from aisec_cli.pii.lexicons import census_surnames, common_words, english_words, first_names, surnames


def test_census_given_names_join_the_hand_lists_but_not_words_or_places() -> None:
    names = first_names()
    assert "loretta" in names and "gregory" in names
    assert "paris" not in names and "savannah" not in names  # a place; an English word
    assert "julia" in names and "julia" in common_words()  # listed by hand, and also a word


def test_census_family_names_are_kept_apart_from_the_hand_list() -> None:
    assert "whitmore" in census_surnames() and "whitmore" not in surnames()
    assert surnames() <= census_surnames()
    assert "street" not in census_surnames() and "banks" not in census_surnames()  # English words, unless listed by hand


def test_english_words_are_lower_case_words() -> None:
    words = english_words()
    assert {"release", "overview", "street"} <= words
    assert "vindelgatan" not in words and len(words) > 50_000


def test_the_packaged_lexicons_are_gzip_with_a_fixed_header() -> None:
    for name in ("census_names.txt.gz", "english_words.txt.gz"):
        raw = resources.files("aisec_cli.pii.lexicons").joinpath(name).read_bytes()
        assert raw[4:8] == b"\0\0\0\0"  # mtime 0: a rebuild is byte-identical
        assert gzip.decompress(raw).decode("utf-8").startswith("# ")
