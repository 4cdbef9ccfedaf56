"""Per-entity positives and hard negatives, written for these tests (several languages and formats)."""

from __future__ import annotations

import pytest

from aisec_cli.pii import PiiConfig, detect
from tests.pii.factory import PiiFactory

F = PiiFactory(seed=2024)


def found(text: str, fmt: str = "text", **config: object) -> list[tuple[str, str]]:
    return [(d.entity, text[d.start : d.end]) for d in detect(text, PiiConfig(fmt=fmt, **config))]  # type: ignore[arg-type]


def entities(text: str, fmt: str = "text") -> set[str]:
    return {e for e, _ in found(text, fmt)}


# ---- positives ---------------------------------------------------------------------------------
CARD = F.card("52", 16)
AMEX = F.card("37", 15)
VISA19 = F.card("4", 19)
MC2 = F.card("2221", 16)
IBAN_DE = F.iban("DE")
IBAN_FR = F.iban("FR", bban_len=23)
SSN = F.ssn()


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("Reach Ola at ola.nordmann@posteo.net tomorrow.", "EMAIL", "ola.nordmann@posteo.net"),
        ("log: to=svc.account+alerts@corp-mail.io status=sent", "EMAIL", "svc.account+alerts@corp-mail.io"),
        ("Ring me on +44 7700 900123 after six.", "PHONE", "+44 7700 900123"),
        ("Tel.: 030 901820 (Zentrale)", "PHONE", "030 901820"),
        ("Appelez le 01 40 20 50 50 svp", "PHONE", "01 40 20 50 50"),
        ("call (415) 555-2671 today", "PHONE", "(415) 555-2671"),
        ("Mobil: 0151 23456789", "PHONE", "0151 23456789"),
        ("phone=4155552671", "PHONE", "4155552671"),
        (f"SSN on file: {SSN}.", "US_SSN", SSN),
        (f"charged card {F.group(CARD, (4, 4, 4, 4), '-')} twice", "CREDIT_CARD", F.group(CARD, (4, 4, 4, 4), "-")),
        (f"amex {F.group(AMEX, (4, 6, 5))} expired", "CREDIT_CARD", F.group(AMEX, (4, 6, 5))),
        (f"visa {VISA19} ok", "CREDIT_CARD", VISA19),
        (f"new card {MC2}", "CREDIT_CARD", MC2),
        (f"Please wire it to {IBAN_DE}.", "IBAN", IBAN_DE),
        (f"IBAN: {IBAN_FR}", "IBAN", IBAN_FR),
        ("client connected from 203.0.113.45:5432", "IP_ADDRESS", "203.0.113.45"),
        ("peer 2001:db8:85a3::8a2e:370:7334 dropped", "IP_ADDRESS", "2001:db8:85a3::8a2e:370:7334"),
        ("ether 3c:22:fb:12:a0:9e brd", "MAC_ADDRESS", "3c:22:fb:12:a0:9e"),
        ("switch port 0050.56c0.0008 up", "MAC_ADDRESS", "0050.56c0.0008"),
        ("My passport no. is X4Y7Z9K21 please", "PASSPORT", "X4Y7Z9K21"),
        ("Reisepassnummer: C01X00T47", "PASSPORT", "C01X00T47"),
        ("driver's license D1234567 (CA)", "US_DRIVER_LICENSE", "D1234567"),
        ("Date of birth: 14 March 1987", "DATE_OF_BIRTH", "14 March 1987"),
        ("geboren am 3. Mai 1979 in Köln", "DATE_OF_BIRTH", "3. Mai 1979"),
        ("fecha de nacimiento: 02/11/1990", "DATE_OF_BIRTH", "02/11/1990"),
        ("née le 12/08/1965 à Lyon", "DATE_OF_BIRTH", "12/08/1965"),
        ("Dear Priya,\nthanks for the update.", "PERSON", "Priya"),
        ("Kind regards,\nMarta Kowalczyk", "PERSON", "Marta Kowalczyk"),
        ("I spoke with Henrik Larsen yesterday.", "PERSON", "Henrik Larsen"),
        ("Please forward this to Mrs. Okafor.", "PERSON", "Okafor"),
        ("Ship to 742 Evergreen Terrace, Springfield, IL 62704 please", "STREET_ADDRESS", "742 Evergreen Terrace, Springfield, IL 62704"),
        ("Lieferadresse: Lindenstraße 12, 10969 Berlin.", "STREET_ADDRESS", "Lindenstraße 12, 10969 Berlin"),
        ("envoyer au 8 rue des Lilas, 69003 Lyon", "STREET_ADDRESS", "8 rue des Lilas, 69003 Lyon"),
        ("DATABASE_URL=postgres://app:S3cr3tPw@db.internal:5432/app", "URL_WITH_CREDENTIALS", "postgres://app:S3cr3tPw@db.internal:5432/app"),
        ("password: hunter2!Zx", "PASSWORD", "hunter2!Zx"),
        ('"db_password": "Tr0ub4dor&3"', "PASSWORD", "Tr0ub4dor&3"),
        ("the new login for staging is Q7!vLp#2zR (rotate monthly)", "PASSWORD", "Q7!vLp#2zR"),
    ],
)
def test_positive(text: str, entity: str, value: str) -> None:
    assert (entity, value) in found(text), found(text)


def test_credentials(keys) -> None:  # type: ignore[no-untyped-def]
    for builder in ("openai_project", "anthropic", "google", "aws_access_key_id", "huggingface", "groq"):
        key = getattr(keys, builder)()
        assert ("API_KEY", key) in found(f"export TOKEN={key}\n"), builder
    token = keys.jwt()
    assert ("JWT", token) in found(f"Authorization: Bearer {token}")
    pem = keys.pem_private_key()
    assert ("PRIVATE_KEY", pem) in found(f"key:\n{pem}\n")
    escaped = pem.replace("\n", "\\n")
    assert ("PRIVATE_KEY", escaped) in found(f'{{"private_key": "{escaped}"}}', "json")
    generic = keys.hex(40)
    assert ("API_KEY", generic) in found(f"api_secret = '{generic}'")


def test_crypto_wallets() -> None:
    from tests.pii.test_validators import base58check, bech32_address, eip55

    payload = bytes(range(20))
    for address in (base58check(0, payload), base58check(5, payload), bech32_address("bc", payload), eip55("ab" * 20)):
        assert ("CRYPTO_WALLET", address) in found(f"refund to {address} please")


def test_national_identifiers() -> None:
    # Dutch BSN (11-proof) and Italian codice fiscale, both validated by python-stdnum.
    assert ("NATIONAL_ID", "111222333") in found("Mijn BSN is 111222333.")
    assert ("NATIONAL_ID", "RSSMRA85T10A562S") in found("Codice fiscale RSSMRA85T10A562S")
    assert "NATIONAL_ID" not in entities("order 111222333 shipped")  # no keyword: just a number


# ---- hard negatives -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Upgrade to version 10.2.14.7 before Friday.",
        "fw=4.18.2.201 build=3.1.0.9",
        '{"client_version": "12.0.3.44"}',
        "request_id=3f2b8c1e-9a4d-4e5f-8b6a-1c2d3e4f5a6b latency_ms=231",
        "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 merged",
        "sha256:4b2a7c9d0e1f23456789abcdef0123456789abcdef0123456789abcdef012345",
        "Order #48213377 placed on 2024-03-05, invoice INV-20240305-77",
        "2024-03-05T14:22:31.118Z INFO [api] done in 842ms",
        "ts=1712283464 size=1048576 crc=2890165539",
        "Write to user@example.com or admin@example.org for help",
        "Message-ID: <3f2b8c1e9a4d4e5f@mail.example.net>",
        "Already redacted: [EMAIL_1], <PERSON>, {{PHONE}} and [REDACTED].",
        "Card on file: **** **** **** 4242 (masked)",
        "The meeting is on 12/04/2025 at 10:00.",
        "Listening on port 8443, retry in 30 s",
        "Spring 2024 release notes and the String class",
        "See section 4.2.1 and RFC 7519 for details",
    ],
)
def test_hard_negative(text: str) -> None:
    assert found(text) == []


def test_invalid_checksums_are_not_reported() -> None:
    bad_card = F.group(F.bad_luhn_card("4", 16), (4, 4, 4, 4))
    assert found(f"reference {bad_card}") == []
    assert found(f"IBAN {F.bad_iban('DE')}") == []
    assert found("SSN 666-12-3456 is invalid") == []
    assert found("SSN 123-45-0000 looks wrong") == []


def test_dates_need_birth_context() -> None:
    assert found("Delivered on 14 March 1987.") == []
    assert ("DATE_OF_BIRTH", "14/03/1987") in found("DOB 14/03/1987")
    chat = "[10:01] Agent: What is your date of birth?\n[10:02] Kim: 1987-03-14\n"
    assert ("DATE_OF_BIRTH", "1987-03-14") in found(chat)


def test_csv_columns_give_context() -> None:
    csv_text = "id,first_name,last_name,dob,passport,phone\n7,Lena,van den Berg,1990-05-17,P1234567Z,4155552671\n"
    result = found(csv_text, "csv")
    assert ("PERSON", "Lena") in result
    assert ("PERSON", "van den Berg") in result
    assert ("DATE_OF_BIRTH", "1990-05-17") in result
    assert ("PASSPORT", "P1234567Z") in result
    assert ("PHONE", "4155552671") in result
    assert all(value != "7" for _, value in result)


def test_entity_selection() -> None:
    text = f"Mail ola@posteo.net, card {CARD}"
    chosen = detect(text, PiiConfig(entities=frozenset({"EMAIL"})))
    assert [d.entity for d in chosen] == ["EMAIL"]


def test_default_region_for_national_numbers() -> None:
    # 020 7946 0018 is a London number; as a US number it is not valid.
    assert ("PHONE", "020 7946 0018") in found("Tel 020 7946 0018", default_region="GB")
    assert found("zip 4155552671") == []  # bare digits without a phone word stay


@pytest.mark.parametrize(
    "text",
    [
        # a docstring describing the parameter: the "value" is the first word of a phrase
        '    Args:\n        host: Database host\n        password: Database password\n',
        # the word itself standing in for a value, in code and in a connection string
        'client = Client(host=host, password="password")\n',
        'DATABASE_URL = "postgresql://user:password@localhost:5432/app"\n',
        "password: secret\n",
    ],
)
def test_words_that_stand_for_a_password_are_no_password(text: str) -> None:
    """Real repositories' docstrings, tests and sample connection strings write the word, not a
    password; a pre-commit PII hook that flags them gets switched off."""
    assert entities(text) & {"PASSWORD", "URL_WITH_CREDENTIALS"} == set()


def test_a_real_password_beside_those_shapes_is_still_found() -> None:
    assert ("PASSWORD", "Kx9!rT2v") in found("password: Kx9!rT2v\n")
    assert ("PASSWORD", "Q7vLp2zR") in found("the staging password is Q7vLp2zR for now\n")
    assert "URL_WITH_CREDENTIALS" in entities('DATABASE_URL = "postgresql://app:Kx9rT2vLq@db.internal:5432/app"\n')
