#!/usr/bin/env python3
"""Score the PII detector on a labelled corpus (default: ../shared/corpora/pii/dev).

Prints, per entity, precision / recall / F1 by exact span and by overlap, the share of hard
negatives touched (overall and per kind) and the share of PII characters left unredacted.
The corpus is split in two stable halves by a hash of the document name, so rules can be
tuned on one half and checked on the other (``--split tune|check|all|both``).

    python bench/pii_eval.py                       # both halves and the whole set
    python bench/pii_eval.py --split check --errors PERSON --limit 40
    python bench/pii_eval.py --synthetic 400     # generated documents, independent phrasings
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aisec_cli.pii import PiiConfig, detect  # noqa: E402
from aisec_cli.pii.entities import ENTITY_LIST  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "pii" / "dev"


def half(name: str) -> str:
    return "tune" if zlib.crc32(name.encode()) % 2 == 0 else "check"


def load(corpus: Path) -> tuple[list[str], dict[str, list[dict]], dict[str, list[dict]]]:
    docs = sorted(p.name for p in (corpus / "docs").iterdir() if p.is_file())
    labels: dict[str, list[dict]] = defaultdict(list)
    negatives: dict[str, list[dict]] = defaultdict(list)
    for line in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        labels[row["doc"]].append(row)
    negatives_file = corpus / "negatives.jsonl"
    if negatives_file.exists():
        for line in negatives_file.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            negatives[row["doc"]].append(row)
    return docs, labels, negatives


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# ``--min-confidence``: score a run that reports detections down to this confidence (None: the default).
MIN_CONFIDENCE: float | None = None


def _config(name: str) -> PiiConfig:
    return PiiConfig(path=name) if MIN_CONFIDENCE is None else PiiConfig(path=name, min_confidence=MIN_CONFIDENCE)


def score(corpus: Path, names: list[str], labels, negatives, errors: str | None, limit: int) -> dict:
    pred_n: Counter[str] = Counter()
    gold_n: Counter[str] = Counter()
    tp_pred_exact: Counter[str] = Counter()
    tp_pred_overlap: Counter[str] = Counter()
    tp_gold_exact: Counter[str] = Counter()
    tp_gold_overlap: Counter[str] = Counter()
    neg_total: Counter[str] = Counter()
    neg_hit: Counter[str] = Counter()
    neg_by: dict[str, Counter[str]] = defaultdict(Counter)
    gold_chars = 0
    leaked_chars = 0
    shown = 0
    elapsed = 0.0
    size = 0
    for name in names:
        text = (corpus / "docs" / name).read_text(encoding="utf-8")
        size += len(text.encode("utf-8"))
        started = time.perf_counter()
        found = detect(text, _config(name))
        elapsed += time.perf_counter() - started
        gold = labels.get(name, [])
        covered = bytearray(len(text))
        for d in found:
            covered[d.start : d.end] = b"\x01" * (d.end - d.start)
            pred_n[d.entity] += 1
            same = [g for g in gold if g["entity"] == d.entity]
            if any(g["start"] == d.start and g["end"] == d.end for g in same):
                tp_pred_exact[d.entity] += 1
            if any(overlaps((g["start"], g["end"]), (d.start, d.end)) for g in same):
                tp_pred_overlap[d.entity] += 1
            elif errors in (d.entity, "ALL") and shown < limit:
                shown += 1
                ctx = text[max(0, d.start - 40) : d.start]
                print(f"FP {d.entity:<14} {d.recognizer:<18} {name[:24]:<24} …{ctx!r} [[{text[d.start:d.end]!r}]] {text[d.end:d.end+20]!r}")
        for g in gold:
            entity = g["entity"]
            gold_n[entity] += 1
            span = (g["start"], g["end"])
            gold_chars += span[1] - span[0]
            leaked_chars += span[1] - span[0] - sum(covered[span[0] : span[1]])
            same = [d for d in found if d.entity == entity]
            if any(d.start == span[0] and d.end == span[1] for d in same):
                tp_gold_exact[entity] += 1
            if any(overlaps((d.start, d.end), span) for d in same):
                tp_gold_overlap[entity] += 1
                if errors == entity + "~" and shown < limit:
                    d = next(d for d in same if overlaps((d.start, d.end), span))
                    if (d.start, d.end) != span:
                        shown += 1
                        print(f"SPAN {entity:<12} {name[:24]:<24} gold={g['text']!r} got={text[d.start:d.end]!r}")
            elif errors in (entity, "ALL") and shown < limit:
                shown += 1
                other = [f"{d.entity}:{text[d.start:d.end]!r}" for d in found if overlaps((d.start, d.end), span)]
                ctx = text[max(0, span[0] - 50) : span[0]]
                print(f"FN {entity:<14} {name[:24]:<24} …{ctx!r} [[{g['text']!r}]] {text[span[1]:span[1]+25]!r} {other}")
        for n in negatives.get(name, []):
            kind = n["kind"]
            neg_total[kind] += 1
            hits = [d for d in found if overlaps((d.start, d.end), (n["start"], n["end"]))]
            if hits:
                neg_hit[kind] += 1
                for d in hits:
                    neg_by[kind][d.entity] += 1
                if errors in ("NEG", "NEG:" + kind) and shown < limit:
                    shown += 1
                    print(f"NEG {kind:<16} {n['text']!r} <- {[ (d.entity, d.recognizer, text[d.start:d.end]) for d in hits]}")
    return {
        "docs": len(names),
        "bytes": size,
        "seconds": elapsed,
        "pred": pred_n,
        "gold": gold_n,
        "tp_pred_exact": tp_pred_exact,
        "tp_pred_overlap": tp_pred_overlap,
        "tp_gold_exact": tp_gold_exact,
        "tp_gold_overlap": tp_gold_overlap,
        "neg_total": neg_total,
        "neg_hit": neg_hit,
        "neg_by": neg_by,
        "gold_chars": gold_chars,
        "leaked_chars": leaked_chars,
    }


def prf(tp_pred: int, pred: int, tp_gold: int, gold: int) -> tuple[float, float, float]:
    p = tp_pred / pred if pred else (1.0 if not gold else 0.0)
    r = tp_gold / gold if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def summary(result: dict) -> dict:
    rows = {}
    entities = [e.name for e in ENTITY_LIST if result["gold"][e.name] or result["pred"][e.name]]
    for entity in entities:
        ex = prf(result["tp_pred_exact"][entity], result["pred"][entity], result["tp_gold_exact"][entity], result["gold"][entity])
        ov = prf(result["tp_pred_overlap"][entity], result["pred"][entity], result["tp_gold_overlap"][entity], result["gold"][entity])
        rows[entity] = {"gold": result["gold"][entity], "pred": result["pred"][entity], "exact": ex, "overlap": ov}
    micro_ov = prf(
        sum(result["tp_pred_overlap"].values()), sum(result["pred"].values()),
        sum(result["tp_gold_overlap"].values()), sum(result["gold"].values()),
    )
    micro_ex = prf(
        sum(result["tp_pred_exact"].values()), sum(result["pred"].values()),
        sum(result["tp_gold_exact"].values()), sum(result["gold"].values()),
    )
    neg_total = sum(result["neg_total"].values())
    neg_hit = sum(result["neg_hit"].values())
    return {
        "entities": rows,
        "micro_exact": micro_ex,
        "micro_overlap": micro_ov,
        "hard_negative_hit_rate": neg_hit / neg_total if neg_total else 0.0,
        "hard_negatives": {k: [result["neg_hit"][k], v, dict(result["neg_by"][k])] for k, v in sorted(result["neg_total"].items())},
        "pii_chars_left": result["leaked_chars"] / result["gold_chars"] if result["gold_chars"] else 0.0,
        "docs": result["docs"],
        "mb_per_s": result["bytes"] / 1e6 / result["seconds"] if result["seconds"] else 0.0,
    }


def render(title: str, s: dict) -> str:
    lines = [f"== {title}: {s['docs']} documents, detector speed {s['mb_per_s']:.2f} MB/s (per document, one core)"]
    lines.append(f"{'entity':<22}{'gold':>6}{'pred':>6}   {'exact P/R/F1':<20} {'overlap P/R/F1':<20}")
    for entity, row in s["entities"].items():
        ex, ov = row["exact"], row["overlap"]
        lines.append(
            f"{entity:<22}{row['gold']:>6}{row['pred']:>6}   "
            f"{ex[0]:.3f}/{ex[1]:.3f}/{ex[2]:.3f}    {ov[0]:.3f}/{ov[1]:.3f}/{ov[2]:.3f}"
        )
    me, mo = s["micro_exact"], s["micro_overlap"]
    lines.append(f"{'micro':<34}{me[0]:.3f}/{me[1]:.3f}/{me[2]:.3f}    {mo[0]:.3f}/{mo[1]:.3f}/{mo[2]:.3f}")
    lines.append(f"hard negatives touched: {s['hard_negative_hit_rate']:.4f}")
    for kind, (hit, total, by) in s["hard_negatives"].items():
        if hit:
            lines.append(f"   {kind:<18} {hit}/{total}  {by}")
    lines.append(f"PII characters left unredacted: {s['pii_chars_left']:.4f}")
    return "\n".join(lines)


# ---- an independent, generated check set ------------------------------------------------------
# Phrasings, names and layouts written for this script (not taken from the corpus), so the
# score says how the rules carry over to text they were not tuned on. {slot} is filled with a
# generated value of that entity and its span recorded; {~slot} is a hard negative.
_TEMPLATES = (
    "Quick note from {PERSON}: please update my contact to {EMAIL} and {PHONE}.\n",
    "Kindly send the documents to {STREET_ADDRESS} before Monday.\n",
    "Applicant born {DATE_OF_BIRTH}; passport {PASSPORT} issued 2019.\n",
    "Beneficiary account: {IBAN} (ref {~ORDER})\n",
    "Payment failed for card {CREDIT_CARD}; the earlier attempt used {~BADCARD}.\n",
    "[{~TIME}] {PERSON}: can you call me back on {PHONE}?\n",
    "{~STAMP} WARN auth.failed user={EMAIL} src={IP_ADDRESS} build={~VERSION}\n",
    "{~STAMP} INFO device.online hw={MAC_ADDRESS} request={~UUID}\n",
    "export SERVICE_TOKEN={API_KEY}\n",
    "Authorization: Bearer {JWT}\n",
    "db_password = \"{PASSWORD}\"\n",
    "REDIS_URL=redis://cache:{~PWFRAG}@{~HOST}:6379/0\n",
    "Refund in BTC to {CRYPTO_WALLET} please.\n",
    "Employee SSN {US_SSN}, DL# {US_DRIVER_LICENSE}.\n",
    "Best wishes,\n{PERSON}\n\n",
    "Template contact: {~EXAMPLE_EMAIL}; invoice {~ORDER} shipped {~DATE}.\n",
    "Sehr geehrte Frau {PERSON_LAST},\nbitte an {STREET_ADDRESS_DE} liefern.\n",
    "Bonjour {PERSON_FIRST}, votre date de naissance : {DATE_OF_BIRTH}.\n",
    '{{"customer_name": "{PERSON}", "mobile": "{PHONE}", "addr": "{STREET_ADDRESS}", "sha": "{~HASH}"}}\n',
)
_FIRST = ("Henrik", "Maren", "Tobias", "Ingrid", "Rafael", "Beatriz", "Emil", "Jonas", "Clara", "Marta", "Luca", "Sofia", "Noah", "Elena", "Oscar", "Alice")
_LAST = ("Lindqvist", "Okafor", "Haugen", "Brennan", "Kowalczyk", "Dubois", "Moretti", "Navarro", "Jansen", "Schneider", "Ferreira", "Novak")
_STREETS_EN = ("Harbor View Road", "Old Mill Lane", "Cedar Avenue", "King's Parade", "Meadow Close")
_CITIES_EN = ("Portland, OR 97205", "Bristol, BS1 5TR", "Austin, TX 73301", "Leeds, LS2 7HY")


def _synthetic(n: int, seed: int) -> list[tuple[str, list[dict], list[dict]]]:
    import random

    sys.path.insert(0, str(ROOT))
    from bench.pii_speed import iban as make_iban
    from bench.pii_speed import ipv4, luhn_complete, uuid

    rng = random.Random(seed)
    alnum = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"

    def b58check() -> str:
        import hashlib

        alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
        raw = b"\x05" + bytes(rng.randrange(256) for _ in range(20))
        raw += hashlib.sha256(hashlib.sha256(raw).digest()).digest()[:4]
        num, out = int.from_bytes(raw, "big"), ""
        while num:
            num, r = divmod(num, 58)
            out = alphabet[r] + out
        return out

    def ssn() -> str:
        return f"{rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"

    def jwt() -> str:
        import base64

        def seg(obj: str) -> str:
            return base64.urlsafe_b64encode(obj.encode()).decode().rstrip("=")

        return seg('{"alg":"RS256","typ":"JWT"}') + "." + seg('{"sub":"%d"}' % rng.randint(1, 10**6)) + "." + "".join(rng.choice(alnum.lower()) for _ in range(43))

    fill = {
        "PERSON": lambda: f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
        "PERSON_FIRST": lambda: rng.choice(_FIRST),
        "PERSON_LAST": lambda: rng.choice(_LAST),
        "EMAIL": lambda: f"{rng.choice(_FIRST).lower()}.{rng.choice(_LAST).lower()}@{rng.choice(('fastmail.com', 'mailbox.org', 'proton.me'))}",
        "PHONE": lambda: rng.choice((f"+1 (312) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}", f"+44 7700 {rng.randint(100000, 999999)}", f"+49 30 {rng.randint(2000000, 9999999)}", f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}")),
        "STREET_ADDRESS": lambda: f"{rng.randint(2, 990)} {rng.choice(_STREETS_EN)}, {rng.choice(_CITIES_EN)}",
        "STREET_ADDRESS_DE": lambda: f"{rng.choice(('Ahornweg', 'Mühlenstraße', 'Kirchgasse'))} {rng.randint(1, 120)}, {rng.randint(10000, 99999)} {rng.choice(('Bonn', 'Kassel', 'Jena'))}",
        "DATE_OF_BIRTH": lambda: f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1940, 2005)}",
        "PASSPORT": lambda: "".join(rng.choice(alnum) for _ in range(9)),
        "IBAN": lambda: make_iban(rng),
        "CREDIT_CARD": lambda: (lambda p: luhn_complete(p, 15 if p == "37" else 16, rng))(rng.choice(("4", "51", "2221", "37"))),
        "IP_ADDRESS": lambda: ipv4(rng),
        "MAC_ADDRESS": lambda: ":".join(f"{rng.randint(16, 254):02x}" for _ in range(6)),
        "API_KEY": lambda: "gh" + "p_" + "".join(rng.choice(alnum + "abcdefghijkmnopqrstuvwxyz") for _ in range(36)),
        "JWT": jwt,
        "PASSWORD": lambda: "".join(rng.choice("abcdefghjkmnpqrstuvwxyzABCDEFGH23456789!#%&") for _ in range(14)),
        "CRYPTO_WALLET": b58check,
        "US_SSN": ssn,
        "US_DRIVER_LICENSE": lambda: rng.choice("ABCDEFGHJKLMNPRSTUVWXY") + "".join(rng.choice("0123456789") for _ in range(7)),
        "~ORDER": lambda: f"ORD-{rng.randint(100000, 999999)}",
        "~BADCARD": lambda: (lambda c: c[:-1] + str((int(c[-1]) + 1) % 10))(luhn_complete("4", 16, rng)),
        "~TIME": lambda: f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
        "~STAMP": lambda: f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T1{rng.randint(0, 9)}:0{rng.randint(0, 9)}:00Z",
        "~VERSION": lambda: f"{rng.randint(1, 12)}.{rng.randint(0, 20)}.{rng.randint(0, 30)}.{rng.randint(0, 250)}",
        "~UUID": lambda: uuid(rng),
        "~PWFRAG": lambda: "${REDIS_PASSWORD}",
        "~HOST": lambda: "cache.internal",
        "~EXAMPLE_EMAIL": lambda: f"{rng.choice(('support', 'noreply', 'jane.doe'))}@example.com",
        "~DATE": lambda: f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.2025",
        "~HASH": lambda: "".join(rng.choice("0123456789abcdef") for _ in range(40)),
    }
    docs = []
    for _ in range(n):
        text, labels, negatives = "", [], []
        for template in rng.sample(_TEMPLATES, rng.randint(3, 7)):
            pos = 0
            for match in re.finditer(r"\{(~?[A-Z_]+)\}", template):
                text += template[pos : match.start()].replace("{{", "{").replace("}}", "}")
                slot = match.group(1)
                value = fill[slot]()
                start = len(text)
                text += value
                if slot.startswith("~"):
                    negatives.append({"start": start, "end": len(text), "kind": slot[1:], "text": value})
                else:
                    entity = slot.split("_FIRST")[0].split("_LAST")[0].replace("STREET_ADDRESS_DE", "STREET_ADDRESS")
                    labels.append({"start": start, "end": len(text), "entity": entity, "text": value})
                pos = match.end()
            text += template[pos:].replace("{{", "{").replace("}}", "}")
        docs.append((text, labels, negatives))
    return docs


def score_documents(documents: Iterable[tuple[str, str, list[dict], list[dict]]], errors: str | None, limit: int) -> dict:
    """Score generated ``(name, text, labels, negatives)`` documents through the corpus counters."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder)
        (corpus / "docs").mkdir()
        labels: dict[str, list[dict]] = defaultdict(list)
        negatives: dict[str, list[dict]] = defaultdict(list)
        names = []
        for name, text, doc_labels, doc_negatives in documents:
            names.append(name)
            (corpus / "docs" / name).write_text(text, encoding="utf-8")
            labels[name].extend({**row, "doc": name} for row in doc_labels)
            negatives[name].extend({**row, "doc": name} for row in doc_negatives)
        return score(corpus, names, labels, negatives, errors, limit)


def score_synthetic(n: int, seed: int, errors: str | None, limit: int) -> dict:
    """Score generated documents through the same counters as the corpus."""
    documents = (
        (f"synthetic_{index:04d}.txt", text, doc_labels, doc_negatives)
        for index, (text, doc_labels, doc_negatives) in enumerate(_synthetic(n, seed))
    )
    return score_documents(documents, errors, limit)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--split", choices=["tune", "check", "all", "both"], default="both")
    parser.add_argument("--errors", help="print false positives/negatives of ENTITY (ALL, NEG, NEG:KIND, ENTITY~ for span mismatches)")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument(
        "--synthetic",
        type=int,
        metavar="N",
        help="instead of the corpus, score N generated documents (phrasings written for this script)",
    )
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--min-confidence", type=float, help="report detections down to this confidence (default: 0.5)")
    args = parser.parse_args(argv)
    global MIN_CONFIDENCE
    MIN_CONFIDENCE = args.min_confidence
    if args.synthetic:
        summary_ = summary(score_synthetic(args.synthetic, args.seed, args.errors, args.limit))
        print(json.dumps(summary_, indent=2) if args.json else render(f"synthetic (seed {args.seed})", summary_))
        return 0
    docs, labels, negatives = load(args.corpus)
    splits = {"tune": [d for d in docs if half(d) == "tune"], "check": [d for d in docs if half(d) == "check"], "all": docs}
    wanted = ["tune", "check", "all"] if args.split == "both" else [args.split]
    out = {}
    for split in wanted:
        result = score(args.corpus, splits[split], labels, negatives, args.errors, args.limit)
        out[split] = summary(result)
        if not args.json:
            print(render(split, out[split]))
            print()
    if args.json:
        print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
