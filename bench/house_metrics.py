"""House metrics for issue 17: lines per package, the largest functions, and repeated machinery.

Prints, for the ``aisec_cli`` package under ROOT (default: this checkout):

- lines per package (each first-level sub-package, and the top-level modules together);
- the N largest functions and methods (by lines, from the ast);
- how many places create a process pool, decode text (BOM tables, notebook JSON), build a
  multi-pattern matcher, reach into a private API of ``re`` or the RE2 binding, or treat
  RE2 as optional: each counted by the grep patterns printed beside it;
- the imports that break the layering (upward, undeclared engine edges, cycles), the
  exceptions the layering test still allows included.

Run: python bench/house_metrics.py [ROOT] [--top N]   (e.g. ROOT = a ``git archive`` of main)
"""

from __future__ import annotations

import argparse
import ast
import re
from collections import Counter
from pathlib import Path

# (what is counted, pattern over one source line). A line that matches is one place.
PLACES: tuple[tuple[str, str], ...] = (
    ("process pool created", r"ProcessPoolExecutor\(|\bPool\(|get_context\([^)]*\)\.Pool"),
    ("BOM table entry (codecs.BOM_* or BOM bytes)", r"codecs\.BOM_UTF|\\xef\\xbb\\xbf|\\xff\\xfe"),
    ("notebook decoded (decode_notebook / read_cells call)", r"(?<!def )\b(decode_notebook|read_cells)\("),
    ("RE2 Set built directly", r"\bSet\.SearchSet\(|\bre2\.Set\b|_re2\.Set\b"),
    ("alternation joined by hand", r"""["']\|["']\.join\("""),
    ("core.regex matcher built", r"\b(PatternSet|Keywords|Alternation)\("),
    ("private API of re / RE2", r"\._regexp\b|_Anchor\b|re\._parser|sre_parse|from re import _"),
    ("RE2 imported as optional", r"^\s*import re2\b.*$"),
)


def package_lines(package: Path) -> dict[str, int]:
    """Lines of Python per first-level package (top-level modules under '(top-level)')."""
    counts: Counter[str] = Counter()
    for path in package.rglob("*.py"):
        parts = path.relative_to(package).parts
        key = parts[0] if len(parts) > 1 else "(top-level)"
        counts[key] += len(path.read_text(encoding="utf-8").splitlines())
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def largest_functions(package: Path, top: int) -> list[tuple[int, str]]:
    """(lines, module:qualified name) of the largest functions and methods."""
    found: list[tuple[int, str]] = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        module = path.relative_to(package.parent).as_posix()

        def visit(node: ast.AST, prefix: str) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    name = f"{prefix}{child.name}"
                    found.append(((child.end_lineno or child.lineno) - child.lineno + 1, f"{module}:{name}"))
                    visit(child, f"{name}.")
                elif isinstance(child, ast.ClassDef):
                    visit(child, f"{prefix}{child.name}.")

        visit(tree, "")
    return sorted(found, key=lambda item: (-item[0], item[1]))[:top]


def places(package: Path) -> list[tuple[str, str, list[str]]]:
    """(what, pattern, the file:line of each place) for every counted kind of place."""
    out = []
    sources = {p: p.read_text(encoding="utf-8").splitlines() for p in sorted(package.rglob("*.py"))}
    for what, pattern in PLACES:
        probe = re.compile(pattern)
        hits: list[str] = []
        for path, lines in sources.items():
            for number, line in enumerate(lines, 1):
                if line.lstrip().startswith("#") or not probe.search(line):
                    continue
                if what == "RE2 imported as optional" and not _inside_try(lines, number):
                    continue
                hits.append(f"{path.relative_to(package.parent).as_posix()}:{number}")
        out.append((what, pattern, hits))
    return out


def _inside_try(lines: list[str], number: int) -> bool:
    """The import on line ``number`` sits in a ``try:`` whose handler catches ImportError."""
    indent = len(lines[number - 1]) - len(lines[number - 1].lstrip())
    opened = any(
        lines[i].strip() == "try:" or lines[i].strip().startswith("try:")
        for i in range(max(0, number - 4), number - 1)
        if len(lines[i]) - len(lines[i].lstrip()) < indent
    )
    handled = any("ImportError" in lines[i] for i in range(number, min(len(lines), number + 6)))
    return opened and handled


def layering(root: Path) -> list[str]:
    """Every upward import, undeclared engine edge and import cycle under ``root``, by the
    checker of tests/core/test_layering.py with no exception allowed."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.core.test_layering import check

    problems, _ = check(root, known_upward={}, known_cycles={})
    return [str(problem) for problem in problems]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    package = args.root / "aisec_cli"
    lines = package_lines(package)
    print(f"lines per package ({package}): total {sum(lines.values())}")
    for name, count in lines.items():
        print(f"  {name:<14} {count:>6}")
    print(f"\n{args.top} largest functions (lines):")
    for count, name in largest_functions(package, args.top):
        print(f"  {count:>5}  {name}")
    print("\nplaces (pattern over one source line; comment lines ignored):")
    for what, pattern, hits in places(package):
        files = len({hit.rsplit(":", 1)[0] for hit in hits})
        print(f"  {len(hits):>3} lines in {files:>2} files  {what}    /{pattern}/")
        for hit in hits:
            print(f"         {hit}")
    broken = layering(args.root)
    print(f"\nimport layering (docs/design.md), exceptions included: {len(broken)}")
    for problem in broken:
        print(f"         {problem}")


if __name__ == "__main__":
    main()
