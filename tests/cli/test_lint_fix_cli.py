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


def _fix(cwd: Path, *argv: str) -> CliResult:
    """The real command line with a hang guard (a FIFO opened for writing blocks for ever)."""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    done = subprocess.run([sys.executable, "-m", "aisec_cli", "lint", "--isolated", *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    return CliResult(done.returncode, done.stdout, done.stderr)


def test_fix_never_replaces_a_link(tmp_path: Path, keys: KeyFactory) -> None:
    """A link to a file of the tree was replaced by a fixed copy (the link gone from the
    repository); one leading out of the tree, followed with --follow-links, likewise."""
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    app = _app(tree, keys.openai_project())
    _app(outside, keys.openai_project())
    os.symlink("app.py", tree / "alias.py")
    os.symlink(outside / "app.py", tree / "out.py")
    outside_before = (outside / "app.py").read_bytes()
    result = _fix(tree, "--fix", "--follow-links", ".")
    assert "Traceback" not in result.stderr
    assert os.path.islink(tree / "alias.py") and os.readlink(tree / "alias.py") == "app.py"
    assert os.path.islink(tree / "out.py") and (outside / "app.py").read_bytes() == outside_before
    assert 'os.environ["OPENAI_API_KEY"]' in app.read_text(encoding="utf-8")  # the target, under its own name
    assert "alias.py" in result.stderr and "link" in result.stderr


def test_fix_never_writes_into_a_fifo_env_example(tmp_path: Path, keys: KeyFactory) -> None:
    app = _app(tmp_path, keys.openai_project())
    os.mkfifo(tmp_path / ".env.example")
    result = _fix(tmp_path, "--fix", ".")
    assert "Traceback" not in result.stderr
    assert stat.S_ISFIFO(os.lstat(tmp_path / ".env.example").st_mode)
    assert ".env.example" in result.stderr
    assert 'os.environ["OPENAI_API_KEY"]' in app.read_text(encoding="utf-8")
