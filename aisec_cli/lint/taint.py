"""Taint labels shared by the Python and JavaScript analysers.

A value's taint is a frozenset of :class:`Label`. A label says what kind of data it is
(model output, untrusted input, a secret, a prompt, or a symbolic function parameter),
where it came from and which variables it went through, so a finding can say what flowed
where. Sanitisers do not delete a label: they mark it ``cleared`` for some rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from aisec_cli.core.lazyre import LazyRegex

# Kinds of data.
LLM = "llm"  # model output (text, response object, tool-call arguments)
USER = "user"  # untrusted text: web requests, widgets, input(), argv, events
USER_SCALAR = "user_scalar"  # untrusted number/bool (matters only for cost parameters)
FETCHED = "fetched"  # documents fetched from the web (indirect injection)
SECRET = "secret"  # credentials read from the environment or settings
PARAM = "param"  # symbolic: "whatever the caller passes as this parameter"

# Where untrusted input comes from (Label.category).
WEB = "web"
WIDGET = "widget"
CLI = "cli"
EVENT = "event"
TOOL = "tool"  # llm label that stands for tool-call arguments / tool function parameters

ALL = "*"
MAX_VIA = 6

DERIVED = "derived"  # llm label category: the result of a call made with model output

# Conversions applied to a label (or, for PARAM, remembered until substitution).
CONV_SCALAR = "scalar"  # int()/float()/len(): text becomes a number
CONV_CALL = "call"  # passed through an opaque call: secrets stay behind, model text becomes derived
CONV_META = "meta"  # only metadata of the value was taken (.usage, ["id"]): model text is gone
CONV_NO_WEB = "noweb"  # a request's server-side attribute was taken (.user, .scope): web input is gone


@dataclass(frozen=True, slots=True)
class Label:
    kind: str
    origin: str  # what produced it: "client.chat.completions.create()", "request.args", param name
    line: int
    via: tuple[str, ...] = ()
    cleared: frozenset[str] = frozenset()  # rule ids a sanitiser cleared it for; "*" = all
    sdk: str = ""
    category: str = ""
    conv: str = ""  # pending conversion of a PARAM label
    file: str = ""  # the module it came from when that is not the module being analysed
    keys: frozenset[str] = frozenset()  # the dict keys holding it inside a built dict; empty = the whole value

    def key(self) -> tuple[str, str, int, frozenset[str], str, str, str, frozenset[str]]:
        return (self.kind, self.origin, self.line, self.cleared, self.category, self.conv, self.file, self.keys)

    def rank(self) -> tuple[object, ...]:
        """A total order on labels (the shortest path first, then its text, then every other
        field): where one label of several is kept, the least is, never the first seen."""
        return (
            len(self.via), self.via, self.kind, self.category, self.file, self.line, self.origin,
            self.conv, sorted(self.cleared), sorted(self.keys), self.sdk,
        )

    def through(self, name: str) -> Label:
        if not name or (self.via and self.via[-1] == name) or len(self.via) >= MAX_VIA:
            return self
        return _relabel(self, via=(*self.via, name))

    def clear(self, rules: Iterable[str]) -> Label:
        return _relabel(self, cleared=self.cleared | frozenset(rules))

    def active_for(self, rule_id: str) -> bool:
        return ALL not in self.cleared and rule_id not in self.cleared

    def describe(self) -> str:
        what = {
            LLM: "tool-call argument" if self.category == TOOL else "model output",
            USER: "untrusted input",
            USER_SCALAR: "untrusted input",
            FETCHED: "fetched content",
            SECRET: "secret",
            PARAM: "parameter",
        }.get(self.kind, self.kind)
        where = f"{self.file}, line {self.line}" if self.file else f"line {self.line}"
        text = f"{what} from `{self.origin}` ({where})"
        if self.via:
            text += " via " + " → ".join(f"`{v}`" for v in self.via)
        return text


def _relabel(
    lb: Label,
    *,
    kind: str | None = None,
    via: tuple[str, ...] | None = None,
    cleared: frozenset[str] | None = None,
    category: str | None = None,
    conv: str | None = None,
    file: str | None = None,
    keys: frozenset[str] | None = None,
) -> Label:
    """``dataclasses.replace`` for a label, without its per-call field introspection (the
    flow makes millions of these)."""
    return Label(
        lb.kind if kind is None else kind,
        lb.origin,
        lb.line,
        lb.via if via is None else via,
        lb.cleared if cleared is None else cleared,
        lb.sdk,
        lb.category if category is None else category,
        lb.conv if conv is None else conv,
        lb.file if file is None else file,
        lb.keys if keys is None else keys,
    )


Taint = frozenset[Label]
CLEAN: Taint = frozenset()


def union(*taints: Taint) -> Taint:
    """Union that keeps one label per origin (the one with the shortest path, the first by text of equals)."""
    non_empty = [t for t in taints if t]
    if not non_empty:
        return CLEAN
    if len(non_empty) == 1:
        return non_empty[0]
    best: dict[tuple[str, str, int, frozenset[str], str, str, str, frozenset[str]], Label] = {}
    for taint in non_empty:
        for label in taint:
            k = label.key()
            old = best.get(k)
            if old is None or (len(label.via), label.via) < (len(old.via), old.via):
                best[k] = label  # shortest path; equal lengths by their text, so no set order decides
    return frozenset(best.values())


def in_file(taint: Taint, path: str) -> Taint:
    """Labels made in module ``path`` as another module sees them (symbolic ones stay as they are)."""
    if not taint:
        return taint
    return frozenset(lb if lb.kind == PARAM or lb.file else _relabel(lb, file=path) for lb in taint)


def through(taint: Taint, name: str) -> Taint:
    if not taint or not name:
        return taint
    return frozenset(label.through(name) for label in taint)


def clear(taint: Taint, rules: Iterable[str]) -> Taint:
    rules = frozenset(rules)
    if not taint:
        return taint
    return frozenset(label.clear(rules) for label in taint)


def keep_kinds(taint: Taint, kinds: frozenset[str]) -> Taint:
    return frozenset(label for label in taint if label.kind in kinds)


CONV_DROP = "drop="  # `drop=user/user_scalar`: those kinds never come out of this value


def drop_kinds(taint: Taint, kinds: frozenset[str]) -> Taint:
    """``taint`` without labels of ``kinds``; a symbolic parameter remembers the drop, so what
    the caller passes loses them too (search results are not the query, in any function)."""
    if not taint:
        return taint
    conv = CONV_DROP + "/".join(sorted(kinds))
    return frozenset(
        _add_conv(label, conv) if label.kind == PARAM else label for label in taint if label.kind not in kinds
    )


def drop_web(taint: Taint) -> Taint:
    """A request object's server-side attribute (the signed-in user, the session, the ASGI
    scope): what the caller sent is not in it; a symbolic parameter remembers that."""
    if not taint:
        return taint
    return frozenset(
        _add_conv(label, CONV_NO_WEB) if label.kind == PARAM else label for label in taint if label.category != WEB
    )


def to_scalar(taint: Taint) -> Taint:
    """int()/float()/len(): untrusted text stays untrusted (as a number), the rest is gone."""
    out: list[Label] = []
    for label in taint:
        if label.kind in (USER, FETCHED, USER_SCALAR):
            out.append(_relabel(label, kind=USER_SCALAR))
        elif label.kind == PARAM:
            out.append(_add_conv(label, CONV_SCALAR))
    return frozenset(out)


def validated(taint: Taint) -> Taint:
    """A value that passed an allow-list or constant comparison: only secrets stay."""
    return frozenset(label for label in taint if label.kind == SECRET)


def relevant(taint: Taint, kinds: frozenset[str], rule_id: str) -> list[Label]:
    """Labels that make a sink fire for ``rule_id`` (symbolic parameters always count)."""
    return [
        label
        for label in taint
        if (label.kind in kinds or label.kind == PARAM) and label.active_for(rule_id)
    ]


def _add_conv(label: Label, conv: str) -> Label:
    parts = set(filter(None, label.conv.split("+")))
    if conv in parts:
        return label
    parts.add(conv)
    return _relabel(label, conv="+".join(sorted(parts)))


def drop_llm(taint: Taint) -> Taint:
    """Metadata of a value (usage, ids, finish reasons): no model text remains."""
    if not taint:
        return taint
    out: list[Label] = []
    for label in taint:
        if label.kind == LLM:
            continue
        out.append(_add_conv(label, CONV_META) if label.kind == PARAM else label)
    return frozenset(out)


def through_call(taint: Taint) -> Taint:
    """What comes back from an opaque call given ``taint``: no secrets, derived model text."""
    out: list[Label] = []
    for label in taint:
        if label.kind == SECRET:
            continue
        if label.kind == LLM and not label.category:
            label = _relabel(label, category=DERIVED)
        elif label.kind == PARAM:
            label = _add_conv(label, CONV_CALL)
        out.append(label)
    return frozenset(out)


def substitute(label: Label, actual: Taint, via: str) -> Taint:
    """Replace a PARAM label by the caller's actual argument taint."""
    result = actual
    convs = set(label.conv.split("+")) if label.conv else set()
    if CONV_SCALAR in convs:
        result = to_scalar(result)
    if CONV_CALL in convs:
        result = through_call(result)
    if CONV_META in convs:
        result = drop_llm(result)
    if CONV_NO_WEB in convs:
        result = drop_web(result)
    for conv in convs:
        if conv.startswith(CONV_KEY):
            result = select_key(result, conv[len(CONV_KEY):])
        if conv.startswith(CONV_DROP):
            result = drop_kinds(result, frozenset(conv[len(CONV_DROP):].split("/")))
    if label.cleared:
        result = clear(result, label.cleared)
    if label.keys and result:
        result = frozenset(_relabel(lb, keys=frozenset() if lb.keys else label.keys) for lb in result)
    for name in label.via:
        result = through(result, name)
    return through(result, via)


def under_key(taint: Taint, key: str) -> Taint:
    """The value of ``key`` in a dict literal: its labels are held under that key (a value
    already held under keys of an inner dict is held under the outer key: reading that key
    gives the whole inner dict back, whose own keys are no longer told apart)."""
    if not taint:
        return taint
    mark = frozenset({key})
    return frozenset(_relabel(lb, keys=mark) for lb in taint)


CONV_KEY = "key="  # `key=name`: only the caller's item under that key comes out of this parameter


def select_key(taint: Taint, key: str) -> Taint:
    """``d[key]`` / ``d.get(key)``: labels held under other keys are not in that item (a
    parameter remembers the first key read from it, for the caller's argument)."""
    if not taint:
        return taint
    symbolic = _KEY_NAME.match(key) is not None and any(lb.kind == PARAM and not lb.keys for lb in taint)
    if not symbolic and not any(lb.keys for lb in taint):
        return taint
    out: list[Label] = []
    for lb in taint:
        if lb.keys:
            if key in lb.keys or all(k.startswith(ITEM_MARK) for k in lb.keys):
                out.append(_relabel(lb, keys=frozenset()))  # a tuple's item: not a dict, its keys unknown
        elif symbolic and lb.kind == PARAM and not any(c.startswith(CONV_KEY) for c in lb.conv.split("+")):
            out.append(_add_conv(lb, CONV_KEY + key))
        else:
            out.append(lb)
    return frozenset(out)


_KEY_NAME = LazyRegex(r"^[\w-]+$")
ITEM_MARK = "#"  # a tuple literal holds its i-th item's labels under the key "#i"


def tuple_item(taint: Taint, index: int) -> Taint:
    """Item ``index`` of a tuple (``a, b = pair``): labels held under another position are not in it."""
    key = f"{ITEM_MARK}{index}"
    if not any(k.startswith(ITEM_MARK) for lb in taint for k in lb.keys):
        return taint
    out: list[Label] = []
    for lb in taint:
        positions = {k for k in lb.keys if k.startswith(ITEM_MARK)}
        if not positions:
            out.append(lb)
        elif key in positions:
            out.append(_relabel(lb, keys=frozenset()))
    return frozenset(out)


def overwritten(taint: Taint, keys: set[str]) -> Taint:
    """A spread (``{...d, k: v}`` / ``{**d, "k": v}``) whose keys ``keys`` are set again after it:
    what ``d`` held only under those keys is gone from the new object."""
    if not taint or not keys:
        return taint
    return frozenset(lb for lb in taint if not (lb.keys and lb.keys <= keys))


def whole(taint: Taint) -> Taint:
    """A value made from a container (any item of it, a copy through a call): keys no longer apply."""
    if not taint or not any(lb.keys for lb in taint):
        return taint
    return union(*(frozenset({_relabel(lb, keys=frozenset())}) for lb in taint))


_ACCESS_PATH = LazyRegex(r"^([A-Za-z_$][\w$]*)(?:\??\.[A-Za-z_$][\w$]*|\[[^\]]{1,40}\])+$")


def holds_secret(taint: Taint, lookup: Callable[[str], Taint]) -> bool:
    """Does ``taint`` hold a secret of this program's own (environment, settings, a stored
    credential)? A field named like a key (``body.apiKey``) read from untrusted data or a
    parameter (``lookup``: a variable's taint where the value is used) is not one."""
    for lb in taint:
        if lb.kind != SECRET or not lb.active_for(ALL):
            continue
        m = _ACCESS_PATH.match(lb.origin)
        if m is not None and not lb.file and any(r.kind in (USER, PARAM) for r in lookup(m.group(1))):
            continue
        return True
    return False
