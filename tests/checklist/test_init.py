"""``aisec init``: each step shown, skippable, appended, never clobbering; then the checklist passes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aisec_cli.checklist.policy import load_policy
from aisec_cli.core.yamlio import safe_load
from aisec_cli.init_project import Action, apply, plan_gitignore, plan_precommit, plan_policy
from tests.checklist.conftest import run_cli
from tests.checklist.repos import AS_OF, install_hook, make_repo


def _status(repo: Path, item: str) -> str:
    run = run_cli("checklist", str(repo), "--as-of", AS_OF, "-f", "json", "--no-history")
    return next(i["status"] for i in json.loads(run.stdout)["extra"]["items"] if i["id"] == item)


def test_init_on_a_bare_project_makes_keys_items_pass(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"main.py": "print('hi')\n"}).path
    assert _status(repo, "CHK02") == "FAIL"
    assert _status(repo, "CHK03") == "FAIL"
    run = run_cli("init", str(repo), "--yes")
    assert run.code == 0, run.stderr
    for step in ("[gitignore]", "[pre-commit]", "[policy]"):
        assert step in run.stdout
    assert "+ .env" in run.stdout  # every addition is shown
    assert _status(repo, "CHK02") == "PASS"
    assert _status(repo, "CHK03") == "WARN"  # configured, not yet installed in this clone
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    assert _status(repo, "CHK03") == "PASS"
    policy = load_policy(repo)
    assert policy is not None and policy.keys is None  # the template is valid and claims nothing
    config = safe_load((repo / ".pre-commit-config.yaml").read_text())
    hooks = [h["id"] for r in config["repos"] for h in r["hooks"]]
    assert hooks == ["aisec-secrets", "aisec-secrets-push", "aisec-secrets-commit-msg", "aisec-lint"]


def test_second_run_changes_nothing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"main.py": "x = 1\n"}).path
    run_cli("init", str(repo), "-y")
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git/" not in p.as_posix()}
    again = run_cli("init", str(repo), "-y")
    assert again.code == 0
    assert again.stdout.count("already") == 3
    after = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git/" not in p.as_posix()}
    assert before == after


def test_existing_files_are_appended_never_clobbered(tmp_path: Path) -> None:
    gitignore = "# build output\ndist/\n.env*\n*.pem"  # no final newline, .env already covered
    precommit = (
        "# team hooks\n"
        "repos:\n"
        "- repo: https://github.com/psf/black\n"
        "  rev: 24.8.0\n"
        "  hooks:\n"
        "  - id: black   # formatter\n"
        "\n"
        "# pre-commit.ci settings\n"
        "ci:\n"
        "  autoupdate_schedule: monthly\n"
    )
    policy = "version: 1\nowner: me@example.com\n"
    repo = make_repo(tmp_path / "r", {".gitignore": gitignore, ".pre-commit-config.yaml": precommit, ".aisec/policy.yaml": policy}).path
    run = run_cli("init", str(repo), "-y")
    assert run.code == 0, run.stderr
    new_gitignore = (repo / ".gitignore").read_text()
    assert new_gitignore.startswith(gitignore + "\n")
    added = new_gitignore[len(gitignore) :].split()
    assert ".env" not in added and ".env.*" not in added and "*.pem" not in added  # already covered
    assert "*.key" in added and "credentials.json" in added
    new_precommit = (repo / ".pre-commit-config.yaml").read_text()
    assert new_precommit.startswith("# team hooks\nrepos:\n- repo: https://github.com/psf/black\n")
    assert new_precommit.endswith("# pre-commit.ci settings\nci:\n  autoupdate_schedule: monthly\n")
    data = safe_load(new_precommit)
    assert [r["repo"] for r in data["repos"]] == ["https://github.com/psf/black", "https://github.com/aisec-dev/aisec"]
    assert data["ci"] == {"autoupdate_schedule": "monthly"}
    assert "- repo: https://github.com/aisec-dev/aisec" in new_precommit.splitlines()  # same indent as the others
    assert (repo / ".aisec/policy.yaml").read_text() == policy
    assert _status(repo, "CHK02") == "PASS"
    install_hook(repo)
    assert _status(repo, "CHK03") == "PASS"


def test_dry_run_and_skip(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"main.py": "x = 1\n"}).path
    dry = run_cli("init", str(repo), "--dry-run")
    assert dry.code == 0 and "dry run" in dry.stdout
    assert not (repo / ".gitignore").exists() and not (repo / ".aisec").exists()
    skipped = run_cli("init", str(repo), "-y", "--skip", "policy,pre-commit")
    assert skipped.code == 0
    assert (repo / ".gitignore").exists()
    assert not (repo / ".pre-commit-config.yaml").exists() and not (repo / ".aisec").exists()
    bad = run_cli("init", str(repo), "--skip", "docs")
    assert bad.code == 2 and "unknown step" in bad.stderr


@pytest.mark.parametrize(
    "text",
    [
        "repos: []\n",
        "repos: [unclosed\n",
        "- just\n- a list\n",
    ],
)
def test_files_aisec_cannot_extend_safely_are_left_alone(tmp_path: Path, text: str) -> None:
    (tmp_path / ".pre-commit-config.yaml").write_text(text)
    step = plan_precommit(tmp_path)
    assert step.action is Action.MANUAL
    assert "aisec-secrets" in step.addition  # shown for the user to paste
    run = run_cli("init", str(tmp_path), "-y", "--skip", "gitignore,policy")
    assert run.code == 0
    assert (tmp_path / ".pre-commit-config.yaml").read_text() == text


def test_existing_aisec_hooks_are_recognised(tmp_path: Path) -> None:
    (tmp_path / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: https://github.com/aisec-dev/aisec\n    rev: v0.0.9\n    hooks:\n      - id: aisec-secrets\n"
    )
    assert plan_precommit(tmp_path).action is Action.UNCHANGED


def test_config_without_repos_gets_a_repos_list(tmp_path: Path) -> None:
    (tmp_path / ".pre-commit-config.yaml").write_text("default_stages: [pre-commit]\n")
    step = plan_precommit(tmp_path, rev="v9.9.9")
    assert step.action is Action.APPEND
    apply(step)
    data = safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    assert data["default_stages"] == ["pre-commit"]
    assert data["repos"][0]["rev"] == "v9.9.9"


def test_apply_refuses_a_file_changed_since_the_plan(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("dist/\n")
    step = plan_gitignore(tmp_path)
    (tmp_path / ".gitignore").write_text("dist/\nbuild/\n")
    with pytest.raises(FileExistsError):
        apply(step)
    assert (tmp_path / ".gitignore").read_text() == "dist/\nbuild/\n"
    created = plan_policy(tmp_path)
    (tmp_path / ".aisec").mkdir()
    (tmp_path / ".aisec" / "policy.yaml").write_text("version: 1\n")
    with pytest.raises(FileExistsError):
        apply(created)
    assert (tmp_path / ".aisec" / "policy.yaml").read_text() == "version: 1\n"
