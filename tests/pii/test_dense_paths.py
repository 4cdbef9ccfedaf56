"""The dense-text fast paths answer exactly what the code they short-cut answers."""

from __future__ import annotations

import random
import re

from aisec_cli.pii.detect import detect, detect_spans
from aisec_cli.pii.entities import normalise
from aisec_cli.pii.model import PiiConfig
from aisec_cli.pii.placeholders import Allocator, _HashTable
from aisec_cli.pii.redactor import redact_spans
from aisec_cli.pii.validators import digits_of
from tests.pii.factory import PiiFactory


def _samples() -> list[str]:
    rng = random.Random(11)
    alphabet = "0123456789 -+().x/abcXYZ#\t٣４é"  # ASCII and not: Arabic-Indic and full-width digits
    out = ["", "abc", "+44 20 8291 2013", "(608) 608-7457", "4440 2685 9952 8901", "١٢٣-٤٥"]
    out += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(3000)]
    return out


def test_digits_of_is_the_regex_reading_for_every_text() -> None:
    for value in _samples():
        assert digits_of(value) == "".join(re.findall(r"\d", value)), value


def test_the_digit_normaliser_is_the_regex_reading_for_every_text() -> None:
    for value in _samples():
        expected = re.sub(r"\D+", "", value) or value
        assert normalise("PHONE", value) == expected, value
        assert normalise("CREDIT_CARD", value) == expected, value


def test_hash_table_setdefault_finds_or_stores_in_one_call() -> None:
    table = _HashTable(16)
    rng = random.Random(3)
    keys = [rng.getrandbits(63) - (1 << 62) for _ in range(5000)] + [0, 1]  # 0 and 1 share a slot key
    seen: dict[int, int] = {}
    for number, key in enumerate(keys, 1):
        expected = seen.setdefault(key or 1, number)
        assert table.setdefault(key, number) == expected
    assert all(table.get(key) == seen[key or 1] for key in keys)


def test_tags_are_the_same_across_the_spill_with_reserved_tags_in_the_way() -> None:
    values = [("EMAIL", f"user{i % 900}@mail.example.net") for i in range(3000)]
    values += [("PHONE", f"+1 415 555 {i:04d}") for i in range(400)] + values[:50]
    reserved = ["[EMAIL_1]", "[email_2]", "[EMAIL_300]", "[EMAIL_301]", "[PHONE_7]"]
    plain = Allocator(reserved)
    compact = Allocator(reserved, compact=True)
    compact.spill_after = 100
    tags = [plain.tag(kind, value) for kind, value in values]
    assert [compact.tag(kind, value) for kind, value in values] == tags
    assert tags[0] == "[EMAIL_3]" and "[EMAIL_300]" not in tags and "[PHONE_7]" not in tags
    assert len(set(tags)) == 900 + 400


def _dense_text(lines: int) -> str:
    factory = PiiFactory(seed=4)
    first, last = ("Laura", "Marco", "Emma", "Julien", "Sanne"), ("Smith", "Rossi", "Visser", "Dubois")
    rows = []
    for n in range(lines):
        given, family = first[n % len(first)], last[n % len(last)]
        name, mail = f"{given} {family}", f"{given.lower()}.{family.lower()}{n}@mail.org"
        rows.append(
            f"Ticket #{100000 + n}: {name} <{mail}> called from +44 20 7946 {n % 10000:04d} "
            f"about card {factory.card('4', 16)}; from 10.{n % 250}.{n % 7}.{n % 200 + 1}. password: Xk9{n}!qq"
        )
    return "\n".join(rows) + "\n"


def test_spans_in_position_order_are_redacted_as_the_sorting_path_redacts_them() -> None:
    text = _dense_text(40)
    spans = [tuple(d)[:3] for d in detect_spans(text, PiiConfig(fmt="text"))]
    assert len(spans) >= 4 * 40
    for record in (True, False):
        given = redact_spans(text, spans, allocator=Allocator(compact=not record), record=record, ordered=True)
        shuffled = list(spans)
        random.Random(2).shuffle(shuffled)
        sorted_here = redact_spans(text, shuffled, allocator=Allocator(compact=not record), record=record)
        assert given == sorted_here
        assert "[EMAIL_1]" in given[0] and "@" not in given[0]


def test_a_narrower_entity_choice_keeps_only_those_entities() -> None:
    text = _dense_text(30)
    everything = detect(text, PiiConfig(fmt="text"))
    assert {"EMAIL", "PHONE", "CREDIT_CARD", "IP_ADDRESS", "PERSON"} <= {d.entity for d in everything}
    for chosen in ({"EMAIL"}, {"PHONE", "IP_ADDRESS"}, {"PASSWORD", "CREDIT_CARD"}):
        found = detect(text, PiiConfig(fmt="text", entities=frozenset(chosen)))
        assert found and {d.entity for d in found} <= chosen
        assert {(d.start, d.end) for d in found} >= {(d.start, d.end) for d in everything if d.entity in chosen}
