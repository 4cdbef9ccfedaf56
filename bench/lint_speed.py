"""Wall time of `aisec lint` against bandit and semgrep on the same tree, in one run.

    python bench/lint_speed.py TREE [--repeat 3] [--jobs 0] [--build] [--compare-with CHECKOUT]

``--build`` (re)creates TREE from the named sources in bench/lint_speed_tree.txt (pinned
distributions: copied from the installed ones when the versions match, else downloaded with
`pip download --no-deps`), so anyone can time the same tree. ``--compare-with`` also times
`aisec lint` from another checkout of aisec (a before/after pair in one run).

bandit runs its whole default plugin set over the Python files (it has no JS support and no
parallelism). semgrep cannot fetch registry rules offline, so it runs a local rule file
written here: taint rules (model output → exec/shell/SQL, innerHTML), and pattern rules for
missing max_tokens / timeout, trust_remote_code, torch.load, verify=False and
dangerouslyAllowBrowser — a fraction of what aisec checks. Each tool runs `--repeat`
times in turn; median wall time and median CPU time (user + system of the tool's processes,
which other load on the machine disturbs less) are reported with ratios to aisec.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEMGREP_RULES = """
rules:
  - id: llm-output-to-sink
    languages: [python]
    severity: ERROR
    message: model output reaches a dangerous sink
    mode: taint
    pattern-sources:
      - pattern: $C.chat.completions.create(...)
      - pattern: $C.messages.create(...)
      - pattern: $C.models.generate_content(...)
      - pattern: $L.invoke(...)
    pattern-sinks:
      - pattern: exec(...)
      - pattern: eval(...)
      - pattern: subprocess.run(..., shell=True, ...)
      - pattern: os.system(...)
      - pattern: $CUR.execute(...)
  - id: missing-max-tokens
    languages: [python]
    severity: WARNING
    message: chat completion without max_tokens
    patterns:
      - pattern: $C.chat.completions.create(...)
      - pattern-not: $C.chat.completions.create(..., max_tokens=$M, ...)
      - pattern-not: $C.chat.completions.create(..., max_completion_tokens=$M, ...)
      - pattern-not: $C.chat.completions.create(..., **$KW)
  - id: client-without-timeout
    languages: [python]
    severity: INFO
    message: client without timeout
    patterns:
      - pattern-either:
          - pattern: OpenAI(...)
          - pattern: Anthropic(...)
      - pattern-not: OpenAI(..., timeout=$T, ...)
      - pattern-not: Anthropic(..., timeout=$T, ...)
  - id: trust-remote-code
    languages: [python]
    severity: ERROR
    message: trust_remote_code=True
    pattern: $F(..., trust_remote_code=True, ...)
  - id: torch-load
    languages: [python]
    severity: WARNING
    message: torch.load without weights_only
    patterns:
      - pattern: torch.load(...)
      - pattern-not: torch.load(..., weights_only=True, ...)
  - id: verify-false
    languages: [python]
    severity: ERROR
    message: verify=False
    pattern: $F(..., verify=False, ...)
  - id: js-llm-output-to-sink
    languages: [javascript, typescript]
    severity: ERROR
    message: model output into innerHTML / eval
    mode: taint
    pattern-sources:
      - pattern: $C.chat.completions.create(...)
      - pattern: $C.messages.create(...)
    pattern-sinks:
      - pattern: $EL.innerHTML = $X
      - pattern: eval($X)
  - id: js-dangerously-allow-browser
    languages: [javascript, typescript]
    severity: ERROR
    message: dangerouslyAllowBrowser
    pattern: "{..., dangerouslyAllowBrowser: true, ...}"
"""


TREE_SOURCES = Path(__file__).with_name("lint_speed_tree.txt")
_CODE = (".py", ".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs")


def build_tree(tree: Path, sources: Path = TREE_SOURCES) -> None:
    """TREE ← the Python/JS/TS files of each pinned distribution in ``sources``."""
    import importlib.metadata as md
    import zipfile

    if tree.exists():
        shutil.rmtree(tree)
    tree.mkdir(parents=True)
    for line in sources.read_text(encoding="utf-8").splitlines():
        pin = line.split("#", 1)[0].strip()
        if not pin:
            continue
        name, _, version = pin.partition("==")
        dest = tree / f"{name}-{version}"
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            dist = None
        if dist is not None and dist.version == version:
            for f in dist.files or []:
                rel = str(f)
                if rel.endswith(_CODE) and "__pycache__" not in rel and not rel.startswith(".."):
                    target = dest / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(dist.locate_file(f), target)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:", "-d", tmp, pin], check=True)
            for wheel in Path(tmp).glob("*.whl"):
                with zipfile.ZipFile(wheel) as zf:
                    for member in zf.namelist():
                        if member.endswith(_CODE) and ".." not in member.split("/"):
                            target = dest / member
                            target.parent.mkdir(parents=True, exist_ok=True)
                            target.write_bytes(zf.read(member))


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the tool and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=env)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.stderr.write(f"{cmd[0]} exited {proc.returncode}: {proc.stderr.decode()[-400:]}\n")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def _count_lines(tree: Path) -> tuple[int, int, int]:
    py = js = lines = 0
    for root, dirs, files in os.walk(tree):
        dirs[:] = [d for d in dirs if d not in (".git", "node_modules")]
        for name in files:
            if name.endswith(".py"):
                py += 1
            elif name.endswith((".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".mts", ".cts")):
                js += 1
            else:
                continue
            with open(os.path.join(root, name), "rb") as fh:
                lines += fh.read().count(b"\n")
    return py, js, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=0, help="aisec / semgrep worker processes (0: all cores)")
    parser.add_argument("--build", action="store_true", help="(re)create TREE from bench/lint_speed_tree.txt first")
    parser.add_argument("--compare-with", type=Path, help="another aisec checkout to time too (before/after)")
    args = parser.parse_args(argv)
    tree = args.tree.resolve()
    if args.build:
        build_tree(tree)
    py, js, lines = _count_lines(tree)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"tree {tree}: {py} Python + {js} JS/TS files, {lines} lines, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules.yaml"
        rules.write_text(SEMGREP_RULES, encoding="utf-8")
        out = Path(tmp)
        tools: dict[str, list[str]] = {
            "aisec lint": [sys.executable, "-m", "aisec_cli", "lint", "--isolated", "-j", str(args.jobs), "-f", "json", "-o", str(out / "aisec.json"), "."],
        }
        envs: dict[str, dict[str, str]] = {"aisec lint": {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}}
        if args.compare_with is not None:
            other = args.compare_with.resolve()
            name = f"aisec lint ({other.name})"
            tools[name] = [*tools["aisec lint"][:-3], "-o", str(out / "other.json"), "."]
            envs[name] = {**os.environ, "PYTHONPATH": str(other)}
        if shutil.which("bandit"):
            tools["bandit"] = ["bandit", "-r", ".", "-q", "-f", "json", "-o", str(out / "bandit.json")]
        else:
            print("bandit: not installed (pip install bandit)")
        if shutil.which("semgrep"):
            jobs = ["-j", str(args.jobs)] if args.jobs else []
            tools["semgrep (local rules)"] = ["semgrep", "--config", str(rules), "--metrics=off", "--disable-version-check", "--json", "-o", str(out / "semgrep.json"), "-q", *jobs, "."]
        else:
            print("semgrep: not installed (pip install semgrep)")
        times: dict[str, list[float]] = {name: [] for name in tools}
        cpu: dict[str, list[float]] = {name: [] for name in tools}
        for _ in range(args.repeat):
            for name, cmd in tools.items():
                elapsed, used = _run(cmd, tree, envs.get(name))
                times[name].append(elapsed)
                cpu[name].append(used)
        counts = {}
        named = [("aisec lint", "aisec.json"), ("bandit", "bandit.json"), ("semgrep (local rules)", "semgrep.json")]
        named += [(n, "other.json") for n in tools if n.startswith("aisec lint (")]
        for name, file in named:
            path = out / file
            if path.exists():
                data = json.loads(path.read_text(encoding="utf-8"))
                counts[name] = len(data.get("findings", data.get("results", [])))
    base = statistics.median(times["aisec lint"])
    base_cpu = statistics.median(cpu["aisec lint"])
    print(f"load average before the runs: {load}")
    print(f"{'tool':24} {'wall s':>8} {'cpu s':>8} {'runs':>5} {'findings':>9} {'lines/s':>9} {'wall ratio':>11} {'cpu ratio':>10}")
    for name, values in times.items():
        med = statistics.median(values)
        med_cpu = statistics.median(cpu[name])
        print(
            f"{name:24} {med:8.2f} {med_cpu:8.2f} {len(values):5d} {counts.get(name, 0):9d} {lines / med:9.0f} "
            f"{med / base:10.2f}x {med_cpu / base_cpu:9.2f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
