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
    document = parse_file_document(path.read_text(encoding="utf-8"), path.name, True)
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
    """Runs compile bundled patterns without re-checking them; the full check runs here."""
    from aisec_cli.core.regex import check_re2_subset
    from aisec_cli.prompts.ruleset import bundled as injection_rules
    from aisec_cli.secrets.engine import default_engine

    engine = default_engine()
    assert engine.rules
    for rule in engine.rules:
        check_re2_subset(rule.pattern, rule.id)
    compiled = injection_rules()
    assert compiled.patterns
    for pattern in compiled.patterns:
        for regex in (pattern.regex, pattern.unless_before, pattern.unless_after, pattern.require_after, pattern.unless_within):
            if regex is not None:
                check_re2_subset(regex.pattern, pattern.pid)


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

    from aisec_cli.core.yamlio import safe_load

    path = rules_dir() / verifiers.FILE_NAME
    document = safe_load(path.read_text(encoding="utf-8"), trusted=True)
    verifiers._validate(document, path.name)  # the schema check bundled() leaves to the tests
    assert set(document["verifiers"]) == set(verifiers.bundled())


def test_bundled_sample_values_pass_their_schema() -> None:
    from aisec_cli.secrets.samples import SAMPLES_FILE, parse_samples, published_sample_digests

    path = rules_dir() / SAMPLES_FILE
    if not path.exists():
        pytest.skip("no sample-values file in this checkout")
    assert parse_samples(path.read_text(encoding="utf-8"), path.name) == published_sample_digests()
