"""Data files nested 100k levels deep: an entry for the file, never a RecursionError, the rest goes on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DEPTH = 100_000
OK_NOTEBOOK = json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                      "source": ["from openai import OpenAI\n", "c = OpenAI(timeout=5)\n",
                                                 "r = c.chat.completions.create(model='m', max_tokens=5, messages=[])\n",
                                                 "exec(r.choices[0].message.content)\n"]}]}, indent=1)

def _in_tree(path: str) -> str:
    """A reported path as seen from the scanned folder ``tree``: paths are relative to the
    repository root, which is ``tree`` itself when it is a repository or holds the config,
    else the folder aisec runs in."""
    return path.removeprefix("tree/")



def _deep_tree(base: Path) -> Path:
    tree = base / "tree"
    (tree / "app").mkdir(parents=True)
    nest = "[" * DEPTH + "]" * DEPTH
    (tree / "data.json").write_text('{"prompt": "hello", "x": ' + nest + "}\n")
    (tree / "data.toml").write_text("x = " + nest + "\n")
    (tree / "deep.ipynb").write_text('{"cells": [' + nest + '], "x": "openai"}')
    (tree / "app" / "package.json").write_text('{"dependencies": ' + nest + "}\n")
    (tree / "app" / "pyproject.toml").write_text('[project]\nname = "a"\ndependencies = ' + nest + "\n")
    (tree / "ok.ipynb").write_text(OK_NOTEBOOK)
    return tree


def _run(args: list[str], cwd: Path) -> tuple[int, dict, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    out = subprocess.run([sys.executable, "-m", "aisec_cli", *args], cwd=cwd, capture_output=True, text=True,
                         timeout=120, env=env)
    assert "Traceback" not in out.stderr, out.stderr[-800:]
    assert "RecursionError" not in out.stdout + out.stderr, (args, out.stdout[-1500:], out.stderr[-800:])
    return out.returncode, json.loads(out.stdout), out.stderr


def test_every_engine_survives_deep_data(tmp_path: Path) -> None:
    _deep_tree(tmp_path)
    code, data, _ = _run(["scan", "-f", "json", "tree"], tmp_path)
    assert code == 0 and data["errors"] == []  # scan reads text; nothing to parse

    code, data, _ = _run(["lint", "-f", "json", "tree"], tmp_path)
    assert [_in_tree(f["location"]["path"]) for f in data["findings"]] == ["ok.ipynb"]  # the other notebook is analysed
    assert [(_in_tree(e["path"]), e["kind"]) for e in data["errors"]] == [("deep.ipynb", "error")]
    assert "nested too deeply" in data["errors"][0]["message"]

    code, data, _ = _run(["redact", "--check", "-f", "json", "tree"], tmp_path)
    assert code == 0, data["errors"]


def test_checklist_reports_deep_manifests_and_goes_on(tmp_path: Path) -> None:
    _deep_tree(tmp_path)
    _, data, _ = _run(["checklist", "-f", "json", "tree"], tmp_path)
    engines = data["extra"]["engines"]
    # each unread file leaves only the engine that needed it incomplete; the others report as usual
    assert {name for name, e in engines.items() if e["state"] == "broken"} == {"lint", "signals"}, engines
    deep = {_in_tree(e["path"]): e for e in data["errors"] if e["message"].startswith("signals: ")}
    assert set(deep) == {"app/package.json", "app/pyproject.toml"}, data["errors"]
    assert all(e["kind"] == "error" for e in deep.values())
