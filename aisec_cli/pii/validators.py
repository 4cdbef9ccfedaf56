"""Checksums and range checks that turn a shape into a value worth redacting.

Every function takes the candidate text and answers ``True`` only for a value that can
exist: card numbers pass Luhn and fall in an issuer range, IBANs pass mod-97 and their
country's layout, SSNs avoid the never-issued ranges, wallet addresses carry a valid
checksum. They are pure and cheap; recognisers call them on candidates only.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import json
import re
from functools import cache, lru_cache
from typing import Any

from aisec_cli.pii.keccak import keccak256
from aisec_cli.core.lazyre import LazyRegex


@cache
def _stdnum() -> Any:
    """python-stdnum's modules used here, imported on the first check that needs them (a
    hook on files without such candidates never pays for the import)."""
    from types import SimpleNamespace

    from stdnum import iban, luhn, mac
    from stdnum.exceptions import ValidationError
    from stdnum.us import ssn

    return SimpleNamespace(iban=iban, luhn=luhn, mac=mac, ssn=ssn, ValidationError=ValidationError)

_DIGITS = LazyRegex(r"\d")


_ASCII_NON_DIGITS = bytes(c for c in range(128) if not 48 <= c <= 57)


def digits_of(value: str) -> str:
    if value.isascii():  # the usual case: one translate, no regex (a card or phone per line in dense text)
        return value.encode().translate(None, _ASCII_NON_DIGITS).decode()
    return "".join(_DIGITS.findall(value))


_LUHN_DOUBLED_BYTES = bytes.maketrans(b"0123456789", b"0246813579")  # 2d, less 9 when above 9


def luhn_ok(number: str) -> bool:
    """Luhn mod-10 over the digits of ``number`` (what python-stdnum's ``luhn.is_valid`` says)."""
    if not (number.isdigit() and number.isascii()):
        return False
    data = number.encode()  # digit bytes summed in C: the digits' values plus 48 each
    total = sum(data[-1::-2]) + sum(data[-2::-2].translate(_LUHN_DOUBLED_BYTES)) - 48 * len(data)
    return total % 10 == 0


# Issuer identification ranges: (low prefix, high prefix, allowed lengths).
_IIN_RANGES: tuple[tuple[int, int, tuple[int, ...]], ...] = (
    (1, 1, (15,)),  # UATP (airline cards)
    (4, 4, (13, 16, 19)),  # Visa (19-digit cards since 2017)
    (51, 55, (16,)),  # Mastercard
    (2221, 2720, (16,)),  # Mastercard 2-series
    (34, 34, (15,)),  # American Express
    (37, 37, (15,)),
    (300, 305, (14, 16, 17, 18, 19)),  # Diners Club
    (36, 36, (14, 16, 17, 18, 19)),
    (38, 39, (14, 16, 17, 18, 19)),
    (3095, 3095, (14, 16, 17, 18, 19)),
    (6011, 6011, (16, 17, 18, 19)),  # Discover
    (644, 649, (16, 17, 18, 19)),
    (65, 65, (16, 17, 18, 19)),
    (622126, 622925, (16, 17, 18, 19)),
    (3528, 3589, (16, 17, 18, 19)),  # JCB
    (62, 62, (16, 17, 18, 19)),  # UnionPay
    (81, 81, (16, 17, 18, 19)),
    (5019, 5019, (16,)),  # Dankort
    (5018, 5018, (12, 13, 14, 15, 16, 17, 18, 19)),  # Maestro
    (5020, 5020, (12, 13, 14, 15, 16, 17, 18, 19)),
    (5038, 5038, (12, 13, 14, 15, 16, 17, 18, 19)),
    (5893, 5893, (12, 13, 14, 15, 16, 17, 18, 19)),
    (6304, 6304, (12, 13, 14, 15, 16, 17, 18, 19)),
    (6759, 6759, (12, 13, 14, 15, 16, 17, 18, 19)),
    (6761, 6763, (12, 13, 14, 15, 16, 17, 18, 19)),
    (676770, 676770, (12, 13, 14, 15, 16, 17, 18, 19)),
    (676774, 676774, (12, 13, 14, 15, 16, 17, 18, 19)),
    (2200, 2204, (16, 17, 18, 19)),  # Mir
    (6062, 6062, (16,)),  # Hipercard
    (606282, 606282, (16,)),
    (636368, 636368, (16,)),  # Elo (subset)
    (504175, 504175, (16,)),
    (509000, 509999, (16,)),
    (650031, 650033, (16,)),
    (60, 60, (16, 19)),  # RuPay and others
    (508, 508, (16,)),
    (353, 356, (16, 17, 18, 19)),
)


_IIN_WIDTHS = tuple((low, high, lengths, len(str(low))) for low, high, lengths in _IIN_RANGES)  # + prefix width


def card_iin_ok(digits: str) -> bool:
    """``digits`` has a length an issuer whose range it falls in actually uses."""
    n = len(digits)
    if n < 12 or n > 19:
        return False
    for low, high, lengths, width in _IIN_WIDTHS:
        prefix = int(digits[:width])
        if low <= prefix <= high and n in lengths:
            return True
    return False


@lru_cache(maxsize=8192)  # pure; a log repeats its customers' cards
def card_ok(value: str) -> bool:
    digits = digits_of(value)
    if len(set(digits)) < 2:
        return False
    return card_iin_ok(digits) and luhn_ok(digits)


def card_labelled_ok(value: str) -> bool:
    """A number a card word names: 12-19 digits, at least four distinct, Luhn check digit
    (the issuer range is not asked: the word says what it is)."""
    digits = digits_of(value)
    return 12 <= len(digits) <= 19 and len(set(digits)) >= 4 and luhn_ok(digits)


@cache
def _ssn_samples() -> frozenset[str]:
    return frozenset(getattr(_stdnum().ssn, "_ssn_blacklist", ()))


def ssn_ok(value: str) -> bool:
    """A US SSN the SSA could have issued (area not 000/666/9xx, group and serial non-zero).

    The ranges are python-stdnum's; the numbers it blacklists (published samples) pass
    here and are left to the recogniser, which reports them only when the text says SSN.
    """
    digits = digits_of(value)
    if len(digits) != 9 or len(set(digits)) == 1:
        return False
    dashed = f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
    if dashed in _ssn_samples():
        return True
    return bool(_stdnum().ssn.is_valid(dashed))


# Numbers the SSA voided after they were published (advertising, documentation); they are
# only reported when the text calls them an SSN.
@cache
def sample_ssns() -> frozenset[str]:
    """SSNs voided after publication (digits only)."""
    return frozenset({"078051120", "219099999", "123456789", "457555462"} | {n.replace("-", "") for n in _ssn_samples()})


def __getattr__(name: str) -> Any:
    """``SAMPLE_SSNS``: :func:`sample_ssns`, built on first use."""
    if name == "SAMPLE_SSNS":
        return sample_ssns()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Finnish personal identity code: the century signs of 2023 (Y X W V U for the 1900s,
# B-F for the 2000s) are not in python-stdnum 2.2, so the whole check is here.
_HETU_CENTURY = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
                 "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}
_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu_ok(value: str) -> bool:
    """DDMMYY, century sign, individual number (002-999), mod-31 check character."""
    import datetime

    code = value.upper()
    if len(code) != 11 or code[6] not in _HETU_CENTURY or not (code[:6] + code[7:10]).isdigit():
        return False
    try:
        datetime.date(_HETU_CENTURY[code[6]] + int(code[4:6]), int(code[2:4]), int(code[:2]))
    except ValueError:
        return False
    if int(code[7:10]) < 2:  # 900-999: temporary codes, still a person's
        return False
    return _HETU_CHECK[int(code[:6] + code[7:10]) % 31] == code[10]


# Travel-document serials: ICAO Doc 9303 digit weights 7-3-1, letters A=10 … Z=35.
_ICAO_VALUE = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
# German passport serials avoid the letters that read like digits (and vowels).
_DE_PASSPORT = LazyRegex(r"[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{7}[0-9]")


def icao_check_digit(value: str) -> int:
    """The ICAO 9303 check digit of ``value`` (digits and capitals)."""
    return sum(_ICAO_VALUE[c] * (7, 3, 1)[i % 3] for i, c in enumerate(value)) % 10


def de_passport_ok(value: str) -> bool:
    """A German passport serial: nine characters of the ICAO-restricted set, the ninth the
    check digit of the first eight, and at least one digit among those eight."""
    code = value.upper()
    if not _DE_PASSPORT.fullmatch(code) or not any(c.isdigit() for c in code[:8]):
        return False
    return icao_check_digit(code[:8]) == int(code[8])


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_ok(value: str) -> bool:
    """A Spanish DNI: 7 or 8 digits (a leading zero is often dropped), an optional dash and
    the mod-23 check letter."""
    code = value.upper().replace("-", "")
    number, letter = code[:-1], code[-1:]
    if not number.isdigit() or not number.isascii() or len(number) not in (7, 8) or int(number) == 0:
        return False
    return _DNI_LETTERS[int(number) % 23] == letter


def codice_fiscale_body_ok(value: str) -> bool:
    """An Italian fiscal code whose first fifteen characters are well formed (name letters,
    a real birth date, a place code) whatever its check letter: a mistyped check letter
    leaves the personal data in the other fifteen."""
    from stdnum.it import codicefiscale

    body = value[:-1].upper()
    try:
        return bool(codicefiscale.is_valid(body + codicefiscale.calc_check_digit(body)))
    except Exception:  # noqa: BLE001 - stdnum raises on characters outside its tables
        return False


def de_idnr_labelled_ok(value: str) -> bool:
    """A German tax identification number under its label: 11 digits, no leading zero,
    no digit more than three times in the first ten, ISO 7064 mod 11,10 check digit.

    The official rule (one digit twice or three times) is not asked for: values written
    behind "Steuer-ID" that pass the check digit are taken as what the label says."""
    digits = value.replace(" ", "")
    if len(digits) != 11 or not digits.isdigit() or not digits.isascii() or digits[0] == "0":
        return False
    if max(digits[:10].count(d) for d in set(digits[:10])) > 3:
        return False
    product = 10
    for d in digits[:10]:
        total = (int(d) + product) % 10 or 10
        product = (total * 2) % 11
    return (11 - product) % 10 == int(digits[10])


def iban_ok(value: str) -> bool:
    compact = re.sub(r"[\s\-.]", "", value).upper()
    if len(compact) < 15 or len(compact) > 34:
        return False
    try:
        # mod-97 check digits and the country's BBAN layout; the national check digits inside
        # the BBAN are not checked (not every country has them, and generators often skip them).
        _stdnum().iban.validate(compact, check_country=False)
    except _stdnum().ValidationError:
        return False
    return True


# Four numbers 0-255 in ASCII digits, without leading zeros: what ipaddress.IPv4Address
# accepts, in one match (dense text has thousands of addresses a megabyte).
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4_STRICT = LazyRegex(rf"{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}")


def ipv4_ok(value: str) -> bool:
    """Dotted-quad IPv4 (the standard library's strict reading: no leading zeros)."""
    return _IPV4_STRICT.fullmatch(value) is not None


def ipv6_ok(value: str) -> bool:
    candidate = value.split("%", 1)[0]
    if candidate.count(":") < 2:
        return False
    try:
        ipaddress.IPv6Address(candidate)
    except ValueError:
        return False
    return True


def mac_ok(value: str) -> bool:
    """A MAC address in any common spelling (colons, dashes, Cisco dots), checked by
    python-stdnum (format only: locally administered and unregistered vendors are real
    devices too); the all-zero and broadcast addresses are not anyone's."""
    hexdigits = re.sub(r"[^0-9A-Fa-f]", "", value)
    if len(hexdigits) != 12 or hexdigits.upper() in ("000000000000", "FFFFFFFFFFFF"):
        return False
    return _stdnum().mac.is_valid(":".join(hexdigits[i : i + 2] for i in range(0, 12, 2)), validate_manufacturer=False)


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}


def base58check_ok(value: str, versions: tuple[int, ...] = (0x00, 0x05, 0x6F, 0xC4)) -> bool:
    number = 0
    for char in value:
        index = _B58_INDEX.get(char)
        if index is None:
            return False
        number = number * 58 + index
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    pad = len(value) - len(value.lstrip("1"))
    raw = b"\x00" * pad + raw
    if len(raw) != 25:
        return False
    payload, checksum = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != checksum:
        return False
    return payload[0] in versions


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {c: i for i, c in enumerate(_BECH32)}


def _bech32_polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            chk ^= generator[i] if (top >> i) & 1 else 0
    return chk


def bech32_ok(value: str, hrps: tuple[str, ...] = ("bc", "tb", "ltc")) -> bool:
    """A bech32 (BIP-173) or bech32m (BIP-350) segwit address with a valid checksum."""
    if value.lower() != value and value.upper() != value:
        return False
    text = value.lower()
    pos = text.rfind("1")
    if pos < 1 or pos + 7 > len(text) or len(text) > 90:
        return False
    hrp, data = text[:pos], text[pos + 1 :]
    if hrp not in hrps:
        return False
    try:
        values = [_BECH32_INDEX[c] for c in data]
    except KeyError:
        return False
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    const = _bech32_polymod(expanded + values)
    return const in (1, 0x2BC830A3)


def eth_address_ok(value: str) -> bool:
    """``0x`` + 40 hex digits; mixed case must carry a valid EIP-55 checksum."""
    if len(value) != 42 or not value.startswith(("0x", "0X")):
        return False
    body = value[2:]
    try:
        int(body, 16)
    except ValueError:
        return False
    if body.lower() == body or body.upper() == body:
        return len(set(body.lower())) > 4
    digest = keccak256(body.lower().encode("ascii")).hex()
    for char, nibble in zip(body, digest[:40], strict=True):
        if char.isalpha() and (char.isupper() != (int(nibble, 16) >= 8)):
            return False
    return True


def jwt_ok(value: str) -> bool:
    """Three base64url parts whose first decodes to a JSON header with ``alg``."""
    parts = value.split(".")
    if len(parts) != 3 or not parts[0] or not parts[1]:
        return False
    header = parts[0]
    try:
        raw = base64.urlsafe_b64decode(header + "=" * (-len(header) % 4))
        decoded = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    return isinstance(decoded, dict) and ("alg" in decoded or "typ" in decoded)


def shannon_entropy(value: str) -> float:
    from math import log2

    if not value:
        return 0.0
    counts: dict[str, int] = {}
    for char in value:
        counts[char] = counts.get(char, 0) + 1
    n = len(value)
    return -sum(c / n * log2(c / n) for c in counts.values())


# ---- national identifiers that carry their own proof (reported without a label) ----------------


def _real_date(year: int, month: int, day: int) -> bool:
    import datetime

    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _this_year() -> int:
    import datetime

    return datetime.date.today().year


_PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)


def pesel_ok(value: str) -> bool:
    """A Polish PESEL of a living person: 11 digits, YYMMDD with the century in the month
    (+20 for the 2000s), born 1900 to this year, and the weighted check digit (weights
    1-3-7-9, ten less the last digit of the sum). The 1800s (+80) and later centuries
    (+40, +60) are valid numbers but no one's today."""
    if len(value) != 11 or not value.isdigit() or not value.isascii():
        return False
    month = int(value[2:4])
    if 1 <= month <= 12:
        year = 1900 + int(value[:2])
    elif 21 <= month <= 32:
        year, month = 2000 + int(value[:2]), month - 20
    else:
        return False
    if year > _this_year() or not _real_date(year, month, int(value[4:6])):
        return False
    total = sum(int(d) * w for d, w in zip(value[:10], _PESEL_WEIGHTS, strict=True))
    return (10 - total % 10) % 10 == int(value[10])


_PNR = LazyRegex(r"((?:18|19|20)?)(\d{6})[\-+]?(\d{4})")


def personnummer_ok(value: str) -> bool:
    """A Swedish personnummer: YYMMDD (or YYYYMMDD, 1800s to 2000s), an optional "-" or "+"
    (over 100), a three-digit birth number and a Luhn check digit over the ten-digit form.
    A coordination number (samordningsnummer) adds 60 to the day."""
    match = _PNR.fullmatch(value)
    if match is None or not value.isascii():
        return False
    century, short, tail = match.groups()
    month, day = int(short[2:4]), int(short[4:6])
    if day > 60:
        day -= 60
    years = [int(century + short[:2])] if century else [1900 + int(short[:2]), 2000 + int(short[:2])]
    if not any(_real_date(year, month, day) for year in years):
        return False
    return luhn_ok(short + tail)


_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def nhs_ok(value: str) -> bool:
    """A UK NHS number: ten digits (spaces or dashes aside), the last a mod-11 check digit
    (weights 10 down to 2; a remainder that asks for 10 is never issued)."""
    digits = value.replace(" ", "").replace("-", "")
    if len(digits) != 10 or not digits.isdigit() or not digits.isascii():
        return False
    check = 11 - sum(int(d) * w for d, w in zip(digits, _NHS_WEIGHTS)) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def de_idnr_ok(value: str) -> bool:
    """A German tax identification number (Steuer-IdNr) by the official rules: 11 digits, no
    leading zero, exactly one digit twice or three times among the first ten (so at least
    one digit missing), ISO 7064 mod 11,10 check digit."""
    digits = value.replace(" ", "")
    if len(digits) != 11 or not digits.isdigit() or not digits.isascii() or digits[0] == "0":
        return False
    counts = sorted((digits[:10].count(d) for d in set(digits[:10])), reverse=True)
    if counts[0] not in (2, 3) or (len(counts) > 1 and counts[1] > 1):
        return False
    return de_idnr_labelled_ok(digits)
