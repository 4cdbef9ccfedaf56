"""Cost of masking keys in evidence: time the secrets engine spends on evidence in a prompts run.

Usage: python bench/mask_overhead.py DATASET.jsonl  (in-process, one job; the whole run's time
is noisy on a shared machine, so the masker's own time is measured directly)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from aisec_cli.core import evidence
from aisec_cli.core.config import load_settings
from aisec_cli.prompts.run import prompt_settings_from, prompts_tree
from aisec_cli.secrets import plugin

plugin.install()  # the masking net's key finder, as every entry point installs it

spent = [0.0, 0]


def _timed(func: Any) -> Any:
    def wrapper(text: str) -> str:
        start = time.perf_counter()
        try:
            return func(text)
        finally:
            spent[0] += time.perf_counter() - start
            spent[1] += 1

    return wrapper


def main() -> None:
    path = Path(sys.argv[1])
    settings = load_settings(Path(".")).evolve(jobs=1)
    chosen = prompt_settings_from(settings)
    prompts_tree([Path(__file__)], settings, chosen)  # build the engines first
    from aisec_cli.prompts import engine, hardening

    timed = _timed(evidence.mask_keys)
    for module in (evidence, engine, hardening):
        module.mask_keys = timed  # type: ignore[attr-defined]
    evidence.clear_cache()
    start = time.perf_counter()
    report = prompts_tree([path], settings, chosen)
    total = time.perf_counter() - start
    print(
        f"{len(report.findings)} findings in {total:.2f} s; masking: {spent[1]} calls, {spent[0]:.2f} s "
        f"({100 * spent[0] / total:.0f}%)"
    )


if __name__ == "__main__":
    main()
