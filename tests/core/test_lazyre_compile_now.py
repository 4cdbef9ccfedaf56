"""compile_now compiles the lazy patterns a module holds (globals and containers), once."""

from __future__ import annotations

import re
import types

from aisec_cli.core.lazyre import LazyRegex, compile_now


def _module(name: str, **members: object) -> types.ModuleType:
    module = types.ModuleType(name)
    vars(module).update(members)
    return module


def test_globals_and_nested_containers_are_compiled() -> None:
    top = LazyRegex(r"ab+c")
    in_tuple = LazyRegex(r"x\d{2}", re.IGNORECASE)
    in_dict = LazyRegex(r"[a-f]+")
    module = _module("m_one", TOP=top, PAIRS=((in_tuple, "repl"),), BY_KIND={"k": [in_dict]}, OTHER=3)
    assert compile_now([module]) == 3
    assert all(rx._compiled is not None for rx in (top, in_tuple, in_dict))
    assert in_tuple.compiled().flags & re.IGNORECASE
    assert compile_now([module]) == 0  # already compiled: nothing more to do


def test_a_module_found_inside_another_is_not_entered() -> None:
    inner_rx = LazyRegex(r"inner")
    inner = _module("m_inner", RX=inner_rx)
    outer = _module("m_outer", inner=inner, RX=LazyRegex(r"outer"))
    assert compile_now([outer]) == 1
    assert inner_rx._compiled is None


def test_patterns_given_directly_and_depth_bound() -> None:
    direct = LazyRegex(r"direct")
    deep = LazyRegex(r"deep")
    assert compile_now([direct, (((deep,),),)], depth=1) == 1
    assert direct._compiled is not None and deep._compiled is None
    assert compile_now([(((deep,),),)]) == 1
