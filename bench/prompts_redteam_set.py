"""Evaluation set from the attack data of agent red-teaming packages on PyPI (never used here before).

Reads the downloaded wheels as data (``zipfile``, ``json``, ``yaml.safe_load``; no code of theirs
is imported or run) and writes a labelled JSONL for ``bench/prompts_eval.py``. Every row names its
``source``, ``lang``, ``licence`` and ``package``. Texts already in the development corpus are
dropped; nothing is committed.

- agent-redteam 0.5.0 (MIT), ``suites/injection/data.jsonl``: scenarios written in Chinese that
  quote what an agent reads ("the page ends with: '…'"). The quoted text of a ``block`` scenario
  is an injection (``art_quoted``: Chinese, or English shell/config lines); the ``allow``
  scenarios are benign (``art_controls``); the questions of ``suites/over_refusal`` (Chinese
  security questions a model should answer: text *about* attacks) are benign
  (``art_over_refusal``).
- aegisrt 0.1.0 (MIT), ``datasets/multilingual_seeds.jsonl`` (``aegisrt_multilingual``, one attack
  per language), ``dan_variants.jsonl`` and ``jailbreak_templates.jsonl`` (``aegisrt_jailbreaks``).
- agentic-redteam 1.0.0 (MIT), ``payloads/*.yaml``: the ``vars.query`` of the
  indirect-injection, prompt-injection, jailbreak and MCP suites (``agentic_rt``) and of the
  clean queries (``agentic_rt_clean``, benign).
- agent-guardian 1.0.0rc41 (Apache-2.0), ``probes/asi*/*.yaml``: the ``seeds`` of every probe
  (``guardian_seeds``; subcategory: the OWASP agentic id).
- agentred 0.1.2 (MIT), ``data/attacks/*.yaml``: each ``payload`` template filled with each of its
  ``actions`` and the first recipient (``agentred``).
- aicu-scanner 1.5.0 (MIT), ``payloads/intruder_*.txt``: one attack per line (``aicu_intruder``).

``--heldout`` writes instead a set built after the fixes tuned on the one above, measured before
its texts were read (injections only; the false-alarm side is the benign sets):

- aicu-scanner 1.5.0 (MIT): the ``content`` of the payload sets of ``payloads/single_turn.yaml``
  (not ``legitimate_tasks``), ``jailbreaks.yaml`` and ``encoding_attacks.yaml``
  (``aicu_sets``) and the planted files of ``file_payloads.yaml`` (``aicu_files``, indirect);
- agentfuzz 0.4.0 (Apache-2.0): the payload strings of ``faults/prompt_injection.py``, read with
  ``ast`` (``agentfuzz``).

    pip download agent-redteam==0.5.0 aegisrt==0.1.0 agentic-redteam==1.0.0 agent-guardian==1.0.0rc41 \\
        agentred==0.1.2 aicu-scanner==1.5.0 --no-deps -d /tmp/pheld/w2
    python bench/prompts_redteam_set.py /tmp/pheld/w2 -o /tmp/pheld/redteam.jsonl
    python bench/prompts_eval.py /tmp/pheld/redteam.jsonl
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
from bench.prompts_pkgdata_set import Rows, write_set

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
QUOTED = re.compile(r"[‘'“\"「『]([^’'”\"」』]{6,})[’'”\"」』]")


def _lang(text: str) -> str:
    return "zh" if CJK.search(text) else "en"


def _jsonl(z: zipfile.ZipFile, name: str) -> list[dict]:
    return [json.loads(line) for line in z.read(name).decode().splitlines() if line.strip()]


def agent_redteam(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "agent-redteam 0.5.0", "MIT"
    for rec in _jsonl(z, "agent_redteam/suites/injection/data.jsonl"):
        if rec["gold"].get("decision") == "allow":
            rows.add(rec["context"], "benign", "benign", "art_controls", _lang(rec["context"]), lic, pkg)
            continue
        quoted = QUOTED.findall(rec["context"])
        if quoted:
            text = max(quoted, key=len)
            rows.add(text, "injection", "indirect", "art_quoted", _lang(text), lic, pkg, ",".join(rec.get("tags", [])[:2]))
    for rec in _jsonl(z, "agent_redteam/suites/over_refusal/data.jsonl"):
        rows.add(rec["question"], "benign", "benign_hard", "art_over_refusal", _lang(rec["question"]), lic, pkg, rec["category"])


def aegisrt(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "aegisrt 0.1.0", "MIT"
    for rec in _jsonl(z, "aegisrt/datasets/multilingual_seeds.jsonl"):
        rows.add(rec["prompt"], "injection", "direct_override", "aegisrt_multilingual", rec["language"], lic, pkg, rec["technique"])
    for name in ("dan_variants", "jailbreak_templates"):
        for rec in _jsonl(z, f"aegisrt/datasets/{name}.jsonl"):
            rows.add(rec["prompt"], "injection", "roleplay_jailbreak", "aegisrt_jailbreaks", "en", lic, pkg, rec.get("category", ""))


def agentic_redteam(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "agentic-redteam 1.0.0", "MIT"
    suites = {"indirect_injection": "indirect", "prompt_injection": "direct_override", "jailbreak": "roleplay_jailbreak",
              "mcp_security": "tool_hijack", "clean_queries": ""}
    for suite, category in suites.items():
        data = yaml.safe_load(z.read(f"agentic_redteam/payloads/{suite}.yaml")) or []
        for case in data:
            query = str((case.get("vars") or {}).get("query", ""))
            if category:
                rows.add(query, "injection", category, "agentic_rt", _lang(query), lic, pkg, suite)
            else:
                rows.add(query, "benign", "benign", "agentic_rt_clean", _lang(query), lic, pkg)


def agent_guardian(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "agent-guardian 1.0.0rc41", "Apache-2.0"
    for name in sorted(z.namelist()):
        if re.match(r"agent_guardian/probes/asi\d+/[^/]+\.yaml$", name):
            probe = yaml.safe_load(z.read(name)) or {}
            for seed in probe.get("seeds") or []:
                if isinstance(seed, str):
                    rows.add(seed, "injection", "tool_hijack", "guardian_seeds", _lang(seed), lic, pkg, name.split("/")[2])


def agentred(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "agentred 0.1.2", "MIT"
    for name in sorted(z.namelist()):
        if name.startswith("agentred/data/attacks/") and name.endswith(".yaml"):
            data = yaml.safe_load(z.read(name)) or {}
            recipients = (data.get("defaults") or {}).get("recipients") or ["someone@example.test"]
            for attack in data.get("attacks") or []:
                for action in attack.get("actions") or []:
                    text = str(attack.get("payload", "{action}")).replace("{action}", str(action))
                    text = text.replace("{recipient}", str(recipients[0]))
                    rows.add(text, "injection", "indirect", "agentred", "en", lic, pkg, str(attack.get("id", "")))


def aicu(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "aicu-scanner 1.5.0", "MIT"
    for name in sorted(z.namelist()):
        if re.match(r"aicu/payloads/intruder_[^/]*\.txt$", name):
            for line in z.read(name).decode("utf-8", "replace").splitlines():
                if line.strip() and not line.lstrip().startswith("#"):
                    rows.add(line.replace("\\n", "\n"), "injection", "prompt_extraction", "aicu_intruder", _lang(line), lic, pkg,
                             name.rsplit("/", 1)[1])


def aicu_heldout(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "aicu-scanner 1.5.0", "MIT"
    for name in ("single_turn", "jailbreaks", "encoding_attacks"):
        data = yaml.safe_load(z.read(f"aicu/payloads/{name}.yaml")) or {}
        for group, items in (data.get("payload_sets") or {}).items():
            if group == "legitimate_tasks":
                continue
            for item in items:
                text = str(item.get("content", ""))
                rows.add(text, "injection", "prompt_extraction", "aicu_sets", _lang(text), lic, pkg, f"{name}/{group}")
    data = yaml.safe_load(z.read("aicu/payloads/file_payloads.yaml")) or {}
    for item in data.get("file_payloads") or []:
        text = str(item.get("content", ""))
        rows.add(text, "injection", "indirect", "aicu_files", _lang(text), lic, pkg, str(item.get("type", "")))


def agentfuzz(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "agentfuzz 0.4.0", "Apache-2.0"
    tree = ast.parse(z.read("agentfuzz/faults/prompt_injection.py").decode())
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and all(isinstance(k, ast.Constant) for k in node.keys):
            for key, value in zip(node.keys, node.values):
                if isinstance(value, ast.List):
                    for item in value.elts:
                        if isinstance(item, ast.Constant) and isinstance(item.value, str):
                            category = "indirect" if key.value == "indirect" else "direct_override"  # type: ignore[union-attr]
                            rows.add(item.value, "injection", category, "agentfuzz", "en", lic, pkg, str(key.value))  # type: ignore[union-attr]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder with the downloaded wheels")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--dev", type=Path, default=DEFAULT_CORPUS, help="drop texts that are in this corpus")
    parser.add_argument("--heldout", action="store_true", help="write the held-out set (see the module docstring)")
    args = parser.parse_args(argv)
    rows = Rows()
    readers: tuple = (("agent_redteam-*.whl", agent_redteam), ("aegisrt-*.whl", aegisrt), ("agentic_redteam-*.whl", agentic_redteam),
               ("agent_guardian-*.whl", agent_guardian), ("agentred-*.whl", agentred), ("aicu_scanner-*.whl", aicu))
    if args.heldout:
        readers = (("aicu_scanner-*.whl", aicu_heldout), ("agentfuzz-*.whl", agentfuzz))
    return write_set(args.folder, [(pattern, (func,)) for pattern, func in readers], rows, args.dev, args.output)


if __name__ == "__main__":
    raise SystemExit(main())
