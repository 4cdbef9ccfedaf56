"""Count `aisec prompts` injection findings on real Markdown pages (docs with code samples).

Reads every ``*.md`` / ``*.mdx`` / ``*.markdown`` file under the given trees (path order, files up to ``--max-size`` bytes,
at most ``--limit`` files), scans each as a named file, and prints how many pages report an
injection finding (PRM5xx hardening hints left out) and how many of those findings sit inside a
fenced code sample. Run it from two checkouts to compare:

    PYTHONPATH=. python bench/prompts_md_pages.py /tmp/s6/trees --limit 600
    PYTHONPATH=. python bench/prompts_md_pages.py DOCS_TREE --ext rst     # reStructuredText pages

(The fence count is a plain reading of backtick/tilde fences at the margin; it does not see
reST blocks or fences indented under list items.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aisec_cli.core.document import Document
from aisec_cli.prompts.engine import PromptEngine, PromptSettings


def _fence_lines(text: str) -> set[int]:
    """Line numbers inside closed backtick/tilde fences (a plain reading, for counting only)."""
    inside: set[int] = set()
    opened: tuple[str, int] | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        mark = stripped[:3]
        if opened is None and mark in ("```", "~~~") and len(line) - len(stripped) <= 3:
            opened = (mark, number)
        elif opened is not None and stripped.rstrip().startswith(opened[0]) and not stripped.strip(opened[0][0]).strip():
            inside.update(range(opened[1] + 1, number))
            opened = None
    return inside


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--limit", type=int, default=600)
    parser.add_argument("--max-size", type=int, default=100_000)
    parser.add_argument("--show-fenced", action="store_true", help="print the findings inside code samples")
    parser.add_argument("--ext", default="md,mdx,markdown", help="comma-separated page suffixes")
    parser.add_argument("--show", action="store_true", help="print every finding")
    args = parser.parse_args()
    files = sorted(
        p
        for r in args.roots
        for p in r.rglob("*")
        if p.suffix.lower().lstrip(".") in args.ext.split(",") and p.is_file() and p.stat().st_size <= args.max_size
    )
    files = files[: args.limit]
    engine = PromptEngine(PromptSettings(jobs=1))
    pages = findings = in_fence = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        found, _ = engine.scan(Document(str(path), text), explicit=True)
        found = [f for f in found if not f.rule_id.startswith("PRM5")]
        if found:
            pages += 1
            fenced = _fence_lines(text)
            findings += len(found)
            in_fence += sum(1 for f in found if f.location.line in fenced)
            if args.show_fenced or args.show:
                for f in found:
                    if args.show or f.location.line in fenced:
                        print(f"{path}:{f.location.line}: {f.rule_id} {f.message}")
    print(f"pages {len(files)}  pages with a finding {pages}  findings {findings}  in a code fence {in_fence}")


if __name__ == "__main__":
    main()
