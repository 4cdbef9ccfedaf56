"""`--fix` / `--diff` for AIS101 and the `aisec lint` command on real folders."""

from __future__ import annotations

import json
from pathlib import Path

from aisec_cli.cli import main
from aisec_cli.core.document import Document
from aisec_cli.lint import LintSettings, lint_document
from aisec_cli.lint.fixes import env_example_update, plan_fixes, unified_diff
from tests.keyfactory import KeyFactory


def _fix(path: str, text: str):  # type: ignore[no-untyped-def]
    doc = Document(path, text)
    findings, _ = lint_document(doc, LintSettings())
    return plan_fixes(doc, findings)


def test_python_literal_becomes_environment_lookup(keys: KeyFactory) -> None:
    key = keys.openai_project()
    text = f'"""App."""\nfrom openai import OpenAI\n\nclient = OpenAI(api_key="{key}", timeout=5)\n'
    patch = _fix("app.py", text)
    assert patch is not None and patch.env_vars == ("OPENAI_API_KEY",)
    assert key not in patch.updated
    assert 'OpenAI(api_key=os.environ["OPENAI_API_KEY"], timeout=5)' in patch.updated
    assert patch.updated.splitlines()[1] == "import os"  # after the docstring
    compile(patch.updated, "app.py", "exec")
    diff = unified_diff(patch)
    assert key not in diff and "sk-proj-…" in diff and '+client = OpenAI(api_key=os.environ["OPENAI_API_KEY"]' in diff


def test_constant_name_is_kept_as_variable_name(keys: KeyFactory) -> None:
    text = f'import os\nimport anthropic\nMY_CLAUDE_KEY = "{keys.anthropic()}"\nc = anthropic.Anthropic(api_key=MY_CLAUDE_KEY, timeout=5)\n'
    patch = _fix("app.py", text)
    assert patch is not None and 'MY_CLAUDE_KEY = os.environ["MY_CLAUDE_KEY"]' in patch.updated
    assert patch.updated.count("import os") == 1


def test_bearer_header_and_js(keys: KeyFactory) -> None:
    key = keys.groq()
    text = f'import requests\nH = {{"Authorization": "Bearer {key}"}}\n'
    patch = _fix("h.py", text)
    assert patch is not None and "f\"Bearer {os.environ['GROQ_API_KEY']}\"" in patch.updated
    js = f'import OpenAI from "openai";\nexport const c = new OpenAI({{ apiKey: "{keys.openai_project()}", timeout: 5 }});\n'
    jpatch = _fix("c.ts", js)
    assert jpatch is not None and "apiKey: process.env.OPENAI_API_KEY," in jpatch.updated


def test_env_assignment_is_not_rewritten(keys: KeyFactory) -> None:
    text = f'import os\nos.environ["GROQ_API_KEY"] = "{keys.groq()}"\n'
    patch = _fix("e.py", text)
    assert patch is not None and not patch.changed and patch.skipped


def test_env_example_update() -> None:
    assert env_example_update(None, ["A_KEY"]) == "A_KEY=\n"
    assert env_example_update("A_KEY=\nB=1", ["A_KEY", "C_TOKEN", "C_TOKEN"]) == "A_KEY=\nB=1\nC_TOKEN=\n"
    assert env_example_update("A_KEY=x\n", ["A_KEY"]) is None


def _project(tmp_path: Path, keys: KeyFactory) -> tuple[Path, str]:
    key = keys.openai_project()
    (tmp_path / "app.py").write_text(f'from openai import OpenAI\n\nclient = OpenAI(api_key="{key}", timeout=5)\n', encoding="utf-8")
    (tmp_path / "tool.py").write_text(
        "import subprocess\nfrom langchain_core.tools import tool\n\n\n@tool\ndef sh(cmd: str) -> str:\n"
        '    """Run."""\n    return subprocess.check_output(cmd, shell=True, text=True)\n',
        encoding="utf-8",
    )
    (tmp_path / "broken.py").write_text("import openai\ndef f(:\n", encoding="utf-8")
    return tmp_path, key


def test_cli_json_report_and_exit_code(tmp_path: Path, keys: KeyFactory, capsys) -> None:  # type: ignore[no-untyped-def]
    root, key = _project(tmp_path, keys)
    code = main(["lint", "--isolated", "-f", "json", str(root)])
    out = capsys.readouterr()
    assert code == 1
    report = json.loads(out.out)
    got = {(f["rule_id"], f["location"]["path"], f["location"]["line"]) for f in report["findings"]}
    assert got == {("AIS101", "app.py", 3), ("AIS302", "tool.py", 8)}
    assert key not in out.out and key not in out.err
    assert any("broken.py" in e["path"] for e in report["errors"])


def test_cli_diff_changes_nothing_and_fix_rewrites(tmp_path: Path, keys: KeyFactory, capsys) -> None:  # type: ignore[no-untyped-def]
    root, key = _project(tmp_path, keys)
    before = (root / "app.py").read_text(encoding="utf-8")
    assert main(["lint", "--isolated", "--diff", str(root)]) == 1  # fixes pending (as ruff does)
    out = capsys.readouterr().out
    assert "+OPENAI_API_KEY=" in out and key not in out
    assert (root / "app.py").read_text(encoding="utf-8") == before and not (root / ".env.example").exists()
    code = main(["lint", "--isolated", "--fix", "-f", "json", str(root)])
    report = json.loads(capsys.readouterr().out)
    assert code == 1  # the shell finding cannot be fixed mechanically
    assert {f["rule_id"] for f in report["findings"]} == {"AIS302"}
    assert key not in (root / "app.py").read_text(encoding="utf-8")
    assert (root / ".env.example").read_text(encoding="utf-8") == "OPENAI_API_KEY=\n"


def test_cli_inline_suppression_and_profile(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "m.py").write_text(
        "import torch\nfrom transformers import AutoModel\n"
        "state = torch.load('x.pt', weights_only=False)  # aisec: ignore[AIS504] trusted local file\n"
        "m = AutoModel.from_pretrained('org/model')\n",
        encoding="utf-8",
    )
    assert main(["lint", "--isolated", "-f", "json", str(tmp_path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["findings"] == [] and len(report["suppressed"]) == 1
    assert main(["lint", "--isolated", "--profile", "audit", "-f", "json", str(tmp_path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [f["rule_id"] for f in report["findings"]] == ["AIS505"]


def test_cli_config_section(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "pyproject.toml").write_text('[tool.aisec.lint]\nsanitizers = ["sandbox.run_checked"]\n', encoding="utf-8")
    (tmp_path / "a.py").write_text(
        "from openai import OpenAI\nfrom sandbox import run_checked\nc = OpenAI(timeout=5)\n"
        "r = c.chat.completions.create(model='m', max_tokens=5, messages=[])\n"
        "exec(run_checked(r.choices[0].message.content))\n",
        encoding="utf-8",
    )
    assert main(["lint", "-f", "json", str(tmp_path)]) == 0
    (tmp_path / "pyproject.toml").write_text('[tool.aisec.lint]\nsanitise = ["x"]\n', encoding="utf-8")
    assert main(["lint", "-f", "json", str(tmp_path)]) == 2
    assert "lint.sanitise" in capsys.readouterr().err


def test_timeout_fix_python_and_js() -> None:
    text = "import anthropic\nfrom openai import OpenAI\na = OpenAI()\nb = anthropic.Anthropic(\n    max_retries=2,\n)\nc = OpenAI(timeout=None)\n"
    patch = _fix("t.py", text)
    assert patch is not None
    assert "a = OpenAI(timeout=60.0)" in patch.updated
    assert "    max_retries=2, timeout=60.0,\n)" in patch.updated
    assert "c = OpenAI(timeout=60.0)" in patch.updated and "import os" not in patch.updated
    compile(patch.updated, "t.py", "exec")
    assert lint_document(Document("t.py", patch.updated), LintSettings())[0] == []
    js = 'import OpenAI from "openai";\nimport { GoogleGenAI } from "@google/genai";\nexport const a = new OpenAI();\nexport const g = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });\n'
    jpatch = _fix("t.ts", js)
    assert jpatch is not None
    assert "new OpenAI({ timeout: 60_000 })" in jpatch.updated
    assert "new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY, httpOptions: { timeout: 60_000 } })" in jpatch.updated
    assert lint_document(Document("t.ts", jpatch.updated), LintSettings())[0] == []


def test_cli_lint_exclude_section(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "pyproject.toml").write_text('[tool.aisec.lint]\nexclude = ["fixtures/"]\n', encoding="utf-8")
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "bad.py").write_text("import torch\ntorch.load('m.pt', weights_only=False)\n", encoding="utf-8")
    (tmp_path / "ok.py").write_text("import torch\nstate = torch.load('m.pt', weights_only=True)\n", encoding="utf-8")
    assert main(["lint", "-f", "json", str(tmp_path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["findings"] == [] and report["stats"]["files_scanned"] == 1
