"""Payment cards, IBANs and cryptocurrency wallet addresses: all checksummed."""

from __future__ import annotations


from aisec_cli.core.regex import Finder
from aisec_cli.pii.model import Candidate
from aisec_cli.pii.recognizers.base import det
from aisec_cli.pii.structure import TextStructure
from aisec_cli.pii.validators import (
    base58check_ok,
    bech32_ok,
    card_labelled_ok,
    card_ok,
    eth_address_ok,
    iban_ok,
)
from aisec_cli.core.lazyre import LazyRegex

_CARD = Finder(
    r"(?<![\w\-.+/])"
    r"(?:\d{4}(?P<s>[ \-])\d{4}(?P=s)\d{4}(?P=s)\d{1,4}(?:(?P=s)\d{1,3})?"
    r"|\d{4}(?P<t>[ \-])\d{6}(?P=t)\d{4,5}"
    r"|\d{12,19})"
    r"(?![\w\-]|[./]\d)",
    r"[0-9]{4}(?:[0-9]{8,15}|[ \-][0-9]{4}[ \-][0-9]{4}[ \-][0-9]{1,4}|[ \-][0-9]{6}[ \-][0-9]{4,5})",
    shared=True, family="number", exclusive=True,
)
_IBAN = Finder(
    r"(?<![\w\-])(?P<cc>[A-Z]{2})\d{2}(?:(?P<s>[ \-]?)[A-Z0-9]{4})(?:(?P=s)[A-Z0-9]{4}){1,7}"
    r"(?:(?P=s)[A-Z0-9]{1,3})?(?![\w\-])",
    r"[A-Z]{2}[0-9]{2}[ \-]?[A-Z0-9]{4}[ \-]?[A-Z0-9]{4}",
    shared=True, family="upper",
)
# Typed in lower case ("gb82 west 1234 …"): the same check decides (letters and digits alike).
_IBAN_LOWER = Finder(
    r"(?<![\w\-])[a-z]{2}\d{2}(?:(?P<s>[ \-]?)[a-z0-9]{4})(?:(?P=s)[a-z0-9]{4}){1,7}"
    r"(?:(?P=s)[a-z0-9]{1,3})?(?![\w\-])",
    r"[a-z]{2}[0-9]{2}[ \-]?[a-z0-9]{4}[ \-]?[a-z0-9]{4}",
    shared=True,
)
_IBAN_HEAD = LazyRegex(r"[A-Za-z]{2}\d{2} ")
_IBAN_GROUP = LazyRegex(r"[ \-]?[A-Za-z0-9]{1,4}\Z")
_BASE58 = Finder(r"(?<![\w])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![\w])", r"[13][1-9A-HJ-NP-Za-km-z]{25}", shared=True, family="number")
_BECH32 = Finder(
    r"(?<![\w])(?:bc|tb|BC|TB)1[02-9ac-hj-np-zAC-HJ-NP-Z]{6,87}(?![\w])",
    r"(?:bc|tb|BC|TB)1[02-9ac-hj-np-zAC-HJ-NP-Z]{6}",
    shared=True, family="number",
)
_ETH = Finder(r"(?<![\w])0[xX][0-9a-fA-F]{40}(?![\w])", r"0[xX][0-9a-fA-F]{8}", shared=True, family="number")


# A word naming a payment card shortly before a number, on its line, with no digit between
# ("card no", "my credit card? …", "Kreditkarte:"): with it, the Luhn check alone decides,
# so cards of issuer ranges the table above lacks (old JCB 2131/1800, older Maestro) count.
_CARD_WORD_BEFORE = LazyRegex(
    r"(?i)(?<![^\W\d_])(?:card|cc|creditcard|tarjeta|carte|(?:kredit)?karte|cart[ãa]o|carta|kaart|kort|karta)"
    r"(?![^\W\d_])[^\n\d]{0,24}\Z"
)


def find_card(scan: TextStructure) -> list[Candidate]:
    out: list[Candidate] = []
    text = scan.text
    for match in scan.find(_CARD):
        start = match.start()
        if start >= 5 and _IBAN_HEAD.match(text, start - 5, start):
            continue  # the digits of an IBAN whose own check failed
        if card_ok(match.group()):
            out.append(det("CREDIT_CARD", match.start(), match.end(), 0.95, "card"))
        elif card_labelled_ok(match.group()) and _card_word_before(text, start):
            out.append(det("CREDIT_CARD", match.start(), match.end(), 0.85, "card-labelled"))
    return out


def _card_word_before(text: str, start: int) -> bool:
    return _CARD_WORD_BEFORE.search(text[max(0, start - 40) : start]) is not None


def find_iban(scan: TextStructure) -> list[Candidate]:
    out: list[Candidate] = []
    text = scan.text
    for match in (*scan.find(_IBAN), *scan.find(_IBAN_LOWER)):
        value = match.group()
        # The last groups may belong to the next word; drop them until the checksum holds.
        while len(value.replace(" ", "").replace("-", "")) >= 15:
            if iban_ok(value):
                out.append(det("IBAN", match.start(), match.start() + len(value), 0.95, "iban"))
                break
            trimmed = _IBAN_GROUP.sub("", value)
            if trimmed == value:
                break
            value = trimmed
    return out


def find_crypto(scan: TextStructure) -> list[Candidate]:
    text = scan.text
    out: list[Candidate] = []
    for match in scan.find(_BASE58):
        if base58check_ok(match.group()):
            out.append(det("CRYPTO_WALLET", match.start(), match.end(), 0.95, "btc-base58"))
    if "1" in text:
        for match in scan.find(_BECH32):
            if bech32_ok(match.group()):
                out.append(det("CRYPTO_WALLET", match.start(), match.end(), 0.95, "btc-bech32"))
    if "0x" in text or "0X" in text:
        for match in scan.find(_ETH):
            value = match.group()
            if eth_address_ok(value):
                body = value[2:]
                checked = body.lower() != body and body.upper() != body
                out.append(det("CRYPTO_WALLET", match.start(), match.end(), 0.95 if checked else 0.8, "eth"))
    return out
