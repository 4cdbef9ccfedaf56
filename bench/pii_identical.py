#!/usr/bin/env python3
"""Same redaction from two checkouts: digests of the redacted text, the mapping and every detection.

Each checkout runs in its own process (its ``aisec_cli`` first on ``sys.path``) over the
same inputs: the dense and mixed ``bench/pii_speed.py`` files (one worker and two, with the
mapping recorded and without) and every document of the PII dev corpus (``detect`` and
``redact_text`` per document). The digests must match line for line:

    python bench/pii_identical.py --compare-root /tmp/before
    python bench/pii_identical.py --root . --save /tmp/now.json      # digests only
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".work"
DEFAULT_FILES = (WORK / "pii_speed_dense_15mb_seed7.txt", WORK / "pii_speed_20mb_seed7.txt")
DEFAULT_CORPUS = Path("/work/shared/corpora/pii/dev")

DIGESTS = r"""
import hashlib, json, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from aisec_cli.pii.engine import Redactor
from aisec_cli.pii.model import PiiConfig
from aisec_cli.pii import detect

def h(data):
    return hashlib.sha256(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")).hexdigest()[:24]

def mapping_digest(mapping):
    body = {{
        "entries": sorted(mapping.entries.items()),
        "tokens": sorted(mapping.tokens.items()),
        "documents": json.dumps(mapping.documents, sort_keys=True),
        "reserved": sorted(mapping.reserved),
    }}
    return h(json.dumps(body, sort_keys=True))

out = {{}}
for name in {files!r}:
    for jobs in (1, 2):
        for record in (True, False):
            parts = []
            keep = record and jobs == 2
            with Redactor(PiiConfig(fmt="text"), jobs=jobs, keep_locations=keep, record_mapping=record,
                          chunk_chars={chunk}) as redactor:
                result, _ = redactor.redact_file(Path(name), "bench.txt", parts.append)
            key = f"{{Path(name).name}} jobs={{jobs}} record={{record}}"
            out[key + " text"] = h(b"".join(parts))
            out[key + " count"] = result.count
            if record:
                out[key + " mapping"] = mapping_digest(redactor.mapping)
            if keep:
                out[key + " locations"] = h(json.dumps([
                    (d.detection.start, d.detection.end, d.detection.entity, d.detection.recognizer,
                     round(d.detection.confidence, 6), d.line, d.column, d.end_line, d.end_column)
                    for d in result.detections]))
corpus = Path({corpus!r}) / "docs"
if corpus.is_dir():
    redactor = Redactor(PiiConfig())
    found, texts = [], []
    for doc in sorted(corpus.iterdir()):
        text = doc.read_text(encoding="utf-8")
        found.append([(d.start, d.end, d.entity, d.recognizer, round(d.confidence, 6)) for d in detect(text, PiiConfig())])
        texts.append(redactor.redact_text(text, doc.name)[0])
    out["corpus detections"] = h(json.dumps(found))
    out["corpus redacted"] = h(json.dumps(texts))
    out["corpus mapping"] = mapping_digest(redactor.mapping)
print(json.dumps(out))
"""


def digests(root: Path, files: list[str], corpus: Path, chunk: int) -> dict[str, object]:
    code = DIGESTS.format(root=str(root), files=files, corpus=str(corpus), chunk=chunk)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=str(root))
    if done.returncode != 0:
        raise SystemExit(f"{root}: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout under test (default: this one)")
    parser.add_argument("--compare-root", type=Path, help="the checkout whose output is the reference")
    parser.add_argument("--file", action="append", type=Path, help="input files (default: the bench's dense and mixed files)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--chunk", type=int, default=1 << 20, help="characters per chunk (default: the engine's)")
    parser.add_argument("--save", type=Path, help="write this checkout's digests here")
    parser.add_argument("--load", type=Path, help="reference digests saved earlier (instead of --compare-root)")
    args = parser.parse_args(argv)
    files = [str(p.resolve()) for p in (args.file or DEFAULT_FILES) if p.exists()]
    if not files:
        raise SystemExit("no input file: run bench/pii_speed.py (both profiles) first, or pass --file")
    mine = digests(args.root.resolve(), files, args.corpus, args.chunk)
    if args.save:
        args.save.write_text(json.dumps(mine, indent=1) + "\n", encoding="utf-8")
    reference = None
    if args.compare_root:
        reference = digests(args.compare_root.resolve(), files, args.corpus, args.chunk)
    elif args.load:
        reference = json.loads(args.load.read_text(encoding="utf-8"))
    if reference is None:
        print(json.dumps(mine, indent=1))
        return 0
    differ = [k for k in sorted(set(mine) | set(reference)) if mine.get(k) != reference.get(k)]
    for key in sorted(mine):
        print(f"{'same' if key not in differ else 'DIFF'}  {key}: {mine.get(key)}")
    for key in differ:
        if key not in mine:
            print(f"DIFF  {key}: missing here, reference {reference.get(key)}")
    print(f"{len(mine) - len(differ)} same, {len(differ)} different")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
