"""IP addresses (v4 and v6, never version strings) and MAC addresses."""

from __future__ import annotations

import re

from aisec_cli.core.regex import Finder
from aisec_cli.pii.model import Candidate
from aisec_cli.pii.recognizers.base import det, in_drawing_numbers
from aisec_cli.pii.structure import TextStructure
from aisec_cli.pii.validators import ipv4_ok, ipv6_ok, mac_ok
from aisec_cli.core.lazyre import LazyRegex

_HEX = "[0-9A-Fa-f]"
_HEXDIGITS = frozenset("0123456789abcdefABCDEF")
_IPV4 = Finder(
    r"(?<![\w.\-])(?:\d{1,3}\.){3}\d{1,3}(?![\w\-]|\.\d)",
    r"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}",
    shared=True, family="number", exclusive=True,
)
_IPV6 = Finder(
    r"(?<![\w:.\-])(?:[0-9A-Fa-f]{1,4}:|::)[0-9A-Fa-f:.]*[0-9A-Fa-f](?:%[\w.]*\w)?(?![\w:\-])",
    rf"{_HEX}{{1,4}}:{_HEX}{{1,4}}:{_HEX}{{0,4}}:|{_HEX}{{0,4}}::{_HEX}",
    shared=True, family="number",
)
# In the shared pass a URL's prefilter ("http://[2001:") hides the start of a bracketed
# address, so URLs with one are looked at on their own.
_BRACKETED = LazyRegex(r"://\[(?P<a>[0-9A-Fa-f:.]+(?:%[\w.]*\w)?)\]")
# "::" alone (the unspecified address) only where the text is about addresses.
_UNSPECIFIED = LazyRegex(r"(?<![\w:.\-\[])::(?![\w:.\-\]])")
_ADDRESS_WORDS = LazyRegex(r"(?:\bip(?:v6)?|address|\bbind|listen(?:ing)?(?: on)?|\bsrc|\bdst|unspecified|\bany)\W{0,3}\Z", re.I)
_MAC = Finder(
    r"(?<![\w:\-.])[0-9A-Fa-f]{2}([:\-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![\w:\-]|\.\w)"
    r"|(?<![\w.:\-])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\w.\-]|\.\w)",
    rf"{_HEX}{{2}}:{_HEX}{{2}}:{_HEX}{{2}}:|{_HEX}{{2}}-{_HEX}{{2}}-{_HEX}{{2}}-|{_HEX}{{4}}\.{_HEX}{{4}}\.",
    shared=True, family="number",
)


# A sentence that ends between the word and the number ("the build is green. peer 1.2.3.4");
# an abbreviation's dot ("ver. 1.2.3.4") is no such end.
_REQUIREMENT_BEFORE = LazyRegex(r"(?:[<>=!~]=|[<>])\Z")
_NEXT_SENTENCE = LazyRegex(r"[.!?;]\s+[A-Za-z]{2,}")


def _is_version(scan: TextStructure, start: int) -> bool:
    """A dotted quad after "version", "fw=", "build" … or under a version key is a version."""
    text = scan.text
    if start > 0 and text[start - 1] in "vV":
        return True
    if start > 0 and text[start - 1] in "=<>~" and _REQUIREMENT_BEFORE.search(text, max(0, start - 3), start):
        return True  # a dependency's version: "pkg>=4.10.0.84", "==0.9.9.4"
    hit = scan.hits.last_before("IP_ADDRESS.not_after", start, 28)
    if hit is not None and "\n" not in text[hit[1] : start] and not _NEXT_SENTENCE.search(text, hit[1], start):
        return True
    categories = scan.categories_of(scan.key_before(start))
    return "IP_ADDRESS.not_after" in categories and "IP_ADDRESS.keys" not in categories


# Addresses no person has: "any", the loopback, the broadcast.
_SPECIAL = LazyRegex(r"0\.0\.0\.0|127(?:\.\d{1,3}){3}|255\.255\.255\.255|::1?")
# Cloud instance-metadata endpoints (AWS, GCP and Azure 169.254.169.254, ECS 169.254.170.2,
# the AWS IPv6 endpoint, Alibaba 100.100.100.200): a service every instance sees, no one's address.
_METADATA_SERVICE = LazyRegex(r"169\.254\.169\.254|169\.254\.170\.2|fd00:ec2::254|100\.100\.100\.200", re.I)
_PORT_AFTER = LazyRegex(r"\]?:\d")
_BIND_BEFORE = LazyRegex(
    r"(?:--?host|\bhost(?:_?name)?|\bendpoint|\bbind|\blisten(?:_?addr(?:ess)?)?|\bserver_?(?:host|addr(?:ess)?)?)"
    r"[\"']?[ \t]*[=:,]?[ \t]*[\"']?\Z",
    re.I,
)
_CIDR_AFTER = LazyRegex(r"/\d{1,2}\b")


def _not_a_host(text: str, start: int, end: int) -> bool:
    """An address that names no machine anyone uses: a network written with its prefix length
    ("172.19.0.0/16"), a bind or loopback address in a command or config ("--host 0.0.0.0",
    "endpoint: 0.0.0.0:4318", "hostname: '127.0.0.1'"), a cloud metadata endpoint, numbers of an
    SVG path."""
    value = text[start:end]
    if _METADATA_SERVICE.fullmatch(value):
        return True
    if value.endswith(".0") and _CIDR_AFTER.match(text, end):
        return True
    if _SPECIAL.fullmatch(value):
        before, after = text[start - 1 : start], text[end : end + 1]
        if _PORT_AFTER.match(text, end) or (before in "\"'[" and before and after in "\"']" and after):
            return True
        if _BIND_BEFORE.search(text, max(0, start - 24), start):
            return True
        if before == "@" or text[max(0, start - 3) : start] == "://":
            return True  # the host of a URL ("user@::1", "http://127.0.0.1/cb")
        if (before == "," or after == ",") and "localhost" in text[max(0, start - 60) : end + 60]:
            return True  # a NO_PROXY list: "localhost,127.0.0.1,::1"
    return text[start - 1 : start] in (" ", "\"") and in_drawing_numbers(text, start)


# Words of a release right after a dotted quad ("Git 1.8.1.3 Release Notes"), and the commit a
# "git describe" version ends with ("2.20.1.162.gb4ccea44db").
_RELEASE_AFTER = LazyRegex(r"[ \t]+(?:[Rr]elease|RELEASE)\b|\.g[0-9a-f]{7,40}\b")


def _rcs_file(scan: TextStructure) -> bool:
    """An RCS/CVS archive (``file,v``): its dotted numbers are revisions (1.1.0.2, 1.2.2.1)."""
    if scan.config.path.endswith(",v"):
        return True
    head = scan.text[:400]
    return head.startswith("head") and "\naccess" in head and "\nsymbols" in head


def find_ip(scan: TextStructure) -> list[Candidate]:
    text = scan.text
    out: list[Candidate] = []
    if "." in text and not _rcs_file(scan):
        for match in scan.find(_IPV4):
            if not ipv4_ok(match.group()):
                continue
            start = match.start()
            if _is_version(scan, start) or _not_a_host(text, start, match.end()):
                continue
            if _RELEASE_AFTER.match(text, match.end()):
                continue
            out.append(det("IP_ADDRESS", start, match.end(), 0.9, "ipv4"))
    if "::" in text or text.count(":") > 4:
        for match in scan.find(_IPV6):
            value = match.group()
            if value.count(":") < 2 or not ipv6_ok(value):
                continue
            if value != "::1" and value.replace(":", "").isdigit() and value.count(":") < 4:
                continue  # times and ratios: 10:20::30
            if value != "::1" and sum(c in _HEXDIGITS for c in value.split("%", 1)[0]) < 4:
                continue  # "a::b", "c::d" in code and prose
            if _not_a_host(text, match.start(), match.end()):
                continue
            out.append(det("IP_ADDRESS", match.start(), match.end(), 0.9, "ipv6"))
        if "://[" in text:
            for match in _BRACKETED.finditer(text):
                if ipv6_ok(match.group("a")) and not _SPECIAL.fullmatch(match.group("a")):
                    out.append(det("IP_ADDRESS", match.start("a"), match.end("a"), 0.9, "ipv6"))
        if "::" in text:
            for match in _UNSPECIFIED.finditer(text):
                if _ADDRESS_WORDS.search(text, max(0, match.start() - 24), match.start()):
                    out.append(det("IP_ADDRESS", match.start(), match.end(), 0.6, "ipv6"))
    return out


def find_mac(scan: TextStructure) -> list[Candidate]:
    out: list[Candidate] = []
    for match in scan.find(_MAC):
        value = match.group()
        if not mac_ok(value):
            continue
        if "." in value and value.replace(".", "").isdigit():
            continue
        out.append(det("MAC_ADDRESS", match.start(), match.end(), 0.9, "mac"))
    return out
