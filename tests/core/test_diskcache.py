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


# -- pruning: entries of other versions and old keys do not pile up --------------------------

DAY = 24 * 3600


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This version's folder in aisec's own base folder ($XDG_CACHE_HOME/aisec): other
    versions' folders there are aisec's too."""
    monkeypatch.delenv("AISEC_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "aisec" / __version__


def _entry(folder: Path, purpose: str, n: int, age_days: float) -> Path:
    """A cache file as aisec names it (``<purpose>-<32 hex>.json``), last used ``age_days`` ago."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"{purpose}-{n:032x}.json"
    path.write_text('{"key":"' + "0" * 64 + '","data":1}', encoding="utf-8")
    when = os_time() - age_days * DAY
    os.utime(path, (when, when))
    return path


def os_time() -> float:
    import time

    return time.time()


def test_old_versions_and_unused_keys_are_pruned_when_a_run_writes(own_cache: Path) -> None:
    base = own_cache.parent
    old_version = base / "0.0.1"
    stale_old = _entry(old_version, "rules", 1, 90)
    recent_other = _entry(base / "9.9.9", "rules", 2, 1)  # another aisec in use now: kept
    stale_here = _entry(own_cache, "rules", 3, 90)
    used_here = _entry(own_cache, "rules", 4, 2)
    diskcache.cached("demo", ("x",), Builder({"a": 1}))
    assert not stale_old.exists() and not old_version.exists()  # emptied, then removed
    assert recent_other.exists()
    assert not stale_here.exists()
    assert used_here.exists()
    assert len([p for p in own_cache.iterdir() if p.name.startswith("demo-")]) == 1


def test_only_aisec_files_are_ever_removed(own_cache: Path, tmp_path: Path) -> None:
    base = own_cache.parent
    old_version = base / "0.0.1"
    _entry(old_version, "rules", 1, 90)
    note = old_version / "notes.txt"
    note.write_text("mine", encoding="utf-8")
    os.utime(note, (os_time() - 90 * DAY,) * 2)
    other_tool = base / "not-a-version"
    _entry(other_tool, "rules", 2, 90)
    outside = tmp_path / "outside.json"
    outside.write_text("{}", encoding="utf-8")
    link = own_cache / f"rules-{5:032x}.json"
    own_cache.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside)
    os.utime(link, (os_time() - 90 * DAY,) * 2, follow_symlinks=False)
    sub = own_cache / f"rules-{6:032x}.json.d"
    sub.mkdir()
    diskcache.cached("demo", ("x",), Builder({"a": 1}))
    assert note.exists() and old_version.is_dir()  # a file aisec did not write keeps its folder
    assert [p.name for p in old_version.iterdir()] == ["notes.txt"]
    assert (other_tool / f"rules-{2:032x}.json").exists()  # not a version folder: never looked in
    assert link.is_symlink() and outside.exists()
    assert sub.is_dir()


def test_a_hit_keeps_its_entry_in_use(cache_dir: Path) -> None:
    build = Builder({"a": 1})
    diskcache.cached("demo", ("x",), build)
    (path,) = cache_dir.iterdir()
    os.utime(path, (os_time() - 90 * DAY,) * 2)
    assert diskcache.cached("demo", ("x",), build) == {"a": 1}  # a hit: read, and marked as used
    diskcache.cached("demo", ("y",), build)  # a write: the pruning runs
    assert path.exists()
    assert build.calls == 2


def test_at_most_max_entries_are_kept_the_least_recently_used_go(cache_dir: Path) -> None:
    for n in range(diskcache.MAX_ENTRIES + 10):
        _entry(cache_dir, "rules", n, 20 - n / 100)  # the lower n, the older
    diskcache.cached("demo", ("x",), Builder({"a": 1}))
    names = sorted(p.name for p in cache_dir.iterdir())
    assert len(names) == diskcache.MAX_ENTRIES
    assert f"demo-" in names[0]
    assert f"rules-{0:032x}.json" not in names and f"rules-{diskcache.MAX_ENTRIES + 9:032x}.json" in names


def test_left_over_temporary_files_of_a_stopped_write_go_after_a_while(cache_dir: Path) -> None:
    cache_dir.mkdir(parents=True)
    old_tmp = cache_dir / f".rules-{1:032x}.json.k3j2h1.aisec-tmp"
    new_tmp = cache_dir / f".rules-{2:032x}.json.a8s7d6.aisec-tmp"
    for path, age in ((old_tmp, 2), (new_tmp, 0)):
        path.write_text("{", encoding="utf-8")
        os.utime(path, (os_time() - age * DAY,) * 2)
    diskcache.cached("demo", ("x",), Builder({"a": 1}))
    assert not old_tmp.exists()
    assert new_tmp.exists()  # perhaps another run writing it right now


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_no_pruning_in_a_base_folder_others_can_write(own_cache: Path) -> None:
    base = own_cache.parent
    stale_old = _entry(base / "0.0.1", "rules", 1, 90)
    os.chmod(base, 0o777)
    diskcache.cached("demo", ("x",), Builder({"a": 1}))
    assert stale_old.exists()


def test_concurrent_runs_prune_and_write_without_errors(tmp_path: Path) -> None:
    import subprocess
    import sys

    cache = tmp_path / "xdg" / "aisec"
    for n in range(diskcache.MAX_ENTRIES + 20):
        _entry(cache / __version__, "rules", n, 40)
        _entry(cache / "0.0.1", "rules", n, 40)
    script = (
        "import sys\n"
        "from aisec_cli.core import diskcache\n"
        "for i in range(40):\n"
        "    v = diskcache.cached('demo', (sys.argv[1], str(i)), lambda: {'n': i})\n"
        "    assert v == {'n': i}, v\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "AISEC_CACHE_DIR"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(w)], env=env, stderr=subprocess.PIPE, text=True) for w in range(3)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    names = [p.name for p in (cache / __version__).iterdir()]
    assert len(names) <= diskcache.MAX_ENTRIES
    assert not (cache / "0.0.1").exists()
    assert not [n for n in names if n.endswith(".aisec-tmp")]


def test_a_scan_prunes_an_old_version_folder(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cache = tmp_path / "xdg" / "aisec"
    stale = _entry(cache / "0.0.1", "rules", 1, 90)
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "a.py").write_text("x = 1\n", encoding="utf-8")
    result = aisec("scan", str(tmp_path / "tree"), env={"XDG_CACHE_HOME": str(tmp_path / "xdg")})
    assert result.code == 0, result.stderr
    assert not stale.exists() and not (cache / "0.0.1").exists()
    assert any(p.name.startswith("rules-") for p in (cache / __version__).iterdir())


def test_a_base_folder_the_user_named_is_pruned_in_this_versions_folder_only(cache_dir: Path) -> None:
    """$AISEC_CACHE_DIR may be shared with other programs: a version-named folder there may be theirs."""
    base = cache_dir.parent
    theirs = _entry(base / "2.0", "cache", 1, 90)
    stale_here = _entry(cache_dir, "rules", 3, 90)
    diskcache.cached("demo", ("x",), Builder({"a": 1}))
    assert theirs.exists()
    assert not stale_here.exists()
