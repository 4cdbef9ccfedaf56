"""The import layering of aisec_cli: no upward import, no cycle, engines apart (docs/design.md)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = "aisec_cli"

# The layers, lowest first: a module may import its own layer and the layers below it.
# docs/design.md lists the same table (checked by test_the_design_doc_lists_these_layers).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("core", ("core", "__init__")),
    ("sources", ("sources",)),
    ("engines", ("secrets", "pii", "prompts", "lint", "checklist")),
    ("report", ("report",)),
    ("entry", ("cli", "api", "hooks_run", "hooks_install", "init_project", "__main__")),
)
ENGINES = LAYERS[2][1]

# Engines import one another only along these edges (importer area, imported area): reason.
ENGINE_EDGES: dict[tuple[str, str], str] = {
    ("checklist", "secrets"): "the checklist is the one consumer of the other engines: keys as evidence",
    ("checklist", "lint"): "the checklist is the one consumer of the other engines: unsafe code as evidence",
    ("checklist", "prompts"): "the checklist is the one consumer of the other engines: prompt findings as evidence",
    ("checklist", "pii"): "the checklist is the one consumer of the other engines: personal data as evidence",
    ("pii", "secrets"): "redact replaces provider keys too, found by the secrets engine's spans",
    ("lint", "secrets"): "AIS101 judges a literal with the secrets engine's filters: one notion of a placeholder",
    ("prompts", "lint"): "prompts in code follow the text to the model call that sends it: lint's one SDK model",
}

# Imports that break the rules today, each with its reason and owner. The test fails when one
# is no longer there, so the list only shrinks.
KNOWN_UPWARD: dict[tuple[str, str], str] = {}
KNOWN_CYCLES: dict[frozenset[str], str] = {}


@dataclass(frozen=True, slots=True)
class Problem:
    kind: str  # upward | engine-edge | cycle | unlayered
    importer: str
    imported: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.importer} -> {self.imported}"


def modules(root: Path) -> dict[str, Path]:
    """Dotted module name → file, for every module of the package under ``root``."""
    found: dict[str, Path] = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports anywhere (top level, in functions, relative)."""
    out: set[str] = set()
    package_parts = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package_parts[: len(package_parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from pkg import module`` imports the module; ``from module import name`` the module
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for target in targets:
            if target == PACKAGE or target.startswith(PACKAGE + "."):
                resolved = _resolve(target, known)
                if resolved is not None and resolved != name:
                    out.add(resolved)
    return out


def area(name: str) -> str:
    """The first name below the package (``aisec_cli.core.rules`` → ``core``; the package itself → ``__init__``)."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer_of(name: str, layers: Iterable[tuple[str, tuple[str, ...]]] = LAYERS) -> int | None:
    for index, (_, areas) in enumerate(layers):
        if area(name) in areas:
            return index
    return None


def graph(root: Path) -> dict[str, set[str]]:
    known = modules(root)
    return {name: imports(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(frozenset(group))
    return found


def check(
    root: Path,
    engine_edges: dict[tuple[str, str], str] = ENGINE_EDGES,
    known_upward: dict[tuple[str, str], str] = KNOWN_UPWARD,
    known_cycles: dict[frozenset[str], str] = KNOWN_CYCLES,
) -> tuple[list[Problem], list[str]]:
    """(problems, stale exceptions) of the package under ``root``."""
    edges = graph(root)
    problems: list[Problem] = []
    seen_upward: set[tuple[str, str]] = set()
    for importer, targets in sorted(edges.items()):
        mine = layer_of(importer)
        if mine is None:
            problems.append(Problem("unlayered", importer, ""))
            continue
        for imported in sorted(targets):
            theirs = layer_of(imported)
            if theirs is None:
                continue  # reported once as the importer
            if (importer, imported) in known_upward:
                seen_upward.add((importer, imported))
                continue
            if theirs > mine:
                problems.append(Problem("upward", importer, imported))
            elif mine == theirs and area(importer) in ENGINES and area(importer) != area(imported):
                if (area(importer), area(imported)) not in engine_edges:
                    problems.append(Problem("engine-edge", importer, imported))
    found_cycles = cycles(edges)
    for group in found_cycles:
        if group not in known_cycles:
            members = sorted(group)
            problems.append(Problem("cycle", members[0], " -> ".join(members[1:])))
    stale = [f"{a} -> {b}" for a, b in known_upward if (a, b) not in seen_upward]
    stale += [" <-> ".join(sorted(g)) for g in known_cycles if g not in found_cycles]
    return problems, stale


# -- the package itself -------------------------------------------------------------------


def test_no_upward_import_no_cycle_engines_apart() -> None:
    problems, _ = check(REPO)
    assert not problems, "import layering broken (see docs/design.md):\n" + "\n".join(map(str, problems))


def test_every_known_exception_is_still_needed() -> None:
    _, stale = check(REPO)
    assert not stale, "fixed: remove from KNOWN_UPWARD / KNOWN_CYCLES:\n" + "\n".join(stale)


def test_the_runner_and_the_decoder_sit_in_sources() -> None:
    edges = graph(REPO)
    assert "aisec_cli.sources.filescan" in edges and "aisec_cli.core.filescan" not in edges
    assert not [m for m, targets in edges.items() if area(m) == "core" and any(area(t) == "sources" for t in targets)]


# Modules outside sources/ that still read notebooks themselves (to adopt sources.decoding).
NOTEBOOK_READERS_PENDING = {
    "aisec_cli.lint.notebook": "the lint area's: to take decoding.code_cells",
}


def test_only_sources_decode_notebooks() -> None:
    readers = {
        m
        for m, targets in graph(REPO).items()
        if area(m) != "sources" and "aisec_cli.sources.notebooks" in targets
    }
    assert readers <= set(NOTEBOOK_READERS_PENDING), sorted(readers - set(NOTEBOOK_READERS_PENDING))


def test_the_design_doc_lists_these_layers() -> None:
    text = (REPO / "docs" / "design.md").read_text(encoding="utf-8")
    listed = [
        (m.group(2), tuple(m.group(3).split()))
        for m in re.finditer(r"^layer (\d)\s+(\w+)\s+(.+?)\s*$", text, re.M)
    ]
    assert listed == [(name, areas) for name, areas in LAYERS]
    for (importer, imported) in ENGINE_EDGES:
        assert f"{importer} → {imported}" in text, f"docs/design.md: engine edge {importer} → {imported} not listed"


def test_every_area_has_a_layer() -> None:
    areas = {area(m) for m in modules(REPO)}
    layered = {a for _, names in LAYERS for a in names}
    assert areas <= layered, sorted(areas - layered)


# -- the checker on synthetic trees (it must fail where it should) --------------------------


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in {"aisec_cli/__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        for parent in path.relative_to(root).parents:
            init = root / parent / "__init__.py"
            if parent != Path(".") and not init.exists():
                init.write_text("", encoding="utf-8")
    return root


def _kinds(root: Path) -> list[str]:
    problems, _ = check(root, known_upward={}, known_cycles={})
    return [str(p) for p in problems]


def test_checker_passes_a_clean_tree(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "aisec_cli/core/a.py": "import os\n",
        "aisec_cli/sources/files.py": "from aisec_cli.core import a\n",
        "aisec_cli/secrets/engine.py": "from aisec_cli.sources.files import x\nfrom . import model\n",
        "aisec_cli/secrets/model.py": "from aisec_cli.core.a import y\n",
        "aisec_cli/cli/scan.py": "import aisec_cli.secrets.engine\nfrom aisec_cli.report import json_format\n",
        "aisec_cli/report/json_format.py": "from aisec_cli.core import a\n",
    })
    assert _kinds(root) == []


@pytest.mark.parametrize(
    ("files", "want"),
    [
        ({"aisec_cli/core/filescan.py": "from aisec_cli.sources import files\n", "aisec_cli/sources/files.py": ""},
         "upward: aisec_cli.core.filescan -> aisec_cli.sources.files"),
        ({"aisec_cli/core/a.py": "def f():\n    from aisec_cli.secrets.engine import E\n", "aisec_cli/secrets/engine.py": ""},
         "upward: aisec_cli.core.a -> aisec_cli.secrets.engine"),
        ({"aisec_cli/sources/a.py": "import aisec_cli.cli.scan as s\n", "aisec_cli/cli/scan.py": ""},
         "upward: aisec_cli.sources.a -> aisec_cli.cli.scan"),
        ({"aisec_cli/report/sarif.py": "from ..cli import common\n", "aisec_cli/cli/common.py": ""},
         "upward: aisec_cli.report.sarif -> aisec_cli.cli.common"),
        ({"aisec_cli/lint/run.py": "from aisec_cli.prompts import engine\n", "aisec_cli/prompts/engine.py": ""},
         "engine-edge: aisec_cli.lint.run -> aisec_cli.prompts.engine"),
        ({"aisec_cli/prompts/a.py": "from aisec_cli.prompts import b\n", "aisec_cli/prompts/b.py": "from . import a\n"},
         "cycle: aisec_cli.prompts.a -> aisec_cli.prompts.b"),
        ({"aisec_cli/newthing/x.py": ""}, "unlayered: aisec_cli.newthing.x -> "),
    ],
)
def test_checker_finds_the_broken_rule(tmp_path: Path, files: dict[str, str], want: str) -> None:
    assert want in _kinds(_tree(tmp_path, files))


def test_checker_allows_declared_edges_and_reports_stale_exceptions(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "aisec_cli/checklist/c.py": "from aisec_cli.secrets import engine\n",
        "aisec_cli/secrets/engine.py": "",
    })
    assert _kinds(root) == []  # checklist → secrets is a declared edge
    problems, stale = check(root, known_upward={("aisec_cli.core.x", "aisec_cli.cli.y"): "gone"}, known_cycles={})
    assert problems == [] and stale == ["aisec_cli.core.x -> aisec_cli.cli.y"]
