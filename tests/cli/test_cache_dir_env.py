"""``$AISEC_CACHE_DIR`` must name one folder: a relative value would follow the current folder
(a hook runs in every repository: it would litter each one, and get scanned there)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult
from tests.keyfactory import KeyFactory


def _project(tmp_path: Path, keys: KeyFactory) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    (work / "app.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\n', encoding="utf-8")
    return work


def test_a_relative_cache_dir_is_not_used(tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    work = _project(tmp_path, keys)
    home = tmp_path / "home"
    home.mkdir()
    env = {"AISEC_CACHE_DIR": "relcache", "HOME": str(home), "XDG_CACHE_HOME": ""}
    for _ in range(2):
        result = aisec("scan", ".", cwd=work, env=env)
        assert result.code == 1, result.stderr  # the scan itself is unaffected
        assert "KEY" in result.stdout
    assert not (work / "relcache").exists()
    assert sorted(p.name for p in work.iterdir()) == ["app.env"]
    assert not (home / ".cache").exists()  # not silently redirected either: the cache is off


def test_a_cache_dir_starting_with_a_tilde_is_the_home_folder(
    tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    work = _project(tmp_path, keys)
    home = tmp_path / "home"
    home.mkdir()
    result = aisec("scan", ".", cwd=work, env={"AISEC_CACHE_DIR": "~/aisec-cache", "HOME": str(home)})
    assert result.code == 1, result.stderr
    assert not (work / "~").exists()
    assert any((home / "aisec-cache").rglob("*.json"))


def test_an_absolute_cache_dir_is_used(tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory) -> None:
    work = _project(tmp_path, keys)
    cache = tmp_path / "cache"
    result = aisec("scan", ".", cwd=work, env={"AISEC_CACHE_DIR": str(cache)})
    assert result.code == 1, result.stderr
    assert any(cache.rglob("*.json"))
