"""``aisec lint --diff`` exits 1 when fixes are pending; ``--fix`` writes through the engine."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult
from tests.keyfactory import KeyFactory


def _app(root: Path, key: str) -> Path:
    path = root / "app.py"
    path.write_text(f'from openai import OpenAI\n\nclient = OpenAI(api_key="{key}", timeout=5)\n', encoding="utf-8")
    return path


def test_diff_exits_one_while_fixes_are_pending(aisec: Callable[..., CliResult], tmp_path: Path, keys: KeyFactory) -> None:
    key = keys.openai_project()
    app = _app(tmp_path, key)
    before = app.read_text(encoding="utf-8")
    result = aisec("lint", "--isolated", "--diff", ".", cwd=tmp_path)
    assert result.code == 1, result.stderr
    assert '+client = OpenAI(api_key=os.environ["OPENAI_API_KEY"], timeout=5)' in result.stdout
    assert key not in result.stdout and key not in result.stderr
    assert app.read_text(encoding="utf-8") == before and not (tmp_path / ".env.example").exists()
    assert aisec("lint", "--isolated", "--diff", "--exit-zero", ".", cwd=tmp_path).code == 0


def test_diff_exits_zero_with_nothing_to_fix(aisec: Callable[..., CliResult], tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text("import os\nprint(os.environ['HOME'])\n", encoding="utf-8")
    result = aisec("lint", "--isolated", "--diff", ".", cwd=tmp_path)
    assert result.code == 0 and result.stdout == ""
    assert "no mechanical fixes" in result.stderr


def test_fix_writes_atomically_keeps_mode_then_diff_is_clean(
    aisec: Callable[..., CliResult], tmp_path: Path, keys: KeyFactory
) -> None:
    key = keys.openai_project()
    app = _app(tmp_path, key)
    os.chmod(app, 0o640)
    fixed = aisec("lint", "--isolated", "--fix", ".", cwd=tmp_path)
    assert fixed.code == 0, fixed.stderr
    assert "fixed 1 file(s)" in fixed.stderr
    assert key not in app.read_text(encoding="utf-8")
    assert stat.S_IMODE(app.stat().st_mode) == 0o640
    assert (tmp_path / ".env.example").read_text(encoding="utf-8") == "OPENAI_API_KEY=\n"
    assert not [p.name for p in tmp_path.iterdir() if p.name not in {"app.py", ".env.example"}]  # no temp files left
    assert aisec("lint", "--isolated", "--diff", ".", cwd=tmp_path).code == 0
