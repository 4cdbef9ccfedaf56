"""What dense text is now judged once (per value, shape, run or key) still depends on all it did."""

from __future__ import annotations

import re2

from aisec_cli.core.regex import Alternation, Utf8Text, _spans, compile_pattern
from aisec_cli.pii.detect import detect
from aisec_cli.pii.model import PiiConfig
from aisec_cli.pii.recognizers.person import _name_part


def _found(text: str, **settings: object) -> list[tuple[str, int, str]]:
    return [(text[d.start : d.end], d.start, d.entity) for d in detect(text, PiiConfig(**settings))]


def test_raw_spans_are_the_bindings_finditer_spans() -> None:
    data = "a1 bb22 ccc333 é4 ∂∂5 \n 66 x".encode()
    for pattern in (r"[0-9]+", r"[a-z]*", r"\b", r"", r"(?:bb|c)+(?P<n>[0-9])", r"zz"):
        regex = compile_pattern(pattern, check_subset=False)
        assert list(_spans(regex, data)) == [m.span() for m in regex.finditer(data)], pattern
    plain = re2.compile("[0-9]+")  # no options given: the same binding object
    assert list(_spans(plain, data)) == [m.span() for m in plain.finditer(data)]


def test_alternation_offsets_stay_character_offsets_on_non_ascii_text() -> None:
    text = "Zoë 12 — Ünal 345 and 6"
    found = [(start, end) for _, start, end in Alternation([r"[0-9]+"], "test").finditer(Utf8Text(text))]
    assert [text[s:e] for s, e in found] == ["12", "345", "6"]
    assert found == [(m.start(), m.end()) for m in __import__("re").finditer(r"[0-9]+", text)]


def test_a_calling_codes_zeros_are_kept_in_a_phone_shape() -> None:
    # "0044 …" and "1144 …" would share a shape if every digit were folded alike: the first is
    # an international number (15 digits allowed), the second a 14-digit national one (too long).
    text = "Call 0044 20 7946 0958 or 1144 20 7946 0958 today."
    assert _found(text) == [("0044 20 7946 0958", 5, "PHONE")]


def test_numbers_of_one_shape_are_still_each_parsed() -> None:
    # same shape, different digits: a valid US number, and one no plan of the regions has
    text = "phone: 4155550199\nphone: 1155550199\n"
    assert [(value, entity) for value, _, entity in _found(text)] == [("4155550199", "PHONE")]


def test_a_run_judged_once_still_reads_the_words_after_each_occurrence() -> None:
    # "May" is also a word: the name needs a verb after it, at each place it occurs
    text = "Dan May has joined the team.\nOpen the Dan May folder."
    assert _found(text, propagate_names=False) == [("Dan May", 0, "PERSON")]
    text = "Open the Dan May folder.\nDan May has joined the team."
    assert _found(text, propagate_names=False) == [("Dan May", 25, "PERSON")]


def test_leading_titles_are_cut_per_value() -> None:
    assert _name_part("Frau Anna Schmidt") == (5, 17)
    assert _name_part("Anna Schmidt") == (0, 12)
    assert _name_part("Customer Support") == (9, 16)
    assert _name_part("mr smith") is None
    assert _name_part("Dr. Customer Anna") == (13, 17)


def test_a_model_named_anywhere_unmasks_a_bare_name_and_common_names_stay_names() -> None:
    text = "Emma Stone wrote the report.\nWe asked Claude about it; claude-3-opus answered."
    values = [value for value, _, entity in _found(text) if entity == "PERSON"]
    assert "Emma Stone" in values
    assert "Claude" not in values
