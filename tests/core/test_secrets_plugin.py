"""The core borrows two things from the secrets engine without importing it: the masking net's
key finder and the detect-secrets baseline reader (aisec_cli/secrets/plugin.py registers them).

Each case runs in a fresh interpreter (the test session has them registered by conftest), with
the key handed over in an environment variable: never a key-shaped literal in the tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from hashlib import sha1
from pathlib import Path

from tests.conftest import REPO_ROOT, CliResult
from tests.keyfactory import KeyFactory


def fresh(code: str, key: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    env.update({"PYTHONPATH": str(REPO_ROOT), "KEY_UNDER_TEST": key})
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd or REPO_ROOT, timeout=300
    )


MASK = """
import os, sys, warnings
{setup}
from aisec_cli.core import evidence
key = os.environ["KEY_UNDER_TEST"]
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    out = evidence.mask_keys(f"client = Client('{{key}}')")
print("masked" if key not in out and key[8:20] not in out else "LEAKED")
for w in caught:
    print(w.category.__name__, w.message)
"""


def test_without_a_key_finder_the_net_fails_closed_and_says_so(keys: KeyFactory) -> None:
    out = fresh(MASK.format(setup="import aisec_cli.lint.engine, aisec_cli.prompts.engine"), keys.openai_project())
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "masked"
    assert len(lines) > 1 and lines[1].startswith("MaskingDegraded aisec: no key finder is registered"), lines


def test_text_without_a_key_needs_no_finder() -> None:
    code = "from aisec_cli.core.evidence import mask_keys\nprint(mask_keys('prompt_extraction and friends'))"
    out = fresh(code, "")
    assert out.returncode == 0 and out.stdout.strip() == "prompt_extraction and friends", out.stderr


def test_every_entry_point_registers_the_key_finder(keys: KeyFactory) -> None:
    key = keys.anthropic()
    for setup in (
        "import aisec_cli.api",
        "from aisec_cli.cli.application import build_app; build_app('lint')",
        "from aisec_cli.hooks_run import check_reports; check_reports([], None, ())",
    ):
        out = fresh(MASK.format(setup=setup), key)
        assert out.returncode == 0, (setup, out.stderr)
        assert out.stdout.strip() == "masked", (setup, out.stdout)  # and no warning


WORKER = """
import multiprocessing, os
from concurrent.futures import ProcessPoolExecutor
from aisec_cli.core import evidence, parallel
from aisec_cli.secrets import plugin
plugin.install()
key = os.environ["KEY_UNDER_TEST"]
with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=parallel._start_worker,
                         initargs=(evidence.key_finder(), None, ())) as pool:
    out = pool.submit(evidence.mask_keys, f"the key {key} and the word prompt_v2_template").result()
print("masked" if key not in out and "prompt_v2_template" in out else "LEAKED OR DEGRADED: " + out[-30:])
"""


def test_a_spawned_worker_gets_the_key_finder(keys: KeyFactory) -> None:
    """A platform without fork starts workers afresh: the pool hands the finder over."""
    out = fresh(WORKER, keys.google())
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "masked"


def _detect_secrets_repo(root: Path, key: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "app.py").write_text(f'k = "{key}"\n', encoding="utf-8")
    baseline = {
        "version": "1.5.0",
        "plugins_used": [],
        "filters_used": [],
        "results": {"app.py": [{"type": "OpenAI Token", "filename": "app.py",
                                "hashed_secret": sha1(key.encode()).hexdigest(),
                                "is_verified": False, "line_number": 1}]},
    }
    (root / ".secrets.baseline").write_text(json.dumps(baseline), encoding="utf-8")
    return root


def test_without_the_reader_a_detect_secrets_baseline_is_an_error_not_ignored(tmp_path: Path, keys: KeyFactory) -> None:
    root = _detect_secrets_repo(tmp_path / "repo", keys.openai_project())
    code = (
        "from pathlib import Path\nfrom aisec_cli.core import baseline\nfrom aisec_cli.core.errors import ConfigError\n"
        "try:\n    baseline.load(Path('.secrets.baseline'))\nexcept ConfigError as exc:\n    print('error:', exc)\n"
    )
    out = fresh(code, "", cwd=root)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("error: baseline file .secrets.baseline: a detect-secrets baseline, and no reader")


def test_detect_secrets_baseline_honoured_by_the_cli_the_hook_and_the_api(
    tmp_path: Path, keys: KeyFactory, aisec: Callable[..., CliResult]
) -> None:
    key = keys.openai_project()
    root = _detect_secrets_repo(tmp_path / "repo", key)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    plain = aisec("scan", "app.py", "--format", "json", cwd=root)
    assert plain.code == 1 and json.loads(plain.stdout)["findings"], plain.stderr
    flag = aisec("scan", "app.py", "--baseline", ".secrets.baseline", "--format", "json", cwd=root)
    assert flag.code == 0 and json.loads(flag.stdout)["findings"] == [], flag.stderr
    (root / ".aisec.toml").write_text('baseline = ".secrets.baseline"\n', encoding="utf-8")
    hook = aisec("hooks", "run", "--only", "secrets", "app.py", cwd=root)
    assert hook.code == 0 and hook.stdout == "", (hook.stdout, hook.stderr)
    api = fresh(
        "from aisec_cli.api import scan_paths\nr = scan_paths(['app.py'])\n"
        "print(len(r.findings), [f.suppression for f in r.suppressed])",
        "", cwd=root,
    )
    assert api.returncode == 0, api.stderr
    assert api.stdout.strip() == "0 ['baseline']"
