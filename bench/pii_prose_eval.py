#!/usr/bin/env python3
"""Score names and street addresses on generated documents that are not shaped like the dev corpus.

Every document is built from independent choices: its shape (web form, e-mail with a
signature block, chat log, support ticket, CSV export, shipping label, release notes), how a
name appears (full name in prose with or without a cue word, a given name alone as a speaker
or as the subject of a sentence, a middle initial, a list of family names, a title), and an
address in one of several locales' forms (US, UK, German, French, Dutch, Spanish, Italian,
Nordic; one line or a block with unit, town and postcode lines; PO and military boxes).
Names are drawn half from common given/family names and half built from syllables, so no
lexicon knows them; street names are built from syllables and a locale's street word.

Hard negatives sit in the same documents: product and project names, code identifiers,
places in prose ("flights from Denver to Geneva"), capitalised headings, numbered things
that read like a street line ("Windows 11 Pro", "Chapter 12 Review 3", "Build 2024 Release 7").

Values and text are generated here (no real person's data, no corpus text).

    python bench/pii_prose_eval.py                  # 300 documents, seed 7
    python bench/pii_prose_eval.py --docs 600 --seed 3 --errors PERSON
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pii_context_eval import Doc, generate_with, run_generated  # noqa: E402

GIVEN = ("Margaret", "Oliver", "Ingrid", "Rafael", "Yuki", "Thandiwe", "Bogdan", "Camille", "Henrik", "Lucia",
         "Dmitri", "Aoife", "Kwame", "Beatriz", "Stefan", "Noor", "Patrick", "Elena", "Tobias", "Mei")
FAMILY = ("Lindgren", "Okonkwo", "Ferreira", "Novak", "Sato", "Brennan", "Vasquez", "Hoffmann", "Kowalczyk", "Duval",
          "Petrov", "Whitaker", "Janssen", "Moretti", "Haugen", "Adeyemi", "Castillo", "Murphy", "Szabo", "Takahashi")
ONSETS = ("br", "k", "m", "t", "v", "z", "l", "r", "d", "s", "n", "h", "j", "g", "p", "dr", "st", "kv", "tr", "f")
VOWELS = ("a", "e", "i", "o", "u", "ä", "ö", "é", "y", "ai", "ei", "ou")
CODAS = ("n", "r", "l", "k", "s", "t", "v", "nd", "sk", "m", "", "", "")
# Street words by locale: (words, the word comes after the name, how the house number sits)
STREETS = {
    "us": (("Street", "Avenue", "Road", "Lane", "Drive", "Court", "Boulevard", "Way"), "after"),
    "uk": (("Road", "Street", "Close", "Crescent", "Gardens", "Terrace", "Mews"), "after"),
    "de": (("straße", "weg", "gasse", "allee", "platz"), "compound"),
    "nl": (("straat", "laan", "weg", "gracht", "plein"), "compound"),
    "nordic": (("gatan", "vägen", "vej", "veien", "katu", "tie"), "compound"),
    "fr": (("rue", "avenue", "boulevard", "place", "chemin"), "before"),
    "es": (("Calle", "Avenida", "Paseo", "Plaza"), "before"),
    "it": (("Via", "Viale", "Piazza", "Corso"), "before"),
}
COUNTRIES = {"us": "USA", "uk": "United Kingdom", "de": "Germany", "nl": "Netherlands", "nordic": "Sweden",
             "fr": "France", "es": "Spain", "it": "Italy"}


class Gen:
    """Generated names, streets and towns."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def word(self, syllables: int) -> str:
        r = self.r
        out = "".join(r.choice(ONSETS) + r.choice(VOWELS) for _ in range(syllables)) + r.choice(CODAS)
        return out[:1].upper() + out[1:]

    def given(self) -> str:
        return self.r.choice(GIVEN) if self.r.random() < 0.5 else self.word(self.r.randint(2, 3))

    def family(self) -> str:
        return self.r.choice(FAMILY) if self.r.random() < 0.5 else self.word(self.r.randint(2, 3))

    def name(self) -> str:
        if self.r.random() < 0.2:
            return f"{self.given()} {self.r.choice('ABCDEFGHJKLMNPRST')}. {self.family()}"
        return f"{self.given()} {self.family()}"

    def town(self) -> str:
        return self.word(self.r.randint(2, 3))

    def street_line(self, locale: str) -> str:
        words, where = STREETS[locale]
        r = self.r
        number = str(r.randint(1, 250))
        base = self.word(r.randint(2, 3))
        if where == "after":
            return f"{number} {base} {r.choice(words)}"
        if where == "compound":
            return f"{base}{r.choice(words)} {number}"
        if locale == "fr":
            return f"{number} {r.choice(words)} {r.choice(('de la ', 'du ', 'des ', ''))}{base}"
        return f"{r.choice(words)} {base} {number}" if locale != "es" else f"{r.choice(words)} de {base}, {number}"

    def postcode(self, locale: str) -> str:
        r = self.r
        if locale == "us":
            return f"{r.choice(('CA', 'NY', 'TX', 'OR', 'IL'))} {r.randint(10000, 99999)}"
        if locale == "uk":
            return f"{r.choice(('LS', 'M', 'EH', 'B', 'CF'))}{r.randint(1, 19)} {r.randint(1, 9)}{r.choice('ABDEFGHJ')}{r.choice('LNPQRSTUW')}"
        if locale == "nl":
            return f"{r.randint(1000, 9999)} {r.choice('ABCDEFGH')}{r.choice('JKLMNPRS')}"
        return str(r.randint(10000, 99999))

    def address(self, locale: str, block: bool) -> str:
        """One line ("12 X Street, Town, CA 90210") or a block of lines (unit, town, postcode)."""
        r = self.r
        line = self.street_line(locale)
        unit = r.choice(("", f"Apt. {r.randint(1, 400)}", f"Suite {r.randint(100, 999)}", f"Flat {r.randint(1, 30)}"))
        town, code = self.town(), self.postcode(locale)
        if locale in ("us",):
            tail = f"{town}, {code}"
        elif locale == "uk":
            tail = f"{town} {code}"
        else:
            tail = f"{code} {town}"
        if block:
            parts = [line] + ([unit] if unit else []) + [tail] + ([COUNTRIES[locale]] if r.random() < 0.4 else [])
            return "\n".join(parts)
        return ", ".join([line] + ([unit] if unit else []) + [tail])

    def box(self) -> str:
        r = self.r
        if r.random() < 0.5:
            return f"P.O. Box {r.randint(10, 9999)}, {self.town()}, {self.postcode('us')}"
        return f"PSC {r.randint(1000, 9999)}, Box {r.randint(1000, 9999)}\nAPO {r.choice(('AA', 'AE', 'AP'))} {r.randint(10000, 99999)}"


def _negative(d: Doc, g: Gen, r: random.Random) -> None:
    """A capitalised or numbered phrase that is no name and no address."""
    kind = r.choice(("product", "project", "identifier", "places", "heading", "numbered", "os", "chapter", "build", "team"))
    if kind == "product":
        d.t("We moved the dashboards to ").neg("PRODUCT", r.choice(("Grafana Cloud", "Looker Studio", "Power BI", "Tableau Server"))).t(".")
    elif kind == "project":
        d.t("The ").neg("PROJECT", r.choice(("Apache Kafka", "Ruby on Rails", "Spring Boot", "React Native"))).t(" upgrade is done.")
    elif kind == "identifier":
        d.t("Call ").neg("IDENTIFIER", r.choice(("getStreetAddress()", "UserName.fromString", "CustomerRecord", "ShippingLabel"))).t(" first.")
    elif kind == "places":
        d.t("Flights from ").neg("PLACE", r.choice(("Denver", "Geneva", "Lisbon"))).t(" to ").neg("PLACE", r.choice(("Osaka", "Dublin", "Madrid"))).t(" are delayed.")
    elif kind == "heading":
        d.neg("HEADING", r.choice(("Getting Started", "Release Notes", "Known Issues", "Migration Guide"))).t("\n")
    elif kind == "numbered":
        d.t("Upgrade to ").neg("NUMBERED", f"Windows {r.randint(10, 11)} Pro").t(" before Friday.")
    elif kind == "os":
        d.t("Tested on ").neg("NUMBERED", f"Ubuntu {r.randint(20, 24)}.04").t(" and ").neg("NUMBERED", f"Fedora {r.randint(38, 41)}").t(".")
    elif kind == "chapter":
        d.t("See ").neg("NUMBERED", f"Chapter {r.randint(2, 19)} Review {r.randint(1, 9)}").t(" for the details.")
    elif kind == "build":
        d.t("The pipeline is at ").neg("NUMBERED", f"Build {r.randint(2020, 2026)} Release {r.randint(1, 12)}").t(" now.")
    else:
        d.t("Ask the ").neg("TEAM", r.choice(("Platform Team", "Customer Success", "Data Engineering"))).t(" channel.")


def form(d: Doc, g: Gen, r: random.Random) -> str:
    locale = r.choice(tuple(STREETS))
    d.t("SHIPPING FORM\nRecipient: ").pii("PERSON", g.name()).t("\nDeliver to: ").pii("STREET_ADDRESS", g.address(locale, False)).t("\n")
    _negative(d, g, r)
    d.t("\n")
    return "txt"


def email(d: Doc, g: Gen, r: random.Random) -> str:
    sender = g.name()
    d.t("Subject: new address\n\nHi ").pii("PERSON", g.given()).t(",\n\n")
    d.t(r.choice(("We have moved. Our new office is at ", "Please send the contract to ", "The parcel goes to ")))
    d.pii("STREET_ADDRESS", g.address(r.choice(tuple(STREETS)), False)).t(".\n")
    _negative(d, g, r)
    d.t("\n\nKind regards,\n").pii("PERSON", sender).t("\n")
    if r.random() < 0.6:
        d.t("Northwind Traders\n").pii("STREET_ADDRESS", g.address(r.choice(tuple(STREETS)), True)).t("\n")
    return "txt"


def chat(d: Doc, g: Gen, r: random.Random) -> str:
    a, b = r.choice(GIVEN), r.choice(GIVEN)
    while b == a:
        b = r.choice(GIVEN)
    d.pii("PERSON", a).t(": did the courier come?\n").pii("PERSON", b).t(": not yet, it goes to ")
    d.pii("STREET_ADDRESS", g.address(r.choice(tuple(STREETS)), False)).t("\n").pii("PERSON", a).t(": ok. ")
    _negative(d, g, r)
    d.t("\n")
    return "txt"


def ticket(d: Doc, g: Gen, r: random.Random) -> str:
    d.t(f"TICKET #{r.randint(10000, 99999)}\n")
    style = r.choice(("lives", "by", "subject", "list", "possessive", "title", "initial", "nocue", "heading"))
    if style == "lives":
        d.pii("PERSON", g.name()).t(" lives at ").pii("STREET_ADDRESS", g.address(r.choice(tuple(STREETS)), False)).t(" since May.")
    elif style == "by":
        d.t("The refund was approved by ").pii("PERSON", g.name()).t(" yesterday.")
    elif style == "subject":
        d.pii("PERSON", r.choice(GIVEN)).t(r.choice((" is waiting for the refund.", " was charged twice.", " has called three times.")))
    elif style == "list":
        names = [r.choice(FAMILY) for _ in range(3)]
        d.t("Escalation contacts: ").pii("PERSON", names[0]).t(", ").pii("PERSON", names[1]).t(" and ").pii("PERSON", names[2]).t(".")
    elif style == "possessive":
        d.t("We still have ").pii("PERSON", r.choice(GIVEN)).t("'s old card on file.")
    elif style == "title":
        d.t(r.choice(("Mr. ", "Ms. ", "Dr. "))).pii("PERSON", g.family()).t(" asked for a callback.")
    elif style == "nocue":  # a name with no cue word around it
        d.t("Congratulations ").pii("PERSON", g.name()).t(" on the promotion!")
    elif style == "heading":  # a name as a heading of its own
        d.t("## ").pii("PERSON", g.name()).t("\nJoined in March, works on billing.")
    else:
        name = f"{r.choice(GIVEN)} {r.choice('ABCDEFGHJKLMNPRST')}. {g.family()}"
        d.t("Opened on behalf of ").pii("PERSON", name).t(".")
    d.t("\n")
    _negative(d, g, r)
    d.t("\n")
    return "txt"


def csv_export(d: Doc, g: Gen, r: random.Random) -> str:
    d.t("id,name,address,plan\n")
    for _ in range(r.randint(2, 5)):
        address = g.address(r.choice(tuple(STREETS)), False).replace('"', "")
        d.t(f"{r.randint(100, 999)},").pii("PERSON", g.name()).t(',"').pii("STREET_ADDRESS", address).t(f'",{r.choice(("basic", "pro"))}\n')
    return "csv"


def label(d: Doc, g: Gen, r: random.Random) -> str:
    d.pii("PERSON", g.name()).t("\n")
    d.pii("STREET_ADDRESS", g.box() if r.random() < 0.3 else g.address(r.choice(tuple(STREETS)), True)).t("\n")
    return "txt"


def notes(d: Doc, g: Gen, r: random.Random) -> str:
    d.t("# Release notes\n\n")
    for _ in range(3):
        d.t("- ")
        _negative(d, g, r)
        d.t("\n")
    d.t("- Thanks to ").pii("PERSON", g.name()).t(" for the fix.\n")
    return "md"


SHAPES = (form, email, chat, ticket, csv_export, label, notes)


def generate(n: int, seed: int) -> list[tuple[str, str, list[dict], list[dict]]]:
    return generate_with(SHAPES, Gen, "prose", n, seed)


def main(argv: list[str] | None = None) -> int:
    return run_generated(argv, __doc__, generate, "names and addresses in prose", 300, 7)


if __name__ == "__main__":
    raise SystemExit(main())
