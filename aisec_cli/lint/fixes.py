"""Mechanical fixes (`aisec lint --fix` / `--diff`).

AIS101: the key literal becomes an environment lookup (`os.environ["OPENAI_API_KEY"]`,
`process.env.OPENAI_API_KEY`) and the variable name is added to `.env.example` without a
value. AIS402: a client call gets a 60 s timeout.

Planning is pure (text in, new text out: :func:`plan_fixes`); :func:`plan_tree` reads the
files of a lint report and plans them all, and :meth:`TreeFixes.apply` writes them with the
one atomic writer (:mod:`aisec_cli.core.atomic`). Findings never carry the secret itself, so
the literal is re-read from the source at the finding's location and checked again before
it is replaced.
"""

from __future__ import annotations

import ast
import difflib
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from aisec_cli.core.document import Document
from aisec_cli.core.masking import mask_in
from aisec_cli.core.atomic import write_atomic
from aisec_cli.core.findings import Finding, Report
from aisec_cli.lint import keys
from aisec_cli.lint.engine import language_of
from aisec_cli.lint.javascript.parser import js_unescape
from aisec_cli.sources import files

FIXABLE = frozenset({"AIS101", "AIS402"})
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Edit:
    start: int  # character offsets into the document text
    end: int
    replacement: str
    env_var: str


@dataclass(frozen=True, slots=True)
class FilePatch:
    path: str
    original: str
    updated: str
    env_vars: tuple[str, ...]
    skipped: tuple[str, ...] = ()  # why some findings were not fixed

    @property
    def changed(self) -> bool:
        return self.original != self.updated


def _offset(doc: Document, line: int, column: int) -> int:
    newlines = doc.newline_offsets()
    start = newlines[line - 2] + 1 if line >= 2 else 0
    return start + column - 1


def _literal_value(text: str, language: str) -> str | None:
    if language == "python":
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return None
        return value if isinstance(value, str) else None
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'`":
        body = text[1:-1]
        if text[0] == "`" and "${" in body:
            return None
        return js_unescape(body)
    return None


def plan_fixes(doc: Document, findings: Iterable[Finding]) -> FilePatch | None:
    """Edits for the fixable findings of one document (None when nothing applies)."""
    language = language_of(doc.path)
    if language not in ("python", "javascript", "typescript"):
        return None
    edits: list[Edit] = []
    skipped: list[str] = []
    for finding in findings:
        if finding.rule_id not in FIXABLE or finding.location.path != doc.path or doc.line_numbers is not None:
            continue
        loc = finding.location
        if loc.end_line is None or loc.end_column is None:
            continue
        start = _offset(doc, loc.line, loc.column)
        end = _offset(doc, loc.end_line, loc.end_column)
        if finding.rule_id == "AIS402":
            edit = _timeout_edit(doc.text, start, end, str(finding.properties.get("fix_argument", "")), language)
            if edit is None:
                skipped.append(f"line {loc.line}: no safe mechanical timeout rewrite (fix by hand)")
            else:
                edits.append(edit)
            continue
        literal = doc.text[start:end]
        value = _literal_value(literal, language)
        env_var = str(finding.properties.get("env_var", "")) or "API_KEY"
        if not _ENV_NAME.match(env_var):
            env_var = re.sub(r"[^A-Z0-9_]", "_", env_var.upper()) or "API_KEY"
        if value is None:
            skipped.append(f"line {loc.line}: not a plain string literal")
            continue
        replacement = _replacement(doc.text, start, value, env_var, language)
        if replacement is None:
            skipped.append(f"line {loc.line}: no safe mechanical rewrite (fix by hand)")
            continue
        edits.append(Edit(start, end, replacement, env_var))
    if not edits:
        return FilePatch(doc.path, doc.text, doc.text, (), tuple(skipped)) if skipped else None
    updated = doc.text
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        updated = updated[: edit.start] + edit.replacement + updated[edit.end :]
    if language == "python" and any(e.env_var for e in edits) and not re.search(r"^\s*import os\b|^\s*import [\w, ]*\bos\b", updated, re.M):
        updated = _add_python_import(updated)
    env_vars = tuple(dict.fromkeys(e.env_var for e in edits if e.env_var))
    return FilePatch(doc.path, doc.text, updated, env_vars, tuple(skipped))


def _timeout_edit(text: str, start: int, end: int, argument: str, language: str) -> Edit | None:
    """Add a timeout argument to the constructor / request call spanning text[start:end]."""
    call = text[start:end]
    if not argument or not call.endswith(")"):
        return None
    if language == "python":
        none = re.search(r"\btimeout\s*=\s*None\b", call)
        if none:
            return Edit(start + none.start(), start + none.end(), argument.replace(".0", ".0"), "")
        if "**" in call:
            return None
        inner = call[:-1].rstrip()
        at = start + len(inner)
        if inner.endswith("("):
            return Edit(at, at, argument, "")
        if inner.endswith(","):
            return Edit(at, at, f" {argument},", "")
        return Edit(at, at, f", {argument}", "")
    # JavaScript / TypeScript: new X() or new X({ ... })
    open_paren = call.find("(")
    if open_paren == -1:
        return None
    args = call[open_paren + 1 : -1].strip()
    if not args:
        return Edit(start + open_paren + 1, end - 1, "{ " + argument + " }", "")
    if not (args.startswith("{") and args.endswith("}")) or "..." in args:
        return None
    body = args[1:-1].rstrip()
    close = call.rfind("}")
    insert_at = start + call.rfind(body) + len(body) if body else start + close
    sep = "" if not body else (" " if body.endswith(",") else ", ")
    return Edit(insert_at, insert_at, sep + argument + ("" if body else " "), "")


def _replacement(text: str, start: int, value: str, env_var: str, language: str) -> str | None:
    key = keys.match_key(value, "api_key")
    before = text[max(0, start - 120) : start]
    if language == "python":
        if re.search(r"environ\s*\[[^\]]*\]\s*=\s*$", before) or re.search(r"(?:getenv|environ\.get|setdefault)\([^()]*,\s*$", before):
            return None  # assigning / defaulting an env var: delete by hand
        lookup = f'os.environ["{env_var}"]'
        if key is not None and key.value == value.strip():
            return lookup
        if value.startswith(("Bearer ", "bearer ")) and keys.match_key(value.split(" ", 1)[1]):
            return f'f"Bearer {{os.environ[\'{env_var}\']}}"'
        return None
    if re.search(r"process\.env(?:\.\w+|\[[^\]]*\])\s*=\s*$", before):
        return None
    lookup = f"process.env.{env_var}"
    if key is not None and key.value == value.strip():
        return lookup
    if value.startswith(("Bearer ", "bearer ")) and keys.match_key(value.split(" ", 1)[1]):
        return f"`Bearer ${{{lookup}}}`"
    return None


def _add_python_import(text: str) -> str:
    """Insert `import os` after the module docstring / __future__ imports."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return "import os\n" + text
    line = 0
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str) and line == 0:
            line = node.end_lineno or 0
            continue
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            line = node.end_lineno or line
            continue
        break
    lines = text.splitlines(keepends=True)
    lines.insert(line, "import os\n")
    return "".join(lines)


def env_example_update(existing: str | None, names: Sequence[str]) -> str | None:
    """New `.env.example` text listing ``names`` (None when nothing changes)."""
    text = existing or ""
    present = set(re.findall(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=", text, re.M))
    missing = [n for n in dict.fromkeys(names) if n not in present]
    if not missing:
        return None
    if text and not text.endswith("\n"):
        text += "\n"
    return text + "".join(f"{name}=\n" for name in missing)


def unified_diff(patch: FilePatch) -> str:
    """The patch as a unified diff; key literals on removed lines are masked."""
    lines = difflib.unified_diff(
        patch.original.splitlines(keepends=True),
        patch.updated.splitlines(keepends=True),
        fromfile=f"a/{patch.path}",
        tofile=f"b/{patch.path}",
    )
    out = []
    for line in lines:
        for found in keys.find_keys_in_text(line):
            line = mask_in(line, found.value)
        out.append(line)
    return "".join(out)


def env_diff(path: str, existing: str | None, updated: str) -> str:
    return "".join(
        difflib.unified_diff(
            (existing or "").splitlines(keepends=True),
            updated.splitlines(keepends=True),
            fromfile=f"a/{path}" if existing is not None else "/dev/null",
            tofile=f"b/{path}",
        )
    )


ENV_EXAMPLE = ".env.example"


@dataclass(frozen=True, slots=True)
class TreeFixes:
    """The fixes for the files of a lint report: patches, the ``.env.example`` update, notes."""

    root: Path
    patches: tuple[FilePatch, ...]
    env_existing: str | None = None
    env_updated: str | None = None  # None: .env.example stays as it is
    notes: tuple[str, ...] = ()  # "path: why a finding was not fixed"

    @property
    def pending(self) -> bool:
        """True when applying would change a file."""
        return bool(self.patches) or self.env_updated is not None

    def diff(self) -> str:
        """Every change as a unified diff (key literals on removed lines masked)."""
        out = [unified_diff(patch) for patch in self.patches]
        if self.env_updated is not None:
            out.append(env_diff(ENV_EXAMPLE, self.env_existing, self.env_updated))
        return "".join(out)

    def apply(self) -> int:
        """Write the changes (atomically, permissions kept); the number of source files changed."""
        for patch in self.patches:
            write_atomic(self.root / patch.path, patch.updated, regular_only=True)
        if self.env_updated is not None:
            write_atomic(self.root / ENV_EXAMPLE, self.env_updated, regular_only=True)
        return len(self.patches)


def plan_tree(report: Report, root: Path) -> TreeFixes:
    """Plan the fixes for the findings of ``report`` (paths relative to ``root``); writes nothing."""
    patches: list[FilePatch] = []
    notes: list[str] = []
    env_names: list[str] = []
    for name, found in sorted(_by_path(report.findings).items()):
        if os.path.islink(root / name):  # a fixed copy would replace the link (and its target stays as it was)
            notes.append(f"{name}: a symbolic link; --fix never replaces a link (fix its target under its own name)")
            continue
        doc = _read(root / name, name)
        if doc is None:
            continue
        patch = plan_fixes(doc, found)
        if patch is None:
            continue
        notes.extend(f"{name}: {reason}" for reason in patch.skipped)
        if patch.changed:
            patches.append(patch)
            env_names.extend(patch.env_vars)
    existing: str | None = None
    updated: str | None = None
    if env_names:
        env_path = root / ENV_EXAMPLE
        if os.path.lexists(env_path) and not _regular(env_path):  # a FIFO would block, a link be replaced
            notes.append(f"{ENV_EXAMPLE}: not a regular file (a link, FIFO or device); add {', '.join(dict.fromkeys(env_names))} to it by hand")
        else:
            try:
                existing = env_path.read_text(encoding="utf-8")
            except OSError:
                existing = None
            updated = env_example_update(existing, env_names)
    return TreeFixes(root, tuple(patches), existing, updated, tuple(notes))


def _regular(path: Path) -> bool:
    """A regular file that is not a symbolic link."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _read(path: Path, name: str) -> Document | None:
    result = files.read(files.Target(str(path), name), 1 << 30)
    return result if isinstance(result, Document) else None


def _by_path(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for finding in findings:
        out.setdefault(finding.location.path, []).append(finding)
    return out
