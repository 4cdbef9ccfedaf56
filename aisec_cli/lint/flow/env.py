"""The variable environment of one function: access paths (`x`, `x.a`, `x['k']`) to taint."""

from __future__ import annotations

from aisec_cli.lint.taint import Taint, union

Env = dict[str, Taint]


def is_path(key: str) -> bool:
    """A derived access path (`x.a`, `x[0]`), as opposed to a plain name."""
    return "." in key or "[" in key


def root_of(path: str) -> str:
    return path.split(".", 1)[0].split("[", 1)[0]


def merge(a: Env, b: Env) -> Env:
    """Join of two branches: names bound on either side are unioned; a path fact bound on
    one branch only (`x.a`, `x['k']`: a guard's validation, an attribute write) is dropped,
    so lookups fall back to the path's base, which holds on both branches."""
    out: Env = {}
    for key in a.keys() | b.keys():
        in_a, in_b = key in a, key in b
        if in_a and in_b:
            left, right = a[key], b[key]
            out[key] = left if left is right else union(left, right)  # unchanged on both branches
        elif is_path(key):
            continue
        else:
            out[key] = a[key] if in_a else b[key]
    return out


def signature(env: Env) -> frozenset[object]:
    """What a closure can see of ``env`` (tainted entries only), to detect changes."""
    return frozenset((k, v) for k, v in env.items() if v)
