"""redact with targets that overlap: the mapping or the output named as an input, one as the other,
the output folder inside (or equal to) the folder redacted. Each was accepted and ended with the
originals in a file meant to be clean, or the input replaced without --in-place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult

Aisec = Callable[..., CliResult]
TEXT = "Please mail ola.nordmann@posteo.net about the invoice.\n"
MAIL = "ola.nordmann@posteo.net"


def _folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text(TEXT, encoding="utf-8")
    (data / "b.txt").write_text("Call kari.hansen@posteo.net.\n", encoding="utf-8")
    return data


def _clean_error(result: CliResult) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.code == 2, (result.code, result.stderr)
    assert result.stderr.startswith("aisec: error:"), result.stderr


@pytest.mark.parametrize("mode", [["--in-place"], [], ["-o", "same"]])
def test_map_named_as_the_input_is_refused(tmp_path: Path, aisec: Aisec, mode: list[str]) -> None:
    """``redact --in-place x.txt --map x.txt --force``: the file meant to be redacted ended up
    holding the mapping, the originals in clear, and the redacted text was lost."""
    (tmp_path / "x.txt").write_text(TEXT, encoding="utf-8")
    argv = [a if a != "same" else "x.txt" for a in mode]
    result = aisec("redact", "x.txt", *argv, "--map", "x.txt", "--force", cwd=tmp_path)
    _clean_error(result)
    assert "--map" in result.stderr
    assert (tmp_path / "x.txt").read_text(encoding="utf-8") == TEXT


def test_map_named_as_the_output_is_refused(tmp_path: Path, aisec: Aisec) -> None:
    """``redact y.txt -o z.txt --map z.txt --force``: the "redacted" output was the mapping,
    every original in clear."""
    (tmp_path / "y.txt").write_text(TEXT, encoding="utf-8")
    result = aisec("redact", "y.txt", "-o", "z.txt", "--map", "z.txt", "--force", cwd=tmp_path)
    _clean_error(result)
    assert not (tmp_path / "z.txt").exists()


def test_map_named_as_one_file_of_the_output_folder_is_refused(tmp_path: Path, aisec: Aisec) -> None:
    _folder(tmp_path)
    result = aisec("redact", "data", "-o", "out", "--map", "out/a.txt", "--force", cwd=tmp_path)
    _clean_error(result)
    assert not (tmp_path / "out" / "a.txt").exists() or MAIL not in (tmp_path / "out" / "a.txt").read_text("utf-8")


def test_map_through_a_link_to_the_input_is_refused(tmp_path: Path, aisec: Aisec) -> None:
    (tmp_path / "x.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "m.json").symlink_to("x.txt")
    result = aisec("redact", "--in-place", "x.txt", "--map", "m.json", "--force", cwd=tmp_path)
    _clean_error(result)
    assert (tmp_path / "x.txt").read_text(encoding="utf-8") == TEXT


def test_output_named_as_the_input_is_refused(tmp_path: Path, aisec: Aisec) -> None:
    """``redact a.txt -o a.txt`` rewrote the input without --in-place (and with no mapping the
    originals were gone)."""
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = aisec("redact", "a.txt", "-o", "a.txt", cwd=tmp_path)
    _clean_error(result)
    assert "--in-place" in result.stderr
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == TEXT


def test_output_folder_equal_to_the_input_folder_is_refused(tmp_path: Path, aisec: Aisec) -> None:
    data = _folder(tmp_path)
    result = aisec("redact", "data", "-o", "data", cwd=tmp_path)
    _clean_error(result)
    assert (data / "a.txt").read_text(encoding="utf-8") == TEXT


def test_output_folder_inside_the_input_folder_is_not_read_back(tmp_path: Path, aisec: Aisec) -> None:
    """A second ``redact data -o data/clean`` redacted the first run's output into
    data/clean/clean (and a third into data/clean/clean/clean)."""
    data = _folder(tmp_path)
    for _ in range(2):
        result = aisec("redact", "data", "-o", "data/clean", cwd=tmp_path)
        assert "Traceback" not in result.stderr, result.stderr
        assert result.code == 0, result.stderr
    assert sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()) == [
        "a.txt", "b.txt", "clean/a.txt", "clean/b.txt"]
    assert (data / "clean" / "a.txt").read_text(encoding="utf-8") == "Please mail [EMAIL_1] about the invoice.\n"
    assert "in 2 file(s)" in result.stderr
