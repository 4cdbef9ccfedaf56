"""The entities the redactor knows, their stable rule ids and how their values normalise."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aisec_cli.core.lazyre import LazyRegex


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    rule_id: str
    rule_name: str
    normalise: str  # how two spellings of one value are made equal: exact|casefold|digits|alnum
    secret: bool = False  # credentials: never show any part of the value
    keep_tail: int = 0  # characters the ``mask`` operator leaves visible


ENTITY_LIST: tuple[Entity, ...] = (
    Entity("EMAIL", "PII101", "email-address", "casefold"),
    Entity("PHONE", "PII102", "phone-number", "digits", keep_tail=4),
    Entity("US_SSN", "PII103", "us-social-security-number", "digits", keep_tail=4),
    Entity("CREDIT_CARD", "PII104", "payment-card-number", "digits", keep_tail=4),
    Entity("IBAN", "PII105", "iban", "alnum", keep_tail=4),
    Entity("IP_ADDRESS", "PII106", "ip-address", "casefold"),
    Entity("MAC_ADDRESS", "PII107", "mac-address", "alnum"),
    Entity("PASSPORT", "PII108", "passport-number", "alnum", keep_tail=3),
    Entity("US_DRIVER_LICENSE", "PII109", "us-driver-license", "alnum", keep_tail=3),
    Entity("DATE_OF_BIRTH", "PII110", "date-of-birth", "exact"),
    Entity("PERSON", "PII111", "person-name", "casefold"),
    Entity("STREET_ADDRESS", "PII112", "street-address", "exact"),
    Entity("URL_WITH_CREDENTIALS", "PII113", "url-with-credentials", "exact", secret=True),
    Entity("API_KEY", "PII114", "api-key", "exact", secret=True),
    Entity("JWT", "PII115", "json-web-token", "exact", secret=True),
    Entity("PRIVATE_KEY", "PII116", "private-key", "exact", secret=True),
    Entity("PASSWORD", "PII117", "password", "exact", secret=True),
    Entity("CRYPTO_WALLET", "PII118", "crypto-wallet-address", "exact", keep_tail=4),
    Entity("NATIONAL_ID", "PII119", "national-identifier", "alnum", keep_tail=3),
)

ENTITIES: dict[str, Entity] = {e.name: e for e in ENTITY_LIST}
RULE_IDS: dict[str, str] = {e.name: e.rule_id for e in ENTITY_LIST}
BY_RULE_ID: dict[str, Entity] = {e.rule_id: e for e in ENTITY_LIST}
DEFAULT_ENTITIES: frozenset[str] = frozenset(ENTITIES)

_NON_DIGIT = LazyRegex(r"\D+")
_NON_ALNUM = LazyRegex(r"[^0-9A-Za-z]+")


def resolve_entities(names: str | list[str] | tuple[str, ...] | None) -> frozenset[str]:
    """Entity names (or rule ids / rule names), comma separated or a list, to a set of names.

    Raises ``ValueError`` naming the unknown entries.
    """
    if names is None:
        return DEFAULT_ENTITIES
    items = names.split(",") if isinstance(names, str) else [p for n in names for p in n.split(",")]
    chosen: set[str] = set()
    unknown: list[str] = []
    for raw in items:
        item = raw.strip()
        if not item:
            continue
        upper = item.upper().replace("-", "_")
        if upper == "ALL":
            chosen.update(ENTITIES)
        elif upper in ENTITIES:
            chosen.add(upper)
        elif upper in BY_RULE_ID:
            chosen.add(BY_RULE_ID[upper].name)
        else:
            match = next((e for e in ENTITY_LIST if e.rule_name == item.lower()), None)
            if match is None:
                unknown.append(item)
            else:
                chosen.add(match.name)
    if unknown:
        known = ", ".join(e.name for e in ENTITY_LIST)
        raise ValueError(f"unknown entit{'y' if len(unknown) == 1 else 'ies'} {', '.join(unknown)} (known: {known})")
    return frozenset(chosen)


def normalise(entity: str, value: str) -> str:
    """The form under which two spellings of one value get the same placeholder."""
    return normaliser(entity)(value)


# Every ASCII character but 0-9 deleted: what ``_NON_DIGIT`` removes from an ASCII value.
_ASCII_NON_DIGITS = bytes(c for c in range(128) if not 48 <= c <= 57)


def _digits(value: str) -> str:
    if value.isascii():  # the usual case, without a regex call (dense text: thousands a megabyte)
        return value.encode().translate(None, _ASCII_NON_DIGITS).decode() or value
    return _NON_DIGIT.sub("", value) or value


def _alnum(value: str) -> str:
    return _NON_ALNUM.sub("", value).upper() or value


def _exact(value: str) -> str:
    return value


_NORMALISERS: dict[str, Callable[[str], str]] = {"casefold": str.casefold, "digits": _digits, "alnum": _alnum}


def normaliser(entity: str) -> Callable[[str], str]:
    """:func:`normalise` for one entity, as a function of the value (one lookup per entity,
    not per value: dense text has tens of thousands of values per megabyte)."""
    info = ENTITIES.get(entity)
    return _NORMALISERS.get(info.normalise, _exact) if info is not None else _exact
