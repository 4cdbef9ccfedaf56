"""Compiled dataclass methods kept between runs (core/codecache.py): reused, refused when not
trusted, and the classes they build behave exactly like the ones dataclasses compiles itself."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from aisec_cli import __version__
from aisec_cli.core import codecache

ROOT = Path(__file__).resolve().parents[2]
# Runs the command line's set-up, then defines a few dataclasses and describes them.
DRIVER = """
import dataclasses, inspect, json, sys
from aisec_cli.core import codecache
if sys.argv[1] == "install":
    codecache.install()

@dataclasses.dataclass(frozen=True, slots=True)
class Point:
    x: int
    y: "tuple[str, ...]" = dataclasses.field(default_factory=tuple)

@dataclasses.dataclass(order=True)
class Version:
    major: int
    minor: int = 0

p = Point(1, ("a",))
try:
    p.x = 2
    frozen = "assigned"
except dataclasses.FrozenInstanceError as exc:
    frozen = type(exc).__name__
try:
    Point()
    missing = ""
except TypeError as exc:
    missing = str(exc)
print(json.dumps({
    "repr": repr(p),
    "eq": p == Point(1, ("a",)),
    "hash": hash(Point(1)) == hash(Point(1)),
    "frozen": frozen,
    "missing": missing,
    "signature": str(inspect.signature(Point)),
    "init_annotations": {k: repr(v) for k, v in Point.__init__.__annotations__.items()},
    "order": sorted([Version(2), Version(1, 5)]) == [Version(1, 5), Version(2)],
    "qualname": Point.__init__.__qualname__,
    "replace": repr(dataclasses.replace(p, x=3)),
    "fields": [f.name for f in dataclasses.fields(Version)],
    "installed": "exec" in vars(dataclasses),
    "reused": codecache.Counts.reused,
    "compiled": codecache.Counts.compiled,
}))
"""


def _env(cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(ROOT), AISEC_CACHE_DIR=str(cache), **extra)
    return env


def _describe(cache: Path, mode: str = "install", **extra: str) -> dict:  # type: ignore[type-arg]
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, mode], env=_env(cache, **extra), capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    result: dict = json.loads(proc.stdout)  # type: ignore[type-arg]
    return result


def _stored(cache: Path) -> Path:
    return cache / __version__ / f"dataclass-code-{sys.implementation.cache_tag}.bin"


def _behaviour(result: dict) -> dict:  # type: ignore[type-arg]
    return {k: v for k, v in result.items() if k not in ("installed", "reused", "compiled")}


def test_the_second_run_reuses_every_method_and_the_classes_behave_the_same(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    plain = _describe(cache, "plain")
    first = _describe(cache)
    second = _describe(cache)
    assert not plain["installed"] and first["installed"] and second["installed"]
    assert first["compiled"] > 0 and first["reused"] == 0
    assert second["compiled"] == 0 and second["reused"] == first["compiled"]
    assert _behaviour(plain) == _behaviour(first) == _behaviour(second)
    # the generated __init__ keeps real annotations: no `from __future__ import annotations` leaks in
    assert plain["init_annotations"]["x"] == "<class 'int'>"
    path = _stored(cache)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0


def test_an_altered_file_is_ignored_and_written_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _describe(cache)
    path = _stored(cache)
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF  # inside the marshalled code: the digest no longer matches
    path.write_bytes(bytes(data))
    assert codecache.load(path) == {}
    again = _describe(cache)
    assert again["reused"] == 0 and again["compiled"] > 0
    assert codecache.load(path)  # rewritten whole


def test_a_file_of_another_interpreter_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _describe(cache)
    path = _stored(cache)
    data = path.read_bytes()
    path.write_bytes(b"\x00\x00\r\n" + data[4:])  # another bytecode magic number
    assert codecache.load(path) == {}
    assert _describe(cache)["reused"] == 0


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_file_others_can_write_or_a_link_is_not_read(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _describe(cache)
    path = _stored(cache)
    assert codecache.load(path)
    path.chmod(0o666)
    assert codecache.load(path) == {}
    path.chmod(0o600)
    link = path.with_name("link.bin")
    link.symlink_to(path)
    assert codecache.load(link) == {}
    fifo = path.with_name("fifo.bin")
    os.mkfifo(fifo)
    assert codecache.load(fifo) == {}  # refused at once, without waiting for a writer
    path.parent.chmod(0o777)  # a folder others can write: nothing in it is trusted
    try:
        assert _describe(cache)["reused"] == 0
    finally:
        path.parent.chmod(0o700)


def test_off_with_aisec_no_cache_and_not_written_without_bytecode(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    off = _describe(cache, AISEC_NO_CACHE="1")
    assert not off["installed"]
    no_bytecode = _describe(cache, PYTHONDONTWRITEBYTECODE="1")
    assert no_bytecode["installed"] and no_bytecode["compiled"] > 0
    assert not _stored(cache).exists()


def test_importing_aisec_as_a_library_leaves_dataclasses_alone(tmp_path: Path) -> None:
    code = "import dataclasses, aisec_cli.api, aisec_cli.cli; print('exec' in vars(dataclasses))"
    proc = subprocess.run(
        [sys.executable, "-c", code], env=_env(tmp_path / "cache"), capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_stale_modules_are_kept_until_the_file_would_grow_too_large(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = _stored(cache)
    path.parent.mkdir(parents=True, mode=0o700)
    snippet = (
        "import dataclasses, sys\n"
        "from aisec_cli.core import codecache\n"
        "codecache.MAX_BYTES = int(sys.argv[1])\n"
        "codecache.install()\n"
        "@dataclasses.dataclass\n"
        "class Sample:\n"
        "    x: int\n"
    )

    def run(limit: int) -> None:
        proc = subprocess.run(
            [sys.executable, "-c", snippet, str(limit)], env=_env(cache), capture_output=True, text=True, timeout=60, check=False
        )
        assert proc.returncode == 0, proc.stderr

    codecache.store(path, {"gone.module": b"\0" * 10})
    run(codecache.MAX_BYTES)
    assert set(codecache.load(path)) == {"gone.module", "__main__"}  # another command's classes stay
    codecache.store(path, {"gone.module": b"\0" * 50_000})
    run(path.stat().st_size + 100)  # readable, but adding this run's methods passes the limit
    assert set(codecache.load(path)) == {"__main__"}
