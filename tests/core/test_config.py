"""Configuration discovery, validation and precedence."""

from __future__ import annotations

from pathlib import Path

import pytest

from aisec_cli.core.config import load_settings, parse_size
from aisec_cli.core.errors import ConfigError
from aisec_cli.core.findings import Severity


def test_defaults_need_no_config(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings.config_path is None and settings.fail_on is Severity.INFO


def test_pyproject_table_is_found_from_a_subfolder(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "pyproject.toml", '[tool.aisec]\nfail-on = "high"\nexclude = ["vendor/**"]\nmax-file-size = "2MB"\n')
    (tmp_path / "src").mkdir()
    settings = load_settings(tmp_path / "src")
    assert settings.fail_on is Severity.HIGH
    assert settings.exclude == ("vendor/**",)
    assert settings.max_file_size == 2 * 1024 * 1024


def test_pyproject_without_table_is_skipped_for_aisec_toml(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    write(tmp_path / ".aisec.toml", 'fail-on = "critical"\n')
    assert load_settings(tmp_path).fail_on is Severity.CRITICAL


def test_yaml_config(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / ".aisec.yaml", "fail-on: medium\nlint:\n  sanitizers: [bleach.clean]\n")
    settings = load_settings(tmp_path)
    assert settings.fail_on is Severity.MEDIUM
    assert settings.section("lint")["sanitizers"] == ["bleach.clean"]


@pytest.mark.parametrize(
    "content,needle",
    [
        ("fail_onn = 'high'\n", "unknown key 'fail_onn'"),
        ("fail-on = 'severe'\n", "fail-on"),
        ("max-file-size = 'huge'\n", "max-file-size"),
        ("exclude = 3\n", "exclude"),
        ("[scan]\nbogus = 1\n", "scan.bogus"),
        ("not toml at all [\n", "cannot parse"),
    ],
)
def test_invalid_config_names_the_key(tmp_path: Path, write, content: str, needle: str) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / ".aisec.toml", content)
    with pytest.raises(ConfigError, match=needle.replace(".", r"\.")):
        load_settings(tmp_path)


def test_unsafe_yaml_tags_are_refused(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / ".aisec.yaml", "fail-on: !!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(ConfigError):
        load_settings(tmp_path)


def test_sizes() -> None:
    assert parse_size("512KB") == 512 * 1024
    assert parse_size(3) == 3 * 1024 * 1024
    assert parse_size("1GB") == 1024**3
