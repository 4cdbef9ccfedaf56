"""bench/prompts_docs_set.py: reads prose files from bare git mirrors, cuts them into chunks at
paragraph breaks, takes a notebook's markdown cells, records the group and licence of each source,
and writes the same bytes on every run (small mirrors written here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "prompts_docs_set.py"

PARAGRAPH = "The proposal changes how the import system finds {n} modules in zipped folders. " * 4


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _mirror(mirrors: Path, repo: str, files: dict[str, str]) -> None:
    work = mirrors / repo / "work"
    work.mkdir(parents=True)
    _git(work, "init", "-q", "-b", "main")
    for rel, text in files.items():
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / rel).write_text(text, encoding="utf-8")
    _git(work, "add", ".")
    _git(work, "-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "commit", "-qm", "x")
    _git(mirrors / repo, "clone", "-q", "--bare", "work", "repo")


def _run(mirrors: Path, out: Path, *extra: str) -> tuple[list[dict], str]:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--mirrors", str(mirrors), "-o", str(out), *extra],
        check=False, capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()], proc.stderr


def test_chunks_by_paragraph_with_group_and_licence(tmp_path: Path) -> None:
    mirrors = tmp_path / "mirrors"
    pep = "\n\n".join(PARAGRAPH.format(n=n) for n in range(12))
    notebook = {"cells": [
        {"cell_type": "markdown", "source": ["# Tool use\n", "\n", PARAGRAPH.format(n="notebook")]},
        {"cell_type": "code", "source": ["print('code cells are left out')"]},
    ]}
    _mirror(mirrors, "python+peps", {"peps/pep-9001.rst": pep, "peps/conf.py": "x = 1\n" * 100})
    _mirror(mirrors, "anthropics+anthropic-cookbook", {"misc/tools.ipynb": json.dumps(notebook)})
    out = tmp_path / "docs.jsonl"
    rows, err = _run(mirrors, out, "--group", "dev")
    assert "git-docs" in err and "missing" in err  # a source without a mirror is named, not silently dropped
    peps = [r for r in rows if r["source"] == "peps"]
    assert {r["path"] for r in peps} == {"peps/pep-9001.rst"}  # only the PEP texts, not the site's code
    assert len(peps) >= 3
    assert all(len(r["text"]) <= 1500 for r in peps)
    joined = [p for r in peps for p in r["text"].split("\n\n")]
    assert joined == [PARAGRAPH.format(n=n).strip("\n") for n in range(12)]  # whole paragraphs, in order
    assert {(r["group"], r["label"], r["licence"].split(" ")[0]) for r in peps} == {("dev", "benign", "public")}
    cookbook = [r for r in rows if r["source"] == "anthropic-cookbook"]
    assert len(cookbook) == 1 and "notebook" in cookbook[0]["text"] and "print(" not in cookbook[0]["text"]
    assert cookbook[0]["licence"].startswith("MIT")
    again = tmp_path / "again.jsonl"
    _run(mirrors, again, "--group", "dev")
    assert again.read_bytes() == out.read_bytes()
    held, _ = _run(mirrors, tmp_path / "held.jsonl", "--group", "heldout")
    assert held == []  # the held-out sources are other repositories


def test_a_sample_per_source_is_seeded(tmp_path: Path) -> None:
    mirrors = tmp_path / "mirrors"
    pep = "\n\n".join(PARAGRAPH.format(n=n) for n in range(40))
    _mirror(mirrors, "python+peps", {"peps/pep-9001.rst": pep})
    first, _ = _run(mirrors, tmp_path / "a.jsonl", "--sources", "peps", "--per-source", "4", "--size", "400")
    second, _ = _run(mirrors, tmp_path / "b.jsonl", "--sources", "peps", "--per-source", "4", "--size", "400")
    assert len(first) == 4 and first == second


def test_docs_in_other_languages_carry_their_language(tmp_path: Path) -> None:
    mirrors = tmp_path / "mirrors"
    page = "\n\n".join(PARAGRAPH.format(n=n) for n in range(3))
    _mirror(mirrors, "openai+openai-agents-python", {
        "docs/ja/agents.md": page, "docs/zh/agents.md": page, "docs/agents.md": page,
    })
    _mirror(mirrors, "datawhalechina+self-llm", {"models/a/README.md": page, "README_en.md": page})
    rows, _ = _run(mirrors, tmp_path / "h6.jsonl", "--group", "heldout6")
    langs = {(r["source"], r["path"], r["lang"]) for r in rows}
    assert ("openai-agents-intl", "docs/ja/agents.md", "ja") in langs
    assert ("openai-agents-intl", "docs/zh/agents.md", "zh") in langs
    assert not any(r["path"] == "docs/agents.md" for r in rows)  # the English pages belong to heldout2
    assert {r["lang"] for r in rows if r["source"] == "self-llm-docs"} == {"zh"}
    assert not any(r["path"] == "README_en.md" for r in rows)
    assert all(r["group"] == "heldout6" for r in rows)
