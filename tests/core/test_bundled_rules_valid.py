"""The bundled rule files are valid against their schemas: runs load them without re-checking."""

from __future__ import annotations

import subprocess
import sys

import pytest

from aisec_cli.core.errors import ConfigError
from aisec_cli.core.rules import FAMILIES, bundled_rules, parse_file_document, rules_dir, validate


@pytest.mark.parametrize("family", FAMILIES)
def test_bundled_rule_file_passes_its_schema(family: str) -> None:
    path = rules_dir() / f"{family}.yaml"
    document = parse_file_document(path.read_text(encoding="utf-8"), path.name)
    validate(document, family, path.name)  # raises ConfigError on the first schema error
    assert len(bundled_rules(family)) > 0


def test_schema_check_still_runs_for_a_users_rule_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from aisec_cli.core.rules import load_rules

    bad = tmp_path / "mine.yaml"
    bad.write_text("rules:\n  - id: KEY901\n    name: mine\n    severity: loud\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid rule file"):
        load_rules("secrets", [bad])


def test_loading_bundled_rules_does_not_import_jsonschema() -> None:
    code = (
        "import sys\n"
        "from aisec_cli.core.rules import all_rules\n"
        "assert all_rules()\n"
        "print('jsonschema' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_bundled_patterns_pass_the_re2_subset_check() -> None:
    """Runs compile bundled rules without re-checking them; the full check runs here."""
    from aisec_cli.prompts.ruleset import compile_rules, vocabulary
    from aisec_cli.secrets.engine import load_macros
    from aisec_cli.secrets.model import compile_rule

    macros = load_macros()
    secrets = [compile_rule(rule, macros, trusted=False) for rule in bundled_rules("secrets")]
    assert secrets
    compiled = compile_rules(bundled_rules("injection"), vocabulary(()), trusted=frozenset())
    assert compiled.patterns


def test_a_user_rule_is_still_checked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from aisec_cli.secrets.engine import build_engine

    bad = tmp_path / "mine.yaml"
    bad.write_text(
        "version: 1\n"
        "family: secrets\n"
        "rules:\n"
        "  - id: KEY901\n"
        "    name: mine-lookaround\n"
        "    title: mine\n"
        "    severity: high\n"
        "    kind: prefix\n"
        "    pattern: '(?<=x)(?P<secret>abc[0-9]{10})'\n"
        "    docs: {what: x, why: y}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="look-around"):
        build_engine([bad])


def test_bundled_verifier_table_passes_its_schema() -> None:
    from aisec_cli.secrets import verifiers

    path = rules_dir() / verifiers.FILE_NAME
    table = verifiers.parse(path.read_text(encoding="utf-8"), path.name)  # schema-checked here
    assert table and table == dict(verifiers.bundled())
