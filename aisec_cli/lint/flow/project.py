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
import posixpath
import re
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from collections.abc import Callable
from typing import Protocol

from aisec_cli.core.readcap import read_project_text
from aisec_cli.core.regex import compile_pattern
from aisec_cli.lint.flow.summary import SinkRecord, Summary
from aisec_cli.lint.settings import LintSettings
from aisec_cli.lint.taint import in_file
from aisec_cli.core.lazyre import LazyRegex

PY_SUFFIXES = (".py",)
JS_SUFFIXES = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts")
_SOURCE_SUFFIXES = (*PY_SUFFIXES, *JS_SUFFIXES)
MAX_MODULES = 5000  # summarised functions per project and run (a bound for pathological trees)
MAX_LISTED = 200_000  # source files listed up front (larger trees: one stat per probe)
_SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages", "dist", "build"})
PARSED_KEPT = 256  # parsed modules kept for further summaries
MAX_DEPTH = 2  # modules summarised inside one another (A → B → C); past it, summaries of one module alone
# Text of a module that calls a model (imports an SDK or framework, or makes a model call): its
# functions may hand out model output. A module without any makes a file that has no source of
# its own no more interesting (web, CLI and environment sources are followed within a file).
_PRODUCER = compile_pattern(  # RE2: one linear pass over each module
    r"(?m)^\s*(?:from|import)\s+(?:openai|anthropic|google\.genai|google\.generativeai|vertexai|cohere|mistralai|groq|"
    r"litellm|langchain\w*|llama_index|boto3|ollama|transformers|huggingface_hub|together|replicate|smolagents|crewai|"
    r"autogen\w*|dspy|instructor|pydantic_ai|agents|haystack)\b|"
    r"""from\s+['"](?:openai|@anthropic-ai/sdk|ai|@ai-sdk/[\w-]+|@google/gen(?:erative-)?ai|@langchain/[\w-]+|langchain|"""
    r"""groq-sdk|@mistralai/mistralai|cohere-ai|ollama|replicate|@openai/agents)['"]|"""
    r"""require\(\s*['"](?:openai|@anthropic-ai/sdk|ai|@ai-sdk/[\w-]+|@google/gen(?:erative-)?ai|groq-sdk|ollama)['"]|"""
    r"\bcompletions?\.create\(|\bmessages\.create\(|\bgenerate_content\(|\bgenerateText\(|\bstreamText\(|"
    r"\bgenerateObject\(|/v1/(?:chat/)?completions|/v1/responses|/api/(?:chat|generate)\b",
    "model-call modules",
    check_subset=False,
)
_PY_IMPORT = LazyRegex(r"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+([\w., \t()]+)|import[ \t]+([\w.]+))", re.M)
_JS_IMPORT = LazyRegex(r"""(?:from|import|require\()\s*['"]([^'"\n]+)['"]""")


@dataclass(frozen=True, slots=True)
class Exported:
    """A top-level function (or a method of a top-level class, ``Class.method``) another
    module may call: its parameters (a method's without ``self``) and summary."""

    params: tuple[str, ...]  # positional slots, in order
    summary: Summary
    kwonly: tuple[str, ...] = ()
    vararg: str = ""
    kwarg: str = ""
    receiver: str = ""  # a method's ``self`` / ``this``: bound to the object the call is made on


class SourceModule(Protocol):
    """A parsed module of the project (kept while its functions are being summarised)."""

    reexports: dict[str, str]  # Python: local name → qualified import (``from .impl import f``)

    def names(self) -> set[str]:
        """Names of the functions other modules can import (``Class.method`` for methods)."""
        ...

    def summarise(self, name: str, shallow: bool = False) -> Exported | None:
        """The summary of the exported function ``name``: only it and what it calls are analysed
        (``shallow``: calls into other modules are left unknown)."""
        ...


class Project:
    """Resolves imports inside one project root and caches the summaries of its modules."""

    def __init__(self, root: str, settings: LintSettings, rules: frozenset[str]) -> None:
        self.root = Path(root)
        self.settings = settings
        self.rules = rules
        self._parsed: OrderedDict[str, SourceModule | None] = OrderedDict()
        # summaries per depth (0: for the module being linted, then nested, then past the
        # bound: one module alone), each with the modules its computation looked up; a nested
        # one that looked up a module busy around it is kept for that context only
        self._summaries: list[dict[tuple[str, str], tuple[Exported | None, frozenset[str]]]] = [
            {} for _ in range(MAX_DEPTH + 1)
        ]
        self._in_context: dict[tuple[str, str, frozenset[str]], Exported | None] = {}
        self._looked_up: list[set[str]] = []  # per summary being computed: the modules it asked for
        self._busy: set[str] = set()
        self._exists: dict[str, bool] = {}
        self._files_listed: frozenset[str] | None | bool = False
        self._folders: dict[str, tuple[frozenset[str], frozenset[str]]] = {}  # folder -> (folders, other names)
        self._noted: list[str] = []  # the modules being linted
        self._active: bool | None = None
        self._aliases: list[tuple[str, list[str]]] | None = None
        self._functions: dict[tuple[str, str], tuple[str, Exported] | None] = {}
        self._produces: dict[str, bool] = {}
        self._relays: dict[str, bool] = {}
        self._direct: dict[str, bool] = {}
        self._files: dict[tuple[str, int, tuple[str, ...]], list[str]] = {}

    # -- files -----------------------------------------------------------------------------

    def _is_file(self, rel: str) -> bool:
        if self._files_listed is False:  # not listed (yet): look only at the folders on the way
            return self._listed(rel)
        listing = self._listing()
        if listing is not None:
            return rel in listing
        found = self._exists.get(rel)
        if found is None:
            found = os.path.isfile(self.root / rel)
            self._exists[rel] = found
        return found

    def note(self, rel: str) -> None:
        """``rel`` is being linted: :meth:`active` looks at it before listing the whole tree."""
        if rel not in self._noted:
            self._noted.append(rel)

    def active(self) -> bool:
        """Does any module of the project call a model? Without one, no model output can
        cross a file boundary and the cross-file analysis is skipped (one RE2 pass per file).

        The modules being linted, then the project modules they import, are looked at first:
        when one of them calls a model the answer is known without listing the tree (a commit
        hook on a module that calls a model, or imports one that does, never walks the
        repository).
        """
        if self._active is None:
            if self._files_listed is False and self._noted_producer():
                self._active = True
            else:
                listing = self._listing()
                self._active = listing is None or any(self._text_produces(rel) for rel in sorted(listing))
        return self._active

    def _noted_producer(self) -> bool:
        """Does a module being linted, or a project module one of them imports, call a model?"""
        noted = [rel for rel in self._noted if self._listed(rel)]
        if any(self._text_produces(rel) for rel in noted):
            return True
        for rel in noted:
            text = read_project_text(self.root / rel, self.settings.max_file_bytes) or ""
            if any(self._listed(dep) and self._text_produces(dep) for dep in self._imports_of(rel, text)):
                return True
        return False

    def _folder(self, folder: str) -> tuple[frozenset[str], frozenset[str]]:
        """(sub-folders, other names) of ``folder`` (``""`` or ``a/b/``), as :meth:`_listing`'s
        walk sorts a folder's entries."""
        found = self._folders.get(folder)
        if found is None:
            dirs: list[str] = []
            names: list[str] = []
            try:
                with os.scandir(self.root / folder if folder else self.root) as entries:
                    for entry in entries:
                        try:
                            is_dir = entry.is_dir()
                        except OSError:
                            is_dir = False
                        (dirs if is_dir else names).append(entry.name)
            except OSError:
                pass
            found = self._folders[folder] = (frozenset(dirs), frozenset(names))
        return found

    def _listed(self, rel: str) -> bool:
        """Would :meth:`_listing` list ``rel``? Answered from the folders on its path only."""
        if not rel.endswith(_SOURCE_SUFFIXES):
            return False
        *folders, name = rel.split("/")
        here = ""
        for folder in folders:
            if folder in _SKIP_DIRS or folder.startswith(".") or folder not in self._folder(here)[0]:
                return False
            if os.path.islink(self.root / here / folder):  # the walk does not follow links to folders
                return False
            here = f"{here}{folder}/"
        return name in self._folder(here)[1]

    def _listing(self) -> frozenset[str] | None:
        """The project's source files, listed once (a set lookup instead of a stat per probe);
        None when the tree is too large to list, then each probe asks the file system."""
        if self._files_listed is False:
            out: set[str] = set()
            for folder, dirs, names in os.walk(self.root):
                dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and not d.startswith(".")]
                base = os.path.relpath(folder, self.root).replace(os.sep, "/")
                prefix = "" if base == "." else base + "/"
                out.update(prefix + n for n in names if n.endswith(_SOURCE_SUFFIXES))
                if len(out) > MAX_LISTED:
                    self._files_listed = None
                    return None
            self._files_listed = frozenset(out)
        return self._files_listed

    # -- Python ----------------------------------------------------------------------------

    def python_function(self, from_path: str, qual: str, depth: int = 0) -> tuple[str, Exported] | None:
        """(module path, function) for a call written as the qualified import name ``qual``
        (``pkg.mod.f``, ``.mod.f``, ``..f``) in module ``from_path``."""
        key = (os.path.dirname(from_path), qual)
        if key in self._functions:
            return self._functions[key]
        found = self._python_function(from_path, qual, depth)
        if not self._busy:  # found for the module being linted (nested finds depend on their context)
            self._functions[key] = found
        return found

    def python_method(self, from_path: str, class_qual: str, method: str) -> tuple[str, Exported] | None:
        """(module path, method) for ``method`` of the class written as the qualified import
        name ``class_qual`` in module ``from_path`` (summarised as ``Class.method``; the
        parameters exclude ``self``)."""
        key = (os.path.dirname(from_path), f"{class_qual}#{method}")
        if key in self._functions:
            return self._functions[key]
        found = self._python_function(from_path, class_qual, 0, method)
        if not self._busy:
            self._functions[key] = found
        return found

    def python_module(self, from_path: str, qual: str, depth: int = 0) -> str | None:
        """The project file a call written as ``qual`` goes to (without summarising it): through
        a package's ``__init__.py`` to the module it re-exports the name from."""
        level = len(qual) - len(qual.lstrip("."))
        parts = [p for p in qual[level:].split(".") if p]
        if not parts:
            return None
        files = self._python_files(from_path, level, parts[:-1])
        if not files:
            return None
        rel = files[0]
        if rel.endswith("__init__.py") and depth < 3:
            parsed = self._module(rel)
            target = parsed.reexports.get(parts[-1]) if parsed is not None else None
            if target is not None:
                return self.python_module(rel, target, depth + 1) or rel
        return rel

    def _python_function(self, from_path: str, qual: str, depth: int, member: str = "") -> tuple[str, Exported] | None:
        """``qual`` names a function, or with ``member`` a class whose method that is."""
        if depth > 3 or not qual:
            return None
        level = len(qual) - len(qual.lstrip("."))
        parts = qual[level:].split(".")
        if not parts or not parts[-1]:
            return None
        symbol, module = parts[-1], [p for p in parts[:-1] if p]
        for rel in self._python_files(from_path, level, module):
            fn = self.function(rel, f"{symbol}.{member}" if member else symbol)
            if fn is not None:
                return rel, fn
            parsed = self._module(rel)
            target = parsed.reexports.get(symbol) if parsed is not None else None
            if target is not None:
                return self._python_function(rel, target, depth + 1, member)
            for base in getattr(parsed, "bases", {}).get(symbol, ()) if member else ():  # an inherited method
                if "." in base:
                    found = self._python_function(rel, base, depth + 1, member)
                else:  # a base class of the same module
                    own = self.function(rel, f"{base}.{member}")
                    found = (rel, own) if own is not None else None
                if found is not None:
                    return found
            return None
        return None

    def _python_files(self, from_path: str, level: int, module: list[str]) -> list[str]:
        key = (os.path.dirname(from_path), level, tuple(module))
        found = self._files.get(key)
        if found is None:
            found = self._files[key] = self._find_python_files(from_path, level, module)
        return found

    def _find_python_files(self, from_path: str, level: int, module: list[str]) -> list[str]:
        here = posixpath.dirname(from_path)
        if level:
            base = here
            for _ in range(level - 1):
                base = posixpath.dirname(base)
            bases = [base]
        else:
            bases = [here]  # the file's folder, its parents up to the root …
            while bases[-1]:
                bases.append(posixpath.dirname(bases[-1]))
            bases.append("src")  # … and a src/ layout
        tail = "/".join(module)
        for base in bases:
            if tail:
                stem = posixpath.join(base, tail)
                candidates: tuple[str, ...] = (f"{stem}.py", f"{stem}/__init__.py")
            else:
                candidates = (posixpath.join(base, "__init__.py"),)
            for rel in candidates:
                if not rel.startswith("../") and self._is_file(rel):
                    return [rel]
        return []

    # -- JavaScript / TypeScript ------------------------------------------------------------

    def js_function(self, from_path: str, spec: str, symbol: str) -> tuple[str, Exported] | None:
        """(module path, function) for ``symbol`` (``default`` for a default export) of the
        module imported as ``spec`` from ``from_path``."""
        rel = self.js_file(from_path, spec)
        if rel is None:
            return None
        fn = self.function(rel, symbol)
        if fn is not None:
            return rel, fn
        cls, _, method = symbol.partition(".")
        return self._js_inherited(rel, cls, method, 0) if method else None

    def _js_inherited(self, rel: str, cls: str, method: str, depth: int) -> tuple[str, Exported] | None:
        """``method`` of class ``cls`` of module ``rel`` defined by a class it extends."""
        parsed = self._module(rel)
        base = getattr(parsed, "bases", {}).get(cls, "") if parsed is not None and depth < 4 else ""
        if not base:
            return None
        fn = self.function(rel, f"{base}.{method}")  # a class of the same module
        if fn is not None:
            return rel, fn
        target = getattr(parsed, "imported_class", lambda _name: None)(base)
        if target is None:
            return self._js_inherited(rel, base, method, depth + 1)
        spec, symbol = target
        found_rel = self.js_file(rel, spec)
        if found_rel is None:
            return None
        fn = self.function(found_rel, f"{symbol}.{method}")
        return (found_rel, fn) if fn is not None else self._js_inherited(found_rel, symbol, method, depth + 1)

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

    # -- which modules can hand out taint ---------------------------------------------------

    def relays_model_output(self, from_path: str) -> bool:
        """Browser extension: does a script beside ``from_path`` (same folder or the one above)
        call a model and pass messages on (``chrome.tabs.sendMessage``)? Then what a content
        script's ``runtime.onMessage`` listener receives may be the model's reply."""
        folder = posixpath.dirname(from_path.replace(os.sep, "/"))
        found = self._relays.get(folder)
        if found is None:
            found = False
            for here in dict.fromkeys((folder, posixpath.dirname(folder))):
                prefix = f"{here}/" if here else ""
                for name in sorted(self._folder(prefix)[1]):
                    rel = prefix + name
                    if not name.endswith(JS_SUFFIXES) or rel == from_path:
                        continue
                    text = read_project_text(self.root / rel, self.settings.max_file_bytes) or ""
                    if "sendMessage" in text and self._text_produces(rel, text):
                        found = True
                        break
                if found:
                    break
            self._relays[folder] = found
        return found

    def may_produce(self, rel: str) -> bool:
        """Could a function of module ``rel`` return model output or untrusted input? A cheap
        look at its text and at the project modules it imports (one level: a wrapper around a
        module that calls the model counts; a package that re-exports everything does not)."""
        found = self._produces.get(rel)
        if found is None:
            text = read_project_text(self.root / rel, self.settings.max_file_bytes) or ""
            found = self._produces[rel] = self._text_produces(rel, text) or any(
                self._text_produces(dep) for dep in self._imports_of(rel, text)
            )
        return found

    def _text_produces(self, rel: str, text: str | None = None) -> bool:
        found = self._direct.get(rel)
        if found is None:
            if text is None:
                text = read_project_text(self.root / rel, self.settings.max_file_bytes) or ""
            found = self._direct[rel] = bool(_PRODUCER.search(text))
        return found

    def _imports_of(self, rel: str, text: str) -> list[str]:
        out: list[str] = []
        if rel.endswith(PY_SUFFIXES):
            for m in _PY_IMPORT.finditer(text):
                module = m.group(1) if m.group(1) is not None else m.group(3)
                level = len(module) - len(module.lstrip("."))
                parts = [p for p in module[level:].split(".") if p]
                names = [n.strip() for n in (m.group(2) or "").replace("(", " ").replace(")", " ").split(",")]
                found = self._python_files(rel, level, parts)
                out += found
                if found and found[0].endswith("__init__.py"):  # `from pkg import mod`: submodules
                    for name in names:
                        word = name.split()[0] if name.split() else ""
                        if word.isidentifier():
                            out += self._python_files(rel, level, [*parts, word])
        else:
            for m in _JS_IMPORT.finditer(text):
                found = self.js_file(rel, m.group(1))
                if found is not None:
                    out.append(found)
        return out

    # -- summaries -------------------------------------------------------------------------

    def function(self, rel: str, name: str) -> Exported | None:
        """The summary of function ``name`` of module ``rel`` (None when unknown or on a cycle).

        Computed once per depth: for a call from the module being linted, for a call made
        inside such a summary, and past the depth bound, where the summary is shallow (the
        function and what it calls in its own module, calls into further modules unknown). A
        summary is reused only at its own depth, and a nested one only where none of the
        modules it looked up is busy (on the cycle being cut), so what a module's findings
        say never depends on which modules were linted or summarised before it.
        """
        for looked_up in self._looked_up:
            looked_up.add(rel)
        if rel in self._busy:
            return None
        depth = min(len(self._busy), MAX_DEPTH)
        key = (rel, name)
        cached = self._summaries[depth].get(key)
        if cached is not None and not (cached[1] & self._busy):
            for looked_up in self._looked_up:
                looked_up |= cached[1]
            return cached[0]
        context = (rel, name, frozenset(self._busy))
        if context in self._in_context:
            return self._in_context[context]
        if sum(map(len, self._summaries)) + len(self._in_context) >= MAX_MODULES:
            return None
        parsed = self._module(rel)
        if parsed is None or name not in parsed.names():
            for level in self._summaries:
                level[key] = (None, frozenset())
            return None
        self._busy.add(rel)
        self._looked_up.append(set())
        try:
            found = parsed.summarise(name, depth >= MAX_DEPTH)
        except Exception:  # an analyser problem in an imported module: it is only unknown here
            found = None
        finally:
            self._busy.discard(rel)
            looked_up = frozenset(self._looked_up.pop())
        result = replace(found, summary=exported(found.summary, rel)) if found is not None else None
        if looked_up & self._busy:  # a cycle was cut at a module busy around this one
            self._in_context[context] = result
        else:
            self._summaries[depth][key] = (result, looked_up)
        return result

    def _module(self, rel: str) -> SourceModule | None:
        if rel in self._parsed:
            self._parsed.move_to_end(rel)
            return self._parsed[rel]
        try:
            parsed = self._parse(rel)
        except Exception:  # not valid source: its functions are unknown
            parsed = None
        self._parsed[rel] = parsed
        if len(self._parsed) > PARSED_KEPT:
            self._parsed.popitem(last=False)
        return parsed

    def _parse(self, rel: str) -> SourceModule | None:
        text = read_project_text(self.root / rel, self.settings.max_file_bytes)
        if text is None or "\x00" in text:
            return None
        for suffixes, loader in _LOADERS.items():
            if rel.endswith(suffixes):
                return loader(text, rel, self.settings, self.rules, self)
        return None


def exported(summary: Summary, path: str) -> Summary:
    """A summary as other modules see it: its concrete labels and sinks say which file they are in."""
    out = Summary(ret=in_file(summary.ret, path))
    for rec in summary.sinks.values():
        out.add_sink(rec if rec.file else _located(rec, path))
    return out


def _located(rec: SinkRecord, path: str) -> SinkRecord:
    return replace(rec, file=path)


_PROJECTS: dict[tuple[str, LintSettings, frozenset[str]], Project] = {}

# Each language's summaries module registers how to read one of its modules (the core
# imports no language: python/summaries.py and javascript/summaries.py call this on import).
_LOADERS: dict[tuple[str, ...], Callable[[str, str, LintSettings, frozenset[str], Project], SourceModule]] = {}


def register_loader(
    suffixes: tuple[str, ...], loader: Callable[[str, str, LintSettings, frozenset[str], Project], SourceModule]
) -> None:
    """Read project files ending in ``suffixes`` with ``loader`` (a language's module summariser)."""
    _LOADERS[suffixes] = loader


def project_for(settings: LintSettings, rules: frozenset[str], path: str = "") -> Project | None:
    """The run's project (one per root, settings and rule set), or None when cross-file
    analysis is off (no project root: a single document linted on its own). ``path``: the
    module being linted (looked at first by :meth:`Project.active`)."""
    project = project_of(settings, rules)
    if project is not None and path:
        project.note(path)
    return project if project is not None and project.active() else None


def project_of(settings: LintSettings, rules: frozenset[str]) -> Project | None:
    """The run's project whether or not any module calls a model (None without a root): the
    lint prefilter resolves imports through it without reading every module first."""
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
