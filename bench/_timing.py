"""Run a command several times and report wall, CPU and peak memory (shared by the benches)."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    name: str
    wall: float  # median seconds
    cpu: float  # median user+sys seconds of the command and its children
    rss_mb: float  # peak resident set of the largest process, MiB
    runs: int
    ok: bool


def measure(name: str, argv: Sequence[str], runs: int = 3, cwd: str | None = None,
            env: dict[str, str] | None = None, ok_codes: Sequence[int] = (0, 1)) -> Timing:
    walls: list[float] = []
    cpus: list[float] = []
    peak = 0.0
    ok = True
    for _ in range(runs):
        # GNU time measures each run's own peak RSS (ru_maxrss of the process tree's largest member).
        cmd = ["/usr/bin/time", "-f", "%e %U %S %M", *argv]
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, env={**os.environ, **(env or {})},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        walls.append(time.perf_counter() - start)
        last = proc.stderr.strip().splitlines()[-1].split()
        try:
            _, user, system, rss = (float(x) for x in last[-4:])
        except ValueError:
            user = system = rss = 0.0
        cpus.append(user + system)
        peak = max(peak, rss / 1024)
        if proc.returncode not in ok_codes:
            ok = False
            print(f"  {name}: exit {proc.returncode}: {proc.stderr.strip()[-300:]}")
    return Timing(name, statistics.median(walls), statistics.median(cpus), peak, runs, ok)


def table(rows: Sequence[Timing], baseline: str) -> str:
    base = next(r for r in rows if r.name == baseline)
    out = [f"{'tool':<28}{'wall s':>9}{'cpu s':>9}{'peak MiB':>10}{'x ' + baseline:>16}{'ok':>5}"]
    for r in rows:
        ratio = r.wall / base.wall if base.wall else float("nan")
        out.append(f"{r.name:<28}{r.wall:>9.2f}{r.cpu:>9.2f}{r.rss_mb:>10.1f}{ratio:>16.2f}{'yes' if r.ok else 'NO':>5}")
    return "\n".join(out)


_ = resource  # documented dependency: GNU time reads the same rusage fields
