#!/usr/bin/env python3
"""Regenerate the verifier tables of docs/verify.md from rules/verifiers.yaml.

    python scripts/gen_verify_docs.py           # rewrite the block between the markers
    python scripts/gen_verify_docs.py --check   # exit 1 if the page drifted from the data

Only the text between ``<!-- verifiers:start -->`` and ``<!-- verifiers:end -->`` is touched.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aisec_cli.core.rules import bundled_rules  # noqa: E402
from aisec_cli.secrets import verifiers  # noqa: E402

PAGE = ROOT / "docs" / "verify.md"
START, END = "<!-- verifiers:start -->", "<!-- verifiers:end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def tables() -> str:
    """The Markdown tables: rules with a check, then rules without one and why."""
    rules = list(bundled_rules("secrets"))
    checked = ["| Rule | Provider | Request | Key sent as | Live | Invalid | A live answer proves |", "|---|---|---|---|---|---|---|"]
    unsupported = ["| Rule | Provider | Why there is no check | Key-management page |", "|---|---|---|---|"]
    for rule in rules:
        info = verifiers.info_for(rule.id)
        provider = str(rule.data.get("provider", ""))
        check = info.check
        if check is None:
            page = info.revoke or "—"
            unsupported.append(f"| {rule.id} | {_cell(provider)} | {_cell(info.unsupported or '')} | {page} |")
            continue
        target = check.path.replace(verifiers.PLACEHOLDER, "KEY")
        sent = [f"`{name}: {value.replace(verifiers.PLACEHOLDER, 'KEY')}`" for name, value in check.headers]
        if verifiers.PLACEHOLDER in check.path:
            sent.append("query parameter")
        invalid = [str(s) for s in sorted(check.invalid)] + [
            f"{s} with `{m}`" for s, m in sorted(check.invalid_body.items())
        ]
        checked.append(
            f"| {rule.id} | {_cell(provider)} | `GET https://{check.host}{_cell(target)}` | {', '.join(sent)} | "
            f"{', '.join(str(s) for s in sorted(check.live))} | {', '.join(invalid) or '—'} | {_cell(check.proves)} |"
        )
    n_checked, n_unsupported = len(checked) - 2, len(unsupported) - 2
    return "\n".join(
        [
            f"### Rules with a live check ({n_checked})",
            "",
            *checked,
            "",
            f"### Rules without a live check ({n_unsupported}): reported `unsupported`",
            "",
            *unsupported,
        ]
    )


def render(page: str) -> str:
    block = f"{START}\n{tables()}\n{END}"
    if START in page and END in page:
        head, rest = page.split(START, 1)
        return head + block + rest.split(END, 1)[1]
    return page.rstrip("\n") + "\n\n" + block + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    current = PAGE.read_text(encoding="utf-8")
    wanted = render(current)
    if args.check:
        if wanted != current:
            print("docs/verify.md is out of date: run python scripts/gen_verify_docs.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
