"""Wall time of `aisec lint` on one notebook of N code cells with a finding (growth with cells).

    python bench/notebook_cells.py [--cells 10000 40000 100000] [--runs 1] [--timeout 300]

Each notebook is written the way nbformat writes one (one source line per JSON line,
indent 1): a first cell that makes an OpenAI client, N one- or two-line code cells (some with
non-ASCII text, which nbformat writes unescaped), a markdown cell every tenth, and
one cell near the end that runs the model's reply with `exec` (lint findings), so the
findings path runs. Lint's cap on analysed code (2 MB by default) is raised in a config
file next to the notebooks, so every size is analysed in full. Linear lint time means each row is about (cells / previous cells)
times the one before.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def notebook(cells: int) -> str:
    out: list[dict[str, object]] = [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["from openai import OpenAI\n", "client = OpenAI()\n"]},
    ]
    for i in range(cells):
        if i % 10 == 9:
            out.append({"cell_type": "markdown", "metadata": {}, "source": [f"Step {i} — café\n"]})
            continue
        source = [f'v{i} = "é{i}"'] if i % 3 else [f"v{i} = {i}\n", f"print(v{i})"]
        out.append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source})
        if i == cells - 5:
            out.append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                        "source": ['reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])\n',
                                   "exec(reply.choices[0].message.content)"]})
    return json.dumps({"cells": out, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, nargs="+", default=[10_000, 40_000, 100_000])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    print(f"{'cells':>8}{'MiB':>8}{'wall s':>10}{'exit':>6}{'findings':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, ".aisec.toml").write_text("[lint]\nmax-file-bytes = 500000000\n", encoding="utf-8")
        for cells in args.cells:
            path = Path(tmp) / f"nb{cells}.ipynb"
            path.write_text(notebook(cells), encoding="utf-8")
            best = float("inf")
            code, found = -1, "?"
            for _ in range(args.runs):
                start = time.perf_counter()
                try:
                    proc = subprocess.run(
                        [sys.executable, "-m", "aisec_cli", "lint", "-f", "json", path.name],
                        cwd=tmp, capture_output=True, text=True, timeout=args.timeout,
                    )
                except subprocess.TimeoutExpired:
                    print(f"{cells:>8}{path.stat().st_size / 1048576:>8.1f}{'>' + str(int(args.timeout)):>10}{'-':>6}{'-':>10}")
                    break
                best = min(best, time.perf_counter() - start)
                code = proc.returncode
                try:
                    found = str(len(json.loads(proc.stdout)["findings"]))
                except (ValueError, KeyError):
                    found = "?"
            else:
                print(f"{cells:>8}{path.stat().st_size / 1048576:>8.1f}{best:>10.2f}{code:>6}{found:>10}")


if __name__ == "__main__":
    main()
