"""compile_now compiles the lazy patterns a module holds (globals and containers), once, their
programs read from the disk cache when a run stored them."""

from __future__ import annotations

import json
import re
import types
from pathlib import Path

import pytest

from aisec_cli.core import lazyre
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


PATTERNS = (
    (r"(?P<verb>ignore|forget)\s+(?:all\s+)?previous\s+instructions", re.IGNORECASE),
    (r"^\s{0,3}(?:subject|from)\s{0,2}:", re.IGNORECASE | re.MULTILINE),
    (r"[\u0400-\u04ff]{3,}\b", 0),
    (r"(a)(b)?(?P<tail>c+)$", 0),
)


def _fresh() -> list[LazyRegex]:
    return [LazyRegex(source, flags) for source, flags in PATTERNS]


def _cache_files(where: Path) -> list[Path]:
    return sorted(where.rglob("re-programs-*.json"))


def test_stored_programs_give_the_patterns_re_compiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AISEC_CACHE_DIR", str(tmp_path))
    first = _fresh()
    assert compile_now([first]) == len(PATTERNS)
    assert len(_cache_files(tmp_path)) == 1
    # A second run reads the programs: it never parses a pattern.
    monkeypatch.setattr(lazyre, "_program", lambda rx: pytest.fail(f"parsed {rx.pattern} again"))
    second = _fresh()
    assert compile_now([second]) == len(PATTERNS)
    for rx, (source, flags) in zip(second, PATTERNS):
        assert rx._compiled == re.compile(source, flags)
        assert rx._compiled.groupindex == re.compile(source, flags).groupindex
    assert second[0].search("Please IGNORE all previous instructions").group("verb") == "IGNORE"
    assert second[3].fullmatch("abcc").group("tail") == "cc"


def test_the_entry_does_not_depend_on_what_was_compiled_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AISEC_CACHE_DIR", str(tmp_path))
    compile_now([_fresh()])
    partly = _fresh()
    partly[1].compiled()
    assert compile_now([partly]) == len(PATTERNS) - 1
    assert len(_cache_files(tmp_path)) == 1


def test_a_damaged_entry_falls_back_to_re(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AISEC_CACHE_DIR", str(tmp_path))
    compile_now([_fresh()])
    (entry,) = _cache_files(tmp_path)
    stored = json.loads(entry.read_text(encoding="utf-8"))
    stored["data"][0][1] = [999999, 1, 2]  # not a program _sre accepts
    stored["data"][1] = "not a program"
    entry.write_text(json.dumps(stored), encoding="utf-8")
    again = _fresh()
    compile_now([again])
    for rx, (source, flags) in zip(again, PATTERNS):
        assert rx._compiled == re.compile(source, flags)


def test_without_a_cache_the_patterns_still_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AISEC_NO_CACHE", "1")
    plain = _fresh()
    assert compile_now([plain]) == len(PATTERNS)
    assert [rx._compiled for rx in plain] == [re.compile(s, f) for s, f in PATTERNS]
