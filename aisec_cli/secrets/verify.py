"""``aisec scan --verify``: ask each key's provider, once per run, whether the key is live.

The engine keeps the raw value in the private ``_secret`` property only when verification is
on; this module reads it for the request and drops it from every finding before anything is
reported (reporters publish no ``_`` property anyway). Each request goes to the rule's own
host (checked against its allowlist right before sending), never follows a redirect, and is
counted against a per-run cap; requests run a few at a time with timeouts.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from aisec_cli import __version__
from aisec_cli.core.findings import Finding, Report
from aisec_cli.secrets import verifiers
from aisec_cli.secrets.transport import Request, Response, Transport, TransportError

LIVE, INVALID, UNKNOWN, UNSUPPORTED = "live", "invalid", "unknown", "unsupported"
STATUSES = (LIVE, INVALID, UNKNOWN, UNSUPPORTED)
SECRET = "_secret"
STATUS = "verification"
DETAIL = "verification_detail"
DEFAULT_MAX_REQUESTS = 100
DEFAULT_WORKERS = 4
DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class Options:
    max_requests: int = DEFAULT_MAX_REQUESTS
    workers: int = DEFAULT_WORKERS
    timeout: float = DEFAULT_TIMEOUT


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str
    detail: str


# Set by code only (tests put a loopback transport here); never by a setting or variable.
make_transport: Callable[[Options], Transport] = lambda options: Transport(timeout=options.timeout)


def classify(check: verifiers.Check, response: Response) -> Outcome:
    """Map the provider's answer to a status: only documented answers are conclusive."""
    status = response.status
    if response.redirect:
        return Outcome(UNKNOWN, f"HTTP {status}: redirect not followed")
    if status in check.live:
        return Outcome(LIVE, f"HTTP {status}")
    if status in check.invalid:
        return Outcome(INVALID, f"HTTP {status}")
    marker = check.invalid_body.get(status)
    if marker is not None and marker.encode() in response.body:
        return Outcome(INVALID, f"HTTP {status} {marker}")
    if status == 429:
        return Outcome(UNKNOWN, "HTTP 429: rate limited")
    return Outcome(UNKNOWN, f"HTTP {status}")


def build_request(check: verifiers.Check, secret: str) -> Request:
    """The check's request with the key in its header or query (URL-encoded there)."""
    target = check.path.replace(verifiers.PLACEHOLDER, urllib.parse.quote(secret, safe=""))
    headers = tuple((name, value.replace(verifiers.PLACEHOLDER, secret)) for name, value in check.headers)
    agent = ("User-Agent", f"aisec/{__version__} (key verification)")
    return Request(check.host, target, (agent, *headers))


def check_key(check: verifiers.Check, secret: str, transport: Transport) -> Outcome:
    """One request for one key; every failure is ``unknown`` with a reason free of the key."""
    request = build_request(check, secret)
    if request.host not in check.hosts:  # the allowlist, right before sending
        return Outcome(UNKNOWN, f"host {request.host} is not on the rule's allowlist: not sent")
    if any(ch in secret for ch in "\r\n\0"):
        return Outcome(UNKNOWN, "the value holds control characters: not sent")
    try:
        response = transport.get(request)
    except TransportError as exc:
        return Outcome(UNKNOWN, _clean(str(exc), secret))
    except Exception as exc:  # noqa: BLE001 - a failed check must never stop the scan
        return Outcome(UNKNOWN, type(exc).__name__)
    return classify(check, response)


def _clean(text: str, secret: str) -> str:
    return text.replace(secret, "…") if secret else text


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def strip(finding: Finding) -> Finding:
    """The finding without its raw value."""
    if SECRET not in finding.properties:
        return finding
    return replace(finding, properties={k: v for k, v in finding.properties.items() if k != SECRET})


def _with_outcome(finding: Finding, outcome: Outcome) -> Finding:
    props = {k: v for k, v in finding.properties.items() if k != SECRET}
    props[STATUS] = outcome.status
    props[DETAIL] = outcome.detail
    return replace(finding, properties=props)


@dataclass
class Summary:
    requests: int = 0
    capped: int = 0

    def as_dict(self, findings: Sequence[Finding]) -> dict[str, int]:
        counts = {s: 0 for s in STATUSES}
        for finding in findings:
            status = finding.properties.get(STATUS)
            if status in counts:
                counts[str(status)] += 1
        return {**counts, "requests": self.requests, "not_checked_over_cap": self.capped}


def verify_findings(
    findings: Iterable[Finding], options: Options = Options(), transport: Transport | None = None
) -> tuple[list[Finding], Summary]:
    """Every finding with a ``verification`` status (and its raw value dropped)."""
    items = list(findings)
    summary = Summary()
    planned: dict[tuple[str, str, str], tuple[verifiers.Check, str]] = {}
    keys: list[tuple[str, str, str] | Outcome] = []
    for finding in items:
        info = verifiers.info_for(finding.rule_id)
        secret = finding.properties.get(SECRET)
        if info.check is None:
            keys.append(Outcome(UNSUPPORTED, info.unsupported or "no verifier"))
        elif not isinstance(secret, str) or not secret:
            keys.append(Outcome(UNKNOWN, "the value was not available to check"))
        else:
            key = (*info.check.identity, _digest(secret))
            if key not in planned:
                planned[key] = (info.check, secret)
            keys.append(key)
    order = list(planned)
    allowed = order[: max(options.max_requests, 0)]
    summary.capped = len(order) - len(allowed)
    outcomes: dict[tuple[str, str, str], Outcome] = {
        key: Outcome(UNKNOWN, f"not checked: the run's cap of {options.max_requests} request(s) was reached")
        for key in order[len(allowed) :]
    }
    if allowed:
        use = transport if transport is not None else make_transport(options)
        with ThreadPoolExecutor(max_workers=max(1, min(options.workers, len(allowed)))) as pool:
            results = pool.map(lambda key: check_key(*planned[key], use), allowed)
            for key, outcome in zip(allowed, results, strict=True):
                outcomes[key] = outcome
        summary.requests = len(allowed)
    verified = [
        _with_outcome(finding, key if isinstance(key, Outcome) else outcomes[key])
        for finding, key in zip(items, keys, strict=True)
    ]
    return verified, summary


def verify_report(
    report: Report, options: Options = Options(), transport: Transport | None = None, only_live: bool = False
) -> Report:
    """The report with every finding verified (only the live ones with ``only_live``)."""
    findings, summary = verify_findings(report.findings, options, transport)
    stats = {**report.stats, "verification": summary.as_dict(findings)}
    if only_live:
        findings = [f for f in findings if f.properties.get(STATUS) == LIVE]
    return replace(
        report,
        findings=tuple(findings),
        suppressed=tuple(strip(f) for f in report.suppressed),
        stats=stats,
    )


def strip_report(report: Report) -> Report:
    """The report with no raw value left in any finding."""
    return replace(
        report,
        findings=tuple(strip(f) for f in report.findings),
        suppressed=tuple(strip(f) for f in report.suppressed),
    )


def has_live(report: Report) -> bool:
    return any(f.properties.get(STATUS) == LIVE for f in report.findings)
