"""Project-wide summaries: what a function in another module returns or passes to a sink.

A call to an imported function is resolved to the file that defines it (Python absolute and
relative imports, packages, ``from x import y as z``; ES modules and CommonJS ``require``,
default and named exports, TypeScript path aliases from ``tsconfig.json``). That module is
analysed once for the summaries of its top-level functions, which are cached for the run,
so the cost stays near-linear in the size of the project: summaries, never re-analysis per
call site. Import cycles are cut (a module being summarised is seen as unknown).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from aisec_cli.core.readcap import read_project_text
from aisec_cli.lint.flow.summary import SinkRecord, Summary
from aisec_cli.lint.settings import LintSettings
from aisec_cli.lint.taint import in_file

PY_SUFFIXES = (".py",)
JS_SUFFIXES = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts")
MAX_MODULES = 2000  # summarised modules per project and run (a bound for pathological trees)


@dataclass(frozen=True, slots=True)
class Exported:
    """A top-level function another module may call: its parameters and summary."""

    params: tuple[str, ...]  # positional slots, in order
    summary: Summary
    kwonly: tuple[str, ...] = ()
    vararg: str = ""
    kwarg: str = ""


@dataclass(slots=True)
class ModuleSummary:
    """The exported functions of one module and the names it imports (for re-exports)."""

    functions: dict[str, Exported] = field(default_factory=dict)
    reexports: dict[str, str] = field(default_factory=dict)  # Python: local name → qualified import


class Project:
    """Resolves imports inside one project root and caches the summaries of its modules."""

    def __init__(self, root: str, settings: LintSettings, rules: frozenset[str]) -> None:
        self.root = Path(root)
        self.settings = settings
        self.rules = rules
        self._modules: dict[str, ModuleSummary] = {}
        self._busy: set[str] = set()
        self._exists: dict[str, bool] = {}
        self._aliases: list[tuple[str, list[str]]] | None = None

    # -- files -----------------------------------------------------------------------------

    def _is_file(self, rel: str) -> bool:
        found = self._exists.get(rel)
        if found is None:
            found = os.path.isfile(self.root / rel)
            self._exists[rel] = found
        return found

    # -- Python ----------------------------------------------------------------------------

    def python_function(self, from_path: str, qual: str, depth: int = 0) -> tuple[str, Exported] | None:
        """(module path, function) for a call written as the qualified import name ``qual``
        (``pkg.mod.f``, ``.mod.f``, ``..f``) in module ``from_path``."""
        if depth > 3 or not qual:
            return None
        level = len(qual) - len(qual.lstrip("."))
        parts = qual[level:].split(".")
        if not parts or not parts[-1]:
            return None
        symbol, module = parts[-1], [p for p in parts[:-1] if p]
        for rel in self._python_files(from_path, level, module):
            summary = self.module(rel)
            fn = summary.functions.get(symbol)
            if fn is not None:
                return rel, fn
            target = summary.reexports.get(symbol)
            if target is not None:
                return self.python_function(rel, target, depth + 1)
            return None
        return None

    def python_imports_local(self, from_path: str, qual: str) -> bool:
        """Does the import ``qual`` name a module (or a name in a module) of this project?"""
        level = len(qual) - len(qual.lstrip("."))
        parts = [p for p in qual[level:].split(".") if p]
        return bool(self._python_files(from_path, level, parts) or (parts and self._python_files(from_path, level, parts[:-1]) and (level or len(parts) > 1)))

    def _python_files(self, from_path: str, level: int, module: list[str]) -> list[str]:
        here = Path(from_path).parent
        if level:
            base = here
            for _ in range(level - 1):
                base = base.parent
            bases = [base]
        else:
            bases = [here, *here.parents]  # the file's folder, its parents up to the root …
            bases.append(Path("src"))  # … and a src/ layout
        out: list[str] = []
        for base in bases:
            stem = base.joinpath(*module) if module else base
            for rel in (f"{stem.as_posix()}.py" if module else "", (stem / "__init__.py").as_posix()):
                rel = rel.removeprefix("./")
                if rel and not rel.startswith("../") and self._is_file(rel):
                    out.append(rel)
                    return out
        return out

    # -- JavaScript / TypeScript ------------------------------------------------------------

    def js_function(self, from_path: str, spec: str, symbol: str) -> tuple[str, Exported] | None:
        """(module path, function) for ``symbol`` (``default`` for a default export) of the
        module imported as ``spec`` from ``from_path``."""
        rel = self.js_file(from_path, spec)
        if rel is None:
            return None
        fn = self.module(rel).functions.get(symbol)
        return (rel, fn) if fn is not None else None

    def js_file(self, from_path: str, spec: str) -> str | None:
        if spec.startswith("."):
            return self._js_candidates(os.path.normpath(os.path.join(os.path.dirname(from_path), spec)))
        for prefix, targets in self._ts_aliases():
            if prefix.endswith("*") and spec.startswith(prefix[:-1]):
                rest = spec[len(prefix) - 1 :]
            elif spec == prefix:
                rest = ""
            else:
                continue
            for target in targets:
                found = self._js_candidates(os.path.normpath(target.replace("*", rest)))
                if found is not None:
                    return found
        return None

    def _js_candidates(self, stem: str) -> str | None:
        stem = stem.replace(os.sep, "/")
        if stem.startswith("../") or stem == "..":
            return None
        bare = re.sub(r"\.(?:js|jsx|mjs|cjs)$", "", stem)  # TS ESM imports name the emitted .js
        for rel in (stem, *(bare + s for s in JS_SUFFIXES), *(f"{stem}/index{s}" for s in JS_SUFFIXES)):
            if rel.endswith(JS_SUFFIXES) and self._is_file(rel):
                return rel
        return None

    def _ts_aliases(self) -> list[tuple[str, list[str]]]:
        """`compilerOptions.paths` of the root's tsconfig.json / jsconfig.json (relative to baseUrl)."""
        if self._aliases is not None:
            return self._aliases
        self._aliases = []
        for name in ("tsconfig.json", "jsconfig.json"):
            text = read_project_text(self.root / name)
            if text is None:
                continue
            options = _jsonc(text).get("compilerOptions") or {}
            base = str(options.get("baseUrl") or ".")
            paths = options.get("paths") or {}
            if isinstance(paths, dict):
                for prefix, targets in paths.items():
                    if isinstance(targets, list):
                        self._aliases.append((str(prefix), [os.path.join(base, str(t)) for t in targets]))
            break
        return self._aliases

    # -- summaries -------------------------------------------------------------------------

    def module(self, rel: str) -> ModuleSummary:
        """The exported functions of module ``rel`` (analysed once; empty on a cycle or error)."""
        cached = self._modules.get(rel)
        if cached is not None:
            return cached
        if rel in self._busy or len(self._modules) >= MAX_MODULES:
            return ModuleSummary()
        self._busy.add(rel)
        try:
            result = self._summarise(rel)
        except (RecursionError, ValueError, SyntaxError, MemoryError):
            result = ModuleSummary()
        except Exception:  # an analyser problem in an imported module: it is only unknown here
            result = ModuleSummary()
        finally:
            self._busy.discard(rel)
        self._modules[rel] = result
        return result

    def _summarise(self, rel: str) -> ModuleSummary:
        text = read_project_text(self.root / rel, self.settings.max_file_bytes)
        if text is None or "\x00" in text:
            return ModuleSummary()
        if rel.endswith(PY_SUFFIXES):
            from aisec_cli.lint.python.summaries import module_summary as python_summary

            raw = python_summary(text, rel, self.settings, self.rules, self)
        elif rel.endswith(JS_SUFFIXES):
            from aisec_cli.lint.javascript.summaries import module_summary as js_summary

            raw = js_summary(text, rel, self.settings, self.rules, self)
        else:
            return ModuleSummary()
        raw.functions = {name: replace(fn, summary=exported(fn.summary, rel)) for name, fn in raw.functions.items()}
        return raw


def exported(summary: Summary, path: str) -> Summary:
    """A summary as other modules see it: its concrete labels and sinks say which file they are in."""
    out = Summary(ret=in_file(summary.ret, path))
    for rec in summary.sinks.values():
        out.add_sink(rec if rec.file else _located(rec, path))
    return out


def _located(rec: SinkRecord, path: str) -> SinkRecord:
    return replace(rec, file=path)


_PROJECTS: dict[tuple[str, LintSettings, frozenset[str]], Project] = {}


def project_for(settings: LintSettings, rules: frozenset[str]) -> Project | None:
    """The run's project (one per root, settings and rule set), or None when cross-file
    analysis is off (no project root: a single document linted on its own)."""
    root = settings.project_root
    if not root:
        return None
    key = (root, settings, rules)
    project = _PROJECTS.get(key)
    if project is None:
        if len(_PROJECTS) > 8:
            _PROJECTS.clear()
        project = _PROJECTS[key] = Project(root, settings, rules)
    return project


@lru_cache(maxsize=8)
def _jsonc(text: str) -> dict[str, object]:
    """tsconfig.json allows comments and trailing commas."""
    stripped = re.sub(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?\*/', lambda m: m.group(1) or "", text, flags=re.S)
    stripped = re.sub(r",(\s*[}\]])", r"\1", stripped)
    try:
        data = json.loads(stripped)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
