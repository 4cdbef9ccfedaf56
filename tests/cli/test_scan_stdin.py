"""``aisec scan -``: standard input scanned like one file (like ``aisec prompts -``)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult
from tests.keyfactory import KeyFactory


def test_scan_reads_standard_input(aisec: Callable[..., CliResult], tmp_path: Path, keys: KeyFactory) -> None:
    key = keys.openai_project()
    result = aisec("scan", "-f", "json", "-", cwd=tmp_path, stdin=f'import os\nclient_key = "{key}"\n')
    assert result.code == 1, result.stderr
    report = json.loads(result.stdout)
    (finding,) = report["findings"]
    assert finding["rule_id"] == "KEY001"
    assert finding["location"]["path"] == "<stdin>" and finding["location"]["line"] == 2
    assert key not in result.stdout and key not in result.stderr
    assert report["stats"]["files_scanned"] == 1


def test_scan_standard_input_clean_and_suppressed(aisec: Callable[..., CliResult], tmp_path: Path, keys: KeyFactory) -> None:
    assert aisec("scan", "-", cwd=tmp_path, stdin="nothing here\n").code == 0
    key = keys.openai_project()
    result = aisec("scan", "-f", "json", "-", cwd=tmp_path, stdin=f'k = "{key}"  # aisec: ignore[KEY001] test value\n')
    assert result.code == 0
    assert len(json.loads(result.stdout)["suppressed"]) == 1


def test_scan_standard_input_reads_the_project_configuration(
    aisec: Callable[..., CliResult], tmp_path: Path, keys: KeyFactory
) -> None:
    (tmp_path / ".aisec.toml").write_text('ignore = ["KEY001"]\n', encoding="utf-8")
    result = aisec("scan", "-f", "json", "-", cwd=tmp_path, stdin=f'k = "{keys.openai_project()}"\n')
    assert result.code == 0 and json.loads(result.stdout)["findings"] == []


def test_scan_standard_input_binary_and_oversized_are_skipped(aisec: Callable[..., CliResult], tmp_path: Path) -> None:
    binary = subprocess.run(
        [sys.executable, "-m", "aisec_cli", "scan", "-f", "json", "-"],
        input=b"\x00\x01binary", capture_output=True, cwd=tmp_path, timeout=120,
    )
    report = json.loads(binary.stdout)
    assert binary.returncode == 0 and [e["kind"] for e in report["errors"]] == ["skipped"]
    big = aisec("scan", "-f", "json", "--max-file-size", "1", "-", cwd=tmp_path, stdin="x" * 2_000_000)
    assert [e["kind"] for e in json.loads(big.stdout)["errors"]] == ["skipped"]


def test_scan_standard_input_cannot_be_combined(aisec: Callable[..., CliResult], tmp_path: Path) -> None:
    with_path = aisec("scan", "-", ".", cwd=tmp_path, stdin="x")
    assert with_path.code == 2 and "standard input" in with_path.stderr and "Traceback" not in with_path.stderr
    with_git = aisec("scan", "--history", "-", cwd=tmp_path, stdin="x")
    assert with_git.code == 2 and "standard input" in with_git.stderr
