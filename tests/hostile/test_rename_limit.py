"""``diff.renameLimit = 0`` (unlimited, in the scanned repository's config or the user's own)
makes git compare every deleted file with every added one in a commit that moves many files:
quadratic work before the first line comes out (3,000 moved files: 2.6 s of git for one commit;
30,000: minutes). aisec's history and staged diffs use git's default limit whatever the config
says: above it git shows the moved files as added, which only means more lines read (a key in a
moved file is seen again at its new path), never fewer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import git
from tests.keyfactory import KeyFactory

FILES = 1100  # above git's default limit (1000)


def _aisec(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    return subprocess.run([sys.executable, "-m", "aisec_cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, stdin=subprocess.DEVNULL)


def test_history_uses_gits_default_rename_limit(git_repo: Path, keys: KeyFactory) -> None:
    (git_repo / "old").mkdir()
    for n in range(FILES):
        (git_repo / "old" / f"f{n}.txt").write_text(f"file {n}\nsecond line {n}\n", encoding="utf-8")
    (git_repo / "old" / "k.env").write_text(f'ANTHROPIC_API_KEY="{keys.anthropic()}"\nX=1\n', encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "files")
    (git_repo / "new").mkdir()
    for path in (git_repo / "old").iterdir():  # moved, renamed and edited: the costly kind of rename
        (git_repo / "new" / f"moved_{path.name}").write_text(path.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
        path.unlink()
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "move")
    git(git_repo, "config", "diff.renameLimit", "0")
    done = _aisec(git_repo, "scan", "--history", "-f", "json", ".")
    assert done.returncode == 1, done.stderr
    [finding] = json.loads(done.stdout)["findings"]
    seen = {finding["location"]["path"], *(o["path"] for o in finding["properties"].get("other_locations", []))}
    assert seen == {"old/k.env", "new/moved_k.env"}, finding
