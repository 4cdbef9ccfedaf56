"""The recognisers, each a pure function from a :class:`~aisec_cli.pii.structure.TextStructure` to detections."""

from __future__ import annotations

from collections.abc import Callable

from aisec_cli.pii.credentials import find_credentials
from aisec_cli.pii.model import Candidate
from aisec_cli.pii.recognizers.address import find_address
from aisec_cli.pii.recognizers.bare import BARE_PRIORITY, NHS_PRIORITY, find_bare
from aisec_cli.pii.recognizers.bare import RECOGNIZERS as BARE_RECOGNIZERS
from aisec_cli.pii.recognizers.contact import find_email, find_phone
from aisec_cli.pii.recognizers.dates import find_dob
from aisec_cli.pii.recognizers.financial import find_card, find_crypto, find_iban
from aisec_cli.pii.recognizers.government import (
    find_driver_license,
    find_national_id,
    find_passport,
    find_ssn,
)
from aisec_cli.pii.recognizers.network import find_ip, find_mac
from aisec_cli.pii.recognizers.person import find_person
from aisec_cli.pii.structure import TextStructure

Recognizer = Callable[[TextStructure], list[Candidate]]

REGISTRY: tuple[tuple[frozenset[str], Recognizer], ...] = (
    (frozenset({"API_KEY", "JWT", "PRIVATE_KEY", "PASSWORD", "URL_WITH_CREDENTIALS"}), find_credentials),
    (frozenset({"EMAIL"}), find_email),
    (frozenset({"CREDIT_CARD"}), find_card),
    (frozenset({"IBAN"}), find_iban),
    (frozenset({"CRYPTO_WALLET"}), find_crypto),
    (frozenset({"IP_ADDRESS"}), find_ip),
    (frozenset({"MAC_ADDRESS"}), find_mac),
    (frozenset({"US_SSN"}), find_ssn),
    (frozenset({"NATIONAL_ID"}), find_national_id),
    (frozenset({"STREET_ADDRESS"}), find_address),
    (frozenset({"DATE_OF_BIRTH"}), find_dob),
    (frozenset({"PHONE"}), find_phone),
    (frozenset({"PASSPORT"}), find_passport),
    (frozenset({"US_DRIVER_LICENSE"}), find_driver_license),
    (frozenset({"PERSON"}), find_person),
    # Bare shapes: the checked ones at the default threshold, the weak ones when min_confidence asks.
    (frozenset({"US_SSN", "PASSPORT", "NATIONAL_ID"}), find_bare),
)

# Which detection wins when two overlap: higher first.
PRIORITY: dict[str, int] = {
    "PRIVATE_KEY": 100,
    "JWT": 98,
    "URL_WITH_CREDENTIALS": 97,
    "API_KEY": 95,
    "EMAIL": 92,
    "CRYPTO_WALLET": 90,
    "IBAN": 90,
    "CREDIT_CARD": 90,
    "MAC_ADDRESS": 88,
    "IP_ADDRESS": 87,
    "PASSWORD": 86,
    "US_SSN": 80,
    "NATIONAL_ID": 76,
    "STREET_ADDRESS": 75,
    "DATE_OF_BIRTH": 72,
    "PHONE": 70,
    "PASSPORT": 68,
    "US_DRIVER_LICENSE": 66,
    "PERSON": 60,
}
# Recognisers whose evidence is weaker than their entity's usual rank.
RECOGNIZER_PRIORITY: dict[str, int] = {
    "keyed-secret": 84,
    "prose-password": 83,
    "person-lexicon": 50,
    "person-repeat": 55,
    "address-keyed": 78,
    # A value under its own key, or right after its own keyword, beats a shape that merely
    # parses (a driver's licence "H 338 537 767 582" also holds a valid phone number).
    "dl-keyed": 82,
    "dl-context": 74,
    "passport-keyed": 82,
    "passport-context": 74,
    "ssn-keyed": 81,
    **dict.fromkeys(BARE_RECOGNIZERS, BARE_PRIORITY),
    "bare-gb-nhs": NHS_PRIORITY,
}
