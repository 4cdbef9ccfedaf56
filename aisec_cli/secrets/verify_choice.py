"""Whether a scan verifies its keys (flags over configuration), and the line that sums it up.

Kept apart from :mod:`aisec_cli.secrets.verify`, whose HTTP machinery only a verifying run loads.
"""

from __future__ import annotations

from collections.abc import Mapping

from aisec_cli.core.errors import UsageError


def verification_wanted(scan_section: Mapping[str, object], flag: bool | None, only_verified: bool, fail_on_live: bool) -> bool:
    """--verify (or --only-verified/--fail-on-live, which need it), else ``[tool.aisec.scan] verify = true``.

    ``flag`` is ``--verify``/``AISEC_VERIFY`` as given (``None``: not given).
    """
    if only_verified or fail_on_live:
        if flag is False:
            raise UsageError("--only-verified and --fail-on-live need verification: drop AISEC_VERIFY=0")
        return True
    if flag is not None:
        return flag
    return scan_section.get("verify") is True


def summary_line(counts: Mapping[str, int]) -> str:
    """One line of counts (never a key) for standard error: requests, outcomes, keys over the cap."""
    shown = ", ".join(f"{counts[s]} {s}" for s in ("live", "invalid", "unknown", "unsupported") if counts.get(s))
    over = counts.get("not_checked_over_cap")
    return (
        f"aisec: verify: {counts.get('requests', 0)} request(s); {shown or 'no keys'}"
        + (f"; {over} over the cap (--verify-limit)" if over else "")
    )
