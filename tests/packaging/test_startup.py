"""Start-up cost: each command imports only what it needs (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("typer", "rich", "pydantic", "jsonschema", "numpy", "phonenumbers", "tree_sitter", "cryptography", "git")

_PROBE = """
import json, sys
from aisec_cli.cli import main
code = main(json.loads(sys.argv[1]))
heavy = json.loads(sys.argv[2])
sys.stderr.write("MODULES=" + json.dumps(sorted(m for m in heavy if m in sys.modules)) + "\\n")
sys.exit(code)
"""


def loaded(args: list[str], cwd: Path) -> tuple[int, list[str], str]:
    """Exit code, the heavy modules imported, and standard output of ``aisec ARGS``."""
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**__import__("os").environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    line = next(x for x in out.stderr.splitlines() if x.startswith("MODULES="))
    return out.returncode, json.loads(line[len("MODULES="):]), out.stdout


def test_version_imports_nothing_heavy(tmp_path: Path) -> None:
    code, modules, stdout = loaded(["--version"], tmp_path)
    assert code == 0
    assert stdout.startswith("aisec ")
    assert modules == []


def test_scan_of_an_empty_folder_skips_optional_engines(tmp_path: Path) -> None:
    code, modules, _ = loaded(["scan", str(tmp_path)], tmp_path)
    assert code == 0
    for name in ("jsonschema", "numpy", "phonenumbers", "tree_sitter", "cryptography", "git"):
        assert name not in modules


def test_help_still_lists_every_command(aisec) -> None:  # type: ignore[no-untyped-def]
    result = aisec("--help")
    assert result.code == 0
    for command in ("scan", "lint", "prompts", "redact", "restore", "checklist", "rules", "hooks", "init"):
        assert command in result.stdout


def test_one_subcommand_runs_with_only_its_module(tmp_path: Path) -> None:
    code, _, stdout = loaded(["rules", "--family", "secrets"], tmp_path)
    assert code == 0
    assert "KEY001" in stdout


def test_hook_entries_on_file_names_skip_typer(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("import os\nkey = os.environ['OPENAI_API_KEY']\n")
    for args in (["scan", "--format", "hook", "app.py"], ["hooks", "run", "app.py"]):
        code, modules, stdout = loaded(args, tmp_path)
        assert code == 0 and stdout == ""
        assert "typer" not in modules and "rich" not in modules, args


def test_hooks_on_named_files_skip_pool_gitignore_and_yaml_modules(tmp_path: Path) -> None:
    # a handful of named files stays in-process, the default excludes need no pathspec, no
    # number validator is imported before a candidate needs it, and
    # with the rule files' parse in the disk cache (any run after the first) no YAML is read
    (tmp_path / "app.py").write_text("import os\nkey = os.environ['OPENAI_API_KEY']\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "people.csv").write_text("id,plan\n1,basic\n")
    probe = ("pathspec", "multiprocessing", "concurrent.futures", "yaml", "stdnum")
    env = {
        **__import__("os").environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "AISEC_CACHE_DIR": str(tmp_path / "cache"),
    }
    for args in (
        ["scan", "--format", "hook", "app.py"],
        ["lint", "--format", "hook", "app.py"],
        ["redact", "--check", "--format", "hook", "data/people.csv"],
    ):
        command = [sys.executable, "-c", _PROBE, json.dumps(args), json.dumps(probe)]
        subprocess.run(command, capture_output=True, cwd=tmp_path, env=env)  # fills the cache
        out = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=env)
        line = next(x for x in out.stderr.splitlines() if x.startswith("MODULES="))
        assert out.returncode == 0, (args, out.stdout, out.stderr)
        assert json.loads(line[len("MODULES="):]) == [], args
