#!/usr/bin/env python3
"""Score the PII detector on context-rich documents generated at run time (seeded).

Unlike the templated development corpus, every document here is built from several
independent choices: the document shape (web form, e-mail, chat log, support ticket, CSV
export, server log, code snippet), the label in front of a value ("SSN", "social security
no.", "passport #", "DL", "número de pasaporte" …, or a label after it), the format of the
value (SSN with dashes, spaces, dots or none; passports of several countries; US state
driver-licence shapes; IPv4 and every IPv6 form; cards grouped 4-4-4-4, 4-6-5, 4-6-4 or not;
names in prose with and without cues) and hard negatives that look like PII but are not
(version numbers, order ids, timestamps, hashes, IPv6-looking hex in code, product codes,
SKUs, bad-Luhn card numbers, never-issued SSNs, the word "passport" without a number, NIEs
with a wrong check letter, valid-looking personal numbers used as ticket ids). National
identifiers: Swedish personnummer labelled before or after ("… är mitt pnr"), Spanish NIE and
British NINO in upper or lower case, grouped or not; with no label at all, the identifiers
that carry their own proof (PESEL, personnummer, NHS number, Steuer-IdNr, German passport
serial in lower case, NINO), beside the same shapes with a wrong check digit and digit
timestamps (YYYYMMDDhhmm, YYMMDDhhmm).

Values are generated (no real person's data); the text around them was written for aisec.

    python bench/pii_context_eval.py                 # 400 documents, seed 16
    python bench/pii_context_eval.py --docs 1000 --seed 3 --errors PASSPORT
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import pii_eval  # noqa: E402
from bench.pii_eval import render, score_documents, summary  # noqa: E402

UP = "ABCDEFGHJKLMNPRSTUVWXYZ"
GIVEN = ("Maria", "James", "Priya", "Lukas", "Sofia", "Daniel", "Emma", "Omar", "Hannah", "Mateo", "Chloe", "Tomasz",
         "Grace", "Samuel", "Aisha", "Victor", "Helen", "Noah", "Julia", "Kevin", "Richard", "Paul")
FAMILY = ("Okafor", "Lindqvist", "Brennan", "Castellano", "Whitfield", "Nakamura", "Dubois", "Kowalski", "Hartley",
          "Moreau", "Fitzgerald", "Achterberg", "Delgado", "Sorensen", "Pond", "Marsh", "Abernathy", "Quinlan")


class Doc:
    """A document built piece by piece, recording where each value went."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.labels: list[dict] = []
        self.negatives: list[dict] = []

    def t(self, text: str) -> Doc:
        self.parts.append(text)
        self.size += len(text)
        return self

    def pii(self, entity: str, value: str) -> Doc:
        self.labels.append({"start": self.size, "end": self.size + len(value), "entity": entity, "text": value})
        return self.t(value)

    def neg(self, kind: str, value: str) -> Doc:
        self.negatives.append({"start": self.size, "end": self.size + len(value), "kind": kind, "text": value})
        return self.t(value)

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Values:
    """Generated values, valid where a checksum or range applies."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def digits(self, n: int) -> str:
        return "".join(self.r.choice("0123456789") for _ in range(n))

    def letters(self, n: int) -> str:
        return "".join(self.r.choice(UP) for _ in range(n))

    @staticmethod
    def luhn_digit(body: str) -> str:
        total = 0
        for i, ch in enumerate(reversed(body)):
            d = int(ch) * (2 if i % 2 == 0 else 1)
            total += d - 9 if d > 9 else d
        return str((10 - total % 10) % 10)

    def card(self) -> tuple[str, tuple[int, ...]]:
        kind = self.r.choice(("visa", "mc", "amex", "diners", "discover"))
        prefix, length, groups = {
            "visa": ("4", 16, (4, 4, 4, 4)),
            "mc": (str(self.r.randint(51, 55)), 16, (4, 4, 4, 4)),
            "amex": (self.r.choice(("34", "37")), 15, (4, 6, 5)),
            "diners": (self.r.choice(("36", "38")), 14, (4, 6, 4)),
            "discover": ("6011", 16, (4, 4, 4, 4)),
        }[kind]
        body = prefix + self.digits(length - len(prefix) - 1)
        return body + self.luhn_digit(body), groups

    def bad_card(self) -> str:
        number, _ = self.card()
        return number[:-1] + str((int(number[-1]) + 3) % 10)

    @staticmethod
    def group(number: str, sizes: tuple[int, ...], sep: str) -> str:
        out, pos = [], 0
        for size in sizes:
            out.append(number[pos : pos + size])
            pos += size
        return sep.join(out)

    def ssn(self, sep: str) -> str:
        area = self.r.choice([a for a in range(1, 900) if a != 666])
        return f"{area:03d}{sep}{self.r.randint(1, 99):02d}{sep}{self.r.randint(1, 9999):04d}"

    def bad_ssn(self) -> str:
        area = self.r.choice(("000", "666", f"9{self.r.randint(0, 99):02d}"))
        return f"{area}-{self.r.randint(1, 99):02d}-{self.r.randint(1, 9999):04d}"

    def passport(self) -> str:
        return self.r.choice((
            lambda: self.digits(9),  # US (old)
            lambda: self.letters(1) + self.digits(8),  # US (new)
            lambda: self.letters(2) + self.digits(7),  # UK, IT
            lambda: self.letters(3) + self.digits(6),  # ES
            lambda: "M" + self.digits(3) + self.letters(1) + self.digits(4),  # KR
            lambda: self.r.choice("CFGHJK") + "".join(self.r.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(8)),  # DE
            lambda: self.letters(1) + self.digits(7),  # IN
        ))()

    def dl(self) -> str:
        return self.r.choice((
            lambda: self.letters(1) + self.digits(7),  # CA, NY (new)
            lambda: self.letters(1) + self.digits(8),  # NY
            lambda: self.digits(9),  # many states
            lambda: self.letters(1) + self.digits(12),  # FL, IL, WI (ungrouped)
            lambda: f"{self.letters(1)}{self.digits(3)}-{self.digits(3)}-{self.digits(2)}-{self.digits(3)}-{self.digits(1)}",  # FL
            lambda: self.letters(1) + self.digits(3) + " " + self.digits(3) + " " + self.digits(3) + " " + self.digits(3),  # MI
            lambda: self.digits(3) + " " + self.digits(3) + " " + self.digits(3),  # NY grouped
            lambda: "WDL" + self.letters(2) + self.digits(3) + self.letters(1) + self.digits(1) + self.letters(1),  # WA
        ))()

    def ipv4(self) -> str:
        return f"{self.r.randint(11, 223)}.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"

    def ipv6(self) -> str:
        h = lambda: f"{self.r.randint(1, 0xFFFF):x}"  # noqa: E731
        return self.r.choice((
            lambda: ":".join(h() for _ in range(8)),
            lambda: f"2001:db8:{h()}::{h()}:{h()}",
            lambda: f"fe80::{h()}:{h()}:{h()}:{h()}%eth{self.r.randint(0, 3)}",
            lambda: f"::ffff:{self.ipv4()}",
            lambda: f"64:ff9b::{self.ipv4()}",
            lambda: f"2a02:{h()}:{h()}::{h()}",
        ))()

    def de_passport(self) -> str:
        """A German passport serial with its ICAO 9303 check digit (7-3-1 weights, A=10)."""
        head = self.r.choice("CFGHJK") + "".join(self.r.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(6))
        head += self.r.choice("0123456789")
        total = sum(int(c, 36) * (7, 3, 1)[i % 3] for i, c in enumerate(head))
        return head + str(total % 10)

    def personnummer(self) -> str:
        """A Swedish personal identity number, 12 digits, Luhn over the last ten but one."""
        born = f"{self.r.randint(1940, 2005)}{self.r.randint(1, 12):02d}{self.r.randint(1, 28):02d}"
        body = born[2:] + self.digits(3)
        return born + body[6:] + self.luhn_digit(body)

    def pesel(self) -> str:
        """A Polish PESEL: YYMMDD (month + 20 in the 2000s), four digits, weighted check digit."""
        year, month, day = self.r.randint(1940, 2012), self.r.randint(1, 12), self.r.randint(1, 28)
        body = f"{year % 100:02d}{month + (20 if year >= 2000 else 0):02d}{day:02d}" + self.digits(4)
        total = sum(int(c) * w for c, w in zip(body, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)))
        return body + str((10 - total % 10) % 10)

    def nhs(self) -> str:
        """A UK NHS number (mod 11; a body whose check would be 10 is drawn again)."""
        while True:
            body = self.r.choice("4567") + self.digits(8)
            check = (11 - sum(int(c) * w for c, w in zip(body, range(10, 1, -1))) % 11) % 11
            if check != 10:
                return body + str(check)

    def idnr(self) -> str:
        """A German tax id: one digit twice in the first ten, ISO 7064 mod 11,10 check digit."""
        digits = self.r.sample("0123456789", 9)
        while digits[0] == "0":
            self.r.shuffle(digits)
        digits.insert(self.r.randint(1, 9), self.r.choice(digits))
        product = 10
        for d in digits:
            product = (((int(d) + product) % 10 or 10) * 2) % 11
        return "".join(digits) + str((11 - product) % 10)

    def nie(self) -> str:
        """A Spanish foreigner's identity number with its mod-23 check letter."""
        prefix, digits = self.r.choice("XYZ"), self.digits(7)
        return prefix + digits + "TRWAGMYFPDXBNJZSQVHLCKE"[int(str("XYZ".index(prefix)) + digits) % 23]

    def nino(self) -> str:
        """A UK National Insurance number (prefixes never issued excluded)."""
        prefix = "ZZ"
        while prefix in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            prefix = self.r.choice("ABCEGHJKLMNOPRSTWXYZ") + self.r.choice("ABCEGHJKLMNPRSTWXYZ")
        return prefix + self.digits(6) + self.r.choice("ABCD")

    def name(self) -> str:
        return f"{self.r.choice(GIVEN)} {self.r.choice(FAMILY)}"

    def phone(self) -> str:
        return f"({self.r.randint(201, 989)}) {self.r.randint(201, 989)}-{self.digits(4)}"

    def email(self, name: str) -> str:
        first, last = name.lower().split(" ", 1)
        return f"{first}.{last}@{self.r.choice(('mailbox.org', 'fastmail.com', 'posteo.de', 'proton.me'))}"


def _ssn_piece(d: Doc, v: Values, r: random.Random) -> None:
    form = r.choice(("dash", "space", "dot", "bare"))
    value = v.ssn({"dash": "-", "space": " ", "dot": ".", "bare": ""}[form])
    before = r.choice(("SSN: ", "SSN ", "Social Security Number: ", "social security no. ", "SS# ", "ssn="))
    if r.random() < 0.25:
        d.t("the number ").pii("US_SSN", value).t(" is her SSN")
    else:
        d.t(before).pii("US_SSN", value)


def _passport_piece(d: Doc, v: Values, r: random.Random) -> None:
    value = v.passport()
    if r.random() < 0.2:
        value = value.lower() if r.random() < 0.3 else value
        d.pii("PASSPORT", value).t(r.choice((" es mi número de pasaporte", " is my passport number", " (passport)")))
        return
    d.t(r.choice(("Passport No.: ", "passport number ", "Passport # ", "my passport is ", "travel document: ",
                  "Número de pasaporte: ", "Reisepassnummer: ", "numero di passaporto ", "passport ")))
    d.pii("PASSPORT", value)


def _dl_piece(d: Doc, v: Values, r: random.Random) -> None:
    state = r.choice(("CA", "NY", "TX", "FL", "WA", "IL", "MI"))
    d.t(r.choice((f"{state} DL: ", "Driver's License #: ", "driver license number ", "DL# ", "drivers license: ",
                  f"{state} driver's licence ", "license no. ")))
    d.pii("US_DRIVER_LICENSE", v.dl())


def _card_piece(d: Doc, v: Values, r: random.Random) -> None:
    number, groups = v.card()
    sep = r.choice(("", " ", "-"))
    value = v.group(number, groups, sep) if sep else number
    d.t(r.choice(("Card: ", "card number ", "paid with ", "CC ", "charged to "))).pii("CREDIT_CARD", value)


def _ip_piece(d: Doc, v: Values, r: random.Random) -> None:
    value = v.ipv6() if r.random() < 0.6 else v.ipv4()
    if ":" in value and "%" not in value and r.random() < 0.3:
        d.t("url=http://[").pii("IP_ADDRESS", value).t(f"]:{r.randint(1024, 65000)}/status")
        return
    d.t(r.choice(("client ", "from ", "src=", "remote_addr=", "IP: ", "peer "))).pii("IP_ADDRESS", value)


def _checked(v: Values, r: random.Random) -> str:
    """A national identifier that carries its own proof, in one of its written forms."""
    kind = r.choice(("pesel", "pnr", "nhs", "idnr", "de_passport", "nino"))
    if kind == "pesel":
        return v.pesel()
    if kind == "pnr":
        number = v.personnummer()
        return r.choice((number, f"{number[:8]}-{number[8:]}", f"{number[2:8]}-{number[8:]}"))
    if kind == "nhs":
        number = v.nhs()
        return r.choice((number, f"{number[:3]} {number[3:6]} {number[6:]}"))
    if kind == "idnr":
        return v.idnr()
    if kind == "de_passport":
        return v.de_passport().lower()
    return v.nino().lower() if r.random() < 0.5 else v.nino()


def _national_piece(d: Doc, v: Values, r: random.Random) -> None:
    kind = r.choice(("pnr", "pnr_after", "nie", "nino", "checked"))
    if kind == "checked":  # no label at all: the check digit is the evidence
        d.t(r.choice(("Here it is: ", "I typed ", "as requested, ", "copy of ", "wrote down ")))
        value = _checked(v, r)
        entity = "PASSPORT" if value[0].isalpha() and value[-1].isdigit() else "NATIONAL_ID"
        d.pii(entity, value).t(r.choice((" and the rest follows.", ".", " - thanks")))
    elif kind == "pnr":
        number = v.personnummer()
        value = number if r.random() < 0.5 else f"{number[:8]}-{number[8:]}"
        d.t(r.choice(("pnr: ", "Personnummer ", "personnummer: "))).pii("NATIONAL_ID", value)
    elif kind == "pnr_after":
        d.pii("NATIONAL_ID", v.personnummer()).t(r.choice((" är mitt pnr.", " är mitt personnummer.")))
    elif kind == "nie":
        value = v.nie()
        d.t(r.choice(("NIE: ", "nie ", "número NIE: "))).pii("NATIONAL_ID", value.lower() if r.random() < 0.4 else value)
    else:
        value = v.nino()
        shape = r.choice((value, f"{value[:2]} {value[2:8]}{value[8]}", " ".join((value[:2], value[2:4], value[4:6], value[6:8], value[8]))))
        d.t(r.choice(("NINO: ", "NI number ", "National Insurance number: "))).pii("NATIONAL_ID", shape.lower() if r.random() < 0.3 else shape)


def _negatives(d: Doc, v: Values, r: random.Random) -> None:
    """One hard negative in a sentence of its own."""
    kind = r.choice(("version", "order", "timestamp", "hash", "code_hex", "product", "sku", "bad_card", "bad_ssn",
                     "passport_word", "uuid", "time", "bad_nie", "ticket_12", "short_hash", "labelled_code",
                     "passport_date", "passport_booth", "dl_word", "bad_checked", "stamp"))
    if kind == "version":
        d.t("Upgraded to version ").neg("VERSION", f"{r.randint(1, 9)}.{r.randint(0, 40)}.{r.randint(0, 9)}.{r.randint(0, 999)}").t(".")
    elif kind == "order":
        d.t("Order ").neg("ORDER_ID", v.digits(9)).t(" shipped.")
    elif kind == "timestamp":
        d.t("at ").neg("TIMESTAMP", f"{r.randint(1600000000, 1799999999)}{v.digits(3)}").t(" ms")
    elif kind == "hash":
        d.t("commit ").neg("HASH", "".join(r.choice("0123456789abcdef") for _ in range(40)))
    elif kind == "code_hex":
        d.t("std::").neg("CODE_HEX", f"{r.choice(('vector', 'map', 'string'))}::size_type").t(" n;")
    elif kind == "product":
        d.t("Part ").neg("PRODUCT_CODE", f"{v.letters(2)}-{v.digits(4)}-{v.letters(1)}").t(" is back in stock.")
    elif kind == "sku":
        d.t("SKU ").neg("SKU", v.letters(3) + v.digits(6)).t(" (blue, size M)")
    elif kind == "bad_card":
        d.t("ref ").neg("INVALID_LUHN", v.bad_card())
    elif kind == "bad_ssn":
        d.t("SSN ").neg("INVALID_SSN", v.bad_ssn())
    elif kind == "passport_word":
        d.t("Remember to bring your ").neg("PASSPORT_WORD", "passport").t(" and a printed ticket.")
    elif kind == "uuid":
        h = lambda n: "".join(r.choice("0123456789abcdef") for _ in range(n))  # noqa: E731
        d.t("request_id=").neg("UUID", f"{h(8)}-{h(4)}-{h(4)}-{h(4)}-{h(12)}")
    elif kind == "bad_nie":
        good = v.nie()
        wrong = next(c for c in "TRWAGMYFPDXBNJZSQVHLCKE" if c != good[-1])
        d.t("NIE: ").neg("INVALID_NIE", good[:-1] + wrong)
    elif kind == "short_hash":  # eight digits and a hex letter: a DNI's shape, mod 23 one time in 23
        d.t("commit ").neg("HASH", v.digits(8) + r.choice("abcdef")).t(" (merge branch)")
    elif kind == "labelled_code":  # a German passport's check digit, under a label naming something else
        d.t(r.choice(("SKU: ", "Part no. ", "order ", "Ticket ", "ref "))).neg("LABELLED_CODE", v.de_passport()).t(" is listed.")
    elif kind == "passport_date":
        d.t("Her passport expires on ").neg("DATE_DIGITS", f"20{r.randint(25, 39)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}").t(".")
    elif kind == "passport_booth":
        d.t("Passport photos: booth ").neg("BOOTH", v.digits(9)).t(" on the left.")
    elif kind == "dl_word":
        d.t("The dl link is broken, try ").neg("DL_WORD", v.digits(8)).t(" again.")
    elif kind == "bad_checked":  # the same shapes, the last digit wrong
        good = _checked(v, r)
        bad = good[:-1] + str((int(good[-1]) + r.randint(1, 9)) % 10) if good[-1].isdigit() else good[:-1] + "E"
        d.t("I typed ").neg("BAD_CHECK_DIGIT", bad).t(".")
    elif kind == "stamp":  # a date and a time as digits (a build number)
        stamp = f"20{r.randint(10, 29)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}{r.randint(0, 23):02d}{r.randint(0, 59):02d}"
        d.t("backup ").neg("TIMESTAMP", stamp if r.random() < 0.5 else stamp[2:]).t(" finished")
    elif kind == "ticket_12":
        d.t("Ticket ").neg("TICKET_ID", v.personnummer()).t(" was closed.")  # a valid shape, no label
    else:
        d.t("between ").neg("TIME", f"{r.randint(10, 23)}:{r.randint(10, 59)}:{r.randint(10, 59)}").t(" and noon")


PIECES = (_ssn_piece, _passport_piece, _dl_piece, _card_piece, _ip_piece, _national_piece)


def _person_in_prose(d: Doc, v: Values, r: random.Random, name: str) -> None:
    style = r.choice(("subject", "said", "title", "intro", "met", "joined", "said_after", "spoke_single", "forward"))
    if style == "joined":  # two names joined by "and" or a comma, no other cue
        other = f"{r.choice(GIVEN)} {r.choice(FAMILY)}"
        d.pii("PERSON", name).t(r.choice((" and ", ", "))).pii("PERSON", other).t(" will present the results.")
    elif style == "said_after":
        d.pii("PERSON", name).t(r.choice((" said the build is green.", " told us the invoice was paid.", " replied within the hour.")))
    elif style == "spoke_single":
        d.t(r.choice(("I spoke with ", "Escalated to ", "Approved by "))).pii("PERSON", name.split(" ", 1)[0]).t(" this morning.")
    elif style == "forward":
        d.t("Please forward this to ").pii("PERSON", name).t(".")
    elif style == "subject":
        d.pii("PERSON", name).t(r.choice((" has a savings account with us.", " will join the call.", " signed the lease.")))
    elif style == "said":
        d.t('"I will send it tomorrow," said ').pii("PERSON", name).t(".")
    elif style == "title":
        family = name.split(" ", 1)[1]
        d.t(r.choice(("Mr. ", "Ms. ", "Dr. "))).pii("PERSON", family).t(" called back.")
    elif style == "intro":
        d.t("My name is ").pii("PERSON", name).t(".")
    else:
        d.t("Yesterday I met ").pii("PERSON", name).t(" at the branch.")


def form(d: Doc, v: Values, r: random.Random) -> str:
    name = v.name()
    d.t("APPLICATION FORM\nFull name: ").pii("PERSON", name).t("\nE-mail: ").pii("EMAIL", v.email(name)).t("\n")
    for piece in r.sample(PIECES, 3):
        piece(d, v, r)
        d.t("\n")
    _negatives(d, v, r)
    d.t("\nSigned: ").pii("PERSON", name).t("\n")
    return "txt"


def email(d: Doc, v: Values, r: random.Random) -> str:
    name = v.name()
    d.t(f"Subject: {r.choice(('Account update', 'Booking', 'Re: refund'))}\n\nHi team,\n\n")
    _person_in_prose(d, v, r, v.name())
    d.t(" ")
    for piece in r.sample(PIECES, 2):
        d.t("For the record, ")
        piece(d, v, r)
        d.t(". ")
    _negatives(d, v, r)
    d.t("\n\nBest regards,\n").pii("PERSON", name).t("\n")
    return "txt"


def chat(d: Doc, v: Values, r: random.Random) -> str:
    agent = r.choice(GIVEN)
    d.t(f"[10:0{r.randint(0, 9)}] ").pii("PERSON", agent).t(f" (agent): how can I help?\n[10:1{r.randint(0, 9)}] customer: ")
    _person_in_prose(d, v, r, v.name())
    d.t("\n[10:2{}] customer: ".format(r.randint(0, 9)))
    r.choice(PIECES)(d, v, r)
    d.t(f"\n[10:3{r.randint(0, 9)}] ").pii("PERSON", agent).t(": thanks, noted. ")
    _negatives(d, v, r)
    d.t("\n")
    return "txt"


def ticket(d: Doc, v: Values, r: random.Random) -> str:
    d.t(f"TICKET #{r.randint(10000, 99999)} | priority: {r.choice(('low', 'high'))}\nDescription: ")
    _person_in_prose(d, v, r, v.name())
    d.t(" ")
    r.choice(PIECES)(d, v, r)
    d.t(".\nInternal note: ")
    _negatives(d, v, r)
    d.t(" ")
    _negatives(d, v, r)
    d.t("\n")
    return "txt"


def csv_export(d: Doc, v: Values, r: random.Random) -> str:
    d.t("id,name,ssn,passport_no,drivers_license,last_ip,card_number,order_id\n")
    for _ in range(r.randint(3, 6)):
        number, groups = v.card()
        d.t(f"{r.randint(100, 999)},").pii("PERSON", v.name()).t(",").pii("US_SSN", v.ssn(r.choice("- "))).t(",")
        d.pii("PASSPORT", v.passport()).t(",").pii("US_DRIVER_LICENSE", v.dl()).t(",")
        d.pii("IP_ADDRESS", v.ipv6() if r.random() < 0.5 else v.ipv4()).t(",")
        d.pii("CREDIT_CARD", v.group(number, groups, "-")).t(",").neg("ORDER_ID", v.digits(9)).t("\n")
    return "csv"


def server_log(d: Doc, v: Values, r: random.Random) -> str:
    for _ in range(r.randint(3, 6)):
        stamp = f"2025-0{r.randint(1, 9)}-1{r.randint(0, 9)}T0{r.randint(0, 9)}:{r.randint(10, 59)}:{r.randint(10, 59)}Z"
        d.t(f"{stamp} INFO ")
        choice = r.random()
        if choice < 0.5:
            _ip_piece(d, v, r)
            d.t(f" GET /api/v{r.randint(1, 3)}/items status=200")
        elif choice < 0.7:
            d.t("build ").neg("VERSION", f"{r.randint(1, 9)}.{r.randint(0, 9)}.{r.randint(0, 99)}.{r.randint(100, 999)}")
        else:
            _negatives(d, v, r)
        d.t("\n")
    return "log"


def code(d: Doc, v: Values, r: random.Random) -> str:
    d.t("def connect():\n    # IPv6 parsing helpers: ").neg("CODE_HEX", "a::b").t(" is not an address\n    table = {")
    d.neg("CODE_HEX", "0xdead:0xbeef").t("}\n    host = \"").pii("IP_ADDRESS", v.ipv6()).t("\"\n    ")
    d.t("version = \"").neg("VERSION", f"{r.randint(1, 9)}.{r.randint(0, 9)}.{r.randint(0, 9)}.{r.randint(1, 99)}").t("\"\n")
    d.t("    digest = \"").neg("HASH", "".join(r.choice("0123456789abcdef") for _ in range(64))).t("\"\n")
    return "py"


SHAPES = (form, email, chat, ticket, csv_export, server_log, code)


Shape = Callable[[Doc, Any, random.Random], str]


def generate_with(
    shapes: Sequence[Shape], make_values: Callable[[random.Random], Any], prefix: str, n: int, seed: int
) -> list[tuple[str, str, list[dict], list[dict]]]:
    """``n`` documents, the shapes taken in turn, each named ``<prefix>_<index>_<shape>.<ext>``."""
    rng = random.Random(seed)
    values = make_values(rng)
    out = []
    for index in range(n):
        shape = shapes[index % len(shapes)]
        doc = Doc()
        ext = shape(doc, values, rng)
        out.append((f"{prefix}_{index:04d}_{shape.__name__}.{ext}", doc.text, doc.labels, doc.negatives))
    return out


def generate(n: int, seed: int) -> list[tuple[str, str, list[dict], list[dict]]]:
    return generate_with(SHAPES, Values, "ctx", n, seed)


def run_generated(
    argv: list[str] | None,
    description: str | None,
    generator: Callable[[int, int], list[tuple[str, str, list[dict], list[dict]]]],
    title: str,
    docs: int,
    seed: int,
) -> int:
    """The command line of a generated evaluation set: generate, score, print one table."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=docs)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--errors", help="print false positives/negatives of ENTITY (ALL, NEG, NEG:KIND)")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--min-confidence", type=float, help="report detections down to this confidence (default: 0.5)")
    args = parser.parse_args(argv)
    pii_eval.MIN_CONFIDENCE = args.min_confidence
    result = score_documents(generator(args.docs, args.seed), args.errors, args.limit)
    floor = f", min-confidence {args.min_confidence}" if args.min_confidence is not None else ""
    print(render(f"{title}: {args.docs} generated documents, seed {args.seed}{floor}", summary(result)))
    return 0


def main(argv: list[str] | None = None) -> int:
    return run_generated(argv, __doc__, generate, "context-rich", 400, 16)


if __name__ == "__main__":
    raise SystemExit(main())
