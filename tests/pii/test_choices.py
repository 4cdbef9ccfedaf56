"""One configuration for the command line and the Python API (`[tool.aisec.redact]`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aisec_cli.core.errors import UsageError
from aisec_cli.pii.api import redact_text
from aisec_cli.pii.choices import RedactTarget, choose_mode
from tests.pii.factory import PiiFactory

F = PiiFactory(seed=31)

CONFIG = """
[tool.aisec.redact]
entities = ["EMAIL"]
operator = "mask"
"""


def _project(tmp_path: Path) -> tuple[Path, str, str]:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    card = F.card("4", 16)
    text = f"Write to ines.kohl@posteo.net about card {card}.\n"
    (project / "note.txt").write_text(text, encoding="utf-8")
    return project, text, card


def test_api_and_cli_read_the_same_redact_section(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project, text, card = _project(tmp_path)
    from_api = redact_text(text, root=project)
    from_cli = aisec("redact", "note.txt", cwd=project)
    assert from_cli.code == 0, from_cli.stderr
    assert from_api.text == from_cli.stdout
    assert "ines.kohl@posteo.net" not in from_api.text and "*" in from_api.text  # masked, not tagged
    assert card in from_api.text  # only EMAIL is configured
    assert from_api.entities == ("EMAIL",)


def test_api_arguments_take_precedence_over_the_file(tmp_path: Path) -> None:
    project, text, card = _project(tmp_path)
    result = redact_text(text, root=project, entities="EMAIL,CREDIT_CARD", operator="replace")
    assert result.text == "Write to [EMAIL_1] about card [CREDIT_CARD_1].\n"
    assert card not in result.text


def test_without_a_config_file_everything_is_looked_for(tmp_path: Path) -> None:
    card = F.card("4", 16)
    result = redact_text(f"mail ines.kohl@posteo.net card {card}", root=tmp_path)
    assert result.text == "mail [EMAIL_1] card [CREDIT_CARD_1]"


@pytest.mark.parametrize(
    ("destination", "expected"),
    [
        (RedactTarget(), ("stdout", False)),
        (RedactTarget(check=True), ("check", False)),
        (RedactTarget(in_place=True), ("in-place", False)),
        (RedactTarget(output=Path("out")), ("output", False)),
        (RedactTarget(write_baseline=True), ("check", False)),
        (RedactTarget(report=True, report_on_stdout=True), ("check", True)),
        (RedactTarget(report=True, report_on_stdout=False), ("stdout", False)),
    ],
)
def test_mode_from_the_destination(destination: RedactTarget, expected: tuple[str, bool]) -> None:
    assert choose_mode(destination, None) == expected


def test_conflicting_destinations_are_refused() -> None:
    with pytest.raises(UsageError, match="--in-place and --check cannot be combined"):
        choose_mode(RedactTarget(in_place=True, check=True), None)
    with pytest.raises(UsageError, match="--write-baseline"):
        choose_mode(RedactTarget(output=Path("o"), write_baseline=True), None)
    with pytest.raises(UsageError, match="--map needs the redacted text"):
        choose_mode(RedactTarget(report=True, report_on_stdout=True), Path("m.map"))
