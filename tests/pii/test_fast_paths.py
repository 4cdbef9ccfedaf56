"""The redactor's fast paths answer exactly what the slower code they replace answered."""

from __future__ import annotations

import gc
import io
import ipaddress
import pickle
import random
from pathlib import Path

import pytest
from stdnum import luhn

from aisec_cli.pii.detect import detect
from aisec_cli.pii.engine import Redactor
from aisec_cli.pii.gcpause import gc_paused
from aisec_cli.pii.model import Detection, PiiConfig, make_detection
from aisec_cli.pii.recognizers.contact import find_email
from aisec_cli.pii.structure import TextStructure
from aisec_cli.pii.validators import ipv4_ok, luhn_ok
from tests.pii.factory import PiiFactory


def test_luhn_matches_python_stdnum() -> None:
    rng = random.Random(5)
    numbers = ["", "0", "00", "18", "79927398713", "79927398710", "4" + "0" * 15]
    numbers += ["".join(rng.choice("0123456789") for _ in range(rng.randint(1, 20))) for _ in range(3000)]
    numbers += [PiiFactory(seed=n).card("4", 16) for n in range(50)]
    for number in numbers:
        assert luhn_ok(number) == (number.isdigit() and luhn.is_valid(number)), number
    assert not luhn_ok("４２４２")  # full-width digits are digits to str.isdigit, not to Luhn
    assert not luhn_ok("7992 7398 713")


def _stdlib_ipv4(value: str) -> bool:
    if not value.isascii():
        return False
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return False
    return True


def test_ipv4_matches_the_standard_library() -> None:
    values = [
        "10.0.0.1", "255.255.255.255", "0.0.0.0", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4",
        "1..2.3", "1.2.3.", ".1.2.3", "1.2.3.04", "1.2.3.0", "1.2.3.٣", "1.2.3.²", "1.2.3.1000", "a.b.c.d",
        "", "1.2.3.4/24", " 1.2.3.4",
    ]
    rng = random.Random(9)
    values += [".".join(str(rng.randint(0, 300)) for _ in range(rng.choice((3, 4, 4, 5)))) for _ in range(2000)]
    for value in values:
        assert ipv4_ok(value) == _stdlib_ipv4(value), value


def test_make_detection_is_a_detection() -> None:
    made = make_detection(3, 9, "EMAIL", "PII101", 0.98, "email")
    built = Detection(3, 9, "EMAIL", "PII101", 0.98, "email")
    assert type(made) is Detection
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert made < Detection(3, 10, "EMAIL", "PII101", 0.98, "email")
    assert pickle.loads(pickle.dumps(made)) == built
    with pytest.raises(AttributeError):
        made.start = 4  # type: ignore[misc]  # still frozen


def test_gc_paused_switches_the_collector_back_on() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()
    with gc_paused(False):
        assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # a caller's own pause is left alone
    finally:
        gc.enable()


def test_email_token_start_still_sees_url_credentials() -> None:
    text = "db=postgres://app:s3cretpw@db.internal.example.org/main and mail maria.rossi@posteo.net"
    found = [text[d.start : d.end] for d in find_email(TextStructure(text, PiiConfig(fmt="text")))]
    assert found == ["maria.rossi@posteo.net"]


def _dense(lines: int) -> str:
    factory = PiiFactory(seed=23)
    out = []
    for i in range(lines):
        card = factory.card("4", 16)
        out.append(
            f"2024-05-01T10:{i % 60:02d}:00Z INFO [billing] payment.ok user=\"Maria Rossi\" "
            f"email=maria.rossi{i % 40}@posteo.net phone=+44 20 7946 {1000 + i % 9000} card={card} "
            f"client_ip=81.{i % 250}.{(i * 7) % 250}.{1 + i % 250}\n"
        )
        out.append(f"Ticket #{100000 + i}: Lukas Fischer <lukas.fischer@web.de> called from (212) 555-{1000 + i % 9000} "
                   f"about a charge on card {card[:4]} {card[4:8]} {card[8:12]} {card[12:]}; logged in from 10.1.2.{1 + i % 250}.\n")
    return "".join(out)


def test_dense_text_large_enough_to_pause_the_collector(tmp_path: Path) -> None:
    """Detection above the pause threshold gives what detection line by line gives, and a
    dense file split over two workers is redacted byte for byte like one process does it."""
    text = _dense(400)
    assert len(text) > 1 << 16
    whole = detect(text, PiiConfig(fmt="text"))
    assert gc.isenabled()
    offset = 0
    piecewise: list[Detection] = []
    for line in text.splitlines(keepends=True):
        piecewise.extend(d.shifted(offset) for d in detect(line, PiiConfig(fmt="text")))
        offset += len(line)
    assert {(d.start, d.end, d.entity) for d in whole} >= {(d.start, d.end, d.entity) for d in piecewise if d.entity != "PERSON"}
    assert {d.entity for d in whole} >= {"EMAIL", "PHONE", "CREDIT_CARD", "IP_ADDRESS", "PERSON"}
    path = tmp_path / "dense.log"
    path.write_text(text, encoding="utf-8")
    outputs = []
    for jobs in (1, 2):
        sink = io.BytesIO()
        with Redactor(PiiConfig(fmt="text"), jobs=jobs, chunk_chars=16384) as redactor:
            result, _ = redactor.redact_file(path, "dense.log", sink.write)
        outputs.append((sink.getvalue(), result.count, dict(redactor.allocator.originals)))
    assert outputs[0] == outputs[1]
    assert outputs[0][1] >= 400 * 9
    assert b"[CREDIT_CARD_400]" in outputs[0][0]


@pytest.mark.parametrize(
    ("before", "key"),
    [
        ("email=a@b.com phone=", "b_com_phone"),
        ("Date of birth of the main applicant: ", "birth_of_the_main_applicant"),
        ('"passportNo" : "', "passport_no"),
        ("'user' => '", ""),
        ("Téléphone portable： ", "téléphone_portable"),
        ("x" * 90 + " key= ", "x" * 74 + "_key"),
        ("a b c d e f g h: ", "d_e_f_g_h"),
        ("O'Brien’s phone-no.: ", "o_brien_s_phone_no"),
        ("__init__ = ", "init"),
        ("9lives = ", ""),
        ("  = ", ""),
        ("[phone] = ", "phone"),
        ('phone  \t = "', "phone"),
        ("contact\tnumber:", "contact_number"),
        ("x " * 50 + "tel:", "x_x_x_x_tel"),
        ("Ⅻ roman numeral: ", ""),
        ("user_名前: ", "user"),
        ("a  b: ", "b"),
        ("a -b: ", "a_b"),
        (" -b: ", ""),
        ("\t.x: ", ""),
    ],
)
def test_the_key_before_a_value_is_read_backwards_within_80_characters(before: str, key: str) -> None:
    # the key is read backwards by one pattern over the reversed window: label words (at most
    # five, single blanks), identifiers, apostrophes; the same keys as a walk character by character
    from aisec_cli.pii.model import PiiConfig
    from aisec_cli.pii.structure import TextStructure

    scan = TextStructure(before + "VALUE", PiiConfig(fmt="text"))
    assert scan.key_before(len(before)) == key
