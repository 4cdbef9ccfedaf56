"""Hostile files that aisec reads for itself: config, policy, baselines, rule files.

Every case ends in one line ``aisec: error: ...`` and exit 2: no traceback, no hang (each
run has a time limit), no silent pass.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TIME_LIMIT = 60  # seconds; the fixed code answers each case in about one


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "aisec_cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=TIME_LIMIT,
    )


def assert_one_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith("aisec: error: "), lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]


DEPTH = 100_000


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "app.py").write_text("print('hello')\n", encoding="utf-8")
    return root


# -- 1. deep nesting ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".aisec.toml", "exclude = " + "[" * DEPTH + "]" * DEPTH + "\n"),
        ("pyproject.toml", "[tool.aisec]\nexclude = " + "[" * DEPTH + "]" * DEPTH + "\n"),
        ("pyproject.toml", "[tool.aisec]\nexclude = " + "{a=" * DEPTH + "1" + "}" * DEPTH + "\n"),
        (".aisec.yaml", "exclude: " + "[" * DEPTH + "]" * DEPTH + "\n"),
        (".aisec.yaml", "".join(" " * i + "a:\n" for i in range(2000)) + " " * 2000 + "b: 1\n"),
    ],
    ids=["toml-arrays", "pyproject-arrays", "pyproject-inline-tables", "yaml-flow", "yaml-block"],
)
def test_deeply_nested_config_is_refused(tmp_path: Path, name: str, text: str) -> None:
    root = _project(tmp_path)
    (root / name).write_text(text, encoding="utf-8")
    assert_one_error(run("scan", ".", cwd=root), name, "nesting deeper than")


def test_deeply_nested_baseline_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "base.json").write_text('{"version": 1, "entries": ' + "[" * DEPTH + "]" * DEPTH + "}", encoding="utf-8")
    assert_one_error(run("scan", ".", "--baseline", "base.json", cwd=root), "base.json", "nesting deeper than")


@pytest.mark.parametrize("suffix", ["yaml", "json", "toml"])
def test_deeply_nested_policy_is_refused(tmp_path: Path, suffix: str) -> None:
    root = _project(tmp_path)
    body = {
        "yaml": "version: 1\nkeys: " + "[" * DEPTH + "]" * DEPTH + "\n",
        "json": '{"version": 1, "keys": ' + "[" * DEPTH + "]" * DEPTH + "}",
        "toml": "version = 1\nkeys = " + "[" * DEPTH + "]" * DEPTH + "\n",
    }[suffix]
    (root / f"policy.{suffix}").write_text(body, encoding="utf-8")
    result = run("checklist", ".", "--no-history", "--policy", f"policy.{suffix}", cwd=root)
    assert_one_error(result, f"policy.{suffix}", "nesting deeper than")


# -- 2. YAML alias bombs --------------------------------------------------------------------

BOMB = "".join(
    f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}" if i else '"lol"'] * 9) + "]\n" for i in range(10)
)


def test_alias_bomb_in_yaml_config_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / ".aisec.yaml").write_text("lint:\n  sanitizers: *l9\n" + BOMB, encoding="utf-8")
    assert_one_error(run("scan", ".", cwd=root), ".aisec.yaml", "alias")
    (root / ".aisec.yaml").write_text(BOMB + "lint:\n  sanitizers: *l9\n", encoding="utf-8")
    assert_one_error(run("redact", "app.py", cwd=root), ".aisec.yaml", "not allowed")


def test_alias_bomb_in_policy_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / ".aisec").mkdir()
    (root / ".aisec" / "policy.yaml").write_text(BOMB + "version: 1\nnotes: *l9\n", encoding="utf-8")
    assert_one_error(run("checklist", ".", "--no-history", cwd=root), "policy.yaml", "not allowed")


@pytest.mark.parametrize("command", ["scan", "lint", "prompts", "redact"])
def test_alias_bomb_in_rule_file_is_refused(tmp_path: Path, command: str) -> None:
    root = _project(tmp_path)
    (root / "rules.yaml").write_text(BOMB + "version: 1\nrules: *l9\n", encoding="utf-8")
    assert_one_error(run(command, "app.py", "--rule-file", "rules.yaml", cwd=root), "rules.yaml", "not allowed")


# -- 3. wrong values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "needles"),
    [
        ('fail-on = ["high"]', ("fail-on",)),
        ('baseline = ["a.json"]', ("baseline",)),
        ("max-file-size = inf", ("max-file-size",)),
        ("max-file-size = nan", ("max-file-size",)),
        ("max-file-size = 1e308", ("max-file-size",)),
        ("max-file-size = -5", ("max-file-size",)),
        ("max-file-size = 0", ("max-file-size",)),
        ('max-file-size = "0MB"', ("max-file-size",)),
        ("jobs = 100000000", ("jobs",)),
        ('[tool.aisec.scan]\nverify = "banana"', ("scan.verify", "true or false")),
        ('[tool.aisec.scan]\nhistory-log-opts = [1, 2]', ("scan.history-log-opts",)),
        ("[tool.aisec.redact]\nbogus = 1", ("redact.bogus", "known keys", "operator")),
        ('[tool.aisec.redact]\noperator = ["mask"]', ("redact.operator", "a string")),
        ('[tool.aisec.redact]\nregion = 3', ("redact.region",)),
        ('[tool.aisec.redact]\nmin-confidence = "high"', ("redact.min-confidence",)),
        ('[tool.aisec.redact]\nallow = "x"', ("redact.allow",)),
        ("[tool.aisec.policy]\nversion = 1\nbogus = 1", ("policy.bogus", "known keys", "revoked_leaks")),
        ('[tool.aisec.lint]\nmax-file-bytes = "abc"', ("lint.max-file-bytes",)),
        ('[tool.aisec.lint]\ntest-paths = 5', ("lint.test-paths",)),
        ('[tool.aisec.prompts]\nhardening = "banana"', ("prompts.hardening",)),
        ('[tool.aisec.checklist]\nbogus = 1', ("checklist.bogus",)),
        ("scan = 3", ("[scan] must be a table",)),
        ('tool = 3', ()),
    ],
)
def test_wrong_config_values_are_errors(tmp_path: Path, table: str, needles: tuple[str, ...]) -> None:
    root = _project(tmp_path)
    head = "" if table.startswith("[") else "[tool.aisec]\n"
    text = head + table + "\n"
    if table == "tool = 3":  # a pyproject whose 'tool' is not a table: not an aisec config
        text = table + "\n"
    (root / "pyproject.toml").write_text(text, encoding="utf-8")
    result = run("scan", ".", cwd=root)
    if table == "tool = 3":
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        return
    assert_one_error(result, "pyproject.toml", *needles)


def test_max_file_size_zero_does_not_pass_the_gate(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / ".aisec.toml").write_text("max-file-size = -5\n", encoding="utf-8")
    assert_one_error(run("scan", ".", cwd=root), "max-file-size")
    (root / ".aisec.toml").unlink()
    for value in ("0", "-5", "inf", "nan", "1e308", "0KB"):
        result = run("scan", ".", cwd=root, env={"AISEC_MAX_FILE_SIZE": value})
        assert_one_error(result, "--max-file-size")


def test_non_utf8_pyproject_is_an_error(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "pyproject.toml").write_bytes(b"[tool.aisec]\nexclude = ['caf\xe9']\n")
    assert_one_error(run("scan", ".", cwd=root), "pyproject.toml", "not UTF-8")


def test_good_values_still_load(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "pyproject.toml").write_text(
        "[tool.aisec]\nmax-file-size = 2\n[tool.aisec.scan]\nverify = false\n"
        '[tool.aisec.redact]\noperator = "mask"\nallow = ["x"]\nentities = "EMAIL"\n',
        encoding="utf-8",
    )
    result = run("scan", ".", cwd=root)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("AISEC_JOBS", "banana"),
        ("AISEC_JOBS", "-3"),
        ("AISEC_EXIT_ZERO", "banana"),
        ("AISEC_FAIL_ON", "banana"),
        ("AISEC_MAX_FILE_SIZE", "lots"),
    ],
)
def test_bad_environment_values_are_one_line(tmp_path: Path, variable: str, value: str) -> None:
    root = _project(tmp_path)
    assert_one_error(run("scan", ".", cwd=root, env={variable: value}))


# -- 5. devices, FIFOs and huge files as aisec's own files ------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("scan", ".", "--config", "{}"),
        ("scan", ".", "--baseline", "{}"),
        ("scan", ".", "--rule-file", "{}"),
        ("lint", ".", "--rule-file", "{}"),
        ("prompts", "app.py", "--rule-file", "{}"),
        ("redact", "app.py", "--rule-file", "{}"),
        ("checklist", ".", "--no-history", "--policy", "{}"),
    ],
    ids=lambda a: f"{a[0]}-{a[-2]}",
)
@pytest.mark.parametrize("kind", ["device", "fifo", "folder", "huge"])
def test_own_files_are_bounded(tmp_path: Path, args: tuple[str, ...], kind: str) -> None:
    root = _project(tmp_path)
    if kind == "device":
        target = "/dev/zero"
    elif kind == "fifo":
        target = str(root / "pipe.yaml")
        os.mkfifo(target)
    elif kind == "folder":
        target = str(root / "dir.yaml")
        os.mkdir(target)
    else:
        target = str(root / "huge.yaml")
        with open(target, "wb") as handle:  # sparse: no disk used
            handle.truncate(200 * 1024 * 1024)
    result = run(*(a.replace("{}", target) for a in args), cwd=root)
    assert_one_error(result, target)


@pytest.mark.parametrize(("name", "key"), [("data.yaml", "messages"), ("promptfooconfig.yaml", "prompts")])
def test_alias_bomb_in_a_scanned_yaml_file_does_not_hang_prompts(tmp_path: Path, name: str, key: str) -> None:
    root = _project(tmp_path)
    (root / name).write_text(BOMB + f"{key}: *l9\n", encoding="utf-8")
    result = run("prompts", name, "--no-model", "-f", "json", cwd=root)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    assert "not allowed" in result.stderr  # read as plain text, with a warning saying why
