"""The loaders of aisec's own files: depth bounds, no YAML aliases, typed config values."""

from __future__ import annotations

from pathlib import Path

import pytest

from aisec_cli.core import baseline
from aisec_cli.core.config import load_settings, parse_size
from aisec_cli.core.errors import ConfigError
from aisec_cli.core.ownfiles import nesting_depth, parse_json, parse_toml, parse_yaml
from aisec_cli.core.rules import load_rules
from aisec_cli.core.yamlio import MAX_DEPTH, YAMLError, safe_load

DEEP = 100_000


def test_nesting_depth_is_iterative() -> None:
    value: list[object] = []
    for _ in range(DEEP):
        value = [value]
    assert nesting_depth(value) == DEEP + 1
    assert nesting_depth({"a": [1, {"b": 2}]}) == 3


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (parse_toml, "a = " + "[" * DEEP + "]" * DEEP),
        (parse_toml, "a = " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5)),
        (parse_json, "[" * DEEP + "]" * DEEP),
        (parse_json, "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5)),
        (parse_yaml, "[" * DEEP + "]" * DEEP),
        (parse_yaml, "- " * (MAX_DEPTH + 5) + "x"),
    ],
)
def test_deep_nesting_is_a_config_error(parse, text: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match="nesting deeper than"):
        parse(text, "f")


def test_moderate_nesting_still_loads() -> None:
    text = "[" * 50 + "]" * 50
    assert nesting_depth(parse_json(text, "f")) == 50
    assert nesting_depth(parse_yaml(text, "f")) == 50
    assert nesting_depth(parse_toml("a = " + text, "f")) == 51


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: &x [1, 2]\n",
        "base: &b {k: 1}\nother:\n  <<: *b\n",
    ],
)
def test_yaml_aliases_and_anchors_are_refused(text: str) -> None:
    with pytest.raises(YAMLError, match="not allowed"):
        safe_load(text)
    assert safe_load(text, trusted=True) is not None


def test_alias_bomb_is_refused_fast() -> None:
    bomb = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}" if i else "lol"] * 9) + "]\n" for i in range(12))
    with pytest.raises(ConfigError, match="anchors"):
        parse_yaml(bomb, "bomb.yaml")


def test_unsafe_tags_are_still_refused() -> None:
    with pytest.raises(ConfigError, match="cannot parse"):
        parse_yaml("a: !!python/object/apply:os.system ['true']\n", "x.yaml")


def test_yaml_errors_are_one_line() -> None:
    with pytest.raises(ConfigError) as info:
        parse_yaml("a: [unclosed\n", "x.yaml")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e308, -5, 0, "0MB", "-5", "0.0001B", True, [1], "9" * 40])
def test_bad_sizes(value: object) -> None:
    with pytest.raises(ConfigError, match="max-file-size"):
        parse_size(value)


@pytest.mark.parametrize(("value", "size"), [(10, 10 << 20), ("512KB", 512 << 10), ("1GB", 1 << 30), (0.5, 1 << 19), ("1TB", 1 << 40)])
def test_good_sizes(value: object, size: int) -> None:
    assert parse_size(value) == size


def test_config_file_that_is_a_list_or_scalar(tmp_path: Path) -> None:
    (tmp_path / ".aisec.yaml").write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="expected a table"):
        load_settings(tmp_path)
    (tmp_path / ".aisec.yaml").write_text("1: x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a string"):
        load_settings(tmp_path)


def test_pyproject_tool_aisec_not_a_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool]\naisec = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[tool.aisec\] must be a table"):
        load_settings(tmp_path)


def test_verify_keeps_its_key_when_boolean(tmp_path: Path) -> None:
    (tmp_path / ".aisec.toml").write_text("[scan]\nverify = true\n", encoding="utf-8")
    assert load_settings(tmp_path).section("scan")["verify"] is True


def test_baseline_deep_and_wrong_shapes(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text("[" * DEEP + "]" * DEEP, encoding="utf-8")
    with pytest.raises(ConfigError, match="nesting"):
        baseline.load(path)
    path.write_text('{"version": "1.0", "results": []}', encoding="utf-8")
    with pytest.raises(ConfigError, match="detect-secrets"):
        baseline.load(path)
    path.write_bytes(b'{"version": 1, "entries": []}\xff')
    with pytest.raises(ConfigError, match="not UTF-8"):
        baseline.load(path)


def test_rule_file_with_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("version: 1\nfamily: secrets\nrules: &r []\nmore: *r\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="r.yaml"):
        load_rules("secrets", [path])


def test_config_knows_every_key_the_engines_read() -> None:
    """The central key table and each engine's own list must not drift apart."""
    from aisec_cli.checklist import options as checklist_options
    from aisec_cli.core.config import _SECTION_KEYS
    from aisec_cli.lint import run as lint_run
    from aisec_cli.prompts import run as prompts_run

    assert set(_SECTION_KEYS["lint"]) == set(lint_run._SECTION_KEYS)
    assert set(_SECTION_KEYS["prompts"]) == set(prompts_run._SECTION_KEYS)
    assert set(_SECTION_KEYS["checklist"]) == set(checklist_options._KEYS)


def test_config_knows_every_redact_and_scan_key_the_commands_read() -> None:
    import re as _re

    from aisec_cli.core.config import _SECTION_KEYS

    package = Path(__file__).resolve().parents[2] / "aisec_cli"
    code = "\n".join(p.read_text(encoding="utf-8") for p in sorted(package.rglob("*.py")))
    # redact's keys are read where its choices are made (pii/choices.py: section = _section(settings))
    choices = (package / "pii" / "choices.py").read_text(encoding="utf-8")
    redact = set(_re.findall(r'(?:\bsection|_section\(settings\))\.get\("([\w-]+)"', choices))
    scan = set(_re.findall(r'section\("scan"\)\.get\("([\w-]+)"\)', code))
    assert redact and redact <= set(_SECTION_KEYS["redact"])
    assert scan and scan <= set(_SECTION_KEYS["scan"])


def test_every_accepted_config_key_is_read_by_the_engine_that_owns_it() -> None:
    """No key is accepted and then ignored: each section key is read in its engine's code."""
    from aisec_cli.core.config import _SCALAR_KEYS, _SECTION_KEYS

    package = Path(__file__).resolve().parents[2] / "aisec_cli"
    owners = {
        "scan": ("secrets", "cli/scan.py", "core/pipeline.py"),
        "lint": ("lint",),
        "prompts": ("prompts",),
        "redact": ("pii",),
        "checklist": ("checklist", "cli/checklist.py"),
    }

    def text_of(parts: tuple[str, ...]) -> str:
        files = [p for part in parts for p in ([package / part] if part.endswith(".py") else sorted((package / part).rglob("*.py")))]
        return "\n".join(p.read_text(encoding="utf-8") for p in files)

    unread = []
    for section, parts in owners.items():
        code = text_of(parts)
        for key in _SECTION_KEYS[section]:
            if f'"{key}"' not in code and f'"{key.replace("-", "_")}"' not in code:
                unread.append(f"[tool.aisec.{section}] {key}")
    # top-level keys become Settings fields in core/config.py: read there beyond the declaration
    config_code = (package / "core" / "config.py").read_text(encoding="utf-8")
    for key in _SCALAR_KEYS:
        if config_code.count(f'"{key}"') < 2:
            unread.append(f"[tool.aisec] {key}")
    assert not unread, unread
