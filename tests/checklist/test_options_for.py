"""options_for: the checklist configuration with the command line's choices on top (CLI and API share it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aisec_cli.checklist.options import options_for
from aisec_cli.core.config import load_settings
from aisec_cli.core.errors import ConfigError


def _settings(tmp_path: Path, body: str):  # type: ignore[no-untyped-def]
    (tmp_path / "pyproject.toml").write_text(body, encoding="utf-8")
    return load_settings(tmp_path)


def test_configuration_alone(tmp_path: Path) -> None:
    settings = _settings(tmp_path, '[tool.aisec.checklist]\nstrict = true\nmin-score = 70\nfail-on = "warn"\nhistory = false\n')
    options = options_for(settings, "2024-05-01")
    assert (options.strict, options.min_score, options.fail_on, options.history) == (True, 70.0, "warn", False)
    assert options.as_of == dt.date(2024, 5, 1)


def test_given_values_go_on_top(tmp_path: Path) -> None:
    settings = _settings(tmp_path, '[tool.aisec.checklist]\nmin-score = 70\nfail-on = "warn"\n')
    options = options_for(settings, fail_on="manual", strict=True, min_score=90, policy=tmp_path / "p.yaml", history=False)
    assert (options.fail_on, options.strict, options.min_score) == ("manual", True, 90.0)
    assert (options.policy_path, options.history) == (tmp_path / "p.yaml", False)
    assert options.as_of == dt.date.today()


def test_bad_given_values_are_errors(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "")
    with pytest.raises(ConfigError, match="--fail-on"):
        options_for(settings, fail_on="sometimes")
    with pytest.raises(ConfigError, match="--min-score"):
        options_for(settings, min_score=101)
