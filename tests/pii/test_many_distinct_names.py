"""Logs and exports that name a different person on every line: every mention is found, in linear time."""

from __future__ import annotations

import random
from functools import lru_cache
import subprocess
import sys
from pathlib import Path

from aisec_cli.pii.api import redact_text
from aisec_cli.pii.lexicons import census_surnames, first_names


_GIVEN = (
    "Olivia Liam Amelia Noah Sophia Lucas Isabella Mateo Charlotte Elijah Mia Oliver Evelyn Henry "
    "Theodore Eleanor Samuel Grace Julian Chloe Gabriel Hannah Adrian Nora Caleb Margaret"
).split()


@lru_cache(maxsize=1)
def _family_names(wanted: int = 1200, seed: int = 5) -> tuple[str, ...]:
    """Census family names that a name key's value is read as (some are also given names,
    words or weekdays: "Avery", "January", "Sonntag"; which ones is not what these tests are about)."""
    rng = random.Random(seed)
    pool = sorted(n.capitalize() for n in census_surnames() - first_names() if n.isalpha() and len(n) > 4)
    kept: list[str] = []
    while len(kept) < wanted:
        family = rng.choice(pool)
        if family not in kept and redact_text(f'customer_name="Olivia {family}"\n').detections:
            kept.append(family)
    return tuple(kept)


def _people(count: int, seed: int = 5) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    given = [n for n in _GIVEN if n.casefold() in first_names()]
    assert len(given) == len(_GIVEN)
    family = _family_names()
    return [(rng.choice(given), rng.choice(family)) for _ in range(count)]


def _log(people: list[tuple[str, str]]) -> str:
    # the name under a key (found by its key), then again in free text (found as a repeat)
    return "".join(
        f'2024-05-0{1 + i % 9}T10:{i % 60:02d}:00Z INFO login customer_name="{a} {b}" ok; session opened for {a} {b} today\n'
        for i, (a, b) in enumerate(people)
    )


def test_a_name_found_under_a_key_is_found_again_in_free_text() -> None:
    people = _people(40)
    result = redact_text(_log(people))
    for given, family in people:
        assert f"{given} {family}" not in result.text
    persons = [d for d in result.detections if d.entity == "PERSON"]
    assert len(persons) == 2 * len(people)


def test_thousands_of_distinct_names_in_one_file_do_not_stall_redaction(tmp_path: Path) -> None:
    # Every full name found is looked for again across the text. With thousands of distinct
    # names a chunk took tens of seconds (a regex union of every name outgrew RE2's DFA and ran
    # in its slow matcher); the lookup is now linear in the text. The timeout guards a hang only.
    people = _people(24_000)
    path = tmp_path / "logins.log"
    path.write_text(_log(people), encoding="utf-8")
    assert path.stat().st_size > 2_000_000  # three chunks of the engine
    run = subprocess.run(
        [sys.executable, "-m", "aisec_cli", "redact", str(path), "--entities", "PERSON"],
        capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == len(people)
    left = [f"{a} {b}" for line, (a, b) in zip(lines, people, strict=True) if f"{a} {b}" in line or b in line]
    assert left == []
    assert run.stdout.count("[PERSON_") == 2 * len(people)


def test_names_looked_up_by_first_word_are_where_one_union_of_them_finds_them(monkeypatch) -> None:
    from aisec_cli.pii.model import PiiConfig
    from aisec_cli.pii.recognizers import person
    from aisec_cli.pii.structure import TextStructure

    text = (
        "Ada Lovelace met Ada Lovelace-Byron and Adam Smith; ada byron wrote to Ada. "
        "O'Neill and Anna Maria Ortega, Anna, Jörg Müller and Jörg. xAda Lovelace_1 \n"
    ) * 3
    needles = sorted(["Ada Lovelace", "Ada", "Anna Maria Ortega", "Anna", "Jörg Müller", "Jörg", "Neill"], key=len, reverse=True)
    scan = TextStructure(text, PiiConfig())
    by_union = list(person._occurrences(scan, needles))
    monkeypatch.setattr(person, "_NAMES_IN_ONE_PASS", 0)
    by_word = list(person._occurrences(scan, needles))
    # the union also stops inside words ("Ada" of "Adam", "xAda"), which the caller drops
    def whole(s: int, e: int) -> bool:
        return (s == 0 or not (text[s - 1].isalnum() or text[s - 1] in "_@.")) and (
            e == len(text) or not (text[e].isalnum() or text[e] in "_@")
        )

    assert [span for span in by_word if whole(*span)] == [span for span in by_union if whole(*span)]
    assert [text[s:e] for s, e in by_word][:4] == ["Ada Lovelace", "Ada Lovelace", "Ada", "Neill"]
    lower = list(person._occurrences(scan, [*needles, "ada byron"]))
    assert "ada byron" in [text[s:e] for s, e in lower]
