"""The dense-text fast paths answer exactly what the code they short-cut answers."""

from __future__ import annotations

import random
import re

from aisec_cli.pii.entities import normalise
from aisec_cli.pii.placeholders import Allocator, _HashTable
from aisec_cli.pii.validators import digits_of


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
