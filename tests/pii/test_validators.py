"""Checksums and ranges: the validators that decide whether a shape is a real value."""

from __future__ import annotations

import hashlib
import random

import pytest

from aisec_cli.pii.keccak import keccak256
from aisec_cli.pii.validators import (
    base58check_ok,
    bech32_ok,
    card_ok,
    eth_address_ok,
    iban_ok,
    ipv4_ok,
    ipv6_ok,
    jwt_ok,
    luhn_ok,
    mac_ok,
    ssn_ok,
)
from tests.pii.factory import PiiFactory

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58check(version: int, payload: bytes) -> str:
    raw = bytes([version]) + payload
    raw += hashlib.sha256(hashlib.sha256(raw).digest()).digest()[:4]
    number = int.from_bytes(raw, "big")
    out = ""
    while number:
        number, rem = divmod(number, 58)
        out = _B58[rem] + out
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + out


_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values: list[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def bech32_address(hrp: str, program: bytes, witver: int = 0) -> str:
    acc, bits, data = 0, 0, [witver]
    for byte in program:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    const = 1 if witver == 0 else 0x2BC830A3
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    polymod = _polymod(expanded + data + [0] * 6) ^ const
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_CHARSET[d] for d in data + checksum)


def eip55(address_hex: str) -> str:
    digest = keccak256(address_hex.encode()).hex()
    return "0x" + "".join(c.upper() if c.isalpha() and int(d, 16) >= 8 else c for c, d in zip(address_hex, digest))


def test_keccak_matches_the_published_empty_input_digest() -> None:
    expected = "c5d2460186f7233c927e7db2dcc703c0" + "e500b653ca82273b7bfad8045d85a470"
    assert keccak256(b"").hex() == expected
    assert keccak256(b"").hex() != hashlib.sha3_256(b"").hexdigest()  # different padding


@pytest.mark.parametrize(("prefix", "length"), [("4", 16), ("4", 13), ("4", 19), ("51", 16), ("2221", 16), ("2720", 16), ("34", 15), ("37", 15), ("6011", 16), ("3528", 16), ("36", 14), ("62", 16), ("6759", 16)])
def test_cards_of_every_issuer_range_pass(prefix: str, length: int) -> None:
    factory = PiiFactory(seed=length * 31 + len(prefix))
    number = factory.card(prefix, length)
    assert luhn_ok(number)
    assert card_ok(number)
    assert card_ok(factory.group(number, (4, 4, 4, 4, 3), " "))


def test_cards_with_a_wrong_check_digit_or_no_issuer_fail() -> None:
    factory = PiiFactory(seed=5)
    assert not card_ok(factory.bad_luhn_card())
    fake = factory.card("9", 16)  # Luhn-valid, but no issuer uses 9
    assert luhn_ok(fake) and not card_ok(fake)
    assert not card_ok(factory.card("2721", 16))  # just above the 2-series range
    assert not card_ok(factory.card("4", 17))  # Visa has no 17-digit cards
    assert not card_ok("5" * 16)  # one digit repeated is filler, not a number
    assert card_ok("4" + "1" * 15)  # the well-known test Visa is card-shaped: it is redacted too


def test_iban_mod97_and_country_layout() -> None:
    factory = PiiFactory(seed=9)
    assert iban_ok(factory.iban("DE"))
    assert iban_ok(factory.iban("DE", spaced=False))
    assert not iban_ok(factory.bad_iban("DE"))
    assert not iban_ok(factory.iban("DE", bban_len=17))  # wrong length for Germany
    assert not iban_ok("XX" + factory.iban("DE", spaced=False)[2:])  # no such country


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("123-45-6789", True),  # in range; voided sample numbers need an SSN keyword (below)
        ("078-05-1120", True),
        ("000-12-3456", False),
        ("666-12-3456", False),
        ("912-34-5678", False),
        ("345-00-6789", False),
        ("345-67-0000", False),
        ("345-67-8901", True),
        ("345 67 8901", True),
        ("345678901", True),
    ],
)
def test_ssn_ranges(value: str, ok: bool) -> None:
    assert ssn_ok(value) is ok


def test_voided_sample_ssns_only_with_context() -> None:
    from aisec_cli.pii import detect

    assert [d.entity for d in detect("SSN: 078-05-1120")] == ["US_SSN"]
    assert detect("ticket 078-05-1120 closed") == []


def test_ip_and_mac_parsers() -> None:
    assert ipv4_ok("192.0.2.10") and not ipv4_ok("256.1.1.1") and not ipv4_ok("01.2.3.4")
    assert ipv6_ok("2001:db8::8a2e:370:7334") and ipv6_ok("fe80::1%eth0") and not ipv6_ok("12:30:45")
    assert mac_ok("3C:22:FB:12:A0:9E") and not mac_ok("00:00:00:00:00:00") and not mac_ok("FF-FF-FF-FF-FF-FF")


def test_bitcoin_addresses_need_a_valid_checksum() -> None:
    rng = random.Random(3)
    payload = bytes(rng.randrange(256) for _ in range(20))
    p2pkh, p2sh = base58check(0x00, payload), base58check(0x05, payload)
    assert p2pkh.startswith("1") and base58check_ok(p2pkh)
    assert p2sh.startswith("3") and base58check_ok(p2sh)
    broken = p2sh[:-1] + ("2" if p2sh[-1] != "2" else "3")
    assert not base58check_ok(broken)
    segwit = bech32_address("bc", payload, 0)
    taproot = bech32_address("bc", bytes(rng.randrange(256) for _ in range(32)), 1)
    assert bech32_ok(segwit) and bech32_ok(taproot)
    assert not bech32_ok(segwit[:-1] + ("q" if segwit[-1] != "q" else "p"))


def test_ethereum_eip55_checksum() -> None:
    rng = random.Random(4)
    body = "".join(rng.choice("0123456789abcdef") for _ in range(40))
    checked = eip55(body)
    assert eth_address_ok(checked)
    assert eth_address_ok("0x" + body)  # all lower case carries no checksum
    letters = [i for i, c in enumerate(checked) if i > 1 and c.isalpha()]
    flipped = list(checked)
    flipped[letters[0]] = flipped[letters[0]].swapcase()
    assert not eth_address_ok("".join(flipped))


def test_jwt_header_must_decode(keys) -> None:  # type: ignore[no-untyped-def]
    token = keys.jwt()
    assert jwt_ok(token)
    assert not jwt_ok("abc.def.ghi")
    assert not jwt_ok(token.split(".")[1] + "." + token.split(".")[1] + ".sig")


# The test vectors published in the EIP-55 specification (mixed-case checksum encoding).
EIP55_VECTORS = (
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
)


def _eip55(address: str) -> str:
    """The EIP-55 spelling of ``address``, computed with our Keccak-256."""
    body = address[2:].lower()
    digest = keccak256(body.encode("ascii")).hex()
    return "0x" + "".join(c.upper() if c.isalpha() and int(n, 16) >= 8 else c for c, n in zip(body, digest))


def test_keccak_reproduces_the_eip55_published_addresses() -> None:
    for published in EIP55_VECTORS:
        assert _eip55(published) == published
        assert eth_address_ok(published)


def test_a_wrong_letter_case_breaks_the_eip55_checksum() -> None:
    for published in EIP55_VECTORS[4:]:  # the mixed-case ones
        index = next(i for i, c in enumerate(published) if i > 1 and c.isalpha())
        flipped = published[:index] + published[index].swapcase() + published[index + 1 :]
        assert not eth_address_ok(flipped)
