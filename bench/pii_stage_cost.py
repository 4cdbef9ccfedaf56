#!/usr/bin/env python3
"""Where the CPU of a redaction goes: seconds per recogniser and per shared stage, one process.

Wraps, in one process, every recogniser of the registry, the shared RE2 pass, the keyword
scan, the resolver and the redaction (tags included) with ``time.process_time`` and redacts
the first ``--mb`` megabytes of a file (default: the dense file of ``bench/pii_speed.py``)
once to compile what it needs and then ``--repeat`` times, keeping each stage's least time.
Nested stages overlap: the shared pass and the keyword scan run inside the first recogniser
that asks for them, so the recognisers' rows include them. CPU seconds, so a busy machine
distorts it less than wall time; ``--root`` measures another checkout the same way.

    python bench/pii_stage_cost.py --mb 3
    python bench/pii_stage_cost.py --mb 3 --root /tmp/before
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT / "bench" / ".work" / "pii_speed_dense_15mb_seed7.txt"

STAGES = r"""
import collections, json, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
import aisec_cli.pii.detect
import aisec_cli.pii.engine as engine
import aisec_cli.pii.keywords as keywords
import aisec_cli.core.regex as core_regex
from aisec_cli.pii.model import PiiConfig
from aisec_cli.pii.recognizers import REGISTRY
detect_module = sys.modules["aisec_cli.pii.detect"]
spent = collections.Counter()

def timed(name, call):
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return call(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - started
    return wrapper

detect_module.REGISTRY = tuple((entities, timed(f.__name__, f)) for entities, f in REGISTRY)
detect_module.resolve = timed("resolve (overlaps)", detect_module.resolve)
engine.redact_spans = timed("redact_spans (tags, output)", engine.redact_spans)
engine.detect_spans = timed("detect (all recognisers)", engine.detect_spans)
core_regex.SHARED.run = timed("shared RE2 pass (in a recogniser)", core_regex.SHARED.run)
keywords.KeywordTable.scan = timed("keyword scan (in a recogniser)", keywords.KeywordTable.scan)

text = Path({path!r}).read_text(encoding="utf-8")[: int({mb} * 1_000_000)]
sample = Path("/dev/shm" if Path("/dev/shm").is_dir() else "/tmp") / "aisec-stage-cost.txt"
sample.write_text(text, encoding="utf-8")
best = {{}}
try:
    for round in range({repeat} + 1):
        spent.clear()
        started = time.process_time()
        with engine.Redactor(PiiConfig(fmt="text"), jobs=1, keep_locations=False, record_mapping=False) as redactor:
            result, _ = redactor.redact_file(sample, "bench.txt", lambda data: None)
        spent["total"] = time.process_time() - started
        if round == 0:
            continue  # compiles what the text needs
        for name, seconds in spent.items():
            best[name] = min(best.get(name, seconds), seconds)
finally:
    sample.unlink()
print(json.dumps({{"bytes": len(text.encode("utf-8")), "detections": result.count, "stages": best}}))
"""


def measure(root: Path, path: Path, mb: float, repeat: int) -> dict[str, object]:
    code = STAGES.format(root=str(root), path=str(path), mb=mb, repeat=repeat)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr.strip()[-2000:])
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--mb", type=float, default=3.0, help="megabytes of the file's start (default 3)")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs after the first; the least is kept")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    args = parser.parse_args(argv)
    if not args.file.exists():
        raise SystemExit(f"{args.file}: run bench/pii_speed.py --profile dense first, or pass --file")
    found = measure(args.root.resolve(), args.file, args.mb, args.repeat)
    stages: dict[str, float] = found["stages"]  # type: ignore[assignment]
    total = stages.get("total", 0.0) or 1e-9
    megabytes = found["bytes"] / 1e6  # type: ignore[operator]
    print(f"{args.root}: {megabytes:.1f} MB, {found['detections']} detections, "
          f"{total:.2f} CPU s, {megabytes / total:.2f} MB per CPU-second")
    for name, seconds in sorted(stages.items(), key=lambda item: -item[1]):
        if name != "total" and seconds >= 0.0005:
            print(f"  {name:<40}{seconds:>8.3f} s {100 * seconds / total:>6.1f} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
