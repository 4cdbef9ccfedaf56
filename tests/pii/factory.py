"""Synthetic personal data for the PII tests, built at run time (valid checksums, no literals
that look like real cards or keys in the tree)."""

from __future__ import annotations

import random
import string


class PiiFactory:
    def __init__(self, seed: int = 99) -> None:
        self.rng = random.Random(seed)

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice(string.digits) for _ in range(n))

    @staticmethod
    def luhn_digit(body: str) -> str:
        total = 0
        for i, ch in enumerate(reversed(body)):
            d = int(ch)
            if i % 2 == 0:
                d *= 2
                if d > 9:
                    d -= 9
            total += d
        return str((10 - total % 10) % 10)

    def card(self, prefix: str = "4", length: int = 16) -> str:
        while True:
            body = prefix + self.digits(length - len(prefix) - 1)
            if len(set(body)) > 3:
                return body + self.luhn_digit(body)

    def bad_luhn_card(self, prefix: str = "4", length: int = 16) -> str:
        good = self.card(prefix, length)
        last = str((int(good[-1]) + 1) % 10)
        return good[:-1] + last

    @staticmethod
    def group(number: str, sizes: tuple[int, ...], sep: str = " ") -> str:
        parts, pos = [], 0
        for size in sizes:
            parts.append(number[pos : pos + size])
            pos += size
        if pos < len(number):
            parts.append(number[pos:])
        return sep.join(parts)

    def iban(self, country: str = "DE", bban_len: int = 18, spaced: bool = True) -> str:
        bban = self.digits(bban_len)
        numeric = bban + "".join(str(ord(c) - 55) for c in country) + "00"
        check = 98 - int(numeric) % 97
        raw = f"{country}{check:02d}{bban}"
        return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4)) if spaced else raw

    def bad_iban(self, country: str = "DE") -> str:
        good = self.iban(country, spaced=False)
        check = (int(good[2:4]) + 1) % 97 or 2
        return f"{good[:2]}{check:02d}{good[4:]}"

    def ssn(self) -> str:
        while True:
            area = self.rng.randint(1, 899)
            if area != 666:
                break
        return f"{area:03d}-{self.rng.randint(1, 99):02d}-{self.rng.randint(1, 9999):04d}"

    def ipv4(self) -> str:
        return f"{self.rng.randint(11, 223)}.{self.rng.randint(0, 255)}.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}"

    def mac(self, sep: str = ":") -> str:
        return sep.join(f"{self.rng.randint(1, 254):02X}" for _ in range(6))
