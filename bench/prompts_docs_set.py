"""Benign-documents set: prose written by others, read from git repositories, cut into chunks.

False alarms of the embedded-instruction rule (PRM135) are measured on real documentation that
nobody wrote for this project: Python enhancement proposals, git's manual pages and release
notes, cookbooks of AI vendors, project docs and READMEs. Every file is read with git from a bare
mirror (``<mirrors>/<owner>+<name>/repo``, at ``HEAD``), split into paragraphs at blank lines and
gathered into chunks of about ``--size`` characters (never splitting a paragraph; a paragraph
longer than twice the size is cut at line breaks); Jupyter notebooks give their markdown cells.
The output is deterministic: files in path order, a seeded sample per source when a source gives
more than ``--per-source`` chunks.

Disjoint groups of sources, so a fix tuned on one is checked on the other:

- ``dev``: python/peps, git/git, anthropics/anthropic-cookbook — look at their errors while tuning;
- ``heldout``: pallets/flask, psf/requests, arc53/DocsGPT, Shubhamsaboo/awesome-llm-apps,
  google-gemini/cookbook, mistralai/cookbook — report the rate only;
- ``dev2``: anthropics/courses, pandas-ai, AgentGPT, rag-postgres-openai-python docs — a second
  group to tune on, of AI-application docs;
- ``heldout2``: docs of AI applications (openai-agents-python, TaskWeaver, vanna, gpt-researcher,
  SuperAGI, chat-langchain, streamlit llm-examples, presidio, open-interpreter) — a second held-out
  group, built once ``heldout`` had been looked at; report the rate only (it has since been looked
  at and tuned on: treat it as a dev group now);
- ``heldout3``: docs of haystack, crewAI, autogen and langgraph — the third held-out group, built
  before the fixes of the heldout2 false alarms and measured on main first; report the rate only
  (looked at and tuned on since: a dev group now);
- ``heldout4``: Chainlit's cookbook, private-gpt's docs and the READMEs of four small AI apps
  (fragments, realtime-agents, chat-your-data, ask-multiple-pdfs) — built and measured before the
  heldout3 fixes, its errors read only once they were done; report the rate only (read since);
- ``heldout5``: docs of simonw/llm, pydantic-ai, instructor and dspy — fetched and built once
  heldout4 had been read, measured before the heldout4 fixes; report the rate only.
- ``heldout6``: docs in other languages (the Japanese, Korean and Chinese pages of
  openai-agents-python; the Chinese docs of LLaMA-Factory, Langchain-Chatchat and datawhalechina's
  self-llm tutorials: install and run steps a developer writes) and the docs of AI-security tools,
  text *about* prompt injection (rebuff, vigil-llm, garak) — built and measured before the
  multilingual work of issue 16's third round; tune on the even half only.

Every row: ``id`` (``source:path:n``), ``text``, ``label`` benign, ``category`` benign_hard,
``source``, ``group``, ``lang`` (en unless the source or the path says otherwise), ``licence`` (of
the source; used as evaluation data only),
``path``.

    python bench/prompts_docs_set.py --group dev -o /tmp/docs_dev.jsonl
    python bench/prompts_docs_set.py --group heldout -o /tmp/docs_heldout.jsonl
    python bench/prompts_eval.py /tmp/docs_dev.jsonl --errors 30
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MIRRORS = Path("/work/.mirror")
SIZE = 1500
MIN_CHUNK = 200
PER_SOURCE = 1000


@dataclass(frozen=True)
class Source:
    """One repository, the files of it that are prose, and its licence."""

    name: str
    repo: str  # owner+name, the mirror's directory
    group: str
    licence: str
    include: str  # regular expression on the path
    exclude: str = r"(?!)"
    lang: str = "en"  # the language of its prose, or "path": the first of ja/ko/zh/… named as a folder of the path


_PATH_LANG = re.compile(r"(?:^|/)(ja|ko|zh|zh-cn|zh-tw|es|fr|de|pt|ru)(?:/|$)")


def lang_of(source: Source, path: str) -> str:
    """The language of a file of ``source``: the source's own, or the one its path names."""
    if source.lang != "path":
        return source.lang
    found = _PATH_LANG.search(path)
    return found.group(1).split("-")[0] if found else "en"


SOURCES = (
    Source("peps", "python+peps", "dev", "public domain / CC0-1.0 (each PEP says so)", r"^peps/pep-\d+\.(?:rst|txt)$"),
    Source("git-docs", "git+git", "dev", "GPL-2.0 (git), used as evaluation data only",
           r"^Documentation/.*\.(?:txt|adoc)$", r"^Documentation/(?:config/|includes/|.*-options)"),
    Source("anthropic-cookbook", "anthropics+anthropic-cookbook", "dev", "MIT (Anthropic)", r"\.(?:md|ipynb)$"),
    Source("flask-docs", "pallets+flask", "heldout", "BSD-3-Clause (Pallets)", r"^(?:docs/.*\.rst|README\.md)$"),
    Source("requests-docs", "psf+requests", "heldout", "Apache-2.0 (psf/requests)", r"^(?:docs/.*\.rst|README\.md)$"),
    Source("docsgpt-docs", "arc53+DocsGPT", "heldout", "MIT (arc53)", r"\.mdx?$"),
    Source("awesome-llm-apps", "Shubhamsaboo+awesome-llm-apps", "heldout", "Apache-2.0 (Shubhamsaboo)", r"(?:^|/)README\.md$"),
    Source("gemini-cookbook", "google-gemini+cookbook", "heldout", "Apache-2.0 (Google)", r"\.(?:md|ipynb)$"),
    Source("mistral-cookbook", "mistralai+cookbook", "heldout", "MIT (Mistral AI)", r"\.(?:md|ipynb)$"),
    Source("anthropic-courses", "anthropics+courses", "dev2", "CC BY-NC 4.0 (Anthropic), used as evaluation data only",
           r"\.(?:md|ipynb)$"),
    Source("pandas-ai-docs", "sinaptik-ai+pandas-ai", "dev2", "MIT-style (Sinaptik GmbH), used as evaluation data only",
           r"\.mdx?$"),
    Source("agentgpt-docs", "reworkd+AgentGPT", "dev2", "GPL-3.0 (reworkd), used as evaluation data only", r"\.mdx?$"),
    Source("rag-postgres-docs", "Azure-Samples+rag-postgres-openai-python", "dev2", "MIT (Microsoft)", r"\.mdx?$"),
    Source("openai-agents-docs", "openai+openai-agents-python", "heldout2", "MIT (OpenAI)", r"\.mdx?$",
           r"^docs/(?:ja|ko|zh)/"),
    Source("taskweaver-docs", "microsoft+TaskWeaver", "heldout2", "MIT (Microsoft)", r"\.mdx?$"),
    Source("vanna-docs", "vanna-ai+vanna", "heldout2", "MIT (Vanna.AI)", r"\.(?:mdx?|ipynb)$"),
    Source("gpt-researcher-docs", "assafelovic+gpt-researcher", "heldout2", "Apache-2.0 (assafelovic)", r"\.mdx?$"),
    Source("superagi-docs", "TransformerOptimus+SuperAGI", "heldout2", "MIT (TransformerOptimus)", r"\.mdx?$"),
    Source("chat-langchain-docs", "langchain-ai+chat-langchain", "heldout2", "MIT (LangChain)", r"\.mdx?$"),
    Source("llm-examples-docs", "streamlit+llm-examples", "heldout2", "Apache-2.0 (Streamlit)", r"\.mdx?$"),
    Source("presidio-docs", "microsoft+presidio", "heldout2", "MIT (Presidio contributors)", r"\.mdx?$"),
    Source("open-interpreter-docs", "OpenInterpreter+open-interpreter", "heldout2",
           "AGPL-3.0 (OpenInterpreter), used as evaluation data only", r"\.mdx?$"),
    Source("haystack-docs", "deepset-ai+haystack", "heldout3", "Apache-2.0 (deepset)", r"^docs-website/docs/.*\.mdx?$"),
    Source("crewai-docs", "crewAIInc+crewAI", "heldout3", "MIT (crewAI)",
           r"^(?:docs/edge/en/.*\.mdx?|lib/[^/]+/README\.md)$"),
    Source("autogen-docs", "microsoft+autogen", "heldout3", "CC-BY-4.0 docs / MIT code (Microsoft)",
           r"^(?:python/docs|dotnet/website|docs/design)/.*\.(?:mdx?|ipynb)$"),
    Source("langgraph-docs", "langchain-ai+langgraph", "heldout3", "MIT (LangChain)", r"\.(?:mdx?|ipynb)$"),
    Source("chainlit-cookbook", "Chainlit+cookbook", "heldout4",
           "no licence file (Chainlit), used as evaluation data only", r"\.(?:mdx?|ipynb)$"),
    Source("private-gpt-docs", "zylon-ai+private-gpt", "heldout4", "Apache-2.0 (Zylon)", r"\.mdx?$",
           r"^(?:tests/|\.github/)"),
    Source("small-ai-apps", "e2b-dev+fragments", "heldout4", "Apache-2.0 (E2B)", r"(?i)^readme\.md$"),
    Source("realtime-agents-docs", "openai+openai-realtime-agents", "heldout4", "MIT (OpenAI)", r"\.mdx?$"),
    Source("chat-your-data-docs", "hwchase17+chat-your-data", "heldout4", "MIT (Harrison Chase)", r"\.mdx?$"),
    Source("ask-pdfs-docs", "alejandro-ao+ask-multiple-pdfs", "heldout4",
           "no licence file (alejandro-ao), used as evaluation data only", r"(?i)\.mdx?$"),
    Source("llm-cli-docs", "simonw+llm", "heldout5", "Apache-2.0 (Simon Willison)", r"^docs/.*\.mdx?$"),
    Source("pydantic-ai-docs", "pydantic+pydantic-ai", "heldout5", "MIT (Pydantic)", r"^docs/.*\.mdx?$", r"^docs/api/"),
    Source("instructor-docs", "567-labs+instructor", "heldout5", "MIT (Jason Liu)", r"^docs/.*\.mdx?$"),
    Source("dspy-docs", "stanfordnlp+dspy", "heldout5", "MIT (Stanford NLP)", r"^docs/.*\.(?:mdx?|ipynb)$"),
    Source("openai-agents-intl", "openai+openai-agents-python", "heldout6", "MIT (OpenAI)", r"^docs/(?:ja|ko|zh)/.*\.md$",
           lang="path"),
    Source("llama-factory-zh", "hiyouga+LLaMA-Factory", "heldout6", "Apache-2.0 (hiyouga)",
           r"(?:^|/)README_zh\.md$|\.zh\.md$|^docs/zh/.*\.md$", lang="zh"),
    Source("chatchat-docs", "chatchat-space+Langchain-Chatchat", "heldout6", "Apache-2.0 (chatchat-space)", r"\.md$",
           r"_en\.md$|^\.github/|/tests/", lang="zh"),
    Source("self-llm-docs", "datawhalechina+self-llm", "heldout6", "Apache-2.0 (datawhalechina)", r"\.md$",
           r"_en\.md$|^\.github/", lang="zh"),
    Source("rebuff-docs", "protectai+rebuff", "heldout6", "Apache-2.0 (Protect AI)", r"\.md$"),
    Source("vigil-docs", "deadbits+vigil-llm", "heldout6", "Apache-2.0 (deadbits)", r"\.md$", r"^\.github/"),
    Source("garak-docs", "NVIDIA+garak", "heldout6", "Apache-2.0 (NVIDIA)", r"^(?:docs/source/.*\.rst|[A-Z]+\.md|docs/.*\.md)$",
           r"^\.github/"),
)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


def _git(git_dir: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], input=data, capture_output=True, check=True).stdout


def _files(git_dir: Path, source: Source) -> list[str]:
    names = _git(git_dir, "ls-tree", "-r", "--name-only", "-z", "HEAD").decode("utf-8", "replace").split("\0")
    inc, exc = re.compile(source.include), re.compile(source.exclude)
    return sorted(n for n in names if n and inc.search(n) and not exc.search(n))


def _blobs(git_dir: Path, paths: list[str]) -> Iterator[tuple[str, str]]:
    """(path, text) of every path at HEAD, through one ``git cat-file --batch``."""
    out = _git(git_dir, "cat-file", "--batch", data="".join(f"HEAD:{p}\n" for p in paths).encode())
    pos = 0
    for path in paths:
        nl = out.index(b"\n", pos)
        header = out[pos:nl].split()
        if len(header) < 3 or header[1] != b"blob":
            pos = nl + 1
            continue
        size = int(header[2])
        yield path, out[nl + 1 : nl + 1 + size].decode("utf-8", "replace")
        pos = nl + 1 + size + 1


def _markdown_of(path: str, text: str) -> str:
    """A notebook's markdown cells joined by blank lines; other files as they are."""
    if not path.endswith(".ipynb"):
        return text
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        return ""
    parts = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            src = cell.get("source", "")
            parts.append("".join(src) if isinstance(src, list) else str(src))
    return "\n\n".join(p.strip() for p in parts if p.strip())


def chunks(text: str, size: int = SIZE) -> list[str]:
    """Paragraphs gathered into chunks of about ``size`` characters (a long paragraph cut at lines)."""
    pieces: list[str] = []
    for para in _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n")):
        para = para.strip("\n")
        if not para.strip():
            continue
        while len(para) > 2 * size:
            cut = para.rfind("\n", 0, size)
            cut = cut if cut > 0 else size
            pieces.append(para[:cut])
            para = para[cut:].lstrip("\n")
        pieces.append(para)
    out: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + len(piece) + 2 > size:
            out.append(current)
            current = ""
        current = piece if not current else current + "\n\n" + piece
    if current:
        out.append(current)
    return [c for c in out if len(c.strip()) >= MIN_CHUNK]


def rows_of(source: Source, mirrors: Path, size: int, per_source: int) -> list[dict]:
    git_dir = mirrors / source.repo / "repo"
    rows = []
    for path, text in _blobs(git_dir, _files(git_dir, source)):
        for n, chunk in enumerate(chunks(_markdown_of(path, text), size)):
            rows.append({
                "id": f"{source.name}:{path}:{n}", "text": chunk, "label": "benign", "category": "benign_hard",
                "source": source.name, "group": source.group, "lang": lang_of(source, path), "licence": source.licence, "path": path,
            })
    if len(rows) > per_source:
        keep = set(random.Random(source.name).sample(range(len(rows)), per_source))
        rows = [r for i, r in enumerate(rows) if i in keep]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--group", choices=("dev", "dev2", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "all"), default="dev")
    parser.add_argument("--mirrors", type=Path, default=MIRRORS, help="folder of <owner>+<name>/repo bare mirrors")
    parser.add_argument("--size", type=int, default=SIZE, help="chunk size in characters (default %(default)s)")
    parser.add_argument("--per-source", type=int, default=PER_SOURCE, help="chunks kept per source (default %(default)s)")
    parser.add_argument("--sources", default="", help="comma-separated source names (default: every one of the group)")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    wanted = {n for n in args.sources.split(",") if n}
    unknown = wanted - {s.name for s in SOURCES}
    if unknown:
        parser.error(f"unknown source(s): {', '.join(sorted(unknown))}")
    out: list[dict] = []
    for source in SOURCES:
        if args.group in ("all", source.group) and (not wanted or source.name in wanted):
            if not (args.mirrors / source.repo / "repo").is_dir():
                print(f"{source.name:20} missing: no mirror at {args.mirrors / source.repo / 'repo'}", file=sys.stderr)
                continue
            rows = rows_of(source, args.mirrors, args.size, args.per_source)
            print(f"{source.name:20} {source.group:8} {len(rows):5} chunks  {source.licence}", file=sys.stderr)
            out.extend(rows)
    args.output.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(f"{len(out)} rows -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
