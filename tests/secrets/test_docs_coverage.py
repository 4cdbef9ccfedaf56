"""The coverage list in docs/scan.md names every provider the bundled secret rules know."""

from __future__ import annotations

import re
from pathlib import Path

from aisec_cli.core.rules import bundled_rules


def test_readme_coverage_names_every_provider() -> None:
    readme = (Path(__file__).resolve().parents[2] / "docs" / "scan.md").read_text(encoding="utf-8")
    start = readme.index("Coverage: every format")
    coverage = " ".join(readme[start : readme.index("lists them all", start)].split())
    providers = {str(r.data.get("provider")) for r in bundled_rules("secrets")} - {"unknown", "PEM", "OpenAI-compatible"}
    assert len(providers) >= 75
    missing = []
    for provider in sorted(providers):
        short = re.sub(r" (AI|Labs)$", "", provider)
        names = {provider, short, provider.split()[-1]}
        if not any(name in coverage for name in names):
            missing.append(provider)
    assert not missing, f"README coverage list misses: {missing}"
