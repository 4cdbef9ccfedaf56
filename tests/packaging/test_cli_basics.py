"""What every installation must do: version, ``python -m``, colour control, shell completion, docs in sync."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from aisec_cli import __version__
from tests.conftest import REPO_ROOT, CliResult
from tests.keyfactory import KeyFactory

ANSI = "\x1b["


def test_version_flags(aisec: Callable[..., CliResult]) -> None:
    for flag in ("--version", "-V"):
        result = aisec(flag)
        assert result.code == 0 and result.stdout == f"aisec {__version__}\n"


def test_version_comes_from_one_place() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "aisec_cli/__init__.py"
    assert project["project"]["scripts"]["aisec"] == "aisec_cli.cli:main"


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "aisec_cli", "rules"], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "KEY001" in out.stdout


@pytest.fixture
def leaky(tmp_path: Path, keys: KeyFactory) -> Path:
    (tmp_path / "app.py").write_text(f"OPENAI_API_KEY = \"{keys.openai_project()}\"\n")
    return tmp_path


def _env(no_color: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color is not None:
        env["NO_COLOR"] = no_color
    return env


def _scan(leaky: Path, *args: str, no_color: str | None = None, fmt: str = "table") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aisec_cli", "scan", "--format", fmt, *args, "app.py"],
        cwd=leaky, capture_output=True, text=True, env=_env(no_color),
    )


@pytest.mark.parametrize("fmt", ["table", "hook"])
def test_color_always_colours_and_never_does_not(leaky: Path, fmt: str) -> None:
    coloured = _scan(leaky, "--color", "always", fmt=fmt)
    plain = _scan(leaky, "--color", "never", fmt=fmt)
    assert coloured.returncode == plain.returncode == 1
    assert ANSI in coloured.stdout
    assert ANSI not in plain.stdout
    # same content once the escapes are gone
    assert "app.py:1:" in plain.stdout or "app.py:1" in plain.stdout


def test_auto_colour_is_off_when_not_a_terminal_and_under_no_color(leaky: Path) -> None:
    assert ANSI not in _scan(leaky, "--color", "auto").stdout  # stdout is a pipe
    assert ANSI not in _scan(leaky, no_color="1").stdout
    # NO_COLOR set to anything non-empty disables auto colour even on a terminal (checked in-process)
    from aisec_cli.cli.common import use_color

    saved = os.environ.get("NO_COLOR")
    os.environ["NO_COLOR"] = "yes"
    try:
        assert use_color("auto") is False
        assert use_color("never") is False
        assert use_color("always") is True  # an explicit flag wins over the environment
    finally:
        if saved is None:
            del os.environ["NO_COLOR"]
        else:
            os.environ["NO_COLOR"] = saved


def test_color_from_environment_and_bad_value(leaky: Path) -> None:
    env = _env(None) | {"AISEC_COLOR": "always"}
    out = subprocess.run(
        [sys.executable, "-m", "aisec_cli", "scan", "app.py"], cwd=leaky, capture_output=True, text=True, env=env
    )
    assert ANSI in out.stdout
    bad = _scan(leaky, "--color", "sometimes")
    assert bad.returncode == 2 and "--color" in bad.stderr


def test_bash_completion_completes_subcommands_and_options(tmp_path: Path) -> None:
    def complete(words: str, cword: int) -> list[str]:
        env = os.environ | {"_AISEC_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
        out = subprocess.run([sys.executable, "-m", "aisec_cli"], cwd=tmp_path, capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
        return out.stdout.split()

    assert complete("aisec sc", 1) == ["scan"]
    assert "install" in complete("aisec hooks ", 2)
    assert "--pre-push" in complete("aisec hooks install --p", 3)


def test_completion_script_can_be_printed(aisec: Callable[..., CliResult]) -> None:
    result = aisec("--show-completion", "bash")
    assert result.code == 0
    assert "_AISEC_COMPLETE" in result.stdout and "complete " in result.stdout


@pytest.mark.parametrize(("shell", "marker"), [("zsh", "compdef"), ("fish", "complete --command aisec"), ("bash", "complete -o")])
def test_a_named_shell_is_the_one_printed(aisec: Callable[..., CliResult], shell: str, marker: str) -> None:
    """Not the shell of the parent processes (none in CI or a container: "Shell  not supported")."""
    result = aisec("--show-completion", shell)
    assert result.code == 0, result.stderr
    assert marker in result.stdout and "_AISEC_COMPLETE" in result.stdout


def test_readme_help_blocks_are_in_sync() -> None:
    """Fails when a subcommand's --help changed and docs/reference.md was not regenerated."""
    out = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "update_readme_help.py"), "--check"],
        capture_output=True, text=True, cwd=REPO_ROOT,
    )
    assert out.returncode == 0, out.stdout + out.stderr + "\nrun: python scripts/update_readme_help.py"
