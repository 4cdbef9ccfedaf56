"""Summaries of a JS/TS module's exported functions and class methods, for the modules that import it."""

from __future__ import annotations

from aisec_cli.lint.flow.project import JS_SUFFIXES, Exported, Project, register_loader
from aisec_cli.lint.flow.rules import flow_rule_ids
from aisec_cli.lint.javascript import facts as facts_mod
from aisec_cli.lint.javascript.flow import JsFunctionFlow, JsModuleFlow
from aisec_cli.lint.javascript.parser import FUNCTION_TYPES, Node, Source, dotted, field, object_pairs, parse, superclass, unwrap
from aisec_cli.lint.settings import LintSettings


class JsModule:
    """One module's syntax tree and facts, kept while its exported functions are summarised."""

    reexports: dict[str, str] = {}

    def __init__(self, text: str, path: str, settings: LintSettings, rules: frozenset[str], project: Project) -> None:
        data = text.encode("utf-8", "surrogatepass")
        self.root = parse(data, path)
        self.src = Source(data)
        self.facts = facts_mod.collect(self.root, self.src, path)
        self.path = path
        self.settings = settings
        self.rules = rules & flow_rule_ids()
        self.project = project
        self.exports = export_names(self.facts, self.root, self.src)
        self.bases = class_bases(self.root, self.src)

    def imported_class(self, written: str) -> tuple[str, str] | None:
        """(module specifier, exported name) of a class this module imports (``default`` too)."""
        head, _, rest = written.partition(".")
        entry = self.facts.imports.get(head)
        if entry is None:
            return None
        spec, imported = entry
        if imported == "*":
            return (spec, rest) if rest and "." not in rest else None
        return None if rest else (spec, imported)

    def names(self) -> set[str]:
        return set(self.exports)

    def summarise(self, name: str, shallow: bool = False) -> Exported | None:
        fn = self.exports[name]
        project = None if shallow else self.project
        flow = JsModuleFlow(self.facts, self.settings, self.rules, self.path, project=project, only=fn)
        flow.run()
        summary = flow.summaries.get(fn.id)
        if summary is None:
            return None  # an empty summary is kept: nothing the call is given comes back from it
        slots = tuple(slot for slot, _pattern, _names in JsFunctionFlow(flow, fn)._params())
        return Exported(slots, summary)


def export_names(facts: facts_mod.JsFacts, root: Node, src: Source) -> dict[str, Node]:
    """Exported name (``default`` for the default export) → function node. Every top-level
    function is importable by its own name; ES ``export`` forms and CommonJS ``module.exports``
    / ``exports.x`` add aliases and the default. The methods of a top-level class are
    ``Class.method`` (``default.method`` for a default-exported class)."""
    out: dict[str, Node] = {}
    for fn in facts.all_functions:
        name = facts.func_names.get(fn.id)
        if name and not _nested(fn):
            out.setdefault(name, fn)

    def function_of(value: Node | None) -> Node | None:
        value = unwrap(value)
        if value is None:
            return None
        if value.type in FUNCTION_TYPES:
            return value
        if value.type in ("identifier", "shorthand_property_identifier"):
            found = facts.functions.get(src.text(value))
            return found[0] if found else None
        return None

    classes: dict[str, Node] = {}  # top-level class name → declaration
    for stmt in root.named_children:
        decl = field(stmt, "declaration") if stmt.type == "export_statement" else stmt
        decl = unwrap(decl)
        if decl is not None and decl.type in _CLASS_TYPES and field(decl, "name") is not None:
            classes[src.text(field(decl, "name"))] = decl

    def class_of(value: Node | None) -> Node | None:
        value = unwrap(value)
        if value is None:
            return None
        if value.type in _CLASS_TYPES:
            return value
        if value.type in ("identifier", "shorthand_property_identifier"):
            return classes.get(src.text(value))
        return None

    def add_class(exported: str, cls: Node | None) -> None:
        """``Class.method`` for each method: called on an instance made in another module."""
        body = field(cls, "body") if cls is not None else None
        for member in body.named_children if body is not None else ():
            name = field(member, "name")
            if member.type == "method_definition" and name is not None:
                method = src.text(name)
                if method != "constructor" and not any(c.type == "static" for c in member.children):
                    out.setdefault(f"{exported}.{method}", member)

    for name, cls in classes.items():
        add_class(name, cls)
    for stmt in root.named_children:
        if stmt.type == "export_statement":
            is_default = any(c.type == "default" for c in stmt.children)
            decl = field(stmt, "declaration")
            value = field(stmt, "value")
            if is_default:
                fn = function_of(decl) or function_of(value)
                if fn is not None:
                    out["default"] = fn
                add_class("default", class_of(decl) or class_of(value))
            for clause in stmt.named_children:
                if clause.type != "export_clause":
                    continue
                for spec in clause.named_children:
                    name, alias = field(spec, "name"), field(spec, "alias")
                    fn = function_of(name)
                    if fn is not None and name is not None:
                        out[src.text(alias or name)] = fn
                    if name is not None:
                        add_class(src.text(alias or name), class_of(name))
        elif stmt.type == "expression_statement" and stmt.named_children:
            expr = unwrap(stmt.named_children[0])
            if expr is None or expr.type != "assignment_expression":
                continue
            left, right = dotted(field(expr, "left"), src), field(expr, "right")
            if left == "module.exports":
                fn = function_of(right)
                if fn is not None:
                    out["default"] = fn
                add_class("default", class_of(right))
                for key, value in (object_pairs(unwrap(right), src) or {}).items():
                    fn = function_of(value)
                    if fn is not None:
                        out[key] = fn
                    add_class(key, class_of(value))
            elif left.startswith(("module.exports.", "exports.")) and left.count(".") == left.startswith("module.") + 1:
                fn = function_of(right)
                if fn is not None:
                    out[left.rsplit(".", 1)[-1]] = fn
                add_class(left.rsplit(".", 1)[-1], class_of(right))
    return out


_CLASS_TYPES = ("class_declaration", "class", "abstract_class_declaration")


def class_bases(root: Node, src: Source) -> dict[str, str]:
    """Top-level class name (and ``default`` for a default-exported class) → the class it
    extends, as written: an inherited method is looked up there."""
    out: dict[str, str] = {}
    for stmt in root.named_children:
        decl = unwrap(field(stmt, "declaration") or field(stmt, "value")) if stmt.type == "export_statement" else stmt
        if decl is None or decl.type not in _CLASS_TYPES:
            continue
        base = superclass(decl, src)
        if not base:
            continue
        name = field(decl, "name")
        if name is not None:
            out[src.text(name)] = base
        if stmt.type == "export_statement" and any(c.type == "default" for c in stmt.children):
            out["default"] = base
    return out


def _nested(fn: Node) -> bool:
    parent = fn.parent
    while parent is not None:
        if parent.type in FUNCTION_TYPES or parent.type in ("class_body", "class_declaration", "object"):
            return True
        parent = parent.parent
    return False


register_loader(JS_SUFFIXES, JsModule)
