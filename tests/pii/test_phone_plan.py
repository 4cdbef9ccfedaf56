"""The numbering-plan shortcut for phone numbers gives the full parser's answer whenever it answers."""

from __future__ import annotations

import random

import pytest

from aisec_cli.pii.recognizers import contact


def _candidates(seed: int) -> list[str]:
    rng = random.Random(seed)
    digits = "0123456789"
    out: list[str] = []
    for _ in range(1500):
        kind = rng.randint(0, 8)
        if kind == 0:
            code = rng.choice([1, 7, 31, 33, 34, 39, 44, 49, 52, 54, 55, 61, 86, 91, 351, 353, 380, 800, 882])
            out.append(f"+{code} " + "".join(rng.choice(digits) for _ in range(rng.randint(5, 12))))
        elif kind == 1:
            out.append(f"({rng.randint(100, 999)}) {rng.randint(100, 999)}-{rng.randint(0, 9999):04d}")
        elif kind == 2:
            out.append(f"{rng.randint(100, 999)}-{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}")
        elif kind == 3:
            out.append(f"0{rng.randint(10, 9999)} {rng.randint(100000, 9999999)}")
        elif kind == 4:
            out.append(f"+1 {rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(0, 9999):04d}")
        elif kind == 5:
            out.append(f"{rng.randint(300, 999)} {rng.randint(10, 999)} {rng.randint(10, 999)}")
        elif kind == 6:
            out.append(f"00{rng.choice([1, 33, 44, 49])} {rng.randint(10, 999)} {rng.randint(10000, 99999999)}")
        elif kind == 7:
            out.append(f"000{rng.randint(1, 9)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}")  # a card's tail
        else:
            out.append(f"1 {rng.randint(200, 999)} {rng.randint(200, 999)} {rng.randint(0, 9999):04d}")
    return out


@pytest.mark.parametrize("regions", [("US",), ("US", "GB", "DE"), ("IT", "ES", "PT", "FR", "CA"), ("DE", "AU", "MX", "BR")])
def test_shortcut_agrees_with_the_parser(regions: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    answered = 0
    for candidate in _candidates(len(regions)):
        for lenient in (False, True):
            quick = contact._quick_phone(candidate, regions, lenient)
            if quick is None:
                continue
            answered += 1
            with monkeypatch.context() as patch:
                patch.setattr(contact, "_quick_phone", lambda *args: None)
                contact._parse_phone.cache_clear()
                full = contact._parse_phone(candidate, regions, lenient)
                contact._parse_phone.cache_clear()
            assert quick == full, (candidate, regions, lenient)
    assert answered > 1000  # the shortcut does answer the common shapes


def test_a_zero_after_the_plus_is_left_to_the_parser() -> None:
    assert contact._quick_phone("0009 1224 8580", ("US",), False) is None
    assert contact._parse_phone("0009 1224 8580", ("US",)) is False
