"""Property tests: the config, policy and baseline loaders load or raise AisecError, nothing else.

Inputs are arbitrary text (surrogates, control characters, BOMs anywhere) and arbitrary
JSON-shaped data under the real key names; each example has a deadline, so a parse that
backtracks or expands without bound fails the test instead of stalling it.
"""

from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aisec_cli.checklist.policy import load_policy, validate
from aisec_cli.core import baseline
from aisec_cli.core.config import _SCALAR_KEYS, _SECTION_KEYS, SECTIONS, load_settings
from aisec_cli.core.errors import AisecError

validate({"version": 1}, "warm-up")  # the schema and jsonschema load once, outside any deadline

PROPERTY = settings(
    max_examples=60,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],
)
BOMS = ["", "\ufeff", "\ufffe", "\x00", "\u200b"]
RAW_BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"]
ANY_TEXT = st.text(alphabet=st.characters(codec=None, categories=None), max_size=300)
SNIPPETS = st.sampled_from(
    [
        "[tool.aisec]\n", "[tool.aisec.scan]\n", "[tool.aisec.policy]\n", "version = 1\n", "version: 1\n",
        "max-file-size = ", "exclude = [", "fail-on: ", "&a ", "*a ", "!!python/object ", "{", "[[", "'''",
        '"entries": [', '{"version": 1, ', "- ", "  ", "\t", "\r\n", "\x00", "\ud800", "\x1b[31m",
        "2026-02-30", "1e308", "nan", "inf", "-5", "0", "true", "~", "null",
    ]
)
TEXTS = st.lists(st.one_of(ANY_TEXT, SNIPPETS), max_size=12).map("".join)


def _bytes(text: str, bom: bytes) -> bytes:
    return bom + text.encode("utf-8", "surrogatepass")


KEYS = st.sampled_from(sorted({*_SCALAR_KEYS, *SECTIONS, "bogus", "verify", "entries", "version", "keys"}))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    ANY_TEXT,
    st.sampled_from(["10MB", "0", "-5", "high", "banana", "2026-01-31", "KEY001", "a.py"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.one_of(KEYS, st.text(max_size=8)), inner, max_size=4),
    max_leaves=20,
)


def _section_tables() -> st.SearchStrategy[dict[str, Any]]:
    inner_keys = {name: sorted(keys) + ["bogus"] for name, keys in _SECTION_KEYS.items()}
    return st.sampled_from(sorted(inner_keys)).flatmap(
        lambda name: st.dictionaries(st.sampled_from(inner_keys[name]), VALUES, max_size=3).map(lambda t: {name: t})
    )


TABLES = st.one_of(st.dictionaries(KEYS, VALUES, max_size=5), _section_tables())


def _settles(action: Any) -> None:
    """``action()`` returns, or raises an AisecError with a one-line message."""
    try:
        action()
    except AisecError as exc:
        assert "\n" not in str(exc), str(exc)


@PROPERTY
@given(text=TEXTS, bom=st.sampled_from(RAW_BOMS), name=st.sampled_from([".aisec.toml", ".aisec.yaml", "pyproject.toml"]))
def test_config_loader_on_arbitrary_text(text: str, bom: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / name).write_bytes(_bytes(text, bom))
        _settles(lambda: load_settings(root))


@PROPERTY
@given(table=TABLES, prefix=st.sampled_from(BOMS))
def test_config_loader_on_arbitrary_tables(table: dict[str, Any], prefix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / ".aisec.yaml").write_text(prefix + json.dumps(table), encoding="utf-8")
        _settles(lambda: load_settings(root))


@PROPERTY
@given(text=TEXTS, bom=st.sampled_from(RAW_BOMS), suffix=st.sampled_from([".yaml", ".json", ".toml"]))
def test_policy_loader_on_arbitrary_text(text: str, bom: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / f"policy{suffix}"
        path.write_bytes(_bytes(text, bom))
        _settles(lambda: load_policy(root, path))


@PROPERTY
@given(data=st.dictionaries(st.sampled_from(["version", "owner", "keys", "revoked_leaks", "budgets", "monitoring", "rate_limiting", "data_classification", "bogus"]), VALUES, max_size=5))
def test_policy_loader_on_arbitrary_data(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / "policy.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        _settles(lambda: load_policy(root, path))
        _settles(lambda: load_policy(root, None, data))


@PROPERTY
@given(text=TEXTS, bom=st.sampled_from(RAW_BOMS))
def test_baseline_loader_on_arbitrary_text(text: str, bom: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "baseline.json"
        path.write_bytes(_bytes(text, bom))
        _settles(lambda: baseline.load(path))


@PROPERTY
@given(data=st.one_of(VALUES, st.fixed_dictionaries({"version": st.sampled_from([1, "1.0", 2]), "entries": VALUES}), st.fixed_dictionaries({"version": st.just("1.5.0"), "results": VALUES})))
def test_baseline_loader_on_arbitrary_data(data: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "baseline.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        _settles(lambda: baseline.load(path))
