"""Evaluation sets built from injection test data that other projects publish on PyPI.

Reads the downloaded wheels (strings used as data; no code of theirs is imported or run) and
writes a labelled JSONL for ``bench/prompts_eval.py``. Every row says its ``source`` and
``lang``; the licence of each source is printed and stored in the row's ``licence``.

- spikee (Apache-2.0; ``pip download spikee==0.9.2 --no-deps``): the jailbreak wrappers of
  ``seeds-*/jailbreaks.jsonl`` filled with the instructions of ``seeds-*/instructions.jsonl``,
  alone (``spikee_direct``) and inside the seed documents, email, news and code shapes
  (``spikee_embedded``); the wrappers and instructions in other languages (their ids end in
  a language code: Irish, Scots Gaelic, Albanian, Zulu) inside the same documents
  (``spikee_multilingual``); benign: the seed documents
  themselves and the questions of ``seeds-investment-advice-fp`` (``spikee_benign``).
- agentdojo (MIT; ``pip download agentdojo==0.1.35 --no-deps``): the e-mail bodies, calendar
  descriptions, file contents and injection-slot defaults of the four suites (benign,
  ``agentdojo_benign``) and, for each suite, the injection-task goals (``GOAL = "..."`` in
  ``injection_tasks.py``) put in the attack templates of ``agentdojo/attacks`` and appended
  to one of the suite's benign texts (``agentdojo_embedded``).

- garak-multilingual (Apache-2.0; ``pip download garak-multilingual==0.1.0 --no-deps``): the
  payload lists of ``garak_multilingual/payloads.py`` (German, Spanish, French, Russian,
  Arabic, Chinese, Turkish and Persian overrides, Turkish jailbreaks and casefold tricks),
  alone (``garakml_direct``) and inside the agentdojo benign texts (``garakml_embedded``).

- package documentation about prompt injection (benign, ``pkgdocs_about_injection``): the
  prose paragraphs (no code blocks, tables or headings) of the long descriptions in the
  METADATA of every wheel in the folder (spikee, agentdojo, garak-multilingual, pyrit,
  llamafirewall, prompt-security-fuzzer, giskard, inspect-evals …, each under its own licence,
  named per row). Paragraphs that quote an attack are kept: text *about* injection that
  shows an example is still documentation.

Templates, goals and payloads are read with ``ast`` from the package's source as string constants.

    pip download spikee==0.9.2 agentdojo==0.1.35 garak-multilingual==0.1.0 --no-deps -d /tmp/wheels
    python bench/prompts_registry_sets.py /tmp/wheels -o /tmp/registry_sets.jsonl
    python bench/prompts_eval.py /tmp/registry_sets.jsonl
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.prompts_eval import DEFAULT_CORPUS
from bench.prompts_pypi_sets import write_new_rows

LANG_SUFFIX = re.compile(r"-([a-z]{2,3})$")
NON_LANG_SUFFIXES = {"01", "02", "03", "04", "05"}


class Rows:
    """Collects labelled rows."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, text: str, label: str, category: str, source: str, lang: str, licence: str) -> None:
        text = text.strip()
        if not text:
            return
        self.rows.append({"id": f"{source}:{len(self.rows):05d}", "text": text, "label": label, "category": category,
                          "subcategory": "", "source": source, "lang": lang, "licence": licence})


def _jsonl(z: zipfile.ZipFile, name: str) -> list[dict]:
    out = []
    for line in z.read(name).decode("utf-8").splitlines():
        line = line.strip()
        if line:
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return out


def _lang(instruction_id: str) -> str:
    m = LANG_SUFFIX.search(instruction_id)
    return m.group(1) if m and m.group(1) not in NON_LANG_SUFFIXES and not m.group(1).isdigit() else "en"


def spikee(wheel: Path, rows: Rows) -> None:
    lic = "Apache-2.0 (spikee)"
    base = "spikee/data/workspace/datasets/"
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        seeds = sorted({n[len(base):].split("/")[0] for n in names if n.startswith(base) and n.count("/") > 4})
        documents: dict[str, str] = {}
        wrappers: dict[str, str] = {}
        instructions: dict[str, tuple[str, str]] = {}
        for seed in seeds:
            for name, target in (("base_user_inputs.jsonl", "doc"), ("jailbreaks.jsonl", "jb"), ("instructions.jsonl", "ins")):
                path = f"{base}{seed}/{name}"
                if path not in names:
                    continue
                for rec in _jsonl(z, path):
                    if target == "doc" and "<PLACEHOLDER>" not in rec.get("document", "<PLACEHOLDER>"):
                        documents.setdefault(rec["document"], rec["document"])
                    elif target == "jb" and "<INSTRUCTION>" in rec.get("text", "") and "harmful" not in seed:
                        wrappers.setdefault(rec["id"], (rec["text"], _lang(rec["id"])))
                    elif target == "ins" and rec.get("instruction") and "harmful" not in seed and "investment" not in seed:
                        instructions.setdefault(rec["id"], (rec["instruction"], _lang(rec["id"])))
        fp = f"{base}seeds-investment-advice-fp/standalone_user_inputs.jsonl"
        if fp in names:
            for rec in _jsonl(z, fp):
                rows.add(rec["text"], "benign", "benign", "spikee_benign", "en", lic)
    docs = sorted(documents.values())
    for doc in docs:
        rows.add(doc, "benign", "benign_hard", "spikee_benign", "en", lic)
    english = sorted((k, v[0]) for k, v in instructions.items() if v[1] == "en")
    other = sorted((k, v) for k, v in instructions.items() if v[1] != "en")
    for i, (_wid, (wrapper, lang)) in enumerate(sorted(wrappers.items())):
        _iid, instruction = english[i % len(english)]
        attack = wrapper.replace("<INSTRUCTION>", instruction)
        if lang != "en":  # a wrapper in another language around an English instruction
            if docs:
                rows.add(_insert(docs[i % len(docs)], attack, i), "injection", "indirect", "spikee_multilingual", lang, lic)
            continue
        rows.add(attack, "injection", "direct", "spikee_direct", "en", lic)
        if docs:
            doc = docs[i % len(docs)]
            rows.add(_insert(doc, attack, i), "injection", "indirect", "spikee_embedded", "en", lic)
    for i, (_iid, (instruction, lang)) in enumerate(other):
        if docs:
            rows.add(_insert(docs[i % len(docs)], instruction, i), "injection", "indirect", "spikee_multilingual", lang, lic)


def _insert(document: str, attack: str, i: int) -> str:
    """Puts the attack at the end, the start or the middle of a document (by turn)."""
    where = i % 3
    if where == 0:
        return f"{document}\n{attack}"
    if where == 1:
        return f"{attack}\n{document}"
    cut = document.find(". ", len(document) // 2)
    cut = cut + 2 if cut > 0 else len(document)
    return f"{document[:cut]}{attack} {document[cut:]}"


def _strings(source: str) -> Iterator[tuple[str, str]]:
    """(name, value) of every string constant assigned to a name (or class attribute)."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    yield t.id, node.value.value
        if isinstance(node, ast.Call):
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield "", arg.value


def _walk_text(value: object, keys: tuple[str, ...]) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            if k in keys and isinstance(v, str):
                yield v
            else:
                yield from _walk_text(v, keys)
    elif isinstance(value, list):
        for v in value:
            yield from _walk_text(v, keys)


class _Loader(yaml.SafeLoader):
    """Safe loader that reads agentdojo's ``!include`` tags as empty."""


_Loader.add_constructor("!include", lambda loader, node: None)


def agentdojo(wheel: Path, rows: Rows) -> None:
    lic = "MIT (agentdojo)"
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        templates = []
        for name in sorted(n for n in names if n.startswith("agentdojo/attacks/") and n.endswith(".py")):
            for _n, value in _strings(z.read(name).decode("utf-8")):
                if "{goal}" in value and "{tools}" not in value and value not in templates:
                    templates.append(value)
        benign_by_suite: dict[str, list[str]] = {}
        goals_by_suite: dict[str, list[str]] = {}
        for name in sorted(names):
            parts = name.split("/")
            if name.startswith("agentdojo/data/suites/") and name.endswith(".yaml"):
                suite = parts[3]
                data = yaml.load(z.read(name).decode("utf-8"), Loader=_Loader)
                texts = list(_walk_text(data, ("body", "description", "content", "default", "review", "message", "text")))
                benign_by_suite.setdefault(suite, []).extend(t for t in texts if len(t.split()) >= 4)
            if name.startswith("agentdojo/default_suites/v1/") and name.endswith("injection_tasks.py"):
                suite = parts[3]
                for var, value in _strings(z.read(name).decode("utf-8")):
                    if var == "GOAL" and "{" not in value:
                        goals_by_suite.setdefault(suite, []).append(value)
    seen: set[str] = set()
    for suite, texts in sorted(benign_by_suite.items()):
        for text in texts:
            if text not in seen:
                seen.add(text)
                rows.add(text, "benign", "benign_hard", "agentdojo_benign", "en", lic)
    k = 0
    for suite, goals in sorted(goals_by_suite.items()):
        carriers = [t for t in benign_by_suite.get(suite, []) if len(t) > 40] or [""]
        for goal in goals:
            for template in templates:
                attack = template.replace("{goal}", goal).replace("{user}", "Emma Johnson").replace("{model}", "the assistant")
                rows.add(_insert(carriers[k % len(carriers)], attack, k), "injection", "indirect", "agentdojo_embedded", "en", lic)
                k += 1


def _literal(node: ast.AST, names: dict[str, object]) -> object:
    """``ast.literal_eval`` that also reads module-level string constants by name."""

    class _Names(ast.NodeTransformer):
        def visit_Name(self, n: ast.Name) -> ast.AST:
            value = names.get(n.id)
            return ast.copy_location(ast.Constant(value), n) if isinstance(value, str) else n

        def visit_JoinedStr(self, n: ast.JoinedStr) -> ast.AST:
            parts = []
            for v in n.values:
                if isinstance(v, ast.Constant):
                    parts.append(str(v.value))
                elif isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name) and isinstance(names.get(v.value.id), str):
                    parts.append(str(names[v.value.id]))
                else:
                    return n
            return ast.copy_location(ast.Constant("".join(parts)), n)

        def visit_BinOp(self, n: ast.BinOp) -> ast.AST:
            self.generic_visit(n)
            if isinstance(n.op, ast.Add) and isinstance(n.left, ast.Constant) and isinstance(n.right, ast.Constant):
                if isinstance(n.left.value, str) and isinstance(n.right.value, str):
                    return ast.copy_location(ast.Constant(n.left.value + n.right.value), n)
            return n

    return ast.literal_eval(_Names().visit(node))


GARAKML_LICENCE = "Apache-2.0 (garak-multilingual)"


def garak_multilingual_payloads(wheel: Path) -> list[tuple[str, str]]:
    """(prompt, language) of every payload list in garak-multilingual's ``payloads.py``."""
    with zipfile.ZipFile(wheel) as z:
        tree = ast.parse(z.read("garak_multilingual/payloads.py").decode("utf-8"))
    names: dict[str, object] = {}
    payloads: list[tuple[str, str]] = []
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)):
            continue
        name = node.targets[0].id
        try:
            value = _literal(node.value, names)
        except ValueError:
            continue
        names[name] = value
        if isinstance(value, list):
            default = "tr" if name.startswith("TURKISH") else "und"
            for item in value:
                if isinstance(item, dict) and isinstance(item.get("prompt"), str):
                    payloads.append((item["prompt"], str(item.get("lang", default))))
    return payloads


def garak_multilingual(wheel: Path, rows: Rows, carriers: list[str]) -> None:
    lic = GARAKML_LICENCE
    for i, (text, lang) in enumerate(garak_multilingual_payloads(wheel)):
        rows.add(text, "injection", "direct", "garakml_direct", lang, lic)
        if carriers:
            rows.add(_insert(carriers[i % len(carriers)], text, i), "injection", "indirect", "garakml_embedded", lang, lic)


def package_docs(wheel: Path, rows: Rows) -> None:
    with zipfile.ZipFile(wheel) as z:
        meta = next((n for n in z.namelist() if n.endswith(".dist-info/METADATA")), None)
        if meta is None:
            return
        text = z.read(meta).decode("utf-8", "replace")
    head, _, body = text.partition("\n\n")
    lic = next((line.split(":", 1)[1].strip() for line in head.splitlines()
                if line.startswith(("License-Expression:", "License:")) and len(line) < 80), "see package")
    lic = f"{lic} ({wheel.name.split('-')[0]})"
    body = re.sub(r"```.*?```", "\n\n", body, flags=re.S)
    for para in re.split(r"\n\s*\n", body):
        lines = [ln.strip() for ln in para.splitlines() if ln.strip()]
        if not lines or any(ln.startswith(("#", "|", "<", "!", "    ", "$", ">>>")) for ln in lines):
            continue
        words = " ".join(lines)
        if len(words.split()) >= 8 and sum(c.isalpha() for c in words) > 0.6 * len(words):
            rows.add(words, "benign", "benign_hard", "pkgdocs_about_injection", "en", lic)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheels", type=Path, help="folder holding spikee-*.whl and agentdojo-*.whl")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--dev", type=Path, default=DEFAULT_CORPUS, help="drop texts that are in this corpus")
    args = parser.parse_args(argv)
    rows = Rows()
    for pattern, build in (("spikee-*.whl", spikee), ("agentdojo-*.whl", agentdojo)):
        found = sorted(args.wheels.glob(pattern))
        if not found:
            print(f"missing {pattern} in {args.wheels}", file=sys.stderr)
            continue
        build(found[-1], rows)
    found = sorted(args.wheels.glob("garak_multilingual-*.whl"))
    if found:
        carriers = [r["text"] for r in rows.rows if r["source"] == "agentdojo_benign" and len(r["text"]) > 80]
        garak_multilingual(found[-1], rows, carriers)
    else:
        print(f"missing garak_multilingual-*.whl in {args.wheels}", file=sys.stderr)
    for wheel in sorted(args.wheels.glob("*.whl")):
        package_docs(wheel, rows)
    out = write_new_rows(rows.rows, args.dev, args.output)
    by: dict[tuple[str, str], list[int]] = {}
    for r in out:
        c = by.setdefault((r["source"], r["licence"]), [0, 0])
        c[r["label"] == "injection"] += 1
    for (source, lic), (benign, inj) in sorted(by.items()):
        print(f"{source:<22} {inj:>4} injections {benign:>4} benign  licence {lic}")
    print(f"{len(out)} texts -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
