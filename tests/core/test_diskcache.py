"""The on-disk cache of derived data: hits, misses, refusals, and no change to what a run finds."""

from __future__ import annotations

import datetime
import json
import os
import stat
from pathlib import Path

import pytest

from aisec_cli import __version__
from aisec_cli.core import diskcache


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("AISEC_CACHE_DIR", str(where))
    return where / __version__


class Builder:
    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_second_run_reads_what_the_first_stored(cache_dir: Path) -> None:
    build = Builder({"rules": [{"id": "X1", "pattern": "a+"}]})
    first = diskcache.cached("demo", ("input text",), build)
    second = diskcache.cached("demo", ("input text",), build)
    assert first == second == build.value
    assert build.calls == 1
    files = list(cache_dir.iterdir())
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_dir.stat().st_mode) & 0o077 == 0


def test_other_input_or_purpose_is_built_again(cache_dir: Path) -> None:
    build = Builder([1, 2, 3])
    diskcache.cached("demo", ("one",), build)
    diskcache.cached("demo", ("two",), build)
    diskcache.cached("other", ("one",), build)
    assert build.calls == 3


def test_a_file_holding_another_key_is_not_trusted(cache_dir: Path) -> None:
    build = Builder({"safe": True})
    diskcache.cached("demo", ("x",), build)
    (path,) = cache_dir.iterdir()
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["key"] = "0" * 64
    stored["data"] = {"safe": False}
    path.write_text(json.dumps(stored), encoding="utf-8")
    assert diskcache.cached("demo", ("x",), build) == {"safe": True}
    assert build.calls == 2


@pytest.mark.parametrize("garbage", [b"", b"{not json", b"\xff\xfe\x00", b"[1, 2]", b'{"key": 1}'])
def test_a_broken_file_means_build_again_never_an_error(cache_dir: Path, garbage: bytes) -> None:
    build = Builder("value")
    diskcache.cached("demo", ("x",), build)
    (path,) = cache_dir.iterdir()
    path.write_bytes(garbage)
    assert diskcache.cached("demo", ("x",), build) == "value"
    assert build.calls == 2


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_is_neither_read_nor_written(cache_dir: Path) -> None:
    cache_dir.mkdir(parents=True)
    os.chmod(cache_dir, 0o777)
    build = Builder({"a": 1})
    diskcache.cached("demo", ("x",), build)
    diskcache.cached("demo", ("x",), build)
    assert build.calls == 2
    assert list(cache_dir.iterdir()) == []


def test_a_link_in_place_of_the_cache_file_is_not_read(cache_dir: Path, tmp_path: Path) -> None:
    build = Builder({"a": 1})
    diskcache.cached("demo", ("x",), build)
    (path,) = cache_dir.iterdir()
    decoy = tmp_path / "decoy.json"
    decoy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    path.unlink()
    path.symlink_to(decoy)
    diskcache.cached("demo", ("x",), build)
    assert build.calls == 2
    assert decoy.read_text(encoding="utf-8")  # the link's target was not written through
    assert not path.is_symlink()  # the atomic write replaced the link itself


@pytest.mark.parametrize("value", [(1, 2), {1: "int key"}, datetime.date(2026, 1, 1), float("nan")])
def test_values_json_would_change_are_not_stored(cache_dir: Path, value: object) -> None:
    build = Builder(value)
    assert diskcache.cached("demo", ("x",), build) is value
    assert not cache_dir.exists() or list(cache_dir.iterdir()) == []


def test_aisec_no_cache_turns_it_off(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AISEC_NO_CACHE", "1")
    build = Builder({"a": 1})
    diskcache.cached("demo", ("x",), build)
    diskcache.cached("demo", ("x",), build)
    assert build.calls == 2
    assert not cache_dir.exists()


def test_scans_with_and_without_the_cache_find_the_same(aisec, keys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "settings.py").write_text(f'OPENAI_API_KEY = "{keys.openai_project()}"\n', encoding="utf-8")
    cache = tmp_path / "c"
    runs = [
        aisec("scan", str(tree), "--format", "json", env={"AISEC_CACHE_DIR": str(cache)}),
        aisec("scan", str(tree), "--format", "json", env={"AISEC_CACHE_DIR": str(cache)}),
        aisec("scan", str(tree), "--format", "json", env={"AISEC_NO_CACHE": "1"}),
    ]
    assert [r.code for r in runs] == [1, 1, 1]
    found = [[f["rule_id"] for f in json.loads(r.stdout)["findings"]] for r in runs]
    assert found[0] == found[1] == found[2] and found[0]
    assert any(p.name.startswith("rules-") for p in (cache / __version__).iterdir())
