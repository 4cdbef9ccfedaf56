"""Evaluation set of instructions embedded in documents, built from the BIPIA benchmark.

BIPIA (microsoft/BIPIA, MIT licence) publishes the documents of its e-mail, table and code tasks
(``benchmark/{email,table,code}/{train,test}.jsonl``) and the attack sentences to plant in them
(``benchmark/{text,code}_attack_{train,test}.json``; the train and test splits hold different
attack categories). This script plants every attack of one split as a line of its own at the
start, at a sentence start in the middle, and at the end of a document of that split (one
document drawn per attack and position, seeded from the attack, so the output does not depend
on the order of the files), and adds the documents alone as benign rows. Optional ``--pages``:
a folder of plain-text web pages (``*.txt``/``*.md``) used as a fourth kind of document
(``bipia_web_*``), with the licence given by ``--pages-licence``.

Every row has ``id``, ``text``, ``label`` (injection|benign), ``category`` (indirect|benign_hard),
``subcategory`` (the attack category), ``source`` (``bipia_{task}_{position}`` or
``bipia_{task}_benign``), ``lang``, ``licence``, ``split``, ``position`` and ``seen_in_dev``: the
attack sentence also occurs in the development corpus (``--dev``), whose ``bipia`` rows were built
from the same files — report those rows apart from the unseen ones. Texts that are in the
development corpus as they are are dropped.

    python bench/prompts_bipia_set.py /path/to/BIPIA --split test -o /tmp/bipia_test.jsonl
    python bench/prompts_bipia_set.py /path/to/BIPIA.git --split test --only unseen -o /tmp/bipia_unseen.jsonl
    python bench/prompts_bipia_set.py /path/to/BIPIA --split test --inline -o /tmp/bipia_inline.jsonl
    python bench/prompts_eval.py /tmp/bipia_test.jsonl

The first argument is a checkout (it has ``benchmark/``) or a bare git directory (read at HEAD).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.prompts_eval import DEFAULT_CORPUS
from bench.prompts_pypi_sets import write_new_rows

LICENCE = "MIT (microsoft/BIPIA)"
TASKS = ("email", "table", "code")
POSITIONS = ("start", "middle", "end")
TABLE_SAMPLE = 100  # the table task has 900 training documents; a seeded sample keeps the sets alike in size
_SENTENCE_START = re.compile(r"(?<=[.!?])\s+(?=\S)")


def reader(source: Path) -> Callable[[str], str]:
    """``read(relative path)`` for a checkout or a bare git directory."""
    if (source / "benchmark").is_dir():
        return lambda rel: (source / rel).read_text(encoding="utf-8")

    def from_git(rel: str) -> str:
        out = subprocess.run(
            ["git", "--git-dir", str(source), "show", f"HEAD:{rel}"], capture_output=True, check=True
        )
        return out.stdout.decode("utf-8")

    return from_git


def documents(read: Callable[[str], str], task: str, split: str) -> list[str]:
    """The documents of one task and split (code answers and list-valued contexts joined by lines)."""
    docs = []
    for line in read(f"benchmark/{task}/{split}.jsonl").splitlines():
        if not line.strip():
            continue
        context = json.loads(line)["context"]
        docs.append("\n".join(context) if isinstance(context, list) else str(context))
    if task == "table" and len(docs) > TABLE_SAMPLE:
        docs = random.Random(f"table-{split}").sample(docs, TABLE_SAMPLE)
    return docs


def attacks(read: Callable[[str], str], kind: str, split: str) -> list[tuple[str, str]]:
    """(category, attack sentence) pairs of ``text`` or ``code`` attacks."""
    data = json.loads(read(f"benchmark/{kind}_attack_{split}.json"))
    return [(category, attack) for category, items in data.items() for attack in items]


def plant(document: str, attack: str, position: str, rng: random.Random) -> str:
    """``attack`` as a line of its own at ``position`` of ``document`` (middle: a sentence start);
    ``inline``: inside the paragraph at a sentence start (no line break), as an attacker editing
    an e-mail or a page would write it (at the end when the document has one sentence)."""
    if position == "inline":
        starts = [m.end() for m in _SENTENCE_START.finditer(document) if "\n" not in m.group(0)]
        if not starts:
            return document.rstrip() + " " + attack
        cut = rng.choice(starts)
        return document[:cut] + attack + " " + document[cut:]
    if position == "start":
        return attack + "\n" + document
    if position == "end":
        return document + "\n" + attack
    starts = [0] + [m.end() for m in _SENTENCE_START.finditer(document)]
    cut = rng.choice(starts)
    return "\n".join([document[:cut], attack, document[cut:]])


def _fold(text: str) -> str:
    return " ".join(text.split())


def seen_in(dev: Path) -> Callable[[str], bool]:
    """Whether an attack sentence occurs in the development corpus (whitespace folded)."""
    if not dev.exists():
        return lambda _attack: False
    texts = [_fold(json.loads(line)["text"]) for line in dev.read_text(encoding="utf-8").split("\n") if line.strip()]
    blob = "\n".join(texts)
    return lambda attack: _fold(attack) in blob


def pages(folder: Path) -> list[str]:
    """Plain-text web pages (``*.txt``, ``*.md``) in name order."""
    return [p.read_text(encoding="utf-8").strip() for p in sorted(folder.glob("*")) if p.suffix in (".txt", ".md")]


def build(source: Path, split: str, dev: Path, page_dir: Path | None = None, page_licence: str = "",
          positions: tuple[str, ...] = POSITIONS) -> list[dict]:
    read = reader(source)
    seen = seen_in(dev)
    corpora: dict[str, tuple[list[str], str]] = {task: (documents(read, task, split), LICENCE) for task in TASKS}
    if page_dir is not None:
        corpora["web"] = (pages(page_dir), page_licence or "see --pages")
    rows: list[dict] = []

    def add(text: str, label: str, task: str, source_name: str, licence: str, **extra: object) -> None:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        rows.append({
            "id": f"{source_name}:{split}:{digest}", "text": text, "label": label,
            "category": "indirect" if label == "injection" else "benign_hard",
            "subcategory": str(extra.pop("subcategory", task)), "source": source_name, "lang": "en",
            "licence": licence, "split": split, **extra,
        })

    for task, (docs, licence) in corpora.items():
        if not docs:
            continue
        for doc in docs:
            add(doc, "benign", task, f"bipia_{task}_benign", licence, position="", seen_in_dev=False)
        kind = "code" if task == "code" else "text"
        for category, attack in attacks(read, kind, split):
            for position in positions:
                rng = random.Random(f"{split}|{task}|{position}|{attack}")
                text = plant(rng.choice(docs), attack, position, rng)
                add(text, "injection", task, f"bipia_{task}_{position}", LICENCE,
                    subcategory=category, position=position, seen_in_dev=seen(attack))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="BIPIA checkout or bare git directory")
    parser.add_argument("--split", choices=("train", "test"), default="test")
    parser.add_argument("--only", choices=("all", "seen", "unseen"), default="all",
                        help="keep the attacks that are (not) in the development corpus; benign rows always")
    parser.add_argument("--pages", type=Path, help="folder of plain-text web pages to plant attacks in too")
    parser.add_argument("--pages-licence", default="", help="licence of the --pages texts, stored in their rows")
    parser.add_argument("--dev", type=Path, default=DEFAULT_CORPUS, help="development corpus (seen_in_dev; its texts are dropped)")
    parser.add_argument("--inline", action="store_true",
                        help="plant each attack inside a paragraph at a sentence start (no line of its own) instead")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    rows = build(args.source, args.split, args.dev, args.pages, args.pages_licence,
                 ("inline",) if args.inline else POSITIONS)
    if args.only != "all":
        want = args.only == "seen"
        rows = [r for r in rows if r["label"] != "injection" or r["seen_in_dev"] is want]
    kept = write_new_rows(rows, args.dev, args.output)
    injections = [r for r in kept if r["label"] == "injection"]
    seen_count = sum(r["seen_in_dev"] for r in injections)
    print(f"{len(kept)} texts ({len(injections)} injections, {seen_count} with an attack seen in the dev corpus) "
          f"-> {args.output}  [{LICENCE}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
