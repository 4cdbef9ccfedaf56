"""FIFOs never block a run: skipped when discovery meets one, and when one is swapped in late."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    return env


@pytest.mark.parametrize("command", ["scan", "lint", "prompts"])
def test_fifo_in_a_folder_and_named_is_skipped(command: str, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "ok.py").write_text("x = 1\n")
    os.mkfifo(tree / "pipe.py")
    for target in (["tree"], ["tree/pipe.py", "tree/ok.py"]):
        out = subprocess.run(
            [sys.executable, "-m", "aisec_cli", command, "-f", "json", *target],
            cwd=tmp_path, capture_output=True, text=True, timeout=60, env=_env(),
        )  # the timeout is the hang guard
        assert "Traceback" not in out.stderr, out.stderr[-800:]
        errors = json.loads(out.stdout)["errors"]
        pipe = [e for e in errors if e["path"].endswith("pipe.py")]
        assert len(pipe) == 1 and "not a regular file" in pipe[0]["message"], errors
        if target == ["tree"]:  # met in a walk: a documented skip (named on the command line it may be an error)
            assert pipe[0]["kind"] == "skipped"


def test_file_swapped_for_a_fifo_after_stat_does_not_block(tmp_path: Path) -> None:
    """stat() says regular file, open() meets a FIFO with no writer: skipped, not waited on."""
    script = textwrap.dedent(
        """
        import os, sys
        from aisec_cli.sources import files
        fifo = sys.argv[1]
        os.mkfifo(fifo)
        regular = os.stat(sys.argv[2])
        real_stat = os.stat
        def lying_stat(path, *args, **kwargs):
            return regular if os.fspath(path) == fifo else real_stat(path, *args, **kwargs)
        os.stat = lying_stat  # the race: the file was regular when stat() looked
        result = files.read(files.Target(fifo, "swapped.py"), 1 << 20)
        print(type(result).__name__, getattr(result, "kind", ""), getattr(result, "message", ""))
        """
    )
    (tmp_path / "regular.py").write_text("x = 1\n")
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "swapped.py"), str(tmp_path / "regular.py")],
        capture_output=True, text=True, timeout=30, env=_env(),
    )
    assert out.returncode == 0, out.stderr[-800:]
    assert out.stdout.startswith("ScanError skipped not a regular file"), out.stdout
