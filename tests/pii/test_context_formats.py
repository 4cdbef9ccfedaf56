"""Weak shapes raised to findings by a nearby document name or label, and the formats peers test."""

from __future__ import annotations

import pytest

from aisec_cli.pii import PiiConfig, detect
from tests.pii.factory import PiiFactory

F = PiiFactory(seed=1616)


def found(text: str) -> list[tuple[str, str]]:
    return [(d.entity, text[d.start : d.end]) for d in detect(text, PiiConfig())]


def values(text: str, entity: str) -> list[str]:
    return [v for e, v in found(text) if e == entity]


# ---- US SSN: spaces, dots, bare nine digits with a label -----------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Applicant SSN: 512.44.3187 (verified by HR)", "512.44.3187"),
        ("her social security no. is 512 44 3187.", "512 44 3187"),
        ("Social Security Number 512443187 on file", "512443187"),
        ("W-4 form | ssn 512443187 | single", "512443187"),
        ("The number 512.44.3187 was listed as her SSN.", "512.44.3187"),
        ("Employee record 512.44.3187, hired 2019", "512.44.3187"),
        ("social sec. no 512443187 confirmed", "512443187"),  # the abbreviation with its full stop
        ("Soc. Sec. #: 512-44-3187", "512-44-3187"),
    ],
)
def test_ssn_formats_with_context(text: str, value: str) -> None:
    assert values(text, "US_SSN") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Order 512443187 shipped on Monday",  # nine digits, no label
        "SSN: 000.12.3456 (test)",  # area 000
        "SSN: 666 12 3456",  # area 666
        "SSN 912-12-3456",  # area 9xx
        "ssn 512.00.3187",  # group 00
        "ssn 512 44 0000",  # serial 0000
        "release 512.44.3187 of the firmware",  # dotted, no label
    ],
)
def test_ssn_invalid_or_unlabelled_stays_unreported(text: str) -> None:
    assert values(text, "US_SSN") == []


# ---- passports --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Traveller's passport no. 584203917, issued in Boston.", "584203917"),
        ("passport number: K48203917", "K48203917"),
        ("Please attach a scan. Her U.S. passport is Z20391746.", "Z20391746"),
        ("UK passport GB: HT7720134 expires in March", "HT7720134"),
        ("El número de pasaporte PAB482091 caduca en 2031.", "PAB482091"),
        ("pab482091 es mi número de pasaporte", "pab482091"),
        ("Reisepassnummer C4XJ7T2R9 laut Antrag", "C4XJ7T2R9"),
        ("Korean passport M482A9173 was scanned at the gate", "M482A9173"),
        ("여권번호 M48209173 확인", "M48209173"),
        ("travel document: R4820917", "R4820917"),
    ],
)
def test_passport_with_a_document_name_nearby(text: str, value: str) -> None:
    assert values(text, "PASSPORT") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Bring your passport to the desk.",
        "Ticket K48203917 opened by the passport office team?",  # the value comes first, no claim
        "invoice no. K48203917",
        "my passport number is T356907",  # too short for a passport
        "Please see K48203917.",  # a bare shape in a sentence says nothing (alone: test_lone_values.py)
    ],
)
def test_passport_without_context_or_value_stays_unreported(text: str) -> None:
    assert values(text, "PASSPORT") == []


# ---- US driver licences -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Driver's license # H12234567 (NY)", "H12234567"),
        ("CA DL: B7743021", "B7743021"),
        ("license no. 123 456 789", "123 456 789"),
        ("My driver's licence is 12345678901 from Texas", "12345678901"),
        ("WA driver license WDLABCD456DG", "WDLABCD456DG"),
        ("FL DL# S530-460-59-842-0", "S530-460-59-842-0"),
        # British spelling, abbreviations and a hash after the word
        ("Her driver licence is W60718293 (Ohio)", "W60718293"),
        ("Drivers Lic: K30495817", "K30495817"),
        ("licence no. R57-20-4913", "R57-20-4913"),
        ("License #: 7302951846", "7302951846"),
        ("DLN: 83029174", "83029174"),
        ("D.L. No. P6024185", "P6024185"),
        ("lic# T40719352", "T40719352"),
        # typed in lower case: the whole value, not its digits after a letter taken for a word
        ("drivers license: a4829173", "a4829173"),
        ("driver license no d1234567", "d1234567"),
        ("my DL is s530-4127-9831", "s530-4127-9831"),
    ],
)
def test_driver_license_with_a_label(text: str, value: str) -> None:
    assert values(text, "US_DRIVER_LICENSE") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "H12234567",
        "part H12234567 in stock",
        "license: MIT",
        "DL speed 1200000 baud",
        "license key AB12-CD34-EF56",
        "licence no. of seats: 250",
        "Lic. Apache 2.0 (see LICENSE #3)",
        "driver license expired2019 renewal pending",
        "license: gpl2 or later",
    ],
)
def test_driver_license_without_a_label_stays_unreported(text: str) -> None:
    assert values(text, "US_DRIVER_LICENSE") == []


# ---- IP addresses: every IPv6 form -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("peer 2001:db8:85a3::8a2e:370:7334 dropped", "2001:db8:85a3::8a2e:370:7334"),
        ("client ::ffff:198.51.100.23 connected", "::ffff:198.51.100.23"),
        ("link-local fe80::1c2b:3aff:fe4d:5e6f%eth0 is up", "fe80::1c2b:3aff:fe4d:5e6f%eth0"),
        ("GET http://[2001:db8::42]:8443/health", "2001:db8::42"),
        ("mapped 64:ff9b::192.0.2.33 via NAT64", "64:ff9b::192.0.2.33"),
        ("listening on ::1 only", "::1"),
        ("join ff02::1:ff00:1234 group", "ff02::1:ff00:1234"),
        ("bind address :: (all interfaces)", "::"),
    ],
)
def test_ipv6_forms(text: str, value: str) -> None:
    assert values(text, "IP_ADDRESS") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "std::vector<int> v; a::b::c();",
        "time 12:30:45 and 10:20:30:40",
        "sha deadbeef:cafe:babe hex",
        "9999::1::2 is not an address",
        "ipv6 fe80::1%",
    ],
)
def test_ipv6_lookalikes(text: str) -> None:
    assert values(text, "IP_ADDRESS") == ([] if "fe80" not in text else ["fe80::1"])


# ---- payment cards: groupings and issuers ----------------------------------------------------------------
def test_card_groupings() -> None:
    visa = F.card("4", 16)
    amex = F.card("37", 15)
    diners = F.card("36", 14)
    uatp = F.card("1", 15)
    dankort = F.card("5019", 16)
    text = (
        f"visa {F.group(visa, (4, 4, 4, 4), '-')}, amex {F.group(amex, (4, 6, 5))}, "
        f"diners {F.group(diners, (4, 6, 4))}, uatp {uatp}, dankort {dankort}"
    )
    assert values(text, "CREDIT_CARD") == [
        F.group(visa, (4, 4, 4, 4), "-"), F.group(amex, (4, 6, 5)), F.group(diners, (4, 6, 4)), uatp, dankort,
    ]


def test_card_with_a_bad_check_digit_is_not_reported() -> None:
    bad = F.bad_luhn_card("4", 16)
    assert values(f"card number {F.group(bad, (4, 4, 4, 4), '-')}", "CREDIT_CARD") == []


# ---- person names in prose ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Walter Brennan", "Walter Brennan"),
        ("Lucy Okafor will join the call.", "Lucy Okafor"),
        ("Thomas J. Whitfield signed the lease.", "Thomas J. Whitfield"),
        ("Margaret Eleanor Thatcher", "Margaret Eleanor Thatcher"),
        ("Sam Pond has a savings account.", "Sam Pond"),
        ("Kevin May was at the front desk.", "Kevin May"),
        ("Everyone calls her Ms. Oduya", "Oduya"),
        ("\"I'll be late,\" said Henrik Dahl.", "Henrik Dahl"),
    ],
)
def test_names_in_prose(text: str, value: str) -> None:
    assert values(text, "PERSON") == [value]


@pytest.mark.parametrize(
    "text",
    ["New York is big.", "Visual Studio Code crashed.", "Please Contact Support Today", "Apple Park opened."],
)
def test_capitalised_phrases_are_not_names(text: str) -> None:
    assert values(text, "PERSON") == []


def test_chat_speaker_with_a_role_after_the_name() -> None:
    text = "[09:14] Oskar Lindgren (support): hello, how can I help?\n[09:15] customer: my card was charged twice\n"
    assert values(text, "PERSON") == ["Oskar Lindgren"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Customer: the number 512443187 is my SSN, please update it", "512443187"),
        ("\"We ship on Friday,\" said Ngozi Achterberg.", "Ngozi Achterberg"),
        ("Yesterday I met Priya Abernathy at the branch.", "Priya Abernathy"),
    ],
)
def test_context_after_a_value_and_verbs_of_saying(text: str, value: str) -> None:
    entity = "US_SSN" if value.isdigit() else "PERSON"
    assert values(text, entity) == [value]


@pytest.mark.parametrize("text", ["# helpers: a::b and c::d are namespaces", "see Foo::Bar::baz()"])
def test_short_double_colon_tokens_are_not_addresses(text: str) -> None:
    assert values(text, "IP_ADDRESS") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Robert M. Hartley replied within the hour.", "Robert M. Hartley"),
        ("Bonjour M. Lefèvre, votre dossier est prêt.", "Lefèvre"),
    ],
)
def test_single_letter_title_or_middle_initial(text: str, value: str) -> None:
    assert values(text, "PERSON") == [value]


def test_a_line_starting_with_a_capitalised_word_does_not_hide_an_address() -> None:
    text = "Multicast group ff02::1:ff4e:2a17 joined\nGateway fe80::9c1d:2bff:fe33:71a0%wlan0 answered\n"
    assert values(text, "IP_ADDRESS") == ["ff02::1:ff4e:2a17", "fe80::9c1d:2bff:fe33:71a0%wlan0"]


def _hetu(birth: str, sign: str, individual: str) -> str:
    return birth + sign + individual + "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(birth + individual) % 31]


@pytest.mark.parametrize("sign", ["-", "Y", "W", "U", "A", "C", "F"])
def test_finnish_identity_code_with_every_century_sign(sign: str) -> None:
    birth = "170388" if sign in "-YW" or sign == "U" else "170311"
    code = _hetu(birth, sign, "457")
    assert values(f"Henkilötunnus {code} tarkistettu", "NATIONAL_ID") == [code]
    broken = code[:-1] + ("H" if code[-1] != "H" else "J")  # a wrong check letter
    assert values(f"Henkilötunnus {broken} tarkistettu", "NATIONAL_ID") == []


def test_email_under_an_internationalised_top_level_domain() -> None:
    text = "write to olga@xn--80aswg.xn--p1ai or olga@mail.xn--90ais today"
    assert values(text, "EMAIL") == ["olga@xn--80aswg.xn--p1ai", "olga@mail.xn--90ais"]


def test_an_address_whose_local_part_has_accented_letters_is_redacted_whole() -> None:
    # the local part was read in ASCII only: "benoî" of "benoît.morel@…" stayed in the output
    text = "row 7,Benoît,benoît.morel@posteo.net,jürgen_łukasz@mailbox.org,josé@web.de"
    assert values(text, "EMAIL") == ["benoît.morel@posteo.net", "jürgen_łukasz@mailbox.org", "josé@web.de"]
    # an address right after text in a script with no spaces starts at its own letters
    assert values("请联系support@mailbox.org获取帮助", "EMAIL") == ["support@mailbox.org"]


def test_zone_id_ends_before_a_full_stop() -> None:
    assert values("The router answered from fe80::a1:b2ff:fe00:1%en0.", "IP_ADDRESS") == ["fe80::a1:b2ff:fe00:1%en0"]


def test_nine_digits_after_another_number_behind_an_ssn_label_are_not_the_ssn() -> None:
    text = "ticket: SSN 912-44-3187 rejected, Order 512443187 shipped"
    assert values(text, "US_SSN") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("chat export\n[14:02] Victor: your refund is on its way\n", "Victor"),
        ("[14:03] Grace (billing): anything else?\n", "Grace"),
        ("Ticket note: Grace Abernathy will call the customer back.", "Grace Abernathy"),
    ],
)
def test_word_like_given_names_with_structural_evidence(text: str, value: str) -> None:
    assert values(text, "PERSON") == [value]


@pytest.mark.parametrize("text", ["Grace Period ends on Friday.", "May Day parade", "Will Power matters."])
def test_word_like_given_names_without_evidence(text: str) -> None:
    assert values(text, "PERSON") == []


@pytest.mark.parametrize(
    "text", ["Our daughter attends Laura Secord Elementary School.", "The plane landed at Oliver Tambo Airport today."]
)
def test_institutions_named_after_people_are_not_people(text: str) -> None:
    assert values(text, "PERSON") == []


def test_a_family_name_that_is_also_a_given_name() -> None:
    assert values("Tickets were booked by Anthony Jordan last week.", "PERSON") == ["Anthony Jordan"]


@pytest.mark.parametrize(("text", "value"), [("SSN 512-443187", "512-443187"), ("ssn: 51244-3187", "51244-3187")])
def test_ssn_with_misplaced_dashes_behind_a_label(text: str, value: str) -> None:
    assert values(text, "US_SSN") == [value]


@pytest.mark.parametrize("text", ["ref 512-443187", "part 51244-3187"])
def test_ssn_with_misplaced_dashes_without_a_label(text: str) -> None:
    assert values(text, "US_SSN") == []


# ---- run-on keywords, lists after a key, Swedish and British labels --------------------------------
def _personnummer(born: str, serial: str) -> str:
    """A Swedish personal identity number (YYYYMMDD + serial + Luhn digit over YYMMDDNNN)."""
    from stdnum import luhn

    return born + serial + luhn.calc_check_digit(born[2:] + serial)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Both passports CD7654321 and EF1357924 were scanned at the desk.", ["CD7654321", "EF1357924"]),
        ("Passports: CD7654321, EF1357924", ["CD7654321", "EF1357924"]),
        ("Reisepassnummer lautet CD7654321.", ["CD7654321"]),
    ],
)
def test_run_on_keywords_and_lists_after_a_key(text: str, expected: list[str]) -> None:
    assert values(text, "PASSPORT") == expected


def test_swedish_pnr_label_before_or_after_the_number() -> None:
    number = _personnummer("19850312", "123")
    assert values(f"pnr: {number}", "NATIONAL_ID") == [number]
    assert values(f"{number} är mitt pnr.", "NATIONAL_ID") == [number]
    assert values(f"Order {number} shipped", "NATIONAL_ID") == []


def test_nino_spaced_after_the_prefix_only_needs_a_label() -> None:
    assert values("NI number: JT 482913B", "NATIONAL_ID") == ["JT 482913B"]
    assert values("Ticket JT 482913B reopened", "NATIONAL_ID") == []


def _nie(prefix: str, digits: str) -> str:
    """A Spanish foreigner's identity number (NIE) with its mod-23 check letter."""
    return prefix + digits + "TRWAGMYFPDXBNJZSQVHLCKE"[int("XYZ".index(prefix).__str__() + digits) % 23]


def test_lower_case_identifiers_behind_a_label() -> None:
    nie = _nie("Y", "4820913")
    assert values(f"NIE: {nie.lower()}", "NATIONAL_ID") == [nie.lower()]
    assert values("ni number: jt482913b", "NATIONAL_ID") == ["jt482913b"]
    assert values(f"ref {nie.lower()} closed", "NATIONAL_ID") == []


def test_a_label_does_not_reach_past_the_end_of_its_sentence() -> None:
    number = _personnummer("19900117", "903")
    assert values(f"NINO: BW 545131C. Ticket {number} was closed.", "NATIONAL_ID") == ["BW 545131C"]


# ---- IBANs typed in lower case: the mod-97 check decides, as in capitals ---------------------------------
def _iban(country: str, bban: str) -> str:
    """``country``, the mod-97 check digits, ``bban`` (letters count as 10-35)."""
    numeric = "".join(str(int(c, 36)) for c in bban + country) + "00"
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def test_lower_case_iban_with_a_valid_check() -> None:
    spaced = F.iban("DE", 18).lower()
    compact = F.iban("FR", 23, spaced=False).lower()
    lettered = _iban("GB", "KRWL" + F.digits(14)).lower()  # a bank code in letters
    for text, value in (
        (f"please wire it to {spaced} by friday", spaced),
        (f"iban: {compact}", compact),
        (f"Bank details - {compact}.", compact),
        (f"my iban is {lettered}, thanks", lettered),
    ):
        assert values(text, "IBAN") == [value], text


@pytest.mark.parametrize(
    "text",
    [
        f"please wire it to {F.bad_iban('GB').lower()} by friday",  # the check fails
        "see de12abcd0000efgh for the build",  # not a country's layout
        "token ab12cdef34567890ghij5678 expired",
    ],
)
def test_lower_case_iban_lookalikes_stay_unreported(text: str) -> None:
    assert values(text, "IBAN") == []


# ---- Portuguese street words open a street line like the Spanish and Italian ones ---------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The title refers to Rua Gregório Teplauk 1636 in Recife.", "Rua Gregório Teplauk 1636"),
        ("Entrega: Travessa do Teplauk 12, Lisboa", "Travessa do Teplauk 12"),
    ],
)
def test_portuguese_street_lines(text: str, value: str) -> None:
    assert any(value in v for v in values(text, "STREET_ADDRESS")), found(text)
    assert values(text, "PERSON") == []
