"""The placeholder table of a run that writes no mapping: compact past a size, same tags."""

from __future__ import annotations

import random
import tracemalloc

from aisec_cli.pii.placeholders import Allocator


def _values(count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        kind = rng.choice(("EMAIL", "PHONE", "CREDIT_CARD", "PERSON"))
        if kind == "EMAIL":
            value = f"user{rng.randint(0, count)}@mail{i % 7}.example.net"
        elif kind == "PHONE":
            value = f"+44 20 {rng.randint(7000, 8999)} {rng.randint(1000, 9999)}"
        elif kind == "CREDIT_CARD":
            value = f"4{rng.randint(10**14, 10**15 - 1)}"
        else:
            value = f"Name{rng.randint(0, count // 4)} Surname"
        out.append((kind, value))
    return out


def test_a_compact_table_past_its_spill_size_gives_the_tags_a_plain_one_gives() -> None:
    # values repeat (the same tag again), differ only in case or separators (one tag), and
    # the tags reserved in the input are skipped, before and after the table is compacted
    values = _values(3000, seed=5)
    values += [("EMAIL", v.upper()) for k, v in values[:200] if k == "EMAIL"]
    values += [("PHONE", v.replace(" ", "-")) for k, v in values[:300] if k == "PHONE"]
    plain = Allocator(["[EMAIL_3]", "[PHONE_700]"])
    compact = Allocator(["[EMAIL_3]", "[PHONE_700]"], compact=True)
    compact.spill_after = 64  # compacted early, so most of the run goes through the table
    tags = [plain.tag(kind, value) for kind, value in values]
    assert [compact.tag(kind, value) for kind, value in values] == tags
    assert len(set(tags)) < len(tags)  # repeats were seen
    assert "[EMAIL_3]" not in tags and "[PHONE_700]" not in tags
    assert [compact.known(kind, value) for kind, value in values[::7]] == tags[::7]
    assert compact.known("EMAIL", "never-seen@mail.example.net") is None


def test_a_compact_table_holds_a_value_in_a_few_dozen_bytes() -> None:
    # dense text has tens of thousands of distinct values per megabyte: a dict of hash ->
    # tag string costs ~150 bytes a value, so memory grew ~2.5 MB per MB of input
    values = [("EMAIL", f"person{i}@mail.example.net") for i in range(200_000)]
    compact = Allocator(compact=True)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for kind, value in values:
            compact.tag(kind, value)
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown / len(values) < 70
    assert compact.tag("EMAIL", "person199999@mail.example.net") == "[EMAIL_200000]"
