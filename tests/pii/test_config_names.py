"""A ``name:`` key in a configuration document (a CI workflow, a compose file, a Kubernetes
manifest, an Ansible playbook) names a job, a step, a service or a resource, not a person; the
same key in a record of people (customers, authors) still holds a person's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from aisec_cli.pii import PiiConfig, detect

WORKFLOW = """\
name: Upload Python Package

on:
  release:
    types: [published]

jobs:
  deploy:
    name: Build Release Artifacts
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Set up Python
        uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Run Pytest
        run: pytest -q
      - name: Run E2E tests with Playwright
        run: npx playwright test
"""

COMPOSE = """\
services:
  web:
    image: nginx:1.27
    container_name: frontend
    depends_on: [api]
  api:
    build: .
    labels:
      - name: Billing Service
"""

MANIFEST = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: Order Router
spec:
  template:
    spec:
      containers:
        - name: Main Worker
          image: registry.test/router:2
"""

PLAYBOOK = """\
- hosts: webservers
  become: true
  tasks:
    - name: Install Nginx Server
      apt:
        name: nginx
    - name: Restart Nginx Daemon
      service:
        name: nginx
        state: restarted
"""


def persons(text: str, path: str = "") -> list[str]:
    return [text[d.start : d.end] for d in detect(text, PiiConfig(path=path)) if d.entity == "PERSON"]


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (WORKFLOW, ".github/workflows/release.yml"),
        (WORKFLOW, ""),  # the same document on standard input
        (COMPOSE, "compose.yaml"),
        (MANIFEST, "deploy/router.yaml"),
        (PLAYBOOK, "site.yml"),
    ],
)
def test_names_in_configuration_documents_are_not_people(text: str, path: str) -> None:
    assert persons(text, path) == []


def test_people_in_a_yaml_record_keep_their_names() -> None:
    customers = "customers:\n  - name: Jane Doe\n    email: jane@mail.test\n  - name: Omar Haddad\n    tier: gold\n"
    assert persons(customers, "customers.yaml") == ["Jane Doe", "Omar Haddad"]
    authors = "liqli:\n  name: Liqun Li\n  url: https://people.test/liqli\n  title: Researcher\n"
    assert persons(authors, "authors.yml") == ["Liqun Li"]


def test_a_person_under_a_named_key_in_a_workflow_still_counts() -> None:
    """Only the bare ``name`` key is the document's own naming; a committer's name is a person's."""
    text = WORKFLOW + "      - uses: ci/commit@v1\n        with:\n          author_name: Jane Doe\n"
    assert persons(text, ".github/workflows/release.yml") == ["Jane Doe"]


def test_redact_check_on_a_workflow_file(aisec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "publish.yml").write_text(WORKFLOW, encoding="utf-8")
    result = aisec("redact", "--check", str(workflows / "publish.yml"), cwd=tmp_path)
    assert result.code == 0, result.stdout + result.stderr


def test_code_keeps_its_own_rules() -> None:
    """Only YAML and plain text are read as configuration documents: in code the same key
    words (args:, command:) are a function's, and a name under them is judged as before."""
    code = "const spec = {\n  args: { dry: true },\n  name: 'Jane Doe',\n};\n"
    assert persons(code, "people.ts") == persons(code.replace("args", "flags"), "people.ts")
